"""The `parity` command as an analyst uses it: the demo, the table, JSON, files, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result

from parity.cli.main import cli
from parity.core.archetypes import ARCHETYPES, INSUFFICIENT
from parity.demo.company import RELATIONSHIPS

Run = Callable[..., Result]
ITEM_HEADER = (
    "respondent,party,about,OUT1,OUT2,STK1,STK2,COM1,COM2,ALT1,ALT2,NEED1,NEED2,ONEED1,"
    "VAL1,VAL2,VOI1,VOI2,DEF1,DEF2,DIR1,DIR2,TRX1,TRX2,TRS1,TRS2,TRS3"
)


def row(respondent: str, party: str, about: str, value: str = "4") -> str:
    return ",".join([respondent, party, about, *([value] * 24)])


def test_analyze_prints_a_table_with_archetypes_and_reasons(run: Run, demo_files: tuple) -> None:
    responses, relationships = demo_files
    result = run("analyze", str(responses), "--relationships", str(relationships))
    assert result.exit_code == 0
    assert "master–servant" in result.output
    assert "Finance = master, IT = servant" in result.output
    assert "It is called 'business partner', but the answers describe" in result.output
    assert "Legal has fewer than 5 respondents about Nimbus Cloud Services" in " ".join(
        result.output.split()
    )


def test_on_an_80_column_terminal_no_archetype_name_is_cut(demo_files: tuple) -> None:
    responses, relationships = demo_files
    result = CliRunner().invoke(
        cli, ["analyze", str(responses), "-r", str(relationships)], env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0
    table = result.output.split("\n\n")[0]
    assert "customer–supplier" in table
    assert "…" not in table
    assert max(len(line) for line in table.splitlines()) <= 80


def test_analyze_json_follows_the_contract(run: Run, demo_files: tuple) -> None:
    responses, relationships = demo_files
    result = run("analyze", str(responses), "-r", str(relationships), "--format", "json")
    data = json.loads(result.output)
    assert data["instrument"] == {"id": "TPI-1", "version": "1.0.0"}
    assert len(data["relationships"]) == len(RELATIONSHIPS)
    for rel in data["relationships"]:
        assert rel["parties"] == sorted(rel["parties"])
        assert rel["archetype"] in (*ARCHETYPES, INSUFFICIENT)
        if rel["archetype"] in ("customer_supplier", "master_servant"):
            assert set(rel["roles"]) == set(rel["parties"])
        else:
            assert rel["roles"] == {}
        assert isinstance(rel["name_only"], bool)
        assert set(rel["sides"]) == set(rel["parties"])
        assert 1 <= len(rel["reasons"]) <= 4
        for key in ("label", "scope", "confidence", "partnering_index", "gaps", "power"):
            assert key in rel


def test_a_side_below_the_threshold_has_no_scores_in_json(run: Run, demo_files: tuple) -> None:
    responses, relationships = demo_files
    result = run("analyze", str(responses), "-r", str(relationships), "--format", "json")
    rel = next(r for r in json.loads(result.output)["relationships"] if "Legal" in r["parties"]
               and "Nimbus Cloud Services" in r["parties"])  # fmt: skip
    assert rel["archetype"] == "insufficient_data"
    legal = rel["sides"]["Legal"]
    assert legal == {"about": "Nimbus Cloud Services", "respondents": None, "shown": False}
    assert rel["gaps"] == {}
    assert rel["partnering_index"] is None


def test_a_higher_threshold_hides_every_small_side(run: Run, demo_files: tuple) -> None:
    responses, _ = demo_files
    result = run("analyze", str(responses), "--min-respondents", "50", "--format", "json")
    rels = json.loads(result.output)["relationships"]
    assert {r["archetype"] for r in rels} == {"insufficient_data"}
    assert all("scores" not in side for r in rels for side in r["sides"].values())


def test_output_file(run: Run, demo_files: tuple, tmp_path: Path) -> None:
    responses, relationships = demo_files
    target = tmp_path / "result.json"
    result = run("analyze", str(responses), "-r", str(relationships), "--format", "json",
                 "-o", str(target))  # fmt: skip
    assert result.exit_code == 0
    assert json.loads(target.read_text("utf-8"))["relationships"]
    table = tmp_path / "result.txt"
    run("analyze", str(responses), "-o", str(table))
    assert "Parity analysis" in table.read_text("utf-8")


def test_bad_input_names_the_file_row_and_column_and_analyses_nothing(
    run: Run, tmp_path: Path
) -> None:
    lines = [ITEM_HEADER, row("r1", "IT", "HR"), row("r2", "IT", "HR").replace(",4,4,", ",9,4,", 1)]
    path = tmp_path / "answers.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_process(["analyze", str(path)])
    assert result.returncode == 2
    assert "Nothing was analysed" in result.stderr
    assert "answers.csv, row 3, column OUT1" in result.stderr
    assert result.stdout == ""


def test_unknown_column_is_refused_with_a_suggestion_unless_ignored(
    run: Run, tmp_path: Path
) -> None:
    lines = [ITEM_HEADER + ",OUTT2", row("r1", "IT", "HR") + ",5"]
    path = tmp_path / "answers.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused = run_process(["analyze", str(path)])
    assert refused.returncode == 2
    assert "OUTT2" in refused.stderr
    assert "OUT2" in refused.stderr
    accepted = run_process(["analyze", str(path), "--ignore-unknown-columns"])
    assert accepted.returncode == 0, accepted.stderr


def test_a_missing_file_is_a_sentence_not_a_traceback(tmp_path: Path) -> None:
    result = run_process(["analyze", str(tmp_path / "nowhere.csv")])
    assert result.returncode == 2
    assert "nowhere.csv" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_broken_custom_instrument_is_refused(tmp_path: Path, demo_files: tuple) -> None:
    bad = tmp_path / "mine.toml"
    bad.write_text('id = "X"\nversion = "1"\n', encoding="utf-8")
    result = run_process(["analyze", str(demo_files[0]), "--instrument", str(bad)])
    assert result.returncode == 2
    assert "mine.toml" in result.stderr


def test_demo_data_writes_the_files_and_says_how_to_analyse_them(run: Run, tmp_path: Path) -> None:
    result = run("demo-data", str(tmp_path / "out"), "--seed", "3")
    assert result.exit_code == 0
    for name in ("responses.csv", "relationships.csv", "parties.csv", "expected-archetypes.csv"):
        assert (tmp_path / "out" / name).exists()
    assert "parity analyze" in result.output


def test_demo_command_analyses_and_says_where_to_look(run: Run, tmp_path: Path) -> None:
    result = run("demo", "--out", str(tmp_path / "demo"))
    assert result.exit_code == 0
    assert "Where to look" in result.output
    assert json.loads((tmp_path / "demo" / "analysis.json").read_text("utf-8"))


def test_instrument_lists_items_with_the_other_party_named(run: Run) -> None:
    result = run("instrument", "--other", "Finance")
    assert result.exit_code == 0
    assert "TRS3" in result.output
    assert "We need Finance to reach our goals." in result.output


def run_process(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run the installed console script as a separate process, as a user would."""
    command = [sys.executable, "-m", "parity", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)
