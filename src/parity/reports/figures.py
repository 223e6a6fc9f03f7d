"""The few figures the reports add to the engine's: the uncertainty of a gap between the sides.

Everything else a report shows is the engine's own number (docs/method.md §4–§9), read from a
:class:`~parity.core.analysis.RelationshipResult` that has passed the anonymity gate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats

from parity.core.analysis import RelationshipResult, SideResult
from parity.core.dyads import PARITY_PARTS
from parity.core.vocabulary import construct_short

CONFIDENCE = 0.95


@dataclass(frozen=True)
class GapInterval:
    """``gap`` = first party's score minus the second's, with its 95% interval (None when a
    side has fewer than two respondents with a spread)."""

    name: str
    code: str
    scores: tuple[float, float]
    gap: float
    low: float | None
    high: float | None

    @property
    def uncertain(self) -> bool:
        """The interval includes zero: the sides may not differ at all."""
        return self.low is not None and self.high is not None and self.low <= 0 <= self.high


def welch_interval(
    a: SideResult, b: SideResult, code: str, confidence: float = CONFIDENCE
) -> tuple[float, float] | None:
    """Welch's interval for the difference of the two sides' means on one construct.

    ``se = sqrt(sd_a²/n_a + sd_b²/n_b)``, degrees of freedom by Welch–Satterthwaite, and
    ``gap ± t(0.975, df) × se``; ``n`` is each side's respondents (a construct with skipped
    answers has slightly fewer, so the interval is, if anything, a little narrow).
    """
    na, nb = a.respondents, b.respondents
    sa, sb = a.sd.get(code), b.sd.get(code)
    if na < 2 or nb < 2 or sa is None or sb is None or math.isnan(sa) or math.isnan(sb):
        return None
    va, vb = sa * sa / na, sb * sb / nb
    se = math.sqrt(va + vb)
    gap = a.scores[code] - b.scores[code]
    if se == 0:
        return gap, gap
    df = (va + vb) ** 2 / (va * va / (na - 1) + vb * vb / (nb - 1))
    half = float(stats.t.ppf(0.5 + confidence / 2, df)) * se
    return gap - half, gap + half


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
        interval = welch_interval(a, b, code)
        out.append(
            GapInterval(
                name=construct_short(code),
                code=code,
                scores=(a.scores[code], b.scores[code]),
                gap=a.scores[code] - b.scores[code],
                low=None if interval is None else interval[0],
                high=None if interval is None else interval[1],
            )
        )
    return tuple(out)
