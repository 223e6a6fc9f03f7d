"""What the results pages show, built from a round's results through the disclosure gate.

Numbers are rounded in the templates only; every figure here is the engine's (see
``docs/method.md``, "What the web pages show").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_noop

from parity.core.analysis import RelationshipResult
from parity.core.archetypes import ARCHETYPES, INSUFFICIENT
from parity.core.policy import Thresholds
from parity.core.presentation import (
    Headline,
    NeedRow,
    ParityRow,
    PowerRow,
    RelationshipView,
    relationship_view,
)
from parity.core.presentation import headline as presentation_headline
from parity.core.vocabulary import ARCHETYPE_NAMES
from parity.web.insights.chart import Chart, profile_chart
from parity.web.insights.disclosure import NOTHING_WITHHELD, Withheld
from parity.web.insights.results import RoundResults
from parity.web.orgs.models import Function
from parity.web.surveys.asked import AskedRelationship

__all__ = ["NeedRow", "ParityRow", "PowerRow"]

ARCHETYPE_CHOICES = tuple((code, ARCHETYPE_NAMES[code]) for code in (*ARCHETYPES, INSUFFICIENT))


@dataclass(frozen=True)
class RelationshipPage(RelationshipView):
    """The relationship as every output shows it, with the page's own: its row (for links)
    and the profile chart marked safe for the template."""

    relationship: AskedRelationship
    chart: Chart | None


def relationship_page(
    relationship: AskedRelationship,
    result: RelationshipResult,
    thresholds: Thresholds,
    withheld: Withheld = NOTHING_WITHHELD,
) -> RelationshipPage:
    view = relationship_view(result, thresholds, withheld)
    chart = None
    if any(side.shown for side in view.sides):
        scores = (dict(view.result.sides[0].scores), dict(view.result.sides[1].scores))
        alphas = (view.result.sides[0].reliability, view.result.sides[1].reliability)
        chart = profile_chart(view.constructs, view.sides, scores, alphas, view.result.intervals)
    return RelationshipPage(**view.fields(), relationship=relationship, chart=chart)


@dataclass(frozen=True)
class OrgRow(RelationshipView):
    """One relationship in the organization's table, as in the report, with what the page
    adds: the relationship's row (for its functions and link) and the change since last round."""

    relationship: AskedRelationship
    change: float | None

    @property
    def functions(self) -> set[str]:
        return {self.relationship.party_a.function, self.relationship.party_b.function}


def organization_rows(
    results: RoundResults, thresholds: Thresholds, changes: Mapping[int, float]
) -> list[OrgRow]:
    return [
        OrgRow(
            **relationship_view(result, thresholds, results.withheld).fields(),
            relationship=relationship,
            change=changes.get(relationship.pk),
        )
        for relationship, result in results.ordered()
    ]


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
#: Column -> (heading, translated where shown, key). A key of None sorts last either way.
SORTS: dict[str, tuple[str, SortKey]] = {
    "relationship": (gettext_noop("Relationship"), lambda r: r.name.casefold()),
    "label": (gettext_noop("Label"), lambda r: r.relationship.label),
    "scope": (gettext_noop("Scope"), lambda r: r.relationship.scope),
    "archetype": (gettext_noop("Archetype"), lambda r: r.archetype_name),
    "confidence": (gettext_noop("Confidence"), lambda r: r.result.confidence),
    "index": (gettext_noop("Partnering index"), lambda r: r.result.partnering_index),
    "change": (gettext_noop("Change"), lambda r: r.change),
    "name_only": (gettext_noop("In name only"), lambda r: r.result.name_only),
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
    return presentation_headline([r.result for r in rows])
