"""`parity agreement` and `parity srm` read numbers with pandas' C parser only when that
changes nothing.

The quick read (:func:`parity.cli.tables.read_numbers`) must give exactly what the text path
(:func:`read_table`, then :func:`numeric_values` per column) gives, and step aside (None) for
every file where it could not vouch for that, so that the text path names the bad cell.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner, Result

from parity.cli import agreement_command, srm_command
from parity.cli.main import cli
from parity.cli.tables import read_numbers, read_table
from parity.core.srm import numeric_values

ARGS = ("--group", "side", "--items", "Q1,Q2", "--format", "json")


def write(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """A survey file; the respondent column is one the command does not use."""
    lines = ["respondent,side,Q1, Q2", *(f"R{i}," + ",".join(r) for i, r in enumerate(rows))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def agreement(path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["agreement", str(path), *args], catch_exceptions=False)


ORDINARY = [
    ("finance", "5", "6"),
    (" finance", "", " 7"),
    ("it", "NA", "2.5"),
    ("it ", "3", "n/A"),
    ("it", "Null", "4"),
    ("sales", "1e0", "#N/A"),
    ("sales", "6", "nan"),
]


def test_the_quick_read_gives_what_the_text_path_gives(tmp_path: Path) -> None:
    path = write(tmp_path / "survey.csv", ORDINARY)
    quick = read_numbers(path, ["side"], ["Q1", "Q2"])
    assert quick is not None
    text = read_table(path)
    assert list(quick.columns) == ["side", "Q1", "Q2"]
    assert list(text.columns) == ["respondent", "side", "Q1", "Q2"]
    assert quick["side"].equals(text["side"])
    for item in ("Q1", "Q2"):
        expected = numeric_values(text[item], item)
        assert quick[item].to_numpy().tobytes() == expected.tobytes()


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        ("five", "not a number: the text path names the cell"),
        ("NA ", "a blank spelling with a trailing space: the text path reads it"),
        ("inf", "infinite: the text path names the cell"),
        ("-0", "the text path reads an integer zero, the C parser a negative zero"),
        ("12345678901234567891", "beyond 2^53: the text path reads it as an integer"),
    ],
)
def test_the_quick_read_steps_aside_for_unusual_cells(tmp_path: Path, cell: str, why: str) -> None:
    rows = [("a", "1", "2"), ("a", cell, "3"), ("b", "4", "5")]
    assert read_numbers(write(tmp_path / "survey.csv", rows), ["side"], ["Q1", "Q2"]) is None, why


def test_the_quick_read_steps_aside_for_booleans(tmp_path: Path) -> None:
    """The C parser reads a column of True/False as 1.0/0.0; the text path refuses it."""
    rows = [("a", "True", "2"), ("a", "False", "3"), ("b", "", "5")]
    path = write(tmp_path / "survey.csv", rows)
    assert read_numbers(path, ["side"], ["Q1", "Q2"]) is None
    result = agreement(path, *ARGS)
    assert result.exit_code == 2
    assert "row 2 (the header is row 1)" in result.output
    assert "'True' is not a number" in result.output


def test_the_quick_read_steps_aside_for_odd_files(tmp_path: Path) -> None:
    assert read_numbers(tmp_path / "nowhere.csv", ["side"], ["Q1"]) is None
    assert read_numbers(write(tmp_path / "survey.csv", ORDINARY), ["side"], ["Q9"]) is None
    twice = tmp_path / "twice.csv"
    twice.write_text("side,Q1, Q1\na,1,2\n", encoding="utf-8")
    assert read_numbers(twice, ["side"], ["Q1"]) is None
    extra = tmp_path / "extra.csv"
    extra.write_text("respondent,side,Q1\nR1,a,1\nR2,b,3,4\n", encoding="utf-8")
    assert read_numbers(extra, ["side"], ["Q1"]) is None  # more cells than the header
    result = agreement(extra, "--group", "side", "--items", "Q1")
    assert result.exit_code == 2
    assert "extra.csv: cannot be read as a CSV table" in result.output


def test_both_paths_print_the_same_analysis(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(5)
    frame = pd.DataFrame(
        {
            "side": rng.choice(["b", " a", "c ", "a", "d"], 300),
            "Q1": rng.integers(1, 8, 300).astype(float),
            "Q2": rng.integers(1, 8, 300).astype(float),
        }
    )
    frame.loc[rng.random(300) < 0.1, "Q1"] = np.nan
    path = tmp_path / "survey.csv"
    frame.to_csv(path, index=False)
    assert read_numbers(path, ["side"], ["Q1", "Q2"]) is not None
    quick = agreement(path, *ARGS)
    monkeypatch.setattr(agreement_command, "read_numbers", lambda *_: None)
    text = agreement(path, *ARGS)
    assert quick.exit_code == text.exit_code == 0
    assert quick.output == text.output
    data = json.loads(quick.output)
    assert list(data["rwg_j"]["by_group"]) == ["a", "b", "c", "d"]
    assert data["respondents"] == int(frame[["Q1", "Q2"]].notna().any(axis=1).sum())


def test_an_empty_group_is_named_on_the_quick_path(tmp_path: Path) -> None:
    path = write(tmp_path / "survey.csv", [*ORDINARY, ("  ", "3", "4"), ("", "5", "5")])
    assert read_numbers(path, ["side"], ["Q1", "Q2"]) is not None
    result = agreement(path, *ARGS)
    assert result.exit_code == 2
    assert "row 9 (the header is row 1) and 1 more row" in result.output
    assert 'column "side"' in result.output
    assert "the group is empty" in result.output


def test_srm_prints_the_same_analysis_on_both_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pair means (fractions), a missing rating, self ratings and two groups of ids as text."""
    rng = np.random.default_rng(8)
    rows = [
        (f"g{g}", f"0{g}{p}", f"0{g}{t}", rng.integers(1, 50) / 7, rng.integers(1, 8))
        for g in range(2)
        for p in range(6)
        for t in range(6)
    ]
    frame = pd.DataFrame(rows, columns=["team", "rater", "rated", "liking", "trust"])
    frame.loc[3, "liking"] = np.nan
    path = tmp_path / "ratings.csv"
    frame.to_csv(path, index=False)
    assert read_numbers(path, ["team", "rater", "rated"], ["liking", "trust"]) is not None
    args = ["srm", str(path), "--perceiver", "rater", "--target", "rated", "--value", "liking"]
    args += ["--value2", "trust", "--group", "team", "--format", "json"]
    quick = CliRunner().invoke(cli, args, catch_exceptions=False)
    monkeypatch.setattr(srm_command, "read_numbers", lambda *_: None)
    text = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert quick.exit_code == text.exit_code == 0
    assert quick.output == text.output
    assert json.loads(quick.output)["effects"][0]["id"] == "000"
