"""Prototype matching: each archetype's own picture is recognised, muted or not."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parity.core.archetypes import (
    ARCHETYPES,
    BOOTSTRAP_SEED,
    MAX_SCALE,
    MIN_SCALE,
    PROTOTYPES,
    classify,
    fitted_distances,
    resampled_sides,
)
from parity.core.instrument import CORE_CONSTRUCTS


def frames_of(proto_index: int, blur: float = 0.0) -> tuple[pd.DataFrame, pd.DataFrame]:
    proto = PROTOTYPES[proto_index]

    def side(levels: dict[str, tuple[float, float]]) -> pd.DataFrame:
        return pd.DataFrame([{c: levels[c][0] + blur * (50 - levels[c][0]) for c in levels}])

    return side(dict(proto.side_a)), side(dict(proto.side_b))


@pytest.mark.parametrize("index", range(len(PROTOTYPES)))
@pytest.mark.parametrize("blur", [0.0, 0.45])
def test_each_prototype_is_its_own_nearest_even_when_muted(index: int, blur: float) -> None:
    proto = PROTOTYPES[index]
    a, b = frames_of(index, blur)
    result = classify(a, b).iloc[0]
    assert result["archetype"] == proto.archetype
    assert (result["role_a"], result["role_b"]) == (proto.role_a, proto.role_b)


def test_fitted_scale_by_hand() -> None:
    # observed deviations d = (15, -15), prototype deviations q = (30, -30), weights 1:
    # s = (15*30 + 15*30) / (30^2 + 30^2) = 0.5 and the residual is zero.
    dist, scale = fitted_distances(
        np.array([[65.0, 35.0]]), np.array([80.0, 20.0]), np.array([1.0, 1.0])
    )
    assert scale[0] == pytest.approx(0.5)
    assert dist[0] == pytest.approx(0.0)


def test_fitted_scale_is_clipped() -> None:
    # A flat relationship cannot be read as a partnership by shrinking it to nothing.
    dist, scale = fitted_distances(
        np.array([[52.0, 48.0]]), np.array([80.0, 20.0]), np.array([1.0, 1.0])
    )
    assert scale[0] == MIN_SCALE
    assert dist[0] == pytest.approx(np.sqrt(((2 - 15) ** 2 + (-2 + 15) ** 2) / 2))
    _, scale = fitted_distances(
        np.array([[100.0, 0.0]]), np.array([70.0, 30.0]), np.array([1.0, 1.0])
    )
    assert scale[0] == MAX_SCALE


def test_missing_constructs_are_left_out_of_the_distance() -> None:
    dist, _ = fitted_distances(
        np.array([[80.0, np.nan]]), np.array([80.0, 20.0]), np.array([1.0, 1.0])
    )
    assert dist[0] == pytest.approx(0.0)


def test_separation_is_a_probability_and_distances_are_reported() -> None:
    a, b = frames_of(0)
    result = classify(a, b).iloc[0]
    assert 0.5 < result["separation"] <= 1.0
    assert {f"distance_{k}" for k in ARCHETYPES} <= set(result.index)


scores = st.floats(min_value=0, max_value=100, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(st.lists(scores, min_size=24, max_size=24))
def test_swapping_the_sides_swaps_the_roles_and_nothing_else(values: list[float]) -> None:
    a = pd.DataFrame([dict(zip(CORE_CONSTRUCTS, values[:12], strict=True))])
    b = pd.DataFrame([dict(zip(CORE_CONSTRUCTS, values[12:], strict=True))])
    forward = classify(a, b).iloc[0]
    backward = classify(b, a).iloc[0]
    assert forward["archetype"] == backward["archetype"]
    assert (forward["role_a"], forward["role_b"]) == (backward["role_b"], backward["role_a"])
    assert forward["separation"] == pytest.approx(backward["separation"])


def _drawn_alone(scores: np.ndarray, resamples: int, seeded_by: int) -> np.ndarray:
    """One side's resampled means written out plainly, as method §4a states them: the rows in
    lexical order, the draws seeded by the side's sorted scores, each mean over the drawn
    respondents who answered."""
    missing = np.isnan(scores)
    filled = np.where(missing, -1.0, scores) + 0.0
    order = np.lexsort(filled.T[::-1]) if len(scores) else np.arange(0)
    rows, present = scores[order], ~missing[order]
    seed = np.round(np.sort(filled[:, :seeded_by], axis=0), 6)
    digest = hashlib.blake2b(seed.tobytes(), digest_size=8).digest()
    rng = np.random.default_rng([BOOTSTRAP_SEED, int.from_bytes(digest, "little")])
    n = len(rows)
    picked = rng.integers(0, n, size=(resamples, n))
    draws = np.array([np.bincount(p, minlength=n) for p in picked], float).reshape(resamples, n)
    sums, counts = draws @ np.where(present, rows, 0.0), draws @ present.astype(float)
    means = np.full(sums.shape, np.nan)
    return np.divide(sums, counts, out=means, where=counts > 0)


side_scores = st.integers(0, 6).flatmap(
    lambda n: st.lists(
        st.lists(
            st.one_of(st.sampled_from([0.0, -0.0, 50.0, 100.0, np.nan]), st.floats(0, 100)),
            min_size=5,
            max_size=5,
        ),
        min_size=n,
        max_size=n,
    )
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(side_scores, side_scores), min_size=1, max_size=6))
def test_sides_of_one_size_drawn_together_get_the_draws_each_gets_alone(pairs: list) -> None:
    """A large round's sides are resampled by size, many at once: every side's means are
    still, to the last bit, those of its own seeded draws taken alone."""
    sides = [
        (np.array(a, float).reshape(-1, 5), np.array(b, float).reshape(-1, 5)) for a, b in pairs
    ]
    a, b = resampled_sides(sides, resamples=7, seeded_by=3)
    for j, (x, y) in enumerate(sides):
        np.testing.assert_array_equal(a[j * 7 : (j + 1) * 7], _drawn_alone(x, 7, 3))
        np.testing.assert_array_equal(b[j * 7 : (j + 1) * 7], _drawn_alone(y, 7, 3))
