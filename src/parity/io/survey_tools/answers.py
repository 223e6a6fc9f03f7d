"""An answer cell as a tool writes it, read as a point of the instrument's scale.

Tools export either the number of the choice or its text ("Strongly agree"). Both are read: a
whole number on the scale as it is, and a label of the instrument's scale (or the usual
7-point agreement wording), ignoring case and spacing, as its point. An empty cell is a skipped
answer; anything else is a problem for the caller to report with its row and column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from parity.core.instrument import Instrument, Item
from parity.core.translation import N_, Sentence

#: The 7-point agreement scale as survey tools word it by default.
AGREEMENT_LABELS: tuple[str, ...] = (
    "Strongly disagree",
    "Disagree",
    "Somewhat disagree",
    "Neither agree nor disagree",
    "Somewhat agree",
    "Agree",
    "Strongly agree",
)

_NUMBER = re.compile(r"^[+]?\d+(?:[.,]0*)?$")


def normalised(text: str) -> str:
    """Lower case, single spaces, typographic quotes and dashes as plain ones."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-")
    return " ".join(text.lower().split())


def scale_labels(instrument: Instrument) -> dict[str, int]:
    """Each label the scale's points may be written as, normalised, with its point."""
    labels: dict[str, int] = {}
    points = instrument.scale_max - instrument.scale_min + 1
    if points == len(AGREEMENT_LABELS):
        for offset, label in enumerate(AGREEMENT_LABELS):
            labels[normalised(label)] = instrument.scale_min + offset
    for offset, label in enumerate(instrument.scale_labels):
        labels[normalised(label)] = instrument.scale_min + offset
    return labels


def answer_value(cell: str, low: int, high: int, labels: Mapping[str, int]) -> float | None:
    """The point ``cell`` gives (NaN when empty), or ``None`` when it is not an answer."""
    text = cell.strip()
    if not text:
        return math.nan
    if _NUMBER.match(text):
        value = int(re.split(r"[.,]", text.lstrip("+"))[0])
        return float(value) if low <= value <= high else None
    point = labels.get(normalised(text))
    return None if point is None else float(point)


def anchor_labels(item: Item, low: int, high: int) -> tuple[tuple[re.Pattern[str], int], ...]:
    """A comparison item's ends and middle as a tool writes them when exporting choice text,
    with any name for the other party, and the point each stands for."""
    if item.anchors is None:
        return ()
    first, last = item.anchors
    middle = (low + high) // 2 if (high - low) % 2 == 0 else None
    wordings = [(first, low), (last, high)]
    if middle is not None:
        wordings.append((item.middle, middle))
    return tuple(
        (
            re.compile(
                "^"
                + r".{1,80}?".join(re.escape(normalised(p)) for p in text.split("{other}"))
                + "$"
            ),
            point,
        )
        for text, point in wordings
    )


def item_answer(
    cell: str, item: Item, low: int, high: int, labels: Mapping[str, int]
) -> float | None:
    """The point ``cell`` gives for ``item``: a number, or for an agreement item a label of the
    scale, for a comparison item the wording of one of its ends or of its middle."""
    if not item.compares:
        return answer_value(cell, low, high, labels)
    value = answer_value(cell, low, high, {})
    if value is not None:
        return value
    text = normalised(cell)
    return next(
        (float(point) for pattern, point in anchor_labels(item, low, high) if pattern.match(text)),
        None,
    )


def scale_advice(instrument: Instrument, item: Item | None = None) -> str:
    """What an answer to ``item`` may be, as a sentence to follow a refused cell."""
    low, high = instrument.scale_min, instrument.scale_max
    if item is not None and item.anchors is not None:
        first, last = item.anchors
        return Sentence(
            N_(
                "an answer is a whole number from {low} to {high}, or the wording of an end "
                '("{first}", "{last}", with the other party\'s name) or of the middle '
                '("{middle}"), or empty when skipped.'
            ),
            low=low,
            high=high,
            first=first,
            last=last,
            middle=item.middle,
        )
    shown = list(instrument.scale_labels) or list(AGREEMENT_LABELS)
    return Sentence(
        N_(
            "an answer is a whole number from {low} to {high}, or one of the scale's labels "
            '("{first}" … "{last}"), or empty when skipped.'
        ),
        low=low,
        high=high,
        first=shown[0],
        last=shown[-1],
    )
