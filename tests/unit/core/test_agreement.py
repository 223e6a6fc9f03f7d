"""Reliability and agreement on matrices small enough to check by hand.

Every expected number is worked out in a comment next to the test, so a reader can verify it
with pencil and paper. Published values on real data are in tests/reference/.
"""

from __future__ import annotations

import math
import subprocess
import sys
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from parity.core.agreement import (
    ICC_COLUMNS,
    ICC_TYPES,
    AlphaResult,
    OnewayICC,
    cronbach_alpha,
    feldt_interval,
    icc,
    icc_long,
    icc_oneway_groups,
    rwg,
    rwg_j,
    uniform_null_variance,
)

NAN = float("nan")


def approx(value: Any) -> Any:
    return pytest.approx(value, rel=1e-9, abs=1e-12, nan_ok=True)


# --------------------------------------------------------------------------------------------
# Cronbach's alpha
# --------------------------------------------------------------------------------------------


def test_alpha_by_hand() -> None:
    # items (3 respondents x 2 items): [1, 2], [2, 3], [3, 5]
    # item 1: mean 2, deviations -1, 0, 1          -> var = 2/2 = 1
    # item 2: mean 10/3, deviations -4/3, -1/3, 5/3 -> var = (16+1+25)/9/2 = 7/3
    # cov = ((-1)(-4/3) + 0 + (1)(5/3)) / 2 = 3/2
    # sum(C) = 1 + 7/3 + 2*(3/2) = 19/3 (= variance of the totals 3, 5, 8); trace = 10/3
    # alpha = 2/1 * (1 - (10/3)/(19/3)) = 2 * 9/19 = 18/19
    # Feldt, n = 3, k = 2: df1 = 2, df2 = 2. For F(2, 2) the CDF is x/(1+x), so
    # F.ppf(0.975) = 0.975/0.025 = 39 and F.ppf(0.025) = 1/39:
    # lower = 1 - (1/19)*39 = -20/19, upper = 1 - (1/19)/39 = 1 - 1/741
    result = cronbach_alpha(np.array([[1, 2], [2, 3], [3, 5]]))
    assert result == AlphaResult(
        alpha=approx(18 / 19), ci_low=approx(-20 / 19), ci_high=approx(1 - 1 / 741), n=3, k=2
    )


def test_alpha_pairwise_deletion_by_hand() -> None:
    # The data above plus a 4th respondent who answered item 1 only (4, NaN) and a 5th who
    # answered nothing (dropped, not counted in n).
    # item 1 over 4 answers: mean 2.5, squares 2.25+0.25+0.25+2.25 = 5 -> var 5/3
    # item 2 over 3 answers: var 7/3; cov over the 3 complete pairs: 3/2 (as above)
    # sum(C) = 5/3 + 7/3 + 3 = 7, trace = 4, alpha = 2 * (1 - 4/7) = 6/7, n = 4
    data = pd.DataFrame({"q1": [1, 2, 3, 4, NAN], "q2": [2, 3, 5, NAN, NAN]})
    result = cronbach_alpha(data)
    assert result.alpha == approx(6 / 7)
    assert (result.n, result.k) == (4, 2)


def test_alpha_accepts_none_and_nullable_integers() -> None:
    plain = cronbach_alpha([[1, 2], [2, 3], [3, 5], [4, None]])
    nullable = cronbach_alpha(
        pd.DataFrame({"a": pd.array([1, 2, 3, 4], dtype="Int64"), "b": [2, 3, 5, None]})
    )
    assert plain.alpha == approx(6 / 7)
    assert nullable == plain


@pytest.mark.parametrize(
    ("items", "n", "k"),
    [
        ([[1], [2], [3]], 3, 1),  # k = 1: alpha needs two items
        ([[1, 2, 3]], 1, 3),  # n = 1: no variance
        ([[1, 2], [NAN, NAN]], 1, 2),  # the empty row does not count
        (np.empty((0, 4)), 0, 4),
        ([[3, 3], [3, 3], [3, 3]], 3, 2),  # no variance at all: 0/0
        ([[1, NAN], [NAN, 2], [3, NAN], [NAN, 5]], 4, 2),  # the items share no respondent
    ],
)
def test_alpha_is_nan_when_undefined(items: Any, n: int, k: int) -> None:
    result = cronbach_alpha(items)
    assert math.isnan(result.alpha)
    assert math.isnan(result.ci_low)
    assert math.isnan(result.ci_high)
    assert (result.n, result.k) == (n, k)


