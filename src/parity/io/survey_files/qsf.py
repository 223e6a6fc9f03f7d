"""The instrument as a Qualtrics survey file (.qsf: Survey, Import Survey in Qualtrics).

A .qsf file is JSON: ``SurveyEntry`` (the survey's id, name and language) and
``SurveyElements``, a list of elements each with an ``Element`` type: ``BL`` the blocks (one per
page of the instrument, each listing its questions), ``FL`` the survey flow (the embedded data
fields ``party`` and ``about``, set from the survey link, then the blocks in order), ``SO`` the
survey options, ``SQ`` one per question. Every item is a single-answer multiple-choice question
(``MC``/``SAHR``) whose export tag (``DataExportTag``) is the item id and whose choices are the
scale's points with recode values 1-7; every open question is a text entry question (``TE``)
tagged with its id. The other party's name is piped in as ``${e://Field/about}``, so the export
holds the columns ``party``, ``about``, ``OUT1`` … that `parity import` maps by name.

The ids Qualtrics gives its objects (``SV_…``, ``BL_…``, ``QID…``) are made from the
instrument's id and version, so that the same instrument always gives the same file; Qualtrics
gives the imported survey ids of its own.
"""

from __future__ import annotations

import hashlib
import html
import json
from typing import Any

from parity.core.instrument import Instrument, Item, OpenQuestion
from parity.io.survey_files.survey import (
    INTRO,
    LINK_FIELDS,
    choice_labels,
    scale_codes,
    survey_pages,
    survey_title,
)

#: How Qualtrics pipes an embedded data field into a text.
PIPED_ABOUT = "${e://Field/about}"

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_NEVER = "0000-00-00 00:00:00"


def qualtrics_id(prefix: str, *parts: str) -> str:
    """An id shaped as Qualtrics shapes its own (``SV_`` and 15 letters or digits), made from
    ``parts`` so that the same instrument always gives the same file."""
    digest = int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest()[:16], "big")
    letters = []
    for _ in range(15):
        digest, index = divmod(digest, len(_ALPHABET))
        letters.append(_ALPHABET[index])
    return f"{prefix}_{''.join(letters)}"


def _html(text: str) -> str:
    """A plain text as the HTML Qualtrics stores (the pipe's characters need no escaping)."""
    return html.escape(text, quote=False)


def _no_validation() -> dict[str, Any]:
    return {"Settings": {"ForceResponse": "OFF", "ForceResponseType": "ON", "Type": "None"}}


def _item_question(item: Item, instrument: Instrument, qid: str) -> dict[str, Any]:
    text = item.wording(PIPED_ABOUT)
    labels = choice_labels(item, instrument, PIPED_ABOUT)
    codes = scale_codes(instrument)
    ids = [str(n) for n in range(1, len(codes) + 1)]
    return {
        "QuestionText": _html(text),
        "DataExportTag": item.id,
        "QuestionType": "MC",
        "Selector": "SAHR",
        "SubSelector": "TX",
        "Configuration": {"QuestionDescriptionOption": "UseText"},
        "QuestionDescription": text,
        "Choices": {c: {"Display": _html(label)} for c, label in zip(ids, labels, strict=True)},
        "ChoiceOrder": ids,
        "RecodeValues": {c: str(code) for c, code in zip(ids, codes, strict=True)},
        "Validation": _no_validation(),
        "Language": [],
        "NextChoiceId": len(ids) + 1,
        "NextAnswerId": 1,
        "QuestionID": qid,
        "DataVisibility": {"Private": False, "Hidden": False},
    }


def _text_question(question: OpenQuestion, qid: str) -> dict[str, Any]:
    text = question.wording(PIPED_ABOUT)
    return {
        "QuestionText": _html(text),
        "DataExportTag": question.id,
        "QuestionType": "TE",
        "Selector": "ML",
        "Configuration": {"QuestionDescriptionOption": "UseText"},
        "QuestionDescription": text,
        "Validation": _no_validation(),
        "Language": [],
        "DefaultChoices": False,
        "QuestionID": qid,
        "DataVisibility": {"Private": False, "Hidden": False},
    }


def _intro_question(qid: str) -> dict[str, Any]:
    text = INTRO.replace("{other}", PIPED_ABOUT)
    return {
        "QuestionText": _html(text),
        "DataExportTag": "intro",
        "QuestionType": "DB",
        "Selector": "TB",
        "Configuration": {"QuestionDescriptionOption": "UseText"},
        "QuestionDescription": text,
        "Validation": _no_validation(),
        "Language": [],
        "QuestionID": qid,
        "DataVisibility": {"Private": False, "Hidden": False},
    }


def _element(survey_id: str, kind: str, primary: str, secondary: str | None,
             payload: Any, tertiary: str | None = None) -> dict[str, Any]:  # fmt: skip
    return {
        "SurveyID": survey_id,
        "Element": kind,
        "PrimaryAttribute": primary,
        "SecondaryAttribute": secondary,
        "TertiaryAttribute": tertiary,
        "Payload": payload,
    }


