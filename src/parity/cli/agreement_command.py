"""`parity agreement`: do the people of each group agree, and do the items hang together?

A thin command over :mod:`parity.core.agreement` (whose functions it uses unchanged): ICC(1)
and ICC(2) of the scale score by group, rwg(j) per group and its mean, and Cronbach's alpha
of the items. The scale score of a respondent is the mean of the items they answered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from parity.cli.failure import fail
from parity.cli.options import table_or_json_option
from parity.cli.tables import key, number, read_numbers, read_table, where

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd


def _items(raw: str) -> list[str]:
    items = [part.strip() for part in raw.split(",") if part.strip()]
    if not items:
        raise click.BadParameter("give at least one item column, e.g. --items Q1,Q2,Q3")
    return items


@dataclass(frozen=True, slots=True)
class GroupCodes:
    """Each row's group as an integer code, the codes in the sorted order of the group names.

    The names are read, stripped and checked once per distinct name, and the statistics group
    by small integers instead of hashing a million texts once per statistic.
    """

    codes: npt.NDArray[np.intp]
    names: npt.NDArray[np.object_]


def _read(path: Path, group: str, items: list[str]) -> tuple[GroupCodes, pd.DataFrame]:
    """The groups and the item columns as numbers; every problem names the file, row and column.

    The C parser reads the numbers when it can vouch for them (:func:`read_numbers`); otherwise
    the file is read as text and each item column is checked cell by cell, which names the bad
    cell. Either way the checks come in the same order: columns, groups, numbers.
    """
    import pandas as pd

    table = None if group in items else read_numbers(path, [group], items)
    if table is not None:
        groups = _group_codes(path, table[group], group)
        return groups, pd.DataFrame({item: table[item].to_numpy() for item in items})
    table = read_table(path)
    _check_columns(path, table, group, items)
    groups = _group_codes(path, table[group], group)
    return groups, _numbers_from_text(path, table, items)


def _check_columns(path: Path, table: pd.DataFrame, group: str, items: list[str]) -> None:
    for column in (group, *items):
        if column not in table.columns:
            known = ", ".join(table.columns)
            detail = f"there is no such column (the columns are: {known})."
            fail("Nothing was analysed.", f"{where(path, column, ())}: {detail}")


def _group_codes(path: Path, column: pd.Series[Any], name: str) -> GroupCodes:
    """The stripped group names as codes (see :class:`GroupCodes`); an empty name stops."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(column)
    names = pd.Series(uniques).str.strip()
    blank = (names == "").to_numpy()[codes]
    if blank.any():
        rows = tuple(int(i) for i in blank.nonzero()[0])
        fail("Nothing was analysed.", f"{where(path, name, rows)}: the group is empty.")
    order, sorted_names = pd.factorize(names, sort=True)
    return GroupCodes(order[codes], np.asarray(sorted_names, dtype=object))


def _numbers_from_text(path: Path, table: pd.DataFrame, items: list[str]) -> pd.DataFrame:
    """The item columns of a table read as text, as numbers; a bad cell stops with its place."""
    import pandas as pd

    from parity.core.srm import SRMInputError, numeric_values

    numbers = {}
    for item in items:
        try:
            numbers[item] = numeric_values(table[item], item)
        except SRMInputError as error:
            fail("Nothing was analysed.", f"{where(path, error.column, error.rows)}: {error}.")
    return pd.DataFrame(numbers)


def agreement_dict(table: pd.DataFrame, groups: GroupCodes, scale_points: int) -> dict[str, Any]:
    """ICC(1), ICC(2), rwg(j) and alpha as plain data (NaN as None)."""
    from parity.core.agreement import cronbach_alpha, icc_oneway_groups, rwg_j

    answered = table.notna().any(axis=1).to_numpy()
    score = table.mean(axis=1, skipna=True)
    oneway = icc_oneway_groups(score[answered], groups.codes[answered])
    by_group = rwg_j(table, groups.codes, scale_points=scale_points)
    names = groups.names[by_group.index.to_numpy()]
    alpha = cronbach_alpha(table)
    return {
        "respondents": int(answered.sum()),
        "n_groups": oneway.n_groups,
        "icc1": number(oneway.icc1),
        "icc2": number(oneway.icc2),
        "rwg_j": {
            "mean": number(by_group.mean()),
            "by_group": {str(key(g)): number(v) for g, v in zip(names, by_group, strict=True)},
        },
        "alpha": number(alpha.alpha),
        "alpha_ci95": [number(alpha.ci_low), number(alpha.ci_high)],
    }


def _print(data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    def f(x: float | None) -> str:
        return "—" if x is None else f"{x:.3f}"

    console = Console()
    console.print(
        f"{data['respondents']} respondents in {data['n_groups']} groups; "
        f"items: {', '.join(data['items'])}.",
        highlight=False,
    )
    table = Table()
    for title in ("Statistic", "Value", "What it means"):
        table.add_column(title)
    rows = (
        ("ICC(1)", data["icc1"], "Share of the differences that lies between the groups."),
        ("ICC(2)", data["icc2"], "How reliably the group means tell the groups apart."),
        ("rwg(j), mean", data["rwg_j"]["mean"], "How far people within a group agree (1 = fully)."),
        ("Cronbach's alpha", data["alpha"], "Whether the items measure one thing."),
    )
    for name, value, meaning in rows:
        table.add_row(name, f(value), meaning)
    console.print(table)
    groups = Table(title="rwg(j) by group")
    groups.add_column("Group")
    groups.add_column("rwg(j)", justify="right")
    for group, value in data["rwg_j"]["by_group"].items():
        groups.add_row(group, f(value))
    console.print(groups)


@click.command("agreement")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--group", required=True, metavar="COL", help="Column: the group of each row.")
@click.option("--items", "raw_items", required=True, metavar="A,B,C", help="Item columns.")
@click.option(
    "--scale-points",
    type=click.IntRange(min=2),
    default=7,
    show_default=True,
    help="Answer options per item: rwg compares with random answers on this scale.",
)
@table_or_json_option
def agreement(file: Path, group: str, raw_items: str, scale_points: int, fmt: str) -> None:
    """Agreement within groups and consistency of items in FILE (one row per respondent)."""
    items = _items(raw_items)
    groups, numbers = _read(file, group, items)
    data = {
        "file": file.name,
        "group": group,
        "items": items,
        "scale_points": scale_points,
        **agreement_dict(numbers, groups, scale_points),
    }
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    _print(data)