def test_alpha_can_be_negative() -> None:
    # Two items that move in opposite directions: C = [[1, -1/2], [-1/2, 1]] (for 1,2,3 and
    # 2,3,1: cov = ((-1)(0) + 0*1 + 1*(-1))/2 = -1/2), sum(C) = 1, trace = 2,
    # alpha = 2 * (1 - 2/1) = -2. Not clipped: it says the items do not measure one thing.
    assert cronbach_alpha([[1, 2], [2, 3], [3, 1]]).alpha == approx(-2.0)


def test_alpha_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="2-D"):
        cronbach_alpha([1, 2, 3])
    with pytest.raises(ValueError, match="ci"):
        cronbach_alpha([[1, 2], [2, 3]], ci=95)


@st.composite
def item_matrices(draw: st.DrawFn) -> np.ndarray[Any, np.dtype[np.float64]]:
    n = draw(st.integers(min_value=2, max_value=12))
    k = draw(st.integers(min_value=2, max_value=6))
    answers = st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, NAN])
    cells = draw(st.lists(answers, min_size=n * k, max_size=n * k))
    return np.array(cells, dtype=np.float64).reshape(n, k)


@given(data=st.data(), matrix=item_matrices())
def test_alpha_ignores_the_order_of_respondents_and_items(
    data: st.DataObject, matrix: np.ndarray[Any, np.dtype[np.float64]]
) -> None:
    rows = data.draw(st.permutations(range(matrix.shape[0])))
    cols = data.draw(st.permutations(range(matrix.shape[1])))
    original = cronbach_alpha(matrix)
    shuffled = cronbach_alpha(matrix[np.ix_(rows, cols)])
    assert (shuffled.n, shuffled.k) == (original.n, original.k)
    assert shuffled.alpha == pytest.approx(original.alpha, rel=1e-9, abs=1e-9, nan_ok=True)
    assert shuffled.ci_low == pytest.approx(original.ci_low, rel=1e-9, abs=1e-9, nan_ok=True)
    assert shuffled.ci_high == pytest.approx(original.ci_high, rel=1e-9, abs=1e-9, nan_ok=True)


# --------------------------------------------------------------------------------------------
# rwg
# --------------------------------------------------------------------------------------------


def test_uniform_null_variance() -> None:
    # (A² - 1)/12: 5 options -> 24/12 = 2 (multilevel's ranvar = 2); 7 options -> 48/12 = 4
    assert uniform_null_variance(5) == 2.0
    assert uniform_null_variance(7) == 4.0
    for bad in (1, 0, 2.5, True):
        with pytest.raises(ValueError, match="scale_points"):
            uniform_null_variance(bad)  # type: ignore[arg-type]


def test_rwg_by_hand() -> None:
    # 5-point scale, sigma²_EU = 2.
    # a: 3, 4, 5 -> s² = (1 + 0 + 1)/2 = 1 -> 1 - 1/2 = 0.5
    # b: 1, 5    -> s² = (4 + 4)/1 = 8 > 2 -> 1 - 4 < 0 -> truncated to 0
    # c: 4       -> a group of one: NaN
    # d: 3, 3, 3 -> s² = 0 -> 1
    # e: 2, NaN, 3 -> the missing answer is ignored: s² = 0.5 -> 0.75
    values = [3, 4, 5, 1, 5, 4, 3, 3, 3, 2, NAN, 3]
    groups = ["a", "a", "a", "b", "b", "c", "d", "d", "d", "e", "e", "e"]
    result = rwg(values, groups, scale_points=5)
    expected = pd.Series(
        [0.5, 0.0, NAN, 1.0, 0.75],
        index=pd.Index(["a", "b", "c", "d", "e"], name="group"),
        name="rwg",
    )
    pd.testing.assert_series_equal(result, expected, check_index_type=False)


