"""Reading the relationships file, and its mistakes explained in the responses reader's style."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest
from tests.unit.io.csv_builders import to_csv

from parity.io import InputFileError, Problem, read_relationships, read_relationships_bytes

NAME = "relationships.csv"
COLUMNS = ["party_a", "party_b", "label", "scope"]


def pair(a: str, b: str, label: str = "partner", scope: str = "internal") -> dict[str, object]:
    return {"party_a": a, "party_b": b, "label": label, "scope": scope}


def problems_of(data: bytes) -> list[Problem]:
    with pytest.raises(InputFileError) as caught:
        read_relationships_bytes(data, NAME)
    assert all(
        str(p).startswith(NAME) and p.message.endswith((".", "?")) for p in caught.value.problems
    )
    return caught.value.problems


def only_problem(data: bytes) -> Problem:
    problems = problems_of(data)
    assert len(problems) == 1, problems
    return problems[0]


def test_a_valid_file() -> None:
    data = to_csv([pair(" IT ", "Sales", " business partner "), pair("IT", "Acme", "", "External")])
    frame = read_relationships_bytes(data, NAME)
    assert list(frame.columns) == COLUMNS
    assert frame.to_dict("list") == {
        "party_a": ["IT", "IT"],
        "party_b": ["Sales", "Acme"],
        "label": ["business partner", ""],
        "scope": ["internal", "external"],
    }


def test_empty_scope_is_missing() -> None:
    frame = read_relationships_bytes(to_csv([pair("IT", "Sales", scope="")]), NAME)
    assert pd.isna(frame.loc[0, "scope"])


def test_label_and_scope_columns_are_optional() -> None:
    frame = read_relationships_bytes(to_csv([pair("IT", "Sales")], ["party_b", "party_a"]), NAME)
    assert list(frame.columns) == COLUMNS
    assert frame.loc[0, "label"] == ""
    assert pd.isna(frame.loc[0, "scope"])


def test_semicolons_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "rel.csv"
    path.write_bytes(to_csv([pair("IT", "Sales", "partner; strategic")], sep=";", bom=True))
    assert read_relationships(path).loc[0, "label"] == "partner; strategic"


def test_missing_party_column() -> None:
    problem = only_problem(to_csv([pair("IT", "Sales")], ["party_a", "label"]))
    assert problem.row == 1
    assert problem.message == (
        'the column "party_b" is missing; every row names its two parties in party_a and party_b.'
    )


def test_unknown_column_with_suggestion() -> None:
    data = to_csv([{"party_a": "IT", "partyb": "Sales", "label": "x"}])
    problems = problems_of(data)
    unknown = next(p for p in problems if p.column == "partyb")
    assert 'did you mean "party_b"?' in unknown.message


def test_empty_party() -> None:
    problem = only_problem(to_csv([pair("IT", "Sales"), pair("HR", " ")]))
    assert (problem.row, problem.column) == (3, "party_b")


def test_a_party_cannot_relate_to_itself() -> None:
    problem = only_problem(to_csv([pair("IT", "IT")]))
    assert (problem.row, problem.column) == (2, "party_b")
    assert "two different parties" in problem.message


def test_the_same_pair_in_either_order_is_listed_once() -> None:
    problem = only_problem(to_csv([pair("IT", "Sales"), pair("HR", "IT"), pair("Sales", "IT")]))
    assert problem.row == 4
    assert 'the pair "IT" and "Sales" is already listed in row 2' in problem.message


def test_scope_must_be_internal_or_external() -> None:
    problem = only_problem(to_csv([pair("IT", "Sales", scope="outside")]))
    assert (problem.row, problem.column) == (2, "scope")
    assert problem.message.startswith('"outside" is not a scope')


def test_a_row_with_an_unquoted_separator() -> None:
    data = (
        to_csv([pair("IT", "Sales"), pair("HR", "IT")]) + b"Legal,IT,partner, strategic,internal\n"
    )
    problem = only_problem(data)
    assert problem.row == 4
    assert 'separator ","' in problem.message


def test_binary_and_empty_files() -> None:
    assert "Excel workbook" in only_problem(b"PK\x03\x04rest").message
    assert "empty" in only_problem(b"").message
    assert "no data rows" in only_problem(b"party_a,party_b\n").message


@pytest.mark.parametrize(
    "data",
    [
        b'party_a,party_b,label,party_a\n,"x\ny",TRUE,4,8,3.5\nA,B,c\n',
        b'party_a,party_b,label\n"x\ny",B,c,4,8\n"u\nv",D,e,9\nE,F,g\n',
    ],
    ids=["repeated column", "two long rows"],
)
def test_a_long_first_row_with_a_quoted_line_break_is_named_and_pandas_drops_nothing(
    data: bytes,
) -> None:
    """A quoted line break puts the first data row's end a line later than the header check
    looks: pandas would warn and drop its extra cells; the row is named instead."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        problems = problems_of(data)
    assert [str(w.message) for w in caught] == []
    assert 2 in [p.row for p in problems if "more cells than the header" in p.message]
