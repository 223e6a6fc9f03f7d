"""Google Forms' responses, downloaded as CSV (Responses, Download responses) or from the
linked Google Sheet.

One header row: ``Timestamp``, then each question's title; a grid question has one column per
row of the grid, headed ``Question [Row]``. There is no response id: the row identifies it.
"""

from __future__ import annotations

from collections.abc import Sequence

from parity.io.survey_tools.base import ToolFormat, first_cells, first_row_only, single_header
from parity.io.survey_tools.export import Role

#: "Timestamp" as the form's language writes it.
TIMESTAMPS = frozenset(
    {"timestamp", "zeitstempel", "marca temporal", "horodateur", "tijdstempel",
     "carimbo de data/hora", "informazioni cronologiche", "sygnatura czasowa"}
)  # fmt: skip


def detects(records: Sequence[Sequence[str]]) -> bool:
    return first_cells(records)[:1] in ([t] for t in TIMESTAMPS)


_TOOL: Role = "tool"
ROLES: dict[str, Role] = dict.fromkeys((*TIMESTAMPS, "score"), _TOOL)

FORMAT = ToolFormat(
    key="google-forms",
    name="Google Forms",
    detects=detects,
    header_rows=first_row_only,
    header_texts=single_header,
    roles=ROLES,
)