def _plain(text: str, limit: int = 100) -> str:
    return " ".join(text.split())[:limit]


def qsf_survey(instrument: Instrument) -> dict[str, Any]:
    """The instrument as the JSON object of a .qsf file."""
    key = (instrument.id, instrument.version)
    survey_id = qualtrics_id("SV", *key)
    questions: list[tuple[str, dict[str, Any]]] = []
    blocks: list[dict[str, Any]] = []
    pages = survey_pages(instrument)
    for number, page in enumerate(pages, start=1):
        elements = []
        asked: list[Item | OpenQuestion | None] = [None] if number == 1 else []
        asked += [*page.items, *page.questions]
        for question in asked:
            qid = f"QID{len(questions) + 1}"
            if question is None:
                payload = _intro_question(qid)
            elif isinstance(question, Item):
                payload = _item_question(question, instrument, qid)
            else:
                payload = _text_question(question, qid)
            questions.append((qid, payload))
            elements.append({"Type": "Question", "QuestionID": qid})
        blocks.append(
            {
                "Type": "Default" if number == 1 else "Standard",
                "SubType": "",
                "Description": page.title,
                "ID": qualtrics_id("BL", *key, str(number)),
                "BlockElements": elements,
            }
        )
    trash = {
        "Type": "Trash",
        "Description": "Trash / Unused Questions",
        "ID": qualtrics_id("BL", *key, "trash"),
        "BlockElements": [],
    }
    embedded = {
        "Type": "EmbeddedData",
        "FlowID": "FL_2",
        "EmbeddedData": [
            {
                "Description": field,
                "Type": "Recipient",
                "Field": field,
                "VariableType": "String",
                "DataVisibility": [],
                "AnalyzeText": False,
            }
            for field in LINK_FIELDS
        ],
    }
    flow = [embedded] + [
        {
            "Type": "Block" if block["Type"] == "Default" else "Standard",
            "ID": block["ID"],
            "FlowID": f"FL_{n}",
            "Autofill": [],
        }
        for n, block in enumerate(blocks, start=3)
    ]
    response_set = qualtrics_id("RS", *key)
    options = {
        "BackButton": "true",
        "SaveAndContinue": "true",
        "SurveyProtection": "PublicSurvey",
        "BallotBoxStuffingPrevention": "false",
        "NoIndex": "Yes",
        "SecureResponseFiles": "true",
        "SurveyExpiration": "None",
        "SurveyTermination": "DefaultMessage",
        "Header": "",
        "Footer": "",
        "ProgressBarDisplay": "Text",
        "PartialData": "+1 week",
        "ValidationMessage": "",
        "PreviousButton": " \u2190 ",
        "NextButton": " \u2192 ",
        "SurveyTitle": survey_title(instrument),
        "SurveyLanguage": instrument.language.upper(),
        "NewScoring": 1,
    }
    elements = [
        _element(survey_id, "BL", "Survey Blocks", None, [blocks[0], trash, *blocks[1:]]),
        _element(
            survey_id,
            "FL",
            "Survey Flow",
            None,
            {
                "Type": "Root",
                "FlowID": "FL_1",
                "Flow": flow,
                "Properties": {"Count": len(flow) + 1},
            },
        ),
        _element(survey_id, "SO", "Survey Options", None, options),
        _element(
            survey_id,
            "PROJ",
            "CORE",
            None,
            {"ProjectCategory": "CORE", "SchemaVersion": "1.1.0"},
            "1.1.0",
        ),
        _element(survey_id, "QC", "Survey Question Count", str(len(questions)), None),
        _element(survey_id, "RS", response_set, "Default Response Set", None),
        *(
            _element(survey_id, "SQ", qid, _plain(payload["QuestionDescription"]), payload)
            for qid, payload in questions
        ),
    ]
    entry = {
        "SurveyID": survey_id,
        "SurveyName": survey_title(instrument),
        "SurveyDescription": None,
        "SurveyOwnerID": qualtrics_id("UR", *key),
        "SurveyBrandID": "",
        "DivisionID": None,
        "SurveyLanguage": instrument.language.upper(),
        "SurveyActiveResponseSet": response_set,
        "SurveyStatus": "Inactive",
        "SurveyStartDate": _NEVER,
        "SurveyExpirationDate": _NEVER,
        "SurveyCreationDate": _NEVER,
        "CreatorID": qualtrics_id("UR", *key),
        "LastModified": _NEVER,
        "LastAccessed": _NEVER,
        "LastActivated": _NEVER,
        "Deleted": None,
    }
    return {"SurveyEntry": entry, "SurveyElements": elements}


def qsf_text(instrument: Instrument) -> str:
    """The .qsf file's text (JSON, UTF-8)."""
    return json.dumps(qsf_survey(instrument), ensure_ascii=False, indent=1) + "\n"
