"""`parity import` on the command line: preview, problems, mapping file, and a responses file
that `parity analyze` reads as it reads the same answers in Parity's own file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from click.testing import CliRunner
from tests.unit.survey_tools import tool_files

from parity.cli.main import cli
from parity.core.instrument import default_instrument
from parity.demo import demo_dataset


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_import_then_analyze_gives_what_the_own_file_gives(tmp_path: Path) -> None:
    data = demo_dataset()
    frame = data.responses.head(150).copy()
    frame["seconds"] = frame["seconds"].round()
    own = tmp_path / "own.csv"
    frame.to_csv(own, index=False)
    export = tmp_path / "qualtrics.csv"
    export.write_bytes(tool_files.qualtrics(frame, default_instrument()))
    imported = tmp_path / "imported.csv"
    code, out, err = run("import", str(export), "-o", str(imported))
    assert code == 0, err
    assert "a Qualtrics export, 150 response(s), read as TPI-1" in out
    assert "IPAddress" in out
    assert "personal" in out
    assert "Wrote" in err
    assert "150 responses" in err
    assert tool_files.SECRET_EMAIL not in imported.read_text(encoding="utf-8")
    relationships = tmp_path / "relationships.csv"
    data.relationships.to_csv(relationships, index=False)
    results = []
    for path in (own, imported):
        code, out, err = run("analyze", str(path), "-r", str(relationships), "--format", "json")
        assert code == 0, err
        results.append(out)
    assert results[0] == results[1]


def test_problems_are_all_shown_and_nothing_is_written(tmp_path: Path) -> None:
    frame = demo_dataset().responses.head(6).copy()
    text = tool_files.surveymonkey(frame, default_instrument()).decode("utf-8")
    text = text.replace("Strongly agree", "Very much", 1).replace(",Disagree,", ",Nope,", 1)
    export = tmp_path / "monkey.csv"
    export.write_text(text, encoding="utf-8")
    out_file = tmp_path / "responses.csv"
    code, out, err = run("import", str(export), "--from", "surveymonkey", "-o", str(out_file))
    assert code == 2
    assert "SurveyMonkey" in out
    assert "Nothing was written: 2 problems in the input." in err
    assert '"Very much" is not an answer' in err
    assert '"Nope" is not an answer' in err
    assert "monkey.csv, row " in err
    assert not out_file.exists()


def test_the_saved_mapping_is_edited_and_given_back(tmp_path: Path) -> None:
    frame = demo_dataset().responses.head(10).copy()
    export = tmp_path / "form.csv"
    export.write_bytes(tool_files.google_forms(frame, default_instrument()))
    saved = tmp_path / "map.toml"
    code, _, err = run("import", str(export), "--save-mapping", str(saved))
    assert code == 2  # no party, no about
    assert "no column holds party or about" in err
    mapping = saved.read_text(encoding="utf-8")
    mapping = mapping.replace(
        f'"{tool_files.GOOGLE_PARTY}" = ""', f'"{tool_files.GOOGLE_PARTY}" = "party"'
    )
    mapping = mapping.replace(
        f'"{tool_files.GOOGLE_ABOUT}" = ""', f'"{tool_files.GOOGLE_ABOUT}" = "about"'
    )
    saved.write_text(mapping, encoding="utf-8")
    out_file = tmp_path / "responses.csv"
    code, _out, err = run("import", str(export), "--mapping", str(saved), "-o", str(out_file))
    assert code == 0, err
    written = pd.read_csv(out_file)
    assert list(written["party"]) == list(frame["party"])
    assert "Email address" not in written.columns
    assert tool_files.SECRET_EMAIL not in out_file.read_text(encoding="utf-8")


def test_the_shared_qualtrics_export_is_detected_and_its_missing_items_named(
    reference_export: Callable[[str], Path], tmp_path: Path
) -> None:
    path = reference_export("qualtrics_sample_3header.csv")
    target = tmp_path / "never-written.csv"
    code, out, err = run("import", str(path), "-o", str(target))
    assert code == 2
    assert "qualtrics_sample_3header.csv: a Qualtrics export, 1 response(s)" in out
    assert "Nothing was written: 2 problems in the input." in err
    assert "qualtrics_sample_3header.csv: no column holds the TPI-1 items OUT1, OUT2" in err
    assert not target.exists()


def test_from_offers_exactly_the_tools_parity_reads() -> None:
    from parity.cli.import_command import TOOL_NAMES
    from parity.io.survey_tools import TOOLS

    assert set(TOOL_NAMES) == set(TOOLS)
