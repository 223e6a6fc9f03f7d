"""The anonymity policy: one home for the thresholds, and the per-measure and quote rules as
every view applies them (docs/privacy.md)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.support.builders import responses, side

from parity.core import policy
from parity.core.analysis import RelationshipResult, analyze
from parity.core.disclosure import Withheld, disclose, disclose_analysis, side_view
from parity.core.instrument import default_instrument
from parity.core.language.words import Quote, SideWords, questions_answered_by
from parity.core.policy import Thresholds, quote_key

INSTRUMENT = default_instrument()
SCARCE = ("DIR", "DEF", "TRS")


def _one_person_answers(constructs: tuple[str, ...], n: int = 7) -> pd.DataFrame:
    """A side of ``n`` where only the first respondent answered ``constructs``' items."""
    frame = side("HR", "Operations", n, {"DIR": 6.0, "DEF": 6.0, "TRS": 2.0})
    items = [i.id for c in constructs for i in INSTRUMENT.items_of(c)]
    frame.loc[frame.index[1:], items] = np.nan
    return frame


def test_no_threshold_below_the_floor_and_the_defaults_are_the_webs() -> None:
    assert (policy.MIN_THRESHOLD, policy.DEFAULT_SCORE_THRESHOLD) == (3, 5)
    assert policy.DEFAULT_TEXT_THRESHOLD == 7
    with pytest.raises(ValueError, match="at least 3"):
        Thresholds(score=2)
    with pytest.raises(TypeError):
        Thresholds(score=True)


def test_a_promise_is_raised_never_lowered() -> None:
    promised = Thresholds(5, 7)
    assert promised.raised_to(Thresholds(3, 3)) == Thresholds(5, 7)
    assert promised.raised_to(Thresholds(6, 4)) == Thresholds(6, 7)


def test_a_construct_one_person_answered_is_not_a_sides_score() -> None:
    data = responses(
        _one_person_answers(SCARCE), side("Operations", "HR", 7, {"DIR": 2.0, "TRS": 5.0})
    )
    (rel,) = analyze(data, min_respondents=5).relationships
    hr = rel.sides[0] if rel.sides[0].party == "HR" else rel.sides[1]
    assert hr.shown
    assert hr.respondents == 7
    for construct in SCARCE:
        assert math.isnan(hr.scores[construct])
        assert construct not in hr.answered
    assert hr.answered["OUT"] == 7
    assert not any(c in rel.gaps for c in SCARCE)


def test_the_count_shown_is_the_count_behind_the_number() -> None:
    frame = side("HR", "Operations", 8, {"VOI": 5.0})
    voice = [i.id for i in INSTRUMENT.items_of("VOI")]
    frame.loc[frame.index[:2], voice] = np.nan
    (rel,) = analyze(responses(frame, side("Operations", "HR", 6)), min_respondents=5).relationships
    hr = next(s for s in rel.sides if s.party == "HR")
    assert hr.answered["VOI"] == 6
    assert hr.answered["OUT"] == 8


def _words(**writers: int) -> SideWords:
    by_question = {q: {"servant": n} for q, n in writers.items()}
    quotes = tuple(Quote(q, f"We serve them ({q}).", "servant", 0.9) for q in writers)
    total = sum(writers.values())
    return SideWords(total, by_question, {"servant": total}, quotes)


def test_a_question_few_answered_counts_for_nothing() -> None:
    kept = questions_answered_by(_words(purpose=1, persona=6), 5)
    assert set(kept.by_question) == {"persona"}
    assert kept.overall == {"servant": 6}
    assert kept.statements == 6
    assert [q.column for q in kept.quotes] == ["persona"]


def _result_with_words(words: SideWords, n: int = 9) -> RelationshipResult:
    data = responses(side("IT", "Sales", n), side("Sales", "IT", n))
    (rel,) = analyze(data, min_respondents=5).relationships
    sides = tuple(s if s.party != "IT" else dataclasses.replace(s, words=words) for s in rel.sides)
    return dataclasses.replace(rel, sides=sides)


