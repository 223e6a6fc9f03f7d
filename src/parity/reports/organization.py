"""The organization report: every relationship of a round at once, for a sponsor.

As in the relationship report, every result passes the anonymity gate
(:func:`parity.core.disclosure.disclose`) before anything is counted, drawn or written.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from parity.core import dyads
from parity.core.analysis import RelationshipResult, SideResult
from parity.core.archetypes import ARCHETYPES, INSUFFICIENT, PARTNERING_ARCHETYPES
from parity.core.disclosure import Thresholds, disclose
from parity.core.instrument import Construct
from parity.core.presentation import (
    Headline,
    RelationshipView,
    organization_presentation,
    statements,
)
from parity.core.vocabulary import ARCHETYPE_NAMES, archetype_words, constructs_or_tpi1
from parity.reports.charts import (
    Chart,
    HeatCell,
    PartyWords,
    RoundSummary,
    archetype_chart,
    heatmap,
    org_trend_chart,
    servant_chart,
)
from parity.reports.charts.organization import median
from parity.reports.charts.svg import whole
from parity.reports.model import ReportContext, ReportSection, RoundSnapshot

#: A party whose statements speak as a servant at least this often is named in the summary
#: (the dominant-stance share of docs/method.md §9).
SERVANT_SHARE = 0.4


#: A relationship's row in the organization report: the view every output shows.
OrgRow = RelationshipView


@dataclass(frozen=True)
class OrganizationReport:
    context: ReportContext
    thresholds: Thresholds
    rows: tuple[OrgRow, ...]
    headline: Headline
    summary: tuple[str, ...]
    name_only: tuple[OrgRow, ...]
    archetypes: Chart | None
    heatmap: Chart | None
    servant: Chart | None
    trend: Chart | None
    network: ReportSection | None = None
    round_robin: ReportSection | None = None

    @property
    def title(self) -> str:
        return self.context.organization or "The organization"

    @property
    def parties(self) -> tuple[str, ...]:
        return tuple(sorted({p for row in self.rows for p in row.result.parties}))

    @property
    def constructs(self) -> Mapping[str, Construct]:
        """The constructs the results were scored on, for the glossary."""
        return constructs_or_tpi1(self.rows[0].result.constructs if self.rows else {})

    @property
    def statements(self) -> int:
        """How many statements each side rated."""
        return statements(self.constructs)

    @property
    def charts(self) -> tuple[Chart, ...]:
        found = (self.archetypes, self.heatmap, self.servant, self.trend)
        sections = (self.network, self.round_robin)
        return tuple(c for c in found if c) + tuple(s.chart for s in sections if s and s.chart)


def archetype_counts(results: Sequence[RelationshipResult]) -> list[tuple[str, int]]:
    counts = Counter(r.archetype for r in results)
    return [(ARCHETYPE_NAMES[a], counts[a]) for a in (*ARCHETYPES, INSUFFICIENT) if counts[a]]


def own_partnering_score(side: SideResult) -> float | None:
    """A shown side's partnering score (docs/method.md §4). The engine gives it only for
    classified relationships; a shown side facing a hidden one still has its own."""
    if side.partnering_score is not None or not side.shown or not side.scores:
        return side.partnering_score
    value = float(dyads.partnering_score(pd.DataFrame([dict(side.scores)])).iloc[0])
    return None if math.isnan(value) else value


def heat_cells(results: Sequence[RelationshipResult]) -> list[HeatCell]:
    return [
        HeatCell(side.party, side.about, own_partnering_score(side), hidden=not side.shown)
        for r in results
        for side in r.sides
    ]


def party_words(results: Sequence[RelationshipResult]) -> list[PartyWords]:
    """Each party's statements over its shown sides (a hidden side's words are gone already)."""
    statements: Counter[str] = Counter()
    servant: Counter[str] = Counter()
    for result in results:
        for side in result.sides:
            if side.shown and side.words is not None:
                statements[side.party] += side.words.statements
                servant[side.party] += side.words.overall.get("servant", 0)
    return [PartyWords(p, statements[p], servant[p]) for p in sorted(statements)]


def round_summary(name: str, results: Sequence[RelationshipResult]) -> RoundSummary:
    classified = [r for r in results if r.archetype != INSUFFICIENT]
    return RoundSummary(
        round=name,
        classified=len(classified),
        partnerships=sum(r.archetype in PARTNERING_ARCHETYPES for r in classified),
        name_only=sum(r.name_only for r in classified),
        median_index=median(
            [r.partnering_index for r in classified if r.partnering_index is not None]
        ),
    )


#: How the summary counts each archetype: a noun for the partnerships, adjectives for the rest
#: ("2 adversarial and 2 detached relationships").
def tally_words(archetype: str, count: int) -> str:
    """ "3 true partnerships", "1 master–servant": the vocabulary's words, a partnership's
    plural with an s (the others qualify "relationships", said once at the end)."""
    words = archetype_words(archetype)
    return f"{count} {words}{'s' if count != 1 and archetype in PARTNERING_ARCHETYPES else ''}"


def _tally(results: Sequence[RelationshipResult]) -> str | None:
    counts = Counter(r.archetype for r in results if r.archetype != INSUFFICIENT)
    present = [a for a in ARCHETYPES if counts.get(a)]
    if not present:
        return None
    parts = [tally_words(a, counts[a]) for a in present]
    listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    if present[-1] not in PARTNERING_ARCHETYPES:
        listed += " relationship" + ("s" if counts[present[-1]] != 1 else "")
    return f"By what the answers describe: {listed}."


def organization_summary(
    report_rows: Sequence[OrgRow],
    head: Headline,
    thresholds: Thresholds,
    context: ReportContext,
    extra: Sequence[str] = (),
) -> tuple[str, ...]:
    results = [row.result for row in report_rows]
    parties = {p for r in results for p in r.parties}
    where = f" in {context.round}" if context.round else ""
    out = [
        f"{context.organization or 'The organization'}: {len(results)} relationship"
        f"{'s' if len(results) != 1 else ''} between {len(parties)} parties{where}.",
        head.sentence,
    ]
    tally = _tally(results)
    if tally:
        out.append(tally)
    indexed = [r for r in results if r.partnering_index is not None]
    if len(indexed) >= 2:
        best = max(indexed, key=lambda r: (r.partnering_index or 0.0, r.parties))
        worst = min(indexed, key=lambda r: (r.partnering_index or 0.0, r.parties))
        out.append(
            f"The highest partnering index is {' – '.join(best.parties)} "
            f"({whole(best.partnering_index)}/100); the lowest is {' – '.join(worst.parties)} "
            f"({whole(worst.partnering_index)}/100)."
        )
    untold = sum(r.archetype == INSUFFICIENT for r in results)
    if untold:
        out.append(
            f"{untold} relationship{'s' if untold != 1 else ''} cannot be classified yet: a side "
            f"has fewer than {thresholds.score} respondents."
        )
    return (*out, *extra)


def organization_report(
    results: Sequence[RelationshipResult],
    thresholds: Thresholds,
    context: ReportContext | None = None,
    *,
    history: Sequence[RoundSnapshot] = (),
    network: ReportSection | None = None,
    round_robin: ReportSection | None = None,
) -> OrganizationReport:
    """The report across ``results`` (one round) under ``thresholds``.

    ``history`` holds earlier rounds, oldest first, for the trend. ``network`` and
    ``round_robin`` are optional sections made by the network metrics and the Social Relations
    Model: each is shown, with its own heading, when it is given.
    """
    context = context or ReportContext()
    ordered = sorted(results, key=lambda r: tuple(p.casefold() for p in r.parties))
    presented = organization_presentation(ordered, thresholds)
    rows, head = presented.rows, presented.headline
    shown = [row.result for row in rows]
    rounds = [round_summary(s.name, [disclose(r, thresholds) for r in s.results]) for s in history]
    rounds.append(round_summary(context.round or "This round", shown))
    trend = org_trend_chart(rounds)
    words = party_words(shown)
    extra = [trend.title + "."] if trend else []
    loudest = max(words, key=lambda w: (w.share, w.party), default=None)
    if loudest is not None and loudest.share >= SERVANT_SHARE:
        extra.append(
            f"{loudest.party} talks most like a servant: {loudest.share:.0%} of its "
            f"{loudest.statements} written answers speak as one."
        )
    parties = sorted({p for r in shown for p in r.parties}, key=str.casefold)
    return OrganizationReport(
        context=context,
        thresholds=thresholds,
        rows=rows,
        headline=head,
        summary=organization_summary(rows, head, thresholds, context, extra),
        name_only=tuple(row for row in rows if row.result.name_only),
        archetypes=archetype_chart(archetype_counts(shown)),
        heatmap=heatmap(parties, heat_cells(shown), threshold=thresholds.score),
        servant=servant_chart(words),
        trend=trend,
        network=network,
        round_robin=round_robin,
    )
