"""A survey tool's answer export, as the tool would write it for a survey file Parity wrote.

The columns come from the survey file itself (its export tags or question codes, in its own
order), and each column holds the answer to the question as the file words it (a respondent
answers what they read), so that a round trip through `parity import` tests the file: a
question the file tags wrongly or leaves out changes what comes back.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import math
import re
import xml.etree.ElementTree as ET
from typing import Any

import pandas as pd

from parity.core.instrument import Instrument

START = dt.datetime(2026, 3, 2, 9, 0, 0)
_TAG = re.compile(r"<[^>]+>")


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _times(seconds: object) -> tuple[dt.datetime, dt.datetime]:
    taken = 0.0 if pd.isna(seconds) else float(seconds)  # type: ignore[arg-type]
    return START, START + dt.timedelta(seconds=taken)


def answered(instrument: Instrument, pipe: str) -> dict[str, str]:
    """The item or open question each wording asks (``pipe`` for the other party)."""
    asked = {item.wording(pipe): item.id for item in instrument.items}
    asked.update({q.wording(pipe): q.id for q in instrument.open_questions})
    return asked


def qsf_questions(survey: dict[str, Any]) -> list[dict[str, Any]]:
    """The questions that give answer columns, in the order of the blocks in the flow."""
    elements = survey["SurveyElements"]
    payloads = {e["PrimaryAttribute"]: e["Payload"] for e in elements if e["Element"] == "SQ"}
    blocks = {b["ID"]: b for b in next(e for e in elements if e["Element"] == "BL")["Payload"]}
    flow = next(e for e in elements if e["Element"] == "FL")["Payload"]["Flow"]
    ordered = []
    for node in flow:
        if node["Type"] in ("Block", "Standard"):
            for element in blocks[node["ID"]]["BlockElements"]:
                payload = payloads[element["QuestionID"]]
                if payload["QuestionType"] != "DB":
                    ordered.append(payload)
    return ordered


def qsf_embedded(survey: dict[str, Any]) -> list[str]:
    flow = next(e for e in survey["SurveyElements"] if e["Element"] == "FL")["Payload"]["Flow"]
    return [f["Field"] for n in flow if n["Type"] == "EmbeddedData" for f in n["EmbeddedData"]]


def qualtrics_export(
    survey: dict[str, Any], frame: pd.DataFrame, instrument: Instrument, *, choice_text: bool
) -> bytes:
    """Qualtrics' current CSV export (three header rows) of answers to ``survey``: numbers
    (the recode values) or the choices' text with the embedded data piped in."""
    tool = ["StartDate", "EndDate", "Status", "Progress", "Duration (in seconds)", "Finished",
            "RecordedDate", "ResponseId", "DistributionChannel", "UserLanguage"]  # fmt: skip
    ids = ["startDate", "endDate", "status", "progress", "duration", "finished",
           "recordedDate", "_recordId", "distributionChannel", "userLanguage"]  # fmt: skip
    questions = qsf_questions(survey)
    fields = qsf_embedded(survey)
    asks = answered(instrument, "${e://Field/about}")
    names, texts, imports = list(tool), list(tool), list(ids)
    for q in questions:
        names.append(q["DataExportTag"])
        texts.append(html.unescape(_TAG.sub("", q["QuestionText"])))
        imports.append(q["QuestionID"] + ("_TEXT" if q["QuestionType"] == "TE" else ""))
    names += fields
    texts += fields
    imports += fields
    rows = [names, texts, [json.dumps({"ImportId": i}, separators=(",", ":")) for i in imports]]
    for _, answer in frame.iterrows():
        start, end = _times(answer["seconds"])
        row = [str(start), str(end), "0", "100", _text(answer["seconds"]), "1", str(end),
               str(answer["respondent"]), "anonymous", "EN"]  # fmt: skip
        for q in questions:
            value = answer[asks[html.unescape(q["QuestionText"])]]
            if q["QuestionType"] != "MC" or pd.isna(value):
                row.append(_text(value))
                continue
            choice = next(c for c, code in q["RecodeValues"].items() if int(code) == int(value))
            if choice_text:
                shown = q["Choices"][choice]["Display"]
                row.append(html.unescape(shown).replace("${e://Field/about}", answer["about"]))
            else:
                row.append(q["RecodeValues"][choice])
        row += [str(answer[field]) for field in fields]
        rows.append(row)
    return _csv(rows)


def lss_questions(text: str) -> list[dict[str, str]]:
    """The survey's questions (code, type, answer texts by code) in group, then question
    order, as LimeSurvey lays out its response table."""
    root = ET.fromstring(text.encode("utf-8"))

    def rows(name: str) -> list[dict[str, str]]:
        return [{c.tag: c.text or "" for c in r} for r in root.findall(f"{name}/rows/row")]

    groups = {r["gid"]: int(r["group_order"]) for r in rows("groups")}
    answers: dict[str, dict[str, str]] = {}
    labels = {r["aid"]: r["answer"] for r in rows("answer_l10ns")}
    texts = {r["qid"]: r["question"] for r in rows("question_l10ns")}
    for r in rows("answers"):
        answers.setdefault(r["qid"], {})[r["code"]] = labels[r["aid"]]
    questions = sorted(
        rows("questions"), key=lambda r: (groups[r["gid"]], int(r["question_order"]))
    )
    return [
        {
            "title": r["title"],
            "type": r["type"],
            "text": texts[r["qid"]],
            "answers": answers.get(r["qid"], {}),
        }  # type: ignore[dict-item]
        for r in questions
    ]


def limesurvey_export(
    text: str, frame: pd.DataFrame, instrument: Instrument, *, answer_text: bool
) -> bytes:
    """LimeSurvey's response export with question codes as headings: the answer codes, or the
    answers' full text (as stored, the Expression Manager's pipe left in)."""
    questions = lss_questions(text)
    asks = answered(instrument, "{about.shown}")
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"]
    header += [q["title"] for q in questions]
    header += ["interviewtime", "groupTime1"]
    rows = [header]
    for n, (_, answer) in enumerate(frame.iterrows(), start=1):
        start, end = _times(answer["seconds"])
        row = [str(n), str(end), "5", "en", "1234", str(start), str(end)]
        for q in questions:
            value = answer[asks.get(q["text"], q["title"])]  # party and about: their own
            if q["type"] == "L" and not pd.isna(value) and answer_text:
                row.append(q["answers"][str(int(value))])  # type: ignore[index]
            else:
                row.append(_text(value))
        row += [_text(answer["seconds"]), "12.5"]
        rows.append(row)
    return _csv(rows)
