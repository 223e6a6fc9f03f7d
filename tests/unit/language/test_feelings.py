"""Feelings and traits read from how one party describes another.

The cases are sentences a respondent might write about another department, one or two per
feeling and trait family, then the negation rules, spelling and case, hostile input (emoji,
HTML, other scripts, 10 KB), the lexicon files themselves, and properties over arbitrary text.
"""

from __future__ import annotations

import ast
import time
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parity.core.language import feelings as reader
from parity.core.language.feelings import (
    FEELING_NAMES,
    FEELING_POLARITY,
    TRAIT_NAMES,
    FeelingsReading,
    LexiconError,
    Span,
    read_feelings,
)

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def feelings_of(text: str) -> set[tuple[str, int]]:
    return {(f.name, f.polarity) for f in read_feelings(text).feelings}


def traits_of(text: str) -> set[tuple[str, int]]:
    return {(t.name, t.polarity) for t in read_feelings(text).traits}


def spans_of(reading: FeelingsReading) -> list[Span]:
    items = [*reading.feelings, *reading.traits]
    return [span for item in items for span in item.evidence]


def lexicon(name: str) -> dict[str, Any]:
    source = resources.files("parity.core.language").joinpath(f"lexicon/{name}")
    return tomllib.loads(source.read_text(encoding="utf-8"))


# --- The issue's own example -----------------------------------------------------------------


def test_the_demanding_boss_who_never_says_thank_you() -> None:
    text = "The Business is a demanding boss who never says thank you"
    reading = read_feelings(text)
    assert {("demanding", -1), ("ungrateful", -1)} <= traits_of(text)
    assert feelings_of(text) & {("resentment", -1), ("frustration", -1)}
    ungrateful = next(t for t in reading.traits if t.name == "ungrateful")
    assert [s.phrase for s in ungrateful.evidence] == ["never says thank you"]
    assert reading.polarity == -1.0


# --- One family at a time ----------------------------------------------------------------------

FEELING_CASES = [
    ("I'm so frustrated with Finance.", "frustration", -1),
    ("Honestly, we're fed up with them.", "frustration", -1),
    ("They keep moving the goalposts.", "frustration", -1),
    ("A lord of the manor, and frankly I'm exhausted.", "frustration", -1),
    ("I feel taken for granted.", "resentment", -1),
    ("We're at their beck and call.", "resentment", -1),
    ("They treat us like dirt.", "resentment", -1),
    ("I'm furious about the last release.", "anger", -1),
    ("It makes my blood boil.", "anger", -1),
    ("I dread their emails.", "fear", -1),
    ("We walk on eggshells around them.", "fear", -1),
    ("I'm anxious before every review with them.", "anxiety", -1),
    ("Their requests keep me up at night.", "anxiety", -1),
    ("I don't trust them an inch.", "distrust", -1),
    ("I take whatever they promise with a pinch of salt.", "distrust", -1),
    ("A slippery negotiator. I feel wary every time we talk.", "distrust", -1),
    ("Frankly I despise how they work.", "contempt", -1),
    ("I have no respect for them.", "contempt", -1),
    ("I'm disappointed in them.", "sadness", -1),
    ("Morale is low on our side.", "sadness", -1),
    ("We have no say in anything.", "helplessness", -1),
    ("Our hands are tied.", "helplessness", -1),
    ("You do what you're told and keep quiet.", "helplessness", -1),
    ("We're proud of what we built with them.", "pride", 1),
    ("It's an honour to work with them.", "pride", 1),
    ("I trust them completely.", "trust", 1),
    ("They have our back.", "trust", 1),
    ("I'm really fond of them.", "warmth", 1),
    ("I like them a lot.", "warmth", 1),
    ("I dislike them.", "warmth", -1),
    ("I'm grateful for everything they do.", "gratitude", 1),
    ("I respect them enormously.", "respect", 1),
    ("Their new platform is impressive.", "admiration", 1),
    ("Hats off to their engineers.", "admiration", 1),
    ("I'm hopeful about the new director.", "hope", 1),
    ("What a relief that they took it over.", "relief", 1),
    ("I'm excited about the next phase.", "enthusiasm", 1),
    ("We can't wait to start.", "enthusiasm", 1),
]


