"""What may be shown of a result: the one anonymity gate for every page, API answer and report.

The thresholds and rules live in :mod:`parity.core.policy`. The engine already leaves out the
scores of a side below its threshold and of every construct and question too few of the side
answered (``analyze(min_respondents=...)``). This module adds the rules every output applies
on top (docs/method.md, "What may be shown"; docs/privacy.md):

- a side below the **score** threshold is named and said to have "fewer than N respondents";
  its own count is not shown (the engine's reasons for ``insufficient_data`` cite it, so they
  are replaced here);
- a question's stance counts need the score threshold of the side's writers on it; a quote
  needs the **text** threshold of writers on its question, must not name anyone
  (:func:`parity.core.policy.names_someone`) and must not have been hidden by a facilitator;
- portraits and themes are quotes too: a portrait is shown only if its quote may be; the
  themes of the comments only when the text threshold of the side wrote one (their labels
  are the writers' words), each with its quote only if that quote may be shown;
- a side's segments (by role, level, location, tenure) keep only the attributes and constructs
  whose smallest cell reaches the score threshold (:func:`parity.core.segments.shown_under`);
- the respondent screen's counts: a side's flagged respondents, and each reason, only when at
  least the score threshold of the side were flagged (:func:`screen_shown`); the reasons are
  named, never counted, so no count is the difference of two shown ones;
- no total over both sides is ever formed, so nothing hidden can be found by subtraction.

Pages use :func:`side_view` and :func:`reasons_of`; reports and the workshop pack work only on
:func:`disclose`'s copy of a result, from which everything that may not be shown is removed, so
no template or chart can show it by mistake.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from parity.core.analysis import Analysis, RelationshipResult, SideResult
from parity.core.archetypes import INSUFFICIENT
from parity.core.intervals import NO_INTERVALS, Interval
from parity.core.language import portraits, themes
from parity.core.language.portraits import PortraitQuote
from parity.core.language.themes import THEMED_QUESTION, Theme
from parity.core.language.words import Quote, SideWords, questions_answered_by, writers
from parity.core.policy import (
    MIN_THRESHOLD,
    Thresholds,
    flagged_shown,
    measure_shown,
    names_someone,
    quote_key,
    quote_shown,
)
from parity.core.reasons import too_few
from parity.core.screen import REASONS, ScreenSummary
from parity.core.segments import shown_under
from parity.core.translation import Sentence

__all__ = [
    "MIN_THRESHOLD",
    "NOTHING_WITHHELD",
    "Thresholds",
    "Withheld",
    "disclose",
    "disclose_analysis",
    "screen_shown",
    "shown_portraits",
    "shown_themes",
    "side_view",
]


@dataclass(frozen=True)
class Withheld:
    """Quotes a facilitator hid (:func:`parity.core.policy.quote_key` of each), and the names
    that are not people's (the organization's parties) for the check of quotes that name
    someone."""

    hidden: frozenset[str] = frozenset()
    not_people: frozenset[str] = frozenset()


NOTHING_WITHHELD = Withheld()


@dataclass(frozen=True)
class SideView:
    """One side as a page may show it; every field of a hidden side is empty."""

    party: str
    about: str
    shown: bool
    respondents: int | None
    threshold: int
    partnering_score: float | None = None
    #: The 95% interval of the partnering score, where it may be shown.
    partnering_interval: Interval | None = None
    low_agreement: tuple[str, ...] = ()
    stances: tuple[tuple[str, int], ...] = ()
    statements: int = 0
    quotes: tuple[Quote, ...] = ()
    quotes_withheld: bool = False
    text_threshold: int = 0
    portraits: tuple[PortraitQuote, ...] = ()
    themes: tuple[Theme, ...] = ()

    def portraits_of(self, question: str) -> tuple[PortraitQuote, ...]:
        """The portraits drawn by the side's answers to ``question``."""
        return tuple(p for p in self.portraits if p.column == question)

    @property
    def described(self) -> tuple[PortraitQuote, ...]:
        """How the side describes the other (the persona question)."""
        return self.portraits_of("persona")

    @property
    def mirrored(self) -> tuple[PortraitQuote, ...]:
        """How the side thinks the other describes it (the mirror question)."""
        return self.portraits_of("mirror")

    @property
    def other_quotes(self) -> tuple[Quote, ...]:
        """The quotes not already shown in a portrait or as a theme's quote, so that a page
        showing all three never prints the same answer twice."""
        seen = {(p.column, p.text) for p in self.portraits}
        seen |= {(t.quote.column, t.quote.text) for t in self.themes if t.quote is not None}
        return tuple(q for q in self.quotes if (q.column, q.text) not in seen)


