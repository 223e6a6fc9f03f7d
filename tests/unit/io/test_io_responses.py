"""Reading a responses file as users produce them, and every mistake they make explained."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests.unit.io.csv_builders import ITEMS, response, responses_csv, to_csv

from parity.core.instrument import default_instrument
from parity.io import InputFileError, Problem, read_responses, read_responses_bytes

NAME = "responses.csv"


def problems_of(data: bytes, **options: bool) -> list[Problem]:
    with pytest.raises(InputFileError) as caught:
        read_responses_bytes(data, NAME, **options)
    assert all(p.file == NAME for p in caught.value.problems)
    assert all(p.message.endswith((".", "?")) for p in caught.value.problems)
    return caught.value.problems


def only_problem(data: bytes) -> Problem:
    problems = problems_of(data)
    assert len(problems) == 1, problems
    return problems[0]


def replace_line(data: bytes, index: int, line: str) -> bytes:
    lines = data.decode("utf-8").split("\n")
    lines[index] = line
    return "\n".join(lines).encode("utf-8")


# --- valid files ---------------------------------------------------------------------------


def test_a_valid_file_gives_the_canonical_frame() -> None:
    frame = read_responses_bytes(responses_csv(), NAME)
    assert list(frame.columns) == ["respondent", "party", "about", *ITEMS]
    assert frame["respondent"].tolist() == ["r1", "r2"]
    assert all(frame[item].dtype == np.float64 for item in ITEMS)
    assert frame["OUT1"].tolist() == [4.0, 4.0]
    assert isinstance(frame.index, pd.RangeIndex)


def test_skipped_answers_are_nan() -> None:
    frame = read_responses_bytes(responses_csv(response(OUT1="", TRS3=None)), NAME)
    assert np.isnan(frame.loc[0, "OUT1"])
    assert np.isnan(frame.loc[0, "TRS3"])
    assert frame.loc[0, "OUT2"] == 4.0


def test_optional_columns_come_in_canonical_order() -> None:
    row = response(comment="fine", wave="2025", purpose="to serve")
    columns = ["comment", *ITEMS, "wave", "about", "purpose", "party", "respondent"]
    frame = read_responses_bytes(to_csv([row], columns), NAME)
    assert list(frame.columns) == [
        "respondent",
        "party",
        "about",
        "wave",
        *ITEMS,
        "purpose",
        "comment",
    ]
    assert frame.loc[0, "wave"] == "2025"
    assert frame.loc[0, "comment"] == "fine"


def test_ids_are_text_and_trimmed() -> None:
    data = responses_csv(response(" 007 ", " NA ", "null"), response("008", "N/A", "nan"))
    frame = read_responses_bytes(data, NAME)
    assert frame["respondent"].tolist() == ["007", "008"]
    assert frame["party"].tolist() == ["NA", "N/A"]
    assert frame["about"].tolist() == ["null", "nan"]


def test_missing_text_is_missing() -> None:
    data = responses_csv(response("r1", purpose="ours"), response("r2", "Sales", "IT", purpose=""))
    frame = read_responses_bytes(data, NAME)
    assert frame.loc[0, "purpose"] == "ours"
    assert pd.isna(frame.loc[1, "purpose"])


@pytest.mark.parametrize("sep", [",", ";"])
@pytest.mark.parametrize("bom", [False, True])
def test_comma_or_semicolon_with_or_without_bom(sep: str, bom: bool) -> None:
    frame = read_responses_bytes(responses_csv(sep=sep, bom=bom), NAME)
    assert frame["respondent"].tolist() == ["r1", "r2"]
    assert frame["OUT1"].tolist() == [4.0, 4.0]


def test_quoted_text_keeps_separators_and_line_breaks() -> None:
    text = 'We deliver, "always"; on time\nand then some'
    data = responses_csv(response(comment=text), response("r2", "Sales", "IT", comment="ok"))
    frame = read_responses_bytes(data, NAME)
    assert frame.loc[0, "comment"] == text
    assert frame.loc[1, "respondent"] == "r2"


def test_windows_line_ends() -> None:
    frame = read_responses_bytes(responses_csv(line_end="\r\n"), NAME)
    assert frame["respondent"].tolist() == ["r1", "r2"]


def test_whole_numbers_written_as_decimals_are_accepted() -> None:
    frame = read_responses_bytes(responses_csv(response(OUT1="5.0", OUT2=" 6 ")), NAME)
    assert frame.loc[0, ["OUT1", "OUT2"]].tolist() == [5.0, 6.0]


def test_a_semicolon_file_may_use_decimal_commas() -> None:
    data = responses_csv(response(OUT1="5,0"), response("r2", "Sales", "IT", OUT1="x"), sep=";")
    problem = only_problem(data)
    assert (problem.row, problem.column) == (3, "OUT1")
    good = responses_csv(response(OUT1="5,0"), sep=";")
    assert read_responses_bytes(good, NAME).loc[0, "OUT1"] == 5.0


def test_blank_lines_and_empty_rows_are_ignored_but_rows_keep_their_numbers() -> None:
    data = responses_csv(response("r1"), response("r2", "Sales", "IT"), response("r3", OUT1=9))
    lines = data.decode("utf-8").split("\n")
    lines[2:2] = ["", "," * (len(ITEMS) + 2)]  # an empty line, then a row of empty cells
    problem = only_problem("\n".join(lines).encode("utf-8"))
    assert (problem.row, problem.column) == (6, "OUT1")


def test_an_unnamed_empty_column_is_ignored() -> None:
    data = to_csv([response()], ["respondent", "party", "about", *ITEMS, ""])
    assert len(read_responses_bytes(data, NAME)) == 1


def test_read_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    path.write_bytes(responses_csv())
    assert len(read_responses(path)) == 2


def test_a_custom_instrument_sets_the_scale() -> None:
    five_point = dataclasses.replace(default_instrument(), scale_max=5, scale_labels=())
    data = responses_csv(response(OUT1=5, OUT2=6))
    with pytest.raises(InputFileError) as caught:
        read_responses_bytes(data, NAME, five_point)
    (problem,) = caught.value.problems
    assert problem.column == "OUT2"
    assert "from 1 to 5" in problem.message


# --- the file as a whole -------------------------------------------------------------------


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as caught:
        read_responses(tmp_path / "nope.csv")
    assert "does not exist" in str(caught.value)
    assert str(caught.value).startswith("nope.csv: ")


@pytest.mark.parametrize("data", [b"", b"  \n\n", b"\xef\xbb\xbf"])
def test_empty_file(data: bytes) -> None:
    assert only_problem(data).message.startswith("the file is empty")


def test_header_without_rows() -> None:
    data = to_csv([], ["respondent", "party", "about", *ITEMS])
    assert only_problem(data).message == "the file has a header but no data rows."


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "is an Excel workbook or other ZIP file; export it as CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "old Excel workbook (.xls)"),
        ("respondent,party\n".encode("utf-16"), "UTF-16"),
        (b"respondent,party\x00\x00\n", "binary data"),
    ],
)
def test_binary_files_are_refused_with_advice(data: bytes, words: str) -> None:
    problem = only_problem(data)
    assert problem.row is None
    assert words in problem.message


def test_a_file_in_another_encoding_names_the_row() -> None:
    data = responses_csv(response("r1"), response("r2", "Sales", "Café")).decode("utf-8")
    problem = only_problem(data.encode("cp1252"))
    assert problem.row == 3
    assert '"CSV UTF-8"' in problem.message


def test_a_tab_separated_file_is_explained() -> None:
    data = responses_csv(sep="\t")
    problem = only_problem(data)
    assert problem.row == 1
    assert "tabs" in problem.message


# --- the header ----------------------------------------------------------------------------


def test_missing_id_columns_are_named_together() -> None:
    data = to_csv([response()], ["respondent", *ITEMS])
    (problem,) = [p for p in problems_of(data) if p.row == 1]
    assert problem.message.startswith('the columns "party" and "about" are missing')


def test_missing_items_are_named_in_one_problem() -> None:
    columns = [c for c in ["respondent", "party", "about", *ITEMS] if c not in ("OUT2", "TRS3")]
    problem = only_problem(to_csv([response()], columns))
    assert problem.row == 1
    assert problem.message.startswith('the item columns "OUT2" and "TRS3" are missing')


def test_an_unknown_column_suggests_the_nearest_name() -> None:
    row = response()
    row["out 2"] = row.pop("OUT2")
    problems = problems_of(to_csv([row]))
    unknown = next(p for p in problems if p.column == "out 2")
    assert unknown.row == 1
    assert 'did you mean "OUT2"?' in unknown.message


def test_an_unknown_column_far_from_any_name_is_still_named() -> None:
    data = to_csv([response(department="x")])
    problem = only_problem(data)
    assert (problem.row, problem.column) == (1, "department")
    assert "did you mean" not in problem.message


def test_unknown_columns_can_be_ignored() -> None:
    data = to_csv([response(department="x", Notes="y")])
    frame = read_responses_bytes(data, NAME, ignore_unknown_columns=True)
    assert "department" not in frame.columns
    assert "Notes" not in frame.columns
    assert frame.loc[0, "OUT1"] == 4.0


def test_a_repeated_column_names_both_positions() -> None:
    columns = ["respondent", "party", "about", *ITEMS, "OUT1"]
    problem = only_problem(to_csv([response()], columns))
    assert (problem.row, problem.column) == (1, "OUT1")
    assert "(columns D and AB)" in problem.message


def test_an_unnamed_column_with_data_is_refused() -> None:
    header = ["respondent", "party", "about", *ITEMS, ""]
    data = to_csv([response(), {**response("r2", "Sales", "IT"), "": "oops"}], header)
    problem = only_problem(data)
    assert problem.row == 1
    assert "column AB has no name" in problem.message
    assert "row 3" in problem.message


# --- cells ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        ("abc", '"abc" is not a number'),
        ("3.5", '"3.5" is not a whole number'),
        ("8", '"8" is out of range'),
        ("0", '"0" is out of range'),
        ("-1", '"-1" is out of range'),
        ("99", '"99" is out of range'),
        ("TRUE", '"TRUE" is not a number'),
    ],
)
def test_a_bad_answer_names_row_column_and_value(value: str, verdict: str) -> None:
    data = responses_csv(response("r1"), response("r2", "Sales", "IT", OUT2=value))
    problem = only_problem(data)
    assert (problem.row, problem.column) == (3, "OUT2")
    assert (
        problem.message
        == f"{verdict}; answers are whole numbers from 1 to 7 (or empty when skipped)."
    )


def test_a_number_too_large_for_a_float_is_out_of_range() -> None:
    problem = only_problem(responses_csv(response(OUT2="1e400")))
    assert (problem.row, problem.column) == (2, "OUT2")
    assert "is out of range" in problem.message


def test_the_example_sentence_of_the_brief() -> None:
    rows = [response(f"r{i}", OUT2=8 if i == 6 else 4) for i in range(1, 7)]
    problem = only_problem(responses_csv(*rows))
    assert str(problem) == (
        'responses.csv, row 7, column OUT2: "8" is out of range; answers are whole numbers '
        "from 1 to 7 (or empty when skipped)."
    )


def test_a_column_parsed_as_numbers_is_still_checked() -> None:
    rows = [response("r1", OUT1=3.5), response("r2", "Sales", "IT", OUT1=12)]
    problems = problems_of(responses_csv(*rows))
    assert [(p.row, p.column, p.message.split(";")[0]) for p in problems] == [
        (2, "OUT1", '"3.5" is not a whole number'),
        (3, "OUT1", '"12" is out of range'),
    ]


@pytest.mark.parametrize("column", ["respondent", "party", "about"])
def test_an_empty_id_is_refused(column: str) -> None:
    data = responses_csv(response("r1"), {**response("r2", "Sales", "IT"), column: "  "})
    problem = only_problem(data)
    assert (problem.row, problem.column) == (3, column)
    assert "empty" in problem.message


def test_a_respondent_cannot_rate_their_own_party() -> None:
    problem = only_problem(responses_csv(response("r1", "IT", " IT")))
    assert (problem.row, problem.column) == (2, "about")
    assert "cannot rate their own party" in problem.message


def test_a_repeated_respondent_names_both_rows() -> None:
    rows = [response("r1"), response("r2", "Sales", "IT"), response("r1 ", "HR", "IT")]
    problem = only_problem(responses_csv(*rows))
    assert (problem.row, problem.column) == (4, "respondent")
    assert "already answered in row 2" in problem.message


def test_a_respondent_may_answer_again_in_another_wave() -> None:
    rows = [response("r1", wave="2024"), response("r1", wave="2025")]
    assert len(read_responses_bytes(to_csv(rows), NAME)) == 2
    rows.append(response("r1", wave="2025"))
    problem = only_problem(to_csv(rows))
    assert problem.row == 4
    assert 'in row 3 in wave "2025"' in problem.message


def test_rows_with_too_many_cells_are_all_named_and_other_rows_still_checked() -> None:
    data = responses_csv(*[response(f"r{i}") for i in range(1, 6)])
    data = replace_line(data, 2, "r2,IT,Sales," + ",".join(["4"] * len(ITEMS)) + ",extra")
    data = replace_line(data, 4, "r4,IT,Sales," + ",".join(["4"] * len(ITEMS)) + ",a,b,c")
    data = replace_line(data, 5, "r5,IT,Sales," + ",".join(["9"] * len(ITEMS)))
    problems = problems_of(data)
    too_many = [p.row for p in problems if "more cells than the header" in p.message]
    assert too_many == [3, 5]
    assert {p.row for p in problems if p.column == "OUT1"} == {6}


def test_the_first_data_row_with_too_many_cells_is_caught_too() -> None:
    # pandas itself would silently drop the extra cells of the first data row.
    data = responses_csv(response("r1"), response("r2", "Sales", "IT", OUT1=0))
    data = replace_line(data, 1, "r1,IT,Sales," + ",".join(["4"] * len(ITEMS)) + ",extra")
    problems = problems_of(data)
    assert [(p.row, p.column) for p in problems] == [(2, None), (3, "OUT1")]
    assert "more cells than the header" in problems[0].message


def test_an_unclosed_quote_names_the_row() -> None:
    data = responses_csv(response("r1"), response("r2", "Sales", "IT"))
    data = data + b'"r3,IT,Sales\n'
    problem = only_problem(data)
    assert problem.row == 4
    assert "closing quote" in problem.message


def test_rows_are_counted_as_a_spreadsheet_shows_them_despite_line_breaks_in_cells() -> None:
    rows = [response("r1", comment="two\nlines"), response("r2", "Sales", "IT", OUT1=0)]
    problem = only_problem(responses_csv(*rows))
    assert problem.row == 3


def test_all_problems_are_reported_at_once() -> None:
    row = response()
    row["Respondant"] = row.pop("respondent")
    rows = [row, {**response(), "OUT1": "x", "party": "Sales"}, response("r3", "HR", "HR")]
    problems = problems_of(to_csv(rows))
    assert {(p.row, p.column) for p in problems} >= {(1, "Respondant"), (3, "OUT1"), (4, "about")}


def test_many_bad_cells_are_capped_and_counted() -> None:
    rows = [response(f"r{i}", answer=9) for i in range(100)]
    with pytest.raises(InputFileError) as caught:
        read_responses_bytes(responses_csv(*rows), NAME)
    error = caught.value
    assert error.total == 100 * len(ITEMS)
    assert len(error.problems) == 50
    assert [p.row for p in error.problems[:3]] == [2, 2, 2]
    assert str(error).splitlines()[-1] == f"… and {100 * len(ITEMS) - 50} more problems"
