"""A survey tool's export as read from its file: header rows turned into columns, then data.

Every tool writes a table, but not the same one: Qualtrics puts three header rows above the
answers, SurveyMonkey two, Google Forms, Microsoft Forms and LimeSurvey one. The tool modules
turn those rows into :class:`Export`: one :class:`Column` per column of the file, with every
text its header rows hold (name, question wording, import id), and the data rows with the row
number a spreadsheet shows for each.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from parity.core.translation import N_, Sentence, term
from parity.io.csvfile import column_letter
from parity.io.errors import InputFileError, Problem

#: What a column of the tool is, when the tool itself says so (not a question).
Role = Literal["", "respondent", "seconds", "start", "end", "personal", "tool"]

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass(frozen=True)
class Column:
    """One column of the export.

    ``key`` names it in a mapping file (unique in the file); ``texts`` holds what its header
    rows say, most specific first; ``role`` is what the tool uses the column for.
    """

    position: int
    key: str
    texts: tuple[str, ...]
    role: Role = ""

    @property
    def letter(self) -> str:
        return column_letter(self.position)


@dataclass(frozen=True)
class Export:
    """The answers of one export: which tool wrote it, its columns and its data rows.

    ``rows`` pairs each data row's spreadsheet row number with its cells (as text, ``""`` where
    empty, as many as there are columns).
    """

    file: str
    tool: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)


def _fail(file: str, message: str, row: int | None = None) -> InputFileError:
    return InputFileError([Problem(file, row, None, message)])


def is_workbook(data: bytes) -> bool:
    return data.startswith(_ZIP)


def read_table(data: bytes, file: str) -> list[list[str]]:
    """The file's records as text cells: a CSV file (comma or semicolon) or an XLSX workbook's
    first sheet. Raises :class:`InputFileError` when the file cannot be read at all."""
    if is_workbook(data):
        return _read_workbook(data, file)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(file, term(N_("the file is saved as UTF-16; export it again as CSV UTF-8.")))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        not_utf8 = N_(
            "this row holds a character that is not UTF-8 (byte 0x{byte}); export the answers "
            "again as CSV UTF-8."
        )
        raise _fail(file, Sentence(not_utf8, byte=f"{data[error.start]:02X}"), row) from None
    if not text.strip():
        empty = N_("the file is empty; it needs the tool's header rows and the answers.")
        raise _fail(file, term(empty))
    first_line = text.split("\n", 1)[0]
    unquoted = "".join(first_line.split('"')[0::2])
    separator = ";" if unquoted.count(";") > unquoted.count(",") else ","
    if "\t" in unquoted and unquoted.count(separator) == 0:
        separator = "\t"
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=separator)]
    except csv.Error as error:
        unread = N_("the file cannot be read as CSV ({reason}).")
        raise _fail(file, Sentence(unread, reason=str(error))) from None


def _read_workbook(data: bytes, file: str) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # any failure to open is a fault of the file
        unread = N_("the file cannot be read as an Excel workbook (.xlsx) ({reason}).")
        raise _fail(file, Sentence(unread, reason=str(error))) from None
    try:
        sheet = book.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _cell_text(value: object) -> str:
    """A workbook cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def data_rows(
    records: Sequence[Sequence[str]], header_rows: int, width: int
) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """The records after the header rows, each padded to ``width`` cells, blank ones left out,
    numbered as a spreadsheet numbers them (the first header row is row 1)."""
    found = []
    for index in range(header_rows, len(records)):
        cells = [c.strip() for c in records[index]]
        if not any(cells):
            continue
        padded = (*cells[:width], *[""] * (width - len(cells)))
        found.append((index + 1, padded))
    return tuple(found)


def unique_keys(names: Sequence[str]) -> list[str]:
    """``names`` with an empty or repeated name followed by its column letter, so that each
    column can be named in a mapping file."""
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    return [
        name if name and counts[name] == 1 else f"{name} [column {column_letter(i)}]".strip()
        for i, name in enumerate(names)
    ]