def is_shown(side: SideResult, thresholds: Thresholds) -> bool:
    return side.shown and measure_shown(side.respondents, thresholds.score)


def may_quote(side: SideResult, thresholds: Thresholds) -> bool:
    """Whether any of the side's words may be quoted (each quote is checked on its own too)."""
    return is_shown(side, thresholds) and quote_shown(side.respondents, thresholds.text)


def quotable(
    side: SideResult, quote: Quote, thresholds: Thresholds, withheld: Withheld = NOTHING_WITHHELD
) -> bool:
    """One quote may be shown: enough of the side wrote on its question, it names no one, and
    no facilitator hid it."""
    if side.words is None or not is_shown(side, thresholds):
        return False
    return (
        quote_shown(writers(side.words, quote.column), thresholds.text)
        and _names_someone(quote.text, frozenset(withheld.not_people)) is None
        and quote_key(side.party, side.about, quote.column, quote.text) not in withheld.hidden
    )


@lru_cache(maxsize=8192)
def _names_someone(text: str, not_people: frozenset[str]) -> str | None:
    """:func:`names_someone` of each distinct text once: on a large file the same answer is
    a candidate quote on many sides, and reading it for names is the costly part of
    disclosing them."""
    return names_someone(text, not_people)


def _quoting(
    side: SideResult, thresholds: Thresholds, withheld: Withheld
) -> Callable[[Quote], bool]:
    return lambda quote: quotable(side, quote, thresholds, withheld)


def shown_portraits(
    side: SideResult, thresholds: Thresholds, withheld: Withheld = NOTHING_WITHHELD
) -> tuple[PortraitQuote, ...]:
    """The side's portraits whose quotes may be shown, at most three per question."""
    if side.words is None:
        return ()
    return portraits.shown(side.words.portraits, _quoting(side, thresholds, withheld))


def shown_themes(
    side: SideResult, thresholds: Thresholds, withheld: Withheld = NOTHING_WITHHELD
) -> tuple[Theme, ...]:
    """The themes of the side's comments, when at least the text (and score) threshold of the
    side wrote one; each keeps a quote only if that quote may be shown."""
    words = side.words
    if words is None or not is_shown(side, thresholds):
        return ()
    wrote = writers(words, THEMED_QUESTION)
    if not (quote_shown(wrote, thresholds.text) and measure_shown(wrote, thresholds.score)):
        return ()
    return themes.shown(words.themes, _quoting(side, thresholds, withheld))


def side_view(
    side: SideResult, thresholds: Thresholds, withheld: Withheld = NOTHING_WITHHELD
) -> SideView:
    if not is_shown(side, thresholds):
        return SideView(side.party, side.about, False, None, thresholds.score)
    words = side.words
    stances = tuple(sorted(words.overall.items(), key=lambda kv: (-kv[1], kv[0]))) if words else ()
    quotes = (
        tuple(q for q in words.quotes if quotable(side, q, thresholds, withheld)) if words else ()
    )
    return SideView(
        party=side.party,
        about=side.about,
        shown=True,
        respondents=side.respondents,
        threshold=thresholds.score,
        partnering_score=side.partnering_score,
        partnering_interval=side.partnering_interval,
        low_agreement=side.low_agreement,
        stances=stances,
        statements=words.statements if words else 0,
        quotes=quotes,
        quotes_withheld=bool(
            words
            and words.statements
            and (len(quotes) < len(words.quotes) or not may_quote(side, thresholds))
        ),
        text_threshold=thresholds.text,
        portraits=shown_portraits(side, thresholds, withheld),
        themes=shown_themes(side, thresholds, withheld),
    )


