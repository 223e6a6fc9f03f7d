"""Qualtrics' CSV export (Data & Analysis, Export Data, CSV).

The current export has three header rows: the column names (export tags such as ``Q1`` or
``Q5_3``, embedded data by their own name, the tool's columns such as ``ResponseId``), the
question text (a matrix statement as ``question - statement``), and a JSON import id per
column (``{"ImportId":"QID5_3"}``). The legacy export has two: ``V1`` … ``V10`` with the
question ids, then a row of labels (``ResponseID``, ``IPAddress``, the question text).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from parity.io.survey_tools.base import ToolFormat, first_cells, lowered
from parity.io.survey_tools.export import Role

_CURRENT = {"responseid", "duration (in seconds)", "startdate", "recordeddate"}


def _import_ids(row: Sequence[str]) -> bool:
    return any(c.strip().startswith('{"ImportId"') for c in row)


def _legacy(records: Sequence[Sequence[str]]) -> bool:
    head = first_cells(records)
    return (
        head[:2] == ["v1", "v2"]
        and len(records) > 1
        and "responseid" in {lowered(c) for c in records[1]}
    )


def detects(records: Sequence[Sequence[str]]) -> bool:
    head = set(first_cells(records))
    return len(_CURRENT & head) >= 2 or _legacy(records)


def header_rows(records: Sequence[Sequence[str]]) -> int:
    if _legacy(records):
        return 2
    return 3 if len(records) > 2 and _import_ids(records[2]) else 2


def _import_id(cell: str) -> str:
    try:
        found = json.loads(cell)
    except ValueError:
        return ""
    return str(found.get("ImportId", "")) if isinstance(found, dict) else ""


def header_texts(headers: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    names, labels = headers[0], headers[1] if len(headers) > 1 else [""] * len(headers[0])
    ids = headers[2] if len(headers) > 2 else [""] * len(names)
    return [
        (n.strip().lstrip("\ufeff"), label.strip(), _import_id(i))
        for n, label, i in zip(names, labels, ids, strict=True)
    ]


ROLES: dict[str, Role] = {
    "responseid": "respondent",
    "duration (in seconds)": "seconds",
    "startdate": "start",
    "enddate": "end",
    "status": "tool",
    "progress": "tool",
    "finished": "tool",
    "recordeddate": "tool",
    "distributionchannel": "tool",
    "userlanguage": "tool",
    "responseset": "tool",
    "q_recaptchascore": "tool",
}

FORMAT = ToolFormat(
    key="qualtrics",
    name="Qualtrics",
    detects=detects,
    header_rows=header_rows,
    header_texts=header_texts,
    roles=ROLES,
)
