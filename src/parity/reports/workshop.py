"""The workshop pack: what a facilitator brings into the room for each relationship.

Per relationship: the prompts (the questions to ask, each with the finding behind it), the
next steps, the draft partnering charter with room to write, and the personification exercise
as a timed script with both portraits. Built by :func:`parity.core.coaching.coach` from a
result that has passed the anonymity gate, so a quote below the text threshold cannot appear
even if a coaching rule asks for it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from parity.core.analysis import RelationshipResult
from parity.core.coaching import Coaching, CoachingContent, coach, default_content
from parity.core.coaching.content import THEMES
from parity.core.disclosure import Thresholds, disclose, side_view
from parity.core.translation import _
from parity.core.vocabulary import archetype_name
from parity.reports.model import ReportContext


@dataclass(frozen=True)
class WorkshopItem:
    result: RelationshipResult
    coaching: Coaching

    @property
    def title(self) -> str:
        return _("{a} and {b}").format(a=self.result.parties[0], b=self.result.parties[1])

    @property
    def archetype_name(self) -> str:
        return archetype_name(self.result.archetype)

    def questions_by_theme(self, themes: Sequence[tuple[str, str]]) -> list[tuple[str, list[str]]]:
        script = self.coaching.personification
        if script is None:
            return []
        grouped = []
        for code, words in themes:
            texts = [q.text for q in script.questions if q.theme == code]
            if texts:
                grouped.append((words, texts))
        return grouped


@dataclass(frozen=True)
class WorkshopPack:
    context: ReportContext
    thresholds: Thresholds
    items: tuple[WorkshopItem, ...]
    messages: dict[str, str]
    themes: tuple[tuple[str, str], ...]

    @property
    def title(self) -> str:
        if len(self.items) == 1:
            return _("Workshop pack: {title}").format(title=self.items[0].title)
        return _("Workshop pack")


def coach_disclosed(
    result: RelationshipResult, thresholds: Thresholds, content: CoachingContent
) -> Coaching:
    """:func:`coach` on what may be shown of ``result``. The disclosed copy no longer holds
    the words of a side below the text threshold, so the note that says they were withheld is
    added here, as coaching would have written it."""
    coaching = coach(disclose(result, thresholds), text_threshold=thresholds.text, content=content)
    withheld = tuple(
        view.party
        for view in (side_view(side, thresholds) for side in result.sides)
        if view.quotes_withheld and view.party not in coaching.quotes_withheld
    )
    if not withheld:
        return coaching
    notes = tuple(
        content.messages["withheld"].format(party=party, text_threshold=thresholds.text)
        for party in withheld
    )
    return dataclasses.replace(
        coaching,
        quotes_withheld=(*coaching.quotes_withheld, *withheld),
        notes=(*coaching.notes, *notes),
    )


def workshop_pack(
    results: Sequence[RelationshipResult],
    thresholds: Thresholds,
    context: ReportContext | None = None,
    *,
    content: CoachingContent | None = None,
) -> WorkshopPack:
    """The pack for ``results`` (one or several relationships), in the order given."""
    content = content or default_content()
    items = [
        WorkshopItem(disclose(result, thresholds), coach_disclosed(result, thresholds, content))
        for result in results
    ]
    return WorkshopPack(
        context=context or ReportContext(),
        thresholds=thresholds,
        items=tuple(items),
        messages=dict(content.messages),
        themes=tuple((code, content.themes[code]) for code in THEMES),
    )
