"""The anonymised raw data of a published round as files: CSV (long), Excel and SPSS.

The rows are chosen by the web application's use case (:mod:`parity.web.insights.raw_data`),
which applies the anonymity policy; this module only writes what it is given, and writes it
the same way every time: the same data gives the same bytes (no time of writing is kept in a
file), so that two downloads can never be told apart by anything but their content.

- :func:`long_rows` and :func:`to_csv`: one row per respondent and question (each rated item,
  then each open question), columns :data:`LONG_COLUMNS` (docs/reports.md, "Raw data for
  researchers").
- :func:`to_xlsx`: a workbook with one sheet per level: ``respondents`` (one row per
  respondent), ``sides``, ``relationships`` and ``organization``.
- :func:`to_sav`: the respondents as an SPSS file, with each item's statement as its variable
  label and the answer scale as value labels.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

#: The respondent attributes, in the order every file gives them (blank where not shown).
ATTRIBUTES: tuple[str, ...] = ("role", "level", "location", "tenure")

#: The columns of the long format, in order.
LONG_COLUMNS: tuple[str, ...] = (
    "respondent",
    "relationship",
    "party",
    "about",
    *ATTRIBUTES,
    "question",
    "construct",
    "rating",
)

#: What a file's inner timestamps are set to, so that writing it twice gives the same bytes.
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIXED_ISO_TIME = "1980-01-01T00:00:00Z"


@dataclass(frozen=True)
class RatedItem:
    """One rated item of the instrument: its id, construct, statement and scale's words."""

    id: str
    construct: str
    statement: str
    value_labels: Mapping[int, str]


@dataclass(frozen=True)
class RespondentRow:
    """One respondent as exported: a number of this export only, never a stored id."""

    respondent: int
    relationship: int
    party: str
    about: str
    #: One per :data:`ATTRIBUTES`; None where not asked, not given or not shown.
    attributes: tuple[str | None, ...]
    #: One per rated item; None where skipped or not shown.
    ratings: tuple[int | None, ...]


@dataclass(frozen=True)
class SideRow:
    relationship: int
    party: str
    about: str
    shown: bool
    #: None for a side that is not shown (below the score threshold).
    respondents: int | None
    fewer_than: int | None
    partnering_score: float | None
    #: Per construct (:attr:`RawData.constructs`), None where not shown.
    scores: tuple[float | None, ...]


@dataclass(frozen=True)
class RelationshipRow:
    relationship: int
    party_a: str
    party_b: str
    label: str | None
    scope: str | None
    archetype: str
    partnering_index: float | None
    confidence: float | None
    name_only: bool


@dataclass(frozen=True)
class RawData:
    """Everything a raw-data file holds, already disclosed and in its final order."""

    organization: str
    round: str
    status: str
    instrument: str
    score_threshold: int
    text_threshold: int
    kept_flagged: bool
    items: tuple[RatedItem, ...]
    #: The constructs' codes and names, in the instrument's order.
    constructs: tuple[tuple[str, str], ...]
    respondents: tuple[RespondentRow, ...]
    sides: tuple[SideRow, ...]
    relationships: tuple[RelationshipRow, ...]


def long_rows(data: RawData) -> Iterator[dict[str, Any]]:
    """The long format: a row per respondent and rated item (words are never joined to a
    respondent's ratings: :mod:`parity.web.insights.raw_data`)."""
    for row in data.respondents:
        head: dict[str, Any] = {
            "respondent": row.respondent,
            "relationship": row.relationship,
            "party": row.party,
            "about": row.about,
            **dict(zip(ATTRIBUTES, row.attributes, strict=True)),
        }
        for item, rating in zip(data.items, row.ratings, strict=True):
            yield head | {"question": item.id, "construct": item.construct, "rating": rating}


