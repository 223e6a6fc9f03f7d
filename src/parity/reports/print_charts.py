"""A chart's SVG as the PDF draws it: the same picture, its labels set in fewer elements.

WeasyPrint lays out an SVG ``<text>`` one letter at a time, on top of a fixed cost for each
element, and a label anchored at its middle or its end becomes a group of its own in the PDF. A
chart with hundreds of labels (the heatmap's numbers) costs more to draw than the rest of its
page. For the PDF only, :func:`print_svg` places each label from the advance widths of the
report's font, DejaVu Sans (the widths WeasyPrint itself adds up, letter by letter), and sets the
labels that share a size, a colour and a weight as one ``<text>`` that gives each
letter its position: the same letters at the same places, in a fraction of the elements.

Only the labels the charts make with :func:`parity.reports.charts.svg.text`, directly in the
chart, are set again; any other text (a label with a halo, a label inside a group, a letter
with no known width) is left exactly as it is. A browser may draw the HTML report with another
font, so the HTML keeps its anchored labels; only the PDF, which always uses DejaVu Sans, gets
these.
"""

from __future__ import annotations

import html
import re
from functools import cache

#: The characters whose advance widths are known, and their widths in DejaVu Sans 2.37 and
#: DejaVu Sans Bold 2.37, in font units (2,048 to the em), in the same order.
CHARACTERS = (
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmno"
    "pqrstuvwxyz{|}~\xa0¡¢£¤¥¦§¨©ª«¬\xad®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßà"
    "áâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ–—‘’“”…•−‐‑‒√≤≥→←↑↓€"
)
UNITS_PER_EM = 2048
BOOK_WIDTHS = (
    "651 821 942 1716 1303 1946 1597 563 799 799 1024 1716 651 739 651 690 1303 1303 1303 1303 "
    "1303 1303 1303 1303 1303 1303 690 690 1716 1716 1716 1087 2048 1401 1405 1430 1577 1294 1178 "
    "1587 1540 604 604 1343 1141 1767 1532 1612 1235 1612 1423 1300 1251 1499 1401 2025 1403 1251 "
    "1403 799 690 799 1716 1024 1024 1255 1300 1126 1300 1260 721 1300 1298 569 569 1186 569 1995 "
    "1298 1253 1300 1300 842 1067 803 1298 1212 1675 1212 1212 1075 1303 690 1303 1716 651 821 "
    "1303 1303 1303 1303 690 1024 1024 2048 965 1253 1716 739 2048 1024 1024 1716 821 821 1024 "
    "1303 1303 651 1024 821 965 1253 1985 1985 1985 1087 1401 1401 1401 1401 1401 1401 1995 1430 "
    "1294 1294 1294 1294 604 604 604 604 1587 1532 1612 1612 1612 1612 1612 1716 1612 1499 1499 "
    "1499 1499 1251 1239 1290 1255 1255 1255 1255 1255 1255 2011 1126 1260 1260 1260 1260 569 569 "
    "569 569 1253 1298 1253 1253 1253 1253 1253 1716 1253 1298 1298 1298 1298 1212 1300 1212 1024 "
    "2048 651 651 1061 1061 2048 1208 1716 739 739 1303 1305 1716 1716 1716 1716 1716 1716 1303"
)
BOLD_WIDTHS = (
    "713 934 1067 1716 1425 2052 1786 627 936 936 1071 1716 778 850 778 748 1425 1425 1425 1425 "
    "1425 1425 1425 1425 1425 1425 819 819 1716 1716 1716 1188 2048 1585 1561 1503 1700 1399 1399 "
    "1681 1714 762 762 1587 1305 2038 1714 1741 1501 1741 1577 1475 1397 1663 1585 2259 1579 1483 "
    "1485 936 748 936 1716 1024 1024 1382 1466 1214 1466 1389 891 1466 1458 702 702 1362 702 2134 "
    "1458 1407 1466 1466 1010 1219 979 1458 1335 1892 1321 1335 1192 1458 748 1458 1716 713 934 "
    "1425 1425 1303 1425 748 1024 1024 2048 1155 1323 1716 850 2048 1024 1024 1716 897 897 1024 "
    "1507 1303 778 1024 897 1155 1323 2120 2120 2120 1188 1585 1585 1585 1585 1585 1585 2222 1503 "
    "1399 1399 1399 1399 762 762 762 762 1716 1714 1741 1741 1741 1741 1741 1716 1741 1663 1663 "
    "1663 1663 1483 1511 1473 1382 1382 1382 1382 1382 1382 2146 1214 1389 1389 1389 1389 702 702 "
    "702 702 1407 1458 1407 1407 1407 1407 1407 1716 1407 1458 1458 1458 1458 1335 1466 1335 1024 "
    "2048 778 778 1346 1346 2048 1309 1716 850 850 1425 1366 1716 1716 1716 1716 1716 1716 1425"
)