def test_rwg_default_scale_is_seven_points() -> None:
    # 3, 4, 5: s² = 1, sigma²_EU = 4 -> 0.75
    assert rwg([3, 4, 5], [1, 1, 1]).iloc[0] == approx(0.75)


def test_rwg_keys_by_position_and_names_the_index_after_the_key() -> None:
    frame = pd.DataFrame({"x": [3.0, 4.0, 5.0, 1.0], "side": ["a", "a", "a", "b"]})
    frame.index = [10, 3, 7, 1]  # a scrambled index must not change the pairing
    result = rwg(frame["x"], frame["side"], scale_points=5)
    assert result.index.name == "side"
    assert result.loc["a"] == approx(0.5)
    assert math.isnan(result.loc["b"])


def test_rwg_ignores_rows_without_a_group() -> None:
    result = rwg([3, 4, 5, 1], ["a", "a", "a", None], scale_points=5)
    assert list(result.index) == ["a"]


@pytest.mark.parametrize(
    "keys",
    [
        pd.DataFrame({"party": ["p", "p", "p", "q", "q"], "about": ["x", "x", "x", "y", "y"]}),
        [np.array(["p", "p", "p", "q", "q"]), np.array(["x", "x", "x", "y", "y"])],
        [["p", "p", "p", "q", "q"], pd.Series(["x", "x", "x", "y", "y"])],
        [("p", "x"), ("p", "x"), ("p", "x"), ("q", "y"), ("q", "y")],
        pd.Series([("p", "x"), ("p", "x"), ("p", "x"), ("q", "y"), ("q", "y")]),
        pd.MultiIndex.from_arrays([["p", "p", "p", "q", "q"], ["x", "x", "x", "y", "y"]]),
        np.array([["p", "x"], ["p", "x"], ["p", "x"], ["q", "y"], ["q", "y"]]),
    ],
    ids=["frame", "arrays", "mixed-list", "tuples", "tuple-series", "multiindex", "2d-array"],
)
def test_rwg_accepts_composite_keys(keys: Any) -> None:
    # (p, x): 3, 4, 5 -> 0.5;  (q, y): 2, 2 -> 1
    result = rwg([3, 4, 5, 2, 2], keys, scale_points=5)
    assert isinstance(result.index, pd.MultiIndex)
    assert list(result.index) == [("p", "x"), ("q", "y")]
    assert list(result) == [approx(0.5), approx(1.0)]


def test_composite_key_levels_keep_their_names() -> None:
    keys = pd.DataFrame({"party": ["p", "p"], "about": ["x", "x"]})
    assert rwg([1, 2], keys).index.names == ["party", "about"]
    assert rwg([1, 2], [("p", "x"), ("p", "x")]).index.names == ["group_0", "group_1"]


def test_group_keys_must_match_the_data() -> None:
    with pytest.raises(ValueError, match="rows"):
        rwg([1, 2, 3], ["a", "a"])
    with pytest.raises(ValueError, match="1-D"):
        rwg([[1, 2], [3, 4]], ["a", "a"])


@st.composite
def grouped_answers(draw: st.DrawFn, n_items: int = 1) -> tuple[int, np.ndarray[Any, Any], Any]:
    scale = draw(st.integers(min_value=2, max_value=9))
    n = draw(st.integers(min_value=1, max_value=30))
    answers = st.one_of(st.integers(min_value=1, max_value=scale).map(float), st.just(NAN))
    cells = draw(st.lists(answers, min_size=n * n_items, max_size=n * n_items))
    groups = draw(st.lists(st.integers(min_value=0, max_value=4), min_size=n, max_size=n))
    return scale, np.array(cells).reshape(n, n_items), groups


