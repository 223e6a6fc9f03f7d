"""`parity report`: the organization report, one relationship's report, or the workshop pack,
as a self-contained HTML file or a PDF.

Only click is imported at start-up; the engine, the reports and WeasyPrint load when the command
runs, so `parity --help` stays instant.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from parity.cli.options import (
    ignore_unknown_columns_option,
    instrument_option,
    keep_flagged_option,
    min_respondents_option,
    relationships_option,
    text_threshold_option,
)
from parity.cli.output import write_whole
from parity.core.translation import SOURCE_LANGUAGE, available_languages, speaking

if TYPE_CHECKING:
    from parity.core.analysis import Analysis, RelationshipResult
    from parity.core.disclosure import Thresholds
    from parity.reports.model import ReportContext, RoundSnapshot

#: The output's kind, from its file name.
FORMATS = {".pdf": "pdf", ".html": "html", ".htm": "html"}
MAX_LISTED = 12


def _fail(title: str, detail: str) -> None:
    from parity.cli.failure import fail

    fail(title, detail)


def output_format(output: Path) -> str:
    """``pdf`` or ``html`` from the file name; anything else is refused before any work."""
    kind = FORMATS.get(output.suffix.lower())
    if kind is None:
        _fail(
            "Nothing was written.",
            f"{output}: the report is written as PDF or HTML; choose a file name ending in "
            f".pdf or .html (not '{output.suffix or 'no extension'}').",
        )
        raise AssertionError  # unreachable: _fail exits
    return kind


def check_writable(output: Path) -> None:
    """Refuse an output that cannot be written, before the analysis runs (click has already
    refused a folder)."""
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        _fail(
            "Nothing was written.",
            f"{output}: the folder {folder} does not exist; create it or choose another place.",
        )
    writable = os.access(output, os.W_OK) if output.exists() else os.access(folder, os.W_OK)
    if not writable:
        _fail(
            "Nothing was written.",
            f"{output}: Parity may not write there; choose a folder you can write to.",
        )


def parse_pair(text: str) -> tuple[str, str]:
    """``"IT|Finance"`` as the two parties' names."""
    parts = [p.strip() for p in text.split("|")]
    if len(parts) != 2 or not all(parts) or parts[0] == parts[1]:
        _fail(
            "Nothing was written.",
            f'--relationship "{text}": name the two parties separated by a bar, as in '
            '--relationship "IT|Finance".',
        )
    return parts[0], parts[1]


def _wave_order(wave: object) -> tuple[int, float | str]:
    """Waves sort as numbers when they are numbers ("2" before "10"), otherwise as text."""
    try:
        return 0, float(str(wave))
    except ValueError:
        return 1, str(wave)


def split_waves(analysis: Analysis) -> tuple[list[RelationshipResult], list[RoundSnapshot]]:
    """The last wave's results, and the earlier waves (oldest first) for the trend."""
    from parity.reports.model import RoundSnapshot

    waves = sorted({r.wave for r in analysis.relationships if r.wave is not None}, key=_wave_order)
    if not waves:
        return list(analysis.relationships), []
    by_wave = {w: tuple(r for r in analysis.relationships if r.wave == w) for w in waves}
    history = [RoundSnapshot(f"wave {w}", by_wave[w]) for w in waves[:-1]]
    return list(by_wave[waves[-1]]), history


def find_pair(
    results: Sequence[RelationshipResult], pair: tuple[str, str], source: Path
) -> RelationshipResult:
    wanted = {p.casefold() for p in pair}
    for result in results:
        if {p.casefold() for p in result.parties} == wanted:
            return result
    known = sorted("|".join(r.parties) for r in results)
    listed = ", ".join(f'"{k}"' for k in known[:MAX_LISTED])
    more = f" and {len(known) - MAX_LISTED} more" if len(known) > MAX_LISTED else ""
    _fail(
        "Nothing was written.",
        f"{source} has no relationship between {pair[0]} and {pair[1]}. "
        f"The relationships are: {listed}{more}.",
    )
    raise AssertionError  # unreachable: _fail exits


