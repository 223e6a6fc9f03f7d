"""`parity validate` as a psychometrician runs it on the demo files: a table, JSON, an HTML
report; bad requests stop with exit code 2 and a sentence naming the file and the column."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import Result

Run = Callable[..., Result]
FOUR = "OUT,COM,VAL,VOI"


def assert_refused(result: Result, *phrases: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for phrase in phrases:
        assert phrase in result.output, result.output


def test_the_table_shows_fit_loadings_and_omega(run: Run, demo_files: tuple[Path, Path]) -> None:
    result = run("validate", str(demo_files[0]))
    assert result.exit_code == 0, result.output
    for phrase in ("CFI", "RMSEA", "SRMR", "Loadings and reliability", "TRS3 (rev.)", "Omega"):
        assert phrase in result.output
    assert "ONEED1" in result.output  # the single-item construct, left out in a sentence
    assert "listwise deletion" in result.output


def test_json_has_the_documented_shape(run: Run, demo_files: tuple[Path, Path]) -> None:
    result = run(
        "validate", str(demo_files[0]), "--format", "json", "--by", "party", "--constructs", FOUR
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"instrument", "respondents", "model", "fit", "loadings", "omega"}
    assert (
        data["respondents"]["used"] + data["respondents"]["dropped"] == data["respondents"]["rows"]
    )
    assert [f["construct"] for f in data["model"]["factors"]] == FOUR.split(",")
    assert data["fit"]["df"] == 14
    assert {row["item"] for row in data["loadings"]} == {
        "OUT1",
        "OUT2",
        "COM1",
        "COM2",
        "VAL1",
        "VAL2",
        "VOI1",
        "VOI2",
    }
    levels = [m["level"] for m in data["invariance"]["models"]]
    assert levels == ["configural", "metric", "scalar"]
    assert data["invariance"]["models"][1]["df_diff"] == 4
    assert len(data["invariance"]["groups"]) == 2


def test_the_html_report_is_self_contained(
    run: Run, demo_files: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "validation.html"
    result = run(
        "validate",
        str(demo_files[0]),
        "--format",
        "html",
        "-o",
        str(out),
        "--by",
        "party",
        "--groups",
        "HR,Marketing",
        "--constructs",
        FOUR,
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert "Comparing groups: measurement invariance" in html
    assert "HR" in html
    assert "Marketing" in html
    assert "http://" not in html
    assert "https://" not in html


def test_a_column_of_the_users_own_can_group(
    run: Run, demo_files: tuple[Path, Path], tmp_path: Path
) -> None:
    frame = pd.read_csv(demo_files[0])
    rng = np.random.default_rng(1)
    frame.insert(3, "site", rng.choice(["North", "South"], size=len(frame)))
    path = tmp_path / "with-site.csv"
    frame.to_csv(path, index=False)
    result = run("validate", str(path), "--by", "site", "--constructs", FOUR, "--format", "json")
    assert result.exit_code == 0, result.output
    groups = {g["name"] for g in json.loads(result.output)["invariance"]["groups"]}
    assert groups == {"North", "South"}
    # Without --by the extra column is an unknown column, as in `parity analyze`.
    assert_refused(run("validate", str(path)), "with-site.csv", '"site" is not a known column')


@pytest.mark.parametrize(
    ("args", "phrases"),
    [
        (("--by", "dept"), ('responses.csv: there is no column "dept"',)),
        (("--by", "party", "--groups", "HR,Nope"), ('"Nope" in column "party"',)),
        (
            ("--by", "party", "--groups", "HR,Copper Kite Agency", "--constructs", FOUR),
            ('"Copper Kite Agency"', "a group needs at least"),
        ),
        (("--by", "party"), ("248 free parameters", "complete respondents")),
        (("--constructs", "OUT,XYZ"), ("XYZ: not a construct of TPI-1",)),
    ],
)
def test_bad_requests_are_sentences(
    run: Run, demo_files: tuple[Path, Path], args: tuple[str, ...], phrases: tuple[str, ...]
) -> None:
    assert_refused(run("validate", str(demo_files[0]), *args), "Nothing was validated.", *phrases)


def test_groups_need_a_column(run: Run, demo_files: tuple[Path, Path]) -> None:
    result = run("validate", str(demo_files[0]), "--groups", "HR,IT")
    assert result.exit_code == 2
    assert "--groups needs --by COLUMN" in result.output
