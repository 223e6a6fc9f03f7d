"""Draw one side's survey answers from a profile.

The model is deliberately simple and easy to explain in a workshop. Each respondent has a
personal level on each construct: the side's target plus a personal deviation, shared by the
construct's items. Each item answer is that level on the 1–7 scale plus a little item noise,
rounded to a whole answer. One person's deviations lean together: someone who sees the
relationship more favourably than their colleagues rates the partnering constructs a little
higher and the counter-constructs a little lower (:data:`LEAN`). So within a side a construct's
items agree with each other as in real answers (Cronbach's alpha about .7 to .8) and the
constructs correlate, which is what lets a factor analysis within sides tell a two-item
construct from its neighbours (``parity validate --within-sides``; docs/demo-data.md). The
output is the canonical responses frame the engine reads, so the demo exercises the same path as
a real survey export.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

import numpy as np
import pandas as pd

from parity.core.dyads import COUNTER, PARTNERING
from parity.core.instrument import Instrument
from parity.core.schema import ABOUT, PARTY, RESPONDENT
from parity.demo.profiles import Profile

#: Which way a construct moves with a respondent's general view of the relationship: +1 up as
#: the view is more favourable, -1 down. The partnering constructs and the counter-constructs
#: are the engine's own (:mod:`parity.core.dyads`); a relationship run on requests and service
#: levels reads as less of a partnership, and a favourable view sees the other needing us more.
#: A construct not listed here (one a custom instrument adds) has only its own deviation.
LEAN: Mapping[str, float] = MappingProxyType(
    {**dict.fromkeys(PARTNERING, 1.0), **dict.fromkeys(COUNTER, -1.0), "TRX": -1.0, "ONEED": 1.0}
)
#: The correlation of a leaning construct's personal deviation with the respondent's general
#: view; two leaning constructs' deviations correlate at plus or minus its square (.36).
GENERAL_VIEW = 0.6


def sample_side(
    profile: Profile,
    n: int,
    rng: np.random.Generator,
    *,
    party: str,
    about: str,
    instrument: Instrument,
    respondent_sd: float = 8.0,
    item_sd: float = 0.3,
    skip_rate: float = 0.03,
    blur: float = 0.0,
    id_prefix: str,
) -> pd.DataFrame:
    """Answers of ``n`` members of ``party`` about ``about``, one row per respondent.

    Columns: ``respondent, party, about``, then every item of ``instrument`` as float64 with NaN
    for a skipped answer. ``blur`` (0–1) pulls every answer toward the scale middle, as a survey
    answered half-heartedly would; ``skip_rate`` is the chance that any one answer is skipped,
    but no respondent skips every item (a fully blank row would not be a respondent at all).
    """
    _check_arguments(n, respondent_sd, item_sd, skip_rate, blur)
    answers = _answers(profile, n, rng, instrument, respondent_sd, item_sd, blur)
    answers[_skip_mask(n, len(instrument.items), rng, skip_rate)] = np.nan
    frame = pd.DataFrame(answers, columns=list(instrument.item_ids), dtype="float64")
    ids = _respondent_ids(id_prefix, n)
    frame.insert(0, RESPONDENT, ids)
    frame.insert(1, PARTY, [party] * n)
    frame.insert(2, ABOUT, [about] * n)
    return frame


def _check_arguments(
    n: int, respondent_sd: float, item_sd: float, skip_rate: float, blur: float
) -> None:
    if n < 1:
        raise ValueError(f"A side needs at least one respondent, not {n}.")
    if respondent_sd < 0 or item_sd < 0:
        raise ValueError("respondent_sd and item_sd are spreads and cannot be negative.")
    if not 0.0 <= skip_rate < 1.0:
        raise ValueError(f"skip_rate is a probability below 1, not {skip_rate}.")
    if not 0.0 <= blur <= 1.0:
        raise ValueError(f"blur runs from 0 (none) to 1 (every answer mid-scale), not {blur}.")


def _answers(
    profile: Profile,
    n: int,
    rng: np.random.Generator,
    instrument: Instrument,
    respondent_sd: float,
    item_sd: float,
    blur: float,
) -> np.ndarray:
    """Whole answers in the instrument's scale, reverse-keyed items already reversed.

    Personal levels are drawn per construct (not per item) so that a respondent's items on one
    construct agree with each other, as they do in real answers; across constructs they are
    correlated as :func:`deviation_correlation` says.
    """
    codes = list(instrument.constructs)
    targets = np.array([profile.target(code) for code in codes])
    mixing = np.linalg.cholesky(deviation_correlation(codes))
    standard = rng.normal(0.0, 1.0, size=(n, len(codes)))
    levels = np.clip(targets + respondent_sd * standard @ mixing.T, 0.0, 100.0)
    column = np.array([codes.index(item.construct) for item in instrument.items])
    low, high = instrument.scale_min, instrument.scale_max
    raw = low + levels[:, column] / 100.0 * (high - low)
    raw = raw + rng.normal(0.0, item_sd, size=raw.shape)
    middle = (low + high) / 2.0
    raw = _compared(raw, profile, instrument)
    raw = raw + blur * (middle - raw)
    answers = np.clip(np.rint(raw), low, high)
    reverse = np.array([item.reverse for item in instrument.items])
    answers[:, reverse] = low + high - answers[:, reverse]
    return answers


#: Which way a side leans on a comparison scored ``balance`` (TPI-2), as a sign times
#: "needs the other more than it is needed" (NEED - ONEED): the side that needs the other more
#: has more riding on the work (STK4) and bears more of the cost when it goes wrong (RISK2),
#: and the other gains more when it succeeds (RISK3). A comparison not listed leans our way.
BALANCE_LEANS: Mapping[str, float] = MappingProxyType({"STK4": 1.0, "RISK2": 1.0, "RISK3": -1.0})


def _compared(raw: np.ndarray, profile: Profile, instrument: Instrument) -> np.ndarray:
    """The answers to comparison items, from the keyed level drawn for their construct: the
    inverse of :func:`parity.core.scoring.keyed_answers`. ``not_less``: below the middle by
    half the shortfall ("they have more" as the level falls); ``balance``: off the middle by
    half the shortfall, on the side :data:`BALANCE_LEANS` says."""
    low, high = instrument.scale_min, instrument.scale_max
    middle = (low + high) / 2.0
    leaning = np.sign(profile.target("NEED") - profile.target("ONEED")) or 1.0
    out = raw.copy()
    for index, item in enumerate(instrument.items):
        keyed = np.clip(raw[:, index], low, high)
        if item.scoring == "not_less":
            out[:, index] = low + (keyed - low) / 2.0
        elif item.scoring == "balance":
            sign = BALANCE_LEANS.get(item.id, 1.0) * leaning
            out[:, index] = middle + sign * (high - keyed) / 2.0
    return out


def deviation_correlation(codes: Sequence[str]) -> np.ndarray:
    """The correlation of one respondent's personal deviations on ``codes``: 1 on the diagonal,
    ``LEAN[a] * LEAN[b] * GENERAL_VIEW ** 2`` between two constructs (0 when either has no lean).

    As if each leaning deviation were the respondent's general view weighted by
    ``GENERAL_VIEW`` plus a part of the construct's own; the spread of each is still
    ``respondent_sd``, only how they move together changes.
    """
    lean = np.array([LEAN.get(code, 0.0) for code in codes])
    correlation = np.outer(lean, lean) * GENERAL_VIEW**2
    np.fill_diagonal(correlation, 1.0)
    return correlation


def _skip_mask(n: int, n_items: int, rng: np.random.Generator, skip_rate: float) -> np.ndarray:
    """Which answers are skipped; a respondent who would skip everything keeps one answer."""
    mask = rng.random((n, n_items)) < skip_rate
    kept = rng.integers(0, n_items, size=n)
    blank = np.flatnonzero(mask.all(axis=1))
    mask[blank, kept[blank]] = False
    return mask


def _respondent_ids(prefix: str, n: int) -> list[str]:
    width = max(2, len(str(n)))
    return [f"{prefix}{number:0{width}d}" for number in range(1, n + 1)]
