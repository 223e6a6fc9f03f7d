"""Segments as an analyst meets them: `parity segments` shows each side by role, level,
location and tenure within the anonymity rules, and `parity analyze` names a split side in the
terminal and the JSON (docs/method.md §2b)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from statistics import mean

import pandas as pd
import pytest
from click.testing import Result
from tests.support.segments import (
    ADMINISTRATORS,
    ALIKE,
    PARTNERS,
    hr_rows,
    hr_side,
    sales_rows,
)

from parity.core.instrument import default_instrument

Run = Callable[..., Result]
VOICE = default_instrument().constructs["VOI"].name
#: The split of :func:`hr_side`, its voice levels (1-7) as 0-100.
SPLIT = (
    f"HR: split by role — business partner rate voice {(mean(PARTNERS) - 1) / 6 * 100:.0f}, "
    f"administrator {(mean(ADMINISTRATORS) - 1) / 6 * 100:.0f} ("
)


def _write(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False)
    return path


def _flat(result: Result) -> str:
    return " ".join(result.output.split())


def test_segments_shows_each_group_and_names_the_split(run: Run, tmp_path: Path) -> None:
    path = _write(hr_side(), tmp_path / "hr.csv")
    result = run("segments", str(path))
    assert result.exit_code == 0, result.output
    text = _flat(result)
    assert "HR about Sales" in text
    assert "by role" in text
    assert "business partner" in text
    assert "administrator" in text
    assert VOICE in text
    assert SPLIT in text
    # Everyone in Sales has the same role: the rest of the side is nobody.
    assert "Sales about HR Not shown: by role" in text


def test_segments_json_with_by(run: Run, tmp_path: Path) -> None:
    frame = hr_side().assign(tenure=["1-3", "10+"] * 11 + ["<1"])
    path = _write(frame, tmp_path / "hr.csv")
    result = run("segments", str(path), "--by", "role", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["min_respondents"] == 5
    assert data["split"] == {"points": 20.0, "level": 0.95}
    hr = next(s for s in data["sides"] if s["party"] == "HR")
    assert hr["respondents"] == 15
    segments = hr["segments"]
    assert list(segments["attributes"]) == ["role"]
    groups = {g["value"]: g["respondents"] for g in segments["attributes"]["role"]}
    assert groups == {"business partner": 8, "administrator": 7}
    (split,) = segments["splits"]
    assert (split["attribute"], split["construct"], split["high"]) == (
        "role",
        "VOI",
        "business partner",
    )
    assert split["ci95"][0] > 0
    every = json.loads(run("segments", str(path), "--format", "json").output)
    hr_all = next(s for s in every["sides"] if s["party"] == "HR")["segments"]
    # Tenure alternates: crossed with role, three administrators have 10+ years.
    assert list(hr_all["attributes"]) == ["role"]
    assert hr_all["withheld"] == ["tenure"]


def test_a_small_group_is_never_shown_nor_left_to_subtract(run: Run, tmp_path: Path) -> None:
    """Nine business partners and three administrators: the partners alone would give the
    administrators' mean as the side less them, so the role is not shown at all."""
    rows = hr_rows("business partner", [6] * 9, 0) + hr_rows("administrator", [2, 2, 3], 9)
    path = _write(pd.DataFrame([*rows, *sales_rows(8)]), tmp_path / "hr.csv")
    data = json.loads(run("segments", str(path), "--format", "json").output)
    hr = next(s for s in data["sides"] if s["party"] == "HR")
    assert hr["segments"] == {"attributes": {}, "withheld": ["role"], "splits": []}
    analysed = json.loads(run("analyze", str(path), "--format", "json").output)
    (rel,) = analysed["relationships"]
    assert rel["sides"]["HR"]["segments"]["attributes"] == {}
    assert "administrator" not in run("analyze", str(path)).output


def test_a_higher_threshold_hides_what_a_lower_one_shows(run: Run, tmp_path: Path) -> None:
    path = _write(hr_side(), tmp_path / "hr.csv")
    data = json.loads(
        run("segments", str(path), "--format", "json", "--min-respondents", "8").output
    )
    hr = next(s for s in data["sides"] if s["party"] == "HR")
    assert hr["segments"]["attributes"] == {}
    assert hr["segments"]["withheld"] == ["role"]


def test_analyze_names_the_split_under_the_side(run: Run, tmp_path: Path) -> None:
    path = _write(hr_side(), tmp_path / "hr.csv")
    text = _flat(run("analyze", str(path)))
    assert SPLIT in text
    data = json.loads(run("analyze", str(path), "--format", "json").output)
    (rel,) = data["relationships"]
    split = rel["sides"]["HR"]["segments"]["splits"][0]
    assert split["construct"] == "VOI"
    assert split["scores"][0] - split["scores"][1] == pytest.approx(split["difference"], abs=0.002)


def test_a_homogeneous_side_has_no_split_line(run: Run, tmp_path: Path) -> None:
    path = _write(hr_side(*ALIKE), tmp_path / "hr.csv")
    assert "split by" not in _flat(run("analyze", str(path)))
    data = json.loads(run("analyze", str(path), "--format", "json").output)
    (rel,) = data["relationships"]
    assert rel["sides"]["HR"]["segments"]["splits"] == []
    assert set(rel["sides"]["HR"]["segments"]["attributes"]) == {"role"}


def test_a_file_without_attributes_is_told_what_to_add(run: Run, tmp_path: Path) -> None:
    path = _write(hr_side().drop(columns="role"), tmp_path / "plain.csv")
    result = run("segments", str(path))
    assert result.exit_code == 2
    text = _flat(result)
    assert 'plain.csv: there is no "role" or "level" or "location" or "tenure" column' in text
    json_text = run("analyze", str(path), "--format", "json").output
    assert '"segments"' not in json_text
    by = run("segments", str(_write(hr_side(), tmp_path / "hr.csv")), "--by", "location")
    assert by.exit_code == 2
    assert 'hr.csv: there is no "location" column' in _flat(by)


def test_a_wrong_tenure_stops_with_its_row_and_column(run: Run, tmp_path: Path) -> None:
    frame = hr_side().assign(tenure="1-3")
    frame.loc[4, "tenure"] = "1-5"
    path = _write(frame, tmp_path / "hr.csv")
    result = run("segments", str(path))
    assert result.exit_code == 2
    assert 'hr.csv, row 6, column tenure: "1-5" is not a tenure band' in _flat(result)


def test_each_wave_is_its_own_side(run: Run, tmp_path: Path) -> None:
    later = hr_side(*ALIKE).assign(wave="2")
    later["respondent"] = later["respondent"] + "-2"
    frame = pd.concat([hr_side().assign(wave="1"), later], ignore_index=True)
    data = json.loads(
        run("segments", str(_write(frame, tmp_path / "hr.csv")), "--format", "json").output
    )
    hr = {s["wave"]: s["segments"]["splits"] for s in data["sides"] if s["party"] == "HR"}
    assert len(hr["1"]) == 1
    assert hr["2"] == []
