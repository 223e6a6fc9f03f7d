"""Segments of a side by role, level, location and tenure: shown only where no subtraction of
shown results gives a smaller group's, and a side split when two segments clearly disagree
(docs/method.md §2b)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests.support.builders import answers_for
from tests.support.segments import ADMINISTRATORS, ALIKE, PARTNERS, hr_side

from parity.core import segments
from parity.core.analysis import analyze
from parity.core.disclosure import Thresholds, disclose
from parity.core.instrument import default_instrument
from parity.core.segments import (
    NOT_GIVEN,
    OTHER,
    SPLIT_POINTS,
    SideSegments,
    shown_under,
    side_segments,
    split_sentence,
    welch_interval,
)

INSTRUMENT = default_instrument()
T = 5


def scores_of(values: Sequence[float], construct: str = "VOI") -> pd.DataFrame:
    """One construct's scores, one respondent per value (NaN: not answered)."""
    return pd.DataFrame({construct: np.asarray(values, dtype=float)})


def labels(*groups: tuple[str, int]) -> np.ndarray:
    return np.asarray([value for value, n in groups for _ in range(n)], dtype=object)


def published(found: SideSegments | None, attribute: str) -> dict[str, int]:
    shown = found.of(attribute) if found else None
    return {} if shown is None else {s.value: s.respondents for s in shown.segments}


# --- which segments are shown -------------------------------------------------------------


def test_two_groups_at_the_threshold_are_shown_with_their_means() -> None:
    roles = labels(("business partner", 5), ("administrator", 6))
    scores = scores_of([80.0] * 5 + [20.0] * 6)
    found = side_segments({"role": roles}, scores, T)
    assert found is not None
    role = found.of("role")
    assert role is not None
    assert [(s.value, s.respondents) for s in role.segments] == [
        ("administrator", 6),
        ("business partner", 5),
    ]
    assert role.segments[1].scores == {"VOI": 80.0}
    assert role.segments[0].answered == {"VOI": 6}


def test_a_group_below_the_threshold_hides_the_attribute_when_the_pool_is_too_small() -> None:
    """Business partners (9) pass, administrators (3) do not, and their pool ("other", 3) does
    not either: showing business partners would give administrators' mean as the side less
    them, so the attribute is not shown for the side."""
    roles = labels(("business partner", 9), ("administrator", 3))
    found = side_segments({"role": roles}, scores_of([70.0] * 9 + [10.0] * 3), T)
    assert found is not None
    assert found.attributes == ()
    assert found.withheld == ("role",)


def test_small_values_are_pooled_into_other_when_the_pool_passes() -> None:
    roles = labels(("business partner", 7), ("payroll", 3), ("recruiter", 2), ("other", 1))
    found = side_segments({"role": roles}, scores_of(range(13)), T)
    assert published(found, "role") == {"business partner": 7, OTHER: 6}


def test_the_empty_cells_are_a_group_too() -> None:
    """Eight gave a role and two did not: the two are the side less the eight."""
    roles = labels(("business partner", 8), (NOT_GIVEN, 2))
    found = side_segments({"role": roles}, scores_of([60.0] * 10), T)
    assert found is not None
    assert found.withheld == ("role",)
    roles = labels(("business partner", 8), (NOT_GIVEN, 5))
    assert published(side_segments({"role": roles}, scores_of([60.0] * 13), T), "role") == {
        "business partner": 8,
        NOT_GIVEN: 5,
    }


def test_one_value_for_everyone_is_not_a_segment() -> None:
    """The complementary rule: the rest of the side (nobody) is below the threshold."""
    found = side_segments({"role": labels(("business partner", 12))}, scores_of([50.0] * 12), T)
    assert found is not None
    assert found.attributes == ()
    assert found.withheld == ("role",)


def test_no_attribute_given_is_nothing_to_say() -> None:
    assert side_segments({"role": labels((NOT_GIVEN, 12))}, scores_of([50.0] * 12), T) is None


