"""What may be shown of a result: the one gate between the engine and every page or API answer.

The engine already leaves out the scores of a side below the organization's *score* threshold
(``analyze(min_respondents=...)``). This module adds the rules of the web application:

- a hidden side is named and said to have "fewer than N respondents"; its own count is not shown
  (the engine's reasons for ``insufficient_data`` cite it, so they are replaced here);
- quotes appear only for a side with at least the *text* threshold of respondents; stance
  counts for a side that meets the score threshold;
- no total over both sides is ever formed, so nothing hidden can be found by subtraction.

Pages use :func:`side_view` and :func:`reasons_of`; the API uses :func:`relationship_json`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from parity.core.analysis import RelationshipResult, SideResult
from parity.core.archetypes import INSUFFICIENT
from parity.core.language.words import Quote
from parity.io.analysis_json import relationship_dict
from parity.web.orgs.models import Organization


@dataclass(frozen=True)
class Thresholds:
    score: int
    text: int

    @classmethod
    def of(cls, organization: Organization) -> Thresholds:
        return cls(int(organization.score_threshold), int(organization.text_threshold))


@dataclass(frozen=True)
class SideView:
    """One side as a page may show it; every field of a hidden side is empty."""

    party: str
    about: str
    shown: bool
    respondents: int | None
    threshold: int
    partnering_score: float | None = None
    low_agreement: tuple[str, ...] = ()
    stances: tuple[tuple[str, int], ...] = ()
    statements: int = 0
    quotes: tuple[Quote, ...] = ()
    quotes_withheld: bool = False
    text_threshold: int = 0


def is_shown(side: SideResult, thresholds: Thresholds) -> bool:
    return side.shown and side.respondents >= thresholds.score


def may_quote(side: SideResult, thresholds: Thresholds) -> bool:
    return is_shown(side, thresholds) and side.respondents >= thresholds.text


def side_view(side: SideResult, thresholds: Thresholds) -> SideView:
    if not is_shown(side, thresholds):
        return SideView(side.party, side.about, False, None, thresholds.score)
    words = side.words
    stances = tuple(sorted(words.overall.items(), key=lambda kv: (-kv[1], kv[0]))) if words else ()
    quotable = may_quote(side, thresholds)
    return SideView(
        party=side.party,
        about=side.about,
        shown=True,
        respondents=side.respondents,
        threshold=thresholds.score,
        partnering_score=side.partnering_score,
        low_agreement=side.low_agreement,
        stances=stances,
        statements=words.statements if words else 0,
        quotes=words.quotes if words and quotable else (),
        quotes_withheld=bool(words and words.quotes and not quotable),
        text_threshold=thresholds.text,
    )


def hidden_sentence(side: SideResult, threshold: int) -> str:
    return (
        f"{side.party} has fewer than {threshold} respondents about {side.about} (the anonymity "
        "threshold): its answers are not shown."
    )


def reasons_of(result: RelationshipResult, thresholds: Thresholds) -> tuple[str, ...]:
    """The engine's reasons, except for an unclassified relationship, whose reasons would
    cite the hidden side's respondent count."""
    if result.archetype != INSUFFICIENT:
        return result.reasons
    hidden = [s for s in result.sides if not is_shown(s, thresholds)]
    return tuple(hidden_sentence(s, thresholds.score) for s in hidden)


def _without_quotes(side: SideResult, thresholds: Thresholds) -> SideResult:
    if side.words is None or may_quote(side, thresholds):
        return side
    return dataclasses.replace(side, words=dataclasses.replace(side.words, quotes=()))


def relationship_json(result: RelationshipResult, thresholds: Thresholds) -> dict[str, Any]:
    """The JSON contract of ``docs/file-formats.md`` for one relationship, with the web's
    rules: quotes below the text threshold removed, a hidden side reduced to ``about``,
    ``"respondents": null``, ``"shown": false`` and ``fewer_than`` (the threshold)."""
    sides = tuple(_without_quotes(s, thresholds) for s in result.sides)
    out = relationship_dict(dataclasses.replace(result, sides=(sides[0], sides[1])))
    for side in result.sides:
        if not is_shown(side, thresholds):
            out["sides"][side.party] = {
                "about": side.about,
                "respondents": None,
                "shown": False,
                "fewer_than": thresholds.score,
            }
    out["reasons"] = list(reasons_of(result, thresholds))
    return out
