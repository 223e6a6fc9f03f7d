"""SurveyMonkey's CSV (or XLSX) export of all responses, "expanded" layout.

Two header rows: the question text, written once above the first column of a question (the
columns of the rest of it left empty), then what each column holds (``Response``,
``Open-Ended Response``, a choice, or a matrix statement). The first columns are the tool's:
Respondent ID, Collector ID, Start Date, End Date, IP Address, Email Address, First Name,
Last Name, Custom Data 1.
"""

from __future__ import annotations

from collections.abc import Sequence

from parity.io.survey_tools.base import ToolFormat, first_cells
from parity.io.survey_tools.export import Role

_PLAIN = {"response", "open-ended response", ""}


def detects(records: Sequence[Sequence[str]]) -> bool:
    head = first_cells(records)
    return head[:1] == ["respondent id"] and "collector id" in head


def header_rows(records: Sequence[Sequence[str]]) -> int:
    return 2


def header_texts(headers: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    questions = headers[0]
    details = headers[1] if len(headers) > 1 else [""] * len(questions)
    texts: list[tuple[str, ...]] = []
    question = ""
    for asked, detail in zip(questions, details, strict=True):
        question = asked.strip().lstrip("\ufeff") or question
        shown = detail.strip()
        if shown.lower() in _PLAIN:
            texts.append((question,))
        else:
            texts.append((f"{question} - {shown}", shown, question))
    return texts


ROLES: dict[str, Role] = {
    "respondent id": "respondent",
    "collector id": "tool",
    "start date": "start",
    "end date": "end",
    "custom data 1": "tool",
}

FORMAT = ToolFormat(
    key="surveymonkey",
    name="SurveyMonkey",
    detects=detects,
    header_rows=header_rows,
    header_texts=header_texts,
    roles=ROLES,
)
