"""Both sides' construct profiles as one paired dot chart: the relationship page and the reports.

One row per construct, a 0-100 axis, one marker per shown side joined by a line whose length is
the gap. A paired dot chart rather than a radar: positions on one common straight axis are
read more accurately than lengths along radii at different angles (Cleveland & McGill, 1984);
the gap between the sides, the thing a reader looks for, is a line on that axis; twelve rows
keep their labels horizontal; and the chart stays readable when one side is hidden. The
sides differ in shape *and* colour (:mod:`parity.reports.charts.svg`). The title states the
finding; ``<desc>`` and the table are its text alternative.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from parity.core.agreement import AlphaResult
from parity.core.disclosure import SideView
from parity.core.dyads import NOTABLE_GAP
from parity.core.instrument import Construct
from parity.core.intervals import NO_INTERVALS, Interval, Intervals
from parity.core.presentation import with_interval
from parity.core.translation import _, localized
from parity.reports.charts.axes import x_axis, x_ticks
from parity.reports.charts.svg import (
    CONFIDENCE,
    FONT,
    LINE,
    Chart,
    DataTable,
    decimal_point,
    legend,
    legend_line_height,
    legend_lines,
    line,
    marker,
    open_svg,
    row_label,
    whole,
)

WIDTH = 640
LABEL_RIGHT = 170
PLOT_LEFT = 184
PLOT_RIGHT = WIDTH - 24
TOP = 64
ROW = 28
TICKS = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class ChartRow:
    code: str
    words: str
    scores: tuple[float | None, float | None]
    #: Each side's Cronbach's alpha of the construct, where it has one (two items or more,
    #: enough respondents who answered them all: :mod:`parity.core.reliability`).
    alphas: tuple[float | None, float | None] = (None, None)
    #: The gap's 95% interval where it may be shown, and whether the gap is named
    #: (docs/method.md §4a).
    interval: Interval | None = None
    named: bool = False

    @property
    def gap(self) -> float | None:
        a, b = self.scores
        return None if a is None or b is None else a - b

    @property
    def gap_text(self) -> str:
        """The gap with its interval: "−18 (−30 to −6)"."""
        return with_interval(self.gap, self.interval, signed=True)


@dataclass(frozen=True, kw_only=True)
class ProfileChart(Chart):
    """The profile chart; ``rows`` and ``sides`` let a page lay out the numbers its own way."""

    rows: tuple[ChartRow, ...]
    sides: tuple[SideView, SideView]


def _x(score: float) -> float:
    return PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * max(0.0, min(100.0, score)) / 100.0


def _score(scores: Mapping[str, float], code: str) -> float | None:
    value = scores.get(code)
    return None if value is None or math.isnan(value) else float(value)


def chart_rows(
    constructs: Mapping[str, Construct],
    scores: tuple[Mapping[str, float], Mapping[str, float]],
    reliability: tuple[Mapping[str, AlphaResult], Mapping[str, AlphaResult]] = ({}, {}),
    intervals: Intervals = NO_INTERVALS,
) -> tuple[ChartRow, ...]:
    """A row per construct, in the instrument's order, named in its own words."""
    return tuple(
        ChartRow(
            code,
            localized(words.short),
            (_score(scores[0], code), _score(scores[1], code)),
            (_alpha(reliability[0], code), _alpha(reliability[1], code)),
            intervals.gaps.get(code),
            code in intervals.named_gaps,
        )
        for code, words in constructs.items()
    )


def _alpha(reliability: Mapping[str, AlphaResult], code: str) -> float | None:
    found = reliability.get(code)
    return None if found is None or math.isnan(found.alpha) else found.alpha


def finding(rows: tuple[ChartRow, ...], sides: tuple[SideView, SideView]) -> str:
    """A title that says what the chart shows, from the same numbers as the chart."""
    a, b = sides
    if a.shown and b.shown:
        gaps = [r for r in rows if r.gap is not None]
        if not gaps:
            return _("{a} and {b}: no construct has scores from both sides").format(
                a=a.party, b=b.party
            )
        named = [r for r in gaps if r.named]
        if named:
            widest = max(named, key=lambda r: abs(r.gap or 0.0))
            sa, sb = widest.scores
            return _(
                "{a} and {b} differ most on {words}: {a} {score_a}, {b} {score_b} out of 100"
            ).format(
                a=a.party, b=b.party, words=widest.words, score_a=f"{sa:.0f}", score_b=f"{sb:.0f}"
            )
        points = f"{NOTABLE_GAP:.0f}"
        if any(abs(r.gap or 0.0) >= NOTABLE_GAP for r in gaps):
            return _(
                "{a} and {b}: no gap is clear; where they differ by "
                "{points} points or more, the interval still includes no gap at all"
            ).format(a=a.party, b=b.party, points=points)
        return _(
            "{a} and {b} see the relationship alike: no construct differs by "
            "{points} points or more"
        ).format(a=a.party, b=b.party, points=points)
    shown = a if a.shown else b
    hidden = b if a.shown else a
    return _(
        "How {party} sees {about}; {hidden} has fewer than "
        "{threshold} respondents, so its side is not shown"
    ).format(party=shown.party, about=shown.about, hidden=hidden.party, threshold=hidden.threshold)


