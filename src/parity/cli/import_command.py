"""`parity import`: answers from a survey tool's export, written as Parity's responses file.

Prints which tool wrote the file, what each of its columns became (or why it was left out),
and every problem at once; the responses file is written only when there is none. Nothing
heavy is imported at module level: `parity --help` stays instant.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from parity.cli.failure import fail, stderr
from parity.cli.output import write_whole
from parity.cli.running import load_instrument

if TYPE_CHECKING:
    from rich.console import Console

    from parity.io.survey_tools import Imported

NOTHING = "Nothing was written"
TOOL_NAMES = ("qualtrics", "surveymonkey", "google-forms", "microsoft-forms", "limesurvey")


def _read_bytes(path: Path) -> bytes:
    from parity.io.csvfile import read_file
    from parity.io.errors import InputFileError

    try:
        return read_file(path)[0]
    except InputFileError as error:
        fail(f"{NOTHING}.", str(error))


def _nothing_written(count: int) -> str:
    return f"{NOTHING}: {count} problem{'s' if count != 1 else ''} in the input."


def print_preview(result: Imported, console: Console) -> None:
    """The tool, then each column of the export and what became of it."""
    from rich.table import Table

    console.print(
        f"[bold]{result.export.file}[/]: a {result.tool.name} export, "
        f"{len(result.export.rows)} response(s), read as {result.instrument.id}."
    )
    table = Table(title="Columns", title_justify="left")
    for heading in ("", "column", "becomes", "how"):
        table.add_column(heading)
    for column in result.export.columns:
        target = result.mapping.targets.get(column.key)
        table.add_row(
            column.letter,
            column.key,
            target or "—",
            result.mapping.notes.get(column.key, ""),
        )
    console.print(table)
    if "respondent" not in result.mapping.targets.values():
        console.print("respondent: the row number (the export has no response id).")


@click.command("import")
@click.argument("export", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--from",
    "tool",
    type=click.Choice(TOOL_NAMES),
    help="The survey tool that wrote EXPORT; detected from its headers by default.",
)
@click.option(
    "--mapping",
    type=click.Path(dir_okay=False, path_type=Path),
    help='A mapping file (TOML): under [columns], "tool column" = "parity column".',
)
@click.option(
    "--save-mapping",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the mapping found to this file, to edit and give back with --mapping.",
)
@click.option(
    "--instrument",
    metavar="ID|FILE",
    help=(
        "A shipped instrument (TPI-1, TPI-2) or a custom one's file; by default the shipped "
        "instrument whose items the export's columns hold."
    ),
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write Parity's responses file here; without it, only the preview is shown.",
)
def import_answers(
    export: Path,
    tool: str | None,
    mapping: Path | None,
    save_mapping: Path | None,
    instrument: str | None,
    output: Path | None,
) -> None:
    """Bring in EXPORT, the answers from a survey tool (Qualtrics, SurveyMonkey, Google
    Forms, Microsoft Forms, LimeSurvey), as Parity's responses file for `parity analyze`."""
    from rich.console import Console

    from parity.io.errors import InputFileError
    from parity.io.survey_tools import import_answers as run_import
    from parity.io.survey_tools import mapping_toml, write_csv

    data = _read_bytes(export)
    chosen = load_instrument(instrument) if instrument else None
    mapping_file = None
    if mapping is not None:
        mapping_file = (_read_bytes(mapping).decode("utf-8", errors="replace"), mapping.name)
    try:
        result = run_import(
            data, export.name, tool=tool, instrument=chosen, mapping_file=mapping_file
        )
    except InputFileError as error:
        fail(_nothing_written(error.total), str(error))
    print_preview(result, Console())
    if save_mapping is not None:
        write_whole(
            [mapping_toml(result.mapping, result.export, result.tool.key).encode("utf-8")],
            save_mapping,
        )
        stderr().print(f"Wrote the mapping to {save_mapping}.")
    if result.problems:
        fail(_nothing_written(result.total), str(result.error))
    if output is None:
        stderr().print("Nothing was written: give --output (-o) to write the responses file.")
        return
    write_whole([write_csv(result)], output)
    stderr().print(
        f"Wrote {output} ({len(result.export.rows)} responses). "
        f"Analyse it with: parity analyze {output}"
    )
