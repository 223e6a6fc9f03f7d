"""The parity gaps a report charts, each with the engine's 95% interval.

Every figure a report shows is the engine's own number (docs/method.md §4–§9), read from a
:class:`~parity.core.analysis.RelationshipResult` that has passed the anonymity gate; the
intervals too (docs/method.md §4a), with whether the rule names each gap.
"""

from __future__ import annotations

from dataclasses import dataclass

from parity.core.analysis import RelationshipResult
from parity.core.dyads import PARITY_PARTS
from parity.core.vocabulary import construct_short


@dataclass(frozen=True)
class GapInterval:
    """``gap`` = first party's score minus the second's, with its 95% interval (None where the
    policy shows none) and whether the gap is named (:func:`parity.core.dyads.named`)."""

    name: str
    code: str
    scores: tuple[float, float]
    gap: float
    low: float | None
    high: float | None
    named: bool = False

    @property
    def uncertain(self) -> bool:
        """The interval includes zero: the sides may not differ at all."""
        return self.low is not None and self.high is not None and self.low <= 0 <= self.high


def parity_gaps(result: RelationshipResult) -> tuple[GapInterval, ...]:
    """Stake, equal value, voice and need: each gap with its interval, where both sides
    have the score."""
    a, b = result.sides
    if not (a.shown and b.shown):
        return ()
    out = []
    for code in PARITY_PARTS.values():
        if code not in a.scores or code not in b.scores:
            continue
        interval = result.intervals.gaps.get(code)
        out.append(
            GapInterval(
                name=construct_short(code),
                code=code,
                scores=(a.scores[code], b.scores[code]),
                gap=a.scores[code] - b.scores[code],
                low=None if interval is None else interval[0],
                high=None if interval is None else interval[1],
                named=code in result.intervals.named_gaps,
            )
        )
    return tuple(out)
