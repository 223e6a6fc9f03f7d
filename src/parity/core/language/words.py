"""What each side's words say, next to what its scores say.

For every side (a party answering about another) the free-text answers are classified, the
stances counted per question, the most telling quotes chosen, and three contradictions looked
for: scores that say partnership while the words say servant; a "partner" label with servant or
customer words; and the seed's case, a team whose stated purpose is to serve the other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from parity.core.language.stance import StanceReading, classify
from parity.core.schema import TEXT_COLUMNS

#: A stance held by at least this share of a side's statements is that side's voice.
DOMINANT_SHARE = 0.4
#: A side whose partnering score is at least this reads as a partner by its scores.
PARTNER_SCORE = 60.0
MAX_QUOTES = 3
QUOTE_CHARS = 160


@dataclass(frozen=True)
class Quote:
    column: str
    text: str
    label: str
    confidence: float


@dataclass(frozen=True)
class SideWords:
    """The words of one side: stance counts per question and overall, and quotes."""

    statements: int
    by_question: Mapping[str, Mapping[str, int]]
    overall: Mapping[str, int]
    quotes: tuple[Quote, ...] = field(default_factory=tuple)

    def share(self, stance: str, columns: tuple[str, ...] | None = None) -> float:
        if columns is None:
            counts: Mapping[str, int] = self.overall
        else:
            total: Counter[str] = Counter()
            for column in columns:
                total.update(self.by_question.get(column, {}))
            counts = total
        n = sum(counts.values())
        return counts.get(stance, 0) / n if n else 0.0

    def dominant(self) -> str | None:
        if not self.statements:
            return None
        label, count = max(self.overall.items(), key=lambda kv: (kv[1], kv[0] != "neutral"))
        return label if count / self.statements >= DOMINANT_SHARE else None


def read_texts(texts: pd.Series) -> dict[str, StanceReading]:
    """Classify each distinct text once: survey answers repeat ("To serve the Business.")."""
    distinct = texts.dropna().astype(str).str.strip()
    return {text: classify(text) for text in distinct[distinct != ""].unique()}


def side_words(rows: pd.DataFrame, readings: Mapping[str, StanceReading]) -> SideWords:
    """The words of one side's respondents (``rows``), from pre-computed readings."""
    by_question: dict[str, dict[str, int]] = {}
    overall: Counter[str] = Counter()
    candidates: list[Quote] = []
    for column in (c for c in TEXT_COLUMNS if c in rows.columns):
        counts: Counter[str] = Counter()
        for raw in rows[column].dropna().astype(str):
            reading = readings.get(raw.strip())
            if reading is None:
                continue
            counts[reading.label] += 1
            candidates.append(Quote(column, raw.strip(), reading.label, reading.confidence))
        if counts:
            by_question[column] = dict(counts)
            overall.update(counts)
    return SideWords(
        statements=sum(overall.values()),
        by_question=by_question,
        overall=dict(overall),
        quotes=_telling(candidates, overall),
    )


def _telling(candidates: list[Quote], overall: Counter[str]) -> tuple[Quote, ...]:
    """The clearest statements of the side's most common non-neutral stances, one per text."""
    ranked = sorted(
        (q for q in candidates if q.label != "neutral" and len(q.text) <= QUOTE_CHARS),
        key=lambda q: (-overall[q.label], -q.confidence, q.text),
    )
    seen: set[str] = set()
    chosen: list[Quote] = []
    for quote in ranked:
        if quote.text.casefold() not in seen:
            seen.add(quote.text.casefold())
            chosen.append(quote)
        if len(chosen) == MAX_QUOTES:
            break
    return tuple(chosen)


def contradictions(
    party: str,
    other: str,
    words: SideWords,
    *,
    partnering_score: float | None,
    declared_partner: bool,
    label: str | None,
) -> list[str]:
    """Where this side's words disagree with its scores, its label, or partnership itself."""
    out = []
    servant = words.share("servant")
    purpose_servant = words.share("servant", ("purpose",))
    scored_partner = partnering_score is not None and partnering_score >= PARTNER_SCORE
    if scored_partner and servant >= DOMINANT_SHARE:
        out.append(
            f"{party}'s scores read like a partner (partnering score {partnering_score:.0f}/100), "
            f"but {servant:.0%} of its statements speak as a servant."
        )
    if declared_partner:
        for stance in ("servant", "customer"):
            share = words.share(stance)
            if share >= DOMINANT_SHARE:
                out.append(
                    f"The relationship is called '{label}', but {share:.0%} of {party}'s "
                    f"statements speak as a {stance}."
                )
    if purpose_servant >= DOMINANT_SHARE:
        out.append(
            f"{purpose_servant:.0%} of {party}'s purpose statements say its purpose is to "
            f"serve: does {party} see {other} as its master?"
        )
    return out
