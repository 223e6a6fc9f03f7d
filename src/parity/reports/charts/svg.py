"""What every chart shares: the result type, the palette, the two side markers and SVG text.

Charts are plain SVG strings, built here on the server with no library and no script, so the
same markup goes into a web page, a self-contained HTML file and a PDF. Every piece of text put
into the markup passes through :func:`esc`.

**Colour.** The two sides are told apart by shape *and* colour: the first party (in name order)
is a filled circle in Okabe–Ito blue, the second an open diamond in Okabe–Ito vermillion. The
two colours differ in lightness too, so they stay apart in greyscale and with every common
colour-vision deficiency; the shapes alone are enough. Sequential scales (the heatmap) use one
hue from light to dark, and every cell carries its number.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

#: Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
SIDE_COLOURS = (OKABE_ITO["blue"], OKABE_ITO["vermillion"])
INK = "#1b1f24"
MUTED = "#5b6470"
LINE = "#6b7480"
GRID = "#d5dae0"
PAPER = "#ffffff"
#: The report's font: DejaVu Sans ships with Debian (fonts-dejavu-core) and has every glyph used.
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
#: Average advance of a DejaVu Sans character, as a share of the font size (for layout only).
CHAR_WIDTH = 0.6


@dataclass(frozen=True)
class DataTable:
    """The numbers behind a chart, as a table a screen reader or a printed page can read."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    """A chart: its title states the finding, ``description`` is its text alternative
    (also the SVG's ``<desc>``), ``table`` holds the same numbers."""

    key: str
    title: str
    description: str
    svg: str
    table: DataTable


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def whole(value: float | None) -> str:
    """A 0-100 figure as a whole number, or a dash."""
    return "–" if value is None or math.isnan(value) else f"{value:.0f}"


def signed(value: float | None) -> str:
    """A difference as a signed whole number (+12, −3, 0), or a dash."""
    if value is None or math.isnan(value):
        return "–"
    rounded = round(value)
    if rounded == 0:
        return "0"
    return f"+{rounded}" if rounded > 0 else f"−{abs(rounded)}"


def text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_WIDTH


def fit(text: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` pixels at ``size``."""
    if text_width(text, size) <= width:
        return text
    keep = max(1, int(width / (size * CHAR_WIDTH)) - 1)
    return text[:keep].rstrip() + "…"


def open_svg(
    key: str, kind: str, size: tuple[float, float], title: str, description: str, font: str
) -> str:
    """The opening of a chart: role, size, and the title and description it is labelled by.

    ``key`` makes the ids unique on a page with several charts; ``kind`` names the chart.
    """
    width, height = size
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg {esc(kind)}-chart" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'aria-labelledby="{esc(key)}-title {esc(key)}-desc" font-family="{esc(font)}">'
        f'<title id="{esc(key)}-title">{esc(title)}</title>'
        f'<desc id="{esc(key)}-desc">{esc(description)}</desc>'
    )


def text(
    x: float,
    y: float,
    content: str,
    *,
    size: float = 13,
    anchor: str = "start",
    fill: str = INK,
    weight: str | None = None,
    rotate: float | None = None,
) -> str:
    extra = f' font-weight="{weight}"' if weight else ""
    if rotate is not None:
        extra += f' transform="rotate({rotate:.0f} {x:.1f} {y:.1f})"'
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}" '
        f'fill="{fill}"{extra}>{esc(content)}</text>'
    )


def line(
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    *,
    stroke: str = GRID,
    width: float = 1,
    dash: str | None = None,
) -> str:
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" '
        f'stroke-width="{width:g}"{extra}/>'
    )


def rect(
    x: float,
    y: float,
    width: float,
    height: float,
    *,
    fill: str,
    stroke: str | None = None,
    stroke_width: float = 1,
) -> str:
    extra = f' stroke="{stroke}" stroke-width="{stroke_width:g}"' if stroke else ""
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(0.0, width):.1f}" '
        f'height="{max(0.0, height):.1f}" fill="{fill}"{extra}/>'
    )


def marker(index: int, x: float, y: float, size: float = 7.0) -> str:
    """Side 0: a filled blue circle; side 1: an open vermillion diamond."""
    colour = SIDE_COLOURS[index]
    if index == 0:
        return (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size:g}" fill="{colour}" '
            'stroke="#fff" stroke-width="1.5"/>'
        )
    d = size + 0.5
    points = f"{x:.1f},{y - d:.1f} {x + d:.1f},{y:.1f} {x:.1f},{y + d:.1f} {x - d:.1f},{y:.1f}"
    return f'<polygon points="{points}" fill="#fff" stroke="{colour}" stroke-width="2.5"/>'


def square(x: float, y: float, size: float = 6.0, fill: str = INK) -> str:
    """A third marker, for a figure of the relationship as a whole (not of one side)."""
    return rect(x - size, y - size, 2 * size, 2 * size, fill=fill, stroke="#fff", stroke_width=1)


def legend(
    entries: list[tuple[int, str]], x: float, y: float, size: float = 13, gap: float = 30
) -> list[str]:
    """Side markers with their labels, left to right from ``x`` on the baseline ``y``."""
    out = []
    for index, label in entries:
        out.append(marker(index, x + 8, y - 5))
        out.append(text(x + 22, y, label, size=size))
        x += gap + 8 + text_width(label, size)
    return out
