"""Options that several file commands share, declared once so their help reads the same."""

from __future__ import annotations

from pathlib import Path

import click

relationships_option = click.option(
    "--relationships",
    "-r",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV with party_a, party_b, label, scope: the labels each relationship carries.",
)
#: ``table`` for people or ``json`` for other tools; ``text`` is kept as another name for
#: ``table``, which `srm` and `agreement` called it at first.
table_or_json_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "text"]),
    default="table",
    show_default=True,
    help="A table for people, or JSON for other tools.",
)
ignore_unknown_columns_option = click.option(
    "--ignore-unknown-columns",
    is_flag=True,
    help="Drop columns that are neither known columns nor items, instead of refusing the file.",
)
