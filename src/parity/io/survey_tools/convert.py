"""A survey tool's export turned into Parity's responses file, with every problem at once.

The answers are read as the tool wrote them (numbers or the scale's labels), the mapped columns
are put in the order of the responses file, and the result is checked by the responses reader
itself (:func:`parity.io.responses.read_responses_bytes`), whose problems are then told in the
export's own rows and columns. Only mapped columns are written: the tool's personal columns
(addresses, names, e-mails, locations) never are.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from parity.core.instrument import Instrument, Item, default_instrument, shipped_instruments
from parity.core.schema import ABOUT, PARTY, RESPONDENT, SECONDS
from parity.core.translation import N_, Sentence, term
from parity.io.errors import MAX_PROBLEMS, InputFileError, Problem
from parity.io.responses import EMPTY_ID, read_responses_bytes
from parity.io.survey_tools.answers import item_answer, scale_advice, scale_labels
from parity.io.survey_tools.base import ToolFormat
from parity.io.survey_tools.export import Export, read_table
from parity.io.survey_tools.mapping import (
    END,
    START,
    ColumnMapping,
    apply_mapping_file,
    automatic_mapping,
    read_mapping_file,
    targets,
)
from parity.io.survey_tools.tools import detect_tool, tool_named

#: Where a message of the responses reader names another row ("already answered in row 5").
_EARLIER_ROW = re.compile(r"\bin row (\d+)")
#: The responses reader's empty id cell, said of a response of the export.
_EMPTY_ID_OF_A_RESPONSE = N_(
    "the cell is empty; every response needs a respondent, a party and an about."
)


@dataclass
class Imported:
    """What an import found: the tool, the instrument, the mapping, and either the responses
    (``frame``, ``csv``) or the ``problems`` that kept them from being written."""

    export: Export
    tool: ToolFormat
    instrument: Instrument
    mapping: ColumnMapping
    problems: list[Problem] = field(default_factory=list)
    total: int = 0
    frame: pd.DataFrame | None = None
    csv: str = ""

    @property
    def error(self) -> InputFileError:
        """The problems as one error: file-level ones first, then by row."""
        ordered = sorted(self.problems, key=lambda p: 0 if p.row is None else p.row)
        return InputFileError(ordered[:MAX_PROBLEMS], max(self.total, len(self.problems)))

    def add(self, problem: Problem) -> None:
        """Count a problem of a cell, keeping only as many as a message lists (a column of a
        large export full of bad cells must not build an object per cell)."""
        self.total = max(self.total, len(self.problems)) + 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


def read_export(data: bytes, file: str, tool: str | None = None) -> tuple[ToolFormat, Export]:
    """The export in ``data`` and the tool that wrote it (``tool`` by its ``--from`` name, or
    detected from the headers)."""
    records = read_table(data, file)
    chosen = tool_named(tool) if tool else detect_tool(records, file)
    return chosen, chosen.export(records, file)


def import_answers(
    data: bytes,
    file: str,
    *,
    tool: str | None = None,
    instrument: Instrument | None = None,
    mapping_file: tuple[str, str] | None = None,
) -> Imported:
    """Read a survey tool's export (the bytes of ``file``) as Parity's responses.

    ``mapping_file`` is the text and name of a mapping file. Without ``instrument``, the
    shipped instrument whose items the headers hold is used (TPI-1 when none fits). Raises
    :class:`InputFileError` only when the file cannot be read at all; other problems are
    returned with the mapping, so that both can be shown.
    """
    chosen_tool, export = read_export(data, file, tool)
    chosen = instrument or _instrument_of(export)
    mapping = automatic_mapping(export, chosen)
    if mapping_file is not None:
        entries, problems = read_mapping_file(*mapping_file, export, chosen)
        mapping = apply_mapping_file(mapping, entries, mapping_file[1], export)
        mapping.problems[:0] = problems
    result = Imported(export, chosen_tool, chosen, mapping, list(mapping.problems))
    _convert(result)
    result.total = max(result.total, len(result.problems))
    return result


def _instrument_of(export: Export) -> Instrument:
    """The shipped instrument all of whose items have a column (the largest such), else TPI-1."""
    best = default_instrument()
    best_count = -1
    for instrument in shipped_instruments().values():
        found = set(automatic_mapping(export, instrument).targets.values())
        if set(instrument.item_ids) <= found and len(instrument.item_ids) > best_count:
            best, best_count = instrument, len(instrument.item_ids)
    return best


def _missing(result: Imported) -> list[Problem]:
    mapped = set(result.mapping.targets.values())
    file = result.export.file
    problems = []
    ids = [c for c in (PARTY, ABOUT) if c not in mapped]
    if ids:
        problems.append(Problem(file, None, None, _no_id_column(ids)))
    items = [i for i in result.instrument.item_ids if i not in mapped]
    if items:
        problems.append(Problem(file, None, None, _no_item_column(result.instrument, items)))
    return problems


def _no_id_column(ids: list[str]) -> str:
    """No column for the party, the about, or either (``ids``)."""
    if len(ids) == 1:
        template = N_(
            "no column holds {column}: every response needs the respondent's own party and the "
            "party it is about. Add them to the survey as embedded data, hidden fields or "
            "questions named party and about, or map them in a mapping file (--mapping)."
        )
        return Sentence(template, column=ids[0])
    template = N_(
        "no column holds {column} or {other}: every response needs the respondent's own party "
        "and the party it is about. Add them to the survey as embedded data, hidden fields or "
        "questions named party and about, or map them in a mapping file (--mapping)."
    )
    return Sentence(template, column=ids[0], other=ids[1])


def _no_item_column(instrument: Instrument, items: list[str]) -> str:
    """No column for the ``items`` of ``instrument``."""
    if len(items) == 1:
        template = N_(
            "no column holds the {instrument} item {listed} ({count} of {total}); head each "
            "item's column with its id (OUT1, or OUT1 - and the statement) or its statement's "
            "wording, or map it in a mapping file (--mapping)."
        )
    else:
        template = N_(
            "no column holds the {instrument} items {listed} ({count} of {total}); head each "
            "item's column with its id (OUT1, or OUT1 - and the statement) or its statement's "
            "wording, or map it in a mapping file (--mapping)."
        )
    return Sentence(
        template,
        instrument=instrument.id,
        listed=", ".join(items),
        count=len(items),
        total=len(instrument.item_ids),
    )


def _convert(result: Imported) -> None:
    """Fill ``result`` with the responses, or with every problem found: the mapping's, the
    cells' (checked even when columns are missing, so that all come at once), then the
    responses reader's on the converted file."""
    result.problems.extend(_missing(result))
    if not result.export.rows:
        result.problems.append(
            Problem(result.export.file, None, None, term(N_("the file holds no answers.")))
        )
        return
    export, mapping = result.export, result.mapping
    rows = [number for number, _ in export.rows]
    cells = {c.key: [r[c.position] for _, r in export.rows] for c in export.columns}
    by_target = {target: key for key, target in mapping.targets.items()}
    columns: dict[str, object] = {}
    order = [t for t in targets(result.instrument) if t not in (START, END)]
    labels = scale_labels(result.instrument)
    items = {item.id: item for item in result.instrument.items}
    for target in order:
        key = by_target.get(target)
        if target == RESPONDENT and key is None:
            columns[target] = [str(n) for n in rows]
        elif target == SECONDS and key is None:
            if START in by_target and END in by_target:
                columns[target] = _seconds_between(cells[by_target[START]], cells[by_target[END]])
        elif key is None:
            continue
        elif target in items:
            columns[target] = _answers(cells[key], rows, key, items[target], result, labels)
        else:
            columns[target] = cells[key]
    if result.problems:
        return
    frame = pd.DataFrame(columns)
    text = frame.to_csv(index=False, lineterminator="\n")
    try:
        read = read_responses_bytes(text.encode("utf-8"), export.file, result.instrument)
    except InputFileError as error:
        result.problems.extend(_in_the_export(error, rows, by_target))
        result.total = error.total
        return
    result.frame, result.csv = read, text


