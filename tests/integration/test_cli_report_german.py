"""`parity report --language`: the report in a language Parity ships, English by default."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

Run = Callable[..., Result]


def _report(run: Run, demo_files: tuple, out: Path, *language: str) -> Result:
    """`parity report` of the demo files into ``out``, with ``--language`` when given."""
    responses, relationships = demo_files
    options = ("--language", *language) if language else ()
    return run("report", str(responses), "-r", str(relationships), "-o", str(out), *options)


def test_the_organization_report_in_german(run: Run, demo_files: tuple, tmp_path: Path) -> None:
    out = tmp_path / "bericht.html"
    result = _report(run, demo_files, out, "de")
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert '<html lang="de">' in html
    assert "So lesen Sie diesen Bericht" in html
    assert "How to read this report" not in html.split("</head>", 1)[1]


def test_a_language_without_a_catalog_is_refused(
    run: Run, demo_files: tuple, tmp_path: Path
) -> None:
    out = tmp_path / "rapport.html"
    result = _report(run, demo_files, out, "xx")
    assert result.exit_code == 2
    assert "--language" in result.output
    assert not out.exists()


def test_english_is_the_default(run: Run, demo_files: tuple, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = _report(run, demo_files, out)
    assert result.exit_code == 0, result.output
    assert '<html lang="en">' in out.read_text("utf-8")
