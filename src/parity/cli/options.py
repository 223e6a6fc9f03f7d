"""Options that several file commands share, declared once so their help reads the same."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from parity.core.instrument import DEFAULT_FAMILY, shipped_instruments
from parity.core.language.readers import DEFAULT_READER, READERS
from parity.core.policy import DEFAULT_SCORE_THRESHOLD, DEFAULT_TEXT_THRESHOLD, MIN_THRESHOLD

F = TypeVar("F", bound=Callable[..., Any])

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
instrument_option = click.option(
    "--instrument",
    metavar="ID|FILE",
    help=(
        "A shipped instrument (TPI-1, TPI-2) or a custom one's file (TOML or JSON); "
        "by default the shipped instrument whose items the file's columns hold."
    ),
)
reader_option = click.option(
    "--reader",
    type=click.Choice(READERS),
    default=DEFAULT_READER,
    show_default=True,
    help="How free text is read: cues and words, or also sentence meaning (parity[embeddings]).",
)
keep_flagged_option = click.option(
    "--keep-flagged",
    is_flag=True,
    help="Keep the respondents the screen flags (straight lines, contradictory agreement, too "
    "few answers, duplicates, speeders; docs/method.md §2a) instead of leaving them out.",
)
ignore_unknown_columns_option = click.option(
    "--ignore-unknown-columns",
    is_flag=True,
    help="Drop columns that are neither known columns nor items, instead of refusing the file.",
)


def _at_least_the_floor(_ctx: click.Context, _param: click.Parameter, value: int) -> int:
    if value < MIN_THRESHOLD:
        raise click.BadParameter(
            f"{value} is too small: no group of fewer than {MIN_THRESHOLD} people is ever shown."
        )
    return value


def _threshold_option(name: str, default: int, what: str) -> Callable[[F], F]:
    """An anonymity threshold with the web application's default and floor
    (:mod:`parity.core.policy`): a file on the command line is no less private than a round."""
    return click.option(
        name,
        type=int,
        callback=_at_least_the_floor,
        default=default,
        show_default=True,
        help=f"Anonymity threshold for {what} (at least {MIN_THRESHOLD}).",
    )


min_respondents_option = _threshold_option(
    "--min-respondents",
    DEFAULT_SCORE_THRESHOLD,
    "numbers: a side, construct or question answered by fewer people is never shown",
)
text_threshold_option = _threshold_option(
    "--text-threshold",
    DEFAULT_TEXT_THRESHOLD,
    "quotes: a question fewer people wrote on is never quoted",
)

demo_instrument_option = click.option(
    "--instrument",
    "instrument_id",
    type=click.Choice(sorted(shipped_instruments())),
    default=DEFAULT_FAMILY,
    show_default=True,
    help="The shipped instrument the demo organization answers.",
)
