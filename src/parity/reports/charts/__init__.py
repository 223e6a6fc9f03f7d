"""Charts as inline SVG, the same in a web page, a self-contained HTML report and a PDF.

Every chart has a title that states the finding, labelled axes, sides told apart by shape and
by colour (Okabe–Ito), a ``<title>``/``<desc>`` text alternative and a table of its numbers
(:class:`DataTable`). The builders are pure: results in, markup out.
"""

from parity.reports.charts.organization import (
    HeatCell,
    PartyWords,
    RoundSummary,
    archetype_chart,
    heatmap,
    org_trend_chart,
    servant_chart,
)
from parity.reports.charts.profile import ChartRow, ProfileChart, chart_rows, finding, profile_chart
from parity.reports.charts.relationship import (
    NeedRow,
    TrendPoint,
    need_chart,
    need_rows,
    parity_chart,
    power_map,
    stance_chart,
    trend_chart,
)
from parity.reports.charts.svg import FONT, OKABE_ITO, SIDE_COLOURS, Chart, DataTable

__all__ = [
    "FONT",
    "OKABE_ITO",
    "SIDE_COLOURS",
    "Chart",
    "ChartRow",
    "DataTable",
    "HeatCell",
    "NeedRow",
    "PartyWords",
    "ProfileChart",
    "RoundSummary",
    "TrendPoint",
    "archetype_chart",
    "chart_rows",
    "finding",
    "heatmap",
    "need_chart",
    "need_rows",
    "org_trend_chart",
    "parity_chart",
    "power_map",
    "profile_chart",
    "servant_chart",
    "stance_chart",
    "trend_chart",
]