def _answers(
    cells: list[str],
    rows: list[int],
    key: str,
    item: Item,
    result: Imported,
    labels: dict[str, int],
) -> pd.Series[pd.Int64Dtype]:
    """One item's answers as whole numbers (missing where skipped); each distinct cell is
    read once, and each cell that is not an answer is a problem with its row and column."""
    low, high = result.instrument.scale_min, result.instrument.scale_max
    values = {cell: item_answer(cell, item, low, high, labels) for cell in set(cells)}
    advice = scale_advice(result.instrument, item)
    for row, cell in zip(rows, cells, strict=True):
        if values[cell] is None:
            result.add(
                Problem(
                    result.export.file,
                    row,
                    key,
                    Sentence(N_('"{cell}" is not an answer; {advice}'), cell=cell, advice=advice),
                )
            )
    numbers = [values[c] for c in cells]
    return pd.Series(
        [pd.NA if v is None or math.isnan(v) else int(v) for v in numbers], dtype="Int64"
    )


def _seconds_between(starts: list[str], ends: list[str]) -> list[str]:
    """The seconds from start to end, where both are dates the tool wrote; empty otherwise."""
    start = pd.to_datetime(pd.Series(starts), errors="coerce", format="mixed")
    end = pd.to_datetime(pd.Series(ends), errors="coerce", format="mixed")
    taken = (end - start).dt.total_seconds().to_numpy(dtype=np.float64)
    return ["" if not math.isfinite(s) or s < 0 else f"{s:g}" for s in taken]


def _in_the_export(
    error: InputFileError, rows: list[int], by_target: dict[str, str]
) -> list[Problem]:
    """The responses reader's problems told in the export's rows and columns."""

    def export_row(row: int) -> int:
        return rows[row - 2] if 2 <= row < len(rows) + 2 else row

    moved = []
    for problem in error.problems:
        row = None if problem.row is None else export_row(problem.row)
        column = by_target.get(problem.column or "", problem.column)
        if problem.column == SECONDS and SECONDS not in by_target and START in by_target:
            column = f"{by_target[START]} / {by_target[END]}"
        moved.append(Problem(problem.file, row, column, _moved(problem.message, export_row)))
    return moved


def _moved(message: str, export_row: Callable[[int], int]) -> str:
    """A message of the responses reader told of the export: a row it names is the export's,
    and an empty id is a response's."""
    if isinstance(message, Sentence):
        if message.template == EMPTY_ID:
            return term(_EMPTY_ID_OF_A_RESPONSE)
        values = dict(message.values)
        if "row" in values:
            values["row"] = export_row(int(values["row"]))
        return Sentence(message.template, **values)
    return _EARLIER_ROW.sub(lambda found: f"in row {export_row(int(found.group(1)))}", message)


def write_csv(result: Imported) -> bytes:
    """The responses file's bytes (UTF-8), once ``result`` has no problems."""
    if result.problems or result.frame is None:
        raise result.error
    return result.csv.encode("utf-8")
