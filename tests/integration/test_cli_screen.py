"""The respondent screen as an analyst meets it: `parity analyze` and `parity report` leave out
straight lines, contradictory agreement, near-empty rows and duplicates, say so under the table
and in the JSON, and keep them with --keep-flagged (docs/method.md §2a)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from click.testing import Result
from tests.support.builders import ITEMS, responses, side

from parity.demo import DemoDataset

Run = Callable[..., Result]
MASTER = {"DIR": 7, "VOI": 7, "DEF": 1, "ONEED": 6}
SERVANT = {"DEF": 7, "VOI": 1, "VAL": 1, "DIR": 1, "ALT": 2}


def _write(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False)
    return path


def _flagged_file(tmp_path: Path) -> Path:
    """Finance (6 about IT) with one straight line; IT (6 about Finance) with a copy of one of
    its answers and one respondent who answered a single item."""
    one = dict.fromkeys(ITEMS, np.nan) | {"OUT1": 7.0}
    finance = pd.concat(
        [
            side("Finance", "IT", 6, MASTER),
            side("Finance", "IT", [dict.fromkeys(ITEMS, 4.0)], prefix="s"),
        ]
    )
    it = side("IT", "Finance", 6, SERVANT)
    copy = it.iloc[[2]].assign(respondent="copy")
    it = pd.concat([it, copy, side("IT", "Finance", [one], prefix="one")])
    return _write(responses(finance, it), tmp_path / "answers.csv")


def test_the_table_says_who_the_screen_left_out_and_why(run: Run, tmp_path: Path) -> None:
    path = _flagged_file(tmp_path)
    result = run("analyze", str(path))
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "The respondent screen left out 3 respondents:" in text
    assert "1 gave the same answer to every item" in text
    assert "1 answered fewer than half the items" in text
    assert "1 repeated an earlier respondent's answers" in text
    assert "6/6" in text  # the counts behind the scores are those who remain
    kept = run("analyze", str(path), "--keep-flagged")
    kept_text = " ".join(kept.output.split())
    assert "flagged 3 respondents and kept them (--keep-flagged)" in kept_text
    assert "7/8" in kept_text


def test_no_line_when_nobody_is_flagged(run: Run, demo_data: DemoDataset, tmp_path: Path) -> None:
    """The demo's pilot round: drawn with item noise, it has no careless row."""
    responses_path = _write(demo_data.pilot, tmp_path / "pilot.csv")
    relationships = _write(demo_data.relationships, tmp_path / "relationships.csv")
    result = run("analyze", str(responses_path), "-r", str(relationships))
    assert "respondent screen" not in result.output
    data = json.loads(
        run("analyze", str(responses_path), "-r", str(relationships), "--format", "json").output
    )
    assert data["screen"]["flagged"] == 0
    assert data["screen"]["sides"] == []


def test_the_json_has_a_screen_object(run: Run, tmp_path: Path) -> None:
    path = _flagged_file(tmp_path)
    data = json.loads(run("analyze", str(path), "--format", "json").output)
    screen = data["screen"]
    assert screen["kept_flagged"] is False
    assert screen["flagged"] == 3
    assert screen["reasons"] == {"straight_line": 1, "too_few_answers": 1, "duplicate": 1}
    assert screen["sides"] == [
        {"party": "Finance", "about": "IT", "flagged": 1, "reasons": {"straight_line": 1}},
        {
            "party": "IT",
            "about": "Finance",
            "flagged": 2,
            "reasons": {"too_few_answers": 1, "duplicate": 1},
        },
    ]
    assert screen["thresholds"]["min_answered_share"] == 0.5
    sides = data["relationships"][0]["sides"]
    assert (sides["Finance"]["respondents"], sides["IT"]["respondents"]) == (6, 6)
    kept = json.loads(run("analyze", str(path), "--format", "json", "--keep-flagged").output)
    assert kept["screen"]["kept_flagged"] is True
    kept_sides = kept["relationships"][0]["sides"]
    assert (kept_sides["Finance"]["respondents"], kept_sides["IT"]["respondents"]) == (7, 8)


def test_all_sevens_is_no_longer_a_true_partnership(run: Run, tmp_path: Path) -> None:
    sevens = [dict.fromkeys(ITEMS, 7.0)] * 6
    path = _write(
        responses(side("IT", "Finance", sevens), side("Finance", "IT", sevens)),
        tmp_path / "sevens.csv",
    )
    data = json.loads(run("analyze", str(path), "--format", "json").output)
    (rel,) = data["relationships"]
    assert rel["archetype"] == "insufficient_data"
    # Both sides are hidden now, so neither side's count is given, not even the screen's.
    assert data["screen"]["sides"] == []
    assert all(s["respondents"] is None for s in rel["sides"].values())
    old = json.loads(run("analyze", str(path), "--format", "json", "--keep-flagged").output)
    (was,) = old["relationships"]
    assert was["archetype"] == "partnership"
    assert was["power"]["direction"] == {"Finance": 100.0, "IT": 100.0}


def test_a_side_the_screen_hides_is_not_counted(run: Run, tmp_path: Path) -> None:
    it = pd.concat(
        [
            side("IT", "Finance", 4, SERVANT),
            side("IT", "Finance", [dict.fromkeys(ITEMS, 7.0)], prefix="s"),
        ]
    )
    path = _write(responses(side("Finance", "IT", 5, MASTER), it), tmp_path / "thin.csv")
    result = run("analyze", str(path))
    text = " ".join(result.output.split())
    assert "IT has fewer than 5 respondents about Finance" in text
    assert "respondent screen" not in text


def test_the_report_takes_keep_flagged(run: Run, tmp_path: Path) -> None:
    path = _flagged_file(tmp_path)
    for extra in ((), ("--keep-flagged",)):
        out = tmp_path / f"report{len(extra)}.html"
        result = run("report", str(path), "-o", str(out), *extra)
        assert result.exit_code == 0, result.output
        assert out.read_text("utf-8").startswith("<!")


def test_a_seconds_column_flags_the_speeders(run: Run, tmp_path: Path) -> None:
    it = side("IT", "Finance", 7, SERVANT)
    it["seconds"] = [420, 380, 600, 515, 290, 47, 12]
    finance = side("Finance", "IT", 6, MASTER)
    finance["seconds"] = ""
    path = _write(responses(finance, it), tmp_path / "timed.csv")
    data = json.loads(run("analyze", str(path), "--format", "json").output)
    assert data["screen"]["reasons"] == {"speeder": 2}
    assert data["screen"]["thresholds"]["seconds_per_item"] == 2.0
    assert data["relationships"][0]["sides"]["IT"]["respondents"] == 5
    text = " ".join(run("analyze", str(path)).output.split())
    assert "2 answered faster than 2 seconds a statement" in text


def test_a_time_that_is_not_a_number_names_its_row_and_column(run: Run, tmp_path: Path) -> None:
    it = side("IT", "Finance", 5, SERVANT)
    it["seconds"] = ["300", "5 min", "300", "300", "300"]
    path = _write(responses(side("Finance", "IT", 5, MASTER), it), tmp_path / "timed.csv")
    result = run("analyze", str(path))
    assert result.exit_code != 0
    assert 'row 8, column seconds: "5 min" is not a number of seconds' in " ".join(
        result.output.split()
    )
