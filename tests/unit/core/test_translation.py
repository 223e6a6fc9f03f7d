"""The engine's sentences: English as data, the reader's language when shown."""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parity.core import translation
from parity.core.translation import N_, Sentence, speaking, term

GERMAN_KNOWN = "Shared outcome"  # a TPI-1 construct name: the catalog always has it


@pytest.fixture(autouse=True)
def _no_source() -> Iterator[None]:
    """Each test starts with no language source (as outside the web application)."""
    translation.set_language_source(lambda: None)
    yield
    translation.set_language_source(lambda: None)


def test_english_without_a_language() -> None:
    assert translation.current_language() == "en"
    assert translation.gettext(GERMAN_KNOWN) == GERMAN_KNOWN


def test_german_ships_with_parity() -> None:
    assert "de" in translation.available_languages()
    with speaking("de") as language:
        assert language == "de"
        assert translation.gettext(GERMAN_KNOWN) not in ("", GERMAN_KNOWN)


@pytest.mark.parametrize("asked", ["de", "de-AT", "de_CH", "DE"])
def test_a_regional_german_is_german(asked: str) -> None:
    with speaking(asked) as language:
        assert language == "de"


@pytest.mark.parametrize("asked", ["fr", "xx", "", None])
def test_a_language_without_a_catalog_is_english(asked: str | None) -> None:
    with speaking(asked) as language:
        assert language == "en"
        assert translation.gettext(GERMAN_KNOWN) == GERMAN_KNOWN


def test_speaking_ends_with_its_block_and_nests() -> None:
    with speaking("de"):
        with speaking("en"):
            assert translation.current_language() == "en"
        assert translation.current_language() == "de"
    assert translation.current_language() == "en"


def test_the_source_gives_the_language_outside_a_block() -> None:
    translation.set_language_source(lambda: "de-de")
    assert translation.current_language() == "de"
    with speaking("en"):
        assert translation.current_language() == "en"


def test_a_sentence_is_its_english_text_as_data() -> None:
    made = Sentence(N_("{party} names {what}."), party="IT", what=term(GERMAN_KNOWN))
    with speaking("de"):
        assert made == "IT names Shared outcome."
        assert json.dumps([made]) == '["IT names Shared outcome."]'
        assert made.english == "IT names Shared outcome."


def test_a_sentence_shows_its_nested_words_in_the_reader_s_language() -> None:
    made = Sentence(N_("{party} names {what}."), party="IT", what=term(GERMAN_KNOWN))
    german = translation.catalog("de").gettext(GERMAN_KNOWN)
    with speaking("de"):
        assert german in str(made)
        assert german in f"{made}"
        assert german in made.__html__()
    assert str(made) == "IT names Shared outcome."


def test_a_sentence_escapes_its_values_in_html() -> None:
    made = Sentence(N_("{party} names it."), party="<b>R&D</b>")
    assert made.__html__() == "&lt;b&gt;R&amp;D&lt;/b&gt; names it."


def test_a_pickled_sentence_still_translates() -> None:
    made = Sentence(N_("{party} names {what}."), party="IT", what=term(GERMAN_KNOWN))
    again = pickle.loads(pickle.dumps(made))
    assert type(again) is Sentence
    assert again == made
    with speaking("de"):
        assert str(again) == str(made) != made.english


@given(st.text(max_size=40))
def test_a_term_is_its_words_whatever_they_hold(words: str) -> None:
    assert term(words) == words
    assert str(term(words)) == words
