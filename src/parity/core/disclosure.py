"""What may be shown of a result: the one anonymity gate for every page, API answer and report.

The engine already leaves out the scores of a side below its threshold
(``analyze(min_respondents=...)``). This module adds the rules every output applies on top
(docs/method.md, "What the web pages show"):

- a side below the **score** threshold is named and said to have "fewer than N respondents";
  its own count is not shown (the engine's reasons for ``insufficient_data`` cite it, so they
  are replaced here);
- quotes appear only for a side with at least the **text** threshold of respondents; stance
  counts for a side that meets the score threshold;
- no total over both sides is ever formed, so nothing hidden can be found by subtraction.

Pages use :func:`side_view` and :func:`reasons_of`; reports and the workshop pack work only on
:func:`disclose`'s copy of a result, from which everything that may not be shown is removed, so
no template or chart can show it by mistake.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from parity.core.analysis import RelationshipResult, SideResult
from parity.core.archetypes import INSUFFICIENT
from parity.core.language.words import Quote

#: No group smaller than this is ever shown, whatever an organization configures.
MIN_THRESHOLD = 3
#: The defaults of a new organization: quoted words are easier to recognise than averages.
DEFAULT_SCORE_THRESHOLD = 5
DEFAULT_TEXT_THRESHOLD = 7


@dataclass(frozen=True)
class Thresholds:
    """The smallest group whose scores (``score``) and whose quotes (``text``) may be shown."""

    score: int = DEFAULT_SCORE_THRESHOLD
    text: int = DEFAULT_TEXT_THRESHOLD

    def __post_init__(self) -> None:
        for name in ("score", "text"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"The {name} threshold must be a whole number of respondents.")
            if value < MIN_THRESHOLD:
                raise ValueError(
                    f"The {name} threshold must be at least {MIN_THRESHOLD} respondents "
                    f"(got {value})."
                )


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
    """The engine's reasons, except for a relationship with a hidden side, whose reasons would
    cite the hidden side's respondent count."""
    hidden = [s for s in result.sides if not is_shown(s, thresholds)]
    if result.archetype != INSUFFICIENT and not hidden:
        return result.reasons
    return tuple(hidden_sentence(s, thresholds.score) for s in hidden)


def without_quotes(side: SideResult, thresholds: Thresholds) -> SideResult:
    """The side with its quotes removed unless it meets the text threshold."""
    if side.words is None or may_quote(side, thresholds):
        return side
    return dataclasses.replace(side, words=dataclasses.replace(side.words, quotes=()))


def _disclosed_side(side: SideResult, thresholds: Thresholds) -> SideResult:
    if not is_shown(side, thresholds):
        # Nothing of a hidden side survives, not even its count.
        return SideResult(side.party, side.about, respondents=0, shown=False)
    return without_quotes(side, thresholds)


def disclose(result: RelationshipResult, thresholds: Thresholds) -> RelationshipResult:
    """A copy of ``result`` holding only what may be shown under ``thresholds``.

    A hidden side keeps its name and nothing else (``respondents`` is 0, ``shown`` false); a
    side below the text threshold loses its quotes. If the analysis ran with a lower threshold
    than ``thresholds.score`` and so classified a relationship with a side that must now be
    hidden, every figure resting on both sides is dropped and the relationship reads as
    ``insufficient_data``, as if the engine had run with this threshold.
    """
    sides = (
        _disclosed_side(result.sides[0], thresholds),
        _disclosed_side(result.sides[1], thresholds),
    )
    reasons = reasons_of(result, thresholds)
    if all(s.shown for s in sides):
        return dataclasses.replace(result, sides=sides, reasons=reasons)
    # As the engine does for an unclassified relationship: no figure of either side rests on
    # the pair, so neither side's partnering score is given.
    sides = (
        dataclasses.replace(sides[0], partnering_score=None),
        dataclasses.replace(sides[1], partnering_score=None),
    )
    return dataclasses.replace(
        result,
        archetype=INSUFFICIENT,
        roles={},
        confidence=None,
        partnering_index=None,
        name_only=False,
        sides=sides,
        gaps={},
        power={},
        mutual_need={},
        parity={},
        reasons=reasons,
        contradictions=(),
    )
