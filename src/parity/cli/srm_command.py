"""`parity srm`: the Social Relations Model of a round robin, for people and for tools.

Nothing heavy is imported at module level: `parity --help` stays instant.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from parity.cli.failure import fail
from parity.cli.options import table_or_json_option
from parity.cli.tables import key, number, read_numbers, read_table, where

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import Console

    from parity.core.srm import SRMResult

#: What each component means, in one sentence a facilitator can read out.
MEANINGS: dict[str, str] = {
    "perceiver_variance": "People differ in how they rate everyone.",
    "target_variance": "People differ in how everyone rates them.",
    "relationship_variance": (
        "Ratings depend on the particular pair, beyond who rates and who is rated."
    ),
    "error_variance": "Part of the ratings is noise: the two measures of a pair disagree.",
    "perceiver_target_covariance": (
        "Whether those who rate others highly are rated highly in return (generalised reciprocity)."
    ),
    "relationship_covariance": (
        "Whether a pair's special regard is mutual: when A rates B unusually high, "
        "B rates A unusually high too (dyadic reciprocity)."
    ),
}
LABELS: dict[str, str] = {
    "perceiver_variance": "Perceiver variance",
    "target_variance": "Target variance",
    "relationship_variance": "Relationship variance",
    "error_variance": "Error variance",
    "perceiver_target_covariance": "Perceiver–target covariance",
    "relationship_covariance": "Relationship covariance",
}
VARIANCES = ("perceiver", "target", "relationship", "error")
COVARIANCES = ("perceiver_target", "relationship")


# --------------------------------------------------------------------------------------------
# The analysis as JSON
# --------------------------------------------------------------------------------------------


def _by_kind(series: pd.Series[Any], latent: bool) -> dict[str, dict[str, float | None]]:
    variances = VARIANCES if latent else VARIANCES[:3]
    return {
        "variance": {v: number(series[f"{v}_variance"]) for v in variances},
        "covariance": {c: number(series[f"{c}_covariance"]) for c in COVARIANCES},
    }


def result_dict(result: SRMResult, columns: dict[str, str | None]) -> dict[str, Any]:
    """The result as plain data: what `--format json` prints."""
    comp = result.components
    estimates = _by_kind(comp["estimate"], result.latent)
    reliability = {"perceiver": result.reliability.perceiver, "target": result.reliability.target}
    if result.latent:
        reliability["relationship"] = result.reliability.relationship
    effects = [
        {k: (key(v) if k in ("group", "id") else number(v)) for k, v in row.items()}
        for row in result.effects.to_dict(orient="records")
    ]
    out: dict[str, Any] = {
        "columns": columns,
        "model": "latent" if result.latent else "manifest",
        "se_method": result.se_method,
        "df": number(result.df),
        "groups": [
            {"group": key(g), "n": int(n), "missing": int(m)}
            for g, n, m in result.groups[["group", "n", "missing"]].itertuples(index=False)
        ],
        "variance": estimates["variance"],
        "covariance": estimates["covariance"],
        "standardized": _by_kind(comp["standardized"], result.latent),
        "se": _by_kind(comp["se"], result.latent),
        "t": _by_kind(comp["t"], result.latent),
        "p": _by_kind(comp["p"], result.latent),
        "reliability": {k: number(v) for k, v in reliability.items()},
        "effects": effects,
        "excluded": [
            {"group": key(g), "id": key(i), "reason": r}
            for g, i, r in result.excluded.itertuples(index=False)
        ],
        "warnings": list(result.warnings),
    }
    if result.self_correlation is not None:
        out["self_correlation"] = {
            role: {k: number(v) for k, v in row.items()}
            for role, row in result.self_correlation.to_dict(orient="index").items()
        }
    return out


# --------------------------------------------------------------------------------------------
# The analysis for people
# --------------------------------------------------------------------------------------------


def _fmt(value: Any, digits: int = 3) -> str:
    x = number(value)
    return "—" if x is None else f"{x:.{digits}f}"


def _p(value: Any) -> str:
    x = number(value)
    if x is None:
        return "—"
    return "< .001" if x < 0.001 else f"{x:.3f}"


def _headline(result: SRMResult, value_name: str) -> str:
    members = int(result.groups["n"].sum())
    groups = len(result.groups)
    method = "Lashley–Bond" if result.se_method == "lashley_bond" else "between-groups"
    where_ = "one group" if groups == 1 else f"{groups} groups"
    return (
        f"Social Relations Model of {value_name}: {members} members in {where_}; "
        f"{method} tests on {_fmt(result.df, 0)} degrees of freedom."
    )


def print_result(result: SRMResult, value_name: str, console: Console) -> None:
    """A table of the components, one plain sentence per component, reliabilities, notes."""
    from rich.table import Table

    console.print(_headline(result, value_name), highlight=False)
    table = Table()
    table.add_column("Component")
    for title in ("Estimate", "Share / r", "SE", "t", "p"):
        table.add_column(title, justify="right")
    shown = [
        (str(name), row)
        for name, row in result.components.iterrows()
        if result.latent or name != "error_variance"
    ]
    for name, row in shown:
        table.add_row(
            LABELS[name],
            _fmt(row["estimate"]),
            _fmt(row["standardized"]),
            _fmt(row["se"]),
            _fmt(row["t"], 2),
            _p(row["p"]),
        )
    console.print(table)
    console.print(
        "Share: a variance's part of all the variance; r: a covariance as a correlation.",
        style="dim",
    )
    for name, _ in shown:
        console.print(f"[bold]{LABELS[name]}[/]: {MEANINGS[name]}", highlight=False)
    _print_reliability(result, console)
    _print_notes(result, console)


def _print_reliability(result: SRMResult, console: Console) -> None:
    rel = result.reliability
    console.print(
        f"\nReliability of a member's perceiver effect: {_fmt(rel.perceiver)}; "
        f"of a target effect: {_fmt(rel.target)}"
        + (f"; of a relationship effect: {_fmt(rel.relationship)}." if result.latent else ".")
        + " (1 = a member's effect is measured without noise.)",
        highlight=False,
    )


def _print_notes(result: SRMResult, console: Console) -> None:
    if len(result.excluded):
        console.print(f"\nLeft out ({len(result.excluded)}):", style="bold")
        for group, person, reason in result.excluded.itertuples(index=False):
            prefix = "" if group is None else f"group {group}, "
            console.print(f"  {prefix}{person}: {reason}", highlight=False)
    for warning in result.warnings:
        console.print(f"\n[yellow]Note:[/] {warning}", highlight=False)
    console.print(
        "\nPer-member perceiver and target effects: --format json.", style="dim", highlight=False
    )


# --------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------


def _read(path: Path, columns: dict[str, str | None]) -> pd.DataFrame:
    """The ids as text and the ratings as numbers by pandas' C parser when it can vouch for
    them (:func:`read_numbers`), else the whole file as text: the model then checks every
    rating cell by cell and names the one that is not a number."""
    ids = [c for c in (columns["group"], columns["perceiver"], columns["target"]) if c]
    ratings = [c for c in (columns["value"], columns["value2"]) if c]
    quick = None if set(ids) & set(ratings) else read_numbers(path, ids, ratings)
    return read_table(path) if quick is None else quick


def run_srm(
    path: Path,
    columns: dict[str, str | None],
    *,
    se: str,
    min_ratings: int,
    drop_small_groups: bool,
) -> SRMResult:
    """Read the file and fit the model, turning every data problem into a located message."""
    from parity.core.srm import SRMInputError, srm

    table = _read(path, columns)
    try:
        return srm(
            table,
            perceiver=str(columns["perceiver"]),
            target=str(columns["target"]),
            value=str(columns["value"]),
            value2=columns["value2"],
            group=columns["group"],
            se=se,
            min_data=min_ratings,
            drop_small_groups=drop_small_groups,
        )
    except SRMInputError as error:
        fail("Nothing was analysed.", f"{where(path, error.column, error.rows)}: {error}.")
    except ValueError as error:
        fail("Nothing was analysed.", f"{path.name}: {error}.")


@click.command("srm")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--perceiver", required=True, metavar="COL", help="Column: who gave the rating.")
@click.option("--target", required=True, metavar="COL", help="Column: who was rated.")
@click.option("--value", required=True, metavar="COL", help="Column: the rating.")
@click.option(
    "--value2",
    metavar="COL",
    help="A second measure of the same thing: separates relationship variance from error.",
)
@click.option("--group", metavar="COL", help="Column: the round-robin group (one if omitted).")
@click.option(
    "--se",
    type=click.Choice(["auto", "lashley-bond", "between-groups"]),
    default="auto",
    show_default=True,
    help="Standard errors: auto is Lashley & Bond for one group, between groups for several.",
)
@click.option(
    "--min-ratings",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Leave out members who gave or received fewer ratings (as TripleR's minData).",
)
@click.option(
    "--drop-small-groups",
    is_flag=True,
    help="Leave out groups with fewer than 4 usable members instead of stopping.",
)
@table_or_json_option
def srm(
    file: Path,
    perceiver: str,
    target: str,
    value: str,
    value2: str | None,
    group: str | None,
    se: str,
    min_ratings: int,
    drop_small_groups: bool,
    fmt: str,
) -> None:
    """Social Relations Model of round-robin ratings in FILE (one row per rater and rated).

    Splits the ratings into how each person rates everyone (perceiver), how everyone rates
    each person (target) and what is special to each pair (relationship), with reciprocity.
    """
    columns = {
        "perceiver": perceiver,
        "target": target,
        "value": value,
        "value2": value2,
        "group": group,
    }
    result = run_srm(
        file,
        columns,
        se=se.replace("-", "_"),
        min_ratings=min_ratings,
        drop_small_groups=drop_small_groups,
    )
    if fmt == "json":
        data = {"file": file.name, **result_dict(result, columns)}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    from rich.console import Console

    name = value if value2 is None else f"{value} / {value2}"
    print_result(result, name, Console())
