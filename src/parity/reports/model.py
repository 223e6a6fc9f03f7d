"""What every report is given besides results: where they come from, and earlier rounds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from parity.core.analysis import RelationshipResult
from parity.core.translation import N_, gettext
from parity.reports.charts.svg import Chart, DataTable

STATUSES = ("provisional", "closed", "released")

#: A side's role in a relationship of power, as a report names it.
ROLE_WORDS = {
    "master": N_("master"),
    "servant": N_("servant"),
    "customer": N_("customer"),
    "supplier": N_("supplier"),
}


def role_word(role: str) -> str:
    """A role ("master") in the current language; an unknown role as it is."""
    return gettext(ROLE_WORDS[role]) if role in ROLE_WORDS else role


@dataclass(frozen=True)
class ReportContext:
    """The report's heading: whose results, which round, in what state, from which file.

    ``status`` is the round's (``provisional`` while it is open, then ``closed`` or
    ``released``); ``None`` for results read from files.
    """

    organization: str | None = None
    round: str | None = None
    status: str | None = None
    source: str | None = None
    generated: date = field(default_factory=date.today)

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES} or None, not {self.status!r}.")


@dataclass(frozen=True)
class RoundSnapshot:
    """An earlier round's results, for the trend: its name and every relationship in it."""

    name: str
    results: tuple[RelationshipResult, ...]


@dataclass(frozen=True)
class ReportSection:
    """A section another part of Parity hands to the organization report ready-made: a
    heading, sentences, and optionally a chart and a table.

    The organization report shows one for the network metrics (``network=``) and one for the
    round-robin findings of the Social Relations Model (``round_robin=``) when they are given;
    their producers build it from their own results, after their own anonymity rules.
    """

    title: str
    sentences: tuple[str, ...] = ()
    chart: Chart | None = None
    table: DataTable | None = None


def same_pair(result: RelationshipResult, parties: Sequence[str]) -> bool:
    return frozenset(result.parties) == frozenset(parties)
