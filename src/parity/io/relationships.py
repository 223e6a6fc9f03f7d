"""Reading the optional relationships file: what each pair of parties declares itself to be.

The declared label is what the analysis compares the measured archetype with ("partnering in
name only"), so a pair listed twice would make that comparison ambiguous and is refused, as are
the other mistakes, all reported at once in the style of the responses reader.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from parity.core.schema import LABEL, PARTY_A, PARTY_B, RELATIONSHIP_COLUMNS, SCOPE, SCOPES
from parity.core.translation import N_, Sentence, term
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

_PARTIES = (PARTY_A, PARTY_B)


def read_relationships(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read and check a relationships CSV file; see :func:`read_relationships_bytes`."""
    data, name = read_file(path)
    return read_relationships_bytes(data, name)


def read_relationships_bytes(data: bytes, name: str) -> pd.DataFrame:
    """Read and check relationships from the bytes of a CSV file called ``name``.

    Returns ``party_a, party_b, label, scope`` as text: an empty or absent label is ``""``, an
    empty or absent scope is missing, otherwise ``internal`` or ``external``. Raises
    :class:`~parity.io.errors.InputFileError` listing every problem found.
    """
    frame, problems = check_relationships(data, name)
    problems.raise_if_any()
    assert frame is not None  # no problems means rows were read
    return frame.reset_index(drop=True)


def check_relationships(
    data: bytes, name: str, *, ignore_unknown: bool = False
) -> tuple[pd.DataFrame | None, ProblemLog]:
    """The relationships of a CSV file, indexed by spreadsheet row, and the file's problems,
    without raising: a caller that checks more (an organization's own rules) lists its
    problems with these, all at once. The frame is None when no rows could be read."""
    csv = CsvFile(data, name)
    present = csv.select(RELATIONSHIP_COLUMNS, ignore_unknown=ignore_unknown)
    csv.report_missing(
        [c for c in _PARTIES if c not in present],
        term(N_("every row names its two parties in party_a and party_b.")),
    )
    frame = csv.read_rows(text_columns=RELATIONSHIP_COLUMNS, keep_empty=RELATIONSHIP_COLUMNS)
    if frame is None or frame.empty or any(c not in present for c in _PARTIES):
        return None, csv.problems
    parties = _check_parties(frame, csv.problems)
    scope = _check_scope(frame, csv.problems)
    columns = {c: as_text(cells, frame.index) for c, cells in {**parties, SCOPE: scope}.items()}
    label = stripped(frame[LABEL]) if LABEL in frame else _absent(frame)
    columns[LABEL] = pd.Series(label, index=frame.index, dtype="str")
    return pd.DataFrame(columns)[list(RELATIONSHIP_COLUMNS)], csv.problems


def _absent(frame: pd.DataFrame) -> Cells:
    return np.full(len(frame), "", dtype=object)


def _check_parties(frame: pd.DataFrame, problems: ProblemLog) -> dict[str, Cells]:
    rows: Rows = frame.index.to_numpy(dtype=np.int64)
    parties = {c: stripped(frame[c]) for c in _PARTIES if c in frame}
    empty = term(N_("the cell is empty; each row names two parties."))
    for column, names in parties.items():
        problems.add_many(rows[missing(names)], column, lambda _: empty)
    if len(parties) < len(_PARTIES):
        return parties
    a, b = parties[PARTY_A], parties[PARTY_B]
    same = (a == b) & ~missing(a)
    same_names = b[same]
    problems.add_many(
        rows[same],
        PARTY_B,
        lambda i: Sentence(
            N_('"{name}" is also party_a; a relationship needs two different parties.'),
            name=same_names[i],
        ),
    )
    _check_repeated_pairs(a, b, rows, problems)
    return parties


def _check_repeated_pairs(a: Cells, b: Cells, rows: Rows, problems: ProblemLog) -> None:
    """A pair is unordered: "A, B" and "B, A" are the same relationship."""
    complete = ~missing(a) & ~missing(b)
    a, b = a[complete], b[complete]
    a_first = a <= b
    pairs = pd.DataFrame(
        {"low": np.where(a_first, a, b), "high": np.where(a_first, b, a)},
        index=pd.Index(rows[complete]),
    )
    later, first = duplicate_rows(pairs)
    found = pairs.loc[later]
    low, high = found["low"].to_numpy(), found["high"].to_numpy()
    problems.add_many(
        later,
        None,
        lambda i: Sentence(
            N_(
                'the pair "{a}" and "{b}" is already listed in row {row} (the order of the two '
                "parties does not matter); keep one row per pair."
            ),
            a=low[i],
            b=high[i],
            row=int(first[i]),
        ),
    )


def _check_scope(frame: pd.DataFrame, problems: ProblemLog) -> Cells:
    if SCOPE not in frame:
        return _absent(frame)
    written = stripped(frame[SCOPE])
    scope = np.fromiter(map(str.lower, written), dtype=object, count=len(written))
    wrong = ~missing(scope) & ~np.isin(scope, SCOPES)
    shown = written[wrong]
    problems.add_many(
        frame.index.to_numpy(dtype=np.int64)[wrong],
        SCOPE,
        lambda i: Sentence(
            N_('"{scope}" is not a scope; use "internal" or "external", or leave the cell empty.'),
            scope=shown[i],
        ),
    )
    return scope
