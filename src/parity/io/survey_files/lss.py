"""The instrument as a LimeSurvey survey structure file (.lss: Create survey, Import).

A .lss file is XML: ``<document>`` with ``<LimeSurveyDocType>Survey</LimeSurveyDocType>``, the
``<DBVersion>`` of the database schema it was written for, ``<languages>``, then one element per
database table (``<groups>``, ``<group_l10ns>``, ``<questions>``, ``<question_l10ns>``,
``<answers>``, ``<answer_l10ns>``, ``<question_attributes>``, ``<surveys>``,
``<surveys_languagesettings>``, ``<survey_url_parameters>``), each with its ``<fields>`` and
``<rows>``. The ids in the file (``sid``, ``gid``, ``qid``, ``aid``) only tie the rows together:
LimeSurvey gives the imported survey ids of its own.

Each page of the instrument is a question group (the survey is shown group by group). Every item
is a list (radio) question (type ``L``) whose question code (``title``) is the item id and whose
answer options are the scale's points, codes 1-7; every open question is a long free text
question (type ``T``) coded with its id. Two hidden short text questions, ``party`` and
``about``, are filled from the survey link (``…?party=Sales&about=Finance``, as LimeSurvey's
panel integration does with ``<survey_url_parameters>``), and the other party's name is piped in
with the Expression Manager as ``{about.shown}``. The response export then holds the columns
``party``, ``about``, ``OUT1`` … that `parity import` maps by name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from xml.sax.saxutils import escape

from parity.core.instrument import Instrument
from parity.io.survey_files.survey import (
    INTRO,
    LINK_FIELDS,
    choice_labels,
    scale_codes,
    survey_pages,
    survey_title,
)

#: The database version the file is written for: LimeSurvey 5 (DBVersion 480, the first
#: version is in LimeSurvey 4.0 to have the ``*_l10ns`` tables); later versions import it and
#: bring it up to date.
DB_VERSION = 480

#: How the Expression Manager pipes the answer of the hidden question ``about``.
PIPED_ABOUT = "{about.shown}"

#: The fields of each table, in the order LimeSurvey writes them.
FIELDS: dict[str, tuple[str, ...]] = {
    "answers": ("aid", "qid", "code", "sortorder", "assessment_value", "scale_id"),
    "answer_l10ns": ("id", "aid", "answer", "language"),
    "groups": ("gid", "sid", "group_order", "randomization_group", "grelevance"),
    "group_l10ns": ("id", "gid", "group_name", "description", "language"),
    "questions": (
        "qid", "parent_qid", "sid", "gid", "type", "title", "preg", "other", "mandatory",
        "encrypted", "question_order", "scale_id", "same_default", "relevance",
        "question_theme_name", "modulename",
    ),
    "question_l10ns": ("id", "qid", "question", "help", "language"),
    "question_attributes": ("qid", "attribute", "value", "language"),
    "surveys": (
        "sid", "gsid", "admin", "adminemail", "anonymized", "format", "savetimings",
        "template", "language", "additional_languages", "datestamp", "usecookie",
        "allowregister", "allowsave", "autoredirect", "allowprev", "printanswers", "ipaddr",
        "refurl", "publicstatistics", "publicgraphs", "listpublic", "htmlemail",
        "sendconfirmation", "tokenanswerspersistence", "assessments", "usecaptcha",
        "usetokens", "showwelcome", "showprogress", "questionindex", "navigationdelay",
        "nokeyboard", "alloweditaftercompletion", "showxquestions", "showgroupinfo",
        "shownoanswer", "showqnumcode", "ipanonymize",
    ),
    "surveys_languagesettings": (
        "surveyls_survey_id", "surveyls_language", "surveyls_title", "surveyls_description",
        "surveyls_welcometext", "surveyls_endtext", "surveyls_dateformat",
        "surveyls_numberformat",
    ),
    # ``targetsqid`` is left out: absent, it stays empty (NULL) when imported.
    "survey_url_parameters": ("id", "sid", "parameter", "targetqid"),
}  # fmt: skip

#: The tables in the order they are written.
TABLES: tuple[str, ...] = (
    "answers",
    "answer_l10ns",
    "groups",
    "group_l10ns",
    "questions",
    "question_l10ns",
    "question_attributes",
    "surveys",
    "surveys_languagesettings",
    "survey_url_parameters",
)

Row = Mapping[str, object]


def survey_id(instrument: Instrument) -> int:
    """A six-digit survey id made from the instrument's id and version (LimeSurvey keeps it
    when it is free, or gives the survey another)."""
    digest = hashlib.sha256(f"{instrument.id}\x1f{instrument.version}".encode()).digest()
    return 100000 + int.from_bytes(digest[:4], "big") % 900000


def _survey_row(sid: int, language: str) -> dict[str, object]:
    """The survey's settings: shown group by group, no welcome page (the manual's panel
    integration asks for none; the first group says whom to answer about), anonymous, with
    the dates and timings that give `parity import` its seconds, no IP address or referrer."""
    settings: dict[str, object] = {
        "sid": sid, "gsid": 1, "admin": "inherit", "adminemail": "inherit",
        "anonymized": "Y", "format": "G", "savetimings": "Y", "template": "inherit",
        "language": language, "additional_languages": "", "datestamp": "Y",
        "usecookie": "N", "allowregister": "N", "allowsave": "N", "autoredirect": "N",
        "allowprev": "Y", "printanswers": "N", "ipaddr": "N", "refurl": "N",
        "publicstatistics": "N", "publicgraphs": "N", "listpublic": "N", "htmlemail": "Y",
        "sendconfirmation": "N", "tokenanswerspersistence": "N", "assessments": "N",
        "usecaptcha": "N", "usetokens": "N", "showwelcome": "N", "showprogress": "Y",
        "questionindex": 0, "navigationdelay": 0, "nokeyboard": "N",
        "alloweditaftercompletion": "N", "showxquestions": "N", "showgroupinfo": "B",
        "shownoanswer": "N", "showqnumcode": "N", "ipanonymize": "Y",
    }  # fmt: skip
    return settings


def lss_tables(instrument: Instrument) -> dict[str, list[dict[str, object]]]:
    """The instrument as the rows of each table of a .lss file."""
    sid = survey_id(instrument)
    lang = instrument.language
    tables: dict[str, list[dict[str, object]]] = {name: [] for name in TABLES}
    codes = scale_codes(instrument)

    def question(gid: int, kind: str, title: str, text: str, order: int, theme: str) -> int:
        qid = len(tables["questions"]) + 1
        tables["questions"].append(
            {
                "qid": qid, "parent_qid": 0, "sid": sid, "gid": gid, "type": kind,
                "title": title, "preg": "", "other": "N", "mandatory": "N", "encrypted": "N",
                "question_order": order, "scale_id": 0, "same_default": 0, "relevance": "1",
                "question_theme_name": theme, "modulename": "",
            }
        )  # fmt: skip
        tables["question_l10ns"].append(
            {"id": qid, "qid": qid, "question": text, "help": "", "language": lang}
        )
        return qid

    for gid, page in enumerate(survey_pages(instrument), start=1):
        tables["groups"].append(
            {"gid": gid, "sid": sid, "group_order": gid, "randomization_group": "",
             "grelevance": "1"}
        )  # fmt: skip
        description = INTRO.replace("{other}", PIPED_ABOUT) if gid == 1 else ""
        tables["group_l10ns"].append(
            {"id": gid, "gid": gid, "group_name": page.title, "description": description,
             "language": lang}
        )  # fmt: skip
        order = 0
        if gid == 1:
            for field in LINK_FIELDS:
                qid = question(gid, "S", field, field, order, "shortfreetext")
                tables["question_attributes"].append(
                    {"qid": qid, "attribute": "hidden", "value": "1", "language": ""}
                )
                tables["survey_url_parameters"].append(
                    {"id": qid, "sid": sid, "parameter": field, "targetqid": qid}
                )  # fmt: skip
                order += 1
        for item in page.items:
            qid = question(gid, "L", item.id, item.wording(PIPED_ABOUT), order, "listradio")
            order += 1
            labels = choice_labels(item, instrument, PIPED_ABOUT)
            for sort, (code, label) in enumerate(zip(codes, labels, strict=True)):
                aid = len(tables["answers"]) + 1
                tables["answers"].append(
                    {"aid": aid, "qid": qid, "code": str(code), "sortorder": sort,
                     "assessment_value": code, "scale_id": 0}
                )  # fmt: skip
                tables["answer_l10ns"].append(
                    {"id": aid, "aid": aid, "answer": label, "language": lang}
                )
        for open_question in page.questions:
            text = open_question.wording(PIPED_ABOUT)
            question(gid, "T", open_question.id, text, order, "longfreetext")
            order += 1
    tables["surveys"].append(_survey_row(sid, lang))
    tables["surveys_languagesettings"].append(
        {
            "surveyls_survey_id": sid,
            "surveyls_language": lang,
            "surveyls_title": survey_title(instrument),
            "surveyls_description": "",
            "surveyls_welcometext": INTRO.replace("{other}", PIPED_ABOUT),
            "surveyls_endtext": "Thank you for your answers.",
            "surveyls_dateformat": 9,
            "surveyls_numberformat": 0,
        }
    )
    return tables


def _cdata(value: object) -> str:
    text = str(value)
    if not text:
        return ""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _table(name: str, fields: Sequence[str], rows: Iterable[Row]) -> list[str]:
    lines = [f" <{name}>", "  <fields>"]
    lines += [f"   <fieldname>{field}</fieldname>" for field in fields]
    lines += ["  </fields>", "  <rows>"]
    for row in rows:
        lines.append("   <row>")
        for field in fields:
            value = _cdata(row.get(field, ""))
            lines.append(f"    <{field}>{value}</{field}>" if value else f"    <{field}/>")
        lines.append("   </row>")
    lines += ["  </rows>", f" </{name}>"]
    return lines


def lss_text(instrument: Instrument) -> str:
    """The .lss file's text (XML, UTF-8)."""
    tables = lss_tables(instrument)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<document>",
        " <LimeSurveyDocType>Survey</LimeSurveyDocType>",
        f" <DBVersion>{DB_VERSION}</DBVersion>",
        " <languages>",
        f"  <language>{escape(instrument.language)}</language>",
        " </languages>",
    ]
    for name in TABLES:
        if tables[name]:
            lines += _table(name, FIELDS[name], tables[name])
    lines.append("</document>")
    return "\n".join(lines) + "\n"
