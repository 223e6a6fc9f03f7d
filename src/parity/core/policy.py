"""The anonymity policy: the one home of every threshold and of the rules that use them.

Every view of a result (the terminal, the JSON, the web pages, the API, the reports, the
workshop pack, the coaching) goes through this module, directly or through
:mod:`parity.core.disclosure`; no other module defines a threshold. The promise, in plain words,
is in ``docs/privacy.md``; the formulas in ``docs/method.md``, "What may be shown".

- **Two thresholds.** A side's numbers need at least ``score`` respondents, its quoted words
  at least ``text`` (quoted words are easier to recognise than averages). Neither is ever
  below :data:`MIN_THRESHOLD`, whatever an organization or a command line asks.
- **Per measure.** The threshold counts the people behind each number, not the side's
  respondents: a construct (and every gap, chart point or figure resting on it) is shown only
  when at least ``score`` of the side's respondents answered it; a question's stance counts only
  when at least ``score`` of them wrote an answer to it; a quote only when at least ``text``
  of them wrote an answer to that question.
- **Segments.** A side's segments (by role, level, location or tenure) are shown only when
  each has at least ``score`` respondents and so does the rest of the side
  (:func:`segment_shown`), and every cell of the crossing of the attributes shown for the side
  does too (:func:`cells_shown`): no subtraction of shown results gives a smaller group's.
- **Intervals.** A figure's 95% interval is shown only when at least
  :data:`MIN_INTERVAL_RESPONDENTS` of each side it rests on answered (:func:`interval_shown`):
  with fewer, an end of the interval is nearly one respondent's own figure.
- **Words that name someone** (an e-mail address, a telephone number, a person's name) are
  never quoted (:func:`names_someone`).
- **Publication.** Results are published only for a closed round, whose answers can no longer
  change: two published views of one round never differ by a few respondents
  (:func:`may_publish`). Published numbers are rounded as the pages show them
  (:data:`PUBLISHED_DECIMALS`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from parity.core.language.personal import names_someone

__all__ = ["names_someone"]

#: No group smaller than this is ever shown, whatever an organization or a command asks.
MIN_THRESHOLD = 3
#: The defaults of a new organization and of the command line.
DEFAULT_SCORE_THRESHOLD = 5
DEFAULT_TEXT_THRESHOLD = 7
#: The fewest respondents behind a figure, on each side it rests on (those who answered the
#: constructs it is computed from), before its 95% interval is shown (docs/method.md §4a). An
#: interval's ends are the figures of single resamples, and a resample of n respondents draws
#: one of them every time with probability n^(1-n): 1 in 9 at three, 1 in 64 at four, 1 in 625
#: at five. Below five the 2.5th percentile is often the lowest respondent's own figure, or
#: nearly: one person's number, not the group's. Such an interval still decides whether a gap
#: is named (a yes or no about the two sides, not a number).
MIN_INTERVAL_RESPONDENTS = 5
#: Scores (0-100) are published as whole numbers, as the pages show them; confidences and
#: other 0-1 figures with two decimals.
PUBLISHED_DECIMALS = 0
PUBLISHED_SHARE_DECIMALS = 2


@dataclass(frozen=True)
class Thresholds:
    """The smallest group whose numbers (``score``) and whose quotes (``text``) may be shown."""

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

    def raised_to(self, other: Thresholds) -> Thresholds:
        """The stricter of the two, threshold by threshold: a promise can be raised, never
        lowered."""
        return Thresholds(max(self.score, other.score), max(self.text, other.text))


def measure_shown(answered: int, score_threshold: int) -> bool:
    """A side's number (a construct, a question's stance counts) may be shown: at least the
    score threshold of the side's respondents answered it."""
    return answered >= score_threshold


def quote_shown(writers: int, text_threshold: int) -> bool:
    """A side's answer to a question may be quoted: at least the text threshold of the side's
    respondents wrote an answer to that question."""
    return writers >= text_threshold


def segment_shown(members: int, side: int, score_threshold: int) -> bool:
    """A segment of a side (its respondents of one role, level, location or tenure) may be
    shown: at least the score threshold of the side's respondents are in it, *and* at least as
    many are not. The second half is the complementary rule: the rest of the side's numbers
    follow from the side's and the segment's by subtraction (``(n·m − n_s·m_s) / (n − n_s)``),
    so the rest must be a group that may be shown too."""
    return members >= score_threshold and side - members >= score_threshold


def cells_shown(cells: Iterable[int], score_threshold: int) -> bool:
    """The segments of several attributes of one side may be shown together: every non-empty
    cell of their crossing (the respondents who share a value of each) has at least the score
    threshold. Any sum or difference of the shown segments' totals is constant within each
    cell, so none can single out a group smaller than a cell (senior staff less business
    partners is no one's score when no cell is small)."""
    return all(n >= score_threshold for n in cells if n)


def flagged_shown(flagged: int, score_threshold: int) -> bool:
    """How many of a side the respondent screen flagged (in all, or for one reason) may be
    shown: at least the score threshold of them. A smaller number would say that one or two
    colleagues rushed or answered carelessly; so that it cannot be found by subtraction either
    (the side's responses less its counted respondents), the web leaves a side's flagged
    respondents out only when at least as many were flagged
    (:func:`parity.core.screen.left_out`)."""
    return flagged >= score_threshold


def interval_shown(answered: Iterable[int]) -> bool:
    """A figure's 95% interval may be shown: every count of respondents it rests on (per side
    and construct) is at least :data:`MIN_INTERVAL_RESPONDENTS`."""
    counts = list(answered)
    return bool(counts) and min(counts) >= MIN_INTERVAL_RESPONDENTS


def may_publish(closed: bool) -> bool:
    """Results are published only once the answers can no longer change.

    While a round is open, each new respondent would change the numbers by their own answers
    alone; comparing two snapshots would give those answers back (``6·m₆ − 5·m₅``). Provisional
    views therefore show response counts only.
    """
    return closed


def publish(value: float | None, decimals: int = PUBLISHED_DECIMALS) -> float | None:
    """A published number, rounded as the pages show it."""
    if value is None:
        return None
    return float(round(value, decimals))


def quote_key(party: str, about: str, question: str, text: str) -> str:
    """A stable key for one quote of one side, by which a facilitator's "hide this quote" is
    stored: a digest, so the stored choice does not repeat the words."""
    joined = "\x1f".join((party, about, question, " ".join(text.split())))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()