def test_a_construct_too_few_of_a_segment_answered_is_not_shown_for_the_attribute() -> None:
    """Ten business partners and six administrators, of whom two answered voice: the side's
    voice rests on 12, so the partners' voice (10) would give those two's by subtraction."""
    roles = labels(("business partner", 10), ("administrator", 6))
    voice = [70.0] * 10 + [10.0, 12.0] + [math.nan] * 4
    scores = pd.DataFrame({"VOI": voice, "VAL": [50.0] * 16})
    found = side_segments({"role": roles}, scores, T)
    assert found is not None
    role = found.of("role")
    assert role is not None
    assert role.constructs == ("VAL",)
    assert all("VOI" not in s.scores for s in role.segments)


# --- the attacker ---------------------------------------------------------------------------


def recovered(queries: Sequence[tuple[np.ndarray, float]], target: np.ndarray) -> float | None:
    """The sum over ``target`` an attacker who knows everyone's attributes gets from the
    published sums, if any combination of the published groups is exactly ``target``."""
    matrix = np.array([q.astype(float) for q, _ in queries]).T
    weights, *_ = np.linalg.lstsq(matrix, target.astype(float), rcond=None)
    if not np.allclose(matrix @ weights, target.astype(float), atol=1e-8):
        return None
    return float(weights @ np.array([total for _, total in queries]))


def publication(
    attributes: Mapping[str, np.ndarray], values: np.ndarray, found: SideSegments | None
) -> list[tuple[np.ndarray, float]]:
    """Everything shown about one construct (all answered): the side's total, and each shown
    segment's total (mean × n) with its members as the attacker finds them."""
    out = [(np.ones(len(values), dtype=bool), float(values.sum()))]
    for shown in found.attributes if found else ():
        column = attributes[shown.attribute]
        named = [s.value for s in shown.segments if s.value != OTHER]
        for segment in shown.segments:
            members = ~np.isin(column, named) if segment.value == OTHER else column == segment.value
            out.append((members, segment.scores["VOI"] * segment.answered["VOI"]))
    return out


def naive(attributes: Mapping[str, np.ndarray], values: np.ndarray) -> SideSegments:
    """What a publication without the complementary rule and without crossing would show:
    every value held by at least the threshold, each on its own count."""
    shown = []
    for attribute, column in attributes.items():
        kept = [
            segments.Segment(
                str(v), int(n), {"VOI": float(values[column == v].mean())}, {"VOI": int(n)}
            )
            for v, n in zip(*np.unique(column, return_counts=True), strict=True)
            if n >= T
        ]
        shown.append(segments.AttributeSegments(attribute, tuple(kept), T, {"VOI": T}))
    return SideSegments(tuple(shown))


def test_the_side_and_a_segment_never_give_a_small_groups_mean() -> None:
    """An HR side of 12: nine business partners, three administrators. Without the
    complementary rule the partners are shown, and the side less them is the administrators'
    mean to the point; with it, neither the administrators' total nor any one person's can be
    formed from what is shown."""
    roles = labels(("business partner", 9), ("administrator", 3))
    values = np.array([72.0, 75, 70, 68, 80, 74, 71, 69, 77, 31, 25, 40])
    admins = roles == "administrator"
    attributes = {"role": roles}

    attack = recovered(publication(attributes, values, naive(attributes, values)), admins)
    assert attack is not None
    assert attack / 3 == pytest.approx(values[admins].mean())

    found = side_segments(attributes, scores_of(values), T)
    queries = publication(attributes, values, found)
    assert recovered(queries, admins) is None
    for person in range(len(values)):
        assert recovered(queries, np.arange(len(values)) == person) is None


def test_two_attributes_crossed_never_single_anyone_out() -> None:
    """Ten business partners and ten administrators; eleven seniors: the ten partners and one
    administrator. Seniors less partners would be that administrator's own score, so level is
    not shown beside role."""
    roles = labels(("business partner", 10), ("administrator", 10))
    levels = labels(("senior", 11), ("junior", 9))
    values = np.linspace(20, 90, 20)
    attributes = {"role": roles, "level": levels}
    lone = (roles == "administrator") & (levels == "senior")

    attack = recovered(publication(attributes, values, naive(attributes, values)), lone)
    assert attack == pytest.approx(values[lone][0])

    found = side_segments(attributes, scores_of(values), T)
    assert found is not None
    assert published(found, "role") == {"business partner": 10, "administrator": 10}
    assert found.withheld == ("level",)
    queries = publication(attributes, values, found)
    for person in range(len(values)):
        assert recovered(queries, np.arange(len(values)) == person) is None


