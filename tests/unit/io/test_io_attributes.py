"""The respondent attribute columns of a responses file (role, level, location, tenure): read
as survey tools write them, a wrong tenure named by row and column."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.unit.io.csv_builders import ITEMS, response, responses_csv, to_csv

from parity.core.schema import SEGMENT_COLUMNS, TENURE_BAND_STARTS, TENURE_BANDS
from parity.io import InputFileError, read_responses_bytes
from parity.io.attributes import tenure_band

NAME = "responses.csv"


# --- the tenure parser ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "band"),
    [
        ("<1", "<1"),
        ("< 1 year", "<1"),
        ("1-3", "1-3"),
        ("1 – 3 years", "1-3"),
        ("1 to 3", "1-3"),
        ("3-10 yrs", "3-10"),
        ("10+", "10+"),
        ("10 + Years", "10+"),
        ("0", "<1"),
        ("0.5", "<1"),
        ("2,5", "1-3"),
        ("3", "3-10"),
        ("9.99", "3-10"),
        ("10", "10+"),
        ("42", "10+"),
    ],
)
def test_a_band_is_read_however_it_is_written(cell: str, band: str) -> None:
    assert tenure_band(cell) == band


@pytest.mark.parametrize("cell", ["1-5", "3-Jan", "five", "-2", "nan", "inf", "5+", "<3", ""])
def test_what_names_no_band_is_none(cell: str) -> None:
    assert tenure_band(cell) is None


SPACE = st.sampled_from(["", " ", "  ", "\t"])
DASH = st.sampled_from(["-", "–", "—", " to "])
UNIT = st.sampled_from(["", " years", " year", "years", " yrs", " y", " YEARS"])


@given(st.sampled_from(TENURE_BANDS), SPACE, SPACE, DASH, UNIT)
def test_any_spelling_of_a_band_is_that_band(
    band: str, before: str, after: str, dash: str, unit: str
) -> None:
    cell = before + band.replace("-", dash) + unit + after
    assert tenure_band(cell) == band


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False))
def test_a_number_of_years_falls_in_the_band_that_holds_it(years: float) -> None:
    band = tenure_band(repr(years))
    assert band is not None
    position = TENURE_BANDS.index(band)
    assert TENURE_BAND_STARTS[position] <= years
    if position + 1 < len(TENURE_BANDS):
        assert years < TENURE_BAND_STARTS[position + 1]


@given(st.floats(max_value=-1e-9, allow_nan=False, allow_infinity=False))
def test_a_negative_number_of_years_is_no_band(years: float) -> None:
    assert tenure_band(str(years)) is None


@given(st.text())
def test_any_text_gives_a_band_or_none_and_never_raises(cell: str) -> None:
    assert tenure_band(cell) in (*TENURE_BANDS, None)


# --- the reader -----------------------------------------------------------------------------


def test_the_attributes_come_after_the_texts_trimmed_and_missing_where_empty() -> None:
    rows = [
        response("r1", role="  HR business partner ", level="Senior", tenure=" 1 - 3 years"),
        response("r2", role="", level="  ", tenure=""),
    ]
    columns = ["tenure", "respondent", "party", "about", "role", *ITEMS, "comment", "level"]
    frame = read_responses_bytes(to_csv([{**r, "comment": "ok"} for r in rows], columns), NAME)
    assert list(frame.columns) == [
        "respondent",
        "party",
        "about",
        *ITEMS,
        "comment",
        "role",
        "level",
        "tenure",
    ]
    assert frame["role"].tolist()[0] == "HR business partner"
    assert frame["level"].tolist()[0] == "Senior"
    assert frame["tenure"].tolist()[0] == "1-3"
    assert frame.loc[1, ["role", "level", "tenure"]].isna().all()


def test_a_level_of_numbers_stays_text() -> None:
    frame = read_responses_bytes(
        responses_csv(response("r1", level="2"), response("r2", level="10")), NAME
    )
    assert frame["level"].tolist() == ["2", "10"]


def test_every_attribute_column_is_known() -> None:
    row = response("r1", **{**dict.fromkeys(SEGMENT_COLUMNS, "x"), "tenure": "12"})
    frame = read_responses_bytes(responses_csv(row), NAME)
    assert set(SEGMENT_COLUMNS) <= set(frame.columns)


def test_a_misspelt_attribute_is_refused_with_its_name() -> None:
    with pytest.raises(InputFileError) as caught:
        read_responses_bytes(responses_csv(response("r1", rôle="x")), NAME)
    assert 'did you mean "role"?' in str(caught.value)


def test_a_tenure_that_is_no_band_names_its_row_and_column() -> None:
    data = responses_csv(
        response("r1", tenure="1-3"),
        response("r2", tenure="1-5"),
        response("r3", tenure="3-Jan"),
    )
    with pytest.raises(InputFileError) as caught:
        read_responses_bytes(data, NAME)
    problems = caught.value.problems
    assert [(p.file, p.row, p.column) for p in problems] == [
        (NAME, 3, "tenure"),
        (NAME, 4, "tenure"),
    ]
    assert problems[0].message.startswith('"1-5" is not a tenure band; write one of <1, 1-3,')
    assert "format the column as text" in problems[1].message


def test_the_frame_is_the_engines() -> None:
    frame = read_responses_bytes(
        responses_csv(response("r1", tenure="0.5"), response("r2", tenure=None)), NAME
    )
    assert frame["tenure"].tolist()[0] == "<1"
    assert isinstance(frame["tenure"].tolist()[1], float)
    assert math.isnan(frame["tenure"].tolist()[1])
    assert isinstance(frame, pd.DataFrame)