@given(case=grouped_answers())
def test_rwg_lies_between_0_and_1(case: tuple[int, np.ndarray[Any, Any], Any]) -> None:
    scale, values, groups = case
    result = rwg(values[:, 0], groups, scale_points=scale)
    defined = result.dropna()
    assert ((defined >= 0) & (defined <= 1)).all()


# --------------------------------------------------------------------------------------------
# rwg(j)
# --------------------------------------------------------------------------------------------


def test_rwg_j_by_hand() -> None:
    # 5-point scale, sigma² = 2, two items.
    # a: item 1 = 3, 4, 5 (s² = 1), item 2 = 4, 4, 4 (s² = 0): mean s² = 0.5, ratio 0.25,
    #    rwg(j) = 2*(0.75) / (2*(0.75) + 0.25) = 1.5/1.75 = 6/7
    # b: item 1 = 1, 5 (s² = 8), item 2 = 5, 1 (s² = 8): mean 8 > 2 -> set to 2 -> 0
    # d: all answers 3: mean s² = 0 -> 2*1/(2*1 + 0) = 1
    # e: item 1 = 2, 3, NaN (s² = 0.5), item 2 = 4, NaN, NaN (one answer: no variance):
    #    J = 1 item with a variance, ratio 0.25 -> 0.75/(0.75 + 0.25) = 0.75 (= rwg of item 1)
    # f: one respondent -> NaN
    items = np.array(
        [
            [3, 4],
            [4, 4],
            [5, 4],
            [1, 5],
            [5, 1],
            [3, 3],
            [3, 3],
            [2, 4],
            [3, NAN],
            [NAN, NAN],
            [4, 4],
        ],
        dtype=float,
    )
    groups = ["a", "a", "a", "b", "b", "d", "d", "e", "e", "e", "f"]
    result = rwg_j(items, groups, scale_points=5)
    assert result.name == "rwg_j"
    assert list(result.index) == ["a", "b", "d", "e", "f"]
    assert list(result) == [approx(6 / 7), 0.0, 1.0, approx(0.75), approx(NAN)]


def test_rwg_j_of_one_item_is_rwg() -> None:
    values = [3, 4, 5, 1, 5, 3, 3, 3]
    groups = [1, 1, 1, 2, 2, 3, 3, 3]
    single = rwg_j(np.array(values, dtype=float)[:, None], groups, scale_points=5)
    assert list(single) == [approx(v) for v in rwg(values, groups, scale_points=5)]


def test_rwg_j_accepts_a_frame_and_composite_keys() -> None:
    frame = pd.DataFrame(
        {
            "party": ["p", "p", "p", "q", "q"],
            "about": ["x", "x", "x", "y", "y"],
            "i1": [3, 4, 5, 2, 2],
            "i2": [4, 4, 4, 2, 2],
        }
    )
    result = rwg_j(frame[["i1", "i2"]], frame[["party", "about"]], scale_points=5)
    assert result.index.names == ["party", "about"]
    assert result.loc[("p", "x")] == approx(6 / 7)
    assert result.loc[("q", "y")] == 1.0


@given(case=grouped_answers(n_items=3))
def test_rwg_j_lies_between_0_and_1(case: tuple[int, np.ndarray[Any, Any], Any]) -> None:
    scale, items, groups = case
    defined = rwg_j(items, groups, scale_points=scale).dropna()
    assert ((defined >= 0) & (defined <= 1)).all()


# --------------------------------------------------------------------------------------------
# ICC family
# --------------------------------------------------------------------------------------------

