"""The charts: a title that states the finding, a text alternative, labelled axes, sides told
apart by shape and by colour, valid and escaped SVG."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from tests.unit.reports.conftest import CONTEXT, THRESHOLDS, pair

from parity.core.analysis import Analysis, RelationshipResult
from parity.core.disclosure import SideView, Thresholds
from parity.core.vocabulary import construct
from parity.reports import organization_report, relationship_report
from parity.reports.charts import (
    OKABE_ITO,
    SIDE_COLOURS,
    Chart,
    HeatCell,
    ProfileChart,
    RoundSummary,
    TrendPoint,
    heatmap,
    org_trend_chart,
    profile_chart,
    trend_chart,
)
from parity.reports.charts.organization import HEAT
from parity.reports.charts.profile import WIDTH as PROFILE_WIDTH
from parity.reports.charts.svg import GRID, MUTED, text_width
from parity.reports.figures import parity_gaps

SVG = "{http://www.w3.org/2000/svg}"
Find = Callable[[str, str], RelationshipResult]


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG 2)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _check(chart: Chart | ProfileChart) -> ET.Element:
    """What every chart must have; returns the parsed SVG."""
    root = ET.fromstring(chart.svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{chart.key}-title {chart.key}-desc"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None
    assert title.text == chart.title
    assert desc is not None
    assert desc.text == chart.description
    assert len(chart.title) > 20
    assert chart.description
    assert chart.table.rows
    assert all(len(r) == len(chart.table.headers) for r in chart.table.rows)
    assert "http://" not in chart.svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert texts, "a chart labels its axes and its marks in text"
    return root


def test_the_side_colours_are_okabe_ito_and_survive_greyscale() -> None:
    assert set(SIDE_COLOURS) <= set(OKABE_ITO.values())
    for colour in SIDE_COLOURS:
        assert _contrast(colour, "#ffffff") >= 3.0  # a graphical object on white (WCAG 1.4.11)
    # In greyscale only lightness is left: the two sides must still differ in it, and they
    # differ in shape (filled circle, open diamond) in any case.
    assert abs(_luminance(SIDE_COLOURS[0]) - _luminance(SIDE_COLOURS[1])) >= 0.05


def test_every_relationship_chart_states_its_finding(find: Find) -> None:
    report = relationship_report(find("IT", "Sales"), THRESHOLDS, CONTEXT)
    assert {c.key for c in report.charts} == {"profile", "power", "need", "parity", "stance"}
    for chart in report.charts:
        _check(chart)
    assert report.profile is not None
    assert report.power
    assert report.need
    assert report.parity
    assert report.stance is not None
    assert (
        report.profile.title == "IT and Sales differ most on deference: IT 88, Sales 13 out of 100"
    )
    assert report.power.title.startswith("Sales holds the power through direction")
    assert report.need.title == (
        "IT underestimates how much Sales needs it: it thinks 38, Sales says 60"
    )
    assert report.parity.title == (
        "The widest parity gap is voice: Sales scores 71 points higher than IT"
    )
    assert report.stance.title.startswith("IT's words speak mostly as a servant (")
    assert "Sales's words speak mostly as a master (" in report.stance.title


def test_the_profile_chart_has_both_shapes_axes_and_a_table(find: Find) -> None:
    report = relationship_report(find("IT", "Sales"), THRESHOLDS, CONTEXT)
    chart = report.profile
    assert chart is not None
    root = _check(chart)
    assert root.findall(f"{SVG}circle")
    assert root.findall(f"{SVG}polygon")
    fills = {c.get("fill") for c in root.iter(f"{SVG}circle")}
    strokes = {p.get("stroke") for p in root.iter(f"{SVG}polygon")}
    assert SIDE_COLOURS[0] in fills
    assert SIDE_COLOURS[1] in strokes
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Score, 0 (strongly disagree) to 100 (strongly agree)" in texts
    assert {"0", "25", "50", "75", "100"} <= set(texts)
    assert chart.table.headers[:4] == (
        "Construct",
        "IT",
        "Sales",
        "Gap (IT − Sales, 95% interval)",
    )
    assert chart.table.headers[4:] == ("Alpha, IT", "Alpha, Sales")
    rows = {row[0]: row for row in chart.table.rows}
    intervals = find("IT", "Sales").intervals.gaps
    direction, need = rows["direction"], rows["need"]
    assert (*direction[:3], *direction[4:]) == ("direction", "17", "86", "0.70", "0.24")
    assert (*need[:3], *need[4:]) == ("need", "61", "60", "0.33", "0.73")
    # Each gap with its interval beside it: "−69 (−76 to −62)".
    assert direction[3] == f"−69 ({_signed(intervals['DIR'][0])} to {_signed(intervals['DIR'][1])})"
    assert need[3] == f"+1 ({_signed(intervals['NEED'][0])} to {_signed(intervals['NEED'][1])})"


def test_the_power_map_labels_both_axes_and_the_corners(find: Find) -> None:
    chart = relationship_report(find("Copper Kite Agency", "Marketing"), THRESHOLDS).power
    assert chart is not None
    texts = [t.text for t in _check(chart).iter(f"{SVG}text")]
    assert "Alternatives: could go elsewhere" in texts
    assert "Need: needs the other" in texts
    assert "can walk away: power" in texts
    assert chart.title.startswith("Marketing holds the power: it could go elsewhere more easily")


def test_the_parity_gaps_carry_the_engines_intervals() -> None:
    result = pair(8, 6).result
    a, b = result.sides
    gaps = {g.code: g for g in parity_gaps(result)}
    assert set(gaps) == {"STK", "VAL", "VOI", "NEED"}
    gap = a.scores["VOI"] - b.scores["VOI"]
    assert gaps["VOI"].gap == pytest.approx(100.0)
    # Every answer of a side is the same here: no spread, so the interval is the gap itself,
    # and a 100-point gap is named.
    assert (gaps["VOI"].low, gaps["VOI"].high) == pytest.approx((gap, gap))
    assert result.intervals.gaps["VOI"] == (gaps["VOI"].low, gaps["VOI"].high)
    assert gaps["VOI"].named


def test_the_parity_chart_draws_the_intervals_of_the_demo(find: Find) -> None:
    result = find("IT", "Sales")
    chart = relationship_report(result, THRESHOLDS, CONTEXT).parity
    assert chart is not None
    for gap in parity_gaps(result):
        low, high = result.intervals.gaps[gap.code]
        assert (gap.low, gap.high) == (low, high)
        assert low <= gap.gap <= high
        assert f"(from {_signed(low)} to {_signed(high)})" in chart.description


def _signed(value: float) -> str:
    rounded = round(value)
    return "0" if rounded == 0 else f"+{rounded}" if rounded > 0 else f"−{abs(rounded)}"


def test_a_hidden_side_is_left_out_of_every_chart() -> None:
    result = pair(8, 3).result
    report = relationship_report(result, Thresholds(5, 7))
    assert report.profile is not None
    assert report.profile.title == (
        "How Finance sees IT; IT has fewer than 5 respondents, so its side is not shown"
    )
    root = _check(report.profile)
    assert not root.findall(f"{SVG}polygon")  # IT's marker
    assert report.power is None
    assert report.need is None
    assert report.parity is None
    assert report.stance is not None
    assert "IT" not in report.stance.table.headers[1:]


def test_names_are_escaped_in_the_markup() -> None:
    sides = (
        SideView("R&D <Lab>", 'Ops "East"', True, 5, 5),
        SideView('Ops "East"', "R&D <Lab>", True, 5, 5),
    )
    chart = profile_chart({"OUT": construct("OUT")}, sides, ({"OUT": 60.0}, {"OUT": 20.0}), key="x")
    root = _check(chart)
    assert "R&amp;D &lt;Lab&gt;" in chart.svg
    assert "<Lab>" not in chart.svg
    assert root.find(f"{SVG}title") is not None


def test_the_parity_axis_is_symmetric_around_zero(find: Find) -> None:
    chart = relationship_report(find("IT", "Sales"), THRESHOLDS).parity
    assert chart is not None
    ticks = [
        t.text for t in _check(chart).iter(f"{SVG}text") if re.fullmatch(r"[+−]?\d+", t.text or "")
    ]
    assert "0" in ticks
    numbers = [int((t or "0").replace("−", "-")) for t in ticks]
    assert min(numbers) == -max(numbers)


def test_the_heatmap_shows_numbers_and_marks_hidden_sides() -> None:
    cells = [
        HeatCell("IT", "Sales", 32.0),
        HeatCell("Sales", "IT", 81.0),
        HeatCell("Legal", "IT", None, hidden=True),
        HeatCell("IT", "Legal", 55.0),
    ]
    chart = heatmap(["IT", "Legal", "Sales"], cells, threshold=5)
    assert chart is not None
    texts = [t.text for t in _check(chart).iter(f"{SVG}text")]
    assert {"32", "81", "55", "–"} <= set(texts)
    assert "– fewer than 5 respondents" in texts
    assert (
        chart.title == "Lowest partnering score: IT about Sales (32); highest: Sales about IT (81)"
    )
    assert ("Legal", "IT", "fewer than 5 respondents") in chart.table.rows


def test_the_organization_charts(demo_analysis: Analysis) -> None:
    report = organization_report(demo_analysis.relationships, THRESHOLDS, CONTEXT)
    assert report.archetypes
    assert report.heatmap
    assert report.servant
    for chart in report.charts:
        _check(chart)
    assert report.trend is None  # one round: no trend
    assert re.fullmatch(
        r"[A-Z][\w –-]+ is the most common pattern: \d+ of \d+ relationships",
        report.archetypes.title,
    )
    # Nimbus answered about Legal (8 respondents) though Legal is hidden: its own view shows.
    rows = {(r[0], r[1]): r[2] for r in report.heatmap.table.rows}
    assert rows[("Legal", "Nimbus Cloud Services")] == "fewer than 5 respondents"
    assert rows[("Nimbus Cloud Services", "Legal")].isdigit()


def test_trends_say_which_way_they_went() -> None:
    points = [TrendPoint("Spring", 35.0, (40.0, 50.0)), TrendPoint("Autumn", 52.0, (55.0, 60.0))]
    chart = trend_chart(("IT", "Sales"), points)
    assert chart is not None
    _check(chart)
    assert chart.title == "The partnering index rose from 35 in Spring to 52 in Autumn"
    assert trend_chart(("IT", "Sales"), points[:1]) is None
    rounds = [RoundSummary("Spring", 10, 3, 4, 40.0), RoundSummary("Autumn", 10, 5, 2, 38.0)]
    org = org_trend_chart(rounds)
    assert org is not None
    _check(org)
    assert org.title == "The median partnering index held steady: 40 in Spring, 38 in Autumn"


def test_the_heatmap_draws_each_kind_of_cell_as_one_path() -> None:
    cells = [
        HeatCell("IT", "Sales", 32.0),
        HeatCell("Sales", "IT", 81.0),
        HeatCell("Legal", "IT", None, hidden=True),
        HeatCell("IT", "Legal", 35.0),
        HeatCell("Legal", "Sales", 9.0),
    ]
    chart = heatmap(["IT", "Legal", "Sales"], cells, threshold=5)
    assert chart is not None
    paths = {
        (p.get("fill"), p.get("stroke")): p.get("d", "") for p in _check(chart).iter(f"{SVG}path")
    }
    squares = {key: d.count("z") for key, d in paths.items()}
    # One square a cell, in the shade of its score: 9 (0-20), 32 and 35 (20-40), 81 (80-100).
    assert squares[(HEAT[0], "#ffffff")] == 1
    assert squares[(HEAT[1], "#ffffff")] == 2
    assert squares[(HEAT[4], "#ffffff")] == 1
    assert not any(fill in (HEAT[2], HEAT[3]) for fill, _ in paths)
    assert squares[("#ffffff", MUTED)] == 1  # the hidden side
    assert squares[("#ffffff", GRID)] == 3  # the diagonal: a party does not rate itself
    # The empty cells are a grid of 4 + 4 lines over the whole square.
    assert paths[("none", "#eceef1")].count("M") == 8


def _legend_right_edges(svg: str) -> list[float]:
    """Where each legend label ends: its x plus its width in the font's own measures."""
    labels = re.findall(
        r'<text x="([\d.]+)" y="(\d+(?:\.\d+)?)"[^>]*>([^<]*about[^<]*)</text>', svg
    )
    return [float(x) + text_width(html.unescape(label), 14) for x, _, label in labels]


@pytest.mark.parametrize(
    ("first", "second", "stacked"),
    [("IT", "Sales", False), ("Copper Kite Agency", "Marketing and Communications", True)],
)
def test_a_legend_too_wide_for_one_line_is_stacked_inside_the_chart(
    first: str, second: str, stacked: bool
) -> None:
    sides = (SideView(first, second, True, 5, 5), SideView(second, first, True, 5, 5))
    chart = profile_chart({"OUT": construct("OUT")}, sides, ({"OUT": 60.0}, {"OUT": 20.0}), key="x")
    _check(chart)
    assert all(edge <= PROFILE_WIDTH for edge in _legend_right_edges(chart.svg))
    assert ('<g transform="translate(0 ' in chart.svg) is stacked
