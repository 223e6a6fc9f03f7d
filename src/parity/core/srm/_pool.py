"""From the estimates of each group to one result: pooled estimates, SEs, t, p.

Two ways of testing the components are offered, both as TripleR offers them:

* ``lashley_bond`` (default, and the only one possible for a single group): each group's
  squared standard errors come from Lashley & Bond's formulas; with weights w_g = n_g − 1 the
  pooled estimate is Σ w_g·x_g / Σ w_g and its SE is √(Σ w_g²·SE_g²) / Σ w_g, tested on
  Σ (n_g − 1) degrees of freedom;
* ``between_groups`` (SOREMO's test; needs at least two groups): the group estimates are
  treated as a sample; with the same weights, the weighted variance
  s²_w = (Σw·x² · Σw − (Σw·x)²) / ((Σw)² − Σw²) gives SE = s_w/√G on G − 1 degrees of freedom.

Variances are tested one-sided (a variance cannot be negative), covariances two-sided.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from parity.core.srm._effects import FloatArray

SEMethod = Literal["lashley_bond", "between_groups"]
SE_METHODS: tuple[str, ...] = ("lashley_bond", "between_groups")

#: Which of the six components (see ``COMPONENTS``) are variances (tested one-sided).
IS_VARIANCE = np.array([True, True, True, True, False, False])


@dataclass(frozen=True, slots=True)
class Pooled:
    estimate: FloatArray
    se: FloatArray
    t: FloatArray
    p: FloatArray
    df: float


def weighted_mean(values: FloatArray, sizes: FloatArray) -> FloatArray:
    """Mean over groups (axis 0) weighted by n_g − 1, the weight TripleR gives each group."""
    w = sizes - 1.0
    out: FloatArray = np.tensordot(w, values, axes=(0, 0)) / w.sum()
    return out


def _lashley_bond(estimates: FloatArray, sevar: FloatArray, sizes: FloatArray) -> Pooled:
    w = sizes - 1.0
    est = weighted_mean(estimates, sizes)
    se = np.sqrt(np.tensordot(w**2, sevar, axes=(0, 0))) / w.sum()
    return Pooled(est, se, est / se, np.full(est.shape, np.nan), float(w.sum()))


def _between_groups(estimates: FloatArray, sizes: FloatArray) -> Pooled:
    w = (sizes - 1.0)[:, None]
    groups = estimates.shape[0]
    sw = w.sum()
    est = (w * estimates).sum(axis=0) / sw
    var = ((w * estimates**2).sum(axis=0) * sw - ((w * estimates).sum(axis=0)) ** 2) / (
        sw**2 - (w**2).sum()
    )
    se = np.sqrt(var / groups)
    return Pooled(est, se, est / se, np.full(est.shape, np.nan), float(groups - 1))


#: An estimate closer to zero than this is zero lost in floating-point rounding.
ROUNDING = 1e-12


def pool(estimates: FloatArray, sevar: FloatArray, sizes: FloatArray, method: str) -> Pooled:
    """Pooled estimates and tests of the components (columns) over the groups (rows)."""
    from scipy.special import stdtr

    with np.errstate(divide="ignore", invalid="ignore"):  # SE = 0 in degenerate data
        pooled = _pooled(estimates, sevar, sizes, method)
    # A component that is zero but computed as -5e-17 in one order of the rows and +5e-17 in
    # another is zero in both: rounding must not decide whether its effects are shown.
    rounding = np.abs(pooled.estimate) < ROUNDING
    estimate = np.where(rounding, 0.0, pooled.estimate)
    t = np.where(rounding & ~np.isnan(pooled.t), 0.0, pooled.t)
    with np.errstate(invalid="ignore"):
        tail = stdtr(pooled.df, -np.abs(t))
    p = np.where(IS_VARIANCE, tail, 2.0 * tail)
    return Pooled(estimate, pooled.se, t, p, pooled.df)


def _pooled(estimates: FloatArray, sevar: FloatArray, sizes: FloatArray, method: str) -> Pooled:
    if method == "lashley_bond":
        return _lashley_bond(estimates, sevar, sizes)
    if method != "between_groups":
        raise ValueError(f"se must be one of {', '.join(SE_METHODS)}, got {method!r}")
    if estimates.shape[0] < 2:
        raise ValueError("the between-groups test needs at least two groups")
    return _between_groups(estimates, sizes)