def test_without_the_crossing_rule_the_attacker_succeeds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The crossing test above fails if the rule is taken away: the attack is real."""
    roles = labels(("business partner", 10), ("administrator", 10))
    levels = labels(("senior", 11), ("junior", 9))
    values = np.linspace(20, 90, 20)
    attributes = {"role": roles, "level": levels}
    monkeypatch.setattr(segments, "cells_shown", lambda cells, threshold: True)
    found = side_segments(attributes, scores_of(values), T)
    lone = (roles == "administrator") & (levels == "senior")
    assert recovered(publication(attributes, values, found), lone) == pytest.approx(values[lone][0])


def random_side(seed: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """A side of 12 to 80 with four attributes of two or three values in random shares."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(12, 80))

    def column() -> np.ndarray:
        k = int(rng.integers(2, 4))
        return np.asarray(rng.choice(list("abc")[:k], size=n, p=rng.dirichlet(np.ones(k))))

    attributes = {name: column().astype(object) for name in ("role", "level", "location", "tenure")}
    return attributes, rng.uniform(0, 100, n)


def individuals_found(queries: Sequence[tuple[np.ndarray, float]], n: int) -> int:
    return sum(recovered(queries, np.arange(n) == person) is not None for person in range(n))


@pytest.mark.parametrize("seed", range(20))
def test_no_published_combination_gives_anyones_score(seed: int) -> None:
    """Random sides: no combination of the side's and the segments' totals is one person's."""
    attributes, values = random_side(seed)
    found = side_segments(attributes, scores_of(values), T)
    assert individuals_found(publication(attributes, values, found), len(values)) == 0


def test_the_same_attacker_finds_people_in_a_publication_without_the_rules() -> None:
    """The attack of the test above is real: on the same sides, publishing every value held by
    at least the threshold gives someone's own score away."""
    found = 0
    for seed in range(20):
        attributes, values = random_side(seed)
        queries = publication(attributes, values, naive(attributes, values))
        found += individuals_found(queries, len(values))
    assert found >= 3


# --- splits ---------------------------------------------------------------------------------


def test_a_side_with_two_clear_groups_is_split_by_role() -> None:
    data = hr_side()
    (rel,) = analyze(data, instrument=INSTRUMENT).relationships
    hr = next(s for s in rel.sides if s.party == "HR")
    assert hr.segments is not None
    (split,) = hr.segments.splits
    assert (split.attribute, split.construct) == ("role", "VOI")
    assert (split.high, split.low) == ("business partner", "administrator")
    partners = 100 * (np.mean(PARTNERS) - 1) / 6
    administrators = 100 * (np.mean(ADMINISTRATORS) - 1) / 6
    assert split.scores == pytest.approx((partners, administrators))
    assert split.difference == pytest.approx(partners - administrators)
    assert split.ci[0] > 0
    sentence = split_sentence("HR", split, INSTRUMENT.constructs)
    assert sentence.startswith(
        f"HR: split by role — business partner rate voice {partners:.0f}, "
        f"administrator {administrators:.0f} ("
    )
    # The side's own voice is their average, the one voice nobody has.
    assert hr.scores["VOI"] == pytest.approx((8 * partners + 7 * administrators) / 15)


def test_a_homogeneous_side_is_not_split() -> None:
    data = hr_side(*ALIKE)
    (rel,) = analyze(data, instrument=INSTRUMENT).relationships
    hr = next(s for s in rel.sides if s.party == "HR")
    assert hr.segments is not None
    assert hr.segments.of("role") is not None
    assert hr.segments.splits == ()


