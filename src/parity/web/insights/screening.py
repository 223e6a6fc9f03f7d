"""A round's choice to keep the respondents the screen flags, and the screen as pages show it.

The respondent screen (docs/method.md §2a) leaves out of the scores the respondents who
straight-lined, agreed with contradictions, answered too few items or answered too fast. A
facilitator may know better for a round (a workshop where people answered on paper first and
typed their answers in quickly), and keep them: :func:`choose_keep_flagged`, the one use case
behind the results page's switch and the API's ``PUT .../screen``.

**Chosen before the results exist.** The choice can be made while the round is open and is
fixed when it closes. Results are published only then, and only one way: if a facilitator could
read them with the flagged respondents left out and again with them kept, the difference would
give back what those few respondents answered (``6·m₆ − 5·m₅``, docs/privacy.md). Choosing
before looking is also the sounder method: the rule is not picked for the result it gives.

**What the pages show** (:func:`screen_view`): per side, how many were flagged and the reasons,
through the disclosure gate (:func:`parity.core.disclosure.screen_shown`): only counts of at
least the round's score threshold. The engine leaves a side's flagged respondents out only when
at least that many were flagged (``analyze(smallest_left_out=...)``), so the round page's count
of responses less the results' count of respondents is never a smaller group either.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from parity.core.disclosure import ScreenedSideView, screen_shown
from parity.core.screen import REASON_WORDS
from parity.web.insights.results import RoundResults
from parity.web.surveys.models import Round


class ScreenChoiceClosedError(Exception):
    """The round has closed: its choice is fixed. Said as a sentence for the facilitator."""


#: Marked here, translated where it is raised (the page's language; English for the API).
CLOSED_SENTENCE = gettext_noop(
    "This round has closed, so its choice about flagged respondents is fixed: its results are "
    "published one way only, since comparing them with and without the flagged respondents "
    "would show what those respondents answered."
)


def choice_open(round_: Round, now: datetime | None = None) -> bool:
    """The round's choice may still change: it has not closed (nor been sealed)."""
    moment = now or timezone.now()
    return round_.sealed_at is None and moment < round_.closes_at


def choose_keep_flagged(round_: Round, keep: bool, now: datetime | None = None) -> None:
    """Keep (``True``) or leave out (``False``) the round's flagged respondents; raises
    :class:`ScreenChoiceClosedError` once the round has closed. The update is conditional on the
    round being open at that moment, so it never crosses a closing."""
    moment = now or timezone.now()
    changed = Round.objects.filter(
        pk=round_.pk, closes_at__gt=moment, sealed_at__isnull=True
    ).update(keep_flagged=keep)
    if not changed:
        raise ScreenChoiceClosedError(gettext(CLOSED_SENTENCE))
    round_.keep_flagged = keep


@dataclass(frozen=True)
class ScreenedSideRow:
    """One side's line of the screen on a page: the disclosed counts and the reasons' words."""

    side: ScreenedSideView
    words: tuple[str, ...]


@dataclass(frozen=True)
class ScreenView:
    """The respondent screen of a round (or of one relationship) as a page shows it."""

    kept: bool
    rows: tuple[ScreenedSideRow, ...]
    threshold: int


def screen_view(
    results: RoundResults, sides: Iterable[tuple[str, str]] | None = None
) -> ScreenView:
    """The screen of ``results`` (the disclosed analysis: shown sides only), limited to
    ``sides`` ((party, about) pairs) when given, under the round's score threshold."""
    summary = results.analysis.screen
    if sides is not None:
        summary = summary.only((None, party, about) for party, about in sides)
    shown = screen_shown(summary, results.thresholds)
    rows = tuple(ScreenedSideRow(s, tuple(REASON_WORDS[r] for r in s.reasons)) for s in shown)
    return ScreenView(results.analysis.screen.kept, rows, results.thresholds.score)


def screen_json(view: ScreenView) -> dict[str, Any]:
    """The screen as the results API gives it: the same disclosed counts as the pages, the
    reasons by their codes (:data:`parity.core.screen.REASONS`), never counted."""
    return {
        "kept_flagged": view.kept,
        "threshold": view.threshold,
        "sides": [
            {
                "party": row.side.party,
                "about": row.side.about,
                "flagged": row.side.flagged,
                "kept": row.side.kept,
                "reasons": list(row.side.reasons),
            }
            for row in view.rows
        ],
    }
