"""Survey tool exports written the way each tool writes them, from a Parity responses frame.

The layouts are those of docs/file-formats.md, "Answers from survey tools". Each builder takes
the answers (a frame as :func:`parity.demo.demo_dataset` makes them, seconds whole) and returns
the bytes of the tool's file, with the tool's personal columns filled with made-up values so
that a test can check they never reach the output.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math

import pandas as pd
from openpyxl import Workbook

from parity.core.instrument import Instrument, Item

OTHER = "the other team"
MATRIX = "How much do you agree with each statement?"
LABELS = (
    "Strongly disagree",
    "Disagree",
    "Somewhat disagree",
    "Neither agree nor disagree",
    "Somewhat agree",
    "Agree",
    "Strongly agree",
)
START = dt.datetime(2026, 3, 2, 9, 0, 0)
SECRET_EMAIL = "someone@example.org"
SECRET_IP = "192.0.2.44"
SECRET_NAME = "Alexandrina"


def text_of(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def number(value: object) -> str:
    return "" if pd.isna(value) else str(int(value))  # type: ignore[call-overload]


def label(value: object, item: Item, other: str) -> str:
    """The choice text a tool exports: the agreement label, or for a comparison item the
    wording of its end or middle (with the other party's name) and the number elsewhere."""
    if pd.isna(value):  # type: ignore[call-overload]
        return ""
    point = int(value)  # type: ignore[call-overload]
    if not item.compares:
        return LABELS[point - 1]
    low, high = item.anchor_wording(other)
    return {1: low, 4: item.middle, 7: high}.get(point, str(point))


def labels(answer: pd.Series, instrument: Instrument) -> list[str]:
    return [label(answer[i.id], i, str(answer["about"])) for i in instrument.items]


def times(seconds: object) -> tuple[dt.datetime, dt.datetime]:
    taken = 0.0 if pd.isna(seconds) else float(seconds)  # type: ignore[arg-type]
    return START, START + dt.timedelta(seconds=taken)


def to_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def opens(instrument: Instrument, frame: pd.DataFrame) -> list[tuple[str, str]]:
    return [(q.id, q.wording(OTHER)) for q in instrument.open_questions if q.id in frame]


def qualtrics(frame: pd.DataFrame, instrument: Instrument) -> bytes:
    """The current export: names, question text, import ids; choice text answers; the party
    and about as embedded data."""
    tool = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
            "Finished", "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName",
            "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
            "DistributionChannel", "UserLanguage"]  # fmt: skip
    ids = ["startDate", "endDate", "status", "ipAddress", "progress", "duration", "finished",
           "recordedDate", "_recordId", "recipientLastName", "recipientFirstName",
           "recipientEmail", "externalDataReference", "locationLatitude", "locationLongitude",
           "distributionChannel", "userLanguage"]  # fmt: skip
    names, texts, imports = list(tool), list(tool), list(ids)
    for n, item in enumerate(instrument.items, start=1):
        names.append(f"Q1_{n}")
        texts.append(f"{MATRIX} - {item.wording(OTHER)}")
        imports.append(f"QID1_{n}")
    for n, (_, wording) in enumerate(opens(instrument, frame), start=2):
        names.append(f"Q{n}")
        texts.append(wording)
        imports.append(f"QID{n}_TEXT")
    names += ["party", "about"]
    texts += ["party", "about"]
    imports += ["party", "about"]
    rows = [names, texts, [json.dumps({"ImportId": i}, separators=(",", ":")) for i in imports]]
    for _, answer in frame.iterrows():
        start, end = times(answer["seconds"])
        row = [str(start), str(end), "0", SECRET_IP, "100", number(answer["seconds"]), "1",
               str(end), answer["respondent"], SECRET_NAME, SECRET_NAME, SECRET_EMAIL, "",
               "47.1", "7.2", "anonymous", "EN"]  # fmt: skip
        row += labels(answer, instrument)
        row += [text_of(answer[q]) for q, _ in opens(instrument, frame)]
        row += [answer["party"], answer["about"]]
        rows.append(row)
    return to_csv(rows)


