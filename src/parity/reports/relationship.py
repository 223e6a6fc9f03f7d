"""The relationship report: everything about one relationship, for both sides to read.

:func:`relationship_report` passes the result through the anonymity gate first
(:func:`parity.core.disclosure.disclose`) and builds every sentence, chart and prompt from that
copy only, so nothing below the thresholds can reach the HTML or the PDF.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from parity.core.analysis import RelationshipResult
from parity.core.coaching import Coaching, CoachingContent, NextStep, Prompt, default_content
from parity.core.disclosure import SideView, Thresholds, disclose
from parity.core.instrument import Construct
from parity.core.presentation import RelationshipView, relationship_view
from parity.core.segments import SPLIT_POINTS
from parity.core.translation import _
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
    """The relationship as every output shows it (``view``), with the report's own: its
    summary, charts and coaching."""

    view: RelationshipView
    context: ReportContext
    summary: tuple[str, ...]
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
    def result(self) -> RelationshipResult:
        return self.view.result

    @property
    def thresholds(self) -> Thresholds:
        return self.view.thresholds

    @property
    def sides(self) -> tuple[SideView, SideView]:
        return self.view.sides

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.view.reasons

    @property
    def parties(self) -> tuple[str, str]:
        return self.view.parties

    @property
    def title(self) -> str:
        return self.view.title

    @property
    def archetype_name(self) -> str:
        return self.view.archetype_name

    @property
    def constructs(self) -> Mapping[str, Construct]:
        """The constructs the result was scored on, for the profile and the glossary."""
        return self.view.constructs

    @property
    def statements(self) -> int:
        """How many statements each side rated."""
        return self.view.statements

    @property
    def classified(self) -> bool:
        return self.view.classified

    @property
    def splits(self) -> tuple[str, ...]:
        """One sentence per attribute that splits a side (docs/method.md §2b), from
        the disclosed result: its segments are those that may be shown."""
        return self.view.splits

    @property
    def split_points(self) -> float:
        """How far apart two segments of a side must be to split it."""
        return SPLIT_POINTS

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
    view = relationship_view(result, thresholds)
    shown, sides = view.result, view.sides
    profile = None
    if sides[0].shown or sides[1].shown:
        scores = (dict(shown.sides[0].scores), dict(shown.sides[1].scores))
        alphas = (shown.sides[0].reliability, shown.sides[1].reliability)
        profile = profile_chart(
            view.constructs,
            sides,
            scores,
            key="profile",
            reliability=alphas,
            intervals=shown.intervals,
        )
    points = trend_points(shown, history, thresholds, context.round or _("This round"))
    coaching = coach_disclosed(result, thresholds, content or default_content())
    return RelationshipReport(
        view=view,
        context=context,
        summary=relationship_summary(shown, sides, thresholds),
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