def hidden_sentence(side: SideResult, threshold: int) -> Sentence:
    """Why a side is not shown, in the reader's language wherever it is shown."""
    return too_few(side.party, side.about, threshold)


def reasons_of(result: RelationshipResult, thresholds: Thresholds) -> tuple[str, ...]:
    """The engine's reasons, except for a relationship with a hidden side, whose reasons would
    cite the hidden side's respondent count."""
    hidden = [s for s in result.sides if not is_shown(s, thresholds)]
    if result.archetype != INSUFFICIENT and not hidden:
        return result.reasons
    return tuple(hidden_sentence(s, thresholds.score) for s in hidden)


def without_quotes(
    side: SideResult, thresholds: Thresholds, withheld: Withheld = NOTHING_WITHHELD
) -> SideResult:
    """The side with only the quotes, portraits and themes that may be shown, and only the
    questions whose stance counts may be shown."""
    if side.words is None:
        return side
    return dataclasses.replace(side, words=_words_shown(side, thresholds, withheld))


def _words_shown(side: SideResult, thresholds: Thresholds, withheld: Withheld) -> SideWords:
    """The words of :func:`without_quotes`: what :func:`quotable`, :func:`shown_portraits`
    and :func:`shown_themes` keep of the side's words once the questions too few answered
    are left out, with each question's writers counted once rather than per quote."""
    assert side.words is not None
    words = questions_answered_by(side.words, thresholds.score)
    if not is_shown(side, thresholds):
        return dataclasses.replace(words, quotes=(), portraits=(), themes=())
    wrote = {question: sum(counts.values()) for question, counts in words.by_question.items()}
    not_people = frozenset(withheld.not_people)

    def may_quote(quote: Quote) -> bool:
        return (
            quote_shown(wrote.get(quote.column, 0), thresholds.text)
            and _names_someone(quote.text, not_people) is None
            and quote_key(side.party, side.about, quote.column, quote.text) not in withheld.hidden
        )

    themed = wrote.get(THEMED_QUESTION, 0)
    quotes = tuple(q for q in words.quotes if may_quote(q))
    drawn = portraits.shown(words.portraits, may_quote)
    shown_themes = (
        themes.shown(words.themes, may_quote)
        if quote_shown(themed, thresholds.text) and measure_shown(themed, thresholds.score)
        else ()
    )
    if quotes == words.quotes and drawn == words.portraits and shown_themes == words.themes:
        # Nothing to take out (words disclosed before): shared, not copied, so that a page
        # disclosing a disclosed analysis again pays only for the checks.
        return words
    return dataclasses.replace(words, quotes=quotes, portraits=drawn, themes=shown_themes)


def _too_few_on_a_measure(side: SideResult, thresholds: Thresholds) -> bool:
    """A construct is shown with fewer answers than the score threshold: the analysis ran with
    a lower threshold than this view's."""
    return any(not measure_shown(n, thresholds.score) for n in side.answered.values())


def _disclosed_side(side: SideResult, thresholds: Thresholds, withheld: Withheld) -> SideResult:
    if not is_shown(side, thresholds) or _too_few_on_a_measure(side, thresholds):
        # Nothing of a hidden side survives, not even its count.
        return SideResult(side.party, side.about, respondents=0, shown=False)
    reliable = {c: r for c, r in side.reliability.items() if measure_shown(r.n, thresholds.score)}
    segments = shown_under(side.segments, thresholds.score)
    words = None if side.words is None else _words_shown(side, thresholds, withheld)
    if words is side.words and len(reliable) == len(side.reliability) and segments == side.segments:
        return side  # nothing to take out: the result is shared, not copied
    return dataclasses.replace(side, words=words, reliability=reliable, segments=segments)


