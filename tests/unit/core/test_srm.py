"""The Social Relations Model on round robins small enough to check by hand, and its invariances.

Hand examples are worked out in comments next to the tests. Published values on real data
are in tests/reference/test_srm_reference.py.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from parity.core.srm import (
    COMPONENTS,
    MIN_MEMBERS,
    SRMInputError,
    SRMResult,
    numeric_values,
    srm,
    srm_each,
)
from parity.core.srm._effects import impute_missing

NAN = float("nan")
VARIANCES = ["perceiver_variance", "target_variance", "relationship_variance"]
COVARIANCES = ["perceiver_target_covariance", "relationship_covariance"]


def long_table(
    matrix: Any, ids: Sequence[Any] | None = None, group: Any = None, column: str = "rating"
) -> pd.DataFrame:
    """A long table (perceiver, target, rating) from a square matrix; NaN cells are left out."""
    m = np.asarray(matrix, dtype=float)
    n = m.shape[0]
    names = list(ids) if ids is not None else [f"P{i}" for i in range(n)]
    rows = [
        {"perceiver": names[i], "target": names[j], column: m[i, j]}
        for i in range(n)
        for j in range(n)
        if i != j and not math.isnan(m[i, j])
    ]
    frame = pd.DataFrame(rows)
    if group is not None:
        frame.insert(0, "team", group)
    return frame


def fit(matrix: Any, **kwargs: Any) -> SRMResult:
    return srm(long_table(matrix), perceiver="perceiver", target="target", value="rating", **kwargs)


def estimates(result: SRMResult) -> pd.Series[float]:
    return result.components["estimate"]


def approx(value: Any) -> Any:
    return pytest.approx(value, rel=1e-9, abs=1e-12, nan_ok=True)


# --------------------------------------------------------------------------------------------
# By hand
# --------------------------------------------------------------------------------------------


def test_only_perceiver_effects_by_hand() -> None:
    """Person i gives everyone p_i = 1, 2, 3, 4: all variance is perceiver variance.

    Row means are p_i, column means (10 − p_j)/3, grand mean 2.5. With n = 4:
    a_i = 9/8·p_i + 3/8·(10 − p_i)/3 − 3/2·2.5 = p_i − 2.5 and b_j = 30/8 − 3.75 = 0, so every
    relationship effect is 0 and the perceiver variance is Σa²/(n−1) = (2.25+.25+.25+2.25)/3 = 5/3.
    """
    p = np.array([1.0, 2.0, 3.0, 4.0])
    matrix = np.repeat(p[:, None], 4, axis=1)
    result = fit(matrix)
    est = estimates(result)
    assert est["perceiver_variance"] == approx(5 / 3)
    assert est[["target_variance", "relationship_variance"]].tolist() == approx([0.0, 0.0])
    assert result.components.loc["perceiver_variance", "standardized"] == approx(1.0)
    assert result.effects["perceiver"].tolist() == approx([-1.5, -0.5, 0.5, 1.5])
    assert result.effects["target"].tolist() == approx([0.0] * 4)
    assert result.df == 3


def test_mutual_pairs_by_hand() -> None:
    """1↔2 and 3↔4 rate each other 1, everyone else 0: pure, fully reciprocated relationships.

    Row, column and grand means are all 1/3, so a = b = 0 and c_ij = x_ij − 1/3 (2/3 within a
    pair, −1/3 otherwise). Every dyad is symmetric, so d = 0 and e = c: Σ_{i≠j} e² = 4·4/9 +
    8·1/9 = 8/3 over ((n−1)(n−2)/2 − 1) = 2 gives M_e = 4/3, M_d = 0, hence relationship
    variance = covariance = 2/3 (reciprocity r = 1). The perceiver variance is then
    0 − (2/3)(3/8) − (2/3)(1/8) = −1/3: negative, i.e. absent — no share, no test, no effects.
    """
    matrix = np.zeros((4, 4))
    for i, j in [(0, 1), (1, 0), (2, 3), (3, 2)]:
        matrix[i, j] = 1.0
    result = fit(matrix)
    est = estimates(result)
    assert est["relationship_variance"] == approx(2 / 3)
    assert est["relationship_covariance"] == approx(2 / 3)
    assert est["perceiver_variance"] == approx(-1 / 3)
    assert est["target_variance"] == approx(-1 / 3)
    assert est["perceiver_target_covariance"] == approx(-1 / 3)
    comp = result.components
    assert comp.loc["relationship_covariance", "standardized"] == approx(1.0)
    assert comp.loc["relationship_variance", "standardized"] == approx(1.0)
    assert comp.loc["perceiver_variance", ["standardized", "se", "t", "p"]].isna().all()
    assert comp.loc["perceiver_target_covariance", ["standardized", "se", "p"]].isna().all()
    assert result.effects[["perceiver", "target"]].isna().all().all()
    assert math.isnan(result.reliability.perceiver)


def test_lashley_bond_standard_error_by_hand() -> None:
    """With only perceiver variance s_a = 5/3 in a group of 4: var(s_a) = 2·s_a²/(n+1) = 10/9·… .

    Every relationship term is 0, so SE² = 2·(5/3)²/5 = 10/9, SE = 1.0541, t = (5/3)/SE.
    """
    p = np.array([1.0, 2.0, 3.0, 4.0])
    result = fit(np.repeat(p[:, None], 4, axis=1))
    row = result.components.loc["perceiver_variance"]
    assert row["se"] == approx(math.sqrt(2 * (5 / 3) ** 2 / 5))
    assert row["t"] == approx((5 / 3) / math.sqrt(2 * (5 / 3) ** 2 / 5))


def test_a_missing_rating_is_imputed_but_not_counted() -> None:
    """The filled cell feeds the row/column means; its relationship effect stays missing."""
    rng = np.random.default_rng(3)
    matrix = rng.integers(1, 8, size=(6, 6)).astype(float)
    np.fill_diagonal(matrix, np.nan)
    matrix[0, 3] = np.nan
    filled, imputed = impute_missing(matrix)
    assert imputed.sum() == 1
    assert imputed[0, 3]
    assert not np.isnan(filled[0, 3])
    assert np.isnan(np.diagonal(filled)).all()
    result = fit(matrix)
    rel = result.relationship_effects.set_index(["perceiver", "target"])["relationship"]
    assert math.isnan(rel[("P0", "P3")])
    assert rel.drop(("P0", "P3")).notna().all()
    assert result.groups["missing"].tolist() == [1]


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

ratings = st.integers(min_value=MIN_MEMBERS, max_value=8).flatmap(
    lambda n: arrays(np.float64, (n, n), elements=st.integers(1, 7).map(float))
)


@settings(max_examples=40, deadline=None)
@given(ratings, st.randoms(use_true_random=False))
def test_member_order_does_not_matter(matrix: np.ndarray[Any, Any], rnd: Any) -> None:
    """Relabelling and reordering the members (and the rows of the file) changes nothing."""
    n = matrix.shape[0]
    order = list(range(n))
    rnd.shuffle(order)
    base = fit(matrix)
    table = long_table(matrix).sample(frac=1.0, random_state=rnd.randint(0, 10**6))
    renamed = {f"P{i}": f"Q{order[i]:02d}" for i in range(n)}
    table = table.replace({"perceiver": renamed, "target": renamed})
    shuffled = srm(table, perceiver="perceiver", target="target", value="rating")
    assert estimates(shuffled).tolist() == approx(estimates(base).tolist())
    mapped = base.effects.assign(id=base.effects["id"].map(renamed)).set_index("id")
    ours = shuffled.effects.set_index("id").loc[mapped.index]
    assert ours["perceiver"].tolist() == approx(mapped["perceiver"].tolist())


def test_a_variance_of_zero_shows_its_effects_in_every_order_of_the_rows() -> None:
    """Found by the property above: the perceiver variance of this matrix is zero, computed as
    -5.6e-17 in one order of the rows and not in another, which hid its effects in one only;
    now it is 0 in every order."""
    matrix = np.array([[1, 4, 2, 7], [2, 1, 1, 5], [4, 5, 1, 5], [3, 6, 2, 1]], dtype=float)
    base = fit(matrix)
    assert estimates(base)["perceiver_variance"] == 0.0
    for seed in range(5):
        table = long_table(matrix).sample(frac=1.0, random_state=seed)
        shuffled = srm(table, perceiver="perceiver", target="target", value="rating")
        ours = shuffled.effects.set_index("id").loc[base.effects["id"]]
        assert ours["perceiver"].tolist() == approx(base.effects["perceiver"].tolist())
        assert not ours["perceiver"].isna().any()


@settings(max_examples=40, deadline=None)
@given(ratings)
def test_effects_sum_to_zero_within_a_group(matrix: np.ndarray[Any, Any]) -> None:
    result = fit(matrix)
    assert estimates(result).notna().sum() == 5
    eff = result.effects
    if estimates(result)["perceiver_variance"] >= 0:
        assert eff["perceiver"].sum() == pytest.approx(0.0, abs=1e-9)
    if estimates(result)["target_variance"] >= 0:
        assert eff["target"].sum() == pytest.approx(0.0, abs=1e-9)
    rel = result.relationship_effects.pivot(
        index="perceiver", columns="target", values="relationship"
    )
    assert rel.sum(axis=1).abs().max() == pytest.approx(0.0, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(ratings, st.floats(-50, 50), st.floats(0.1, 10))
def test_shift_and_scale(matrix: np.ndarray[Any, Any], shift: float, scale: float) -> None:
    """Adding a constant changes nothing; multiplying by c multiplies (co)variances by c²."""
    base = estimates(fit(matrix))
    shifted = estimates(fit(matrix + shift))
    assert shifted.tolist() == pytest.approx(base.tolist(), abs=1e-9, nan_ok=True)
    scaled = estimates(fit(matrix * scale))
    assert scaled.tolist() == pytest.approx(
        (base * scale**2).tolist(), rel=1e-9, abs=1e-9, nan_ok=True
    )


@settings(max_examples=40, deadline=None)
@given(ratings)
def test_transposing_swaps_perceiver_and_target(matrix: np.ndarray[Any, Any]) -> None:
    """Who rates and who is rated are symmetric roles in the model."""
    base, flipped = estimates(fit(matrix)), estimates(fit(matrix.T))
    assert flipped["perceiver_variance"] == approx(base["target_variance"])
    assert flipped["target_variance"] == approx(base["perceiver_variance"])
    for name in ("relationship_variance", *COVARIANCES):
        assert flipped[name] == approx(base[name])


@settings(max_examples=25, deadline=None)
@given(ratings)
def test_two_identical_indicators_have_no_error(matrix: np.ndarray[Any, Any]) -> None:
    """The latent model with the same column twice: error 0, every other estimate as manifest."""
    table = long_table(matrix).assign(again=lambda t: t["rating"])
    latent = srm(table, perceiver="perceiver", target="target", value="rating", value2="again")
    manifest = estimates(fit(matrix))
    assert estimates(latent)["error_variance"] == pytest.approx(0.0, abs=1e-9)
    same = [c for c in COMPONENTS if c != "error_variance"]
    assert estimates(latent)[same].tolist() == approx(manifest[same].tolist())


def test_pooling_two_copies_of_a_group() -> None:
    """Two identical groups: the same estimates; Lashley–Bond SEs shrink by √2, df doubles."""
    rng = np.random.default_rng(11)
    matrix = rng.integers(1, 8, size=(6, 6)).astype(float)
    one = long_table(matrix, group="A")
    other = long_table(matrix, ids=[f"R{i}" for i in range(6)], group="B")
    both = srm(
        pd.concat([one, other]),
        perceiver="perceiver",
        target="target",
        value="rating",
        group="team",
    )
    single = fit(matrix)
    assert estimates(both).tolist() == approx(estimates(single).tolist())
    assert both.df == 10
    tested = single.components["se"].notna()
    expected = (single.components["se"][tested] / math.sqrt(2)).tolist()
    assert both.components["se"][tested].tolist() == approx(expected)


def test_between_groups_test_uses_the_spread_of_the_groups() -> None:
    rng = np.random.default_rng(5)
    frames = [
        long_table(rng.normal(size=(5, 5)), ids=[f"{g}{i}" for i in range(5)], group=g)
        for g in "ABC"
    ]
    table = pd.concat(frames)
    result = srm(
        table,
        perceiver="perceiver",
        target="target",
        value="rating",
        group="team",
        se="between_groups",
    )
    per_group = result.group_components["relationship_variance"].to_numpy()
    assert result.df == 2
    assert estimates(result)["relationship_variance"] == approx(per_group.mean())
    spread = per_group.std(ddof=1) / math.sqrt(3)  # equal weights: the plain standard error
    assert result.components.loc["relationship_variance", "se"] == approx(spread)


# --------------------------------------------------------------------------------------------
# Members left out, the way TripleR does it
# --------------------------------------------------------------------------------------------


def test_people_in_one_role_only_are_left_out() -> None:
    matrix = np.arange(25, dtype=float).reshape(5, 5) % 7
    table = long_table(matrix)
    table = pd.concat(
        [table, pd.DataFrame({"perceiver": ["Visitor"], "target": ["P0"], "rating": [3.0]})]
    )
    table = pd.concat(
        [table, pd.DataFrame({"perceiver": ["P1"], "target": ["Absent"], "rating": [2.0]})]
    )
    result = srm(table, perceiver="perceiver", target="target", value="rating")
    reasons = dict(zip(result.excluded["id"], result.excluded["reason"], strict=True))
    assert reasons == {
        "Visitor": "rated others but was never rated",
        "Absent": "was rated but never rated anyone",
    }
    assert result.groups["n"].tolist() == [5]


def test_too_few_ratings_are_removed_repeatedly() -> None:
    """min_data = 3: P5 gave only 2 ratings; once P5 is out, nobody else falls short."""
    rng = np.random.default_rng(2)
    matrix = rng.integers(1, 8, size=(6, 6)).astype(float)
    matrix[5, [0, 1, 2]] = np.nan
    result = fit(matrix, min_data=3)
    assert result.excluded["id"].tolist() == ["P5"]
    assert "gave 2" in result.excluded["reason"].iloc[0]
    assert fit(matrix).excluded.empty


def test_small_groups_stop_the_analysis_or_are_dropped() -> None:
    rng = np.random.default_rng(1)
    big = long_table(rng.normal(size=(5, 5)), ids=list("abcde"), group="big")
    small = long_table(rng.normal(size=(3, 3)), ids=list("xyz"), group="small")
    table = pd.concat([big, small])
    with pytest.raises(SRMInputError, match="group 'small' has 3 members") as info:
        srm(table, perceiver="perceiver", target="target", value="rating", group="team")
    assert info.value.column == "team"
    kept = srm(
        table,
        perceiver="perceiver",
        target="target",
        value="rating",
        group="team",
        drop_small_groups=True,
    )
    assert kept.groups["group"].tolist() == ["big"]
    assert set(kept.excluded["id"]) == set("xyz")


def test_many_missing_ratings_give_a_warning() -> None:
    rng = np.random.default_rng(4)
    matrix = rng.normal(size=(10, 10))
    matrix[rng.random((10, 10)) < 0.3] = np.nan
    result = fit(matrix)
    assert len(result.warnings) == 1
    assert "likely underestimated" in result.warnings[0]


# --------------------------------------------------------------------------------------------
# Bad input: clear errors that say where
# --------------------------------------------------------------------------------------------


def test_missing_column() -> None:
    with pytest.raises(SRMInputError, match="no column 'score'") as info:
        srm(long_table(np.ones((4, 4))), perceiver="perceiver", target="target", value="score")
    assert info.value.column == "score"


def test_non_numeric_rating_names_rows() -> None:
    table = long_table(np.ones((4, 4))).astype({"rating": object})
    table.loc[[2, 5], "rating"] = ["high", "n.a."]
    with pytest.raises(SRMInputError, match="'high' is not a number") as info:
        srm(table, perceiver="perceiver", target="target", value="rating")
    assert info.value.rows == (2, 5)
    assert info.value.column == "rating"


def test_text_ratings_with_blanks_and_na_are_read() -> None:
    table = long_table(np.arange(16.0).reshape(4, 4)).astype({"rating": str})
    table.loc[0, "rating"] = ""
    table.loc[1, "rating"] = "NA"
    result = srm(table, perceiver="perceiver", target="target", value="rating")
    assert result.groups["missing"].tolist() == [2]


def test_numeric_values_reads_each_text_as_the_cell_says() -> None:
    """Texts are classified once per distinct text: the rows must still get their own values."""
    cells = [" 3", "NA", "3", "n/A ", None, "2.5", "", "3 ", "-0.0", "null"]
    got = numeric_values(pd.Series(cells, dtype="str"), "rating")
    expected = [3.0, NAN, 3.0, NAN, NAN, 2.5, NAN, 3.0, -0.0, NAN]
    np.testing.assert_array_equal(got, expected)
    assert math.copysign(1.0, got[8]) == -1.0


def test_numeric_values_names_every_bad_row_and_the_first_text() -> None:
    cells = pd.Series(["1", " high ", "2", "low", "high", "inf"], dtype=object)
    with pytest.raises(SRMInputError, match=r"^'high' is not a number") as info:
        numeric_values(cells, "rating")
    assert info.value.rows == (1, 3, 4)
    with pytest.raises(SRMInputError, match="infinite") as infinite:
        numeric_values(cells.where(~cells.isin([" high ", "low", "high"]), "4"), "rating")
    assert infinite.value.rows == (5,)


def test_numeric_values_keeps_true_apart_from_one() -> None:
    """True equals 1 as a value, but a cell that says True is not a rating."""
    with pytest.raises(SRMInputError, match="'True' is not a number") as info:
        numeric_values(pd.Series([1, True, 1.0], dtype=object), "rating")
    assert info.value.rows == (1,)


def test_duplicate_pairs_name_rows() -> None:
    table = long_table(np.ones((4, 4)))
    table = pd.concat([table, table.iloc[[3]]], ignore_index=True)
    with pytest.raises(SRMInputError, match="more than once") as info:
        srm(table, perceiver="perceiver", target="target", value="rating")
    assert info.value.rows == (3, 12)


def test_empty_ids_name_rows() -> None:
    table = long_table(np.ones((4, 4)))
    table.loc[4, "target"] = " "
    with pytest.raises(SRMInputError, match="id is empty") as info:
        srm(table, perceiver="perceiver", target="target", value="rating")
    assert (info.value.rows, info.value.column) == ((4,), "target")


def test_only_self_ratings() -> None:
    table = pd.DataFrame({"perceiver": list("abcd"), "target": list("abcd"), "rating": [1.0] * 4})
    with pytest.raises(SRMInputError, match="no rating of one person by another"):
        srm(table, perceiver="perceiver", target="target", value="rating")


def test_bad_arguments() -> None:
    table = long_table(np.ones((4, 4)))
    with pytest.raises(ValueError, match="se must be auto or one of"):
        srm(table, perceiver="perceiver", target="target", value="rating", se="jackknife")
    with pytest.raises(ValueError, match="min_data"):
        srm(table, perceiver="perceiver", target="target", value="rating", min_data=0)
    with pytest.raises(ValueError, match="at least two groups"):
        srm(table, perceiver="perceiver", target="target", value="rating", se="between_groups")


def test_result_shapes() -> None:
    result = fit(np.arange(25.0).reshape(5, 5) % 4)
    assert list(result.components.index) == list(COMPONENTS)
    assert list(result.components.columns) == ["estimate", "standardized", "se", "t", "p"]
    assert list(result.effects.columns) == ["group", "id", "perceiver", "target"]
    assert len(result.relationship_effects) == 20
    assert result.self_correlation is None
    assert not result.latent
    assert result.se_method == "lashley_bond"


# --------------------------------------------------------------------------------------------
# Several columns at once
# --------------------------------------------------------------------------------------------


def _same_fit(one: SRMResult, other: SRMResult) -> None:
    """Two fits equal to the last bit, in every part."""
    for part in ("components", "effects", "relationship_effects", "groups", "excluded"):
        pd.testing.assert_frame_equal(getattr(one, part), getattr(other, part), check_exact=True)
    assert (one.df, one.reliability, one.warnings) == (other.df, other.reliability, other.warnings)


def test_srm_each_fits_every_column_as_srm_fits_it_alone() -> None:
    """Columns with other members short of ratings (left out in that column only), with text,
    with nothing but self ratings and with too few members: each is what ``srm`` gives (or
    raises) for it alone."""
    rng = np.random.default_rng(7)
    table = long_table(rng.integers(1, 8, size=(7, 7)).astype(float), column="full")
    table["holes"] = table["full"].where(rng.random(len(table)) > 0.3)
    table["short"] = table["full"].where(table["perceiver"] != "P6", np.nan)
    table["thin"] = table["full"].where((table["perceiver"] != "P5") | (table["target"] == "P0"))
    table["text"] = table["full"].map(lambda v: f" {v:.0f} ")
    table["bad"] = table["text"].where(table.index != 3, "seven")
    table["few"] = table["full"].where(table["perceiver"].isin(["P0", "P1", "P2"]))
    columns = ["full", "holes", "short", "thin", "text", "bad", "few"]
    fits = srm_each(table, perceiver="perceiver", target="target", values=columns, min_data=2)
    assert list(fits) == columns
    for column in columns:
        found = fits[column]
        if isinstance(found, ValueError):
            with pytest.raises(type(found)) as info:
                srm(table, perceiver="perceiver", target="target", value=column, min_data=2)
            assert str(info.value) == str(found)
            continue
        alone = srm(table, perceiver="perceiver", target="target", value=column, min_data=2)
        _same_fit(found, alone)
    assert isinstance(fits["bad"], SRMInputError)
    assert isinstance(fits["few"], SRMInputError)
    short = fits["short"]
    assert isinstance(short, SRMResult)
    assert short.excluded["id"].tolist() == ["P6"]
    thin = fits["thin"]
    assert isinstance(thin, SRMResult)
    assert thin.excluded["id"].tolist() == ["P5"]  # gave one rating, fewer than min_data


def test_srm_each_raises_what_is_wrong_with_the_table_itself() -> None:
    table = long_table(np.arange(16.0).reshape(4, 4) % 5)
    table = pd.concat([table, table.iloc[:1]], ignore_index=True)
    with pytest.raises(SRMInputError, match="more than once"):
        srm_each(table, perceiver="perceiver", target="target", values=["rating"])
    with pytest.raises(SRMInputError, match="no column 'nothing'"):
        srm_each(table, perceiver="perceiver", target="target", values=["rating", "nothing"])
    with pytest.raises(ValueError, match="min_data"):
        srm_each(table, perceiver="perceiver", target="target", values=["rating"], min_data=0)
