"""Each group's estimates, then the pooled result with effects and reliabilities."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from parity.core.srm._effects import Effects, FloatArray, cross_components, effects
from parity.core.srm._lashley_bond import (
    Cross,
    Univariate,
    bivariate_sevar,
    univariate_sevar,
)
from parity.core.srm._pool import Pooled, pool, weighted_mean
from parity.core.srm._prepare import GroupData

_NAN = float("nan")


@dataclass(frozen=True, slots=True)
class GroupFit:
    """One group's six components (``COMPONENTS`` order), squared SEs and effects.

    ``unstable`` holds, for the latent model, the occasion-specific (unstable) part of the
    perceiver, target and relationship variance and of the relationship covariance: half the
    sum of the two indicators' estimates minus the stable (cross-indicator) estimate. It is NaN
    for one indicator, where stable and unstable cannot be told apart.
    """

    n: int
    estimates: FloatArray
    sevar: FloatArray
    unstable: FloatArray
    perceiver: FloatArray
    target: FloatArray
    relationship: FloatArray
    self_centered: FloatArray


def _univariate(c: Cross) -> Univariate:
    return Univariate(c.perceiver, c.target, c.relationship, c.perceiver_target, c.relationship_cov)


def _centered_self(ratings: FloatArray) -> FloatArray:
    if np.isnan(ratings).all():
        return ratings
    return ratings - np.nanmean(ratings)


def _fit_manifest(data: GroupData) -> GroupFit:
    n = len(data.ids)
    eff = effects(data.matrices[0])
    c = cross_components(eff, eff)
    sa, sb, sc, sab, scc = univariate_sevar(_univariate(c), n)
    return GroupFit(
        n=n,
        estimates=np.array(
            [c.perceiver, c.target, c.relationship, _NAN, c.perceiver_target, c.relationship_cov]
        ),
        sevar=np.array([sa, sb, sc, _NAN, sab, scc]),
        unstable=np.full(4, np.nan),
        perceiver=eff.perceiver,
        target=eff.target,
        relationship=eff.relationship,
        self_centered=_centered_self(data.self_ratings[0]),
    )


def _mean_relationship(one: Effects, two: Effects) -> FloatArray:
    """Mean of the two indicators' relationship effects, or the one that is there."""
    stacked = np.stack([one.relationship, two.relationship])
    count = (~np.isnan(stacked)).sum(axis=0)
    total = np.nansum(stacked, axis=0)
    out: FloatArray = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    return out


def _fit_latent(data: GroupData) -> GroupFit:
    """Two indicators of one construct (Kenny, 1994; TripleR's ``a/b`` formula).

    What the two indicators share is the stable part: the covariance of indicator 1's effects
    with indicator 2's (perceiver with perceiver, target with target, relationship with the
    same pair's relationship). What they do not share is unstable variance; the unstable
    relationship part is the measurement error that one indicator confounds with relationship
    variance. Error variance is the sum of the unstable parts (negative parts counted as 0).
    """
    n = len(data.ids)
    one, two = effects(data.matrices[0]), effects(data.matrices[1])
    u1 = _univariate(cross_components(one, one))
    u2 = _univariate(cross_components(two, two))
    c = cross_components(one, two)
    unstable = np.array(
        [
            (u1.perceiver + u2.perceiver) / 2 - c.perceiver,
            (u1.target + u2.target) / 2 - c.target,
            (u1.relationship + u2.relationship) / 2 - c.relationship,
            (u1.relationship_cov + u2.relationship_cov) / 2 - c.relationship_cov,
        ]
    )
    error = float(np.maximum(unstable[:3], 0.0).sum())
    s_af, s_ag, s_bf, s_bg, s_h, s_hs = bivariate_sevar(u1, u2, c, n)
    selves = [_centered_self(s) for s in data.self_ratings]
    return GroupFit(
        n=n,
        estimates=np.array(
            [
                c.perceiver,
                c.target,
                c.relationship,
                error,
                (c.perceiver_target + c.target_perceiver) / 2,
                c.relationship_cov,
            ]
        ),
        sevar=np.array([s_af, s_bg, s_h, _NAN, (s_ag + s_bf) / 2, s_hs]),
        unstable=unstable,
        perceiver=(one.perceiver + two.perceiver) / 2,
        target=(one.target + two.target) / 2,
        relationship=_mean_relationship(one, two),
        self_centered=(selves[0] + selves[1]) / 2,
    )


