"""The organization report: every relationship of a round at once, for a sponsor.

As in the relationship report, every result passes the anonymity gate
(:func:`parity.core.disclosure.disclose`) before anything is counted, drawn or written.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
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
from parity.core.translation import _, ngettext
from parity.core.vocabulary import archetype_name, constructs_or_tpi1
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
from parity.reports.charts.svg import percent, whole
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
        return self.context.organization or _("The organization")

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
    return [(archetype_name(a), counts[a]) for a in (*ARCHETYPES, INSUFFICIENT) if counts[a]]


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
#: ("2 adversarial and 2 detached relationships"), each in the singular and the plural.
TALLY: dict[str, Callable[[int], str]] = {
    "partnership": lambda n: ngettext("{count} true partnership", "{count} true partnerships", n),
    "developing": lambda n: ngettext(
        "{count} developing partnership", "{count} developing partnerships", n
    ),
    "customer_supplier": lambda n: ngettext(
        "{count} customer–supplier", "{count} customer–supplier", n
    ),
    "master_servant": lambda n: ngettext("{count} master–servant", "{count} master–servant", n),
    "adversarial": lambda n: ngettext("{count} adversarial", "{count} adversarial", n),
    "detached": lambda n: ngettext("{count} detached", "{count} detached", n),
}


def tally_words(archetype: str, count: int) -> str:
    """ "3 true partnerships", "1 master–servant": a partnership as a noun, the others as
    words that qualify "relationships", said once at the end. Each in the number its language
    needs (ngettext), so a language whose adjectives agree with the noun can say so."""
    return TALLY[archetype](count).format(count=count)


def _tally(results: Sequence[RelationshipResult]) -> str | None:
    counts = Counter(r.archetype for r in results if r.archetype != INSUFFICIENT)
    present = [a for a in ARCHETYPES if counts.get(a)]
    if not present:
        return None
    parts = [tally_words(a, counts[a]) for a in present]
    listed = parts[-1]
    if len(parts) > 1:
        listed = _("{listed} and {last}").format(listed=", ".join(parts[:-1]), last=parts[-1])
    if present[-1] not in PARTNERING_ARCHETYPES:
        listed = ngettext(
            "{listed} relationship", "{listed} relationships", counts[present[-1]]
        ).format(listed=listed)
    return _("By what the answers describe: {listed}.").format(listed=listed)


def organization_summary(
    report_rows: Sequence[OrgRow],
    head: Headline,
    thresholds: Thresholds,
    context: ReportContext,
    extra: Sequence[str] = (),
) -> tuple[str, ...]:
    results = [row.result for row in report_rows]
    parties = {p for r in results for p in r.parties}
    organization = context.organization or _("The organization")
    if context.round:
        opening = ngettext(
            "{organization}: {count} relationship between {parties} parties in {round}.",
            "{organization}: {count} relationships between {parties} parties in {round}.",
            len(results),
        )
    else:
        opening = ngettext(
            "{organization}: {count} relationship between {parties} parties.",
            "{organization}: {count} relationships between {parties} parties.",
            len(results),
        )
    values = {"count": len(results), "parties": len(parties), "round": context.round}
    out = [opening.format(organization=organization, **values), head.sentence]
    tally = _tally(results)
    if tally:
        out.append(tally)
    indexed = [r for r in results if r.partnering_index is not None]
    if len(indexed) >= 2:
        best = max(indexed, key=lambda r: (r.partnering_index or 0.0, r.parties))
        worst = min(indexed, key=lambda r: (r.partnering_index or 0.0, r.parties))
        out.append(
            _(
                "The highest partnering index is {best} ({best_index}/100); the lowest is "
                "{worst} ({worst_index}/100)."
            ).format(
                best=" – ".join(best.parties),
                best_index=whole(best.partnering_index),
                worst=" – ".join(worst.parties),
                worst_index=whole(worst.partnering_index),
            )
        )
    untold = sum(r.archetype == INSUFFICIENT for r in results)
    if untold:
        out.append(
            ngettext(
                "{count} relationship cannot be classified yet: a side has fewer than "
                "{threshold} respondents.",
                "{count} relationships cannot be classified yet: a side has fewer than "
                "{threshold} respondents.",
                untold,
            ).format(count=untold, threshold=thresholds.score)
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
    rounds.append(round_summary(context.round or _("This round"), shown))
    trend = org_trend_chart(rounds)
    words = party_words(shown)
    extra = [trend.title + "."] if trend else []
    loudest = max(words, key=lambda w: (w.share, w.party), default=None)
    if loudest is not None and loudest.share >= SERVANT_SHARE:
        extra.append(
            _(
                "{party} talks most like a servant: {share} of its {statements} written answers "
                "speak as one."
            ).format(
                party=loudest.party, share=percent(loudest.share), statements=loudest.statements
            )
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
