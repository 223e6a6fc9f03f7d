"""Portraits and themes follow the quote rules: the side shown, the text threshold of writers
on their question, no name, not hidden by a facilitator (docs/privacy.md)."""

from __future__ import annotations

import dataclasses

from tests.support.builders import responses, side

from parity.core.analysis import RelationshipResult, analyze
from parity.core.disclosure import NOTHING_WITHHELD, Withheld, disclose, side_view
from parity.core.language.portraits import portrait_of
from parity.core.language.themes import Theme
from parity.core.language.words import Quote, SideWords
from parity.core.policy import Thresholds, quote_key

THRESHOLDS = Thresholds(5, 7)
BUTLER = Quote("persona", "A butler who never volunteers an idea. Frustrating.", "servant", 0.9)
BOSS = Quote("persona", "Sales is a demanding boss who never says thank you.", "servant", 0.9)
PRIYA = Quote("persona", "A boss like Priya Shah, who decides alone.", "master", 0.9)
HELP = Quote("mirror", "They'd say we're the help.", "servant", 0.9)
BUDGET = Quote("comment", "The budget arrives late every year.", "neutral", 0.6)
BUDGET_TOO = Quote("comment", "Budget approvals are slow.", "neutral", 0.6)


def _words(persona: int = 8, mirror: int = 8, comment: int = 8) -> SideWords:
    by_question = {
        "persona": {"servant": persona},
        "mirror": {"servant": mirror},
        "comment": {"neutral": comment},
    }
    total = persona + mirror + comment
    return SideWords(
        statements=total,
        by_question=by_question,
        overall={"servant": persona + mirror, "neutral": comment},
        quotes=(BOSS,),
        portraits=tuple(portrait_of(q) for q in (PRIYA, BUTLER, BOSS, HELP)),
        themes=(
            Theme(("budget",), 4, (BUDGET, BUDGET_TOO)),
            Theme((), comment - 4, other=True),
        ),
    )


def _result(words: SideWords, n: int = 9) -> RelationshipResult:
    data = responses(side("IT", "Sales", n), side("Sales", "IT", n))
    (rel,) = analyze(data, min_respondents=5).relationships
    sides = tuple(s if s.party != "IT" else dataclasses.replace(s, words=words) for s in rel.sides)
    return dataclasses.replace(rel, sides=sides)


def _it(result: RelationshipResult, withheld: Withheld = NOTHING_WITHHELD) -> SideWords:
    it = next(s for s in disclose(result, THRESHOLDS, withheld).sides if s.party == "IT")
    assert it.words is not None
    return it.words


def test_portraits_and_themes_of_a_side_above_the_thresholds_are_shown_without_names() -> None:
    words = _it(_result(_words()))
    assert [p.text for p in words.portraits] == [BUTLER.text, BOSS.text, HELP.text]
    assert words.portraits[0].image == "a butler"
    assert [t.label for t in words.themes] == ["budget", ""]
    assert words.themes[0].quote == BUDGET
    view = side_view(next(s for s in _result(_words()).sides if s.party == "IT"), THRESHOLDS)
    assert [p.text for p in view.described] == [BUTLER.text, BOSS.text]
    assert [p.text for p in view.mirrored] == [HELP.text]
    assert view.other_quotes == ()  # the one quote is a portrait already


def test_a_question_below_the_text_threshold_shows_no_portrait_and_no_theme() -> None:
    words = _it(_result(_words(persona=6, mirror=8, comment=6)))
    assert [p.column for p in words.portraits] == ["mirror"]
    assert words.themes == ()
    assert words.by_question["comment"] == {"neutral": 6}  # its counts still show


def test_a_side_below_the_score_threshold_shows_no_portrait_and_no_theme() -> None:
    result = _result(_words(), n=4)
    it = next(s for s in disclose(result, THRESHOLDS).sides if s.party == "IT")
    assert it.words is None
    view = side_view(next(s for s in result.sides if s.party == "IT"), THRESHOLDS)
    assert (view.portraits, view.themes, view.quotes) == ((), (), ())


def test_a_hidden_quote_leaves_the_portraits_and_the_themes_too() -> None:
    hidden = Withheld(
        hidden=frozenset(
            {
                quote_key("IT", "Sales", "persona", BUTLER.text),
                quote_key("IT", "Sales", "comment", BUDGET.text),
            }
        )
    )
    words = _it(_result(_words()), hidden)
    assert BUTLER.text not in [p.text for p in words.portraits]
    assert words.themes[0].quote == BUDGET_TOO  # the next nearest the middle
    both = Withheld(hidden=hidden.hidden | {quote_key("IT", "Sales", "comment", BUDGET_TOO.text)})
    theme = _it(_result(_words()), both).themes[0]
    assert (theme.label, theme.answers, theme.quote) == ("budget", 4, None)


def test_a_disclosed_result_disclosed_again_is_shared_and_a_newly_hidden_quote_goes() -> None:
    """The results page discloses the analysis once and its table's rows disclose each result
    again: the second time finds nothing to take out and shares the result rather than
    copying it; a quote hidden since is still taken out."""
    once = disclose(_result(_words()), THRESHOLDS)
    assert disclose(once, THRESHOLDS) is once
    hidden = Withheld(hidden=frozenset({quote_key("IT", "Sales", "persona", BOSS.text)}))
    again = _it(once, hidden)
    assert BOSS.text not in [p.text for p in again.portraits]
    assert again.quotes == ()
    assert _it(once) is _it(disclose(once, THRESHOLDS))
