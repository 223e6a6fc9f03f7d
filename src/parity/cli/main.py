"""The `parity` command.

File commands use core, io and demo only; heavy imports happen inside the commands so that
`parity --help` stays instant.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console

from parity.cli import (
    agreement_command,
    import_command,
    instrument_command,
    report_command,
    segments_command,
    serve_command,
    srm_command,
    validate_command,
)
from parity.cli.failure import fail, stderr
from parity.cli.options import (
    demo_instrument_option,
    ignore_unknown_columns_option,
    instrument_option,
    keep_flagged_option,
    min_respondents_option,
    reader_option,
    relationships_option,
    table_or_json_option,
    text_threshold_option,
)
from parity.cli.output import write_parts, write_whole, written_whole
from parity.cli.running import (
    DEMO_THRESHOLDS,
    HISTORY_FILE,
    analyse_demo,
    load_instrument,
    run_analysis,
    write_demo_data,
)
from parity.collector import for_large_analyses
from parity.core.schema import TEXT_COLUMNS

if TYPE_CHECKING:
    from parity.core.analysis import Analysis
    from parity.core.instrument import Item
    from parity.core.policy import Thresholds


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="parity")
def cli() -> None:
    """Parity: is it a partnership, or a service?

    Scores both sides of each relationship together, finds who holds power and why, and
    names the archetype (true partnership, developing, customer-supplier, master-servant,
    adversarial, detached) with its reasons.
    """


def _render(
    analysis: Analysis, thresholds: Thresholds, fmt: str, output: Path | None, scores: bool
) -> None:
    from parity.io.analysis_json import analysis_json_parts

    if fmt == "json":
        write_parts(analysis_json_parts(analysis), output)
        return
    from parity.cli.render import print_analysis

    if output is None:
        print_analysis(analysis, Console(), thresholds, scores=scores)
        return
    with written_whole(output, text=True) as handle:
        plain = Console(file=handle, width=160, no_color=True)
        print_analysis(analysis, plain, thresholds, scores=scores)
    stderr().print(f"Wrote {output}.")


@cli.command()
@click.argument("responses", type=click.Path(dir_okay=False, path_type=Path))
@relationships_option
@table_or_json_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write here.")
@min_respondents_option
@text_threshold_option
@instrument_option
@ignore_unknown_columns_option
@reader_option
@keep_flagged_option
@click.option(
    "--scores", is_flag=True, help="Also print each relationship's construct scores, both sides."
)
def analyze(
    responses: Path,
    relationships: Path | None,
    fmt: str,
    output: Path | None,
    min_respondents: int,
    text_threshold: int,
    instrument: str | None,
    ignore_unknown_columns: bool,
    reader: str,
    keep_flagged: bool,
    scores: bool,
) -> None:
    """Analyse RESPONSES (wide CSV, one row per respondent) relationship by relationship."""
    from parity.cli.progress import working

    chosen = load_instrument(instrument, responses)
    with working(f"Analysing {responses.name}"):
        result = run_analysis(
            responses,
            relationships,
            chosen,
            min_respondents=min_respondents,
            ignore_unknown_columns=ignore_unknown_columns,
            reader=reader,
            keep_flagged=keep_flagged,
        )
    from parity.core.disclosure import Thresholds, disclose_analysis

    thresholds = Thresholds(min_respondents, text_threshold)
    _render(disclose_analysis(result, thresholds), thresholds, fmt, output, scores)


@cli.command("demo-data")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--seed", type=int, default=7, show_default=True, help="Same seed, same data.")
@demo_instrument_option
def demo_data(outdir: Path, seed: int, instrument_id: str) -> None:
    """Write the demo organization's survey data to OUTDIR."""
    from parity.core.instrument import shipped_instrument

    responses, relationships = write_demo_data(outdir, seed, shipped_instrument(instrument_id))
    click.echo(f"Wrote {responses}, {relationships}, parties.csv and expected-archetypes.csv.")
    click.echo(f"Analyse it with: parity analyze {responses} --relationships {relationships}")
    click.echo(
        f"Both rounds, with the trends: parity analyze {outdir / HISTORY_FILE} "
        f"--relationships {relationships}"
    )


