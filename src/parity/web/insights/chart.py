"""Both sides' construct profiles as one paired dot chart, drawn as inline SVG on the server.

One row per construct, a 0-100 axis, one marker per shown side joined by a line whose length is
the gap. The sides differ in shape *and* colour (a filled blue circle and an open orange
diamond), so the chart reads in greyscale and with any colour-vision deficiency. The title
states the finding; ``<desc>`` and the table beside the chart are its text alternative.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from parity.core.dyads import NOTABLE_GAP
from parity.core.reasons import CONSTRUCT_WORDS
from parity.web.insights.disclosure import SideView

WIDTH = 640
LABEL_RIGHT = 170
PLOT_LEFT = 184
PLOT_RIGHT = WIDTH - 24
TOP = 64
ROW = 28
TICKS = (0, 25, 50, 75, 100)
COLOURS = ("#0b5394", "#b35806")
LINE = "#6b7480"
GRID = "#d5dae0"
INK = "#1b1f24"


@dataclass(frozen=True)
class ChartRow:
    code: str
    words: str
    scores: tuple[float | None, float | None]

    @property
    def gap(self) -> float | None:
        a, b = self.scores
        return None if a is None or b is None else a - b


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    svg: SafeString
    rows: tuple[ChartRow, ...]
    sides: tuple[SideView, SideView]


def _x(score: float) -> float:
    return PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * max(0.0, min(100.0, score)) / 100.0


def _score(scores: dict[str, float], code: str) -> float | None:
    value = scores.get(code)
    return None if value is None or math.isnan(value) else float(value)


def chart_rows(
    codes: tuple[str, ...], scores: tuple[dict[str, float], dict[str, float]]
) -> tuple[ChartRow, ...]:
    return tuple(
        ChartRow(
            code,
            CONSTRUCT_WORDS.get(code, code),
            (_score(scores[0], code), _score(scores[1], code)),
        )
        for code in codes
    )


def finding(rows: tuple[ChartRow, ...], sides: tuple[SideView, SideView]) -> str:
    """A title that says what the chart shows, from the same numbers as the chart."""
    a, b = sides
    if a.shown and b.shown:
        gaps = [r for r in rows if r.gap is not None]
        if not gaps:
            return f"{a.party} and {b.party}: no construct has scores from both sides"
        widest = max(gaps, key=lambda r: abs(r.gap or 0.0))
        if abs(widest.gap or 0.0) >= NOTABLE_GAP:
            sa, sb = widest.scores
            return (
                f"{a.party} and {b.party} differ most on {widest.words}: "
                f"{a.party} {sa:.0f}, {b.party} {sb:.0f} out of 100"
            )
        return (
            f"{a.party} and {b.party} see the relationship alike: no construct differs by "
            f"{NOTABLE_GAP:.0f} points or more"
        )
    shown = a if a.shown else b
    hidden = b if a.shown else a
    return (
        f"How {shown.party} sees {shown.about}; {hidden.party} has fewer than "
        f"{hidden.threshold} respondents, so its side is not shown"
    )


def _description(rows: tuple[ChartRow, ...], sides: tuple[SideView, SideView]) -> str:
    parts = []
    for index, side in enumerate(sides):
        if not side.shown:
            continue
        values = ", ".join(
            f"{r.words} {r.scores[index]:.0f}" for r in rows if r.scores[index] is not None
        )
        parts.append(f"{side.party} about {side.about}: {values}.")
    return "Scores from 0 to 100 per construct. " + " ".join(parts)


def _marker(index: int, x: float, y: float) -> str:
    colour = COLOURS[index]
    if index == 0:
        return (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{colour}" '
            'stroke="#fff" stroke-width="1.5"/>'
        )
    d = 7.5
    points = f"{x:.1f},{y - d:.1f} {x + d:.1f},{y:.1f} {x:.1f},{y + d:.1f} {x - d:.1f},{y:.1f}"
    return f'<polygon points="{points}" fill="#fff" stroke="{colour}" stroke-width="2.5"/>'


def _legend(sides: tuple[SideView, SideView]) -> list[str]:
    out = []
    x = float(PLOT_LEFT)
    for index, side in enumerate(sides):
        if not side.shown:
            continue
        out.append(_marker(index, x + 8, 24))
        label = escape(f"{side.party} about {side.about}")
        out.append(f'<text x="{x + 22:.1f}" y="29" font-size="14" fill="{INK}">{label}</text>')
        x += 30 + 8 * len(f"{side.party} about {side.about}")
    return out


def _body(rows: tuple[ChartRow, ...], sides: tuple[SideView, SideView], bottom: int) -> list[str]:
    out = []
    for tick in TICKS:
        x = _x(tick)
        out.append(
            f'<line x1="{x:.1f}" y1="{TOP - 14}" x2="{x:.1f}" y2="{bottom}" stroke="{GRID}"/>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{bottom + 18}" font-size="13" text-anchor="middle" '
            f'fill="{INK}">{tick}</text>'
        )
    out.append(
        f'<line x1="{PLOT_LEFT}" y1="{bottom}" x2="{PLOT_RIGHT}" y2="{bottom}" stroke="{INK}"/>'
    )
    middle = (PLOT_LEFT + PLOT_RIGHT) / 2
    out.append(
        f'<text x="{middle:.1f}" y="{bottom + 38}" font-size="13" text-anchor="middle" '
        f'fill="{INK}">Score, 0 (strongly disagree) to 100 (strongly agree)</text>'
    )
    for number, row in enumerate(rows):
        y = TOP + number * ROW
        out.append(
            f'<text x="{LABEL_RIGHT}" y="{y + 5}" font-size="14" text-anchor="end" '
            f'fill="{INK}">{escape(row.words)}</text>'
        )
        a, b = (None if not sides[i].shown else row.scores[i] for i in (0, 1))
        if a is not None and b is not None:
            out.append(
                f'<line x1="{_x(a):.1f}" y1="{y}" x2="{_x(b):.1f}" y2="{y}" '
                f'stroke="{LINE}" stroke-width="2"/>'
            )
        for index, value in enumerate((a, b)):
            if value is not None:
                out.append(_marker(index, _x(value), y))
    return out


def profile_chart(
    codes: tuple[str, ...],
    sides: tuple[SideView, SideView],
    scores: tuple[dict[str, float], dict[str, float]],
) -> Chart:
    """The chart of the shown sides; ``scores`` of a hidden side are ignored."""
    visible = tuple(s if v.shown else {} for s, v in zip(scores, sides, strict=True))
    rows = chart_rows(codes, (visible[0], visible[1]))
    title = finding(rows, sides)
    description = _description(rows, sides)
    bottom = TOP + (len(rows) - 1) * ROW + 18
    height = bottom + 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="profile-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="chart-title chart-desc" font-family="system-ui, sans-serif">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
        *_legend(sides),
        *_body(rows, sides, bottom),
        "</svg>",
    ]
    return Chart(title, description, mark_safe("".join(parts)), rows, sides)
