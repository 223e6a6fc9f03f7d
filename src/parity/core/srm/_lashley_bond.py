"""Sampling variances of round-robin estimates in one group (Lashley & Bond, 1997).

An SRM estimate from one round robin of n people has a sampling variance that depends on n and
on the true variance components themselves. Bond & Lashley (1996) and Lashley & Bond (1997)
derived these variances for the univariate and the bivariate model; plugging the estimates in
gives squared standard errors that work for a *single* group, where the older between-groups
test (SOREMO) has no degrees of freedom at all. The polynomials are long; each is written out
once below as coefficients (highest power first) so that it can be checked against the papers
term by term, and evaluated with :func:`numpy.polyval`.

The same formulas are the ones TripleR implements, so the standard errors match its output.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# -- univariate model (Lashley & Bond, 1997, Table 1) ----------------------------------------
_P_REL_SQ = (1, -7, 28, -66, 102, -84, 32)  # n^6 − 7n^5 + … + 32
_P_REL_COV = (1, -5, 20, -42, 60, -32)  # n^5 − 5n^4 + … − 32
_P_AB_REL_SQ = (1, -5, 19, -45, 90, -96, 64)
_P_AB_RCOV_SQ = (1, -7, 31, -83, 150, -144, 64)

# -- bivariate model (Bond & Lashley, 1996) --------------------------------------------------
_C1 = (1, -14, 89, -342, 872, -1505, 1698, -1063, 116, 292, -224, 64)
_C2 = (1, -12, 66, -227, 534, -857, 883, -416, -148, 224, -64)
_C3 = (1, -11, 48, -93, -2, 388, -763, 572, 4, -224, 64)
_C4 = (1, -16, 117, -520, 1540, -3083, 3970, -2689, -4, 1212, -544, -64)
_C5 = (1, -11, 42, -33, -258, 976, -1453, 788, 348, -544, -64)
_C6 = (2, -28, 184, -766, 2148, -3926, 4202, -1504, -1560, 1088, 128)
_C7_CORE = (1, -9, 35, -75, 76, -12, -48)
_Q_PRODUCTS = (1, -9, 32, -57, 43, 6, -8)
_Q_CROSS = (1, -6, 3, 18, -8)
_Q_MIXED = (1, -6, 11, -6, 8)
_Q_SQUARES = (1, -9, 28, -33, -9, 54, 8)


def _poly(coefficients: tuple[int, ...], n: float) -> float:
    return float(np.polyval(np.asarray(coefficients, dtype=np.float64), n))


@dataclass(frozen=True, slots=True)
class Univariate:
    """The five estimates of one round-robin variable in one group."""

    perceiver: float
    target: float
    relationship: float
    perceiver_target: float
    relationship_cov: float


def univariate_sevar(est: Univariate, n: float) -> tuple[float, float, float, float, float]:
    """Squared SEs of (perceiver var, target var, relationship var, p–t cov, relationship cov).

    With s_a, s_b the perceiver and target variances, s_ab their covariance, s_c the relationship
    variance and s_cc' the relationship covariance (Lashley & Bond, 1997):

    * var(s_a) = 2s_a²/(n+1) + [2·P₁(n)·s_c² + 2(n³−n²−2n+16)(n²−2n+2)·s_cc'² +
      4·P₂(n)·s_c·s_cc'] / (w(n+1)n²(n−2)²) + 4s_a((n−1)s_c + s_cc')/((n+1)n(n−2)),
      and the same with s_b for var(s_b);
    * var(s_c) = var(s_cc') = [2(n²−3n+5)(s_c² + s_cc'²) + 4·s_c·s_cc'] / w;
    * var(s_ab) = (n−3)s_ab²/((n+1)(n−2)) + (n−1)s_a·s_b/((n+1)(n−2))
      + (n−1)(s_a+s_b)((n−1)s_c + s_cc')/((n+1)n(n−2)²)
      + 2(n−3)s_ab(s_c + (n−1)s_cc')/((n+1)n(n−2)²)
      + [P₃(n)s_c² + P₄(n)s_cc'² + 4P₂(n)s_c·s_cc'] / (w(n+1)n²(n−2)²),

    with w = (n²−3n+6)(n²−3n+4) and the polynomials P₁…P₄ above.
    """
    a, b, c, ab, cc = (
        est.perceiver,
        est.target,
        est.relationship,
        est.perceiver_target,
        est.relationship_cov,
    )
    w = (n**2 - 3 * n + 6) * (n**2 - 3 * n + 4)
    big = w * (n + 1) * n**2 * (n - 2) ** 2
    rcov_sq = (n**3 - n**2 - 2 * n + 16) * (n**2 - 2 * n + 2)
    shared = (
        2 * _poly(_P_REL_SQ, n) * c**2 + 2 * rcov_sq * cc**2 + 4 * _poly(_P_REL_COV, n) * c * cc
    ) / big
    rel_part = (n - 1) * c + cc

    def person_variance(s: float) -> float:
        return 2 * s**2 / (n + 1) + shared + 4 * s * rel_part / ((n + 1) * n * (n - 2))

    relationship = (2 * (n**2 - 3 * n + 5) * (c**2 + cc**2) + 4 * c * cc) / w
    covariance = (
        (n - 3) * ab**2 / ((n + 1) * (n - 2))
        + (n - 1) * a * b / ((n + 1) * (n - 2))
        + (n - 1) * (a + b) * rel_part / ((n + 1) * n * (n - 2) ** 2)
        + 2 * (n - 3) * ab * (c + (n - 1) * cc) / ((n + 1) * n * (n - 2) ** 2)
        + (
            _poly(_P_AB_REL_SQ, n) * c**2
            + _poly(_P_AB_RCOV_SQ, n) * cc**2
            + 4 * _poly(_P_REL_COV, n) * c * cc
        )
        / big
    )
    return person_variance(a), person_variance(b), relationship, covariance, relationship


@dataclass(frozen=True, slots=True)
class Cross:
    """The six covariances between two round-robin variables in one group (Kenny's f, g, h).

    ``perceiver``: perceiver effect of variable 1 with perceiver effect of variable 2;
    ``perceiver_target``: perceiver effect of 1 with target effect of 2; ``target_perceiver``
    the reverse; ``target``: the two target effects; ``relationship``: relationship effects of
    the same ordered pair (intrapersonal); ``relationship_cov``: relationship effect of i→j on
    variable 1 with j→i on variable 2 (interpersonal).
    """

    perceiver: float
    perceiver_target: float
    target_perceiver: float
    target: float
    relationship: float
    relationship_cov: float


def bivariate_sevar(
    one: Univariate, two: Univariate, cross: Cross, n: float
) -> tuple[float, float, float, float, float, float]:
    """Squared SEs of the six cross covariances (Bond & Lashley, 1996), in :class:`Cross` order.

    Each is a sum of three parts: a person-level part, a part mixing person and relationship
    components, and a relationship part with the polynomials C₁…C₇ above. Besides the cross
    covariances themselves, the parts use each variable's own relationship variance (σ²_c) and
    relationship covariance (σ_cc'); with these, TripleR 1.5.4's published latent-model
    standard errors are reproduced (an older TripleR put the perceiver–target covariance in
    the σ_cc' slot, which changes the third decimal of the relationship SE).
    """
    c7 = (n - 3) * n * _poly(_C7_CORE, n)
    tail_den = (n - 2) ** 3 * n**2 * (n + 1) * c7
    mid_den = (n - 2) ** 2 * n * (n + 1)
    head_den = (n - 2) * (n + 1)
    h, hs = cross.relationship, cross.relationship_cov
    one_c, two_c = one.relationship, two.relationship
    one_s, two_s = one.relationship_cov, two.relationship_cov
    rel_terms = (
        _poly(_C1, n) * one_c * two_c
        + _poly(_C2, n) * (one_c * two_s + one_s * two_c)
        + _poly(_C3, n) * one_s * two_s
    )

    def person_level(s1: float, s2: float, cov: float, same_role: bool) -> float:
        first, second = (h, hs) if same_role else (hs, h)
        head = ((n - 1) * s1 * s2 + (n - 3) * cov**2) / head_den
        mid = (
            (n - 1) ** 2 * (s1 * two_c + one_c * s2)
            + (n - 1) * (s1 * two_s + one_s * s2)
            + 2 * (n - 3) * cov * ((n - 1) * first + second)
        ) / mid_den
        tail = (
            rel_terms
            + _poly(_C4, n) * first**2
            + _poly(_C5, n) * second**2
            + _poly(_C6, n) * h * hs
        ) / tail_den
        return head + mid + tail

    relationship = (
        _poly(_Q_PRODUCTS, n) * (one_c * two_c + one_s * two_s)
        + 2 * _poly(_Q_CROSS, n) * h * hs
        + _poly(_Q_MIXED, n) * (one_c * two_s + one_s * two_c)
        + _poly(_Q_SQUARES, n) * (h**2 + hs**2)
    ) / c7
    return (
        person_level(one.perceiver, two.perceiver, cross.perceiver, same_role=True),
        person_level(one.perceiver, two.target, cross.perceiver_target, same_role=False),
        person_level(one.target, two.perceiver, cross.target_perceiver, same_role=False),
        person_level(one.target, two.target, cross.target, same_role=True),
        relationship,
        relationship,
    )
