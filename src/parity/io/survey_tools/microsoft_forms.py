"""Microsoft Forms' responses, as the workbook Forms writes (Responses, Open in Excel).

One header row: ID, Start time, Completion time, Email, Name (Last modified time in newer
forms), then each question's title; a Likert question has one column per statement.
"""

from __future__ import annotations

from collections.abc import Sequence

from parity.io.survey_tools.base import ToolFormat, first_cells, first_row_only, single_header
from parity.io.survey_tools.export import Role


def detects(records: Sequence[Sequence[str]]) -> bool:
    return first_cells(records)[:3] == ["id", "start time", "completion time"]


ROLES: dict[str, Role] = {
    "id": "respondent",
    "start time": "start",
    "completion time": "end",
    "last modified time": "tool",
    "total points": "tool",
    "quiz feedback": "tool",
}

FORMAT = ToolFormat(
    key="microsoft-forms",
    name="Microsoft Forms",
    detects=detects,
    header_rows=first_row_only,
    header_texts=single_header,
    roles=ROLES,
)
