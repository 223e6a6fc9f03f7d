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


def _item_pairs() -> tuple[tuple[str, str], ...]:
    """The first two items of each construct that has two items keyed the same way."""
    pairs = []
    for code in default_instrument().construct_codes:
        items = [i.id for i in default_instrument().items_of(code) if not i.reverse]
        if len(items) >= 2:
            pairs.append((items[0], items[1]))
    return tuple(pairs)


#: Pairs of items of one construct: moving one up and the other down by one point leaves the
#: respondent's construct score where it was.
ITEM_PAIRS = _item_pairs()


def moved(
    row: Mapping[str, float | None],
    code: int,
    pairs: Sequence[tuple[str, str]] = ITEM_PAIRS,
    low: float = 1,
    high: float = 7,
) -> dict[str, float | None]:
    """``row`` with the pairs of items chosen by the bits of ``code`` (of those that can move)
    moved one point apart, one up and one down: its construct scores are those of ``row``."""
    out = dict(row)
    movable = []
    for a, b in pairs:
        x, y = row.get(a), row.get(b)
        if x is None or y is None or x != x or y != y:
            continue
        if (x < high and y > low) or (x > low and y < high):
            movable.append((a, b, x, y))
    for j, (a, b, x, y) in enumerate(movable):
        if code >> j & 1:
            up = x < high and y > low
            out[a], out[b] = (x + 1, y - 1) if up else (x - 1, y + 1)
    return out


def varied(
    base: Mapping[str, float | None],
    n: int,
    pairs: Sequence[tuple[str, str]] = ITEM_PAIRS,
    low: float = 1,
    high: float = 7,
) -> list[dict[str, float | None]]:
    """``n`` respondents who all answer ``base``, each with a different few pairs of items of
    one construct moved one point apart (:func:`moved`): every respondent's construct scores,
    and so every side mean, sd and figure drawn from them, are those of ``base``, but no two
    answer sets are the same and none is one answer throughout, so the respondent screen
    (docs/method.md §2a) finds no duplicate or straight line among them."""
    return [moved(base, k + 1, pairs, low, high) for k in range(n)]


def side(
    party: str,
    about: str,
    rows: Sequence[Mapping[str, float]] | int,
    levels: Mapping[str, float] | None = None,
    prefix: str | None = None,
    items: Sequence[str] = ITEMS,
) -> pd.DataFrame:
    """A side: either explicit item rows, or ``rows`` respondents whose construct scores are
    all ``levels`` (:func:`varied`: their item answers differ, their scores do not); ``items``
    are the instrument's (TPI-1's by default)."""
    if isinstance(rows, int):
        rows = varied(answers_for(levels or {}), rows)
    prefix = prefix or f"{party}-{about}-"
    frame = pd.DataFrame(
        [
            {"respondent": f"{prefix}{i}", "party": party, "about": about, **row}
            for i, row in enumerate(rows)
        ]
    )
    for item in items:
        frame[item] = frame[item].astype("float64") if item in frame else np.nan
    return frame[["respondent", "party", "about", *items]]


def responses(*sides: pd.DataFrame) -> pd.DataFrame:
    return pd.concat(sides, ignore_index=True)


def percent(x: float) -> float:
    """Answer on 1-7 as 0-100."""
    return (x - 1) / 6 * 100
