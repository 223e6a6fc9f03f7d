"""The two sides of a relationship read together.

A relationship is the unordered pair {A, B}; ``A`` is the party whose name sorts first, so the
result never depends on which side's rows came first in a file. Side A is "A answering about
B", side B is "B answering about A". Every function here works on two aligned frames (one row
per relationship, one column per construct, 0-100) and is vectorised over relationships.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from parity.core.schema import ABOUT, PARTY, WAVE

#: Constructs where a high score is a partnering signal.
PARTNERING = ("OUT", "STK", "COM", "NEED", "VAL", "VOI", "TRS")
#: Constructs where a high score works against partnering (power, deference, direction).
COUNTER = ("ALT", "DEF", "DIR")
#: The parts of parity (docs/method.md §4) by the name a result gives each, in the order the
#: outputs show them: the gaps that break parity.
PARITY_PARTS: Mapping[str, str] = {"stake": "STK", "value": "VAL", "voice": "VOI", "need": "NEED"}
PARITY_CONSTRUCTS = tuple(PARITY_PARTS.values())
#: A difference of this many points (0-100) between the sides is worth a sentence, when its
#: interval also keeps clear of 0 (:func:`named`).
NOTABLE_GAP = 15.0
#: A misreading of the other's need this large is reported, on the same terms (:func:`named`).
NOTABLE_MISREADING = 20.0


def named(values: np.ndarray, low: np.ndarray, high: np.ndarray, threshold: float) -> np.ndarray:
    """The rule by which a gap, a misreading or a power gap is *named* (in a reason, a chart's
    title, a flag, a coaching trigger), element by element: it is at least ``threshold``
    points (:data:`NOTABLE_GAP`, :data:`NOTABLE_MISREADING`) *and* its 95% interval
    (``low``, ``high``; :mod:`parity.core.intervals`) lies wholly on one side of 0.

    The threshold says the difference would matter; the interval, that the answers show it:
    with a few respondents who answer far apart, a 16-point gap is as compatible with no gap at
    all, and is not named until more answer. A missing value or interval is never named.
    """
    with np.errstate(invalid="ignore"):
        return np.asarray((np.abs(values) >= threshold) & ((low > 0) | (high < 0)))


def pair_sides(side_means: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split side means (indexed by (wave,) party, about) into aligned A and B frames.

    The result's index is (wave,) party_a, party_b with party_a < party_b. A side nobody
    answered is a row of NaN in its frame.
    """
    index = side_means.index.to_frame(index=False)
    first = index[PARTY] < index[ABOUT]
    keys = {
        "party_a": index[PARTY].where(first, index[ABOUT]),
        "party_b": index[ABOUT].where(first, index[PARTY]),
    }
    if WAVE in index.columns:
        keys = {WAVE: index[WAVE], **keys}
    pair_index = pd.MultiIndex.from_frame(pd.DataFrame(keys))
    values = side_means.set_axis(pair_index, axis=0)
    a = values[first.to_numpy()]
    b = values[~first.to_numpy()]
    all_pairs = a.index.union(b.index).sort_values()
    return a.reindex(all_pairs), b.reindex(all_pairs)


def partnering_score(side: pd.DataFrame) -> pd.Series:
    """One side's partnering score: the mean of the partnering constructs and the
    counter-constructs turned round (100 - ALT, 100 - DEF, 100 - DIR)."""
    parts = pd.concat([side[list(PARTNERING)], 100.0 - side[list(COUNTER)]], axis=1)
    return parts.mean(axis=1, skipna=True)


def leverage(side: pd.DataFrame) -> pd.Series:
    """Power through alternatives: (ALT + (100 - NEED)) / 2. High = could walk away."""
    return (side["ALT"] + (100.0 - side["NEED"])) / 2.0


def direction(side: pd.DataFrame, other: pd.DataFrame) -> pd.Series:
    """Power through direction: (this side's DIR + the other side's DEF) / 2."""
    return (side["DIR"] + other["DEF"]) / 2.0


def dyad_metrics(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Gaps, power, mutual need, parity and the partnering index for every relationship."""
    out = pd.DataFrame(index=a.index)
    for code in a.columns:
        out[f"gap_{code}"] = a[code] - b[code]
    out["leverage_a"], out["leverage_b"] = leverage(a), leverage(b)
    out["direction_a"], out["direction_b"] = direction(a, b), direction(b, a)
    out["need_a"], out["need_b"] = a["NEED"], b["NEED"]
    out["need_estimate_a"], out["need_estimate_b"] = a["ONEED"], b["ONEED"]
    out["misreading_a"] = a["ONEED"] - b["NEED"]
    out["misreading_b"] = b["ONEED"] - a["NEED"]
    for name, code in PARITY_PARTS.items():
        out[f"parity_{name}"] = 100.0 - (a[code] - b[code]).abs()
    out["partnering_a"], out["partnering_b"] = partnering_score(a), partnering_score(b)
    out["asymmetry"] = asymmetry(a, b, out)
    weaker = out[["partnering_a", "partnering_b"]].min(axis=1, skipna=False)
    out["partnering_index"] = (weaker - 0.5 * out["asymmetry"]).clip(lower=0.0, upper=100.0)
    out = pd.concat([out, power_holder(out)], axis=1)
    return out


def asymmetry(a: pd.DataFrame, b: pd.DataFrame, metrics: pd.DataFrame) -> pd.Series:
    """Mean absolute difference between the sides on stake, need, value, voice, and on the
    two kinds of power (leverage and direction)."""
    parts = [(a[c] - b[c]).abs() for c in PARITY_CONSTRUCTS]
    parts.append((metrics["leverage_a"] - metrics["leverage_b"]).abs())
    parts.append((metrics["direction_a"] - metrics["direction_b"]).abs())
    return pd.concat(parts, axis=1).mean(axis=1, skipna=False)


def named_power(metrics: pd.DataFrame, low: pd.Series, high: pd.Series) -> pd.DataFrame:
    """``metrics`` with a power holder only where the power gap is named (:func:`named`
    with :data:`NOTABLE_GAP`); ``low`` and ``high`` bound the power gap as shown (a size, the
    holder's lead). Elsewhere power is balanced: no holder, no basis."""
    out = metrics.copy()
    clear = named(
        out["power_gap"].to_numpy(float),
        low.reindex(out.index).to_numpy(float),
        high.reindex(out.index).to_numpy(float),
        NOTABLE_GAP,
    )
    out["power_holder"] = np.where(clear, out["power_holder"], "")
    out["power_basis"] = np.where(clear, out["power_basis"], "")
    return out


def power_holder(metrics: pd.DataFrame) -> pd.DataFrame:
    """Who holds power ('a', 'b' or '' for balanced) and through what.

    The larger of the two power gaps decides the basis; below :data:`NOTABLE_GAP` points the
    relationship is called balanced (and :func:`named_power` calls it balanced too when the
    gap's interval reaches 0).
    """
    lev = (metrics["leverage_a"] - metrics["leverage_b"]).to_numpy()
    dirn = (metrics["direction_a"] - metrics["direction_b"]).to_numpy()
    use_dir = np.abs(np.nan_to_num(dirn)) > np.abs(np.nan_to_num(lev))
    gap = np.where(use_dir, dirn, lev)
    holder = np.where(gap >= NOTABLE_GAP, "a", np.where(gap <= -NOTABLE_GAP, "b", ""))
    basis = np.where(holder == "", "", np.where(use_dir, "direction", "alternatives"))
    return pd.DataFrame(
        {"power_holder": holder, "power_basis": basis, "power_gap": np.abs(gap)},
        index=metrics.index,
    )
