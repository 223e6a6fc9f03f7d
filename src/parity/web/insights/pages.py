"""What the results pages show, built from a round's results through the disclosure gate.

Numbers are rounded in the templates only; every figure here is the engine's (see
``docs/method.md``, "What the web pages show").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from parity.core.analysis import RelationshipResult
from parity.core.archetypes import ARCHETYPES, INSUFFICIENT
from parity.core.dyads import NOTABLE_MISREADING
from parity.core.instrument import default_instrument
from parity.core.policy import Thresholds
from parity.core.vocabulary import ARCHETYPE_NAMES
from parity.reports.organization import Headline
from parity.reports.organization import OrgRow as ReportOrgRow
from parity.reports.organization import headline as report_headline
from parity.web.insights.chart import Chart, profile_chart
from parity.web.insights.disclosure import (
    NOTHING_WITHHELD,
    SideView,
    Withheld,
    reasons_of,
    side_view,
)
from parity.web.insights.results import RoundResults
from parity.web.orgs.models import Function, Relationship

ARCHETYPE_CHOICES = tuple((code, ARCHETYPE_NAMES[code]) for code in (*ARCHETYPES, INSUFFICIENT))
PARITY_NAMES = {"stake": "Stake", "value": "Equal value", "voice": "Voice", "need": "Need"}
PARITY_CODES = {"stake": "STK", "value": "VAL", "voice": "VOI", "need": "NEED"}


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _pair(result: RelationshipResult, code: str) -> tuple[float | None, float | None]:
    a, b = result.sides
    return _number(a.scores.get(code)), _number(b.scores.get(code))


@dataclass(frozen=True)
class PowerRow:
    party: str
    alternatives: float | None
    need: float | None
    leverage: float | None
    direction: float | None


@dataclass(frozen=True)
class NeedRow:
    """One side's own need, its estimate of the other's need, and how far that is off."""

    party: str
    other: str
    need: float | None
    estimate: float | None
    other_says: float | None
    misreading: float | None

    @property
    def notable(self) -> bool:
        return self.misreading is not None and abs(self.misreading) >= NOTABLE_MISREADING


@dataclass(frozen=True)
class ParityRow:
    name: str
    scores: tuple[float | None, float | None]
    parity: float


@dataclass(frozen=True)
class RelationshipPage:
    relationship: Relationship
    result: RelationshipResult
    thresholds: Thresholds
    sides: tuple[SideView, SideView]
    reasons: tuple[str, ...]
    chart: Chart | None
    power_rows: tuple[PowerRow, ...] = ()
    need_rows: tuple[NeedRow, ...] = ()
    parity: tuple[ParityRow, ...] = ()
    roles: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def parties(self) -> tuple[str, str]:
        return self.result.parties

    @property
    def classified(self) -> bool:
        return self.result.archetype != INSUFFICIENT

    @property
    def archetype_name(self) -> str:
        return ARCHETYPE_NAMES.get(self.result.archetype, self.result.archetype)

    @property
    def power(self) -> Mapping[str, Any]:
        return self.result.power


def relationship_page(
    relationship: Relationship,
    result: RelationshipResult,
    thresholds: Thresholds,
    withheld: Withheld = NOTHING_WITHHELD,
) -> RelationshipPage:
    a, b = (side_view(s, thresholds, withheld) for s in result.sides)
    sides = (a, b)
    codes = tuple(default_instrument().construct_codes)
    chart = None
    if a.shown or b.shown:
        shown = (dict(result.sides[0].scores), dict(result.sides[1].scores))
        chart = profile_chart(codes, sides, shown)
    reasons = reasons_of(result, thresholds)
    if result.archetype == INSUFFICIENT:
        return RelationshipPage(relationship, result, thresholds, sides, reasons, chart)
    pa, pb = result.parties
    power, need = result.power, result.mutual_need
    return RelationshipPage(
        relationship,
        result,
        thresholds,
        sides,
        reasons,
        chart,
        power_rows=tuple(
            PowerRow(
                party=side.party,
                alternatives=_number(side.scores.get("ALT")),
                need=_number(side.scores.get("NEED")),
                leverage=_number(power["leverage"].get(side.party)),
                direction=_number(power["direction"].get(side.party)),
            )
            for side in result.sides
        ),
        need_rows=tuple(
            NeedRow(
                party=me,
                other=other,
                need=_number(need["need"].get(me)),
                estimate=_number(need["estimate_of_other_need"].get(me)),
                other_says=_number(need["need"].get(other)),
                misreading=_number(need["misreading"].get(me)),
            )
            for me, other in ((pa, pb), (pb, pa))
        ),
        parity=tuple(
            ParityRow(
                PARITY_NAMES[name],
                _pair(result, PARITY_CODES[name]),
                value,
            )
            for name, value in result.parity.items()
        ),
        roles=tuple(result.roles.items()),
    )


@dataclass(frozen=True)
class OrgRow(ReportOrgRow):
    """One relationship in the organization's table, as in the report, with what the page
    adds: the relationship's row (for its functions and link) and the change since last round."""

    relationship: Relationship
    change: float | None

    @property
    def functions(self) -> set[str]:
        return {self.relationship.party_a.function, self.relationship.party_b.function}


def organization_rows(
    results: RoundResults, thresholds: Thresholds, changes: Mapping[int, float]
) -> list[OrgRow]:
    rows = []
    for relationship, result in results.ordered():
        a, b = (side_view(s, thresholds, results.withheld) for s in result.sides)
        rows.append(OrgRow(result, (a, b), relationship, changes.get(relationship.pk)))
    return rows


@dataclass(frozen=True)
class Filters:
    scope: str = ""
    function: str = ""
    archetype: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Filters:
        scope = query.get("scope", "")
        function = query.get("function", "")
        archetype = query.get("archetype", "")
        return cls(
            scope=scope if scope in ("internal", "external") else "",
            function=function if function in Function.values else "",
            archetype=archetype if archetype in ARCHETYPE_NAMES else "",
        )

    def keep(self, row: OrgRow) -> bool:
        return (
            (not self.scope or row.relationship.scope == self.scope)
            and (not self.function or self.function in row.functions)
            and (not self.archetype or row.result.archetype == self.archetype)
        )

    def query(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}


SortKey = Callable[[OrgRow], Any]
#: Column -> (heading, key). A key of None sorts last whichever the direction.
SORTS: dict[str, tuple[str, SortKey]] = {
    "relationship": ("Relationship", lambda r: r.name.casefold()),
    "label": ("Label", lambda r: r.relationship.label),
    "scope": ("Scope", lambda r: r.relationship.scope),
    "archetype": ("Archetype", lambda r: r.archetype_name),
    "confidence": ("Confidence", lambda r: r.result.confidence),
    "index": ("Partnering index", lambda r: r.result.partnering_index),
    "change": ("Change", lambda r: r.change),
    "name_only": ("In name only", lambda r: r.result.name_only),
}
DEFAULT_SORT = "relationship"


def sort_rows(rows: list[OrgRow], column: str, descending: bool) -> list[OrgRow]:
    key = SORTS.get(column, SORTS[DEFAULT_SORT])[1]
    present = [r for r in rows if key(r) is not None]
    missing = [r for r in rows if key(r) is None]
    present.sort(key=lambda r: (key(r), r.name.casefold()), reverse=descending)
    return present + missing


def headline(rows: list[OrgRow]) -> Headline:
    """The name-only headline of the organization page: the same sentence as the report's."""
    return report_headline([r.result for r in rows])
