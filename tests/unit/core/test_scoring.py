"""Construct scores per respondent and per side, checked against hand arithmetic."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from tests.support.builders import answers_for, percent, responses, side

from parity.core.instrument import default_instrument
from parity.core.scoring import (
    keyed_answers,
    respondent_counts,
    respondent_scores,
    side_scores,
    to_percent,
)

TPI = default_instrument()


def test_percent_maps_the_ends_and_the_middle() -> None:
    values = pd.Series([1.0, 4.0, 7.0])
    assert to_percent(values, TPI).tolist() == [0.0, 50.0, 100.0]


def test_trs3_is_reversed_before_scoring() -> None:
    frame = side("IT", "HR", [answers_for({"TRS": 6})])
    assert frame.loc[0, "TRS3"] == 2  # the raw answer: "often ends in escalation" disagreed
    assert keyed_answers(frame, TPI).loc[0, "TRS3"] == 6
    assert respondent_scores(frame, TPI).loc[0, "TRS"] == pytest.approx(percent(6))


def test_a_respondent_score_uses_only_the_answered_items() -> None:
    row = answers_for({"OUT": 4}) | {"OUT1": 7.0, "OUT2": np.nan}
    frame = side("IT", "HR", [row])
    # OUT2 skipped: OUT = OUT1 alone = (7 - 1) / 6 * 100
    assert respondent_scores(frame, TPI).loc[0, "OUT"] == pytest.approx(100.0)


def test_a_construct_with_every_item_skipped_is_missing_not_zero() -> None:
    row = answers_for({}) | {"ALT1": np.nan, "ALT2": np.nan}
    frame = side("IT", "HR", [row, answers_for({"ALT": 7})])
    scores = respondent_scores(frame, TPI)
    assert math.isnan(scores.loc[0, "ALT"])
    stats = side_scores(frame, TPI)
    assert stats.loc[("IT", "HR"), ("ALT", "n")] == 1
    assert stats.loc[("IT", "HR"), ("ALT", "mean")] == pytest.approx(100.0)


def test_side_mean_sd_and_t_interval_by_hand() -> None:
    # Three respondents answer NEED 3, 5, 7 on both items: 0-100 scores 33.33, 66.67, 100.
    rows = [answers_for({"NEED": v}) for v in (3, 5, 7)]
    stats = side_scores(side("IT", "HR", rows), TPI).loc[("IT", "HR")]
    mean, sd = 200 / 3, 100 / 3  # sd of (33.3, 66.7, 100) with n - 1 = 33.33
    assert stats[("NEED", "n")] == 3
    assert stats[("NEED", "mean")] == pytest.approx(mean)
    assert stats[("NEED", "sd")] == pytest.approx(sd)
    half = 4.302652729911275 * sd / math.sqrt(3)  # t(0.975, df=2) = 4.3027
    assert stats[("NEED", "ci_low")] == pytest.approx(max(0.0, mean - half))
    assert stats[("NEED", "ci_high")] == pytest.approx(min(100.0, mean + half))


def test_side_agreement_is_one_when_everyone_answers_alike() -> None:
    stats = side_scores(side("IT", "HR", 4, {"VOI": 5}), TPI).loc[("IT", "HR")]
    assert stats[("VOI", "rwg_j")] == pytest.approx(1.0)


def test_side_agreement_falls_when_a_side_splits() -> None:
    rows = [answers_for({"VOI": v}) for v in (1, 7, 1, 7)]
    stats = side_scores(side("IT", "HR", rows), TPI).loc[("IT", "HR")]
    assert stats[("VOI", "rwg_j")] == pytest.approx(0.0)


def test_respondent_counts_ignore_rows_with_no_rated_answer() -> None:
    empty = dict.fromkeys(TPI.item_ids, np.nan)
    frame = responses(side("IT", "HR", [answers_for({}), empty]), side("HR", "IT", 3))
    counts = respondent_counts(frame, TPI)
    assert counts[("IT", "HR")] == 1
    assert counts[("HR", "IT")] == 3


def test_waves_are_separate_sides() -> None:
    first = side("IT", "HR", 3, {"TRS": 2}).assign(wave="2025")
    second = side("IT", "HR", 3, {"TRS": 6}, prefix="w2-").assign(wave="2026")
    stats = side_scores(responses(first, second), TPI)
    assert stats.loc[("2025", "IT", "HR"), ("TRS", "mean")] == pytest.approx(percent(2))
    assert stats.loc[("2026", "IT", "HR"), ("TRS", "mean")] == pytest.approx(percent(6))
