"""The optional ``seconds`` column of a responses file: how long each respondent took.

Survey tools export the time taken in seconds ("Duration (in seconds)"), sometimes with a
decimal point or, in a file separated by semicolons, a decimal comma. The respondent screen
reads it to find speeders (docs/method.md §2a); an empty cell is a time not known, and a cell
that is not a number, or is negative, is a problem naming its row and column.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from parity.core.schema import SECONDS
from parity.core.translation import N_, Sentence
from parity.io.csvfile import Rows, stripped
from parity.io.errors import ProblemLog


def seconds_value(cell: str) -> float | None:
    """The number of seconds a cell holds (a comma counts as a decimal point), NaN for an empty
    cell, ``None`` for a cell that is not a finite number."""
    text = cell.strip()
    if not text:
        return math.nan
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def check_seconds(frame: pd.DataFrame, problems: ProblemLog) -> dict[str, pd.Series[float]]:
    """The ``seconds`` column as floats (NaN where empty), if the file has one; a problem for
    each cell that is not a number or is negative. Each distinct cell is read once."""
    if SECONDS not in frame:
        return {}
    rows: Rows = frame.index.to_numpy(dtype=np.int64)
    cells = stripped(frame[SECONDS])
    codes, distinct = pd.factorize(cells)
    parsed = [seconds_value(str(cell)) for cell in distinct]
    values = np.array([math.nan if v is None else v for v in parsed], dtype=np.float64)[codes]
    wrong = np.array([v is None for v in parsed], dtype=bool)[codes]
    negative = np.nan_to_num(values, nan=0.0) < 0
    shown = cells[wrong]
    not_seconds = N_(
        '"{cell}" is not a number of seconds; write the time the respondent took to answer, in '
        "seconds (such as 312 or 312.5), or leave the cell empty."
    )
    problems.add_many(rows[wrong], SECONDS, lambda i: Sentence(not_seconds, cell=shown[i]))
    below = cells[negative]
    negative_seconds = N_(
        '"{cell}" is negative; write the time the respondent took to answer, in seconds (such as '
        "312 or 312.5), or leave the cell empty."
    )
    problems.add_many(rows[negative], SECONDS, lambda i: Sentence(negative_seconds, cell=below[i]))
    return {SECONDS: pd.Series(values, index=frame.index, dtype="float64")}
