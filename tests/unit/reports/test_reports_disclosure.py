"""The one anonymity gate (parity.core.disclosure): what survives of a result under the score
and text thresholds, for the pages, the API and every report."""

from __future__ import annotations

import dataclasses

import pytest
from tests.unit.reports.conftest import FINANCE_WORDS, IT_WORDS, pair

from parity.core.archetypes import INSUFFICIENT
from parity.core.disclosure import (
    MIN_THRESHOLD,
    Thresholds,
    disclose,
    hidden_sentence,
    reasons_of,
    side_view,
)


def test_thresholds_default_to_the_web_defaults_and_never_go_below_three() -> None:
    assert Thresholds() == Thresholds(score=5, text=7)
    assert MIN_THRESHOLD == 3
    with pytest.raises(ValueError, match="at least 3"):
        Thresholds(score=2)
    with pytest.raises(ValueError, match="at least 3"):
        Thresholds(text=1)
    with pytest.raises(TypeError):
        Thresholds(score=True)


def test_a_side_between_the_thresholds_keeps_its_scores_and_loses_its_quotes() -> None:
    shown = disclose(pair(8, 6).result, Thresholds(5, 7))
    finance, it = shown.sides
    assert shown.archetype == "master_servant"
    assert finance.words is not None
    assert finance.words.quotes
    assert FINANCE_WORDS in finance.words.quotes[0].text
    assert it.shown
    assert it.scores
    assert it.words is not None
    assert it.words.quotes == ()
    assert it.words.overall  # stance counts stay: the side meets the score threshold
    view = side_view(it, Thresholds(5, 7))
    assert view.quotes == ()
    assert view.respondents == 6
    assert IT_WORDS not in repr(shown)


def test_a_side_below_the_score_threshold_keeps_only_its_name() -> None:
    result = pair(8, 4).result  # analysed at 3, so the engine classified it
    assert result.archetype != INSUFFICIENT
    shown = disclose(result, Thresholds(5, 7))
    it = shown.sides[1]
    assert (it.party, it.about, it.shown, it.respondents) == ("IT", "Finance", False, 0)
    assert it.scores == {}
    assert it.words is None
    assert shown.archetype == INSUFFICIENT
    assert shown.partnering_index is None
    assert shown.confidence is None
    assert shown.gaps == {}
    assert shown.power == {}
    assert shown.mutual_need == {}
    assert shown.parity == {}
    assert shown.roles == {}
    assert not shown.name_only
    assert shown.sides[0].partnering_score is None
    assert shown.reasons == (hidden_sentence(result.sides[1], 5),)
    assert IT_WORDS not in repr(shown)
    assert "4 respondents" not in " ".join(shown.reasons)


def test_no_reason_cites_a_hidden_sides_count() -> None:
    result = pair(8, 2, min_respondents=5).result
    assert result.archetype == INSUFFICIENT
    assert not any("2" in reason for reason in result.reasons)
    reasons = reasons_of(result, Thresholds(5, 7))
    assert reasons == (
        "IT has fewer than 5 respondents about Finance (the anonymity threshold): its "
        "answers are not shown.",
    )


def test_a_result_that_meets_both_thresholds_passes_unchanged() -> None:
    result = pair(8, 8).result
    assert disclose(result, Thresholds(5, 7)) == dataclasses.replace(result)
