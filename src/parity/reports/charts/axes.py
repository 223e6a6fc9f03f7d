"""Axes several charts draw alike, and the frame of a chart across rounds.

A bar or dot chart along a 0-100 (or share) axis draws its grid lines, their labels and the
axis with its caption the same way (:func:`x_ticks`, :func:`x_axis`). A relationship's trend
and the organization's trend draw the same thing at two scales, a 0-100 figure per round with
the rounds evenly spaced across, so they are laid out (:class:`TrendFrame`) and titled
(:func:`change_title`) alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from parity.core.translation import _
from parity.reports.charts.svg import INK, fit, line, text, whole

#: Where the grid lines of an axis of shares stand.
SHARES = (0, 0.25, 0.5, 0.75, 1.0)


def x_ticks(
    ticks: Iterable[tuple[float, str]],
    top: float,
    bottom: float,
    *,
    size: float = 12,
    below: float = 18,
) -> list[str]:
    """A vertical grid line from ``top`` down to the axis at ``bottom`` at each ``(x, label)``,
    with the label ``below`` the axis."""
    out = []
    for x, label in ticks:
        out.append(line(x, top, x, bottom))
        out.append(text(x, bottom + below, label, size=size, anchor="middle"))
    return out


def x_axis(
    left: float, right: float, y: float, caption: str, *, below: float, size: float = 13
) -> list[str]:
    """The horizontal axis along ``y`` and its caption, centred ``below`` it."""
    return [
        line(left, y, right, y, stroke=INK),
        text((left + right) / 2, y + below, caption, size=size, anchor="middle"),
    ]


#: A change smaller than this, in points, is "held steady".
STEADY = 5


@dataclass(frozen=True)
class TrendFrame:
    """The plot: 0 to 100 up from ``bottom`` to ``top``; ``rounds`` evenly spaced across,
    ``inset`` in from ``left`` and ``right``."""

    left: float
    right: float
    top: float
    bottom: float
    rounds: int
    inset: float = 60

    @property
    def step(self) -> float:
        return (self.right - self.left - 2 * self.inset) / max(1, self.rounds - 1)

    def xy(self, number: int, value: float) -> tuple[float, float]:
        """Where round ``number`` (from 0) with ``value`` (0-100) is drawn."""
        return (
            self.left + self.inset + number * self.step,
            self.bottom - (self.bottom - self.top) * value / 100,
        )

    def y_axis(self, caption: str) -> list[str]:
        """Grid lines at every 25 points with their numbers, and ``caption`` up the side."""
        out = []
        for tick in (0, 25, 50, 75, 100):
            _x, y = self.xy(0, tick)
            out.append(line(self.left - 10, y, self.right + 10, y))
            out.append(text(self.left - 16, y + 4, str(tick), size=12, anchor="end"))
        middle = (self.top + self.bottom) / 2
        out.append(text(self.left - 44, middle, caption, size=12, anchor="middle", rotate=-90))
        return out

    def round_label(self, number: int, name: str) -> str:
        """A round's name under its place, shortened to fit between its neighbours."""
        x, _y = self.xy(number, 0)
        width = min(self.step - 8, 2 * self.inset)
        return text(x, self.bottom + 22, fit(name, 12, width), size=12, anchor="middle")


def change_title(what: str, first: tuple[str, float | None], last: tuple[str, float | None]) -> str:
    """How ``what`` moved from the ``(round, value)`` ``first`` to ``last``: held steady, rose
    or fell."""
    (first_round, before), (last_round, after) = first, last
    change = (after or 0.0) - (before or 0.0)
    values = {
        "what": what,
        "before": whole(before),
        "first": first_round,
        "after": whole(after),
        "last": last_round,
    }
    if abs(change) < STEADY:
        return _("{what} held steady: {before} in {first}, {after} in {last}").format(**values)
    if change > 0:
        return _("{what} rose from {before} in {first} to {after} in {last}").format(**values)
    return _("{what} fell from {before} in {first} to {after} in {last}").format(**values)