@pytest.mark.parametrize(("text", "name", "polarity"), FEELING_CASES)
def test_feelings(text: str, name: str, polarity: int) -> None:
    assert (name, polarity) in feelings_of(text)


TRAIT_CASES = [
    ("They're demanding and want everything yesterday.", "demanding", -1),
    ("Picky and hard to please.", "demanding", -1),
    ("They take us for granted.", "ungrateful", -1),
    ("Not one word of thanks after the launch.", "ungrateful", -1),
    ("A control freak who micromanages everything.", "controlling", -1),
    ("They breathe down our necks.", "controlling", -1),
    ("Our concerns fall on deaf ears.", "dismissive", -1),
    ("They brushed us off again.", "dismissive", -1),
    ("Patronising and full of themselves.", "arrogant", -1),
    ("They look down on us.", "arrogant", -1),
    ("Painfully slow; everything takes forever.", "slow", -1),
    ("They drag their feet on every decision.", "slow", -1),
    ("So much red tape and box-ticking.", "bureaucratic", -1),
    ("They move the goalposts every sprint.", "unreliable", -1),
    ("They dropped the ball again.", "unreliable", -1),
    ("They keep us in the dark.", "secretive", -1),
    ("Cagey about their plans.", "secretive", -1),
    ("Stubborn and set in their ways.", "rigid", -1),
    ("Computer says no.", "rigid", -1),
    ("Total chaos, like headless chickens.", "chaotic", -1),
    ("They keep changing their mind.", "chaotic", -1),
    ("Aloof; they keep us at arm's length.", "distant", -1),
    ("We hardly deal with them.", "distant", -1),
    ("A bully who shouts at people.", "aggressive", -1),
    ("Every meeting turns into a battle.", "aggressive", -1),
    ("They'd switch providers in a heartbeat.", "transactional", -1),
    ("They have our back.", "supportive", 1),
    ("They go the extra mile for us.", "supportive", 1),
    ("They left us in the lurch.", "supportive", -1),
    ("Dependable; they never let us down.", "reliable", 1),
    ("We can count on them.", "reliable", 1),
    ("Generous with their time.", "generous", 1),
    ("Fair, but transactional.", "fair", 1),
    ("They blame us for everything.", "fair", -1),
    ("A real team player; we work together.", "collaborative", 1),
    ("Territorial, always in their silo.", "collaborative", -1),
    ("They know their stuff.", "competent", 1),
    ("Clueless and out of their depth.", "competent", -1),
    ("They get back to us the same day.", "responsive", 1),
    ("Emails go into a black hole.", "responsive", -1),
    ("Open and honest with us.", "open", 1),
    ("Honest people with real integrity.", "trustworthy", 1),
    ("Two-faced; knives out after every meeting.", "trustworthy", -1),
    ("Forward-thinking, with a clear vision.", "visionary", 1),
    ("Short-sighted, can't see past their own noses.", "visionary", -1),
    ("Warm, approachable, easy to work with.", "friendly", 1),
    ("Grumpy and unpleasant.", "friendly", -1),
    ("Endlessly patient with our questions.", "patient", 1),
    ("Short-tempered and impatient.", "patient", -1),
    ("They treat us as equals.", "respectful", 1),
    ("They treat us like servants.", "respectful", -1),
    ("They always say thank you.", "appreciative", 1),
    ("Flexible and pragmatic.", "flexible", 1),
    ("Well organised, always on top of things.", "organised", 1),
    ("Humble; they admit their mistakes.", "humble", 1),
]


@pytest.mark.parametrize(("text", "name", "polarity"), TRAIT_CASES)
def test_traits(text: str, name: str, polarity: int) -> None:
    assert (name, polarity) in traits_of(text)


