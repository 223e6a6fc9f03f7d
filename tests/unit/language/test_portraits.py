"""Portraits: the image a persona or mirror answer casts, what it carries, and which answers a
side's portrait shows (docs/method.md §9, "Portraits and themes")."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parity.core.language.images import image_of
from parity.core.language.portraits import (
    CANDIDATES,
    MAX_PORTRAITS,
    PortraitQuote,
    portrait_of,
    portraits_by_side,
    shown,
)
from parity.core.language.quotes import QUOTE_CHARS, Quote

KEYS = ["party", "about"]


@pytest.mark.parametrize(
    ("answer", "image"),
    [
        ("A butler who never volunteers an idea.", "a butler"),
        ("The plumber", "the plumber"),
        ("Like a demanding boss.", "a demanding boss"),
        ("Finance is our robot vacuum: quietly does the job.", "our robot vacuum"),
        ("An old friend you can be honest with.", "an old friend"),
        ("Finance is a demanding boss who never says thank you.", "a demanding boss"),
        ("The Business is a demanding boss.", "a demanding boss"),
        ("A lord of the manor. We're the staff below stairs.", "a lord of the manor"),
        ("Finance would be the headteacher: you do what you're told.", "the headteacher"),
        ("Probably 'the service provider': competent.", "the service provider"),
        ("He acts as a gatekeeper and nothing more.", "a gatekeeper"),
        ("A keen supplier trying to upsell.", "a keen supplier"),
        ("An absolute darling.", "an absolute darling"),
        ("Finance is royalty and we're the household staff.", None),
        ("Demanding but fair.", None),
        ("Probably a bit bossy.", None),
        ("What bothers me is the lack of time.", None),
        ("", None),
    ],
)
def test_the_image_a_persona_answer_casts_the_other_as(answer: str, image: str | None) -> None:
    found = image_of(answer)
    assert (found.text if found else None) == image
    if found is not None:
        assert answer[found.start : found.end].lower() == found.text.lower()


def test_a_mirror_answer_casts_the_writers_own_team() -> None:
    assert image_of("They'd say we're the help: useful.", own_team=True) is not None
    assert image_of("They'd say we're the help: useful.") is None  # not the other party
    assert image_of("They'd call us a demanding client.", own_team=True) is not None
    assert image_of("They are the boss and we follow.", own_team=True) is None


def test_what_the_image_does_is_the_clause_after_it() -> None:
    image = image_of("The boss who changes their mind on a Friday and expects it by Monday.")
    assert image is not None
    assert (image.text, image.does) == ("the boss", "changes their mind on a Friday")


def test_a_portrait_carries_its_image_traits_and_feelings() -> None:
    butler = portrait_of(
        Quote("persona", "A butler who never volunteers an idea. Frustrating.", "servant", 0.9)
    )
    assert butler.image == "a butler"
    assert butler.traits == ("never volunteers an idea",)
    assert butler.feelings == ("frustrated",)
    assert butler.note == "a butler · never volunteers an idea · feels frustrated"
    boss = portrait_of(
        Quote("persona", "Finance is a demanding boss who never says thank you.", "servant", 0.9)
    )
    assert boss.image == "a demanding boss"
    assert boss.traits == ("never says thank you",)  # "demanding" is in the image already
    assert boss.feelings == ("resentful",)
    plumber = portrait_of(Quote("persona", "The plumber", "provider", 0.7))
    assert (plumber.image, plumber.traits, plumber.feelings, plumber.note) == (
        "the plumber",
        (),
        (),
        "the plumber",
    )


def test_a_negated_feeling_reads_as_not_feeling_it() -> None:
    proud = portrait_of(
        Quote("persona", "A partner, but I'm not proud of how we work.", "partner", 0.9)
    )
    assert "not proud" in proud.feelings


def _frame(rows: list[tuple[str, str, str, float, bool]], party: str = "IT") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "party": party,
                "about": "Sales",
                "question": q,
                "text": t,
                "label": lab,
                "confidence": c,
                "clear": clear,
            }
            for q, t, lab, c, clear in rows
        ]
    )


SERVANT_PERSONAS = [
    ("persona", "Sales is a demanding boss who never says thank you.", "servant", 0.9, True),
    ("persona", "The boss. We jump when they call.", "servant", 0.8, True),
    (
        "persona",
        "A VIP guest, and we are the concierge. I feel taken for granted.",
        "servant",
        0.7,
        True,
    ),
    ("persona", "A lord of the manor.", "servant", 0.85, True),
    ("persona", "A king; we bow.", "servant", 0.4, False),
    ("persona", "Sales is a bully who blames us for everything.", "adversary", 0.9, True),
    ("persona", "A rival across the table. Exhausting.", "adversary", 0.8, True),
    ("persona", "A polite acquaintance.", "neutral", 0.9, True),
    ("persona", "A " + "very " * 40 + "long answer.", "servant", 0.95, True),
    ("mirror", "They'd say we're the help.", "servant", 0.9, True),
]


def _portraits(rows: list[tuple[str, str, str, float, bool]]) -> tuple[PortraitQuote, ...]:
    return portraits_by_side(_frame(rows), KEYS).get(("IT", "Sales"), ())


def test_only_clear_short_answers_are_candidates_and_never_two_alike() -> None:
    found = _portraits(SERVANT_PERSONAS)
    texts = [p.text for p in found]
    assert "A king; we bow." not in texts  # unclear
    assert all(len(t) <= QUOTE_CHARS for t in texts)
    persona = [p for p in found if p.column == "persona"]
    assert len(persona) <= CANDIDATES
    heads = [p.image.split()[-1] for p in persona if p.image]
    assert len(heads) == len(set(heads))  # "a demanding boss" and "the boss" are one image
    assert not {
        "Sales is a demanding boss who never says thank you.",
        "The boss. We jump when they call.",
    } <= set(texts)


def test_the_most_common_non_neutral_stance_comes_first_then_the_others_in_turn() -> None:
    persona = [p for p in _portraits(SERVANT_PERSONAS) if p.column == "persona"]
    assert [p.label for p in persona[:3]] == ["servant", "adversary", "servant"]
    assert persona[0].text == "Sales is a demanding boss who never says thank you."
    assert "neutral" not in [p.label for p in persona]  # one neutral answer in nine


def test_a_lone_voice_is_not_shown_as_the_sides() -> None:
    servants = (
        "A loyal butler.",
        "The help.",
        "A doormat.",
        "An errand runner.",
        "The waiter.",
        "A valet.",
        "The footman.",
        "A bellhop.",
    )
    rows = [("persona", text, "servant", 0.9, True) for text in servants]
    rows.append(("persona", "A bully who shouts.", "adversary", 0.95, True))  # 1 in 9
    assert {p.label for p in _portraits(rows)} == {"servant"}


def test_mirror_answers_make_a_portrait_of_their_own() -> None:
    mirror = [p for p in _portraits(SERVANT_PERSONAS) if p.column == "mirror"]
    assert [(p.text, p.image) for p in mirror] == [("They'd say we're the help.", "the help")]


@settings(max_examples=40, deadline=None)
@given(st.permutations(SERVANT_PERSONAS))
def test_the_same_answers_give_the_same_portraits_in_any_order(
    rows: list[tuple[str, str, str, float, bool]],
) -> None:
    assert _portraits(rows) == _portraits(SERVANT_PERSONAS)


def test_shown_keeps_three_per_question_that_may_be_quoted_and_fills_from_the_next() -> None:
    found = _portraits(SERVANT_PERSONAS)
    first = found[0]
    kept = shown(found, lambda q: q != first.quote)
    assert first not in kept
    persona = [p for p in kept if p.column == "persona"]
    assert len(persona) == min(MAX_PORTRAITS, len([p for p in found if p.column == "persona"]) - 1)
    assert [p.column for p in shown(found, lambda q: True)].count("persona") == MAX_PORTRAITS
    assert shown(found, lambda q: False) == ()


def test_no_answers_no_portraits() -> None:
    assert portraits_by_side(_frame([]), KEYS) == {}
    assert _portraits([("purpose", "To serve Sales.", "servant", 0.9, True)]) == ()