def disclose(
    result: RelationshipResult, thresholds: Thresholds, withheld: Withheld = NOTHING_WITHHELD
) -> RelationshipResult:
    """A copy of ``result`` holding only what may be shown under ``thresholds``.

    A hidden side keeps its name and nothing else (``respondents`` is 0, ``shown`` false); a
    side loses the quotes and question counts that may not be shown. If the analysis ran with a
    lower threshold than ``thresholds.score`` and so classified a relationship with a side (or
    a construct of a side) that must now be hidden, every figure resting on both sides is
    dropped and the relationship reads as ``insufficient_data``.
    """
    sides = (
        _disclosed_side(result.sides[0], thresholds, withheld),
        _disclosed_side(result.sides[1], thresholds, withheld),
    )
    reasons = reasons_of(result, thresholds)
    if all(s.shown for s in sides):
        unchanged = sides[0] is result.sides[0] and sides[1] is result.sides[1]
        if unchanged and reasons is result.reasons:
            return result
        return dataclasses.replace(result, sides=sides, reasons=reasons)
    # As the engine does for an unclassified relationship: no figure of either side rests on
    # the pair, so neither side's partnering score is given.
    sides = (
        dataclasses.replace(sides[0], partnering_score=None, partnering_interval=None),
        dataclasses.replace(sides[1], partnering_score=None, partnering_interval=None),
    )
    if reasons == result.reasons:
        reasons = tuple(hidden_sentence(s, thresholds.score) for s in sides if not s.shown)
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
        intervals=NO_INTERVALS,
    )


def disclose_analysis(
    analysis: Analysis, thresholds: Thresholds, withheld: Withheld = NOTHING_WITHHELD
) -> Analysis:
    """The whole analysis with every relationship disclosed (for the terminal and the JSON),
    and the respondent screen's counts of the sides still shown only."""
    if analysis.min_respondents < thresholds.score:
        raise ValueError(
            f"The analysis ran with a threshold of {analysis.min_respondents}, below the "
            f"{thresholds.score} it is to be shown under."
        )
    relationships = tuple(disclose(r, thresholds, withheld) for r in analysis.relationships)
    # The screen's counts only of sides still shown: a hidden side's count would tell who
    # answered.
    shown = {(r.wave, s.party, s.about) for r in relationships for s in r.sides if s.shown}
    return dataclasses.replace(
        analysis, relationships=relationships, screen=analysis.screen.only(shown)
    )


@dataclass(frozen=True)
class ScreenedSideView:
    """What a page may show of the respondent screen on one side: how many were flagged (at
    least the score threshold), the reasons at least as many of them met, in the screen's
    order (:data:`parity.core.screen.REASONS`), and whether they were kept in the scores."""

    party: str
    about: str
    flagged: int
    reasons: tuple[str, ...]
    kept: bool


def screen_shown(screen: ScreenSummary, thresholds: Thresholds) -> tuple[ScreenedSideView, ...]:
    """The sides of a disclosed analysis's screen (:func:`disclose_analysis`: shown sides only)
    whose flagged count may be shown (:func:`parity.core.policy.flagged_shown`), each with the
    reasons met by at least the threshold. A reason's own count is not given: the side's count
    less it could be a smaller group (those flagged for other reasons)."""
    return tuple(
        ScreenedSideView(
            party=side.party,
            about=side.about,
            flagged=side.flagged,
            reasons=tuple(
                r for r in REASONS if flagged_shown(side.reasons.get(r, 0), thresholds.score)
            ),
            kept=side.kept,
        )
        for side in screen.sides
        if flagged_shown(side.flagged, thresholds.score)
    )