def test_a_large_difference_on_few_noisy_answers_is_not_a_split() -> None:
    """25 points apart, but the groups vary so much that the interval reaches 0."""
    roles = labels(("a", 5), ("b", 5))
    values = [100.0, 0.0, 100.0, 50.0, 75.0, 0.0, 100.0, 0.0, 50.0, 25.0]
    found = side_segments({"role": roles}, scores_of(values), T)
    assert found is not None
    assert found.of("role") is not None
    difference, low, _ = welch_interval(np.array(values[:5]), np.array(values[5:]), 0.95)
    assert difference >= SPLIT_POINTS
    assert low < 0
    assert found.splits == ()


def test_welch_interval_by_hand() -> None:
    """x = 1..5 (mean 3, s² 2.5), y = 0, 0, 3 (mean 1, s² 3): se² = 0.5 + 1 = 1.5,
    df = 1.5² / (0.5²/4 + 1²/2) = 2.25 / 0.5625 = 4, t(0.975, 4) = 2.776445."""
    difference, low, high = welch_interval(np.arange(1.0, 6.0), np.array([0.0, 0.0, 3.0]), 0.95)
    half = 2.7764451051977987 * math.sqrt(1.5)
    assert difference == 2.0
    assert (low, high) == pytest.approx((2.0 - half, 2.0 + half))


# --- a stricter view ------------------------------------------------------------------------


def test_a_stricter_threshold_keeps_only_attributes_whose_cells_reach_it() -> None:
    roles = labels(("business partner", 6), ("administrator", 8))
    # Crossed with role, tenure's cells are 3, 3, 4 and 4.
    tenure = np.asarray(["1-3"] * 3 + ["10+"] * 3 + ["1-3"] * 4 + ["10+"] * 4, dtype=object)
    scores = scores_of([80.0] * 6 + [20.0] * 8)
    found = side_segments({"role": roles, "tenure": tenure}, scores, 3)
    assert found is not None
    assert [(a.attribute, a.smallest) for a in found.attributes] == [("role", 6), ("tenure", 3)]
    stricter = shown_under(found, 6)
    assert stricter is not None
    assert [a.attribute for a in stricter.attributes] == ["role"]
    assert stricter.withheld == ("tenure",)
    assert shown_under(found, 9) == SideSegments((), ("role", "tenure"), ())


def test_disclosure_under_a_higher_threshold_drops_the_segments() -> None:
    data = hr_side()
    (rel,) = analyze(data, instrument=INSTRUMENT, min_respondents=5).relationships
    shown = disclose(rel, Thresholds(score=8))
    hr = next(s for s in shown.sides if s.party == "HR")
    assert hr.shown
    assert hr.segments is not None
    assert hr.segments.attributes == ()
    assert hr.segments.splits == ()
    assert hr.segments.withheld == ("role",)


def test_the_segments_partition_the_sides_respondents_after_the_screen() -> None:
    """The side's count and its segments' rest on the same people: one straight-lining
    administrator is left out of both."""
    data = hr_side()
    straight = {
        "respondent": "hr-straight",
        "party": "HR",
        "about": "Sales",
        "role": "administrator",
    }
    data = pd.concat([data, pd.DataFrame([{**straight, **answers_for({}, default=7)}])])
    (rel,) = analyze(data, instrument=INSTRUMENT).relationships
    hr = next(s for s in rel.sides if s.party == "HR")
    assert hr.respondents == 15
    assert hr.segments is not None
    role = hr.segments.of("role")
    assert role is not None
    assert {s.value: s.respondents for s in role.segments} == {
        "business partner": 8,
        "administrator": 7,
    }


def test_the_methods_example_is_what_the_hand_made_side_gives() -> None:
    (rel,) = analyze(hr_side(), instrument=INSTRUMENT).relationships
    hr = next(s for s in rel.sides if s.party == "HR")
    assert hr.segments is not None
    (sentence,) = segments.split_sentences("HR", hr.segments, INSTRUMENT.constructs)
    method = Path(__file__).parents[3] / "docs" / "method.md"
    assert sentence in " ".join(method.read_text(encoding="utf-8").split())