# 3 targets x 2 raters, worked out once for the tests below:
#   [1, 2]   row mean 1.5
#   [3, 3]   row mean 3
#   [5, 7]   row mean 6        grand mean 21/6 = 3.5, column means 3 and 4
# SS_targets = 2 * ((-2)² + (-0.5)² + 2.5²) = 2 * 10.5 = 21   -> MSB = 21/2 = 10.5
# SS_raters  = 3 * ((-0.5)² + 0.5²) = 1.5                      -> MSJ = 1.5/1 = 1.5
# SS_total   = 6.25 + 2.25 + 0.25 + 0.25 + 2.25 + 12.25 = 23.5
# SS_error   = 23.5 - 21 - 1.5 = 1                             -> MSE = 1/2 = 0.5
# MSW = (1.5 + 1) / (3 * 1) = 5/6
# ICC1  = (10.5 - 5/6)/(10.5 + 5/6) = (29/3)/(34/3) = 29/34
# ICC2  = (10.5 - 0.5)/(10.5 + 0.5 + 2*(1.5 - 0.5)/3) = 10/(35/3) = 6/7
# ICC3  = 10/(10.5 + 0.5) = 10/11
# ICC1k = (29/3)/10.5 = 58/63;  ICC2k = 10/(10.5 + 1/3) = 12/13;  ICC3k = 10/10.5 = 20/21
# F one-way = 10.5/(5/6) = 12.6 on (2, 3); F two-way = 10.5/0.5 = 21 on (2, 2)
# For F(2, d) the upper tail is (1 + 2x/d)^(-d/2): p one-way = 9.4^-1.5, p two-way = 1/22
TINY = [[1, 2], [3, 3], [5, 7]]


def test_icc_point_estimates_f_and_p_by_hand() -> None:
    result = icc(TINY)
    assert list(result.columns) == list(ICC_COLUMNS)
    assert list(result["Type"]) == list(ICC_TYPES)
    assert list(result["ICC"]) == [
        approx(29 / 34),
        approx(6 / 7),
        approx(10 / 11),
        approx(58 / 63),
        approx(12 / 13),
        approx(20 / 21),
    ]
    assert list(result["F"]) == [approx(v) for v in (12.6, 21, 21, 12.6, 21, 21)]
    assert list(result["df1"]) == [2] * 6
    assert list(result["df2"]) == [3, 2, 2, 3, 2, 2]
    p_one, p_two = 9.4**-1.5, 1 / 22
    assert list(result["pval"]) == [approx(p) for p in (p_one, p_two, p_two, p_one, p_two, p_two)]


def test_icc_exact_intervals_by_hand() -> None:
    # Quantiles of F(2, d) in closed form: ppf(q) = (d/2) * ((1 - q)^(-2/d) - 1), and
    # F(d, 2).ppf(q) = 1 / F(2, d).ppf(1 - q).
    def f2_ppf(q: float, d: int) -> float:
        return d / 2 * ((1 - q) ** (-2 / d) - 1)

    # one-way: F = 12.6 on (2, 3); two-way consistency: F = 21 on (2, 2) (F(2,2).ppf(.975) = 39)
    f1_low, f1_high = 12.6 / f2_ppf(0.975, 3), 12.6 / f2_ppf(0.025, 3)
    f3_low, f3_high = 21 / 39, 21 * 39
    single = [(f - 1) / (f + 1) for f in (f1_low, f1_high, f3_low, f3_high)]  # k = 2
    average = [1 - 1 / f for f in (f1_low, f1_high, f3_low, f3_high)]
    result = icc(TINY).set_index("Type")
    assert result.loc["ICC1", ["CI_low", "CI_high"]].tolist() == approx(single[:2])
    assert result.loc["ICC3", ["CI_low", "CI_high"]].tolist() == approx(single[2:])
    assert result.loc["ICC1k", ["CI_low", "CI_high"]].tolist() == approx(average[:2])
    assert result.loc["ICC3k", ["CI_low", "CI_high"]].tolist() == approx(average[2:])
    assert single[2] == approx(-0.3)  # (21/39 - 1)/(21/39 + 1) = -18/60


def test_icc_interval_contains_the_estimate() -> None:
    result = icc(TINY)
    assert ((result["CI_low"] <= result["ICC"]) & (result["ICC"] <= result["CI_high"])).all()


def test_icc_drops_incomplete_targets() -> None:
    with_gap = [[1, 2], [3, 3], [9, NAN], [5, 7]]
    pd.testing.assert_frame_equal(icc(with_gap), icc(TINY))


