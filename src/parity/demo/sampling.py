"""Draw one side's survey answers from a profile.

The model is deliberately simple and easy to explain in a workshop: each respondent has a
personal level on each construct (the side's target plus a personal deviation), and each item
answer is that level on the 1–7 scale plus a little item noise, rounded to a whole answer. The
output is the canonical responses frame the engine reads, so the demo exercises the same path as
a real survey export.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from parity.core.instrument import Instrument
from parity.core.schema import ABOUT, PARTY, RESPONDENT
from parity.demo.profiles import Profile


def sample_side(
    profile: Profile,
    n: int,
    rng: np.random.Generator,
    *,
    party: str,
    about: str,
    instrument: Instrument,
    respondent_sd: float = 8.0,
    item_sd: float = 0.7,
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
    construct agree with each other, as they do in real answers.
    """
    codes = list(instrument.constructs)
    targets = np.array([profile.target(code) for code in codes])
    levels = np.clip(targets + rng.normal(0.0, respondent_sd, size=(n, len(codes))), 0.0, 100.0)
    column = np.array([codes.index(item.construct) for item in instrument.items])
    low, high = instrument.scale_min, instrument.scale_max
    raw = low + levels[:, column] / 100.0 * (high - low)
    raw = raw + rng.normal(0.0, item_sd, size=raw.shape)
    middle = (low + high) / 2.0
    raw = raw + blur * (middle - raw)
    answers = np.clip(np.rint(raw), low, high)
    reverse = np.array([item.reverse for item in instrument.items])
    answers[:, reverse] = low + high - answers[:, reverse]
    return answers


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