def _description(rows: tuple[ChartRow, ...], sides: tuple[SideView, SideView]) -> str:
    parts = []
    for index, side in enumerate(sides):
        if not side.shown:
            continue
        values = ", ".join(
            f"{r.words} {r.scores[index]:.0f}" for r in rows if r.scores[index] is not None
        )
        parts.append(f"{_about(side)}: {values}.")
    return _("Scores from 0 to 100 per construct.") + " " + " ".join(parts)


def _about(side: SideView) -> str:
    """ "IT about Sales": whose view a row, a legend entry or a sentence gives."""
    return _("{party} about {about}").format(party=side.party, about=side.about)


def _body(rows: tuple[ChartRow, ...], sides: tuple[SideView, SideView], bottom: int) -> list[str]:
    out = x_ticks(((_x(tick), str(tick)) for tick in TICKS), TOP - 14, bottom, size=13)
    out += x_axis(
        PLOT_LEFT,
        PLOT_RIGHT,
        bottom,
        _("Score, 0 (strongly disagree) to 100 (strongly agree)"),
        below=38,
    )
    for number, row in enumerate(rows):
        y = TOP + number * ROW
        out += row_label(LABEL_RIGHT, y + 5, row.words, size=14, width=LABEL_RIGHT - 8)
        a, b = (None if not sides[i].shown else row.scores[i] for i in (0, 1))
        if a is not None and b is not None:
            out.append(line(_x(a), y, _x(b), y, stroke=LINE, width=2))
        for index, value in enumerate((a, b)):
            if value is not None:
                out.append(marker(index, _x(value), y))
    return out


def _two(value: float | None) -> str:
    """An alpha to two places, a negative one with the report's minus sign."""
    return "–" if value is None else decimal_point(f"{value:.2f}".replace("-", "−"))


def _table(rows: tuple[ChartRow, ...], sides: tuple[SideView, SideView], title: str) -> DataTable:
    a, b = sides
    both = a.shown and b.shown
    shown = [i for i in (0, 1) if sides[i].shown]
    headers = [_("Construct")] + [sides[i].party for i in shown]
    if both:
        headers.append(
            _("Gap ({a} − {b}, {confidence} interval)").format(
                a=a.party, b=b.party, confidence=CONFIDENCE
            )
        )
    alphas = [i for i in shown if any(row.alphas[i] is not None for row in rows)]
    headers += [_("Alpha, {party}").format(party=sides[i].party) for i in alphas]
    body = []
    for row in rows:
        cells = [row.words] + [whole(row.scores[i]) for i in shown]
        if both:
            cells.append(row.gap_text)
        cells += [_two(row.alphas[i]) for i in alphas]
        body.append(tuple(cells))
    return DataTable(title, tuple(headers), tuple(body))


def profile_chart(
    constructs: Mapping[str, Construct],
    sides: tuple[SideView, SideView],
    scores: tuple[Mapping[str, float], Mapping[str, float]],
    *,
    key: str = "chart",
    font: str = FONT,
    reliability: tuple[Mapping[str, AlphaResult], Mapping[str, AlphaResult]] = ({}, {}),
    intervals: Intervals = NO_INTERVALS,
) -> ProfileChart:
    """The chart of the shown sides; ``scores`` of a hidden side are ignored.

    ``key`` prefixes the ids of the title and description (unique on a page with several
    charts); ``font`` is the SVG's font family; ``intervals`` are the disclosed result's (the
    gaps' intervals for the table, and which gaps are named for the title).
    """
    visible = tuple(s if v.shown else {} for s, v in zip(scores, sides, strict=True))
    alphas = tuple(r if v.shown else {} for r, v in zip(reliability, sides, strict=True))
    both = all(v.shown for v in sides)
    rows = chart_rows(
        constructs,
        (visible[0], visible[1]),
        (alphas[0], alphas[1]),
        intervals if both else NO_INTERVALS,
    )
    title = finding(rows, sides)
    description = _description(rows, sides)
    bottom = TOP + (len(rows) - 1) * ROW + 18
    entries = [(i, _about(s)) for i, s in enumerate(sides) if s.shown]
    # A legend too wide for one line is stacked, and the plot moves down by its extra lines.
    lines = legend_lines(entries, PLOT_LEFT, WIDTH, size=14)
    shift = (lines - 1) * legend_line_height(14)
    height = bottom + 50 + shift
    body = _body(rows, sides, bottom)
    parts = [
        open_svg(key, "profile", (WIDTH, height), title, description, font),
        *legend(entries, PLOT_LEFT if lines == 1 else 0, 29, size=14, right=WIDTH),
        *([f'<g transform="translate(0 {shift})">', *body, "</g>"] if shift else body),
        "</svg>",
    ]
    return ProfileChart(
        key=key,
        title=title,
        description=description,
        svg="".join(parts),
        rows=rows,
        sides=sides,
        table=_table(rows, sides, title),
    )
