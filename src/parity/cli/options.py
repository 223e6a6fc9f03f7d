"""Options that several file commands share, declared once so their help reads the same."""

from __future__ import annotations

from pathlib import Path

import click

from parity.core.policy import DEFAULT_SCORE_THRESHOLD, DEFAULT_TEXT_THRESHOLD, MIN_THRESHOLD

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


#: The anonymity thresholds, with the web application's defaults and floor
#: (:mod:`parity.core.policy`): a file on the command line is no less private than a round.
def _at_least_the_floor(_ctx: click.Context, _param: click.Parameter, value: int) -> int:
    if value < MIN_THRESHOLD:
        raise click.BadParameter(
            f"{value} is too small: no group of fewer than {MIN_THRESHOLD} people is ever shown."
        )
    return value


min_respondents_option = click.option(
    "--min-respondents",
    type=int,
    callback=_at_least_the_floor,
    default=DEFAULT_SCORE_THRESHOLD,
    show_default=True,
    help="Anonymity threshold for numbers: a side, construct or question answered by fewer "
    f"people is never shown (at least {MIN_THRESHOLD}).",
)
text_threshold_option = click.option(
    "--text-threshold",
    type=int,
    callback=_at_least_the_floor,
    default=DEFAULT_TEXT_THRESHOLD,
    show_default=True,
    help="Anonymity threshold for quotes: a question fewer people wrote on is never quoted "
    f"(at least {MIN_THRESHOLD}).",
)
