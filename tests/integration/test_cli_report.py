"""`parity report` as an analyst uses it: the organization report, one relationship, the
workshop pack, waves, and every kind of bad input refused with a sentence and exit code 2."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from click.testing import Result
from pypdf import PdfReader

Run = Callable[..., Result]


def _pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()), strict=True)
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def test_the_organization_report_as_pdf(run: Run, demo_files: tuple, tmp_path: Path) -> None:
    responses, relationships = demo_files
    out = tmp_path / "report.pdf"
    result = run(
        "report",
        str(responses),
        "-r",
        str(relationships),
        "-o",
        str(out),
        "--organization",
        "Harbour & Vale Group",
    )
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}." in result.output
    text = _pdf_text(out)
    assert "Harbour & Vale Group" in text
    assert "relationships called partner are partners in name only" in text
    assert "Page 1 of" in text


def test_one_relationship_as_html(run: Run, demo_files: tuple, tmp_path: Path) -> None:
    responses, relationships = demo_files
    out = tmp_path / "it-sales.html"
    result = run(
        "report",
        str(responses),
        "-r",
        str(relationships),
        "-o",
        str(out),
        "--relationship",
        "sales | it",
    )  # any case, spaces around the bar
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert html.startswith("<!doctype html>")
    assert "<h1>IT and Sales</h1>" in html
    assert "Partner in name only" in html
    assert "IT says it serves Sales" in html
    assert "<script" not in html
    assert "<link" not in html


def test_the_thresholds_are_the_web_pages_by_default(
    run: Run, demo_files: tuple, tmp_path: Path
) -> None:
    responses, relationships = demo_files
    out = tmp_path / "legal.html"
    result = run(
        "report",
        str(responses),
        "-r",
        str(relationships),
        "-o",
        str(out),
        "--relationship",
        "Legal|Nimbus Cloud Services",
    )
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert "Legal: fewer than 5 respondents: not shown" in html
    assert "Legal: 2 respondent" not in html
    assert "2 respondents" not in html


def test_the_workshop_pack(run: Run, demo_files: tuple, tmp_path: Path) -> None:
    responses, relationships = demo_files
    out = tmp_path / "pack.pdf"
    result = run(
        "report",
        str(responses),
        "-r",
        str(relationships),
        "--workshop",
        "--relationship",
        "IT|Finance",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    text = _pdf_text(out)
    for heading in (
        "Questions to ask",
        "Partnering charter: Finance and IT",
        "If they were a person: a workshop for Finance and IT",
    ):
        assert heading in text


def test_waves_give_a_trend(run: Run, demo_files: tuple, tmp_path: Path) -> None:
    responses, relationships = demo_files
    frame = pd.read_csv(responses)
    before, after = frame.copy(), frame.copy()
    before.insert(3, "wave", "1")
    after.insert(3, "wave", "2")
    before["respondent"] = "w1-" + before["respondent"].astype(str)
    waves = tmp_path / "waves.csv"
    pd.concat([before, after]).to_csv(waves, index=False)
    out = tmp_path / "trend.html"
    result = run(
        "report", str(waves), "-r", str(relationships), "-o", str(out), "--relationship", "IT|Sales"
    )
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert "Across rounds" in html
    assert "The partnering index held steady" in html
    assert "wave 1" in html
    assert "wave 2" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv", "-o", "{tmp}/r.pdf"], "the file does not exist"),
        (["{responses}", "-o", "{tmp}/r.docx"], "choose a file name ending in .pdf or .html"),
        (["{responses}", "-o", "{tmp}/r"], "choose a file name ending in .pdf or .html"),
        (["{responses}", "-o", "{tmp}/no/such/folder/r.pdf"], "does not exist; create it"),
        (["{responses}", "-o", "{tmp}"], "is a directory"),
        (
            ["{responses}", "-o", "{tmp}/r.pdf", "--relationship", "IT|Nobody"],
            "has no relationship between IT and Nobody",
        ),
        (
            ["{responses}", "-o", "{tmp}/r.pdf", "--relationship", "IT"],
            'name the two parties separated by a bar, as in --relationship "IT|Finance"',
        ),
        (
            ["{responses}", "-o", "{tmp}/r.pdf", "--min-respondents", "2"],
            "no group of fewer than 3 people",
        ),
    ],
)
def test_bad_input_is_refused_with_a_sentence(
    run: Run, demo_files: tuple, tmp_path: Path, args: list[str], message: str
) -> None:
    responses, _ = demo_files
    filled = [a.format(tmp=tmp_path, responses=responses) for a in args]
    result = run("report", *filled)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())
    assert not list(tmp_path.glob("r*"))


def test_a_folder_named_like_a_report_is_refused(
    run: Run, demo_files: tuple, tmp_path: Path
) -> None:
    responses, _ = demo_files
    (tmp_path / "out.pdf").mkdir()
    result = run("report", str(responses), "-o", str(tmp_path / "out.pdf"))
    assert result.exit_code == 2
    assert "is a directory" in result.output


def test_help_imports_neither_pandas_nor_weasyprint() -> None:
    code = (
        "import sys\n"
        "from parity.cli.main import cli\n"
        "try:\n    cli(['--help'], prog_name='parity')\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas', 'weasyprint', 'jinja2', 'parity.reports') "
        "if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout
    assert "report" in out.stdout