def test_feelings_and_traits_stay_apart() -> None:
    """Feelings are the writer's; traits describe the other party."""
    text = "They don't respect us, and they don't trust us either."
    assert read_feelings(text).feelings == ()
    assert traits_of(text) == {("respectful", -1)}


def test_evidence_is_gathered_per_name_in_order_of_appearance() -> None:
    text = "Slow. Really slow. Unreliable, and slow again."
    reading = read_feelings(text)
    assert [t.name for t in reading.traits] == ["slow", "unreliable"]
    assert [s.start for s in reading.traits[0].evidence] == [0, 13, 35]


# --- Negation ------------------------------------------------------------------------------

NEGATION_CASES = [
    # text, what must be read, the phrase that carries it
    ("They are not supportive.", "trait", ("supportive", -1), "not supportive"),
    ("They're not very reliable.", "trait", ("reliable", -1), "not very reliable"),
    (
        "I don't think they're supportive.",
        "trait",
        ("supportive", -1),
        "don't think they're supportive",
    ),
    ("They're not unreliable, to be fair.", "trait", ("unreliable", 1), "not unreliable"),
    ("We can't rely on them.", "trait", ("reliable", -1), "can't rely on them"),
    ("They lack vision.", "trait", ("visionary", -1), "lack vision"),
    ("They fail to deliver on time.", "trait", ("reliable", -1), "fail to deliver on time"),
    ("Nobody helps us.", "trait", ("supportive", -1), "Nobody helps us"),
    ("I don't trust them.", "feeling", ("distrust", -1), "don't trust them"),
    ("I no longer trust them.", "feeling", ("distrust", -1), "no longer trust them"),
    ("I don't respect them.", "feeling", ("contempt", -1), "don't respect them"),
    ("I'm not proud of this.", "feeling", ("pride", -1), "not proud"),
    ("I don’t trust them.", "feeling", ("distrust", -1), "don’t trust them"),
    ("i dont trust them", "feeling", ("distrust", -1), "dont trust them"),
]


@pytest.mark.parametrize(("text", "kind", "expected", "phrase"), NEGATION_CASES)
def test_negation_flips_and_the_evidence_covers_the_negator(
    text: str, kind: str, expected: tuple[str, int], phrase: str
) -> None:
    reading = read_feelings(text)
    found = reading.traits if kind == "trait" else reading.feelings
    match = [f for f in found if (f.name, f.polarity) == expected]
    assert match, found
    assert [s.phrase for s in match[0].evidence] == [phrase]


def test_a_negated_bad_feeling_is_dropped_not_turned_good() -> None:
    assert read_feelings("I'm not angry with them.").feelings == ()
    assert feelings_of("I'm not angry, just disappointed.") == {("sadness", -1)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They never say thank you.", {("ungrateful", -1)}),
        ("They never let us down.", {("reliable", 1)}),
        ("They don't listen and are unreliable.", {("dismissive", -1), ("unreliable", -1)}),
        ("Nothing but supportive.", {("supportive", 1)}),
        ("Not only supportive but generous.", {("supportive", 1), ("generous", 1)}),
        ("They couldn't be more supportive.", {("supportive", 1)}),
        ("They're not slow, but they are rude.", {("slow", 1), ("respectful", -1)}),
        ("Not great. Supportive, though.", {("supportive", 1)}),
        ("No complaints, they're supportive.", {("supportive", 1)}),
        ("Not that we ever talk about it, but they are supportive.", {("supportive", 1)}),
    ],
)
def test_negation_respects_idioms_and_clause_boundaries(
    text: str, expected: set[tuple[str, int]]
) -> None:
    assert traits_of(text) == expected


def test_negation_reaches_only_a_few_words() -> None:
    assert traits_of("I don't know how they manage to stay supportive.") == {("supportive", 1)}
    assert traits_of("We don't have the time they have to be supportive.") == {("supportive", 1)}


