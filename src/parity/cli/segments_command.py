"""`parity segments`: each side's respondents by role, level, location or tenure.

Runs the same analysis as `parity analyze` (the same reader, screen and thresholds) and shows,
per shown side, the construct scores of each segment that may be shown (docs/method.md §2b),
the attributes that may not, and the splits. Nothing heavy is imported at module level:
`parity --help` stays instant.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from parity.cli.failure import fail, stderr
from parity.cli.options import (
    ignore_unknown_columns_option,
    instrument_option,
    keep_flagged_option,
    min_respondents_option,
    relationships_option,
    table_or_json_option,
)
from parity.cli.output import write_output, written_whole
from parity.cli.running import load_instrument, run_analysis
from parity.core.schema import SEGMENT_COLUMNS

if TYPE_CHECKING:
    from collections.abc import Mapping

    from rich.console import Console
    from rich.table import Table

    from parity.core.analysis import Analysis, SideResult
    from parity.core.instrument import Construct
    from parity.core.segments import AttributeSegments, SideSegments

    Words = Mapping[str, Construct]

NOTHING = "No segments were shown."


def check_columns(path: Path, by: str | None) -> None:
    """Stop, naming the file, when it has no attribute column (or not the one asked for)."""
    from parity.io.csvfile import CsvFile, read_file
    from parity.io.errors import InputFileError

    try:
        header = set(CsvFile(*read_file(path)).header)
    except InputFileError as error:
        fail(NOTHING, str(error))
    wanted = (by,) if by else SEGMENT_COLUMNS
    if not header & set(wanted):
        listed = " or ".join(f'"{c}"' for c in wanted)
        fail(
            NOTHING,
            f"{path.name}: there is no {listed} column; add the respondents' "
            f"{'/'.join(wanted)} as a column to see the sides by it (docs/file-formats.md).",
        )


def _cell(value: float | None) -> str:
    """A score as the tables show it; "–" where none is shown (absent or NaN)."""
    return "–" if value is None or value != value else f"{value:.0f}"


def attribute_table(side: SideResult, found: AttributeSegments, words: Words) -> Table:
    """One attribute of one side: a row per construct shown, the whole side then each segment."""
    from rich.table import Table

    from parity.core.segments import value_words

    table = Table(title=f"by {found.attribute}", title_justify="left")
    table.add_column("Construct")
    table.add_column(f"whole side\n{side.respondents}", justify="right")
    for segment in found.segments:
        name = value_words(found.attribute, segment.value)
        table.add_column(f"{name}\n{segment.respondents}", justify="right")
    for construct in found.constructs:
        cells = [_cell(s.scores.get(construct)) for s in found.segments]
        name = words[construct].name if construct in words else construct
        table.add_row(name, _cell(side.scores.get(construct)), *cells)
    return table


def print_side(
    console: Console, wave: str | None, side: SideResult, found: SideSegments, words: Words
) -> None:
    """A side's tables, one per attribute shown, its splits and what is not shown."""
    from rich.text import Text

    from parity.core.segments import split_sentence

    heading = Text(f"{side.party} about {side.about}", style="bold")
    if wave is not None:
        heading.append(f" (wave {wave})", style="dim")
    console.print(heading)
    for attribute in found.attributes:
        console.print(attribute_table(side, attribute, words))
    for split in found.splits:
        console.print(split_sentence(side.party, split, words), style="magenta", highlight=False)
    if found.withheld:
        console.print(
            f"Not shown: by {', by '.join(found.withheld)} (a group, or the rest of the side, "
            "would have fewer respondents than the threshold).",
            style="dim",
            highlight=False,
        )
    console.print()


def print_segments(analysis: Analysis, console: Console, attribute: str | None) -> None:
    """Every shown side with segments, for a person reading a terminal."""
    from parity.core.segments import SPLIT_POINTS
    from parity.io.segments_json import only, segmented_sides

    sides = segmented_sides(analysis)
    console.print(
        f"[bold]Segments[/] · anonymity threshold {analysis.min_respondents}: a segment is "
        "shown when it and the rest of its side each have at least that many respondents; a "
        f"side is split when two segments are {SPLIT_POINTS:.0f} points or more apart with the "
        "95% interval excluding 0 (docs/method.md §2b).",
        highlight=False,
    )
    console.print()
    if not sides:
        console.print("No shown side has respondents who gave a role, level, location or tenure.")
    for wave, side, found in sides:
        print_side(console, wave, side, only(found, attribute), analysis.constructs)


def _render(analysis: Analysis, fmt: str, output: Path | None, attribute: str | None) -> None:
    if fmt == "json":
        from parity.io.segments_json import segments_json

        write_output(segments_json(analysis, attribute), output)
        return
    from rich.console import Console

    if output is None:
        print_segments(analysis, Console(), attribute)
        return
    with written_whole(output, text=True) as handle:
        print_segments(analysis, Console(file=handle, width=160, no_color=True), attribute)
    stderr().print(f"Wrote {output}.")


@click.command("segments")
@click.argument("responses", type=click.Path(dir_okay=False, path_type=Path))
@relationships_option
@click.option(
    "--by",
    type=click.Choice(SEGMENT_COLUMNS),
    help="Show only this attribute (every attribute the file has by default).",
)
@table_or_json_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write here.")
@min_respondents_option
@instrument_option
@ignore_unknown_columns_option
@keep_flagged_option
def segments(
    responses: Path,
    relationships: Path | None,
    by: str | None,
    fmt: str,
    output: Path | None,
    min_respondents: int,
    instrument: str | None,
    ignore_unknown_columns: bool,
    keep_flagged: bool,
) -> None:
    """Each side of RESPONSES by the respondents' role, level, location or tenure.

    The file's optional role, level, location and tenure columns group each side's
    respondents; a segment is shown only when it, and the rest of its side, have at least
    --min-respondents respondents. Names the sides whose segments disagree (a split).
    """
    from parity.core.disclosure import Thresholds, disclose_analysis

    check_columns(responses, by)
    chosen = load_instrument(instrument, responses)
    result = run_analysis(
        responses,
        relationships,
        chosen,
        min_respondents=min_respondents,
        ignore_unknown_columns=ignore_unknown_columns,
        keep_flagged=keep_flagged,
    )
    shown = disclose_analysis(result, Thresholds(score=min_respondents))
    _render(shown, fmt, output, by)
