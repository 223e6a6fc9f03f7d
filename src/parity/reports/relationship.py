"""The relationship report: everything about one relationship, for both sides to read.

:func:`relationship_report` passes the result through the anonymity gate first
(:func:`parity.core.disclosure.disclose`) and builds every sentence, chart and prompt from that
copy only, so nothing below the thresholds can reach the HTML or the PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from parity.core.analysis import RelationshipResult
from parity.core.archetypes import INSUFFICIENT
from parity.core.coaching import Coaching, CoachingContent, NextStep, Prompt, default_content
from parity.core.disclosure import SideView, Thresholds, disclose, side_view
from parity.core.instrument import default_instrument
from parity.core.vocabulary import ARCHETYPE_NAMES
from parity.reports.charts import (
    Chart,
    ProfileChart,
    TrendPoint,
    need_chart,
    parity_chart,
    power_map,
    profile_chart,
    stance_chart,
    trend_chart,
)
from parity.reports.figures import parity_gaps
from parity.reports.model import ReportContext, RoundSnapshot, same_pair
from parity.reports.summary import relationship_summary
from parity.reports.workshop import coach_disclosed

#: The report lists the most important prompts; the workshop pack has them all.
REPORT_PROMPTS = 5


@dataclass(frozen=True)
class RelationshipReport:
    context: ReportContext
    thresholds: Thresholds
    result: RelationshipResult
    sides: tuple[SideView, SideView]
    summary: tuple[str, ...]
    reasons: tuple[str, ...]
    profile: ProfileChart | None
    power: Chart | None
    need: Chart | None
    parity: Chart | None
    stance: Chart | None
    trend: Chart | None
    coaching: Coaching
    prompts: tuple[Prompt, ...]
    next_steps: tuple[NextStep, ...]

    @property
    def parties(self) -> tuple[str, str]:
        return self.result.parties

    @property
    def title(self) -> str:
        return f"{self.parties[0]} and {self.parties[1]}"

    @property
    def archetype_name(self) -> str:
        return ARCHETYPE_NAMES.get(self.result.archetype, self.result.archetype)

    @property
    def classified(self) -> bool:
        return self.result.archetype != INSUFFICIENT

    @property
    def charts(self) -> tuple[Chart | ProfileChart, ...]:
        found = (self.profile, self.power, self.need, self.parity, self.stance, self.trend)
        return tuple(c for c in found if c is not None)


def trend_points(
    current: RelationshipResult,
    history: Sequence[RoundSnapshot],
    thresholds: Thresholds,
    round_name: str,
) -> tuple[TrendPoint, ...]:
    """The relationship in each earlier round where it appears, then in this one."""
    out = []
    for snapshot in history:
        earlier = next((r for r in snapshot.results if same_pair(r, current.parties)), None)
        if earlier is None:
            continue
        shown = disclose(earlier, thresholds)
        by_party = {s.party: s.partnering_score for s in shown.sides}
        out.append(
            TrendPoint(
                snapshot.name,
                shown.partnering_index,
                (by_party.get(current.parties[0]), by_party.get(current.parties[1])),
            )
        )
    out.append(
        TrendPoint(
            round_name,
            current.partnering_index,
            (current.sides[0].partnering_score, current.sides[1].partnering_score),
        )
    )
    return tuple(out)


def relationship_report(
    result: RelationshipResult,
    thresholds: Thresholds,
    context: ReportContext | None = None,
    *,
    history: Sequence[RoundSnapshot] = (),
    content: CoachingContent | None = None,
) -> RelationshipReport:
    """The report of one relationship under ``thresholds``.

    ``history`` holds earlier rounds (oldest first) for the trend; ``content`` a coaching
    content file other than the shipped one.
    """
    context = context or ReportContext()
    shown = disclose(result, thresholds)
    # The views come from the gate too; made from the original sides, they can also say that
    # a side's words were withheld (the disclosed copy no longer has them to count).
    sides = (side_view(result.sides[0], thresholds), side_view(result.sides[1], thresholds))
    profile = None
    if sides[0].shown or sides[1].shown:
        codes = tuple(default_instrument().construct_codes)
        scores = (dict(shown.sides[0].scores), dict(shown.sides[1].scores))
        profile = profile_chart(codes, sides, scores, key="profile")
    points = trend_points(shown, history, thresholds, context.round or "This round")
    coaching = coach_disclosed(result, thresholds, content or default_content())
    return RelationshipReport(
        context=context,
        thresholds=thresholds,
        result=shown,
        sides=sides,
        summary=relationship_summary(shown, sides, thresholds),
        reasons=shown.reasons,
        profile=profile,
        power=power_map(shown),
        need=need_chart(shown),
        parity=parity_chart(shown, parity_gaps(shown)),
        stance=stance_chart(sides),
        trend=trend_chart(shown.parties, points),
        coaching=coaching,
        prompts=coaching.prompts[:REPORT_PROMPTS],
        next_steps=coaching.next_steps,
    )
