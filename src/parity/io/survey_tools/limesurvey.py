"""LimeSurvey's response export (Responses, Export, CSV).

One header row: the response columns (``id``, ``submitdate``, ``lastpage``, ``startlanguage``,
``seed``, ``startdate``, ``datestamp``, and ``ipaddr``, ``refurl`` or ``token`` when the survey
records them), then one column per question: its code (an array question's statement as
``CODE[SUBCODE]``), or its full text when exported with "Full question text" headings.
"""

from __future__ import annotations

from collections.abc import Sequence

from parity.io.survey_tools.base import ToolFormat, first_cells, first_row_only, single_header
from parity.io.survey_tools.export import Role

_CODES = {"id", "submitdate", "lastpage", "startlanguage"}
_TEXTS = {"response id", "date submitted", "last page", "start language"}


def detects(records: Sequence[Sequence[str]]) -> bool:
    head = set(first_cells(records))
    return head >= _CODES or head >= _TEXTS


ROLES: dict[str, Role] = {
    "id": "respondent",
    "response id": "respondent",
    "submitdate": "end",
    "date submitted": "end",
    "startdate": "start",
    "date started": "start",
    "interviewtime": "seconds",
    "total time": "seconds",
    "lastpage": "tool",
    "last page": "tool",
    "startlanguage": "tool",
    "start language": "tool",
    "seed": "tool",
    "datestamp": "tool",
    "date last action": "tool",
    "refurl": "tool",
    "referrer url": "tool",
}

FORMAT = ToolFormat(
    key="limesurvey",
    name="LimeSurvey",
    detects=detects,
    header_rows=first_row_only,
    header_texts=single_header,
    roles=ROLES,
)