def render(
    analysis: Analysis,
    pair: tuple[str, str] | None,
    workshop: bool,
    thresholds: Thresholds,
    context: ReportContext,
    source: Path,
) -> str:
    """The HTML of what was asked for."""
    from parity.core.organization import organization_view
    from parity.reports import (
        organization_html,
        organization_report,
        relationship_html,
        relationship_report,
        workshop_html,
        workshop_pack,
    )
    from parity.reports.network_chart import organization_sections

    results, history = split_waves(analysis)
    chosen = find_pair(results, pair, source) if pair else None
    if workshop:
        return workshop_html(workshop_pack([chosen] if chosen else results, thresholds, context))
    if chosen is not None:
        report = relationship_report(chosen, thresholds, context, history=history)
        return relationship_html(report)
    network, round_robin = organization_sections(organization_view(analysis))
    whole = organization_report(
        results, thresholds, context, history=history, network=network, round_robin=round_robin
    )
    return organization_html(whole)


@click.command()
@click.argument("responses", type=click.Path(dir_okay=False, path_type=Path))
@relationships_option
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write: report.pdf or report.html (self-contained).",
)
@click.option(
    "--relationship",
    "pair_text",
    metavar='"A|B"',
    help="One relationship's report, such as \"IT|Finance\"; the organization's by default.",
)
@click.option(
    "--workshop",
    is_flag=True,
    help="The workshop pack instead: prompts, a draft charter, the personification script.",
)
@click.option("--organization", help="The organization's name, for the report's heading.")
@click.option(
    "--language",
    type=click.Choice(sorted(available_languages())),
    default=SOURCE_LANGUAGE,
    show_default=True,
    help="The language the report is written in.",
)
@min_respondents_option
@text_threshold_option
@instrument_option
@ignore_unknown_columns_option
@keep_flagged_option
def report(
    responses: Path,
    relationships: Path | None,
    output: Path,
    pair_text: str | None,
    workshop: bool,
    organization: str | None,
    language: str,
    min_respondents: int,
    text_threshold: int,
    instrument: str | None,
    ignore_unknown_columns: bool,
    keep_flagged: bool,
) -> None:
    """Write a report of RESPONSES as PDF or self-contained HTML.

    The organization report by default; one relationship's report with --relationship; the
    workshop pack with --workshop (for one relationship, or every one). With a wave column,
    the last wave is reported and the earlier ones give the trend.
    """
    kind = output_format(output)
    check_writable(output)
    pair = parse_pair(pair_text) if pair_text is not None else None
    from rich.console import Console

    from parity.cli.progress import working
    from parity.cli.running import load_instrument, run_analysis
    from parity.core.disclosure import Thresholds
    from parity.reports.model import ReportContext

    chosen = load_instrument(instrument, responses)
    with working(f"Analysing {responses.name}"):
        analysis = run_analysis(
            responses,
            relationships,
            chosen,
            min_respondents=min_respondents,
            ignore_unknown_columns=ignore_unknown_columns,
            keep_flagged=keep_flagged,
        )
    results, _ = split_waves(analysis)
    context = ReportContext(
        organization=organization,
        round=f"wave {results[0].wave}" if results and results[0].wave is not None else None,
        source=responses.name,
    )
    thresholds = Thresholds(score=min_respondents, text=text_threshold)
    with working(f"Writing {output.name}"), speaking(language):
        html = render(analysis, pair, workshop, thresholds, context, responses)
        if kind == "pdf":
            from parity.reports.pdf import html_to_pdf

            content = html_to_pdf(html)
        else:
            content = html.encode("utf-8")
    write_whole([content], output)
    Console(stderr=True).print(f"Wrote {output}.", highlight=False)
