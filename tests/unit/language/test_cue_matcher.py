"""The cue matcher finds exactly what the one alternation of all cue families finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.support.corpus import CORPUS_DIR

from parity.core.language.cues import CueMatcher, top_level_alternatives
from parity.core.language.stance import clean, lexicon
from parity.training import read_corpus

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def alternation(matcher: CueMatcher, text: str) -> list[tuple[int, int, int]]:
    """What the one alternation finds: (family, start, end) of each match, left to right."""
    return [(int(str(m.lastgroup)[1:]), m.start(), m.end()) for m in matcher.whole().finditer(text)]


def lexicon_words() -> list[str]:
    """Words the cue patterns spell out, so generated text often holds (parts of) cues."""
    spelled = re.findall(r"[A-Za-z]{2,}", "|".join(lexicon().matcher.families))
    return sorted({w for w in spelled if w not in {"w", "s", "b"}})


WORDS = lexicon_words()
ODD = ["ſ", "K", "İ", "ı", "’", "é", "—", "£", "24/7", "P&L", "n/a", "-", ".", "'", "\n", "é"]
TOKENS = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS).map(str.upper),
    st.sampled_from(WORDS).map(str.capitalize),
    st.sampled_from(ODD),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzAZ'-", min_size=1, max_size=6),
)
SEPARATORS = st.sampled_from([" ", " ", " ", "  ", ", ", ". ", "; ", "-", "", "\t", " — "])


@st.composite
def statements(draw: st.DrawFn) -> str:
    tokens = draw(st.lists(TOKENS, max_size=14))
    separators = draw(st.lists(SEPARATORS, min_size=len(tokens), max_size=len(tokens)))
    lead = draw(st.sampled_from(["", "", " ", "  ", "...", "- "]))
    return lead + "".join(t + s for t, s in zip(tokens, separators, strict=True))


def test_the_shipped_lexicon_is_matched_word_by_word() -> None:
    """Every cue starts with ``^`` or at a word edge with a known first character: the fast
    path, the one the tests below compare with the alternation, is the one that runs."""
    assert lexicon().matcher.fast


def test_the_labelled_statements_give_the_same_cues() -> None:
    matcher = lexicon().matcher
    folder = CORPUS_DIR
    frames = [read_corpus(folder), read_corpus(folder / "fresh"), read_corpus(folder / "outside")]
    texts = [clean(t) for frame in frames for t in frame["text"]]
    assert len(texts) > 4000
    found = 0
    for text in texts:
        cues = matcher.find(text)
        assert cues == alternation(matcher, text), text
        found += len(cues)
    assert found > 3000  # the statements are full of cues: the comparison is not vacuous


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "n/a",
        "  N/A. ",
        "-",
        "...",
        "  like a partner to us",
        "A partner.",
        "IT serves them; Sales sets the agenda for Finance.",
        "We are their servants — whatever they ask, we do 24/7.",
        "ſerve the buſineſs",  # a long s is an s to a case-blind pattern
        "We proviDE ſervices",
        "the KPIs",  # a Kelvin sign is a k to a case-blind pattern
        "İT serves them",
        "we’re the boss",
        "co-own, coown, co-owners",
    ],
)
def test_edge_cases_give_the_same_cues(text: str) -> None:
    matcher = lexicon().matcher
    assert matcher.find(text) == alternation(matcher, text)


@FAST
@given(statements())
def test_generated_statements_give_the_same_cues(text: str) -> None:
    matcher = lexicon().matcher
    assert matcher.find(text) == alternation(matcher, text)


#: Small lexicons whose families overlap: the first family listed must win, a longer match of
#: a later family must not, and the rules for where a match can start must hold.
SMALL_LEXICONS = [
    [r"\bab", r"\ba\w*", r"\b(?:abc|b)\b"],
    [r"\b(?:x|y)?z+", r"\bzz|\bq(?-i:[A-Z])", r"^\W*(?:like\s+)?an?\b"],
    [r"\b(?:they|(?-i:[A-Z]\w+))\s+(?:say|do)\b", r"\bthey\b|\bsay\b"],
    [r"\bfulfil+s?\b", r"\b(?:[sz]it|s[a-c]?t)\b", r"\bco-?own\b|\bown\b"],
    [r"\bthe\s+\w", r"\bthey\b|\bthe", r"\ban?\s+a|\bth(?:ey)?'s"],  # whole words or not
    [r"b", r"\bab"],  # a cue that can start inside a word: the alternation is used
    [r"\b(?:a|)", r"\bb"],  # a cue that can match nothing: the alternation is used
    [r"\b(?P<a>a)x|\b(?P=a)", r"\bb"],  # an alternative that is no pattern on its own
]
SMALL_TEXT = st.text(alphabet="abcqxyzABQZ Tthey saydo-,.'ſKfulsitonw", max_size=30)


@FAST
@given(st.sampled_from(SMALL_LEXICONS), SMALL_TEXT)
def test_small_lexicons_give_the_same_matches(families: list[str], text: str) -> None:
    matcher = CueMatcher(families, re.IGNORECASE)
    assert matcher.find(text) == alternation(matcher, text)


def test_only_provable_lexicons_are_matched_word_by_word() -> None:
    fast = [CueMatcher(f, re.IGNORECASE).fast for f in SMALL_LEXICONS]
    assert fast == [True, True, True, True, True, False, False, False]


def test_alternatives_are_split_outside_groups_and_classes_only() -> None:
    pattern = r"\ba|[|(]b|(c|d)|\[e|[]|]f|[^]|]g|h\|i"
    assert top_level_alternatives(pattern) == [
        r"\ba",
        "[|(]b",
        "(c|d)",
        r"\[e",
        "[]|]f",
        "[^]|]g",
        r"h\|i",
    ]


def test_the_alternation_is_guarded_at_word_edges_only_when_every_cue_starts_at_one() -> None:
    assert CueMatcher([r"\bserve|^\s*n/a"], re.I).whole().pattern.startswith(r"(?:^|\b)")
    assert not CueMatcher([r"\bserve|SLA"], re.I).whole().pattern.startswith(r"(?:^|\b)")
