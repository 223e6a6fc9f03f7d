"""The charts of the organization report: archetypes, the parties-by-parties heatmap, who talks
like a servant, and the trend across rounds."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from parity.core.translation import _
from parity.reports.charts.axes import SHARES, TrendFrame, change_title, x_axis, x_ticks
from parity.reports.charts.svg import (
    FONT,
    GRID,
    INK,
    MUTED,
    OKABE_ITO,
    Chart,
    DataTable,
    fit,
    line,
    open_svg,
    percent,
    rect,
    row_label,
    square,
    text,
    text_width,
    whole,
)

WIDTH = 640

#: Five steps of one hue, light to dark (ColorBrewer "Blues"): lightness alone orders them,
#: so the scale reads in greyscale and with any colour vision; each cell also has its number.
HEAT = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
HEAT_INK = (INK, INK, INK, "#ffffff", "#ffffff")
NO_RELATIONSHIP = "#ffffff"


# --- Archetypes -----------------------------------------------------------------------------


def archetype_chart(
    counts: Sequence[tuple[str, int]], *, key: str = "archetypes", font: str = FONT
) -> Chart | None:
    """How many relationships have each archetype (``counts``: display name, count)."""
    total = sum(n for _name, n in counts)
    if not total:
        return None
    most = max(counts, key=lambda c: c[1])
    title = _("{archetype} is the most common pattern: {count} of {total} relationships").format(
        archetype=most[0], count=most[1], total=total
    )
    description = (
        _("Relationships per archetype:") + " " + ", ".join(f"{n} {c}" for c, n in counts) + "."
    )
    label_right, left, right, row = 210, 222, 560, 26
    top = 14
    bottom = top + row * len(counts)
    height = bottom + 44
    peak = max(n for _name, n in counts)
    out = [open_svg(key, "archetypes", (WIDTH, height), title, description, font)]
    for number, (name, n) in enumerate(counts):
        y = top + number * row
        out += row_label(label_right, y + 17, name, size=13, width=label_right - 8)
        width = (right - left) * n / peak if peak else 0
        out.append(rect(left, y + 5, width, row - 9, fill=OKABE_ITO["blue"]))
        out.append(text(left + width + 6, y + 17, str(n), size=13, weight="bold"))
    out.append(line(left, top, left, bottom, stroke=INK))
    out.append(
        text(
            (left + right) / 2, bottom + 24, _("Number of relationships"), size=13, anchor="middle"
        )
    )
    out.append("</svg>")
    headers = (_("Archetype"), _("Relationships"))
    table = DataTable(title, headers, tuple((c, str(n)) for c, n in counts))
    return Chart(key, title, description, "".join(out), table)


# --- Heatmap --------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatCell:
    """How ``rater`` sees ``rated``: its partnering score, or hidden (below the threshold)."""

    rater: str
    rated: str
    score: float | None
    hidden: bool = False


def _heat_step(score: float) -> int:
    return min(4, max(0, int(score // 20)))


def _heat_title(cells: Sequence[HeatCell]) -> str:
    scored = [c for c in cells if c.score is not None]
    if not scored:
        return _("No side has enough respondents to show how it sees the other")
    low = min(scored, key=lambda c: (c.score or 0.0, c.rater, c.rated))
    high = max(scored, key=lambda c: (c.score or 0.0, c.rater, c.rated))
    return _(
        "Lowest partnering score: {low_rater} about {low_rated} ({low}); "
        "highest: {high_rater} about {high_rated} ({high})"
    ).format(
        low_rater=low.rater,
        low_rated=low.rated,
        low=whole(low.score),
        high_rater=high.rater,
        high_rated=high.rated,
        high=whole(high.score),
    )


def _square(x: float, y: float, size: float) -> str:
    """A square as path data, its top left corner at (``x``, ``y``)."""
    return f"M{x:.1f} {y:.1f}h{size:.1f}v{size:.1f}h{-size:.1f}z"


def _path(data: str, *, fill: str, stroke: str) -> str:
    return f'<path d="{data}" fill="{fill}" stroke="{stroke}" stroke-width="1"/>'


def heatmap(
    parties: Sequence[str],
    cells: Sequence[HeatCell],
    *,
    threshold: int,
    key: str = "heatmap",
    font: str = FONT,
) -> Chart | None:
    """Parties by parties: each row is how that party sees the party of each column (its
    partnering score, 0-100), one shade per 20 points and the number in the cell."""
    if not cells:
        return None
    by_pair: Mapping[tuple[str, str], HeatCell] = {(c.rater, c.rated): c for c in cells}
    n = len(parties)
    label = min(170.0, max(text_width(p, 11) for p in parties) + 10)
    left = label + 8
    # Column labels run up and to the right at 45 degrees: the last one needs room beyond
    # the grid.
    longest = min(140.0, max(text_width(p, 11) for p in parties))
    cell = max(12.0, min(44.0, (WIDTH - left - longest * 0.72 - 8) / n))
    size = 11 if cell >= 26 else 8 if cell >= 18 else 6
    header = min(120.0, longest * 0.72 + 20)
    top = header + 26
    bottom = top + cell * n
    height = bottom + 64
    title = _heat_title(cells)
    description = (
        _("Partnering score of each party (row) about each other party (column), 0 to 100.")
        + " "
        + " ".join(
            _("{rater} about {rated}: {score}.").format(
                rater=c.rater,
                rated=c.rated,
                score=_("hidden, too few respondents") if c.hidden else whole(c.score),
            )
            for c in cells
        )
    )
    out = [open_svg(key, "heatmap", (WIDTH, height), title, description, font)]
    out.append(
        text(4, 16, "Rows: the party rating · columns: the party rated", size=12, fill=MUTED)
    )
    for column, party in enumerate(parties):
        x = left + column * cell + cell / 2 + 3
        out.append(
            text(x, top - 6, fit(party, min(11, size + 2), 140), size=min(11, size + 2), rotate=-45)
        )
    # The cells are drawn as a few paths, one per kind of cell (a grid of empty cells, one path
    # per shade, the diagonal, the hidden sides) rather than a shape per cell: the same picture
    # with a few dozen elements instead of several hundred, which a PDF lays out much faster.
    shades: list[list[str]] = [[] for _colour in HEAT]
    diagonal: list[str] = []
    hidden: list[str] = []
    labels: list[str] = []
    for number, rater in enumerate(parties):
        y = top + number * cell
        out.append(
            text(left - 6, y + cell / 2 + 4, fit(rater, 11, label - 8), size=11, anchor="end")
        )
        for column, rated in enumerate(parties):
            x = left + column * cell
            found = by_pair.get((rater, rated))
            if rater == rated:
                diagonal.append(
                    _square(x, y, cell) + f"M{x:.1f} {y + cell:.1f}l{cell:.1f} {-cell:.1f}"
                )
            elif found is None:
                continue
            elif found.score is None:
                hidden.append(_square(x, y, cell))
                labels.append(
                    text(
                        x + cell / 2, y + cell / 2 + 4, "–", size=size, anchor="middle", fill=MUTED
                    )
                )
            else:
                step = _heat_step(found.score)
                shades[step].append(_square(x, y, cell))
                labels.append(
                    text(
                        x + cell / 2,
                        y + cell / 2 + size / 2 - 1,
                        whole(found.score),
                        size=size,
                        anchor="middle",
                        fill=HEAT_INK[step],
                    )
                )
    right, bottom_edge = left + cell * n, top + cell * n
    grid = "".join(f"M{left:.1f} {top + k * cell:.1f}H{right:.1f}" for k in range(n + 1))
    grid += "".join(f"M{left + k * cell:.1f} {top:.1f}V{bottom_edge:.1f}" for k in range(n + 1))
    out.append(rect(left, top, cell * n, cell * n, fill=NO_RELATIONSHIP))
    out.append(_path(grid, fill="none", stroke="#eceef1"))
    for colour, squares in zip(HEAT, shades, strict=True):
        if squares:
            out.append(_path("".join(squares), fill=colour, stroke="#ffffff"))
    if diagonal:
        out.append(_path("".join(diagonal), fill="#ffffff", stroke=GRID))
    if hidden:
        out.append(_path("".join(hidden), fill="#ffffff", stroke=MUTED))
    out += labels
    y = bottom + 20
    x = left
    for step, colour in enumerate(HEAT):
        out.append(rect(x, y, 26, 14, fill=colour, stroke=GRID))
        out.append(text(x + 30, y + 11, f"{step * 20}–{step * 20 + 20}", size=11))
        x += 78
    y += 32
    out.append(rect(left, y - 11, 14, 14, fill="#ffffff", stroke=MUTED))
    fewer = _("fewer than {threshold} respondents").format(threshold=threshold)
    out.append(text(left + 20, y, f"– {fewer}", size=11))
    out.append(rect(left + 230, y - 11, 14, 14, fill=NO_RELATIONSHIP, stroke="#eceef1"))
    out.append(text(left + 250, y, _("no relationship"), size=11))
    out.append("</svg>")
    table = DataTable(
        title,
        (_("Rated by"), _("About"), _("Partnering score")),
        tuple(
            (
                c.rater,
                c.rated,
                fewer if c.hidden else whole(c.score),
            )
            for c in sorted(cells, key=lambda c: (c.rater, c.rated))
        ),
    )
    return Chart(key, title, description, "".join(out), table)


# --- Who talks like a servant ----------------------------------------------------------------


@dataclass(frozen=True)
class PartyWords:
    """A party's written answers over all its shown sides: how many, and how many serve."""

    party: str
    statements: int
    servant: int

    @property
    def share(self) -> float:
        return self.servant / self.statements if self.statements else 0.0