def test_icc_of_too_small_matrices_is_nan() -> None:
    for matrix in ([[1, 2]], [[1], [2], [3]], [[1, NAN], [NAN, 2]]):
        result = icc(matrix)
        assert list(result["Type"]) == list(ICC_TYPES)
        assert result[["ICC", "F", "pval", "CI_low", "CI_high"]].isna().all().all()


def test_icc_of_raters_shifted_by_a_constant() -> None:
    # Rater 2 = rater 1 + 2: residual 0 -> MSE = 0, F = inf, p = 0, consistency ICC3 = 1.
    result = icc([[1, 3], [2, 4], [6, 8]]).set_index("Type")
    assert result.loc["ICC3", "ICC"] == 1.0
    assert result.loc["ICC3", "F"] == math.inf
    assert result.loc["ICC3", "pval"] == 0.0
    assert result.loc["ICC3", ["CI_low", "CI_high"]].tolist() == [1.0, 1.0]
    # ...but absolute agreement is below 1 because of the shift.
    assert result.loc["ICC1", "ICC"] < 1.0


def test_icc_long_pivots() -> None:
    long = pd.DataFrame(
        {
            "target": [1, 1, 2, 2, 3, 3],
            "rater": ["a", "b", "a", "b", "a", "b"],
            "score": [1, 2, 3, 3, 5, 7],
        }
    )
    pd.testing.assert_frame_equal(icc_long(long, "target", "rater", "score"), icc(TINY))
    duplicated = pd.concat([long, long.iloc[[0]]])
    with pytest.raises(ValueError, match="at most once"):
        icc_long(duplicated, "target", "rater", "score")


@st.composite
def rating_matrices(draw: st.DrawFn) -> np.ndarray[Any, np.dtype[np.float64]]:
    # From 3 targets: with 2, the Satterthwaite df of the ICC2 interval can be 0 up to rounding,
    # and whether it comes out as 0 or 1e-17 depends on the order of the sums.
    n = draw(st.integers(min_value=3, max_value=10))
    k = draw(st.integers(min_value=2, max_value=5))
    cells = draw(st.lists(st.integers(1, 9), min_size=n * k, max_size=n * k))
    return np.array(cells, dtype=np.float64).reshape(n, k)


def _away_from_poles(result: pd.DataFrame) -> bool:
    """ICC2k = (MSB − MSE)/(MSB + (MSJ − MSE)/n) has a pole where the denominator is 0; next to
    it the estimate is rounding noise (1e15 in one order, inf -> NaN in the other)."""
    values = result[["ICC", "CI_low", "CI_high"]].to_numpy()
    return bool(np.all(np.isnan(values) | (np.abs(values) < 1e6)))


@settings(deadline=None)
@given(data=st.data(), matrix=rating_matrices())
def test_icc_ignores_the_order_of_targets(
    data: st.DataObject, matrix: np.ndarray[Any, np.dtype[np.float64]]
) -> None:
    rows = data.draw(st.permutations(range(matrix.shape[0])))
    original = icc(matrix)
    shuffled = icc(matrix[list(rows)])
    assume(_away_from_poles(original) and _away_from_poles(shuffled))
    for column in ("ICC", "F", "pval", "CI_low", "CI_high"):
        np.testing.assert_allclose(
            shuffled[column].to_numpy(), original[column].to_numpy(), rtol=1e-7, atol=1e-9
        )


# --------------------------------------------------------------------------------------------
# One-way ICC(1)/ICC(2) by group
# --------------------------------------------------------------------------------------------


def test_oneway_icc_by_hand() -> None:
    # a: 1, 2, 3 (mean 2), b: 4, 6 (mean 5); N = 5, G = 2, grand mean 16/5 = 3.2
    # SSB = 3*(1.2)² + 2*(1.8)² = 4.32 + 6.48 = 10.8 -> MSB = 10.8/1 = 10.8
    # SSW = (1 + 0 + 1) + (1 + 1) = 4                -> MSW = 4/3
    # k = N/G = 2.5 (mean group size, as multilevel::ICC1)
    # ICC(1) = (10.8 - 4/3)/(10.8 + 1.5*4/3) = (142/15)/12.8 = 71/96
    # ICC(2) = (142/15)/10.8 = 71/81
    result = icc_oneway_groups([1, 2, 3, 4, 6], ["a", "a", "a", "b", "b"])
    assert result == OnewayICC(
        icc1=approx(71 / 96),
        icc2=approx(71 / 81),
        msb=approx(10.8),
        msw=approx(4 / 3),
        k_mean=2.5,
        n_groups=2,
    )


