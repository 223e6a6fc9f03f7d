"""One round-robin matrix: missing ratings, perceiver/target/relationship effects, components.

A round-robin matrix has one row per perceiver and one column per target; the diagonal (self
ratings) never enters the model. The estimators are those of Warner, Kenny & Stoto (1979) as
used by SOREMO and TripleR: effects from row and column means with a small-group correction,
and variance components from the sums of squares of those effects, corrected for the part that
relationship variance contributes to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

from parity.core.srm._lashley_bond import Cross

FloatArray: TypeAlias = npt.NDArray[np.float64]
BoolArray: TypeAlias = npt.NDArray[np.bool_]

#: TripleR's imputation stops when no perceiver or target effect moves by more than this.
IMPUTATION_TOLERANCE = 0.01
#: … or after this many rounds, when it falls back to a single round from the raw matrix.
IMPUTATION_MAX_ROUNDS = 100


@dataclass(frozen=True, slots=True)
class Effects:
    """Effects of one variable in one group of n members (ids in the group's member order).

    ``relationship`` is n × n with NaN on the diagonal and wherever the rating was missing:
    an imputed cell lends the other estimates its row and column means but is no observation.
    """

    perceiver: FloatArray
    target: FloatArray
    relationship: FloatArray
    grand_mean: float


def _person_effects(x: FloatArray) -> tuple[FloatArray, FloatArray, float]:
    """Perceiver and target effects from the row and column means of ``x`` (NaN skipped).

    a_i = (n−1)²/(n(n−2))·M_i. + (n−1)/(n(n−2))·M_.i − (n−1)/(n−2)·M..  and symmetrically
    for b_j: the plain row mean would also contain the mean of everyone *else* the person
    rated, which in a round robin is not the whole group (nobody rates themselves).
    """
    n = x.shape[0]
    row = np.nanmean(x, axis=1)
    col = np.nanmean(x, axis=0)
    grand = float(np.nanmean(x))
    k = (n - 1) / (n * (n - 2))
    shift = (n - 1) / (n - 2) * grand
    perceiver = (n - 1) * k * row + k * col - shift
    target = (n - 1) * k * col + k * row - shift
    return perceiver, target, grand


def _impute_once(x: FloatArray, gaps: BoolArray) -> FloatArray:
    """Fill each gap with the mean of its row mean and its column mean."""
    row = np.nanmean(x, axis=1)
    col = np.nanmean(x, axis=0)
    filled = x.copy()
    filled[gaps] = ((row[:, None] + col[None, :]) / 2.0)[gaps]
    return filled


def _without_diagonal(x: FloatArray) -> FloatArray:
    out = x.copy()
    np.fill_diagonal(out, np.nan)
    return out


def impute_missing(
    x: FloatArray,
    tolerance: float = IMPUTATION_TOLERANCE,
    max_rounds: int = IMPUTATION_MAX_ROUNDS,
) -> tuple[FloatArray, BoolArray]:
    """``x`` with missing off-diagonal ratings filled in, and the mask of the filled cells.

    The effects formulas need a complete matrix. TripleR fills every empty cell with the mean
    of its row mean and column mean and repeats on the filled matrix until no perceiver or
    target effect moves by more than ``tolerance``; after ``max_rounds`` it gives up and keeps
    one round from the raw matrix. While it iterates, the (always empty) diagonal is filled
    the same way, so later rounds' row and column means include it; the diagonal is emptied
    again at the end. We follow these rules exactly, stopping point included, because they
    decide the third decimal of the published multi-group results.
    """
    gaps = np.isnan(x)
    missing = gaps.copy()
    np.fill_diagonal(missing, False)
    if not missing.any():
        return x, missing
    prev_a, prev_b, _ = _person_effects(x)
    current = x
    for rounds in range(1, max_rounds + 2):
        current = _impute_once(current, gaps)
        a, b, _ = _person_effects(current)
        stress = max(float(np.max(np.abs(a - prev_a))), float(np.max(np.abs(b - prev_b))))
        if rounds > max_rounds:
            return _without_diagonal(_impute_once(x, gaps)), missing
        if stress <= tolerance:
            break
        prev_a, prev_b = a, b
    return _without_diagonal(current), missing


def effects(x: FloatArray) -> Effects:
    """Perceiver, target and relationship effects of one round-robin matrix (NaN diagonal)."""
    complete, imputed = impute_missing(x)
    a, b, grand = _person_effects(complete)
    rel = complete - a[:, None] - b[None, :] - grand
    rel[imputed] = np.nan
    np.fill_diagonal(rel, np.nan)
    return Effects(a, b, rel, grand)


def cross_components(one: Effects, two: Effects) -> Cross:
    """The SRM covariances between two variables measured on the same round robin.

    With n members, perceiver effects a, target effects b and relationship effects c of each
    variable, and for every dyad {i, j} the mean e = (c_ij + c_ji)/2 and difference
    d = c_ij − c_ji of its two relationship effects:

    * A = Σ a¹a²/(n−1), B = Σ a¹b²/(n−1), C = Σ b¹a²/(n−1), D = Σ b¹b²/(n−1);
    * M_e = Σ_{i≠j} e¹e² / ((n−1)(n−2)/2 − 1), M_d = Σ_{i≠j} d¹d² / 2 / ((n−1)(n−2));
    * relationship covariance h = (M_e + M_d)/2, reciprocal relationship covariance
      h' = (M_e − M_d)/2;
    * perceiver–perceiver = A − h(n−1)/(n(n−2)) − h'/(n(n−2)), and likewise D for the target
      effects, while the mixed ones (B, C) swap h and h'.

    Dyads with a missing rating drop out of the sums (the denominators stay those of the
    complete design, as in TripleR). With ``one is two`` these are the univariate variance
    components: perceiver and target variance, their covariance, relationship variance and
    relationship (dyadic reciprocity) covariance.
    """
    n = one.perceiver.shape[0]
    dof = n - 1
    mean1 = (one.relationship + one.relationship.T) / 2.0
    mean2 = (two.relationship + two.relationship.T) / 2.0
    diff1 = one.relationship - one.relationship.T
    diff2 = two.relationship - two.relationship.T
    ms_mean = float(np.nansum(mean1 * mean2)) / ((n - 1) * (n - 2) / 2.0 - 1.0)
    ms_diff = float(np.nansum(diff1 * diff2)) / 2.0 / ((n - 1) * (n - 2))
    h = (ms_mean + ms_diff) / 2.0
    hs = (ms_mean - ms_diff) / 2.0
    own = h * (n - 1) / (n * (n - 2)) + hs / (n * (n - 2))
    mixed = hs * (n - 1) / (n * (n - 2)) + h / (n * (n - 2))
    return Cross(
        perceiver=float(one.perceiver @ two.perceiver) / dof - own,
        perceiver_target=float(one.perceiver @ two.target) / dof - mixed,
        target_perceiver=float(one.target @ two.perceiver) / dof - mixed,
        target=float(one.target @ two.target) / dof - own,
        relationship=h,
        relationship_cov=hs,
    )
