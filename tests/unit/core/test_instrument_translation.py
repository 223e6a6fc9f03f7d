"""The shipped instruments in German: every word a respondent reads is translated, and nothing
that is scored changes (IDs, constructs, keying, scoring, scale), so answers given in German
are the same answers."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from typing import Any

import pandas as pd
import pytest

from parity.core.instrument import (
    InstrumentError,
    instrument_in,
    shipped_instrument,
    shipped_instruments,
    translated,
    translation_file_name,
)
from parity.core.scoring import respondent_scores

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
SHIPPED = ("TPI-1", "TPI-2")


def _translation(ident: str) -> dict[str, Any]:
    folder = resources.files("parity.core").joinpath("instruments")
    text = folder.joinpath(translation_file_name(ident, "de")).read_text("utf-8")
    return tomllib.loads(text)


def test_the_translation_files_are_not_instruments_of_their_own() -> None:
    assert sorted(shipped_instruments()) == list(SHIPPED)


@pytest.mark.parametrize("ident", SHIPPED)
def test_every_item_has_german_words_with_the_same_placeholders(ident: str) -> None:
    english, german = shipped_instrument(ident), instrument_in(ident, "de")
    assert german.language == "de"
    for original, said in zip(english.items, german.items, strict=True):
        assert said.text != original.text, original.id
        assert PLACEHOLDER.findall(said.text) == PLACEHOLDER.findall(original.text)
        assert said.compares == original.compares
        if original.anchors is not None and said.anchors is not None:
            for end, said_end in zip(original.anchors, said.anchors, strict=True):
                assert PLACEHOLDER.findall(said_end) == PLACEHOLDER.findall(end)
            assert said.middle not in ("", original.middle)
    for original_q, said_q in zip(english.open_questions, german.open_questions, strict=True):
        assert PLACEHOLDER.findall(said_q.text) == PLACEHOLDER.findall(original_q.text)
        assert said_q.text != original_q.text
    assert [page.title for page in german.pages] != [page.title for page in english.pages]
    assert len(german.scale_labels) == len(english.scale_labels)
    assert german.scale_labels[0] == "Stimme überhaupt nicht zu"


@pytest.mark.parametrize("ident", SHIPPED)
def test_ids_constructs_keying_and_scale_are_unchanged(ident: str) -> None:
    english, german = shipped_instrument(ident), instrument_in(ident, "de")
    assert german.item_ids == english.item_ids
    assert german.open_question_ids == english.open_question_ids
    assert (german.scale_min, german.scale_max) == (english.scale_min, english.scale_max)
    assert german.constructs == english.constructs
    assert [p.constructs for p in german.pages] == [p.constructs for p in english.pages]
    for original, said in zip(english.items, german.items, strict=True):
        assert (said.construct, said.reverse, said.scoring) == (
            original.construct,
            original.reverse,
            original.scoring,
        )
    assert german.reference() == english.reference()


@pytest.mark.parametrize("ident", SHIPPED)
def test_scores_do_not_depend_on_the_language(ident: str) -> None:
    english, german = shipped_instrument(ident), instrument_in(ident, "de")
    answers = pd.DataFrame(
        [{item.id: 1 + (n + k) % 7 for k, item in enumerate(english.items)} for n in range(5)]
    )
    pd.testing.assert_frame_equal(
        respondent_scores(answers, german), respondent_scores(answers, english)
    )


def test_a_language_without_a_file_falls_back_to_english() -> None:
    assert instrument_in("TPI-1", "fr") is shipped_instrument("TPI-1")
    assert instrument_in("TPI-1", "en") is shipped_instrument("TPI-1")


def test_a_missing_item_is_named_with_the_file() -> None:
    data = _translation("TPI-1")
    del data["items"]["DEF2"]
    with pytest.raises(
        InstrumentError, match=r"tpi-1\.de\.toml: \[items\] has no wording for DEF2"
    ):
        translated(shipped_instrument("TPI-1"), data, "tpi-1.de.toml")


def test_an_unknown_item_is_named_with_the_file() -> None:
    data = _translation("TPI-1")
    data["items"]["OUT9"] = "Etwas anderes."
    with pytest.raises(InstrumentError, match=r"tpi-1\.de\.toml: \[items\] words OUT9, which"):
        translated(shipped_instrument("TPI-1"), data, "tpi-1.de.toml")


def test_a_lost_placeholder_is_named_with_its_item() -> None:
    data = _translation("TPI-1")
    data["items"]["NEED1"] = "Wir brauchen sie, um unsere Ziele zu erreichen."
    with pytest.raises(InstrumentError, match=r"tpi-1\.de\.toml: item 'NEED1'.*placeholders"):
        translated(shipped_instrument("TPI-1"), data, "tpi-1.de.toml")


def test_a_comparison_needs_its_two_anchors() -> None:
    data = _translation("TPI-2")
    data["items"]["VOI3"] = data["items"]["VOI3"]["text"]
    with pytest.raises(InstrumentError, match=r"item 'VOI3' is a comparison"):
        translated(shipped_instrument("TPI-2"), data, "tpi-2.de.toml")


def test_a_middle_of_its_own_must_be_translated() -> None:
    data = _translation("TPI-2")
    del data["items"]["DIR3"]["middle"]
    with pytest.raises(InstrumentError, match=r"item 'DIR3' has a middle of its own"):
        translated(shipped_instrument("TPI-2"), data, "tpi-2.de.toml")


def test_the_page_titles_follow_the_pages() -> None:
    data = _translation("TPI-1")
    data["page_titles"] = data["page_titles"][:-1]
    with pytest.raises(InstrumentError, match=r"page_titles must have 4 titles"):
        translated(shipped_instrument("TPI-1"), data, "tpi-1.de.toml")
