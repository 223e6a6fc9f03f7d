"""What every Parity CSV reader shares: bytes to a checked table, with problems in sentences.

Users produce these files with spreadsheets and survey tools, so the usual failures are not
exotic: an Excel workbook uploaded instead of its CSV export, a Windows-1252 file, semicolons
instead of commas, a typo in a header, a text cell with an unquoted comma. Each of them must end
as a :class:`~parity.io.errors.Problem` that says what to do, never as a pandas or Unicode
traceback, and the checks must stay vectorised so that a large export reads about as fast as a
plain :func:`pandas.read_csv`.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
import warnings
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from parity.core.translation import N_, Sentence, term
from parity.io.errors import InputFileError, Problem, ProblemLog

_BOM = b"\xef\xbb\xbf"
_WORKBOOK = N_("this file is an Excel workbook or other ZIP file; export it as CSV UTF-8.")
_UTF16 = N_('this file is saved as UTF-16 (Excel\'s "Unicode Text"); save it as CSV UTF-8 instead.')
#: Signatures of files people upload by mistake, with what to tell them.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", _WORKBOOK),
    (b"PK\x05\x06", _WORKBOOK),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        N_(
            "this file is an old Excel workbook (.xls) or other Office file; export it as CSV "
            "UTF-8."
        ),
    ),
    (b"\xff\xfe", _UTF16),
    (b"\xfe\xff", _UTF16),
    (b"%PDF", N_("this file is a PDF document, not a CSV file; export the data as CSV UTF-8.")),
)
_EXPECTED_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_OPEN_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")

#: Row numbers as a spreadsheet shows them: the header is row 1.
Rows = npt.NDArray[np.int64]
#: Stripped text cells of one column, ``""`` where empty.
Cells = npt.NDArray[np.object_]


def read_file(path: str | os.PathLike[str]) -> tuple[bytes, str]:
    """The bytes and display name of ``path``; an unreadable path is a problem, not an OSError."""
    name = Path(path).name or str(path)
    reason: str
    try:
        return Path(path).read_bytes(), name
    except FileNotFoundError:
        reason = Sentence(N_("the file does not exist ({path})."), path=os.fspath(path))
    except IsADirectoryError:
        reason = term(N_("this is a folder, not a file."))
    except OSError as error:
        reason = Sentence(
            N_("the file cannot be opened ({reason})."), reason=error.strerror or str(error)
        )
    raise InputFileError([Problem(name, None, None, reason)])


def _fail(name: str, message: str, row: int | None = None) -> InputFileError:
    return InputFileError([Problem(name, row, None, message)])


def _outside_quotes(text: str) -> str:
    """``text`` without its quoted parts; a doubled quote inside quotes toggles twice."""
    return "".join(text.split('"')[0::2])


def _check_bytes(data: bytes, name: str) -> bytes:
    """Refuse what is not UTF-8 CSV text; return the text's bytes without a BOM."""
    for signature, explanation in _SIGNATURES:
        if data.startswith(signature):
            raise _fail(name, term(explanation))
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    if not data.strip():
        raise _fail(name, term(N_("the file is empty; it needs a header row and rows of data.")))
    if b"\x00" in data:
        raise _fail(
            name,
            term(
                N_(
                    "the file contains binary data (NUL bytes), so it is not a CSV text file; "
                    "export the data as CSV UTF-8."
                )
            ),
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        prefix = data[: error.start].decode("utf-8")
        newline = "\n" if "\n" in prefix or b"\r" not in data else "\r"
        row = _outside_quotes(prefix).count(newline) + 1
        raise _fail(
            name,
            Sentence(
                N_(
                    "this row holds a character that is not UTF-8 (byte 0x{byte}); the file was "
                    'saved in another encoding. Save it as "CSV UTF-8" (in Excel: Save As, CSV '
                    "UTF-8) and try again."
                ),
                byte=f"{data[error.start]:02X}",
            ),
            row,
        ) from None
    return data


def _sniff_separator(data: bytes, name: str) -> str:
    """Comma or semicolon, whichever separates more fields of the header line."""
    end = data.find(b"\n")
    header = _outside_quotes(data[: end if end >= 0 else len(data)].decode("utf-8"))
    commas, semicolons = header.count(","), header.count(";")
    if commas == semicolons == 0 and "\t" in header:
        raise _fail(
            name,
            term(
                N_(
                    "the columns are separated by tabs; save the file as CSV (comma or "
                    "semicolon separated) UTF-8."
                )
            ),
            1,
        )
    return ";" if semicolons > commas else ","


def suggest(name: str, known: Sequence[str]) -> str | None:
    """The known column name closest to ``name``, ignoring case, if any is close."""
    lowered = {k.lower(): k for k in known}
    match = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def column_letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position (0 → A, 26 → AA)."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def blank(series: pd.Series[Any]) -> npt.NDArray[np.bool_]:
    """Cells that are empty or hold only spaces."""
    text = series.astype("str").str.strip()
    return np.asarray(text.isna() | text.eq(""), dtype=bool)


def stripped(series: pd.Series[Any]) -> Cells:
    """Text with surrounding spaces removed; ``""`` for an empty cell.

    ``map`` over an object array: pandas' ``.str.strip()`` and comparisons on text columns cost
    several times more, which matters on 100,000-row files.
    """
    if series.hasnans:  # a row with fewer cells than the header
        series = series.fillna("")
    cells = series.to_numpy(dtype=object)
    return np.fromiter(map(str.strip, cells), dtype=object, count=len(cells))


def missing(cells: Cells) -> npt.NDArray[np.bool_]:
    """Where :func:`stripped` found an empty cell."""
    return np.asarray(cells == "", dtype=bool)


def as_text(cells: Cells, index: pd.Index[Any]) -> pd.Series[str]:
    """Stripped cells as a text column of a canonical frame, empty cells as missing."""
    text = cells.copy()
    text[missing(text)] = None
    return pd.Series(text, index=index, dtype="str")


def duplicate_rows(keys: pd.DataFrame) -> tuple[Rows, Rows]:
    """Rows whose ``keys`` repeat an earlier row, and the row each one repeats.

    ``keys`` is indexed by row number; rows with a missing key should be left out by the caller.
    """
    empty = np.empty(0, dtype=np.int64)
    first_key = keys.iloc[:, 0].to_numpy(dtype=object)
    if len(set(first_key)) == len(first_key):
        return empty, empty  # the usual case, found far faster than by ``duplicated``
    later = keys.duplicated(keep="first")
    involved = keys[keys.duplicated(keep=False)]
    rows = pd.Series(involved.index.to_numpy(dtype=np.int64), index=involved.index)
    groups = [involved[column] for column in involved.columns]
    first = rows.groupby(groups, dropna=False, sort=False).transform("first")
    later_rows = keys.index.to_numpy(dtype=np.int64)[later.to_numpy(dtype=bool)]
    return later_rows, first.loc[later_rows].to_numpy(dtype=np.int64)


@dataclass(frozen=True)
class _ParseOptions:
    dtype: dict[str | int, type[str]]
    na_values: dict[Any, list[str]]  # pandas-stubs wants str keys; unknown columns have ints


class CsvFile:
    """One uploaded CSV file: checked bytes, its header, and the problems found so far.

    Creating it raises :class:`InputFileError` for problems that leave nothing to check (an
    empty, binary or non-UTF-8 file); later problems are collected in :attr:`problems` so that
    the reader can report all of them at once.
    """

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name
        self.problems = ProblemLog(name)
        self.data = _check_bytes(data, name)
        self.sep = _sniff_separator(self.data, name)
        self._long_first_row = False
        self.header = self._read_header()
        self._keys: list[str | int] = list(range(len(self.header)))

    def _options(self) -> dict[str, Any]:
        """Options common to every pass: exact text, and numbers as a European file writes them."""
        return {
            "sep": self.sep,
            "engine": "c",
            "encoding": "utf-8",
            "keep_default_na": False,
            "decimal": "," if self.sep == ";" else ".",
        }

    def _peek(self, records: int) -> pd.DataFrame:
        frame: pd.DataFrame = pd.read_csv(
            io.BytesIO(self.data),
            header=None,
            nrows=records,
            dtype=str,
            na_filter=False,
            skip_blank_lines=False,
            **self._options(),
        )
        return frame

    def _read_header(self) -> list[str]:
        """The header's names; also notes whether the first data row has more cells.

        pandas checks every row's number of cells against the header except the first data row,
        whose extra cells it drops with a warning, so that row's cells are counted here
        (:meth:`_first_row_is_long`).
        """
        self._long_first_row = self._first_row_is_long()
        try:
            first = self._peek(1)
        except Exception as error:  # any parser failure is a fault of the file
            raise self._parse_failure(error) from None
        names = (
            [str(v).strip().lstrip("\ufeff").strip() for v in first.iloc[0]] if len(first) else []
        )
        if not any(names):
            empty = term(N_("the first row is empty; it must hold the column names."))
            raise _fail(self.name, empty, 1)
        return names

    def _records(self) -> Iterator[list[str]]:
        """The file's records as Python's csv module reads them, decoded as it goes: it reads
        quoted cells, line breaks included, as pandas does, and counts each record's cells
        where pandas would only complain."""
        text = io.TextIOWrapper(io.BytesIO(self.data), encoding="utf-8", newline="")
        return csv.reader(text, delimiter=self.sep, quotechar='"', strict=False)

    def _first_row_is_long(self) -> bool:
        """Whether the first data record holds more cells than the header, counted from the
        first two :meth:`_records` alone. A file the csv module cannot read is left to pandas
        to report."""
        reader = self._records()
        try:
            header = next(reader, [])
            first = next(reader, None)
        except (csv.Error, UnicodeDecodeError):
            return False
        return first is not None and len(first) > len(header)

    def select(self, known: Sequence[str], *, ignore_unknown: bool) -> list[str]:
        """Match the header against ``known`` names; report unknown and repeated columns.

        Returns the known columns present, in file order. Other columns are read but dropped.
        """
        seen: dict[str, int] = {}
        for position, name in enumerate(self.header):
            if name in known:
                if name in seen:
                    self._report_repeat(name, seen[name], position)
                else:
                    seen[name] = position
                    self._keys[position] = name
            elif name and not ignore_unknown:
                self._report_unknown(name, known)
        return list(seen)

    def report_missing(self, names: Sequence[str], advice: str, *, items: bool = False) -> None:
        """One problem naming all the required columns in ``names`` that the header lacks
        (``items``: the columns of the instrument's items); ``advice`` is a whole sentence."""
        if not names:
            return
        quoted = [f'"{name}"' for name in names]
        if len(quoted) == 1:
            template = (
                N_("the item column {listed} is missing; {advice}")
                if items
                else N_("the column {listed} is missing; {advice}")
            )
            self.problems.add(Sentence(template, listed=quoted[0], advice=advice), 1)
            return
        template = (
            N_("the item columns {listed} and {last} are missing; {advice}")
            if items
            else N_("the columns {listed} and {last} are missing; {advice}")
        )
        listed = ", ".join(quoted[:-1])
        self.problems.add(Sentence(template, listed=listed, last=quoted[-1], advice=advice), 1)

    def _report_unknown(self, name: str, known: Sequence[str]) -> None:
        guess = suggest(name, known)
        if guess:
            message = Sentence(
                N_(
                    'the column "{name}" is not a known column; did you mean "{guess}"? Rename '
                    "or remove it, or choose to ignore unknown columns."
                ),
                name=name,
                guess=guess,
            )
        else:
            message = Sentence(
                N_(
                    'the column "{name}" is not a known column; it is not part of this file '
                    "format. Rename or remove it, or choose to ignore unknown columns."
                ),
                name=name,
            )
        self.problems.add(message, 1, name)

    def _report_repeat(self, name: str, first: int, position: int) -> None:
        self.problems.add(
            Sentence(
                N_(
                    'the column "{name}" appears twice (columns {first} and {second}); keep one '
                    "of them."
                ),
                name=name,
                first=column_letter(first),
                second=column_letter(position),
            ),
            1,
            name,
        )

    def read_rows(
        self, text_columns: Collection[str], keep_empty: Collection[str] = ()
    ) -> pd.DataFrame | None:
        """The data rows, indexed by spreadsheet row number, blank rows left out.

        ``text_columns`` are read as text, with empty cells missing except in ``keep_empty``
        (columns the caller strips with :func:`stripped`, which is faster on plain strings).
        Other known columns are left to the parser's native number reading (fast); unknown ones
        are read as text and dropped. Returns ``None`` when the rows cannot be parsed, after
        recording why.
        """
        options = _ParseOptions(
            dtype={k: str for k in self._keys if not isinstance(k, str) or k in text_columns},
            na_values={k: [""] for k in self._keys if k not in keep_empty},
        )
        frame = self._parse_all(options)
        if frame is None:
            return None
        frame = self._drop_blank_rows(frame)
        self._report_unnamed_columns(frame)
        if frame.empty:
            self.problems.add(term(N_("the file has a header but no data rows.")))
        return frame.drop(columns=[k for k in self._keys if not isinstance(k, str)])

    def _parse_all(self, options: _ParseOptions) -> pd.DataFrame | None:
        if self._long_first_row:
            return self._recover(options, None)
        try:
            frame = self._parse(options, 1)
        except Exception as error:  # any parser failure is a fault of the file
            return self._recover(options, error)
        frame.index = pd.RangeIndex(2, len(frame) + 2)
        return frame

    def _parse(self, options: _ParseOptions, skip: int | list[int]) -> pd.DataFrame:
        # The header is skipped rather than parsed so that the names are ours: stripped, and
        # unique even when repeated.
        frame: pd.DataFrame = pd.read_csv(
            io.BytesIO(self.data),
            header=None,
            skiprows=skip,
            names=self._keys,
            index_col=False,
            dtype=options.dtype,
            na_values=options.na_values,
            skip_blank_lines=False,
            on_bad_lines="error",
            **self._options(),
        )
        return frame

    def _recover(self, options: _ParseOptions, error: Exception | None) -> pd.DataFrame | None:
        """After rows with too many cells, report them all, then read the other rows so that
        their problems are reported in the same message. Any other failure is reported as is.

        Only a file with errors takes this path, so it can afford a row-by-row scan.
        """
        long_rows, records = self._scan_cell_counts()
        if error is not None:
            failure = self._parse_failure(error)
            if not _EXPECTED_FIELDS.search(str(error)) or failure.problems[0].row not in long_rows:
                self.problems.extend(failure.problems)
                return None
        elif 2 not in long_rows:  # pandas found the first data row long; trust it
            long_rows = np.union1d(long_rows, np.array([2], dtype=np.int64))
        self.problems.add_many(long_rows, None, lambda _: self._too_many_cells())
        if records <= len(long_rows) + 1:
            return None  # no row left to read; pandas would warn rather than return nothing
        try:
            with warnings.catch_warnings():
                # A long row pandas still meets here (its line break quoted, so that skipping
                # by line missed part of it) is reported above already: its cells are not lost
                # to anyone, since a file with a long row is refused.
                warnings.simplefilter("ignore", pd.errors.ParserWarning)
                frame = self._parse(options, [0, *(int(row) - 1 for row in long_rows)])
        except Exception as again:  # any parser failure is a fault of the file
            self.problems.extend(self._parse_failure(again).problems)
            return None
        rows = np.setdiff1d(np.arange(2, len(frame) + len(long_rows) + 2), long_rows)
        if len(rows) != len(frame):
            return None
        frame.index = pd.Index(rows)
        return frame

    def _scan_cell_counts(self) -> tuple[Rows, int]:
        """Spreadsheet rows holding more cells than the header, and the number of rows.

        Found by Python's csv module, which reads quoted cells as pandas does.
        """
        reader = self._records()
        width = len(self.header)
        long: list[int] = []
        records = 0
        try:
            for records, cells in enumerate(reader, start=1):
                if len(cells) > width:
                    long.append(records)
        except csv.Error:
            long = []
        return np.asarray(long, dtype=np.int64), records

    @staticmethod
    def _drop_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
        """Without empty lines and rows of empty cells, which spreadsheets export freely."""
        first = frame.iloc[:, 0].to_numpy(dtype=object)
        candidates = np.asarray(pd.isna(first) | (first == ""), dtype=bool)
        if not candidates.any():
            return frame
        cells = frame[candidates].to_numpy(dtype=object)
        empty: npt.NDArray[np.bool_] = np.all(pd.isna(cells) | (cells == ""), axis=1)
        return frame.drop(index=frame.index[candidates][empty])

    def _report_unnamed_columns(self, frame: pd.DataFrame) -> None:
        """An empty header cell is harmless over an empty column, but hides data otherwise."""
        rows = frame.index.to_numpy(dtype=np.int64)
        for position, name in enumerate(self.header):
            if name:
                continue
            filled = ~blank(frame[position])
            if filled.any():
                self.problems.add(
                    Sentence(
                        N_(
                            "column {letter} has no name in the header row but holds data "
                            "(first in row {row}); name it or delete it."
                        ),
                        letter=column_letter(position),
                        row=int(rows[filled][0]),
                    ),
                    1,
                )

    def _too_many_cells(self) -> str:
        return Sentence(
            N_(
                "this row has more cells than the header's {columns} columns; a text cell "
                'probably contains the separator "{separator}" without quotes around it.'
            ),
            columns=len(self.header),
            separator=self.sep,
        )

    def _parse_failure(self, error: Exception) -> InputFileError:
        """The parser's complaint as a sentence about the user's file."""
        text = str(error)
        fields = _EXPECTED_FIELDS.search(text)
        if fields:
            return _fail(self.name, self._too_many_cells(), int(fields.group(2)))
        quote = _OPEN_QUOTE.search(text)
        if quote:
            return _fail(
                self.name,
                term(
                    N_(
                        'a quoted cell starts in this row but its closing quote (") is missing, '
                        "so the rest of the file cannot be read."
                    )
                ),
                int(quote.group(1)) + 1,
            )
        return _fail(
            self.name,
            Sentence(
                N_("the file cannot be read as CSV ({reason})."),
                reason=text.strip() or repr(error),
            ),
        )
