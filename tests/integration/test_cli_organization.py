"""`parity analyze` on the whole organization: the round robin, the network, internal and
external, and the trends across waves, in the table and in the JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from parity.cli.main import HISTORY_FILE

Run = Callable[..., Result]


def test_analyze_prints_the_round_robin_section(run: Run, demo_files: tuple) -> None:
    responses, relationships = demo_files
    result = run("analyze", str(responses), "--relationships", str(relationships))
    assert result.exit_code == 0
    out = result.output
    assert "The whole organization" in out
    assert "Round robin" in out
    assert "6 parties rated each other (Finance, HR, IT, Legal, Marketing and Sales)" in out
    assert "IT rates everyone low on voice" in out
    assert "Look at IT's own stance before blaming its partners." in out
    assert "Everyone rates Legal low on trust" in out
    assert "Where the differences lie" in out
    assert "IT is the servant or supplier in 3 relationships" in out
    assert "Internal and external" in out
    assert "Across rounds" not in out  # one wave: no trend


def test_two_waves_show_the_trends_and_early_warnings(run: Run, demo_files: tuple) -> None:
    responses, relationships = demo_files
    history = Path(responses).parent / HISTORY_FILE
    assert history.exists()
    result = run("analyze", str(history), "-r", str(relationships))
    assert result.exit_code == 0
    out = result.output
    assert "Round robin (wave 2-spring)" in out
    assert "Across rounds" in out
    assert "Early warning, IT – Sales: the asymmetry grew" in out


def test_the_json_has_the_organization(run: Run, demo_files: tuple) -> None:
    responses, relationships = demo_files
    result = run("analyze", str(responses), "-r", str(relationships), "--format", "json")
    organization = json.loads(result.output)["organization"]
    robin = organization["round_robin"]
    assert robin["members"] == ["Finance", "HR", "IT", "Legal", "Marketing", "Sales"]
    assert robin["ratings"] == robin["possible"] == 30
    first = robin["findings"][0]
    assert (first["kind"], first["party"], first["construct"]) == ("perceiver", "IT", "VOI")
    assert first["effect"] < -15
    assert set(robin["constructs"]["TRS"]["shares"]) == {"perceiver", "target", "relationship"}
    assert organization["network"]["servants"] == {"IT": ["Finance", "Marketing", "Sales"]}
    assert organization["internal_external"]["verdict"] == "no_clear_difference"
    assert organization["trends"] is None


def test_no_round_robin_section_without_a_round_robin(run: Run, tmp_path: Path) -> None:
    items = "OUT1,OUT2,STK1,STK2,COM1,COM2,ALT1,ALT2,NEED1,NEED2,ONEED1,VAL1,VAL2,VOI1,VOI2,DEF1,"
    items += "DEF2,DIR1,DIR2,TRX1,TRX2,TRS1,TRS2,TRS3"
    rows = [f"respondent,party,about,{items}"]
    for i in range(4):
        rows.append(",".join([f"a{i}", "IT", "Sales", *(["5"] * 24)]))
        rows.append(",".join([f"b{i}", "Sales", "IT", *(["4"] * 24)]))
    path = tmp_path / "one.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("analyze", str(path))
    assert result.exit_code == 0
    assert "Round robin" not in result.output
    data = json.loads(run("analyze", str(path), "--format", "json").output)
    assert data["organization"]["round_robin"] is None