# --- Spelling, case and hostile input ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Disorganised.", "chaotic"),
        ("Disorganized.", "chaotic"),
        ("Patronising.", "arrogant"),
        ("Patronizing.", "arrogant"),
        ("DEMANDING!!!", "demanding"),
        ("mIcRo-MaNaGeRs", "controlling"),
        ("They move the goal posts.", "unreliable"),
        ("They move the goal-posts.", "unreliable"),
    ],
)
def test_spelling_and_case(text: str, name: str) -> None:
    assert name in {t.name for t in read_feelings(text).traits}


def test_the_empty_text_reads_as_nothing() -> None:
    assert read_feelings("") == FeelingsReading((), (), 0.0)
    assert read_feelings("   \n\t") == FeelingsReading()


def test_emoji_and_html_do_not_get_in_the_way() -> None:
    text = "<p>😡 They are <b>not</b> supportive 🐌 and so slow&nbsp;…</p>"
    reading = read_feelings(text)
    assert {("supportive", -1), ("slow", -1)} <= traits_of(text)
    assert all(text[s.start : s.end] == s.phrase for s in spans_of(reading))


@pytest.mark.parametrize(
    "text",
    [
        "Отдел финансов очень медленный и никогда не говорит спасибо.",
        "財務部はいつも遅くて、感謝の言葉を言いません。",
        "财务部门总是很慢，从不说谢谢。",
        "Το οικονομικό τμήμα είναι αργό και αγενές.",
        "قسم المالية بطيء ولا يقول شكرا أبدا",
        "Die Finanzabteilung ist langsam und sagt nie danke.",
        "La direction financière est lente et ne dit jamais merci.",
    ],
)
def test_other_languages_read_as_nothing(text: str) -> None:
    assert read_feelings(text) == FeelingsReading()


def test_ten_kilobytes_of_text_is_read_quickly() -> None:
    chunk = "Finance is a demanding boss who never says thank you, and I don't trust them. "
    text = (chunk * 200)[:10_240]
    started = time.perf_counter()
    reading = read_feelings(text)
    assert time.perf_counter() - started < 1.0  # generous: guards against runaway backtracking
    assert len(reading.traits[0].evidence) > 100
    assert all(text[s.start : s.end] == s.phrase for s in spans_of(reading))


def test_only_text_is_accepted() -> None:
    with pytest.raises(TypeError, match="expects a str"):
        read_feelings(None)  # type: ignore[arg-type]


# --- Polarity ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("They are supportive and reliable but slow.", 1 / 3),
        ("Supportive.", 1.0),
        ("Slow.", -1.0),
        ("They are a department on the third floor.", 0.0),
        ("We're proud of it; they treat us like dirt.", -1 / 3),
    ],
)
def test_polarity_weighs_every_piece_of_evidence_once(text: str, polarity: float) -> None:
    assert read_feelings(text).polarity == pytest.approx(polarity)


# --- The lexicon files ---------------------------------------------------------------------


def test_the_lexicons_cover_every_name_with_enough_phrases() -> None:
    feelings, traits = lexicon("feelings.toml")["feeling"], lexicon("traits.toml")["trait"]
    assert {entry["name"] for entry in feelings} == set(FEELING_NAMES)
    assert {entry["name"] for entry in traits} == set(TRAIT_NAMES)
    assert sum(len(entry["phrases"]) for entry in feelings) >= 150
    assert sum(len(entry["phrases"]) for entry in traits) >= 200


def test_feeling_entries_use_their_own_sign_or_say_what_is_lacking() -> None:
    for entry in lexicon("feelings.toml")["feeling"]:
        natural = FEELING_POLARITY[entry["name"]]
        if entry["polarity"] != natural:
            assert entry["when_negated"] == "flip", entry["name"]


