"""A survey run in Qualtrics or LimeSurvey from Parity's survey file comes back through
`parity import` as the same answers: `parity analyze` gives what it gives for the demo's own
responses file. The tool's export is built from the survey file's own tags and codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from tests.unit.survey_files import answer_exports

from parity.cli.main import cli
from parity.core.instrument import Instrument, shipped_instrument
from parity.demo import demo_dataset

#: Enough answers for several relationships with both sides shown; the run stays short.
ROWS = 150


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def survey_file(tmp_path: Path, ident: str, fmt: str) -> str:
    path = tmp_path / f"survey.{fmt}"
    code, _, err = run("instrument", "--instrument", ident, "--format", fmt, "-o", str(path))
    assert code == 0, err
    return path.read_text(encoding="utf-8")


def demo_answers(tmp_path: Path, ident: str) -> tuple[pd.DataFrame, Path, str]:
    """The demo's answers, its relationships file, and `parity analyze` of its own file."""
    data = demo_dataset(instrument=shipped_instrument(ident))
    frame = data.responses.head(ROWS).copy()
    frame["seconds"] = frame["seconds"].round()  # the tools export whole seconds
    own = tmp_path / "own.csv"
    frame.to_csv(own, index=False)
    relationships = tmp_path / "relationships.csv"
    data.relationships.to_csv(relationships, index=False)
    code, out, err = run("analyze", str(own), "-r", str(relationships), "--format", "json")
    assert code == 0, err
    return frame, relationships, out


def import_and_analyze(tmp_path: Path, export: bytes, relationships: Path, tool: str) -> str:
    path = tmp_path / f"{tool}.csv"
    path.write_bytes(export)
    imported = tmp_path / f"{tool}-responses.csv"
    code, out, err = run("import", str(path), "-o", str(imported))
    assert code == 0, out + err
    code, result, err = run("analyze", str(imported), "-r", str(relationships), "--format", "json")
    assert code == 0, err
    return result


Export = Callable[[str, pd.DataFrame, Instrument], bytes]
QUALTRICS: dict[str, Export] = {
    "numbers": lambda text, frame, instrument: answer_exports.qualtrics_export(
        json.loads(text), frame, instrument, choice_text=False
    ),
    "choice text": lambda text, frame, instrument: answer_exports.qualtrics_export(
        json.loads(text), frame, instrument, choice_text=True
    ),
}
LIMESURVEY: dict[str, Export] = {
    "answer codes": lambda text, frame, instrument: answer_exports.limesurvey_export(
        text, frame, instrument, answer_text=False
    ),
    "full answers": lambda text, frame, instrument: answer_exports.limesurvey_export(
        text, frame, instrument, answer_text=True
    ),
}


@pytest.mark.parametrize("ident", ["TPI-1", "TPI-2"])
@pytest.mark.parametrize("answers", list(QUALTRICS))
def test_a_qualtrics_export_gives_the_demo_result(tmp_path: Path, ident: str, answers: str) -> None:
    frame, relationships, own = demo_answers(tmp_path, ident)
    export = QUALTRICS[answers](
        survey_file(tmp_path, ident, "qsf"), frame, shipped_instrument(ident)
    )
    assert import_and_analyze(tmp_path, export, relationships, "qualtrics") == own


@pytest.mark.parametrize("ident", ["TPI-1", "TPI-2"])
@pytest.mark.parametrize("answers", list(LIMESURVEY))
def test_a_limesurvey_export_gives_the_demo_result(
    tmp_path: Path, ident: str, answers: str
) -> None:
    frame, relationships, own = demo_answers(tmp_path, ident)
    export = LIMESURVEY[answers](
        survey_file(tmp_path, ident, "lss"), frame, shipped_instrument(ident)
    )
    result = import_and_analyze(tmp_path, export, relationships, "limesurvey")
    # LimeSurvey numbers its responses itself, so only the order of some counts may differ.
    assert json.loads(result) == json.loads(own)


def test_a_survey_file_with_two_tags_swapped_gives_another_result(tmp_path: Path) -> None:
    """The round trip reads the file's tags: swapping two items' tags changes the result."""
    frame, relationships, own = demo_answers(tmp_path, "TPI-1")
    survey = json.loads(survey_file(tmp_path, "TPI-1", "qsf"))
    tags = {q["DataExportTag"]: q for q in answer_exports.qsf_questions(survey)}
    tags["OUT1"]["DataExportTag"], tags["ALT1"]["DataExportTag"] = "ALT1", "OUT1"
    export = answer_exports.qualtrics_export(
        survey, frame, shipped_instrument("TPI-1"), choice_text=False
    )
    swapped = import_and_analyze(tmp_path, export, relationships, "qualtrics")
    assert json.loads(swapped) != json.loads(own)