def servant_chart(
    rows: Sequence[PartyWords], *, key: str = "servant", font: str = FONT
) -> Chart | None:
    """Per party, the share of its statements that speak as a servant, most first."""
    rows = sorted((r for r in rows if r.statements), key=lambda r: (-r.share, r.party))
    if not rows:
        return None
    top_row = rows[0]
    if top_row.servant:
        title = _(
            "{party} talks most like a servant: {share} of its {statements} statements"
        ).format(party=top_row.party, share=percent(top_row.share), statements=top_row.statements)
    else:
        title = _("No party's written answers speak as a servant")
    description = (
        _("Share of each party's statements that speak as a servant:")
        + " "
        + ", ".join(
            _("{party} {share} of {statements}").format(
                party=r.party, share=percent(r.share), statements=r.statements
            )
            for r in rows
        )
        + "."
    )
    label_right, left, right, row = 200, 212, 540, 22
    top = 10
    bottom = top + row * len(rows)
    height = bottom + 46

    def x_of(share: float) -> float:
        return left + (right - left) * share

    out = [open_svg(key, "servant", (WIDTH, height), title, description, font)]
    out += x_ticks(((x_of(s), percent(s)) for s in SHARES), top, bottom, size=11, below=16)
    for number, item in enumerate(rows):
        y = top + number * row
        out.append(
            text(label_right, y + 15, fit(item.party, 12, label_right - 4), size=12, anchor="end")
        )
        out.append(
            rect(left, y + 4, x_of(item.share) - left, row - 8, fill=OKABE_ITO["vermillion"])
        )
        out.append(text(x_of(item.share) + 6, y + 15, percent(item.share), size=11))
    out += x_axis(
        left, right, bottom, _("Share of its statements that speak as a servant"), below=36, size=12
    )
    out.append("</svg>")
    table = DataTable(
        title,
        (_("Party"), _("Statements"), _("Speak as a servant")),
        tuple((r.party, str(r.statements), f"{r.servant} ({percent(r.share)})") for r in rows),
    )
    return Chart(key, title, description, "".join(out), table)