GOOD = {"name": "trust", "polarity": 1, "phrases": ["trust {them}"]}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "glee"}, "name 'glee' is not one of"),
        ({"polarity": 0}, "polarity must be 1 or -1"),
        ({"polarity": True}, "polarity must be 1 or -1"),
        ({"when_negated": "shrug"}, "when_negated must be"),
        ({"phrases": "trust"}, "phrases must be a list"),
        ({"phrases": ["trust {whom}"]}, "unknown slot {whom}"),
        ({"phrases": ["trust {Them}"]}, "lower-case letters"),
        ({"phrases": ["trust {them"]}, "write a slot as"),
        ({"phrases": ["Trust them"]}, "lower-case letters"),
        ({"phrases": ["trust  them"]}, "single spaces"),
        ({"phrases": ["(trust them"]}, "brackets do not match"),
        ({"phrases": ["(trust|) them"]}, "brackets do not match"),
        ({"phrases": ["trust them ?"]}, "put ? after"),
        ({"phrases": ["trust (them)??"]}, "put ? after"),
        ({"phrases": ["(really )?trust"]}, "must start with a word"),
        ({"phrases": ["trust them", "trust them"]}, "listed twice"),
    ],
)
def test_a_broken_lexicon_is_refused_with_a_sentence(change: dict[str, Any], message: str) -> None:
    data = {"slots": {"them": "(them|him)"}, "feeling": [{**GOOD, **change}]}
    with pytest.raises(LexiconError, match=message.replace("?", r"\?")):
        reader._compile_lexicon(data, "test.toml", "feeling")


def test_a_trait_cannot_be_dropped_when_negated() -> None:
    data = {"trait": [{"name": "slow", "polarity": -1, "when_negated": "drop", "phrases": ["x"]}]}
    with pytest.raises(LexiconError, match="always flips"):
        reader._compile_lexicon(data, "test.toml", "trait")


def test_the_reader_stays_in_the_pure_core() -> None:
    tree = ast.parse(Path(reader.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    forbidden = ("click", "rich", "parity.io", "parity.cli", "parity.demo")
    assert not [name for name in imported if name.startswith(forbidden)]


# --- Properties ----------------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "not", "never", "don't", "no longer", "nothing but", "hardly", "they", "are", "I",
        "supportive", "slow", "trust them", "never says thank you", "demanding", "proud",
        "moves the goalposts", "has our back", "can't", "rely on them", "treat us like dirt",
        "😡", "🙂", "<b>", "</b>", "&nbsp;", "’", "'", "-", ",", ".", "\n", "İ", "ß", "ﬁ",
    ]
)  # fmt: skip
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(WORDS, st.text(max_size=5)), max_size=40).map(" ".join),
)


def check_reading(text: str, reading: FeelingsReading) -> None:
    assert -1.0 <= reading.polarity <= 1.0
    for item in reading.feelings:
        assert item.name in FEELING_NAMES
        assert item.polarity in (-1, 1)
        assert item.evidence
    for item in reading.traits:
        assert item.name in TRAIT_NAMES
        assert item.polarity in (-1, 1)
        assert item.evidence
    for span in spans_of(reading):
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.phrase


@FAST
@given(TEXTS)
def test_any_text_reads_without_error_and_every_span_is_exact(text: str) -> None:
    check_reading(text, read_feelings(text))


@settings(max_examples=15, deadline=None)
@given(st.text(min_size=1, max_size=400))
def test_ten_kilobytes_of_anything_reads_without_error(chunk: str) -> None:
    text = (chunk * (10_240 // len(chunk) + 1))[:10_240]
    check_reading(text, read_feelings(text))


@FAST
@given(st.lists(WORDS, max_size=20).map(" ".join))
def test_case_does_not_matter(text: str) -> None:
    def names(reading: FeelingsReading) -> set[tuple[str, str, int]]:
        items = [("f", f.name, f.polarity) for f in reading.feelings]
        return {*items, *(("t", t.name, t.polarity) for t in reading.traits)}

    shouted = "".join(ch.upper() if len(ch.upper()) == 1 else ch for ch in text)
    assert names(read_feelings(shouted)) == names(read_feelings(text))


def test_every_feeling_has_the_adjective_a_portrait_shows() -> None:
    from parity.core.language.feelings import FEELING_ADJECTIVES, FEELING_NAMES

    assert set(FEELING_ADJECTIVES) == set(FEELING_NAMES)
