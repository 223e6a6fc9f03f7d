"""`parity report --language`: the report in a language Parity ships, English by default."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

Run = Callable[..., Result]


def test_the_organization_report_in_german(run: Run, demo_files: tuple, tmp_path: Path) -> None:
    responses, relationships = demo_files
    out = tmp_path / "bericht.html"
    result = run(
        "report", str(responses), "-r", str(relationships), "-o", str(out), "--language", "de"
    )
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert '<html lang="de">' in html
    assert "So lesen Sie diesen Bericht" in html
    assert "How to read this report" not in html.split("</head>", 1)[1]


def test_a_language_without_a_catalog_is_refused(
    run: Run, demo_files: tuple, tmp_path: Path
) -> None:
    responses, relationships = demo_files
    out = tmp_path / "rapport.html"
    result = run(
        "report", str(responses), "-r", str(relationships), "-o", str(out), "--language", "xx"
    )
    assert result.exit_code == 2
    assert "--language" in result.output
    assert not out.exists()


def test_english_is_the_default(run: Run, demo_files: tuple, tmp_path: Path) -> None:
    responses, relationships = demo_files
    out = tmp_path / "report.html"
    result = run("report", str(responses), "-r", str(relationships), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert '<html lang="en">' in out.read_text("utf-8")
