"""A chart as the PDF draws it: every label keeps its letters, its colour, its size and its
place; only how many ``<text>`` elements hold them changes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from tests.support.machine import need
from tests.unit.reports.conftest import Rendered

from parity.reports.charts import HeatCell, heatmap
from parity.reports.charts.svg import FONT, open_svg, text
from parity.reports.print_charts import advances, print_svg

SVG = "{http://www.w3.org/2000/svg}"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

Letter = tuple[str, float, float, str, str, str]


def _letters(svg: str) -> list[Letter]:
    """Every letter drawn: the letter, where it starts (x, baseline), its size, colour and
    weight. Anchored labels are placed from the font's advance widths, as WeasyPrint does."""
    out: list[Letter] = []
    for node in ET.fromstring(svg).iter(f"{SVG}text"):
        content = node.text or ""
        size = float(node.get("font-size", "0"))
        bold = node.get("font-weight") == "bold"
        steps = [advances(bold)[c] * size for c in content]
        xs = [float(x) for x in node.get("x", "").split()]
        ys = [float(y) for y in node.get("y", "").split()]
        if len(xs) == 1:
            shift = {"start": 0.0, "middle": sum(steps) / 2, "end": sum(steps)}
            x = xs[0] - shift[node.get("text-anchor", "start")]
            xs = []
            for step in steps:
                xs.append(x)
                x += step
        ys = ys * len(content) if len(ys) == 1 else ys
        assert len(xs) == len(ys) == len(content)
        style = (node.get("font-size", ""), node.get("fill", ""), node.get("font-weight", ""))
        out += [(c, x, y, *style) for c, x, y in zip(content, xs, ys, strict=True)]
    # Baselines are copied as written: sorting on them first pairs the same letters.
    return sorted(out, key=lambda letter: (letter[0], letter[2], letter[3:], letter[1]))


def _same(a: str, b: str) -> bool:
    """The same letters, in the same sizes, colours and weights, within 0.01 px of each other."""
    first, second = _letters(a), _letters(b)
    return len(first) == len(second) and all(
        (p[0], *p[3:]) == (q[0], *q[3:]) and p[1:3] == pytest.approx(q[1:3], abs=0.01)
        for p, q in zip(first, second, strict=True)
    )


def _chart() -> str:
    cells = [
        HeatCell("IT", "Sales", 32.0),
        HeatCell("Sales", "IT", 81.0),
        HeatCell("Legal", "IT", None, hidden=True),
        HeatCell("IT", "Legal", 55.0),
        HeatCell("Legal", "Sales", 9.0),
    ]
    chart = heatmap(["IT", "Legal", "Sales"], cells, threshold=5)
    assert chart is not None
    return chart.svg


def test_every_letter_stays_where_it_was_in_fewer_elements() -> None:
    svg = _chart()
    printed = print_svg(svg)
    before = ET.fromstring(svg).findall(f".//{SVG}text")
    after = ET.fromstring(printed).findall(f".//{SVG}text")
    assert len(after) < len(before) / 2
    assert _same(printed, svg)
    # The column labels turn about their own points: each keeps its transform.
    turned = [t for t in after if t.get("transform")]
    assert [t.text for t in turned] == ["IT", "Legal", "Sales"]
    # Everything but the labels is untouched, in the same order.
    assert [e.tag for e in ET.fromstring(printed) if e.tag != f"{SVG}text"] == [
        e.tag for e in ET.fromstring(svg) if e.tag != f"{SVG}text"
    ]


def test_labels_are_drawn_after_what_they_label() -> None:
    svg = (
        open_svg("k", "kind", (100, 50), "A chart that says something", "desc", FONT)
        + text(10, 20, "12", anchor="middle")
        + '<rect x="0" y="0" width="5" height="5" fill="#000"/>'
        + text(30, 40, "3 & 4", anchor="end")
        + "</svg>"
    )
    printed = print_svg(svg)
    tags = [e.tag.removeprefix(SVG) for e in ET.fromstring(printed)]
    assert tags == ["title", "desc", "rect", "text"]
    assert _same(printed, svg)
    assert "3 &amp; 4" in printed


@pytest.mark.parametrize(
    "label",
    [
        # A label with a halo, one inside a group, one with a letter of unknown width.
        '<text x="5" y="9" font-size="11" text-anchor="end" fill="#000" stroke="#fff" '
        'stroke-width="4" paint-order="stroke">Legal</text>',
        '<g class="node"><text x="5" y="9" font-size="11" text-anchor="end" fill="#000">IT'
        "</text></g>",
        '<text x="5" y="9" font-size="11" text-anchor="middle" fill="#000">財務</text>',
    ],
)
def test_other_labels_are_left_alone(label: str) -> None:
    svg = open_svg("k", "kind", (100, 50), "A chart that says something", "d", FONT)
    svg += label + text(1, 2, "x") + "</svg>"
    printed = print_svg(svg)
    assert label in printed
    assert _same(printed.replace(label, ""), svg.replace(label, ""))


def test_a_chart_in_another_font_is_left_alone() -> None:
    svg = open_svg("k", "kind", (100, 50), "A chart that says something", "d", "Arial")
    svg += text(10, 20, "12", anchor="middle") + text(10, 40, "34", anchor="middle") + "</svg>"
    assert print_svg(svg) == svg


def test_the_report_pdf_sets_its_charts_in_fewer_labels(organization: Rendered) -> None:
    heat = next(chart for chart in organization.html.split("<svg")[1:] if "heatmap-chart" in chart)
    svg = "<svg" + heat.split("</svg>", 1)[0] + "</svg>"
    printed = print_svg(svg)
    assert _same(printed, svg)
    assert printed.count("<text") < svg.count("<text") / 2


def test_the_advance_widths_are_those_of_the_report_font() -> None:
    need(DEJAVU.is_dir(), "the report's font, DejaVu Sans, is not installed")
    from fontTools.ttLib import TTFont

    for bold, name in ((False, "DejaVuSans.ttf"), (True, "DejaVuSans-Bold.ttf")):
        font = TTFont(DEJAVU / name)
        units = font["head"].unitsPerEm
        glyphs = font.getBestCmap()
        widths = font["hmtx"]
        for character, advance in advances(bold).items():
            assert widths[glyphs[ord(character)]][0] / units == advance, (name, character)