def qualtrics_legacy(frame: pd.DataFrame, instrument: Instrument) -> bytes:
    """The legacy export: V1 … V10 over their labels, then the questions; numeric answers;
    the seconds from StartDate and EndDate."""
    labels = ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress",
              "IPAddress", "Status", "StartDate", "EndDate", "Finished"]  # fmt: skip
    names = [f"V{n}" for n in range(1, 11)]
    texts = list(labels)
    for n, item in enumerate(instrument.items, start=1):
        names.append(f"Q1_{n}")
        texts.append(f"{MATRIX}-{item.wording(OTHER)}")
    for n, (_, wording) in enumerate(opens(instrument, frame), start=2):
        names.append(f"Q{n}")
        texts.append(wording)
    names += ["party", "about", "LocationLatitude", "LocationLongitude", "LocationAccuracy", ""]
    texts += ["party", "about", "LocationLatitude", "LocationLongitude", "LocationAccuracy", ""]
    rows = [names, texts]
    for _, answer in frame.iterrows():
        start, end = times(answer["seconds"])
        row = [answer["respondent"], "Default Response Set", SECRET_NAME, "", SECRET_EMAIL,
               SECRET_IP, "0", str(start), str(end), "1"]  # fmt: skip
        row += [number(answer[item]) for item in instrument.item_ids]
        row += [text_of(answer[q]) for q, _ in opens(instrument, frame)]
        row += [answer["party"], answer["about"], "47.1", "7.2", "-1", ""]
        rows.append(row)
    return to_csv(rows)


def surveymonkey(frame: pd.DataFrame, instrument: Instrument) -> bytes:
    """Two header rows (the question, then Response or the matrix statement); choice text."""
    tool = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
            "Email Address", "First Name", "Last Name", "Custom Data 1"]  # fmt: skip
    first = [*tool, "party", "about", MATRIX] + [""] * (len(instrument.items) - 1)
    second = [""] * len(tool) + ["Response", "Response"]
    second += [item.wording(OTHER) for item in instrument.items]
    for _, wording in opens(instrument, frame):
        first.append(wording)
        second.append("Open-Ended Response")
    rows = [first, second]
    for _, answer in frame.iterrows():
        start, end = times(answer["seconds"])
        row = [answer["respondent"], "401234567", start.strftime("%m/%d/%Y %I:%M:%S %p"),
               end.strftime("%m/%d/%Y %I:%M:%S %p"), SECRET_IP, SECRET_EMAIL, SECRET_NAME,
               SECRET_NAME, ""]  # fmt: skip
        row += [answer["party"], answer["about"]]
        row += labels(answer, instrument)
        row += [text_of(answer[q]) for q, _ in opens(instrument, frame)]
        rows.append(row)
    return to_csv(rows)


#: The questions a Google form asks for the two parties, mapped with a mapping file.
GOOGLE_PARTY = "Which team are you in?"
GOOGLE_ABOUT = "Which team are you answering about?"


def google_forms(frame: pd.DataFrame, instrument: Instrument) -> bytes:
    """Timestamp, the e-mail address, then the questions; a grid as "Question [Row]"."""
    header = ["Timestamp", "Email address", GOOGLE_PARTY, GOOGLE_ABOUT]
    header += [f"{MATRIX} [{item.wording(OTHER)}]" for item in instrument.items]
    header += [wording for _, wording in opens(instrument, frame)]
    rows = [header]
    for _, answer in frame.iterrows():
        row = ["2026/03/02 9:00:00 AM GMT+1", SECRET_EMAIL, answer["party"], answer["about"]]
        row += labels(answer, instrument)
        row += [text_of(answer[q]) for q, _ in opens(instrument, frame)]
        rows.append(row)
    return to_csv(rows)


def microsoft_forms(frame: pd.DataFrame, instrument: Instrument) -> bytes:
    """The workbook: ID, Start time, Completion time, Email, Name, then the questions (a Likert
    question's statements by their wording); dates and numbers as Excel values."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    header = ["ID", "Start time", "Completion time", "Email", "Name", "party", "about"]
    header += [item.wording(OTHER) for item in instrument.items]
    header += [wording for _, wording in opens(instrument, frame)]
    sheet.append(header)
    for n, (_, answer) in enumerate(frame.iterrows(), start=1):
        start, end = times(answer["seconds"])
        row: list[object] = [n, start, end, SECRET_EMAIL, SECRET_NAME]
        row += [answer["party"], answer["about"]]
        row += [None if pd.isna(answer[i]) else int(answer[i]) for i in instrument.item_ids]
        row += [text_of(answer[q]) or None for q, _ in opens(instrument, frame)]
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def limesurvey(frame: pd.DataFrame, instrument: Instrument) -> bytes:
    """The response export with question codes: the array's statements as Q1[OUT1]."""
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp",
              "ipaddr", "party", "about"]  # fmt: skip
    header += [f"Q1[{item}]" for item in instrument.item_ids]
    header += [q for q, _ in opens(instrument, frame)]
    rows = [header]
    for n, (_, answer) in enumerate(frame.iterrows(), start=1):
        start, end = times(answer["seconds"])
        row = [str(n), str(end), "3", "en", "1234", str(start), str(end), SECRET_IP]
        row += [answer["party"], answer["about"]]
        row += [number(answer[item]) for item in instrument.item_ids]
        row += [text_of(answer[q]) for q, _ in opens(instrument, frame)]
        rows.append(row)
    return to_csv(rows)
