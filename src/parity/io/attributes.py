"""The respondent attribute columns of a responses file: role, level, location and tenure.

They let a side be split into segments (:mod:`parity.core.segments`). Role, level and location
are free text, trimmed. Tenure is a band of :data:`~parity.core.schema.TENURE_BANDS`: survey
tools and spreadsheets write bands in many ways ("1 - 3 years", "1–3", "10+ yrs") or give a
number of years, so each is read to its band, and anything else is a problem naming the cell.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right

import numpy as np
import pandas as pd

from parity.core.schema import SEGMENT_COLUMNS, TENURE, TENURE_BAND_STARTS, TENURE_BANDS
from parity.core.translation import N_, Sentence
from parity.io.csvfile import Cells, Rows, as_text, stripped
from parity.io.errors import ProblemLog

#: Dashes a band may be written with, and the words around one that say nothing more.
_DASHES = re.compile(r"\s*(?:[-‐‑‒–—−]|to)\s*")
_YEARS = re.compile(r"\s*(?:years?|yrs?|y)\.?$")
_SPACES = re.compile(r"\s+")
_BAND_OF = {band.replace(" ", ""): band for band in TENURE_BANDS}


def tenure_band(cell: str) -> str | None:
    """The band a tenure cell names, or ``None`` if it names none.

    A band is read whatever its spacing, dash ("1–3", "1 to 3") or unit ("10+ years"); a
    number of years (a decimal point or comma allowed) is read to the band that holds it, each
    band running from its start up to, not including, the next start (3 years is "3-10").
    """
    text = _YEARS.sub("", cell.strip().casefold())
    text = _SPACES.sub("", _DASHES.sub("-", text))
    if text in _BAND_OF:
        return _BAND_OF[text]
    try:
        years = float(text.replace(",", "."))
    except ValueError:
        return None
    if not math.isfinite(years) or years < 0:
        return None
    return TENURE_BANDS[bisect_right(TENURE_BAND_STARTS, years) - 1]


def check_attributes(frame: pd.DataFrame, problems: ProblemLog) -> dict[str, pd.Series[str]]:
    """The attribute columns present, trimmed, empty cells missing; tenure as its band, with
    a problem for each cell that names no band."""
    rows: Rows = frame.index.to_numpy(dtype=np.int64)
    out = {}
    for column in (c for c in SEGMENT_COLUMNS if c in frame):
        cells = stripped(frame[column])
        if column == TENURE:
            cells = _tenure_cells(cells, rows, problems)
        out[column] = as_text(cells, frame.index)
    return out


def _tenure_cells(cells: Cells, rows: Rows, problems: ProblemLog) -> Cells:
    """Each cell as its band, ``""`` where empty or wrong; each distinct cell is read once (a
    column holds few distinct answers)."""
    codes, distinct = pd.factorize(cells)
    bands = np.array([tenure_band(str(c)) if str(c) else "" for c in distinct], dtype=object)
    out: Cells = bands[codes]
    bad = np.asarray([band is None for band in out], dtype=bool)
    shown = cells[bad]
    listed = ", ".join(TENURE_BANDS)
    problems.add_many(
        rows[bad],
        TENURE,
        lambda i: Sentence(
            N_(
                '"{cell}" is not a tenure band; write one of {bands} (years in the '
                "organization), a number of years, or leave it empty. A spreadsheet may have "
                "turned 1-3 into a date: format the column as text."
            ),
            cell=shown[i],
            bands=listed,
        ),
    )
    out[bad] = ""
    return out
