"""Properties: no input crashes the readers, and whatever a valid file says is read back."""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.unit.io.csv_builders import ITEMS, RESPONSE_COLUMNS, response, to_csv

from parity.io import InputFileError, read_relationships_bytes, read_responses_bytes

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Cells that reach the interesting corners of the parser and of the checks.
TRICKY_CELLS = st.sampled_from(
    ["", " ", "1", "4", "7", "7.0", "8", "0", "3.5", "3,5", "-1", "1e400", "nan", "NA", "TRUE",
     "abc", '"', '""', '"a,b"', '"x\ny"', "a;b", "\r", "\t", "\ufeff", "é", "IT", "Sales", "r1"]
)  # fmt: skip


def survives(read: Callable[[bytes, str], pd.DataFrame], data: bytes) -> None:
    """The reader returns a frame or raises InputFileError with sentences; nothing else."""
    outcome: pd.DataFrame | InputFileError
    try:
        outcome = read(data, "fuzz.csv")
    except InputFileError as error:
        outcome = error
    if isinstance(outcome, InputFileError):
        assert outcome.problems
        assert all(p.message and p.file == "fuzz.csv" for p in outcome.problems)
        assert str(outcome)
    else:
        assert isinstance(outcome, pd.DataFrame)


def joined(rows: list[list[str]], sep: str) -> bytes:
    return "\n".join(sep.join(row) for row in rows).encode("utf-8")


header_and_cells = st.builds(
    lambda header, rows, sep: joined([header, *rows], sep),
    st.lists(st.sampled_from([*RESPONSE_COLUMNS, "wave", "comment", "party_a", "party_b",
                              "scope", "label", "", "OUT 1"]), min_size=1, max_size=30),
    st.lists(st.lists(TRICKY_CELLS, max_size=32), max_size=6),
    st.sampled_from([",", ";"]),
)  # fmt: skip
garbage = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    header_and_cells,
    st.builds(lambda prefix, tail: prefix + tail, header_and_cells, st.binary(max_size=20)),
)


@FAST
@given(garbage)
def test_no_bytes_crash_the_responses_reader(data: bytes) -> None:
    survives(read_responses_bytes, data)


@FAST
@given(garbage)
def test_no_bytes_crash_the_relationships_reader(data: bytes) -> None:
    survives(read_relationships_bytes, data)


@settings(FAST, max_examples=100)
@given(st.lists(st.lists(TRICKY_CELLS, min_size=25, max_size=29), min_size=1, max_size=5))
def test_a_full_valid_header_with_tricky_rows_survives(rows: list[list[str]]) -> None:
    survives(read_responses_bytes, joined([list(RESPONSE_COLUMNS), *rows], ","))


# --- round trip ----------------------------------------------------------------------------

names = (
    st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=12)
    .map(str.strip)
    .filter(bool)
)
free_text = st.none() | st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1, max_size=30
)
answers = st.lists(st.none() | st.integers(1, 7), min_size=len(ITEMS), max_size=len(ITEMS))


@st.composite
def survey(draw: st.DrawFn) -> list[dict[str, object]]:
    count = draw(st.integers(1, 6))
    ids = draw(st.lists(names, min_size=count, max_size=count, unique=True))
    rows = []
    for respondent in ids:
        party, about = draw(st.lists(names, min_size=2, max_size=2, unique=True))
        cells = dict(zip(ITEMS, draw(answers), strict=True))
        rows.append(response(respondent, party, about, comment=draw(free_text), **cells))
    return rows


@settings(FAST, max_examples=100)
@given(survey(), st.sampled_from([",", ";"]), st.booleans(), st.sampled_from(["\n", "\r\n"]))
def test_valid_responses_read_back_as_written(
    rows: list[dict[str, object]], sep: str, bom: bool, line_end: str
) -> None:
    data = to_csv(rows, [*RESPONSE_COLUMNS, "comment"], sep=sep, bom=bom, line_end=line_end)
    frame = read_responses_bytes(data, "survey.csv")
    assert len(frame) == len(rows)
    for index, row in enumerate(rows):
        for column in ("respondent", "party", "about"):
            assert frame.loc[index, column] == row[column]
        for item in ITEMS:
            read = frame.loc[index, item]
            assert math.isnan(read) if row[item] is None else read == row[item]
        comment = frame.loc[index, "comment"]
        assert pd.isna(comment) if row["comment"] is None else comment == row["comment"]