def test_oneway_icc_drops_missing_values_and_keeps_groups_of_one() -> None:
    # c has one value (counts as a group, adds nothing to MSW); the NaN and the keyless row go.
    base = icc_oneway_groups([1, 2, 3, 4, 6, 5], ["a", "a", "a", "b", "b", "c"])
    noisy = icc_oneway_groups([1, 2, 3, 4, 6, 5, NAN, 9], ["a", "a", "a", "b", "b", "c", "a", None])
    assert noisy == base
    assert base.n_groups == 3
    assert base.k_mean == 2.0
    # SSW is still 4, now on N - G = 3 df
    assert base.msw == approx(4 / 3)


def test_oneway_icc_is_negative_when_groups_are_more_alike_than_chance() -> None:
    # a: 1, 2 and b: 1, 2 -> equal means, MSB = 0, MSW = 0.5, k = 2
    # ICC(1) = (0 - 0.5)/(0 + 0.5) = -1 (not truncated); ICC(2) = -0.5/0 is undefined -> NaN
    result = icc_oneway_groups([1, 2, 1, 2], ["a", "a", "b", "b"])
    assert result.icc1 == approx(-1.0)
    assert math.isnan(result.icc2)


def test_oneway_icc_of_degenerate_designs_is_nan() -> None:
    one_group = icc_oneway_groups([1, 2, 3], ["a", "a", "a"])
    assert math.isnan(one_group.icc1)
    assert math.isnan(one_group.msb)
    singletons = icc_oneway_groups([1, 2, 3], ["a", "b", "c"])
    assert math.isnan(singletons.icc1)
    assert math.isnan(singletons.msw)
    empty = icc_oneway_groups([], [])
    assert empty.n_groups == 0
    assert math.isnan(empty.icc1)


def test_oneway_icc_accepts_composite_keys() -> None:
    keys = pd.DataFrame({"party": ["p", "p", "p", "q", "q"], "about": ["x"] * 5})
    by_frame = icc_oneway_groups([1, 2, 3, 4, 6], keys)
    assert by_frame == icc_oneway_groups([1, 2, 3, 4, 6], ["a", "a", "a", "b", "b"])


# --------------------------------------------------------------------------------------------
# Import cost
# --------------------------------------------------------------------------------------------


def test_importing_the_module_does_not_import_scipy() -> None:
    code = (
        "import sys, parity.core.agreement; print(any(m.startswith('scipy') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


@given(
    st.lists(
        st.tuples(
            st.floats(-3.0, 1.0, allow_nan=False),
            st.one_of(st.integers(1, 40).map(float), st.just(math.nan)),
        ),
        max_size=40,
    ),
    st.integers(2, 9),
)
def test_feldt_interval_is_the_f_quantiles_of_each_alpha(rows: list[Any], k: int) -> None:
    """The interval takes one quantile per distinct df1 (sides share a handful of sizes): each
    alpha's bounds are still 1 - (1 - alpha) times its own F(df1, df1 (k - 1)) quantiles."""
    from scipy.stats import f

    alpha = np.array([a for a, _ in rows], dtype=float)
    df1 = np.array([d for _, d in rows], dtype=float)
    low, high = feldt_interval(alpha, df1, k)
    for i, (a, d) in enumerate(rows):
        expected_low = 1.0 - (1.0 - a) * f.ppf(1.0 - 0.05 / 2.0, d, d * (k - 1))
        expected_high = 1.0 - (1.0 - a) * f.ppf(0.05 / 2.0, d, d * (k - 1))
        assert low[i] == approx(expected_low)
        assert high[i] == approx(expected_high)
    assert low.shape == high.shape == alpha.shape
