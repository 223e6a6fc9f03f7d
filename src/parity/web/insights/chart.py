"""The relationship page's profile chart: the reports' paired dot chart, marked safe for the
template. One chart for page and report (:mod:`parity.reports.charts.profile`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from django.utils.safestring import mark_safe

from parity.core.agreement import AlphaResult
from parity.core.disclosure import SideView
from parity.core.instrument import Construct
from parity.core.intervals import NO_INTERVALS, Intervals
from parity.reports.charts import profile as charts
from parity.reports.charts.profile import ChartRow, ProfileChart, chart_rows, finding

Chart = ProfileChart
#: The page's own font stack; the reports use DejaVu Sans.
WEB_FONT = "system-ui, sans-serif"

__all__ = ["Chart", "ChartRow", "chart_rows", "finding", "profile_chart"]


def profile_chart(
    constructs: Mapping[str, Construct],
    sides: tuple[SideView, SideView],
    scores: tuple[Mapping[str, float], Mapping[str, float]],
    reliability: tuple[Mapping[str, AlphaResult], Mapping[str, AlphaResult]] = ({}, {}),
    intervals: Intervals = NO_INTERVALS,
) -> Chart:
    """The chart of the shown sides; ``scores`` of a hidden side are ignored; ``intervals``
    are the disclosed result's."""
    chart = charts.profile_chart(
        constructs, sides, scores, font=WEB_FONT, reliability=reliability, intervals=intervals
    )
    # Safe: every text in the markup was escaped where the chart was built.
    return dataclasses.replace(chart, svg=mark_safe(chart.svg))
