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
- **Words that name someone** (an e-mail address, a telephone number, a person's name) are
  never quoted (:func:`names_someone`).
- **Publication.** Results are published only for a closed round, whose answers can no longer
  change: two published views of one round never differ by a few respondents
  (:func:`may_publish`). Published numbers are rounded as the pages show them
  (:data:`PUBLISHED_DECIMALS`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from parity.core.language.personal import names_someone

__all__ = ["names_someone"]

#: No group smaller than this is ever shown, whatever an organization or a command asks.
MIN_THRESHOLD = 3
#: The defaults of a new organization and of the command line.
DEFAULT_SCORE_THRESHOLD = 5
DEFAULT_TEXT_THRESHOLD = 7
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
