"""The Qualtrics survey file: its structure, its questions' export tags and choices, the other
party's name piped from embedded data, and a validator that finds what would break an import."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from tests.unit.survey_files.answer_exports import qsf_embedded, qsf_questions

from parity.core.instrument import Instrument, shipped_instrument
from parity.io.survey_files import qsf_text, validate_qsf
from parity.io.survey_files.qsf import PIPED_ABOUT

INSTRUMENTS = ("TPI-1", "TPI-2")


def page_order(instrument: Instrument) -> list[str]:
    return [i.id for p in instrument.pages for c in p.constructs for i in instrument.items_of(c)]


def survey(ident: str) -> dict[str, Any]:
    return json.loads(qsf_text(shipped_instrument(ident)))


@pytest.mark.parametrize("ident", INSTRUMENTS)
def test_the_file_is_valid_and_tags_every_question_with_its_id_in_page_order(ident: str) -> None:
    instrument = shipped_instrument(ident)
    text = qsf_text(instrument)
    assert validate_qsf(text) == []
    data = json.loads(text)
    assert set(data) == {"SurveyEntry", "SurveyElements"}
    kinds = [e["Element"] for e in data["SurveyElements"]]
    assert kinds.count("BL") == 1
    assert kinds.count("FL") == 1
    questions = qsf_questions(data)
    tags = [q["DataExportTag"] for q in questions]
    assert tags == page_order(instrument) + list(instrument.open_question_ids)
    assert set(instrument.item_ids) == set(tags[: len(instrument.items)])
    types = {q["DataExportTag"]: q["QuestionType"] for q in questions}
    assert {types[i] for i in instrument.item_ids} == {"MC"}
    assert [types[q] for q in instrument.open_question_ids] == ["TE"] * 4
    # One block per page of the instrument, then the open questions'.
    blocks = next(e for e in data["SurveyElements"] if e["Element"] == "BL")["Payload"]
    titles = [b["Description"] for b in blocks if b["Type"] != "Trash"]
    assert titles == [p.title for p in instrument.pages] + ["In your own words"]


@pytest.mark.parametrize("ident", INSTRUMENTS)
def test_the_choices_are_the_scale_with_codes_1_to_7(ident: str) -> None:
    instrument = shipped_instrument(ident)
    questions = {q["DataExportTag"]: q for q in qsf_questions(survey(ident))}
    for item in instrument.items:
        q = questions[item.id]
        shown = [q["Choices"][c]["Display"] for c in q["ChoiceOrder"]]
        assert [q["RecodeValues"][c] for c in q["ChoiceOrder"]] == [str(n) for n in range(1, 8)]
        if item.compares:
            low, high = item.anchor_wording(PIPED_ABOUT)
            assert shown == [low, "2", "3", item.middle, "5", "6", high]
        else:
            assert shown == list(instrument.scale_labels)


@pytest.mark.parametrize("ident", INSTRUMENTS)
def test_the_other_party_is_piped_from_embedded_data_the_flow_declares(ident: str) -> None:
    instrument = shipped_instrument(ident)
    text = qsf_text(instrument)
    data = json.loads(text)
    assert "{other}" not in text
    assert qsf_embedded(data) == ["party", "about"]
    flow = next(e for e in data["SurveyElements"] if e["Element"] == "FL")["Payload"]["Flow"]
    assert flow[0]["Type"] == "EmbeddedData"  # set before the first question is shown
    assert {f["Type"] for f in flow[0]["EmbeddedData"]} == {"Recipient"}  # from the link
    questions = {q["DataExportTag"]: q for q in qsf_questions(data)}
    for item in instrument.items:
        assert questions[item.id]["QuestionText"].count(PIPED_ABOUT) == item.text.count("{other}")
    assert PIPED_ABOUT in questions["comment"]["QuestionText"]


def test_the_file_is_the_same_every_time_and_differs_between_instruments() -> None:
    one, two = shipped_instrument("TPI-1"), shipped_instrument("TPI-2")
    assert qsf_text(one) == qsf_text(one)
    assert (
        json.loads(qsf_text(one))["SurveyEntry"]["SurveyID"]
        != (json.loads(qsf_text(two))["SurveyEntry"]["SurveyID"])
    )


def _elements(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e for e in data["SurveyElements"] if e["Element"] == kind]


def _drop_question(data: dict[str, Any]) -> None:
    data["SurveyElements"].remove(_elements(data, "SQ")[3])


def _duplicate_tag(data: dict[str, Any]) -> None:
    _elements(data, "SQ")[2]["Payload"]["DataExportTag"] = "OUT1"


def _undeclared_pipe(data: dict[str, Any]) -> None:
    flow = _elements(data, "FL")[0]["Payload"]["Flow"]
    flow[0]["EmbeddedData"] = [f for f in flow[0]["EmbeddedData"] if f["Field"] != "about"]


def _block_not_in_flow(data: dict[str, Any]) -> None:
    _elements(data, "FL")[0]["Payload"]["Flow"].pop()


def _wrong_count(data: dict[str, Any]) -> None:
    _elements(data, "QC")[0]["SecondaryAttribute"] = "3"


def _choice_order(data: dict[str, Any]) -> None:
    _elements(data, "SQ")[1]["Payload"]["ChoiceOrder"].pop()


def _no_flow(data: dict[str, Any]) -> None:
    data["SurveyElements"].remove(_elements(data, "FL")[0])


def _no_entry(data: dict[str, Any]) -> None:
    del data["SurveyEntry"]


@pytest.mark.parametrize(
    ("breaks", "message"),
    [
        (_drop_question, "which is no question"),
        (_duplicate_tag, "the export tag OUT1 is used by 2 questions"),
        (_undeclared_pipe, "pipes the field about"),
        (_block_not_in_flow, "is never shown"),
        (_wrong_count, "the question count (QC) says 3"),
        (_choice_order, "ChoiceOrder must list each of its Choices once"),
        (_no_flow, "one FL element, not 0"),
        (_no_entry, "SurveyEntry is missing"),
    ],
)
def test_the_validator_finds_what_would_break_the_import(
    breaks: Callable[[dict[str, Any]], None], message: str
) -> None:
    data = copy.deepcopy(survey("TPI-1"))
    breaks(data)
    problems = validate_qsf(json.dumps(data))
    assert any(message in p for p in problems), problems


def test_the_validator_refuses_what_is_not_json() -> None:
    assert validate_qsf("<document/>")[0].startswith("the file is not JSON")
