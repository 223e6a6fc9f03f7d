"""Small builders for responses frames whose scores can be computed by hand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from parity.core.instrument import default_instrument

ITEMS = default_instrument().item_ids


def answers_for(levels: Mapping[str, float], default: float = 4.0) -> dict[str, float]:
    """Item answers (1-7) from construct levels on the answer scale; TRS3 stays raw."""
    out = {}
    for item in default_instrument().items:
        value = levels.get(item.construct, default)
        out[item.id] = (8 - value) if item.reverse else value
    return out


def side(
    party: str,
    about: str,
    rows: Sequence[Mapping[str, float]] | int,
    levels: Mapping[str, float] | None = None,
    prefix: str | None = None,
) -> pd.DataFrame:
    """A side: either explicit item rows, or ``rows`` respondents all answering ``levels``."""
    if isinstance(rows, int):
        rows = [answers_for(levels or {}) for _ in range(rows)]
    prefix = prefix or f"{party}-{about}-"
    frame = pd.DataFrame(
        [
            {"respondent": f"{prefix}{i}", "party": party, "about": about, **row}
            for i, row in enumerate(rows)
        ]
    )
    for item in ITEMS:
        frame[item] = frame[item].astype("float64") if item in frame else np.nan
    return frame[["respondent", "party", "about", *ITEMS]]


def responses(*sides: pd.DataFrame) -> pd.DataFrame:
    return pd.concat(sides, ignore_index=True)


def percent(x: float) -> float:
    """Answer on 1-7 as 0-100."""
    return (x - 1) / 6 * 100
