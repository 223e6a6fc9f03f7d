"""What each side's words say, next to what its scores say.

For every side (a party answering about another) the free-text answers are classified, the
stances counted per question, the most telling quotes chosen, the portraits its persona and
mirror answers draw and the themes of its comments found, and three contradictions looked
for: scores that say partnership while the words say servant; a "partner" label with servant or
customer words; and the seed's case, a team whose stated purpose is to serve the other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from parity.core.language.portraits import PortraitQuote, portraits_by_side
from parity.core.language.quotes import QUOTE_CHARS as QUOTE_CHARS
from parity.core.language.quotes import Quote as Quote
from parity.core.language.quotes import SideKey
from parity.core.language.stance import DEFAULT_READER, StanceReading, classify_many
from parity.core.language.themes import THEMED_QUESTION, Theme, themes_by_side
from parity.core.schema import TEXT_COLUMNS
from parity.core.translation import N_, Sentence

#: A stance held by at least this share of a side's statements is that side's voice.
DOMINANT_SHARE = 0.4
#: A side whose partnering score is at least this reads as a partner by its scores.
PARTNER_SCORE = 60.0
MAX_QUOTES = 3


@dataclass(frozen=True)
class SideWords:
    """The words of one side: stance counts per question and overall, quotes, the portraits
    its persona and mirror answers draw (:mod:`parity.core.language.portraits`) and the themes
    of its comments (:mod:`parity.core.language.themes`).

    ``portraits`` and each theme's quotes are candidates, best first: the disclosure gate
    (:mod:`parity.core.disclosure`) keeps only those that may be quoted, so that a quote held
    back is replaced by the next best rather than leaving a gap. The defaults are plain
    tuples, so a result pickled before these fields existed still reads them as empty.
    """

    statements: int
    by_question: Mapping[str, Mapping[str, int]]
    overall: Mapping[str, int]
    quotes: tuple[Quote, ...] = field(default_factory=tuple)
    portraits: tuple[PortraitQuote, ...] = ()
    themes: tuple[Theme, ...] = ()

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


def read_answers(
    frame: pd.DataFrame, reader: str = DEFAULT_READER
) -> dict[tuple[str, str], StanceReading]:
    """Classify each distinct (text, question) pair once, the text read as an answer to its
    question: "A partner who listens." describes the other party when it answers the persona
    question."""
    _, pairs = _distinct_pairs(frame)
    readings = classify_many([t for t, _ in pairs], reader, [q for _, q in pairs])
    return dict(zip(pairs, readings, strict=True))


def _distinct_pairs(frame: pd.DataFrame) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """Per row, the number of its (text, question) pair, and the distinct pairs in the order
    they first appear: factorized as columns, since a large file has a million rows and few
    distinct answers."""
    texts, text_codes = _factorized(frame["text"])
    questions, question_codes = _factorized(frame["question"])
    width = max(len(questions), 1)
    codes, present = pd.factorize(text_codes * width + question_codes)
    pairs = [(texts[int(p) // width], questions[int(p) % width]) for p in present]
    return np.asarray(codes), pairs


def _factorized(column: pd.Series) -> tuple[list[Any], np.ndarray]:
    codes, uniques = pd.factorize(column.to_numpy(dtype=object))
    return list(uniques), np.asarray(codes, dtype=np.int64)


def statements_frame(
    rows: pd.DataFrame, keys: list[str], reader: str = DEFAULT_READER
) -> pd.DataFrame:
    """One row per answered text question: the side keys, question, text, label, confidence,
    and ``clear`` (confident enough to quote: ``stance.QUOTE_CONFIDENCE``).

    Vectorised: each distinct answer is classified once, with its question, and the readings
    are mapped onto rows.
    """
    columns = [c for c in TEXT_COLUMNS if c in rows.columns]
    parts = []
    for column in columns:
        text = rows[column].dropna().astype(str).str.strip()
        text = text[text != ""]
        part = rows.loc[text.index, keys].copy()
        part["question"] = column
        part["text"] = text
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=[*keys, "question", "text", "label", "confidence", "clear"])
    frame = pd.concat(parts, ignore_index=True)
    codes, pairs = _distinct_pairs(frame)
    found = classify_many([t for t, _ in pairs], reader, [q for _, q in pairs])
    frame["label"] = np.array([r.label for r in found], dtype=object)[codes]
    frame["confidence"] = np.array([r.confidence for r in found], dtype=float)[codes]
    frame["clear"] = pd.Series(
        np.array([r.clear for r in found], dtype=bool)[codes], index=frame.index, dtype=bool
    )
    return frame


def writers(words: SideWords, question: str) -> int:
    """How many of the side wrote an answer to ``question`` (one statement per answer)."""
    return sum(words.by_question.get(question, {}).values())


def questions_answered_by(words: SideWords, min_writers: int) -> SideWords:
    """``words`` keeping only the questions at least ``min_writers`` of the side answered:
    a question one person answered would show that person's stance. The overall counts, the
    quotes, the portraits and the themes are recomputed from the questions kept."""
    kept = {q: c for q, c in words.by_question.items() if writers(words, q) >= min_writers}
    if len(kept) == len(words.by_question):
        return words
    overall: Counter[str] = Counter()
    for counts in kept.values():
        overall.update(counts)
    return SideWords(
        statements=sum(overall.values()),
        by_question=kept,
        overall=dict(overall),
        quotes=tuple(q for q in words.quotes if q.column in kept),
        portraits=tuple(p for p in words.portraits if p.column in kept),
        themes=words.themes if THEMED_QUESTION in kept else (),
    )


def words_by_side(statements: pd.DataFrame, keys: list[str]) -> dict[SideKey, SideWords]:
    """The words of every side present in ``statements`` (see :func:`statements_frame`)."""
    if statements.empty:
        return {}
    counts = statements.groupby([*keys, "question", "label"], sort=False).size()
    by_side: dict[SideKey, dict[str, dict[str, int]]] = {}
    for index, n in counts.items():
        parts: tuple[Any, ...] = tuple(index)  # type: ignore[arg-type]  # a MultiIndex key
        side, question, label = parts[:-2], parts[-2], parts[-1]
        by_side.setdefault(side, {}).setdefault(str(question), {})[str(label)] = int(n)
    quotes = _quotes(statements, keys)
    portraits = portraits_by_side(statements, keys)
    themes = themes_by_side(statements, keys)
    out: dict[SideKey, SideWords] = {}
    for side, questions in by_side.items():
        overall: Counter[str] = Counter()
        for question_counts in questions.values():
            overall.update(question_counts)
        out[side] = SideWords(
            statements=sum(overall.values()),
            by_question=questions,
            overall=dict(overall),
            quotes=quotes.get(side, ()),
            portraits=portraits.get(side, ()),
            themes=themes.get(side, ()),
        )
    return out


def _quotes(statements: pd.DataFrame, keys: list[str]) -> dict[SideKey, tuple[Quote, ...]]:
    """Per side, the clearest statements of its most common non-neutral stances; a reading the
    reader is unsure of is never quoted as evidence of a stance."""
    candidates = statements[
        (statements["label"] != "neutral")
        & (statements["text"].str.len() <= QUOTE_CHARS)
        & statements["clear"]
    ].copy()
    if candidates.empty:
        return {}
    candidates["share"] = candidates.groupby([*keys, "label"])["text"].transform("size")
    candidates["folded"] = candidates["text"].str.casefold()
    candidates = candidates.sort_values(
        [*keys, "share", "confidence", "text"],
        ascending=[True] * len(keys) + [False, False, True],
    ).drop_duplicates([*keys, "folded"])
    chosen = candidates.groupby(keys, sort=False).head(MAX_QUOTES)
    out: dict[SideKey, list[Quote]] = {}
    for row in chosen.to_dict(orient="records"):
        side = tuple(row[k] for k in keys)
        out.setdefault(side, []).append(
            Quote(str(row["question"]), str(row["text"]), str(row["label"]), row["confidence"])
        )
    return {side: tuple(q) for side, q in out.items()}


def contradictions(
    party: str,
    other: str,
    words: SideWords,
    *,
    partnering_score: float | None,
    declared_partner: bool,
    label: str | None,
) -> list[str]:
    """Where this side's words disagree with its scores, its label, or partnership itself.

    Each is a :class:`~parity.core.translation.Sentence`: an analysis keeps them, and a page
    or a report shows them in its reader's language."""
    out: list[str] = []
    servant = words.share("servant")
    purpose_servant = words.share("servant", ("purpose",))
    scored_partner = partnering_score is not None and partnering_score >= PARTNER_SCORE
    if scored_partner and servant >= DOMINANT_SHARE:
        out.append(
            Sentence(
                N_(
                    "{party}'s scores read like a partner (partnering score {score}/100), "
                    "but {share} of its statements speak as a servant."
                ),
                party=party,
                score=f"{partnering_score:.0f}",
                share=_percent(servant),
            )
        )
    if declared_partner:
        for stance, template in _SPEAKS_AS.items():
            share = words.share(stance)
            if share >= DOMINANT_SHARE:
                out.append(Sentence(template, label=label, share=_percent(share), party=party))
    if purpose_servant >= DOMINANT_SHARE:
        out.append(
            Sentence(
                N_(
                    "{share} of {party}'s purpose statements say its purpose is to "
                    "serve: does {party} see {other} as its master?"
                ),
                share=_percent(purpose_servant),
                party=party,
                other=other,
            )
        )
    return out


#: A side called a partner whose statements speak as a servant or a customer: one sentence per
#: stance, since another language's article depends on the noun.
_SPEAKS_AS = {
    "servant": N_(
        "The relationship is called '{label}', but {share} of {party}'s statements speak as "
        "a servant."
    ),
    "customer": N_(
        "The relationship is called '{label}', but {share} of {party}'s statements speak as "
        "a customer."
    ),
}


def _percent(share: float) -> Sentence:
    """ "40%" (German "40 %"), rounded as the English sentences always were."""
    return Sentence(N_("{number}%"), number=f"{share:.0%}".removesuffix("%"))
