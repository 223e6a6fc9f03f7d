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

from babel.numbers import get_decimal_symbol

from parity.core.translation import SOURCE_LANGUAGE, _, current_language

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
#: The level of every interval a report shows, put into a translated sentence as a value: in
#: the catalog "95% interval" would read as a printf placeholder ("% i").
CONFIDENCE = "95%"
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


def decimal_point(text: str) -> str:
    """``text`` (a number Python formatted) with the current language's decimal sign: "0,50"
    in German.

    Only the sign changes, so every language rounds exactly as the English report does and
    English stays byte for byte what it was; the sign itself is the locale's, from Babel's
    CLDR data. No report number is large enough to need a thousands separator. (:func:`whole`
    and :func:`signed` write whole numbers, which have no decimal sign to change.)
    """
    language = current_language()
    if language == SOURCE_LANGUAGE:
        return text
    return text.replace(".", get_decimal_symbol(language))


def percent(share: float) -> str:
    """A share as a whole percentage in the current language: "59%" in English, "59 %" in
    German (the number as ``format(share, ".0%")`` rounds it)."""
    return _("{number}%").format(number=f"{share * 100:.0f}")


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


def row_label(right: float, y: float, words: str, *, size: float, width: float) -> list[str]:
    """A row's label ending at ``right`` on the baseline ``y``: one line when it fits in
    ``width``, else two smaller lines around the same baseline, split between words, each
    shortened with an ellipsis if it still does not fit (a long name in another language
    stays inside the chart instead of running off its left edge)."""
    if text_width(words, size) <= width or " " not in words:
        return [text(right, y, fit(words, size, width), size=size, anchor="end")]
    small = size - 2
    spaces = [n for n, c in enumerate(words) if c == " "]
    middle = min(spaces, key=lambda n: abs(2 * n - len(words)))
    lines = (words[:middle], words[middle + 1 :])
    return [
        text(right, y + offset, fit(part, small, width), size=small, anchor="end")
        for part, offset in zip(lines, (-small / 2 - 1, small / 2 + 1), strict=True)
    ]


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


def legend_lines(
    entries: list[tuple[int, str]], x: float, right: float, size: float = 13, gap: float = 30
) -> int:
    """How many lines :func:`legend` takes: one if every entry fits left to right between
    ``x`` and ``right``, else one an entry (long party names, or longer words in German)."""
    width = sum(gap + 8 + text_width(label, size) for _, label in entries) - gap
    return 1 if width <= right - x else len(entries)


def legend(
    entries: list[tuple[int, str]],
    x: float,
    y: float,
    size: float = 13,
    gap: float = 30,
    right: float | None = None,
) -> list[str]:
    """Side markers with their labels, left to right from ``x`` on the baseline ``y``; when
    ``right`` is given and they do not fit before it, one under the other."""
    stacked = right is not None and legend_lines(entries, x, right, size, gap) > 1
    out = []
    for index, label in entries:
        out.append(marker(index, x + 8, y - 5))
        out.append(text(x + 22, y, label, size=size))
        if stacked:
            y += legend_line_height(size)
        else:
            x += gap + 8 + text_width(label, size)
    return out


def legend_line_height(size: float) -> float:
    """The distance between two stacked lines of a legend."""
    return round(size * 1.5)
