"""What the PDF is laid out from: the report's own HTML with its charts as SVG images (their
labels set for the report's font) and its screen-only parts left out, and tables that state
their column widths."""

from __future__ import annotations

import base64
import re

import pytest
from tests.unit.reports.conftest import Rendered

from parity.reports.charts.svg import DataTable
from parity.reports.html import HEADER_CHARACTERS, WIDTH_CHARACTERS, column_widths
from parity.reports.pdf import print_markup
from parity.reports.print_charts import print_svg

SVG_IMAGE = re.compile(r'<img alt="([^"]*)" src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)">')


def _percentages(widths: list[str]) -> list[float]:
    assert all(w.endswith("%") for w in widths)
    return [float(w[:-1]) for w in widths]


def test_the_pdf_gets_every_chart_as_an_svg_image_and_nothing_else_changes(
    organization: Rendered,
) -> None:
    html = organization.html
    charts = re.findall(r"<svg\b.*?</svg>", html, re.DOTALL)
    start = html.index('<details class="numbers screen-only">')
    screen_only = html[start : html.index("</details>", start) + len("</details>")]
    printed = print_markup(html)

    images = SVG_IMAGE.findall(printed)
    assert len(charts) >= 2
    assert "<svg" not in printed
    assert [base64.b64decode(data).decode("utf-8") for _, data in images] == [
        print_svg(chart) for chart in charts
    ]
    assert images[0][0]
    assert images[0][0] in charts[0]  # the chart's title is its alternative
    restored = iter(charts)
    unprinted = SVG_IMAGE.sub(lambda _: next(restored), printed)
    assert unprinted == html.replace(screen_only, "")
    assert "screen-only" not in printed.split("</style>", 1)[1]


def test_the_markup_of_a_report_without_charts_is_left_alone() -> None:
    html = "<html><body><p>Text <b>bold</b></p><details class='numbers'>x</details></body></html>"
    assert print_markup(html) == html


def test_a_table_of_numbers_gives_each_column_the_room_its_cells_need() -> None:
    table = DataTable(
        "Servants",
        ("Party", "Statements", "Speak as a servant"),
        (("Unit A1 of the northern region", "12", "3 (25%)"), ("Unit B2", "7", "0 (0%)")),
    )
    party, statements, servant = _percentages(column_widths(table))
    assert abs(party + statements + servant - 100) < 0.2
    # The longest cell (30 characters) is widest; a short header keeps its whole length, a
    # longer one the room of HEADER_CHARACTERS (it may wrap).
    assert party == max(party, statements, servant)
    assert servant / statements == pytest.approx(HEADER_CHARACTERS / len("Statements"), rel=0.01)


def test_a_very_long_cell_does_not_squeeze_the_numbers() -> None:
    long = "x" * 200
    table = DataTable("Long", ("Name", "n"), ((long, "1"),))
    name, count = _percentages(column_widths(table))
    low, high = WIDTH_CHARACTERS
    assert name / count == pytest.approx(high / low, rel=0.01)
