"""`parity instrument --format qsf|lss`: the survey file to a file or standard output, the
table unchanged by default."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from parity.cli.main import cli
from parity.core.instrument import shipped_instrument
from parity.io.survey_files import lss_text, qsf_text, validate_lss, validate_qsf

VALIDATORS = {"qsf": validate_qsf, "lss": validate_lss}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", ["qsf", "lss"])
@pytest.mark.parametrize("ident", ["TPI-1", "TPI-2"])
def test_the_survey_file_is_written_and_valid(tmp_path: Path, fmt: str, ident: str) -> None:
    path = tmp_path / f"tpi.{fmt}"
    code, out, err = run("instrument", "--instrument", ident, "--format", fmt, "-o", str(path))
    assert code == 0, err
    assert out == ""
    assert f"Wrote {path}" in err.replace("\n", "")
    assert "parity import" in err
    text = path.read_text(encoding="utf-8")
    assert VALIDATORS[fmt](text) == []
    assert ident in text


def test_without_output_the_file_goes_to_standard_output() -> None:
    instrument = shipped_instrument("TPI-1")
    assert run("instrument", "--format", "qsf")[1] == qsf_text(instrument)
    assert run("instrument", "--format", "lss")[1] == lss_text(instrument)


def test_the_table_stays_the_default() -> None:
    default = run("instrument", "--other", "Finance")
    assert default == run("instrument", "--other", "Finance", "--format", "table")
    assert "OUT1" in default[1]
    assert "Finance" in default[1]
    assert "<document>" not in default[1]
