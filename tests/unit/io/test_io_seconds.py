"""The optional ``seconds`` column: the time each respondent took, read as a number of seconds;
a cell that is not a number, or is negative, is a sentence naming its row and column."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.io.csv_builders import response, to_csv

from parity.core.schema import SECONDS
from parity.io import InputFileError, read_responses_bytes
from parity.io.seconds import seconds_value


def _read(*cells: object, sep: str = ",") -> list[float]:
    rows = [response(f"r{k}", "IT", "Sales", seconds=cell) for k, cell in enumerate(cells)]
    frame = read_responses_bytes(to_csv(rows, sep=sep), "responses.csv")
    return list(frame[SECONDS])


def _problems(*cells: object) -> list[str]:
    rows = [response(f"r{k}", "IT", "Sales", seconds=cell) for k, cell in enumerate(cells)]
    with pytest.raises(InputFileError) as raised:
        read_responses_bytes(to_csv(rows), "responses.csv")
    return [str(p) for p in raised.value.problems]


def test_seconds_are_read_as_numbers_and_an_empty_cell_as_unknown() -> None:
    values = _read(312, "47.5", " 9 ", "", 0)
    assert values[:3] == [312.0, 47.5, 9.0]
    assert math.isnan(values[3])
    assert values[4] == 0.0


def test_a_decimal_comma_is_read_in_a_file_separated_by_semicolons() -> None:
    assert _read("47,5", "60", sep=";") == [47.5, 60.0]


def test_a_file_without_the_column_has_none() -> None:
    frame = read_responses_bytes(to_csv([response()]), "responses.csv")
    assert SECONDS not in frame.columns


def test_a_negative_time_names_its_row_and_column() -> None:
    assert _problems(30, -5) == [
        'responses.csv, row 3, column seconds: "-5" is negative; write the time the '
        "respondent took to answer, in seconds (such as 312 or 312.5), or leave the cell empty."
    ]


def test_text_and_endless_numbers_are_not_times() -> None:
    problems = _problems("about a minute", "inf", "nan", "12s")
    assert [p.split(": ", 1)[0] for p in problems] == [
        f"responses.csv, row {row}, column seconds" for row in (2, 3, 4, 5)
    ]
    assert problems[0].split(": ", 1)[1].startswith('"about a minute" is not a number of seconds')
    assert all("is not a number of seconds" in p for p in problems)


# --- The parser, against Python's own reading of numbers ------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(["", " ", "  "]))
def test_every_finite_number_is_read_back(value: float, pad: str) -> None:
    assert seconds_value(f"{pad}{value!r}{pad}") == value


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 99))
def test_a_decimal_comma_reads_as_a_point(whole: int, cents: int) -> None:
    assert seconds_value(f"{whole},{cents:02d}") == float(f"{whole}.{cents:02d}")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_any_cell_is_a_number_nan_for_empty_or_refused(cell: str) -> None:
    value = seconds_value(cell)
    if not cell.strip():
        assert value is not None
        assert math.isnan(value)
    elif value is not None:
        assert math.isfinite(value)
        assert value == float(cell.strip().replace(",", "."))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(-1000, 10**5),
            st.floats(-1e4, 1e6, allow_nan=False).map(lambda v: round(v, 2)),
            st.sampled_from(["", "abc", "1e400", "-0", "3,5", "½"]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_the_reader_keeps_every_good_time_and_names_every_bad_cell(cells: list[object]) -> None:
    """A file reads when every cell is empty or a number not below zero; otherwise every bad
    cell (and only those) is a problem on its row."""
    parsed = [seconds_value(str(c)) for c in cells]
    bad_rows = {2 + k for k, v in enumerate(parsed) if v is None or v < 0}
    data = to_csv([response(f"r{k}", "IT", "Sales", seconds=c) for k, c in enumerate(cells)])
    if bad_rows:
        with pytest.raises(InputFileError) as raised:
            read_responses_bytes(data, "responses.csv")
        assert {p.row for p in raised.value.problems} == bad_rows
        assert {p.column for p in raised.value.problems} == {SECONDS}
        return
    frame = read_responses_bytes(data, "responses.csv")
    expected = np.array([math.nan if v is None else v for v in parsed], dtype=float)
    np.testing.assert_array_equal(frame[SECONDS].to_numpy(), expected)