#: A tag of the chart's markup (its text never holds a ``<``: every text is escaped).
TAG = re.compile(r"<(/?)([a-zA-Z]+)\b[^>]*?(/?)>")
#: A label as :func:`parity.reports.charts.svg.text` writes it.
LABEL = re.compile(r"<text ((?:[a-z-]+=\"[^\"<>]*\" ?)+)>([^<]*)</text>")
ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
#: The attributes such a label may have; a label with any other is left alone.
LABEL_ATTRIBUTES = {"x", "y", "font-size", "text-anchor", "fill", "font-weight", "transform"}
#: What a label's advance widths need: the chart's font is DejaVu Sans first.
DEJAVU = re.compile(r'^<svg\b[^>]*\bfont-family="DejaVu Sans[,"]')


@cache
def advances(bold: bool) -> dict[str, float]:
    """Each known character's advance width, as a share of the font size."""
    widths = (BOLD_WIDTHS if bold else BOOK_WIDTHS).split()
    assert len(widths) == len(CHARACTERS)
    known = {c: int(w) / UNITS_PER_EM for c, w in zip(CHARACTERS, widths, strict=True)}
    del known["\xad"]  # a soft hyphen is not drawn as a letter of its own
    return known


def _letters(attributes: dict[str, str], content: str) -> tuple[list[float], float] | None:
    """Where each letter of a label starts, left to right from its anchor; ``None`` when a
    letter's width is unknown (or the label is not one to set again)."""
    if set(attributes) - LABEL_ATTRIBUTES or not content or content != content.strip():
        return None
    if "  " in content:
        return None
    weight = attributes.get("font-weight")
    if weight not in (None, "bold", "normal"):
        return None
    widths = advances(weight == "bold")
    try:
        size = float(attributes["font-size"])
        x = float(attributes["x"])
        float(attributes["y"])
        steps = [widths[c] * size for c in content]
    except (KeyError, ValueError):
        return None
    anchor = attributes.get("text-anchor", "start")
    width = sum(steps)
    if anchor == "middle":
        x -= width / 2
    elif anchor == "end":
        x -= width
    elif anchor != "start":
        return None
    starts = []
    for step in steps:
        starts.append(x)
        x += step
    return starts, width


def _label(
    attributes: dict[str, str], starts: list[float], baselines: list[str], content: str
) -> str:
    """A start-anchored label that places each letter (the rest of its attributes as given)."""
    kept = "".join(
        f' {name}="{value}"'
        for name, value in attributes.items()
        if name not in ("x", "y", "text-anchor")
    )
    xs = " ".join(f"{x:.2f}" for x in starts)
    ys = baselines[0] if len(set(baselines)) == 1 else " ".join(baselines)
    return f'<text x="{xs}" y="{ys}"{kept}>{html.escape(content, quote=False)}</text>'


def print_svg(svg: str) -> str:
    """``svg`` with its labels placed for DejaVu Sans, letter by letter, and those of one size,
    colour and weight set as one ``<text>``, drawn where the last of them was."""
    if not DEJAVU.match(svg):
        return svg
    pieces: list[str | tuple[str, ...]] = []
    merged: dict[tuple[str, ...], tuple[list[float], list[str], list[str], dict[str, str]]] = {}
    depth = 0
    position = 0
    for tag in TAG.finditer(svg):
        closing, name, empty = tag.group(1), tag.group(2), tag.group(3)
        if tag.start() < position:
            continue
        if name == "text" and not closing and depth == 1:
            label = LABEL.match(svg, tag.start())
        else:
            label = None
        if label is not None:
            attributes = dict(ATTRIBUTE.findall(label.group(1)))
            content = html.unescape(label.group(2))
            placed = _letters(attributes, content)
            pieces.append(svg[position : tag.start()])
            position = label.end()
            if placed is None:
                pieces.append(label.group(0))
            elif "transform" in attributes:
                baselines = [attributes["y"]] * len(content)
                pieces.append(_label(attributes, placed[0], baselines, content))
            else:
                key = tuple(attributes.get(a, "") for a in ("font-size", "fill", "font-weight"))
                starts, baselines, contents, _ = merged.setdefault(key, ([], [], [], attributes))
                starts += placed[0]
                baselines += [attributes["y"]] * len(content)
                contents.append(content)
                pieces.append(key)
            continue
        if closing:
            depth -= 1
        elif not empty:
            depth += 1
    pieces.append(svg[position:])
    last = {piece: n for n, piece in enumerate(pieces) if isinstance(piece, tuple)}
    out = []
    for n, piece in enumerate(pieces):
        if isinstance(piece, str):
            out.append(piece)
        elif last[piece] == n:
            starts, baselines, contents, attributes = merged[piece]
            out.append(_label(attributes, starts, baselines, "".join(contents)))
    return "".join(out)
