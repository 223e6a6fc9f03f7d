"""How a problem reads: one sentence that locates the cell."""

from __future__ import annotations

import pickle

import numpy as np

from parity.io import InputFileError, Problem
from parity.io.errors import MAX_PROBLEMS, ProblemLog


def test_a_problem_names_file_row_and_column() -> None:
    problem = Problem("responses.csv", 7, "OUT2", '"8" is out of range.')
    assert str(problem) == 'responses.csv, row 7, column OUT2: "8" is out of range.'


def test_a_file_level_problem_names_only_the_file() -> None:
    assert str(Problem("r.csv", None, None, "the file is empty.")) == "r.csv: the file is empty."


def test_the_error_lists_one_problem_per_line() -> None:
    error = InputFileError([Problem("a.csv", 2, "x", "bad."), Problem("a.csv", 3, None, "worse.")])
    assert str(error).splitlines() == ["a.csv, row 2, column x: bad.", "a.csv, row 3: worse."]


def test_the_error_stops_listing_at_the_limit_and_counts_the_rest() -> None:
    problems = [Problem("a.csv", row, None, "bad.") for row in range(2, 2 + MAX_PROBLEMS)]
    lines = str(InputFileError(problems, total=MAX_PROBLEMS + 12)).splitlines()
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[-1] == "… and 12 more problems"


def test_the_log_keeps_a_few_of_each_kind_but_counts_all() -> None:
    log = ProblemLog("a.csv")
    rows = np.arange(2, 10_002, dtype=np.int64)
    log.add_many(rows, "OUT1", lambda i: f"cell {i} is bad.")
    log.add("the column OUT2 is missing.", 1)
    error = log.error()
    assert error.total == 10_001
    assert len(error.problems) == MAX_PROBLEMS
    assert error.problems[0].row == 1  # header problems come first
    assert str(error).endswith(f"… and {10_001 - MAX_PROBLEMS} more problems")


def test_the_error_survives_pickling() -> None:
    error = InputFileError([Problem("a.csv", 2, "x", "bad.")], total=3)
    again = pickle.loads(pickle.dumps(error))
    assert again.problems == error.problems
    assert str(again) == str(error)
