"""Prototype matching: each archetype's own picture is recognised, muted or not."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parity.core.archetypes import (
    ARCHETYPES,
    MAX_SCALE,
    MIN_SCALE,
    PROTOTYPES,
    classify,
    fitted_distances,
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
