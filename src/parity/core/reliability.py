"""How consistent each construct's items are: Cronbach's alpha within each side, and within
sides across the whole analysis.

The two sides of a relationship answer differently by design (that difference is what Parity
measures). Pooled, a difference between the sides looks like items moving together and
inflates alpha: need came out at .96 pooled against .57 within a side. So alpha is computed
within one side, or, for the analysis as a whole, on the answers less their side's item means
(the within-side covariance; its Feldt interval loses one degree of freedom per side).

Only respondents who answered every item of the construct count (listwise deletion). Their
covariance matrix is then a proper one, so alpha is at most 1 by construction however many
answers are missing (with pairwise deletion 70% missing gave 1.29); the ``n`` behind each
alpha is the number of those respondents. An alpha resting on fewer respondents than the
score threshold is not given (:func:`parity.core.policy.measure_shown`).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import numpy as np
import pandas as pd

from parity.core.agreement import AlphaResult, alpha_of, cronbach_alpha, feldt_interval
from parity.core.cfa import CFAError, CFAModel, Factor, fit_cfa
from parity.core.instrument import Instrument
from parity.core.policy import measure_shown
from parity.core.scoring import keyed_array, side_codes

SideAlphas = Mapping[str, AlphaResult]


def _scales(instrument: Instrument) -> dict[str, list[str]]:
    """The items of each construct with two items or more (one item has no alpha)."""
    return {
        code: [item.id for item in instrument.items_of(code)]
        for code in instrument.construct_codes
        if len(instrument.items_of(code)) >= 2
    }


def _complete(block: np.ndarray) -> np.ndarray:
    complete: np.ndarray = block[~np.isnan(block).any(axis=1)]
    return complete


def side_alphas(
    responses: pd.DataFrame, instrument: Instrument, sides: pd.Index, threshold: int
) -> dict[Hashable, SideAlphas]:
    """Per side in ``sides`` (keys as :func:`parity.core.scoring.side_codes` gives them), the
    alpha of each construct over the side's respondents who answered all its items.

    The same numbers as :func:`parity.core.agreement.cronbach_alpha` on each side's complete
    rows, computed for every side at once from sums (thousands of sides in one pass)."""
    codes, all_sides = side_codes(responses)
    # The keys as plain tuples, taken once: indexing the MultiIndex per side and construct
    # costs more than the alphas themselves with thousands of sides.
    keys = all_sides.tolist()
    wanted = np.flatnonzero(np.asarray(all_sides.isin(sides))).tolist()
    found: dict[Hashable, dict[str, AlphaResult]] = {keys[i]: {} for i in wanted}
    for code, cols in _scales(instrument).items():
        block = keyed_array(responses, instrument, cols)
        complete = ~np.isnan(block).any(axis=1)
        alpha, low, high, n = _grouped_alpha_arrays(
            block[complete], codes[complete], len(all_sides)
        )
        # Only the sides wanted, and only the alphas that may be shown, are made results,
        # from plain lists (one conversion each, not one per side).
        alphas, lows, highs, counts = alpha.tolist(), low.tolist(), high.tolist(), n.tolist()
        for index in wanted:
            count = int(counts[index])
            if measure_shown(count, threshold):
                found[keys[index]][code] = AlphaResult(
                    alphas[index], lows[index], highs[index], count, len(cols)
                )
    return dict(found)


def grouped_alphas(block: np.ndarray, codes: np.ndarray, groups: int) -> list[AlphaResult]:
    """Cronbach's alpha of complete rows ``block`` (rows x items) within each of ``groups``
    groups (``codes`` numbers each row's group), with its Feldt interval: the formulas of
    :func:`parity.core.agreement.cronbach_alpha`, on per-group sums."""
    alpha, low, high, n = _grouped_alpha_arrays(block, codes, groups)
    k = block.shape[1]
    return [
        AlphaResult(float(alpha[g]), float(low[g]), float(high[g]), int(n[g]), k)
        for g in range(groups)
    ]


def _grouped_alpha_arrays(
    block: np.ndarray, codes: np.ndarray, groups: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`grouped_alphas` as arrays over the groups: alpha, its interval, and n."""
    k = block.shape[1]
    n = np.bincount(codes, minlength=groups).astype(float)

    def variance(values: np.ndarray) -> np.ndarray:
        sums = np.bincount(codes, weights=values, minlength=groups)
        squares = np.bincount(codes, weights=values * values, minlength=groups)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.asarray((squares - sums * sums / n) / (n - 1))

    trace = sum(variance(block[:, j]) for j in range(k))
    alpha = np.where(n < 2, np.nan, alpha_of(trace, variance(block.sum(axis=1)), k))
    low, high = feldt_interval(alpha, np.maximum(n - 1, 1), k)
    return alpha, np.asarray(low), np.asarray(high), n


def within_sides(
    responses: pd.DataFrame, instrument: Instrument, sides: pd.Index | None = None
) -> pd.DataFrame:
    """Alpha per construct over the respondents of ``sides`` (keys as
    :func:`parity.core.scoring.side_codes` gives them; every side when None), on the answers
    less their side's item means: the consistency of the items within sides, not the
    difference between them. Only the sides shown are read, so no figure anywhere rests on a
    group below the anonymity threshold."""
    codes, all_sides = side_codes(responses)
    wanted = None if sides is None else np.asarray(all_sides.isin(sides))[codes]
    if wanted is not None and wanted.all():
        wanted = None
    if wanted is not None:
        codes = codes[wanted]
    if not len(codes):
        return pd.DataFrame()
    rows = []
    for code, cols in _scales(instrument).items():
        block = keyed_array(responses, instrument, cols)
        if wanted is not None:
            block = block[wanted]
        complete = ~np.isnan(block).any(axis=1)
        centred, groups = _centred(block[complete], codes[complete])
        result = cronbach_alpha(centred, groups=max(groups, 1))
        rows.append(
            {
                "construct": code,
                "items": len(cols),
                "n": result.n,
                "alpha": result.alpha,
                "ci_low": result.ci_low,
                "ci_high": result.ci_high,
                "omega": within_omega(code, instrument, centred, groups),
            }
        )
    return pd.DataFrame(rows).set_index("construct") if rows else pd.DataFrame()


#: McDonald's omega needs a one-factor model that can be fitted and tested: three items or more.
#: With two, the two loadings and the factor variance cannot be told apart (omega would be
#: whatever is assumed of the loadings), so a two-item construct has alpha only.
OMEGA_MIN_ITEMS = 3


def within_omega(code: str, instrument: Instrument, centred: np.ndarray, groups: int) -> float:
    """McDonald's omega of construct ``code`` from a one-factor model fitted by maximum
    likelihood to its complete answers less their side's item means (``centred``, from
    ``groups`` sides; the within-side covariance, as :func:`parity.core.validation.validate`
    with ``within_sides``). NaN with fewer than :data:`OMEGA_MIN_ITEMS` items, fewer
    respondents than the model's parameters, or a fit that does not converge."""
    items = tuple(item.id for item in instrument.items_of(code))
    if len(items) < OMEGA_MIN_ITEMS or len(centred) - groups <= 2 * len(items):
        return float("nan")
    try:
        fitted = fit_cfa(centred, CFAModel((Factor(code, items),)), centred_groups=groups)
    except CFAError:
        return float("nan")
    return float(fitted.omega[0][code])


def _centred(block: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, int]:
    """``block`` less each side's item means, and how many sides it holds."""
    if not len(block):
        return block, 0
    present, inverse = np.unique(codes, return_inverse=True)
    # Per column, bincount adds the rows in order as ``np.add.at`` would, many times faster.
    sums = np.column_stack(
        [np.bincount(inverse, weights=column, minlength=len(present)) for column in block.T]
    )
    means = sums / np.bincount(inverse)[:, None]
    return block - means[inverse], len(present)
