"""Reliability and agreement: how far can a side's answers be trusted as one voice?

Parity compares what the two sides of a relationship say about it. Before a side's mean is read
as *that side's view*, two questions have to be answered:

* do the items of a construct measure one thing (internal consistency, Cronbach's alpha), and
* do the people of a side agree with each other (within-group agreement rwg / rwg(j), and how
  much of the variance lies between the sides at all, ICC(1)/ICC(2) of a one-way ANOVA)?

The ICC family of Shrout & Fleiss (1979) is here too, for designs where the same raters judge
the same targets.

Every formula follows a reference implementation so that a user can reproduce our numbers with
a tool they already trust: Cronbach's alpha and the ICC family follow Python ``pingouin``
(which was checked against R ``psych``); rwg, rwg(j) and the ANOVA ICC(1)/ICC(2) follow R
``multilevel`` (Bliese). Where we deliberately differ (missing data in rwg(j), tiny groups) the
docstring says so. Bad *data* (too few respondents, missing answers) never raises: it yields NaN,
because a dashboard over many groups must not stop at the first tiny group. Bad *arguments*
(a 3-D array, a confidence level of 2) raise ``ValueError``.

SciPy is imported inside the functions that need it: the CLI's start-up time is measured and
importing this module must stay cheap.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = [
    "ICC_COLUMNS",
    "ICC_TYPES",
    "AlphaResult",
    "OnewayICC",
    "cronbach_alpha",
    "icc",
    "icc_long",
    "icc_oneway_groups",
    "rwg",
    "rwg_j",
    "uniform_null_variance",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]

#: What may be passed as group keys: one key per row (array, list, Series, Index; the values may
#: be tuples such as ``("finance", "it")``), or several key columns (a DataFrame, a MultiIndex,
#: or a list of equally long arrays), as pandas' ``groupby`` accepts them.
GroupKeys: TypeAlias = (
    "pd.Series[Any] | pd.DataFrame | pd.Index | npt.ArrayLike | Sequence[npt.ArrayLike]"
)

#: The six Shrout & Fleiss forms, in pingouin's order, with pingouin's descriptions.
ICC_TYPES: tuple[str, ...] = ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k")
_ICC_DESCRIPTIONS: tuple[str, ...] = (
    "Single raters absolute",
    "Single random raters",
    "Single fixed raters",
    "Average raters absolute",
    "Average random raters",
    "Average fixed raters",
)
#: Columns of the frame returned by :func:`icc`.
ICC_COLUMNS: tuple[str, ...] = (
    "Type",
    "Description",
    "ICC",
    "F",
    "df1",
    "df2",
    "pval",
    "CI_low",
    "CI_high",
)

_NAN = float("nan")
#: Relative size below which a sum of squares is rounding noise and is treated as exactly 0.
_ROUNDING = 1e-12


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AlphaResult:
    """Cronbach's alpha with its Feldt confidence interval.

    ``n`` (respondents with at least one answer) and ``k`` (items) are returned with the
    estimate because an alpha is only readable next to the numbers it rests on.
    """

    alpha: float
    ci_low: float
    ci_high: float
    n: int
    k: int


@dataclass(frozen=True, slots=True)
class OnewayICC:
    """ICC(1) and ICC(2) of a one-way ANOVA of a variable by group (Bliese's ``multilevel``).

    ICC(1) is the share of the variance that lies between groups (how different the sides are);
    ICC(2) is the reliability of the group means (whether the sides' means can be told apart).
    The mean squares and the mean group size are returned so that both can be recomputed.
    """

    icc1: float
    icc2: float
    msb: float
    msw: float
    k_mean: float
    n_groups: int


# --------------------------------------------------------------------------------------------
# Input helpers
# --------------------------------------------------------------------------------------------


def _to_float(arr: npt.NDArray[Any]) -> FloatArray:
    """Floats with NaN for every kind of missing value (None, pd.NA, NaN).

    Object arrays (``None`` for a skipped answer, nullable pandas values) go through pandas,
    which knows all the missing-value markers; numeric arrays are simply cast.
    """
    if arr.dtype == object:
        flat = pd.Series(arr.ravel()).to_numpy(dtype=np.float64, na_value=np.nan)
        return flat.reshape(arr.shape)
    return arr.astype(np.float64)


def _as_matrix(data: pd.DataFrame | npt.ArrayLike, what: str) -> FloatArray:
    """A 2-D float matrix, so that the statistics run on plain numpy whatever the input dtypes."""
    return _as_floats(data, what, pd.DataFrame, 2, "2-D (rows x columns)")


def _as_vector(data: pd.Series[Any] | npt.ArrayLike, what: str) -> FloatArray:
    """A 1-D float vector with NaN for every kind of missing value."""
    return _as_floats(data, what, pd.Series, 1, "1-D")


def _as_floats(
    data: Any, what: str, frame: type[pd.DataFrame | pd.Series[Any]], ndim: int, shape: str
) -> FloatArray:
    """Floats from a pandas ``frame`` as they are, or from anything else of ``ndim`` dimensions."""
    if isinstance(data, frame):
        return data.to_numpy(dtype=np.float64, na_value=np.nan)
    arr = np.asarray(data)
    if arr.ndim != ndim:
        raise ValueError(f"{what} must be {shape}, got {arr.ndim}-D")
    return _to_float(arr)


def _is_key_column(obj: object) -> bool:
    """Whether ``obj`` is one whole key column (not a single composite key such as a tuple)."""
    return isinstance(obj, list | np.ndarray | pd.Series | pd.Index)


def _key_column(obj: Any, name: Hashable | None) -> pd.Series[Any]:
    """One key column as a Series with a fresh positional index."""
    values = obj.to_numpy() if isinstance(obj, pd.Series | pd.Index) else np.asarray(obj)
    if values.ndim != 1:
        raise ValueError(f"a group-key column must be 1-D, got {values.ndim}-D")
    return pd.Series(values, name=name)


def _split_tuples(column: pd.Series[Any]) -> list[pd.Series[Any]]:
    """Split a column of tuple keys such as ``("finance", "it")`` into one column per part.

    Grouping by the parts gives the result a MultiIndex, exactly as grouping by the original
    columns would, instead of an index of tuples that is awkward to select from.
    """
    if column.dtype != object:
        return [column]
    present = column.dropna()
    if len(present) == 0 or not isinstance(present.iloc[0], tuple):
        return [column]
    multi = pd.MultiIndex.from_tuples(column.tolist())
    return [
        pd.Series(multi.get_level_values(i).to_numpy(), name=None) for i in range(multi.nlevels)
    ]


def _group_keys(groups: GroupKeys, n_rows: int) -> list[pd.Series[Any]]:
    """Normalise the accepted group-key shapes to a list of key columns, matched by position.

    Parity groups respondents by ``(party, about)``, so composite keys must work whether they
    come as columns of a DataFrame, as a list of arrays, or as tuples. Rows are matched to keys
    by *position* (never by index label), which is what a caller passing ``df[cols]`` and
    ``df[key]`` expects, and which cannot silently misalign after a re-index.
    """
    columns: list[pd.Series[Any]]
    if isinstance(groups, pd.DataFrame):
        columns = [_key_column(groups.iloc[:, i], name) for i, name in enumerate(groups.columns)]
    elif isinstance(groups, pd.MultiIndex):
        columns = [
            _key_column(groups.get_level_values(i), name) for i, name in enumerate(groups.names)
        ]
    elif isinstance(groups, list | tuple) and len(groups) > 0 and all(map(_is_key_column, groups)):
        columns = [_key_column(col, getattr(col, "name", None)) for col in groups]
    elif isinstance(groups, pd.Series | pd.Index):
        columns = _split_tuples(_key_column(groups, groups.name))
    else:
        # A plain sequence of scalar or tuple keys is turned into a Series element by element
        # (not through np.asarray), which keeps tuples whole instead of making a 2-D array.
        if isinstance(groups, list | tuple):
            columns = _split_tuples(pd.Series(list(groups), dtype=object).infer_objects())
        else:
            arr = np.asarray(groups)
            if arr.ndim == 2:  # rows x key parts, like a DataFrame of keys
                columns = [_key_column(arr[:, i], None) for i in range(arr.shape[1])]
            else:
                columns = _split_tuples(_key_column(arr, None))
    for col in columns:
        if len(col) != n_rows:
            raise ValueError(f"group keys have {len(col)} rows but the data have {n_rows}")
    if len(columns) == 1:
        return [columns[0] if columns[0].name is not None else columns[0].rename("group")]
    return [
        col if col.name is not None else col.rename(f"group_{i}") for i, col in enumerate(columns)
    ]


def _check_ci(ci: float) -> float:
    if not 0.0 < ci < 1.0:
        raise ValueError(f"ci must lie strictly between 0 and 1 (e.g. 0.95), got {ci!r}")
    return 1.0 - ci


def uniform_null_variance(scale_points: int) -> float:
    """Variance of a discrete uniform answer on ``scale_points`` options: (A² − 1) / 12.

    It is the variance expected if respondents answered at random, the "no agreement" reference
    of rwg (James, Demaree & Wolf, 1984). For 5 options it is 2, ``multilevel``'s ``ranvar=2``.
    """
    if isinstance(scale_points, bool) or int(scale_points) != scale_points or scale_points < 2:
        raise ValueError(f"scale_points must be an integer >= 2, got {scale_points!r}")
    return (float(scale_points) ** 2 - 1.0) / 12.0


# --------------------------------------------------------------------------------------------
# Cronbach's alpha
# --------------------------------------------------------------------------------------------


def cronbach_alpha(
    items: pd.DataFrame | npt.ArrayLike, ci: float = 0.95, *, groups: int = 1
) -> AlphaResult:
    """Cronbach's alpha of ``items`` (rows = respondents, columns = items, NaN = missing).

    alpha = k/(k−1) · (1 − trace(C)/sum(C)), with C the item covariance matrix computed with
    *pairwise* deletion (each covariance uses every respondent who answered both items), as
    ``pingouin.cronbach_alpha`` and R ``psych::alpha(use="pairwise")`` do. Pairwise deletion keeps
    respondents who skipped one item instead of throwing their other answers away, which
    matters with the small groups Parity works with.

    Rows without any answer are dropped; ``n`` counts the remaining rows and is the n of the
    Feldt interval: with df1 = n−1 and df2 = (n−1)(k−1),
    lower = 1 − (1−alpha)·F⁻¹(1−a/2; df1, df2) and upper = 1 − (1−alpha)·F⁻¹(a/2; df1, df2),
    a = 1 − ci. ``groups``: the rows are deviations from that many group means (the
    within-group alpha of :mod:`parity.core.reliability`), so df1 = n − groups.

    Returns NaN (never raises) when alpha is undefined: k < 2, n < 2, two items that share fewer
    than two respondents (their covariance is unknown), or a total score without variance
    (sum(C) = 0 up to rounding). Alpha is not clipped: it can be negative when items disagree,
    and that is information. With pairwise deletion in a very small sample, C need not be a
    proper covariance matrix; alpha can then exceed 1 and the Feldt bounds come out reversed
    (``ci_low > ci_high``). pingouin's formula gives the same; read it as "not estimable from
    these answers".
    """
    _check_ci(ci)
    x = _as_matrix(items, "items")
    k = int(x.shape[1])
    x = x[~np.isnan(x).all(axis=1)]
    n = int(x.shape[0])
    if k < 2 or n - groups < 1:
        return AlphaResult(_NAN, _NAN, _NAN, n, k)

    # pandas' cov is pairwise-complete and vectorised (the same call pingouin makes).
    cov = pd.DataFrame(x).cov(min_periods=2).to_numpy()
    alpha = float(alpha_of(np.trace(cov), cov.sum(), k))
    if math.isnan(alpha):
        return AlphaResult(_NAN, _NAN, _NAN, n, k)
    low, high = feldt_interval(alpha, n - groups, k, ci)
    return AlphaResult(alpha, float(low), float(high), n, k)


def alpha_of(trace: npt.ArrayLike, total: npt.ArrayLike, k: int) -> np.ndarray:
    """alpha = k/(k−1) · (1 − trace/total) from the item variances' sum (``trace``) and the
    total score's variance (``total``), element by element. Where the total's variance
    vanishes (to rounding, relative to the item variances) alpha is 0/0: NaN, not a huge
    number made of floating-point noise."""
    trace, total = np.asarray(trace, dtype=float), np.asarray(total, dtype=float)
    flat = ~np.isfinite(total) | (np.abs(total) <= _ROUNDING * np.maximum(trace, 1.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.where(flat, np.nan, k / (k - 1) * (1.0 - trace / total)))


def feldt_interval(
    alpha: npt.ArrayLike, df1: npt.ArrayLike, k: int, ci: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Feldt's interval of each alpha with ``df1`` (n − 1, or n − groups within groups) and
    df2 = df1·(k − 1). F quantiles from scipy.special: the same numbers as scipy.stats.f.ppf
    without the second-long import of scipy.stats on the CLI's path."""
    from scipy.special import fdtri

    a = _check_ci(ci)
    alpha, df1 = np.asarray(alpha, dtype=float), np.asarray(df1, dtype=float)
    # A quantile for each distinct df1 only: a round's thousands of sides have a handful of
    # sizes, and each quantile is an inverse of the incomplete beta function.
    distinct, where = np.unique(df1, return_inverse=True)
    df2 = distinct * (k - 1)
    upper = fdtri(distinct, df2, 1.0 - a / 2.0)[where].reshape(df1.shape)
    lower = fdtri(distinct, df2, a / 2.0)[where].reshape(df1.shape)
    low = 1.0 - (1.0 - alpha) * upper
    high = 1.0 - (1.0 - alpha) * lower
    return np.asarray(low), np.asarray(high)


# --------------------------------------------------------------------------------------------
# Within-group agreement: rwg and rwg(j)
# --------------------------------------------------------------------------------------------


def rwg(
    values: pd.Series[Any] | npt.ArrayLike, groups: GroupKeys, scale_points: int = 7
) -> pd.Series[float]:
    """Within-group agreement on one item or scale score, per group (James et al., 1984).

    rwg = 1 − s²/σ²_EU, with s² the group's sample variance (divisor n−1) and
    σ²_EU = (A²−1)/12 the variance of random answers on A = ``scale_points`` options.

    Where s² > σ²_EU (the group disagrees more than random answering would) the value is set to
    0, as R ``multilevel::rwg`` does: a negative rwg has no interpretation as agreement.
    Missing values are ignored; a group with fewer than two answers gets NaN (one person cannot
    agree with anyone) but keeps its row, so the result lines up with every group of the input.
    Rows whose group key is missing are ignored. The index holds the group keys (a MultiIndex
    for composite keys); values and keys are matched by position.
    """
    null_var = uniform_null_variance(scale_points)
    v = _as_vector(values, "values")
    keys = _group_keys(groups, len(v))
    s2 = pd.Series(v).groupby(keys, sort=True, dropna=True).var(ddof=1)
    # The upper clip is only a guard against floating-point noise; s² >= 0 already gives <= 1.
    out = (1.0 - s2 / null_var).clip(lower=0.0, upper=1.0)
    return out.rename("rwg")


def rwg_j(
    items: pd.DataFrame | npt.ArrayLike, groups: GroupKeys, scale_points: int = 7
) -> pd.Series[float]:
    """Within-group agreement on a J-item scale, per group (James, Demaree & Wolf, 1984).

    With s̄² the mean of the item sample variances in the group and σ² = (A²−1)/12,
    rwg(j) = J·(1 − s̄²/σ²) / (J·(1 − s̄²/σ²) + s̄²/σ²).
    Where s̄² > σ², s̄² is set to σ² so that rwg(j) = 0, as R ``multilevel::rwg.j`` does (the
    formula would otherwise jump to values above 1 or below 0, which mean nothing).

    Missing answers: ``multilevel`` drops every respondent with any missing item (listwise)
    before computing the variances. We keep every answer instead: each item variance uses the
    respondents who answered that item, s̄² averages the items whose variance is defined (at
    least two answers in the group), and J counts those items. Without missing data the two are
    identical; with missing data ours loses less of a small group. A group where no item has two
    answers gets NaN. Rows whose group key is missing are ignored.
    """
    null_var = uniform_null_variance(scale_points)
    x = _as_matrix(items, "items")
    keys = _group_keys(groups, x.shape[0])
    variances = pd.DataFrame(x).groupby(keys, sort=True, dropna=True).var(ddof=1)
    n_items = variances.notna().sum(axis=1).astype(np.float64)
    ratio = (variances.mean(axis=1, skipna=True) / null_var).clip(upper=1.0)
    agreement = n_items * (1.0 - ratio)
    out = agreement / (agreement + ratio)
    # J = 0 leaves 0/NaN = NaN already; make the "no item has two answers" case explicit.
    out = out.where(n_items > 0)
    return out.rename("rwg_j")


# --------------------------------------------------------------------------------------------
# Intraclass correlations (Shrout & Fleiss, 1979)
# --------------------------------------------------------------------------------------------


def _empty_icc_frame(n: int, k: int) -> pd.DataFrame:
    """The all-NaN result for a matrix too small for an ANOVA (degrees of freedom kept >= 0)."""
    nan6 = [_NAN] * 6
    df_w = max(n * (k - 1), 0)
    df_e = max((n - 1) * (k - 1), 0)
    return pd.DataFrame(
        {
            "Type": list(ICC_TYPES),
            "Description": list(_ICC_DESCRIPTIONS),
            "ICC": nan6,
            "F": nan6,
            "df1": [max(n - 1, 0)] * 6,
            "df2": [df_w, df_e, df_e, df_w, df_e, df_e],
            "pval": nan6,
            "CI_low": nan6,
            "CI_high": nan6,
        }
    )


def icc(wide: pd.DataFrame | npt.ArrayLike, ci: float = 0.95) -> pd.DataFrame:
    """The six intraclass correlations of Shrout & Fleiss (1979) on a targets × raters matrix.

    Rows are targets, columns are raters. The ANOVA needs a complete, balanced matrix, so every
    target with a missing rating is dropped (listwise, as ``pingouin.intraclass_corr`` with
    ``nan_policy="omit"``); report how many targets are left if that matters.

    With n targets, k raters, MSB (between targets, df n−1), MSJ (between raters, df k−1),
    MSE (residual, df (n−1)(k−1)) and MSW = (SS_raters + SS_residual)/(n(k−1)):

    * ICC1  = (MSB − MSW) / (MSB + (k−1)·MSW)
    * ICC2  = (MSB − MSE) / (MSB + (k−1)·MSE + k·(MSJ − MSE)/n)
    * ICC3  = (MSB − MSE) / (MSB + (k−1)·MSE)
    * ICC1k = (MSB − MSW) / MSB
    * ICC2k = (MSB − MSE) / (MSB + (MSJ − MSE)/n)
    * ICC3k = (MSB − MSE) / MSB

    F = MSB/MSW (one-way forms, df2 = n(k−1)) or MSB/MSE (two-way forms, df2 = (n−1)(k−1)).
    Confidence intervals are exact F-based intervals except for ICC2/ICC2k, which use the
    McGraw & Wong (1996) approximation with Satterthwaite degrees of freedom; the formulas are
    pingouin's so the numbers can be checked against it (and R ``psych::ICC``).

    Returns a frame shaped like pingouin's (one row per form, columns :data:`ICC_COLUMNS`,
    the interval split into ``CI_low``/``CI_high`` and not rounded). With fewer than two
    complete targets or fewer than two raters every statistic is NaN. Degenerate data give the
    limits rather than an error: raters who agree perfectly up to a constant shift have
    MSE = 0, hence F = inf, p = 0, ICC3 = 1 with the interval [1, 1] (the approximate ICC2
    interval is undefined there: NaN); a matrix of identical ratings gives NaN (0/0), and so
    does any form that would divide by MSB = 0 (all targets with the same mean), instead of -inf.
    Near such boundaries, and with two or three targets, the McGraw & Wong interval of
    ICC2/ICC2k is numerically ill-conditioned (its Satterthwaite df tends to 0): read it with
    care.
    """
    a = _check_ci(ci)
    x = _as_matrix(wide, "wide")
    x = x[~np.isnan(x).any(axis=1)]
    n, k = (int(s) for s in x.shape)
    if n < 2 or k < 2:
        return _empty_icc_frame(n, k)

    grand = float(x.mean())
    row_means = x.mean(axis=1)
    col_means = x.mean(axis=0)
    ss_rows = k * float(((row_means - grand) ** 2).sum())
    ss_cols = n * float(((col_means - grand) ** 2).sum())
    # The residual of the additive model, computed directly rather than as SST − SSR − SSC,
    # so that near-perfect agreement does not become a small negative number.
    resid = x - row_means[:, None] - col_means[None, :] + grand
    ss_err = float((resid**2).sum())
    # A sum of squares that is rounding noise (e.g. raters who differ by a constant, so the
    # residual is exactly 0 in exact arithmetic) is set to 0, so that F is inf rather than an
    # arbitrary 1e30 that depends on the order of the rows.
    noise = _ROUNDING * float(((x - grand) ** 2).sum())
    ss_rows, ss_cols, ss_err = (ss if ss > noise else 0.0 for ss in (ss_rows, ss_cols, ss_err))

    df_b = n - 1
    df_w = n * (k - 1)
    df_e = (n - 1) * (k - 1)
    # numpy scalars, so that a zero mean square gives inf/NaN (under errstate), not an exception.
    msb = np.float64(ss_rows / df_b)
    msj = np.float64(ss_cols / (k - 1))
    mse = np.float64(ss_err / df_e)
    msw = np.float64((ss_cols + ss_err) / df_w)

    from scipy import stats

    fdist = stats.f
    q = 1.0 - a / 2.0
    with np.errstate(all="ignore"):
        icc1 = (msb - msw) / (msb + (k - 1) * msw)
        icc2 = (msb - mse) / (msb + (k - 1) * mse + k * (msj - mse) / n)
        icc3 = (msb - mse) / (msb + (k - 1) * mse)
        icc1k = (msb - msw) / msb
        icc2k = (msb - mse) / (msb + (msj - mse) / n)
        icc3k = (msb - mse) / msb

        f_one = msb / msw
        f_two = msb / mse
        p_one = float(fdist.sf(f_one, df_b, df_w))
        p_two = float(fdist.sf(f_two, df_b, df_e))

        # One-way and consistency forms: exact intervals from the F distribution.
        f1_low = f_one / float(fdist.ppf(q, df_b, df_w))
        f1_high = f_one * float(fdist.ppf(q, df_w, df_b))
        f3_low = f_two / float(fdist.ppf(q, df_b, df_e))
        f3_high = f_two * float(fdist.ppf(q, df_e, df_b))
        # (F − 1)/(F + k − 1) written as 1 − k/(F + k − 1), which stays 1 (not NaN) at F = inf.
        ci1 = (1 - k / (f1_low + k - 1), 1 - k / (f1_high + k - 1))
        ci3 = (1 - k / (f3_low + k - 1), 1 - k / (f3_high + k - 1))
        ci1k = (1 - 1 / f1_low, 1 - 1 / f1_high)
        ci3k = (1 - 1 / f3_low, 1 - 1 / f3_high)

        # Absolute agreement, random raters: McGraw & Wong (1996) approximation.
        fj = msj / mse
        v_num = df_e * (k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2) ** 2
        v_den = df_b * k**2 * icc2**2 * fj**2 + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2
        v = v_num / v_den
        f2_high = float(fdist.ppf(q, df_b, v))
        f2_low = float(fdist.ppf(q, v, df_b))
        spread = k * msj + (k * n - k - n) * mse
        low2 = n * (msb - f2_high * mse) / (f2_high * spread + n * msb)
        high2 = n * (f2_low * msb - mse) / (spread + n * f2_low * msb)
        ci2 = (low2, high2)
        ci2k = (low2 * k / (1 + low2 * (k - 1)), high2 * k / (1 + high2 * (k - 1)))

    # A division by zero (MSB = 0: every target has the same mean) leaves an ICC of -inf,
    # which is a limit, not an estimate: report it, and its interval, as undefined (NaN).
    estimates = np.array([icc1, icc2, icc3, icc1k, icc2k, icc3k], dtype=np.float64)
    defined = np.isfinite(estimates)
    bounds = np.array([ci1, ci2, ci3, ci1k, ci2k, ci3k], dtype=np.float64)
    bounds[~defined] = np.nan
    return pd.DataFrame(
        {
            "Type": list(ICC_TYPES),
            "Description": list(_ICC_DESCRIPTIONS),
            "ICC": np.where(defined, estimates, np.nan),
            "F": np.array([f_one, f_two, f_two, f_one, f_two, f_two], dtype=np.float64),
            "df1": [df_b] * 6,
            "df2": [df_w, df_e, df_e, df_w, df_e, df_e],
            "pval": [p_one, p_two, p_two, p_one, p_two, p_two],
            "CI_low": bounds[:, 0],
            "CI_high": bounds[:, 1],
        }
    )


def icc_long(
    data: pd.DataFrame,
    targets: Hashable,
    raters: Hashable,
    ratings: Hashable,
    ci: float = 0.95,
) -> pd.DataFrame:
    """:func:`icc` on long data (one row per target × rater), as ``pingouin.intraclass_corr``.

    The data are pivoted to targets × raters; a missing combination becomes NaN and drops that
    target. Two ratings of the same target by the same rater are an error, not averaged: they
    usually mean a mis-keyed rater.
    """
    try:
        wide = data.pivot(index=targets, columns=raters, values=ratings)
    except ValueError as exc:
        raise ValueError(
            f"each ({targets!r}, {raters!r}) pair must appear at most once in the data"
        ) from exc
    return icc(wide, ci=ci)


# --------------------------------------------------------------------------------------------
# One-way ANOVA ICC(1) / ICC(2) by group (Bliese)
# --------------------------------------------------------------------------------------------


def icc_oneway_groups(values: pd.Series[Any] | npt.ArrayLike, groups: GroupKeys) -> OnewayICC:
    """ICC(1) and ICC(2) of ``values`` by ``groups`` from a one-way ANOVA (Bliese, 2000).

    With N values in G groups, MSB = Σ n_g·(mean_g − mean)² / (G−1) and
    MSW = Σ (x − mean_g)² / (N−G):

    * ICC(1) = (MSB − MSW) / (MSB + (k−1)·MSW), k = N/G the *mean* group size, exactly as
      ``multilevel::ICC1`` on an ``aov`` fit does with unbalanced groups;
    * ICC(2) = (MSB − MSW) / MSB, as ``multilevel::ICC2``.

    Parity reads ICC(1) as "how much the sides of an organization differ on this construct".
    Missing values and rows with a missing group are dropped (as ``aov`` does); a group of one
    still counts as a group (it adds to MSB, not to MSW). Neither ICC is truncated: a negative
    ICC(1) means groups are *more* alike than chance and is reported as is. With fewer than two
    groups or no within-group replication (N = G) the undefined parts are NaN; when all group
    means are equal (MSB = 0) ICC(2) is NaN.
    """
    v = _as_vector(values, "values")
    keys = _group_keys(groups, len(v))
    by_group = pd.Series(v).groupby(keys, sort=False, dropna=True).agg(["count", "mean", "var"])
    by_group = by_group[by_group["count"] > 0]
    sizes = by_group["count"].to_numpy(dtype=np.float64)
    means = by_group["mean"].to_numpy(dtype=np.float64)
    variances = np.nan_to_num(by_group["var"].to_numpy(dtype=np.float64), nan=0.0)

    n_groups = len(sizes)
    n_total = float(sizes.sum())
    if n_groups == 0:
        return OnewayICC(_NAN, _NAN, _NAN, _NAN, _NAN, 0)
    grand = float((sizes * means).sum() / n_total)
    ss_between = float((sizes * (means - grand) ** 2).sum())
    ss_within = float(((sizes - 1.0) * variances).sum())
    msb = ss_between / (n_groups - 1) if n_groups >= 2 else _NAN
    msw = ss_within / (n_total - n_groups) if n_total > n_groups else _NAN
    k_mean = n_total / n_groups

    with np.errstate(divide="ignore", invalid="ignore"):
        icc1 = float(np.float64(msb - msw) / np.float64(msb + (k_mean - 1.0) * msw))
    icc2 = (msb - msw) / msb if msb > 0 else _NAN
    return OnewayICC(icc1, float(icc2), msb, msw, k_mean, n_groups)
