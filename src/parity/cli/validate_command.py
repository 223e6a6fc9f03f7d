"""`parity validate`: a confirmatory factor analysis of the instrument on a responses file.

Reads the same wide CSV as `parity analyze` (with the same reader, so a bad cell is reported the
same way), fits the instrument's constructs (:mod:`parity.core.validation`) and prints the fit,
the loadings, omega and, with --by, measurement invariance across two groups; as a table, JSON
or a self-contained HTML report. Nothing heavy is imported at module level: `parity --help`
stays instant.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import click

from parity.cli.failure import fail, stderr
from parity.cli.options import (
    ignore_unknown_columns_option,
    instrument_option,
    keep_flagged_option,
)
from parity.cli.output import write_output, written_whole
from parity.cli.running import load_instrument

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import Console

    from parity.core.instrument import Instrument
    from parity.core.validation import Validation

NOTHING = "Nothing was validated."


def _names(raw: str | None, option: str) -> list[str] | None:
    if raw is None:
        return None
    names = [part.strip() for part in raw.split(",") if part.strip()]
    if not names:
        raise click.BadParameter(f"give names separated by commas, e.g. {option} A,B")
    return names


def _not_the_by_column(problem_column: str | None, message: str, by: str | None) -> bool:
    return not (by is not None and problem_column == by and "not a known column" in message)


def read_answers(
    path: Path, instrument: Instrument, by: str | None, ignore_unknown: bool
) -> pd.DataFrame:
    """The responses as `parity analyze` reads them; the --by column is not an unknown column.

    The reader refuses columns it does not know unless told to ignore them; a --by column of
    the user's own (a department, a site) is asked for by name, so its refusal is dropped and
    the file read again without it. Every other problem is reported as `analyze` reports it.
    """
    from pandas.errors import ParserWarning

    from parity.io.errors import InputFileError
    from parity.io.responses import read_responses

    warnings.simplefilter("ignore", ParserWarning)
    try:
        return read_responses(path, instrument, ignore_unknown_columns=ignore_unknown)
    except InputFileError as error:
        rest = [p for p in error.problems if _not_the_by_column(p.column, p.message, by)]
        if rest or error.total > len(error.problems):
            detail = "\n".join(str(p) for p in rest) if rest else str(error)
            if any("not a known column" in p.message for p in rest):
                detail += "\n(--ignore-unknown-columns drops columns Parity does not know.)"
            count = max(error.total - (len(error.problems) - len(rest)), 1)
            fail(f"{NOTHING} {count} problem{'s' if count != 1 else ''} in the input.", detail)
    return read_responses(path, instrument, ignore_unknown_columns=True)


def group_column(path: Path, responses: pd.DataFrame, column: str) -> pd.Series:
    """The --by column aligned with ``responses``: one of its own columns, or a column of the
    file the reader does not keep, read as text and matched by respondent (and wave)."""
    from parity.core.schema import RESPONDENT, WAVE
    from parity.io.csvfile import CsvFile, read_file
    from parity.io.errors import InputFileError

    if column in responses.columns:
        return responses[column].rename(column)
    keys = [c for c in (RESPONDENT, WAVE) if c in responses.columns]
    try:
        csv = CsvFile(*read_file(path))
    except InputFileError as error:
        fail(NOTHING, str(error))
    if column not in csv.header:
        listed = ", ".join(f'"{c}"' for c in csv.header if c)
        fail(NOTHING, f'{path.name}: there is no column "{column}" (the columns are: {listed}).')
    csv.select([*keys, column], ignore_unknown=True)
    frame = csv.read_rows(text_columns=(*keys, column))
    if frame is None:
        fail(NOTHING, str(csv.problems.error()))
    extra = frame.astype("string").apply(lambda s: s.str.strip())
    merged = responses[keys].merge(extra, on=keys, how="left")
    return merged[column].set_axis(responses.index).rename(column)


def _print_fit(validation: Validation, console: Console) -> None:
    from rich.table import Table

    from parity.core.validation import decimals

    fit = validation.result.fit
    table = Table(title="Fit (maximum likelihood, as lavaan's cfa())", title_justify="left")
    for name in ("χ²", "df", "p", "CFI", "TLI", "RMSEA", "90% CI", "SRMR"):
        table.add_column(name, justify="right")
    p = "< .001" if fit.pvalue < 0.001 else decimals(fit.pvalue)
    ci = f"{decimals(fit.rmsea_ci_lower)}–{decimals(fit.rmsea_ci_upper)}"
    table.add_row(
        f"{fit.chisq:.3f}",
        str(fit.df),
        p,
        decimals(fit.cfi),
        decimals(fit.tli),
        decimals(fit.rmsea),
        ci,
        decimals(fit.srmr),
    )
    console.print(table)


def _print_loadings(validation: Validation, console: Console) -> None:
    from rich.table import Table

    from parity.core.validation import decimals

    result = validation.result
    residuals = result.residual_variances()
    table = Table(title="Loadings and reliability", title_justify="left")
    for name, justify in (("Construct", "left"), ("Item", "left"), ("Loading", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for name in ("SE", "Std.", "Residual (std.)", "Omega"):
        table.add_column(name, justify="right")
    previous = None
    for e in result.loadings():
        first = e.lhs != previous
        previous = e.lhs
        table.add_row(
            validation.names.get(e.lhs, e.lhs) if first else "",
            e.rhs + (" (rev.)" if e.rhs in validation.reversed_items else ""),
            decimals(e.estimate, bounded=False),
            "" if e.se is None else decimals(e.se, bounded=False),
            decimals(e.std),
            decimals(residuals[e.rhs].std),
            decimals(result.omega[0][e.lhs], 2) if first else "",
            end_section=False,
        )
    console.print(table)


def _print_correlations(validation: Validation, console: Console) -> None:
    """The factor correlations as a lower triangle, constructs by code."""
    from rich.table import Table

    from parity.core.validation import decimals

    result = validation.result
    codes = result.model.factor_names
    value = {(e.lhs, e.rhs): e.std for e in result.factor_covariances()}
    table = Table(title="Factor correlations", title_justify="left")
    table.add_column("")
    for code in codes[:-1]:
        table.add_column(code, justify="right")
    for i, row in enumerate(codes[1:], start=1):
        cells = [decimals(value[(codes[j], row)], 2) for j in range(i)]
        table.add_row(row, *cells, *[""] * (len(codes) - 1 - i))
    console.print(table)


def _print_invariance(validation: Validation, console: Console) -> None:
    from rich.table import Table

    from parity.core.validation import decimals, delta_cfi, p_text

    comparison = validation.comparison
    if comparison is None:
        return
    steps = comparison.invariance.steps
    groups = ", ".join(
        f"{g} ({n})"
        for g, n in zip(comparison.invariance.groups, comparison.invariance.n, strict=True)
    )
    table = Table(title=f"Invariance by {comparison.column}: {groups}", title_justify="left")
    for name in ("Level", "χ²", "df", "CFI", "RMSEA", "Δχ²", "Δdf", "p", "ΔCFI"):
        table.add_column(name, justify="left" if name == "Level" else "right")
    for i, step in enumerate(steps):
        fit = step.result.fit
        test = ["", "", "", ""]
        if i:
            test = [
                f"{step.chisq_diff or 0.0:.3f}",
                str(step.df_diff),
                p_text(step.p_value or 0.0).removeprefix("p = ").removeprefix("p "),
                decimals(delta_cfi(step, steps[i - 1])),
            ]
        table.add_row(
            step.level,
            f"{fit.chisq:.3f}",
            str(fit.df),
            decimals(fit.cfi),
            decimals(fit.rmsea),
            *test,
        )
    console.print(table)
    for sentence in comparison.sentences:
        console.print(sentence, highlight=False)


def print_validation(validation: Validation, console: Console, source: str) -> None:
    """Everything `parity validate` found, for a person reading a terminal."""
    instrument = f"{validation.instrument['id']} v{validation.instrument['version']}"
    console.print(f"[bold]Validating {instrument}[/] on {source}", highlight=False)
    for note in validation.notes:
        console.print(note, highlight=False)
    _print_fit(validation, console)
    _print_loadings(validation, console)
    _print_correlations(validation, console)
    for sentence in validation.summary:
        console.print(sentence, highlight=False)
    _print_invariance(validation, console)


def _render(validation: Validation, fmt: str, output: Path | None, source: str) -> None:
    if fmt == "json":
        from parity.io.validation_json import validation_json

        write_output(validation_json(validation, source), output)
    elif fmt == "html":
        from parity.reports.model import ReportContext
        from parity.reports.validation import validation_html, validation_report

        report = validation_report(validation, ReportContext(source=source))
        write_output(validation_html(report), output)
    elif output is None:
        from rich.console import Console

        print_validation(validation, Console(), source)
    else:
        from rich.console import Console

        with written_whole(output, text=True) as handle:
            print_validation(validation, Console(file=handle, width=160, no_color=True), source)
        stderr().print(f"Wrote {output}.")


@click.command("validate")
@click.argument("responses", type=click.Path(dir_okay=False, path_type=Path))
@instrument_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "html"]),
    default="table",
    show_default=True,
    help="A table for people, JSON for other tools, or a self-contained HTML report.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write here.")
@click.option(
    "--by",
    metavar="COLUMN",
    help="Compare groups of this column (party, about, or a column of your own) for invariance.",
)
@click.option(
    "--groups",
    "raw_groups",
    metavar="A,B",
    help="With --by: the values to compare (by default the two largest groups).",
)
@click.option(
    "--constructs",
    "raw_constructs",
    metavar="CODE,CODE",
    help="Fit only these constructs (codes such as OUT,COM); every construct by default.",
)
@click.option(
    "--within-sides",
    is_flag=True,
    help="Fit each answer less its side's item mean (the pooled within-side covariance).",
)
@keep_flagged_option
@ignore_unknown_columns_option
def validate(
    responses: Path,
    instrument: str | None,
    fmt: str,
    output: Path | None,
    by: str | None,
    raw_groups: str | None,
    raw_constructs: str | None,
    within_sides: bool,
    keep_flagged: bool,
    ignore_unknown_columns: bool,
) -> None:
    """Confirmatory factor analysis of the instrument's constructs on RESPONSES.

    The same wide CSV `parity analyze` reads. Prints the fit (chi-square, CFI, TLI, RMSEA,
    SRMR), the loadings and omega of each construct and, with --by, whether two groups answer
    the items alike (configural, metric and scalar invariance).
    """
    groups = _names(raw_groups, "--groups")
    if groups is not None and by is None:
        raise click.BadParameter("--groups needs --by COLUMN", param_hint="--groups")
    if output is not None:
        from parity.cli.report_command import check_writable

        check_writable(output)
    chosen = load_instrument(instrument, responses)
    frame = read_answers(responses, chosen, by, ignore_unknown_columns)
    by_values = group_column(responses, frame, by) if by else None
    from parity.core.validation import ValidationError
    from parity.core.validation import validate as run

    try:
        result = run(
            frame,
            chosen,
            constructs=_names(raw_constructs, "--constructs"),
            by=by_values,
            groups=groups,
            within_sides=within_sides,
            keep_flagged=keep_flagged,
        )
    except ValidationError as error:
        fail(NOTHING, f"{responses.name}: {error}")
    _render(result, fmt, output, responses.name)