def fit_group(data: GroupData) -> GroupFit:
    """Estimates of one group: one indicator (manifest) or two (latent)."""
    return _fit_manifest(data) if len(data.matrices) == 1 else _fit_latent(data)


@dataclass(frozen=True, slots=True)
class Summary:
    """The pooled components, their standardized values and the effects' reliabilities."""

    pooled: Pooled
    standardized: FloatArray
    reliability: tuple[float, float, float]


def _standardized(est: FloatArray) -> FloatArray:
    """Variances as shares of their sum (negative ones left out); covariances as correlations."""
    variances = est[:4]
    positive = np.where(variances >= 0, variances, np.nan)
    out = np.full(6, np.nan)
    total = np.nansum(positive)
    if total > 0:
        out[:4] = positive / total
    if est[0] > 0 and est[1] > 0:
        out[4] = est[4] / np.sqrt(est[0] * est[1])
    if est[2] > 0:
        out[5] = est[5] / est[2]
    clipped: FloatArray = np.clip(out, -1.0, 1.0)
    return clipped


def _reliability(est: FloatArray, unstable: FloatArray, n: float) -> tuple[float, float, float]:
    """Reliability of perceiver, target (and, latent, relationship) effects of a member.

    A perceiver effect is a mean over the n − 1 people rated, so it contains part of the
    relationship effects: rel = σ²_p / (σ²_p + σ²_rel·(n−1)/(n(n−2)) + σ_rel,rel'/(n(n−2))).
    With two indicators, the unstable parts u enter averaged over the r = 2 indicators:
    rel = σ²_p / ((σ²_p + u_p/2) + (σ²_rel + u_rel/2)(n−1)/(n(n−2)) + (σ_rr' + u_rr'/2)/(n(n−2)))
    and relationship effects get σ²_rel / (σ²_rel + u_rel/2). n is the mean group size.
    """
    latent = not np.isnan(unstable).all()
    u = unstable / 2.0 if latent else np.zeros(4)
    rel_part = (est[2] + u[2]) * (n - 1) / (n * (n - 2)) + (est[5] + u[3]) / (n * (n - 2))

    def share(variance: float, rest: float) -> float:
        total = variance + rest
        if not variance >= 0 or not total > 0:  # negative, NaN, or nothing to share
            return _NAN
        return float(np.clip(variance / total, -1.0, 1.0))

    perceiver = share(est[0], u[0] + rel_part)
    target = share(est[1], u[1] + rel_part)
    relationship = share(est[2], u[2]) if latent else _NAN
    return perceiver, target, relationship


def summarize(fits: list[GroupFit], se_method: str) -> Summary:
    """Pool the groups, then standardize and compute reliabilities from the pooled values."""
    sizes = np.array([f.n for f in fits], dtype=np.float64)
    pooled = pool(
        np.stack([f.estimates for f in fits]), np.stack([f.sevar for f in fits]), sizes, se_method
    )
    unstable = weighted_mean(np.stack([f.unstable for f in fits]), sizes)
    est = pooled.estimate.copy()
    if not np.isnan(unstable).all():
        est[3] = float(np.maximum(unstable[:3], 0.0).sum())
    se, t, p = pooled.se.copy(), pooled.t.copy(), pooled.p.copy()
    untestable = np.array(
        [est[0] <= 0, est[1] <= 0, est[2] <= 0, True, est[0] <= 0 or est[1] <= 0, est[2] <= 0]
    )
    se[untestable], t[untestable], p[untestable] = np.nan, np.nan, np.nan
    final = Pooled(est, se, t, p, pooled.df)
    n_mean = float(sizes.mean())
    return Summary(final, _standardized(est), _reliability(est, unstable, n_mean))
