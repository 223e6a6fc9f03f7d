"""The coaching in German: prompts.de.toml keeps every entry, condition and placeholder of
prompts.toml, and a coaching built while German is spoken is German from its first heading to
its last question, while the English stays as it was."""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Iterator
from typing import Any

import pytest
from tests.support.tpi2 import tpi2_relationship
from tests.unit.core.test_coaching import (
    MASTER,
    SERVANT,
    relationship,
    servant_it,
)

from parity.core.analysis import Analysis, RelationshipResult
from parity.core.coaching import Coaching, coach, coach_all, default_content, render_text
from parity.core.coaching.build import construct_words, percent
from parity.core.coaching.content import (
    SOURCE_FILE,
    default_text,
    shipped_content,
    shipped_file,
)
from parity.core.instrument import CORE_CONSTRUCTS
from parity.core.translation import speaking

#: The fields that are the rules, not the words: a translation keeps them as they are.
RULE_FIELDS = frozenset({"key", "when", "gap", "theme", "about", "importance", "minutes"})


def _placeholders(text: str) -> frozenset[str]:
    return frozenset(f for _, f, _, _ in string.Formatter().parse(text) if f is not None)


def _entries(value: Any, path: str, field: str = "") -> Iterator[tuple[str, Any]]:
    """Each leaf of a content file by its path ("prompt[servant_purpose].question"): a rule
    field as it is, a text as the placeholders it uses."""
    if isinstance(value, dict):
        for name, item in value.items():
            if name == "quote" or field == "quote":
                yield f"{path}.{name}", item
            else:
                yield from _entries(item, f"{path}.{name}".lstrip("."), name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            label = item.get("key", index) if isinstance(item, dict) else index
            yield from _entries(item, f"{path}[{label}]", field)
    elif isinstance(value, str) and field not in RULE_FIELDS:
        yield path, ("text", _placeholders(value))
    else:
        yield path, value


def _skeleton(language: str) -> dict[str, Any]:
    data = tomllib.loads(default_text(language))
    data.pop("language")
    data.get("words", {}).pop("constructs", None)  # optional; the English file takes them
    return dict(_entries(data, ""))  # from the instrument file


def test_the_german_file_has_every_entry_rule_and_placeholder_of_the_english() -> None:
    """A prompt, step, note or word added to (or changed in) one file only fails here: the two
    files differ in their words alone."""
    assert shipped_file("de") == "prompts.de.toml"
    english, german = _skeleton("en"), _skeleton("de")
    assert german == english


def test_the_german_file_names_every_construct_and_loads() -> None:
    content = shipped_content("de")
    assert (content.source, content.language) == ("prompts.de.toml", "de")
    assert set(content.constructs) == set(CORE_CONSTRUCTS)
    english = shipped_content("en")
    assert [p.rule for p in content.prompts] == [p.rule for p in english.prompts]
    assert [s.rule for s in content.next_steps] == [s.rule for s in english.next_steps]


def test_the_shipped_content_follows_the_current_language() -> None:
    assert default_content().source == SOURCE_FILE
    with speaking("de"):
        assert default_content().language == "de"
        assert default_content() is default_content()  # checked once per language
    with speaking("fr"):  # no catalog: English
        assert default_content().source == SOURCE_FILE
    assert default_content().language == "en-GB"


def test_a_language_without_a_translated_file_is_coached_in_english() -> None:
    assert shipped_file("fr") == SOURCE_FILE
    assert shipped_content("fr").source == SOURCE_FILE
    assert shipped_content("fr").prompts == shipped_content("en").prompts


# --- A whole coaching ------------------------------------------------------------------------


def _texts(pack: Coaching) -> list[str]:
    """Every sentence the coaching writes (not the parties' names, codes or quoted words)."""
    out = [*pack.notes, *(s.text for s in pack.next_steps)]
    for prompt in pack.prompts:
        out += [prompt.finding, prompt.question, *([prompt.follow_up] if prompt.follow_up else [])]
    if pack.charter is not None:
        charter = pack.charter
        out += [charter.title, charter.intro]
        sections = [charter.outcome, charter.decisions, charter.leaving]
        for side in charter.sides:
            sections += [side.stakes, side.contributes, side.needs]
        for section in sections:
            out += [section.heading, section.ask, *section.notes]
    if pack.personification is not None:
        script = pack.personification
        out += [script.title, script.intro, *(q.text for q in script.questions)]
        out += [t for step in script.steps for t in (step.title, step.text)]
        for portrait in script.portraits:
            out += [portrait.described_heading, portrait.described_summary]
            out += [portrait.expected_heading, portrait.expected_summary]
    return out


#: Words an English sentence can hardly do without and a German one never uses.
ENGLISH = re.compile(r"\b(the|and|what|which|your|you|would|does|with)\b", re.IGNORECASE)


def _without_their_words(text: str, pack: Coaching) -> str:
    """The sentence without what the parties wrote in their own language: quotes, the label,
    the images and feelings read from their answers."""
    theirs = [pack.label or ""]
    if pack.personification is not None:
        for portrait in pack.personification.portraits:
            for line in (*portrait.described, *portrait.expected):
                theirs += [line.image or "", *line.feelings]
    text = re.sub(r"„[^“]*“", "", text)
    for words in theirs:
        text = text.replace(words, "") if words else text
    return text


CASES = {
    "a master and a servant, quoted": lambda: servant_it((8, 8)),
    "not quoted, low trust, disagreeing": lambda: relationship(
        MASTER, {**SERVANT, "TRS": 2, "OUT": 2}, label="business partner", split="TRS"
    ),
    "too few answers": lambda: relationship(MASTER, SERVANT, sizes=(2, 8)),
    "TPI-2": lambda: tpi2_relationship(
        {"COMM": 20, "KNOW": 20, "RESP": 20, "RISK": 20, "EXIT": 20}, {"TRS": 20}
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_coaching_built_in_german_is_german(case: str) -> None:
    result: RelationshipResult = CASES[case]()
    english = coach(result, text_threshold=7)
    with speaking("de"):
        german = coach(result, text_threshold=7)
        handout = render_text(german)
    assert german.prompts or german.next_steps
    assert [p.key for p in german.prompts] == [p.key for p in english.prompts]
    assert [s.key for s in german.next_steps] == [s.key for s in english.next_steps]
    assert not set(_texts(german)) & set(_texts(english))
    for text in _texts(german):
        assert not ENGLISH.search(_without_their_words(text, german)), text
    assert "Next week" not in handout
    assert "Nächste Woche" in handout


def test_the_german_handout_has_german_headings_and_numbers() -> None:
    with speaking("de"):
        pack = coach(servant_it((8, 8)), text_threshold=7)
        handout = render_text(pack)
    first = pack.prompts[0]
    assert first.question == (
        "Auf die Frage nach Ihrem Zweck schrieb jemand von Ihnen: „To serve the Business“. "
        "Sehen Sie Business also als Ihren Herrn?"
    )
    assert first.finding.startswith("100\u00a0% der Antworten von IT")
    assert "## Fragen für das Gespräch" in handout
    assert "## Nächste Schritte" in handout
    assert "## Partnerschaftscharta: Business und IT" in handout
    assert "1. **Vorbereitung** (5\u00a0Min.)." in handout
    assert "### Haltungen" in handout
    assert "100\u00a0% dieser Antworten sprechen wie ein Diener." in handout


def test_the_english_coaching_is_unchanged_by_german_being_spoken() -> None:
    result = servant_it((8, 8))
    before = coach(result, text_threshold=7)
    with speaking("de"):
        coach(result, text_threshold=7)
    after = coach(result, text_threshold=7)
    assert before == after
    handout = render_text(after)
    assert "## Questions to ask" in handout
    assert "1. **Set up** (5 min)." in handout
    assert after.prompts[0].finding.startswith("100% of IT's purpose statements")


def test_a_construct_without_a_word_in_the_file_is_named_by_its_instrument() -> None:
    """TPI-2's constructs are not in a content file's words: they take the instrument's."""
    content = default_content()
    assert construct_words(content, "TRS") == "trust"
    assert construct_words(content, "COMM") == "communication"
    assert construct_words(content, "XYZ") == "XYZ"
    with speaking("de"):
        assert construct_words(default_content(), "TRS") == "Vertrauen"
        assert percent(40) == "40\u00a0%"
    assert percent(40) == "40%"


def test_every_demo_coaching_is_german_when_german_is_spoken(demo_analysis: Analysis) -> None:
    english = coach_all(demo_analysis, text_threshold=7)
    with speaking("de"):
        german = coach_all(demo_analysis, text_threshold=7)
    for en, de in zip(english, german, strict=True):
        assert [p.key for p in de.prompts] == [p.key for p in en.prompts]
        assert not set(_texts(de)) & set(_texts(en)), de.parties
