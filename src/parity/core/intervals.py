"""How sure each figure of a relationship is: 95% percentile intervals from the resamples.

The archetype's confidence already rests on :data:`~parity.core.archetypes.BOOTSTRAP_RESAMPLES`
resamples of each side's respondents (:func:`parity.core.archetypes.resampled_sides`). The same
resampled side means give every figure of the relationship again, by the very formulas of
:func:`parity.core.dyads.dyad_metrics`: each construct's gap between the sides, each side's
misreading of the other's need, each side's partnering score, the partnering index and the
power gap. The 2.5th and 97.5th percentiles of a figure over its resamples are its 95% interval
(docs/method.md §4a). Nothing is drawn a second time, and all resamples of all relationships go
through the formulas in one pass, so the intervals cost one more pass of array arithmetic.

Which of the intervals may be shown is the policy's (:func:`parity.core.policy.interval_shown`);
which gaps are named, the one rule of :func:`parity.core.dyads.named`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from parity.core import dyads, policy

#: The share of resamples inside an interval.
LEVEL = 0.95
#: The percentiles (0-100) that bound it: 2.5 and 97.5.
TAILS = (50.0 * (1.0 - LEVEL), 100.0 - 50.0 * (1.0 - LEVEL))
#: The figures of :func:`parity.core.dyads.dyad_metrics` given an interval, besides each
#: construct's gap (``gap_<code>``) and the power gap.
FIGURES = ("misreading_a", "misreading_b", "partnering_a", "partnering_b", "partnering_index")

Interval = tuple[float, float]
#: The constructs a side's partnering score (and so the index) rests on; those of power.
PARTNERING_PARTS = (*dyads.PARTNERING, *dyads.COUNTER)
POWER_PARTS = ("ALT", "NEED", "DIR", "DEF")


@dataclass(frozen=True)
class Intervals:
    """The 95% intervals of one relationship's figures that may be shown, and which gaps and
    misreadings are named (:func:`parity.core.dyads.named`, decided on every interval, shown
    or not).

    ``gaps`` is by construct code (first party minus second, as ``RelationshipResult.gaps``);
    ``misreadings`` and ``named_misreadings`` are by the party whose reading it is (as
    ``mutual_need["misreading"]``); ``power_gap`` is the interval of the power gap as shown
    (the holder's lead, or the larger gap's size when power is balanced).
    """

    partnering_index: Interval | None = None
    gaps: Mapping[str, Interval] = field(default_factory=dict)
    misreadings: Mapping[str, Interval] = field(default_factory=dict)
    power_gap: Interval | None = None
    named_gaps: frozenset[str] = frozenset()
    named_misreadings: frozenset[str] = frozenset()


#: A relationship without intervals: unclassified, or analysed before they existed.
NO_INTERVALS = Intervals()


def percentile_bounds(values: np.ndarray, tails: Sequence[float] = TAILS) -> np.ndarray:
    """The ``tails`` percentiles (0-100) of each row of ``values`` (rows x resamples), NaN
    left out, by NumPy's default (linear) rule; NaN for a row without a number.

    Every row is sorted at once (NaN sorts last), which ``np.nanpercentile`` would do one
    row at a time in Python.
    """
    ordered = np.sort(values, axis=1)
    count = (~np.isnan(ordered)).sum(axis=1)
    top = np.maximum(count - 1, 0)
    out = np.full((values.shape[0], len(tails)), np.nan)
    for j, tail in enumerate(tails):
        position = top * (tail / 100.0)
        lower = np.floor(position).astype(int)
        upper = np.minimum(lower + 1, top)
        low = np.take_along_axis(ordered, lower[:, None], axis=1)[:, 0]
        high = np.take_along_axis(ordered, upper[:, None], axis=1)[:, 0]
        with np.errstate(invalid="ignore"):
            found = low + (high - low) * (position - lower)
        out[:, j] = np.where(count > 0, found, np.nan)
    return out


def _power_gaps(drawn: dict[str, np.ndarray], full: pd.DataFrame, resamples: int) -> np.ndarray:
    """The resampled power gap on the basis the full data chose, turned so that the full
    data's gap is positive (the power gap is shown as a size: the holder's lead)."""
    lev = (full["leverage_a"] - full["leverage_b"]).to_numpy(float)
    dirn = (full["direction_a"] - full["direction_b"]).to_numpy(float)
    use_dir = np.abs(np.nan_to_num(dirn)) > np.abs(np.nan_to_num(lev))
    sign = np.where(np.where(use_dir, dirn, lev) < 0, -1.0, 1.0)
    drawn_lev = drawn["leverage_a"] - drawn["leverage_b"]
    drawn_dir = drawn["direction_a"] - drawn["direction_b"]
    choose = np.repeat(use_dir, resamples)
    return np.asarray(np.repeat(sign, resamples) * np.where(choose, drawn_dir, drawn_lev))


def _summed(parts: Sequence[np.ndarray]) -> np.ndarray:
    """The sum of ``parts`` taken in order, a missing value counted as 0."""
    total = np.where(np.isnan(parts[0]), 0.0, parts[0])
    for part in parts[1:]:
        total = total + np.where(np.isnan(part), 0.0, part)
    return total


def _partnering(side: np.ndarray, at: Mapping[str, int]) -> np.ndarray:
    """:func:`parity.core.dyads.partnering_score` of the rows of ``side``, with the same
    arithmetic: the partnering constructs summed, the counter-constructs turned round and
    summed, the two sums added and divided by the number of constructs answered."""
    counter = [100.0 - side[:, at[c]] for c in dyads.COUNTER]
    parts = [side[:, at[c]] for c in dyads.PARTNERING]
    answered = sum((~np.isnan(p)).astype(np.intp) for p in (*parts, *counter))
    total = _summed(parts) + _summed(counter)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.where(answered > 0, total / answered, np.nan))


def resampled_figures(
    a: np.ndarray, b: np.ndarray, columns: Sequence[str], gaps: Sequence[str]
) -> dict[str, np.ndarray]:
    """The figures of :func:`parity.core.dyads.dyad_metrics` that have an interval, and the
    leverages and directions of the power gap, for every row of the resampled side means
    ``a`` and ``b`` (columns ``columns``): the same formulas and the same arithmetic on
    arrays, without building a frame of every resample. ``gaps`` names the ``gap_<code>``
    wanted."""
    at = {code: i for i, code in enumerate(columns)}
    drawn = {name: a[:, at[name[4:]]] - b[:, at[name[4:]]] for name in gaps}
    need_a, need_b = a[:, at["NEED"]], b[:, at["NEED"]]
    drawn["misreading_a"] = a[:, at["ONEED"]] - need_b
    drawn["misreading_b"] = b[:, at["ONEED"]] - need_a
    drawn["partnering_a"] = partnering_a = _partnering(a, at)
    drawn["partnering_b"] = partnering_b = _partnering(b, at)
    drawn["leverage_a"] = (a[:, at["ALT"]] + (100.0 - need_a)) / 2.0
    drawn["leverage_b"] = (b[:, at["ALT"]] + (100.0 - need_b)) / 2.0
    drawn["direction_a"] = (a[:, at["DIR"]] + b[:, at["DEF"]]) / 2.0
    drawn["direction_b"] = (b[:, at["DIR"]] + a[:, at["DEF"]]) / 2.0
    parts = [np.abs(a[:, at[c]] - b[:, at[c]]) for c in dyads.PARITY_CONSTRUCTS]
    parts.append(np.abs(drawn["leverage_a"] - drawn["leverage_b"]))
    parts.append(np.abs(drawn["direction_a"] - drawn["direction_b"]))
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    asymmetry = total / len(parts)
    weaker = np.minimum(partnering_a, partnering_b)
    drawn["partnering_index"] = np.clip(weaker - 0.5 * asymmetry, 0.0, 100.0)
    return drawn


def figure_intervals(
    a: np.ndarray, b: np.ndarray, columns: Sequence[str], full: pd.DataFrame, resamples: int
) -> pd.DataFrame:
    """``<figure>_low`` and ``<figure>_high`` for every figure with an interval, one row per
    relationship of ``full`` (its :func:`~parity.core.dyads.dyad_metrics`, in the order of the
    resamples): ``gap_<code>`` for every construct of ``columns``, :data:`FIGURES` and
    ``power_gap``.

    ``a`` and ``b`` are the resampled side means (``resamples`` rows per relationship, columns
    ``columns``). An interval that would leave out the figure itself (the index takes a minimum
    and absolute differences, so its resamples lean low) is stretched to reach it: the number
    shown always lies within its interval.
    """
    gaps = [f"gap_{code}" for code in columns if f"gap_{code}" in full.columns]
    names = [*gaps, *FIGURES, "power_gap"]
    if full.empty:
        return pd.DataFrame(
            {f"{name}_{end}": [] for name in names for end in ("low", "high")},
            index=full.index,
            dtype=float,
        )
    figures = resampled_figures(a, b, columns, gaps)
    drawn = {name: figures[name] for name in (*gaps, *FIGURES)}
    drawn["power_gap"] = _power_gaps(figures, full, resamples)
    out: dict[str, np.ndarray] = {}
    for name, values in drawn.items():
        bounds = percentile_bounds(values.reshape(len(full), resamples))
        estimate = full[name].to_numpy(float)
        out[f"{name}_low"] = np.minimum(bounds[:, 0], estimate)
        out[f"{name}_high"] = np.maximum(bounds[:, 1], estimate)
    return pd.DataFrame(out, index=full.index)


def with_named(full: pd.DataFrame, bounds: pd.DataFrame) -> pd.DataFrame:
    """``bounds`` (:func:`figure_intervals`) with ``<figure>_named`` for every gap and
    misreading: whether the one rule names it (:func:`parity.core.dyads.named`, with
    :data:`~parity.core.dyads.NOTABLE_GAP` or :data:`~parity.core.dyads.NOTABLE_MISREADING`),
    for all relationships at once."""
    out = bounds.copy()
    gaps = [
        c.removesuffix("_low")
        for c in bounds.columns
        if c.startswith("gap_") and c.endswith("_low")
    ]
    rules = [(name, dyads.NOTABLE_GAP) for name in gaps]
    rules += [(name, dyads.NOTABLE_MISREADING) for name in ("misreading_a", "misreading_b")]
    for name, threshold in rules:
        out[f"{name}_named"] = dyads.named(
            full[name].to_numpy(float),
            bounds[f"{name}_low"].to_numpy(float),
            bounds[f"{name}_high"].to_numpy(float),
            threshold,
        )
    return out


def interval_of(row: Mapping[str, Any], name: str) -> Interval | None:
    """The interval of figure ``name`` in a row of :func:`figure_intervals`; None when it has
    none (the figure is missing, or no resample gave it)."""
    low, high = row.get(f"{name}_low"), row.get(f"{name}_high")
    if low is None or high is None or low != low or high != high:
        return None
    return float(low), float(high)


def _shown(interval: Interval | None, *counts: list[int]) -> Interval | None:
    """``interval`` if the policy lets it be shown: every side it rests on answered, and every
    count behind it reaches :func:`parity.core.policy.interval_shown`."""
    if interval is None or not all(counts):
        return None
    return interval if policy.interval_shown([n for group in counts for n in group]) else None


def relationship_intervals(
    row: Mapping[str, Any],
    parties: tuple[str, str],
    answered: tuple[Mapping[str, int], Mapping[str, int]],
    codes: Sequence[str],
) -> tuple[tuple[Interval | None, Interval | None], Intervals]:
    """One relationship's intervals from its row of :func:`with_named`: each side's partnering
    interval and the :class:`Intervals`, each only where it may be shown (``answered``: per
    side, how many answered each construct shown); what the rule names is read from every
    interval, shown or not. ``codes`` are the constructs scored, in the instrument's order."""
    (pa, pb), (na, nb) = parties, answered
    shown = policy.interval_shown

    def counts(side: Mapping[str, int], wanted: Sequence[str]) -> list[int]:
        return [side[c] for c in wanted if c in side]

    gaps: dict[str, Interval] = {}
    for code in codes:
        # One construct of each side: what _shown asks of the two counts, without the lists.
        if code in na and code in nb and shown((na[code], nb[code])):
            gap = interval_of(row, f"gap_{code}")
            if gap is not None:
                gaps[code] = gap
    misreadings: dict[str, Interval] = {}
    for party, which, mine, theirs in ((pa, "a", na, nb), (pb, "b", nb, na)):
        if "ONEED" in mine and "NEED" in theirs and shown((mine["ONEED"], theirs["NEED"])):
            misread = interval_of(row, f"misreading_{which}")
            if misread is not None:
                misreadings[party] = misread
    both = (counts(na, PARTNERING_PARTS), counts(nb, PARTNERING_PARTS))
    power = (counts(na, POWER_PARTS), counts(nb, POWER_PARTS))
    own = (
        _shown(interval_of(row, "partnering_a"), both[0]),
        _shown(interval_of(row, "partnering_b"), both[1]),
    )
    return own, Intervals(
        partnering_index=_shown(interval_of(row, "partnering_index"), *both),
        gaps=gaps,
        misreadings=misreadings,
        power_gap=_shown(interval_of(row, "power_gap"), *power),
        named_gaps=frozenset(c for c in codes if row.get(f"gap_{c}_named")),
        named_misreadings=frozenset(
            party for party, which in ((pa, "a"), (pb, "b")) if row.get(f"misreading_{which}_named")
        ),
    )
