"""Reading the responses file: one row per respondent, as survey tools export it.

The result is the canonical frame the engine works on (see :mod:`parity.core.schema`). Nothing
is analysed from a file with errors, so every problem is collected and raised at once. The file
may have 100,000 rows: the checks work on whole columns, and only the first problems of each kind
are turned into sentences.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from parity.core.instrument import Instrument, default_instrument, shipped_instruments
from parity.core.schema import (
    ABOUT,
    ID_COLUMNS,
    PARTY,
    RESPONDENT,
    SECONDS,
    SEGMENT_COLUMNS,
    TEXT_COLUMNS,
    WAVE,
)
from parity.core.translation import N_, Sentence, term
from parity.io.attributes import check_attributes
from parity.io.csvfile import (
    Cells,
    CsvFile,
    Rows,
    as_text,
    duplicate_rows,
    missing,
    read_file,
    stripped,
)
from parity.io.errors import ProblemLog
from parity.io.seconds import check_seconds

Floats = npt.NDArray[np.float64]
#: An empty respondent, party or about cell (the survey tools' importer says it of a response).
EMPTY_ID = N_("the cell is empty; every row needs a respondent, a party and an about.")


@dataclass(frozen=True)
class _Layout:
    """The columns a responses file may have under one instrument."""

    items: tuple[str, ...]
    texts: tuple[str, ...]
    scale_min: int
    scale_max: int

    @classmethod
    def of(cls, instrument: Instrument) -> _Layout:
        texts = tuple(dict.fromkeys((*TEXT_COLUMNS, *instrument.open_question_ids)))
        return cls(instrument.item_ids, texts, instrument.scale_min, instrument.scale_max)

    @property
    def known(self) -> tuple[str, ...]:
        return (*ID_COLUMNS, WAVE, SECONDS, *self.items, *self.texts, *SEGMENT_COLUMNS)


def instrument_of_header(path: str | os.PathLike[str]) -> Instrument:
    """The shipped instrument a responses file was exported from, read from its header.

    A file answers one instrument: the shipped one all of whose item columns it has, and with
    most of them when more than one fits (a TPI-2 file also has TPI-1's kept items, never all
    of them). A file that fits none is read as TPI-1, whose reader then names what is missing.
    """
    data, name = read_file(path)
    header = set(CsvFile(data, name).header)
    fitting = [i for i in shipped_instruments().values() if set(i.item_ids) <= header]
    if not fitting:
        return default_instrument()
    return max(fitting, key=lambda instrument: len(instrument.item_ids))


def read_responses(
    path: str | os.PathLike[str],
    instrument: Instrument | None = None,
    *,
    ignore_unknown_columns: bool = False,
) -> pd.DataFrame:
    """Read and check a responses CSV file; see :func:`read_responses_bytes`."""
    data, name = read_file(path)
    return read_responses_bytes(
        data, name, instrument, ignore_unknown_columns=ignore_unknown_columns
    )


def read_responses_bytes(
    data: bytes,
    name: str,
    instrument: Instrument | None = None,
    *,
    ignore_unknown_columns: bool = False,
) -> pd.DataFrame:
    """Read and check responses from the bytes of a CSV file called ``name``.

    Returns ``respondent, party, about, [wave]`` (text), ``seconds`` (float, NaN where empty)
    when the file has it, one float column per item of the
    instrument in its order (NaN when skipped), then the open-question text columns present,
    then the respondent attributes present (:data:`~parity.core.schema.SEGMENT_COLUMNS`:
    trimmed text, tenure as its band, missing where empty). Raises
    :class:`~parity.io.errors.InputFileError` listing every problem found.
    """
    layout = _Layout.of(instrument or default_instrument())
    csv = CsvFile(data, name)
    present = csv.select(layout.known, ignore_unknown=ignore_unknown_columns)
    csv.report_missing(
        [c for c in ID_COLUMNS if c not in present],
        term(N_("every response needs respondent, party and about columns.")),
    )
    csv.report_missing(
        [c for c in layout.items if c not in present],
        term(N_("every item of the instrument needs a column, even if all its cells are empty.")),
        items=True,
    )
    frame = csv.read_rows(
        text_columns=(*ID_COLUMNS, WAVE, SECONDS, *layout.texts, *SEGMENT_COLUMNS),
        keep_empty=(*ID_COLUMNS, WAVE, SECONDS, *SEGMENT_COLUMNS),
    )
    if frame is None or frame.empty:
        raise csv.problems.error()
    ids = _check_ids(frame, csv.problems)
    items = {
        item: _check_item(frame[item], item, layout, csv.sep == ";", csv.problems)
        for item in layout.items
        if item in frame
    }
    attributes = check_attributes(frame, csv.problems)
    seconds = check_seconds(frame, csv.problems)
    csv.problems.raise_if_any()
    columns: dict[str, Any] = {c: as_text(cells, frame.index) for c, cells in ids.items()}
    columns.update(seconds)
    columns.update(items)
    columns.update({c: frame[c] for c in layout.texts if c in frame})
    columns.update(attributes)
    return pd.DataFrame(columns).reset_index(drop=True)


def _check_ids(frame: pd.DataFrame, problems: ProblemLog) -> dict[str, Cells]:
    """Trimmed id columns (and wave); report empty ids, self-ratings and repeated respondents."""
    rows: Rows = frame.index.to_numpy(dtype=np.int64)
    ids = {c: stripped(frame[c]) for c in (*ID_COLUMNS, WAVE) if c in frame}
    empty = term(EMPTY_ID)
    for column in ID_COLUMNS:
        if column in ids:
            problems.add_many(rows[missing(ids[column])], column, lambda _: empty)
    if PARTY in ids and ABOUT in ids:
        own = (ids[PARTY] == ids[ABOUT]) & ~missing(ids[ABOUT])
        names = ids[ABOUT][own]
        problems.add_many(
            rows[own],
            ABOUT,
            lambda i: Sentence(
                N_(
                    '"{name}" is also the party of the respondent; a respondent cannot rate '
                    "their own party."
                ),
                name=names[i],
            ),
        )
    if RESPONDENT in ids:
        _check_repeated_respondents(ids, rows, problems)
    return ids


def _check_repeated_respondents(ids: dict[str, Cells], rows: Rows, problems: ProblemLog) -> None:
    answered = ~missing(ids[RESPONDENT])
    keys = pd.DataFrame({c: ids[c][answered] for c in (RESPONDENT, WAVE) if c in ids})
    keys.index = pd.Index(rows[answered])
    later, first = duplicate_rows(keys)
    if not len(later):
        return
    found = keys.loc[later]
    respondents = found[RESPONDENT].to_numpy()
    waves = found[WAVE].to_numpy() if WAVE in found else None

    def describe(i: int) -> str:
        if waves is None:
            return Sentence(
                N_(
                    'respondent "{respondent}" already answered in row {row}; each respondent '
                    "answers once."
                ),
                respondent=respondents[i],
                row=int(first[i]),
            )
        return Sentence(
            N_(
                'respondent "{respondent}" already answered in row {row} in wave "{wave}"; '
                "each respondent answers once per wave."
            ),
            respondent=respondents[i],
            row=int(first[i]),
            wave=waves[i],
        )

    problems.add_many(later, RESPONDENT, describe)


def _check_item(
    column: pd.Series[Any],
    name: str,
    layout: _Layout,
    decimal_comma: bool,
    problems: ProblemLog,
) -> Floats:
    """The answers of one item as floats; report cells that are not whole numbers in range.

    The parser has already read clean columns as numbers; only a column holding some text needs
    converting, and only its bad cells become sentences.
    """
    rows: Rows = column.index.to_numpy(dtype=np.int64)
    cells: npt.NDArray[Any]
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        values = cells = column.to_numpy(dtype=np.float64)
    else:
        values, cells = _parse_text_answers(column, name, rows, layout, problems)
    with np.errstate(invalid="ignore"):
        fraction = np.isfinite(values) & (values != np.floor(values))
        outside = ~fraction & ((values < layout.scale_min) | (values > layout.scale_max))
    report = _CellReport(problems, rows, cells, name, layout, decimal_comma)
    report(
        fraction,
        N_(
            '"{cell}" is not a whole number; answers are whole numbers from {low} to {high} (or '
            "empty when skipped)."
        ),
    )
    report(
        outside,
        N_(
            '"{cell}" is out of range; answers are whole numbers from {low} to {high} (or empty '
            "when skipped)."
        ),
    )
    return values


def _parse_text_answers(
    column: pd.Series[Any], name: str, rows: Rows, layout: _Layout, problems: ProblemLog
) -> tuple[Floats, npt.NDArray[Any]]:
    """Numbers from a column the parser could not read as numbers; report the text cells.

    A column holds few distinct answers, so each distinct cell is parsed once: a column full of
    text costs no more than a clean one (``pd.to_numeric`` is slow when most cells fail).
    """
    cells = column.fillna("").to_numpy(dtype=object)
    codes, distinct = pd.factorize(cells)
    parsed = np.array([_answer(str(cell)) for cell in distinct], dtype=np.float64)
    empty = np.array([not str(cell).strip() for cell in distinct], dtype=bool)
    values = parsed[codes]
    not_number = np.isnan(values) & ~empty[codes]
    _CellReport(problems, rows, cells, name, layout, False)(
        not_number,
        N_(
            '"{cell}" is not a number; answers are whole numbers from {low} to {high} (or empty '
            "when skipped)."
        ),
    )
    return values, cells


def _answer(cell: str) -> float:
    """The number in a cell, NaN if none; a comma counts as a decimal point ("3,0" is 3)."""
    try:
        return float(cell.strip().replace(",", "."))
    except ValueError:
        return math.nan


@dataclass(frozen=True)
class _CellReport:
    """Reports the cells of one column selected by a mask, showing each as the user wrote it."""

    problems: ProblemLog
    rows: Rows
    cells: npt.NDArray[Any]
    column: str
    layout: _Layout
    decimal_comma: bool

    def __call__(self, mask: npt.NDArray[np.bool_], sentence: str) -> None:
        """Report each selected cell with ``sentence``, a template of ``{cell}`` and the
        scale's ``{low}`` and ``{high}``."""
        bad = self.cells[mask]
        low, high = self.layout.scale_min, self.layout.scale_max
        self.problems.add_many(
            self.rows[mask],
            self.column,
            lambda i: Sentence(sentence, cell=self._show(bad[i]), low=low, high=high),
        )

    def _show(self, value: object) -> str:
        if not isinstance(value, float | np.floating):
            return str(value).strip()
        number = float(value)
        text = str(int(number)) if number.is_integer() and abs(number) < 1e15 else str(number)
        return text.replace(".", ",") if self.decimal_comma else text