def test_quotes_need_the_text_threshold_of_writers_on_their_question() -> None:
    rel = _result_with_words(_words(purpose=6, persona=7))
    shown = disclose(rel, Thresholds(5, 7))
    it = next(s for s in shown.sides if s.party == "IT")
    assert it.words is not None
    assert [q.column for q in it.words.quotes] == ["persona"]


def test_quotes_that_name_someone_or_that_were_hidden_are_withheld() -> None:
    words = SideWords(
        16,
        {"purpose": {"servant": 8}, "persona": {"master": 8}},
        {"servant": 8, "master": 8},
        (
            Quote("purpose", "I am Jane Doe, the only controller in Finance.", "servant", 0.9),
            Quote("persona", "A boss who never says thank you.", "servant", 0.9),
        ),
    )
    rel = _result_with_words(words)
    it = next(s for s in disclose(rel, Thresholds(5, 7)).sides if s.party == "IT")
    assert it.words is not None
    assert [q.text for q in it.words.quotes] == ["A boss who never says thank you."]
    hidden = Withheld(
        hidden=frozenset({quote_key("IT", "Sales", "persona", "A boss who never says thank you.")})
    )
    raw_it = next(s for s in rel.sides if s.party == "IT")
    view = side_view(raw_it, Thresholds(5, 7), hidden)
    assert view.quotes == ()
    assert view.quotes_withheld


def test_an_analysis_is_never_shown_under_a_higher_threshold_than_it_ran_with() -> None:
    analysis = analyze(responses(side("IT", "Sales", 5), side("Sales", "IT", 5)), min_respondents=3)
    with pytest.raises(ValueError, match="below"):
        disclose_analysis(analysis, Thresholds(5, 7))


def test_published_numbers_are_rounded_as_the_pages_show_them() -> None:
    assert policy.publish(61.49) == 61.0
    assert policy.publish(None) is None
    assert policy.publish(0.876, policy.PUBLISHED_SHARE_DECIMALS) == 0.88


def test_a_count_of_flagged_respondents_is_shown_from_the_score_threshold_on() -> None:
    assert not policy.flagged_shown(4, 5)
    assert policy.flagged_shown(5, 5)
    assert not policy.flagged_shown(0, policy.MIN_THRESHOLD)


def test_results_are_published_only_when_final() -> None:
    assert not policy.may_publish(closed=False)
    assert policy.may_publish(closed=True)


@settings(max_examples=40, deadline=None)
@given(
    threshold=st.integers(3, 8),
    answered=st.lists(st.lists(st.booleans(), min_size=10, max_size=10), min_size=3, max_size=12),
)
@pytest.mark.slow
def test_no_shown_number_rests_on_fewer_people_than_the_threshold(
    threshold: int, answered: list[list[bool]]
) -> None:
    """For any pattern of skipped constructs, every construct a side shows was answered by at
    least the threshold of its respondents."""
    codes = [c for c in INSTRUMENT.construct_codes if INSTRUMENT.items_of(c)]
    frame = side("IT", "Sales", len(answered), dict.fromkeys(codes, 5.0))
    for row, pattern in zip(frame.index, answered, strict=True):
        for construct, kept in zip(codes, pattern, strict=False):
            if not kept:
                items = [i.id for i in INSTRUMENT.items_of(construct)]
                frame.loc[row, items] = np.nan
    data = responses(frame, side("Sales", "IT", 8))
    for rel in analyze(data, min_respondents=threshold).relationships:
        for s in rel.sides:
            for construct, value in s.scores.items():
                if not math.isnan(value):
                    assert s.answered[construct] >= threshold
            assert all(n >= threshold for n in s.answered.values())


def test_a_segment_and_the_rest_of_its_side_both_need_the_threshold() -> None:
    assert policy.segment_shown(5, 10, 5)
    assert not policy.segment_shown(4, 10, 5)
    assert not policy.segment_shown(6, 10, 5)  # the other four would be the side less these six
    assert not policy.segment_shown(12, 12, 5)  # the rest is nobody: the segment is the side


def test_crossed_segments_need_every_cell_at_the_threshold() -> None:
    assert policy.cells_shown([5, 7, 0, 9], 5)  # an empty cell holds no one to single out
    assert not policy.cells_shown([5, 7, 1, 9], 5)
    assert policy.cells_shown([], 5)