def to_csv(data: RawData) -> bytes:
    """The long format as UTF-8 CSV (with a byte-order mark, so spreadsheets read it as
    UTF-8), blank cells where there is no value."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(LONG_COLUMNS)
    for row in long_rows(data):
        writer.writerow([_csv_cell(row[c]) for c in LONG_COLUMNS])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


#: How a text cell that a spreadsheet would run as a formula begins (OWASP, "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    """A CSV cell: blank for no value; an apostrophe before text that a spreadsheet would run
    as a formula (a respondent's words are not to be run)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def respondents_frame(data: RawData) -> pd.DataFrame:
    """One row per respondent: the wide format of the Excel sheet and the SPSS file."""
    columns = [
        "respondent",
        "relationship",
        "party",
        "about",
        *ATTRIBUTES,
        *(i.id for i in data.items),
    ]
    rows = [
        [
            r.respondent,
            r.relationship,
            r.party,
            r.about,
            *r.attributes,
            *r.ratings,
        ]
        for r in data.respondents
    ]
    return pd.DataFrame(rows, columns=columns, dtype="object")


def _side_table(data: RawData) -> tuple[list[str], list[list[Any]]]:
    head = [
        "relationship",
        "party",
        "about",
        "shown",
        "respondents",
        "fewer_than",
        "partnering_score",
        *(code for code, _ in data.constructs),
    ]
    rows = [
        [
            s.relationship,
            s.party,
            s.about,
            s.shown,
            s.respondents,
            s.fewer_than,
            s.partnering_score,
            *s.scores,
        ]
        for s in data.sides
    ]
    return head, rows


def _relationship_table(data: RawData) -> tuple[list[str], list[list[Any]]]:
    head = [
        "relationship",
        "party_a",
        "party_b",
        "label",
        "scope",
        "archetype",
        "partnering_index",
        "confidence",
        "name_only",
    ]
    rows = [
        [
            r.relationship,
            r.party_a,
            r.party_b,
            r.label,
            r.scope,
            r.archetype,
            r.partnering_index,
            r.confidence,
            r.name_only,
        ]
        for r in data.relationships
    ]
    return head, rows


def _organization_table(data: RawData) -> tuple[list[str], list[list[Any]]]:
    rows: list[list[Any]] = [
        ["organization", data.organization],
        ["round", data.round],
        ["status", data.status],
        ["instrument", data.instrument],
        ["score_threshold", data.score_threshold],
        ["text_threshold", data.text_threshold],
        ["flagged_respondents", "kept" if data.kept_flagged else "left out"],
        ["relationships", len(data.relationships)],
    ]
    rows += [[f"item {i.id}", i.statement] for i in data.items]
    rows += [[f"construct {code}", name] for code, name in data.constructs]
    return ["field", "value"], rows


def to_xlsx(data: RawData) -> bytes:
    """A workbook with the sheets ``respondents``, ``sides``, ``relationships`` and
    ``organization``."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    frame = respondents_frame(data)
    respondents = [list(frame.columns), *frame.itertuples(index=False, name=None)]
    sheets: list[tuple[str, list[Any]]] = [("respondents", respondents)]
    for name, (head, rows) in (
        ("sides", _side_table(data)),
        ("relationships", _relationship_table(data)),
        ("organization", _organization_table(data)),
    ):
        sheets.append((name, [head, *rows]))
    for name, rows in sheets:
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    """A value as a cell: text stays text, never a formula, whatever it begins with, and
    without the control characters a workbook cannot hold."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    return cell


def _fixed_zip(content: bytes) -> bytes:
    """The same archive with every entry's time, and the document's own dates, fixed."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    rb"\g<1>" + _FIXED_ISO_TIME.encode() + rb"\g<3>",
                    body,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, body)
    return out.getvalue()


#: Where an SPSS file's header keeps its creation date (9 bytes) and time (8 bytes).
_SAV_DATE = slice(92, 101)
_SAV_TIME = slice(101, 109)


def to_sav(data: RawData) -> bytes:
    """The respondents as an SPSS ``.sav`` file: each item's statement as its variable label,
    the answer scale's words as value labels, blank ratings as missing values."""
    import pyreadstat

    frame = respondents_frame(data)
    strings = ["party", "about", *ATTRIBUTES]
    for column in strings:
        frame[column] = frame[column].map(lambda v: "" if v is None else str(v)).astype(str)
    for column in ["respondent", "relationship", *(i.id for i in data.items)]:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    labels: dict[str, str | None] = {
        "respondent": "Respondent (numbered in this file only)",
        "relationship": "Relationship (numbered in this file only)",
        "party": "The side that answered",
        "about": "The side answered about",
        **{a: f"Respondent's {a} (blank where not shown)" for a in ATTRIBUTES},
        **{i.id: i.statement for i in data.items},
    }
    value_labels: dict[str, dict[int | float, str]] = {
        i.id: dict(sorted(i.value_labels.items())) for i in data.items
    }
    handle, path = tempfile.mkstemp(suffix=".sav")
    os.close(handle)
    try:
        pyreadstat.write_sav(
            frame,
            path,
            file_label=f"{data.organization}: {data.round}"[:64],
            column_labels=labels,
            variable_value_labels=value_labels,
        )
        with open(path, "rb") as written:
            content = bytearray(written.read())
    finally:
        os.unlink(path)
    if content[:4] == b"$FL2":
        content[_SAV_DATE] = b"01 Jan 80"
        content[_SAV_TIME] = b"00:00:00"
    return bytes(content)
