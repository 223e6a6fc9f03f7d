"""The LimeSurvey survey structure: its tables, question codes and answer options, the hidden
questions the survey link fills, the other party's name piped by the Expression Manager, and a
validator that finds what would break an import."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from tests.unit.survey_files.answer_exports import lss_questions

from parity.core.instrument import Instrument, shipped_instrument
from parity.io.survey_files import lss_text, validate_lss
from parity.io.survey_files.lss import PIPED_ABOUT

INSTRUMENTS = ("TPI-1", "TPI-2")


def page_order(instrument: Instrument) -> list[str]:
    return [i.id for p in instrument.pages for c in p.constructs for i in instrument.items_of(c)]


def rows(text: str, table: str) -> list[dict[str, str]]:
    root = ET.fromstring(text.encode("utf-8"))
    return [{c.tag: c.text or "" for c in r} for r in root.findall(f"{table}/rows/row")]


@pytest.mark.parametrize("ident", INSTRUMENTS)
def test_the_file_is_valid_and_codes_every_question_with_its_id_in_page_order(ident: str) -> None:
    instrument = shipped_instrument(ident)
    text = lss_text(instrument)
    assert validate_lss(text) == []
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "document"
    assert root.findtext("LimeSurveyDocType") == "Survey"
    assert int(root.findtext("DBVersion") or 0) >= 400
    questions = lss_questions(text)
    codes = [q["title"] for q in questions]
    assert codes == ["party", "about", *page_order(instrument), *instrument.open_question_ids]
    kinds = {q["title"]: q["type"] for q in questions}
    assert {kinds[i] for i in instrument.item_ids} == {"L"}
    assert [kinds[q] for q in instrument.open_question_ids] == ["T"] * 4
    groups = [r["group_name"] for r in rows(text, "group_l10ns")]
    assert groups == [p.title for p in instrument.pages] + ["In your own words"]
    assert rows(text, "surveys")[0]["format"] == "G"  # a page per group


@pytest.mark.parametrize("ident", INSTRUMENTS)
def test_the_answer_options_are_the_scale_with_codes_1_to_7(ident: str) -> None:
    instrument = shipped_instrument(ident)
    questions = {q["title"]: q for q in lss_questions(lss_text(instrument))}
    for item in instrument.items:
        answers = questions[item.id]["answers"]
        assert list(answers) == [str(n) for n in range(1, 8)]  # type: ignore[arg-type]
        shown = list(answers.values())  # type: ignore[union-attr]
        if item.compares:
            low, high = item.anchor_wording(PIPED_ABOUT)
            assert shown == [low, "2", "3", item.middle, "5", "6", high]
        else:
            assert shown == list(instrument.scale_labels)


@pytest.mark.parametrize("ident", INSTRUMENTS)
def test_party_and_about_are_hidden_questions_the_link_fills(ident: str) -> None:
    instrument = shipped_instrument(ident)
    text = lss_text(instrument)
    assert "{other}" not in text
    questions = {r["title"]: r for r in rows(text, "questions")}
    for field in ("party", "about"):
        assert questions[field]["type"] == "S"
        qid = questions[field]["qid"]
        hidden = [
            r for r in rows(text, "question_attributes")
            if r["qid"] == qid and r["attribute"] == "hidden"
        ]  # fmt: skip
        assert [r["value"] for r in hidden] == ["1"]
        parameters = [r for r in rows(text, "survey_url_parameters") if r["parameter"] == field]
        assert [r["targetqid"] for r in parameters] == [qid]
    texts = {r["qid"]: r["question"] for r in rows(text, "question_l10ns")}
    for item in instrument.items:
        shown = texts[questions[item.id]["qid"]]
        assert shown.count(PIPED_ABOUT) == item.text.count("{other}")
    assert re.search(r"\{about\.shown\}", texts[questions["mirror"]["qid"]])


def test_the_file_is_the_same_every_time() -> None:
    instrument = shipped_instrument("TPI-1")
    assert lss_text(instrument) == lss_text(instrument)


def _first(text: str, tag: str, value: str, new: str) -> str:
    old = f"<{tag}><![CDATA[{value}]]></{tag}>"
    assert old in text
    return text.replace(old, f"<{tag}><![CDATA[{new}]]></{tag}>" if new else f"<{tag}/>", 1)


@pytest.mark.parametrize(
    ("breaks", "message"),
    [
        (lambda t: t.replace("<LimeSurveyDocType>Survey<", "<LimeSurveyDocType>Group<"),
         "<LimeSurveyDocType> must be Survey"),
        (lambda t: t.replace("<DBVersion>480<", "<DBVersion>366<"), "predates the *_l10ns"),
        (lambda t: _first(t, "title", "OUT2", "OUT1"), "the question code OUT1 is used 2 times"),
        (lambda t: _first(t, "title", "OUT2", "2OUT"), "question code '2OUT'"),
        (lambda t: _first(t, "title", "OUT2", ""), "<questions> row 4 lacks title"),
        (lambda t: _first(t, "code", "7", "TOOLONG"), "answer code 'TOOLONG'"),
        (lambda t: _first(t, "title", "about", "other"), "pipes {about}, which is no question"),
        (lambda t: _first(t, "parameter", "party", "token"), "'token' cannot be a URL parameter"),
        (lambda t: t.replace("<language><![CDATA[en]]></language>",
                             "<language><![CDATA[de]]></language>", 1),
         "not a survey language"),
        (lambda t: t.replace(" <groups>", " <notgroups>").replace("</groups>", "</notgroups>"),
         "the file has no <groups>"),
        (lambda t: t.replace("</document>", ""), "the file is not XML"),
    ],
)  # fmt: skip
def test_the_validator_finds_what_would_break_the_import(breaks, message: str) -> None:  # type: ignore[no-untyped-def]
    problems = validate_lss(breaks(lss_text(shipped_instrument("TPI-1"))))
    assert any(message in p for p in problems), problems