# --- Trend across rounds --------------------------------------------------------------------


@dataclass(frozen=True)
class RoundSummary:
    """One round across the organization."""

    round: str
    classified: int
    partnerships: int
    name_only: int
    median_index: float | None


def org_trend_chart(
    rounds: Sequence[RoundSummary], *, key: str = "org-trend", font: str = FONT
) -> Chart | None:
    """The median partnering index per round, with the share of relationships that partner."""
    if len(rounds) < 2:
        return None
    known = [(r.round, r.median_index) for r in rounds if r.median_index is not None]
    if len(known) >= 2:
        title = change_title(_("The median partnering index"), known[0], known[-1])
    else:
        title = _("The organization across {rounds} rounds").format(rounds=len(rounds))
    description = (
        _("Per round:")
        + " "
        + " ".join(
            _(
                "{round}: median index {index}, {partnerships} of {classified} relationships "
                "partnering, {name_only} in name only."
            ).format(
                round=r.round,
                index=whole(r.median_index),
                partnerships=r.partnerships,
                classified=r.classified,
                name_only=r.name_only,
            )
            for r in rounds
        )
    )
    frame = TrendFrame(64, WIDTH - 40, 30, 230, len(rounds))
    out = [open_svg(key, "trend", (WIDTH, frame.bottom + 50), title, description, font)]
    out += frame.y_axis(_("Median partnering index"))
    points = [(n, r.median_index) for n, r in enumerate(rounds) if r.median_index is not None]
    for (n1, v1), (n2, v2) in itertools.pairwise(points):
        (x1, y1), (x2, y2) = frame.xy(n1, v1), frame.xy(n2, v2)
        out.append(line(x1, y1, x2, y2, stroke=INK, width=2.5))
    for n, v in points:
        x, y = frame.xy(n, v)
        out.append(square(x, y, 6))
        out.append(text(x, y - 12, f"{v:.0f}", size=12, anchor="middle", weight="bold"))
    for number, summary in enumerate(rounds):
        out.append(frame.round_label(number, summary.round))
        x, _y = frame.xy(number, 0)
        out.append(
            text(
                x,
                frame.bottom + 40,
                _("{partnerships} of {classified} partnering").format(
                    partnerships=summary.partnerships, classified=summary.classified
                ),
                size=11,
                anchor="middle",
                fill=MUTED,
            )
        )
    out.append("</svg>")
    table = DataTable(
        title,
        (_("Round"), _("Classified"), _("Partnering"), _("In name only"), _("Median index")),
        tuple(
            (
                r.round,
                str(r.classified),
                str(r.partnerships),
                str(r.name_only),
                whole(r.median_index),
            )
            for r in rounds
        ),
    )
    return Chart(key, title, description, "".join(out), table)


def median(values: Sequence[float]) -> float | None:
    ordered = sorted(v for v in values if not math.isnan(v))
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
