"""`parity srm` and `parity agreement` as an analyst uses them: files in, tables or JSON out.

Bad input must stop with exit code 2 and a sentence naming the file, the row and the column.
The published-data checks use the shared reference folder with the same skip/fail rules as
tests/reference (PARITY_REFERENCE_DIR, PARITY_REQUIRE_REFERENCE).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import Result
from tests.reference.conftest import _missing, _reference_root

Run = Callable[..., Result]
SRM_IDS = ("--perceiver", "perceiver.id", "--target", "target.id")


@pytest.fixture(scope="module")
def reference() -> Callable[[str], Path]:
    """A shared reference file, or a skip (a failure in CI) when it is not there."""

    def get(relative: str) -> Path:
        path = _reference_root() / relative
        if not path.is_file():
            _missing(f"reference file {relative} not found")
        return path

    return get


def write_round_robin(path: Path, members: int = 5, groups: int = 1, seed: int = 0) -> Path:
    """A small complete round robin of integer ratings (team, rater, rated, score)."""
    rng = np.random.default_rng(seed)
    rows = []
    for g in range(groups):
        names = [f"T{g}-{i}" for i in range(members)]
        for rater in names:
            for rated in names:
                if rater != rated:
                    rows.append((f"team{g}", rater, rated, int(rng.integers(1, 8))))
    pd.DataFrame(rows, columns=["team", "rater", "rated", "score"]).to_csv(path, index=False)
    return path


def srm_args(path: Path, *extra: str) -> list[str]:
    return [
        "srm",
        str(path),
        "--perceiver",
        "rater",
        "--target",
        "rated",
        "--value",
        "score",
        *extra,
    ]


def assert_bad_input(result: Result, *phrases: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for phrase in phrases:
        assert phrase in result.output, result.output


# --------------------------------------------------------------------------------------------
# parity srm
# --------------------------------------------------------------------------------------------


@pytest.mark.reference
def test_srm_text_reads_like_a_report(run: Run, reference: Callable[[str], Path]) -> None:
    path = reference("srm/tripler_likingLong.csv")
    result = run("srm", str(path), *SRM_IDS, "--value", "liking_a")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "54 members in one group" in out
    assert "Perceiver variance: People differ in how they rate everyone." in out
    assert "Relationship covariance: Whether a pair's special regard is mutual" in out
    assert "0.172" in out
    assert "0.609" in out
    assert "36.83" in out
    assert "Reliability of a member's perceiver effect: 0.937" in out
    assert "Error variance" not in out


@pytest.mark.reference
def test_srm_json_follows_the_contract(run: Run, reference: Callable[[str], Path]) -> None:
    path = reference("srm/tripler_likingLong.csv")
    result = run("srm", str(path), *SRM_IDS, "--value", "liking_a", "--format", "json")
    data = json.loads(result.output)
    assert data["variance"]["perceiver"] == pytest.approx(0.1717, abs=5e-5)
    assert set(data["variance"]) == {"perceiver", "target", "relationship"}
    assert set(data["covariance"]) == {"perceiver_target", "relationship"}
    assert data["standardized"]["covariance"]["relationship"] == pytest.approx(0.131, abs=5e-4)
    assert data["se"]["variance"]["perceiver"] == pytest.approx(0.0349, abs=5e-5)
    assert data["reliability"] == pytest.approx({"perceiver": 0.937, "target": 0.901}, abs=5e-4)
    assert len(data["effects"]) == 54
    first = next(e for e in data["effects"] if e["id"] == "1")
    assert first == {
        "group": None,
        "id": "1",
        "perceiver": pytest.approx(-0.4768519),
        "target": pytest.approx(0.2638889),
    }
    assert data["model"] == "manifest"
    assert data["df"] == 53


@pytest.mark.reference
def test_srm_latent_json_has_error_variance(run: Run, reference: Callable[[str], Path]) -> None:
    path = reference("srm/tripler_likingLong.csv")
    args = ("--value", "liking_a", "--value2", "liking_b", "--format", "json")
    data = json.loads(run("srm", str(path), *SRM_IDS, *args).output)
    assert data["model"] == "latent"
    assert data["variance"]["error"] == pytest.approx(0.206, abs=5e-4)
    assert data["se"]["variance"]["error"] is None
    assert data["reliability"]["relationship"] == pytest.approx(0.852, abs=5e-4)


@pytest.mark.reference
def test_srm_groups_exclusions_and_self_ratings(run: Run, reference: Callable[[str], Path]) -> None:
    path = reference("srm/tripler_multiGroup.csv")
    args = ("--value", "ex", "--group", "group.id", "--format", "json")
    data = json.loads(run("srm", str(path), *SRM_IDS, *args).output)
    assert [g["group"] for g in data["groups"]] == [
        "2",
        "5",
        "6",
        "8",
        "9",
        "12",
        "13",
        "14",
        "18",
        "20",
    ]
    assert len(data["excluded"]) == 28
    assert {"group": "5", "id": "90504"}.items() <= data["excluded"][5].items()
    assert data["self_correlation"]["target"]["r"] == pytest.approx(0.609, abs=5e-4)
    assert {"group", "id", "perceiver", "target", "self"} == set(data["effects"][0])
    assert data["se_method"] == "between_groups"  # the command's default for several groups


@pytest.mark.reference
def test_srm_one_group_defaults_to_lashley_bond(run: Run, reference: Callable[[str], Path]) -> None:
    path = reference("srm/tripler_likingLong.csv")
    data = json.loads(
        run("srm", str(path), *SRM_IDS, "--value", "liking_a", "--format", "json").output
    )
    assert data["se_method"] == "lashley_bond"
    assert data["se"]["variance"]["perceiver"] == pytest.approx(0.035, abs=5e-4)


@pytest.mark.reference
def test_srm_between_groups(run: Run, reference: Callable[[str], Path]) -> None:
    path = reference("srm/kenny_roundrobin_4person.csv")
    args = ("--perceiver", "actor", "--target", "partner", "--value", "y", "--group", "group")
    result = run("srm", str(path), *args, "--se", "between-groups", "--format", "json")
    data = json.loads(result.output)
    assert data["se_method"] == "between_groups"
    assert data["df"] == 14
    assert data["se"]["variance"]["perceiver"] == pytest.approx(1.221, abs=5e-4)


def test_srm_on_a_small_file(run: Run, tmp_path: Path) -> None:
    path = write_round_robin(tmp_path / "ratings.csv", members=6, groups=2)
    result = run(*srm_args(path, "--group", "team"))
    assert result.exit_code == 0, result.output
    assert "12 members in 2 groups" in result.output


def test_srm_missing_column(run: Run, tmp_path: Path) -> None:
    path = write_round_robin(tmp_path / "ratings.csv")
    result = run("srm", str(path), "--perceiver", "rater", "--target", "rated", "--value", "liking")
    assert_bad_input(result, "ratings.csv", 'column "liking"', "there is no column 'liking'")


def test_srm_rating_that_is_not_a_number(run: Run, tmp_path: Path) -> None:
    path = write_round_robin(tmp_path / "ratings.csv")
    table = pd.read_csv(path, dtype=str)
    table.loc[4, "score"] = "very high"
    table.to_csv(path, index=False)
    result = run(*srm_args(path))
    where = "ratings.csv, row 6 (the header is row 1)"
    assert_bad_input(result, where, 'column "score"', "'very high' is not a number")


def test_srm_group_too_small(run: Run, tmp_path: Path) -> None:
    path = write_round_robin(tmp_path / "ratings.csv", members=3)
    assert_bad_input(run(*srm_args(path)), "ratings.csv", "has 3 members", "at least 4")
    grouped = run(*srm_args(path, "--group", "team"))
    assert_bad_input(grouped, 'column "team"', "group 'team0' has 3 members")


def test_srm_only_self_ratings(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "self.csv"
    path.write_text("rater,rated,score\na,a,3\nb,b,4\nc,c,5\nd,d,2\n", encoding="utf-8")
    assert_bad_input(run(*srm_args(path)), "self.csv", "no rating of one person by another")


def test_srm_pair_rated_twice(run: Run, tmp_path: Path) -> None:
    path = write_round_robin(tmp_path / "ratings.csv")
    with path.open("a", encoding="utf-8") as handle:
        handle.write("team0,T0-0,T0-1,4\n")
    where = "row 2 (the header is row 1) and 1 more row"
    assert_bad_input(run(*srm_args(path)), where, "more than once")


def test_srm_empty_id(run: Run, tmp_path: Path) -> None:
    path = write_round_robin(tmp_path / "ratings.csv")
    table = pd.read_csv(path, dtype=str)
    table.loc[0, "rater"] = ""
    table.to_csv(path, index=False)
    assert_bad_input(run(*srm_args(path)), "row 2 (the header is row 1)", 'column "rater"')


def test_srm_between_groups_needs_groups(run: Run, tmp_path: Path) -> None:
    path = write_round_robin(tmp_path / "ratings.csv")
    result = run(*srm_args(path, "--se", "between-groups"))
    assert_bad_input(result, "ratings.csv", "needs at least two groups")


def test_srm_file_problems(run: Run, tmp_path: Path) -> None:
    assert_bad_input(run(*srm_args(tmp_path / "nowhere.csv")), "nowhere.csv", "no such file")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert_bad_input(run(*srm_args(empty)), "empty.csv", "cannot be read")


# --------------------------------------------------------------------------------------------
# parity agreement
# --------------------------------------------------------------------------------------------


@pytest.mark.reference
def test_agreement_icc1_of_bh1996_published(run: Run, reference: Callable[[str], Path]) -> None:
    """ICC(1) of WBEING by GRP = 0.04336905 (Bliese's multilevel, as printed)."""
    path = reference("agreement/multilevel_bh1996.csv")
    args = ("--group", "GRP", "--items", "WBEING", "--scale-points", "5", "--format", "json")
    result = run("agreement", str(path), *args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["icc1"] == pytest.approx(0.04336905, abs=5e-9)
    assert data["icc2"] == pytest.approx(0.7717129, abs=5e-8)
    assert data["n_groups"] == 99
    assert data["respondents"] == 7382
    assert len(data["rwg_j"]["by_group"]) == 99
    assert data["alpha"] is None  # one item: no internal consistency


def write_survey(path: Path) -> Path:
    rows = [
        ("finance", 5, 6, 5), ("finance", 6, 6, 7), ("finance", 5, 5, 6),
        ("it", 2, 3, 2), ("it", 3, 3, 4), ("it", 2, 2, 3), ("it", "", 3, 3),
    ]  # fmt: skip
    pd.DataFrame(rows, columns=["side", "Q1", "Q2", "Q3"]).to_csv(path, index=False)
    return path


def test_agreement_json_and_text(run: Run, tmp_path: Path) -> None:
    path = write_survey(tmp_path / "survey.csv")
    result = run(
        "agreement", str(path), "--group", "side", "--items", "Q1,Q2,Q3", "--format", "json"
    )
    data = json.loads(result.output)
    assert set(data) >= {"icc1", "icc2", "rwg_j", "alpha", "alpha_ci95", "items", "scale_points"}
    assert set(data["rwg_j"]["by_group"]) == {"finance", "it"}
    assert data["icc1"] > 0.5
    assert 0 < data["alpha"] <= 1
    text = run("agreement", str(path), "--group", "side", "--items", "Q1, Q2, Q3").output
    assert "ICC(1)" in text
    assert "Cronbach's alpha" in text
    assert "finance" in text
    # --format table is the default; "text", its first name, still gives the same table.
    for fmt in ("table", "text"):
        args = ("--group", "side", "--items", "Q1, Q2, Q3", "--format", fmt)
        assert run("agreement", str(path), *args).output == text


def test_agreement_bad_input(run: Run, tmp_path: Path) -> None:
    path = write_survey(tmp_path / "survey.csv")
    missing = run("agreement", str(path), "--group", "side", "--items", "Q1,Q9")
    assert_bad_input(missing, "survey.csv", 'column "Q9"', "no such column")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.loc[2, "Q2"] = "five"
    table.loc[3, "side"] = ""
    table.to_csv(path, index=False)
    blank_group = run("agreement", str(path), "--group", "side", "--items", "Q1,Q2")
    assert_bad_input(blank_group, "row 5 (the header is row 1)", 'column "side"', "group is empty")
    table.loc[3, "side"] = "it"
    table.to_csv(path, index=False)
    not_a_number = run("agreement", str(path), "--group", "side", "--items", "Q1,Q2")
    assert_bad_input(not_a_number, "row 4 (the header is row 1)", 'column "Q2"', "'five'")


# --------------------------------------------------------------------------------------------
# The command line stays quick
# --------------------------------------------------------------------------------------------


def test_help_lists_the_commands_without_loading_pandas() -> None:
    code = (
        "import sys; from click.testing import CliRunner; from parity.cli.main import cli; "
        "out = CliRunner().invoke(cli, ['--help']).output; "
        "print('srm' in out, 'agreement' in out, 'pandas' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True", "False"]