@cli.command()
@click.option(
    "--out",
    "outdir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("demo-output"),
    show_default=True,
    help="Where the demo data and results are written.",
)
@click.option("--seed", type=int, default=7, show_default=True)
@demo_instrument_option
def demo(outdir: Path, seed: int, instrument_id: str) -> None:
    """Generate the demo organization and analyse it (what `make run` does)."""
    responses, relationships, result = analyse_demo(outdir, seed, instrument_id)
    from parity.cli.render import print_analysis
    from parity.core.organization import organization_view
    from parity.io.analysis_json import analysis_json_parts

    # The organization view is made once, for the terminal and the JSON alike.
    view = organization_view(result)
    print_analysis(result, Console(), DEMO_THRESHOLDS, view=view)
    json_path = outdir / "analysis.json"
    write_whole(analysis_json_parts(result, view), json_path)
    console = Console()
    console.print(
        f"\n[bold]Where to look[/]: the demo data is in {outdir}/ "
        f"(responses.csv, relationships.csv); the full results are in {json_path}."
    )
    console.print(
        f"Try: .venv/bin/parity analyze {responses} -r {relationships} --format json | less"
    )


@cli.command("instrument")
@click.option(
    "--instrument",
    "path",
    metavar="ID|FILE",
    help="A shipped instrument (TPI-1, TPI-2) or a custom one's file; TPI-1 by default.",
)
@click.option("--other", default="{other}", help="Show the wording with this party's name.")
@instrument_command.survey_file_options
def show_instrument(path: str | None, other: str, fmt: str, output: Path | None) -> None:
    """List the instrument's items and open questions, or write it as a survey file for
    Qualtrics (--format qsf) or LimeSurvey (--format lss)."""
    from rich.table import Table

    chosen = load_instrument(path)
    if fmt != "table":
        instrument_command.write_survey_file(chosen, fmt, output)
        return
    table = Table(title=f"{chosen.title} ({chosen.id} v{chosen.version})")
    for column in ("ID", "Construct", "Wording", "Scored"):
        table.add_column(column)
    low, high = chosen.scale_min, chosen.scale_max
    for item in chosen.items:
        name = chosen.name_of(item.construct)
        wording = item.wording(other)
        if item.compares:
            first, last = item.anchor_wording(other)
            wording += f" ({low} = {first} … {item.middle} … {high} = {last})"
        table.add_row(item.id, name, wording, scored_as(item))
    for question in chosen.open_questions:
        table.add_row(question.id, "open question", question.wording(other), "")
    Console().print(table)


def scored_as(item: Item) -> str:
    """How an item's answer is scored, in a word for the instrument table."""
    if item.reverse:
        return "reversed"
    return {"balance": "best in the middle", "not_less": "full from the middle up"}.get(
        item.scoring, ""
    )


@cli.command()
@click.argument("texts", nargs=-1)
@click.option(
    "--jsonl",
    metavar="FILE",
    help='JSON Lines with {"text": ..., "id": ..., "question": ...} per line; "-" reads stdin.',
)
@click.option(
    "--question",
    type=click.Choice(TEXT_COLUMNS),
    help='The open question the statements answer (a JSON line\'s own "question" wins).',
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl"]),
    default="table",
    show_default=True,
    help="Readable output, or one JSON object per statement.",
)
@reader_option
def stance(
    texts: tuple[str, ...], jsonl: str | None, question: str | None, fmt: str, reader: str
) -> None:
    """The stance each statement takes toward the other party, with its evidence.

    Give statements as arguments, a JSON Lines file, or plain lines on stdin. A persona answer
    ("If they were a person…") describes the other party: give --question persona (or a
    "question" per JSON line) so it is read as one.
    """
    from parity.cli.stance_command import run_stance
    from parity.core.language.embedding import EmbeddingsUnavailableError
    from parity.io.errors import InputFileError

    try:
        run_stance(texts, jsonl, fmt, sys.stdout, reader, question)
    except InputFileError as error:
        fail(f"Nothing was classified: {error.total} problem(s) in the input.", str(error))
    except EmbeddingsUnavailableError as error:
        fail("Nothing was classified.", str(error))


cli.add_command(serve_command.serve)
cli.add_command(serve_command.manage)
cli.add_command(serve_command.worker)
cli.add_command(srm_command.srm)
cli.add_command(agreement_command.agreement)
cli.add_command(report_command.report)
cli.add_command(validate_command.validate)
cli.add_command(segments_command.segments)
cli.add_command(import_command.import_answers)


def main() -> None:
    for_large_analyses()  # the command line analyses whole files: see parity.collector
    cli(prog_name="parity")
