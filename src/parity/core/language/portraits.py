"""Portraits: the most telling persona and mirror answers, with what each one carries.

"If Finance were a person, how would you describe them?" (``persona``) and "If your team were a
person, how would Finance describe it?" (``mirror``) are answered with images: "A butler who
never volunteers an idea. Frustrating." A facilitator reads a few of them out, so for each
side and question Parity chooses the answers that say most, and shows with each the image
(:mod:`parity.core.language.images`), the traits and the feelings
(:mod:`parity.core.language.feelings`) it carries.

Which answers (docs/method.md, "Portraits"):

- only clear readings (``clear``: the stance reader is confident enough to quote) of at most
  :data:`~parity.core.language.quotes.QUOTE_CHARS` characters;
- the stances taken turn by turn, the side's most common non-neutral stance on the question
  first, then every other stance held by at least :data:`VARIETY_SHARE` of its answers (so a
  side that is 60% servant and 30% adversary shows both, and a lone voice is not presented as
  the side's), neutral last;
- within a stance, the most telling answer first: one point for an image, one per trait and
  per feeling (at most two each), then the reader's confidence;
- never two answers alike: not the same words, not the same image (the same last word,
  "a demanding boss" and "the boss"), not within :data:`NEAR_SAME` of each other in meaning
  (:func:`parity.core.language.similarity.soft_distances`).

Up to :data:`CANDIDATES` are ranked per question; the disclosure gate keeps the first
:data:`MAX_PORTRAITS` that may be quoted (:func:`shown`), so an answer held back is replaced
by the next.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from parity.core.language.feelings import (
    FEELING_ADJECTIVES,
    FEELING_POLARITY,
    FeelingsReading,
    read_feelings,
)
from parity.core.language.images import image_of
from parity.core.language.quotes import QUOTE_CHARS, Quote, SideKey
from parity.core.language.similarity import soft_distances
from parity.core.translation import N_, Sentence, term

__all__ = [
    "CANDIDATES",
    "MAX_PORTRAITS",
    "NEAR_SAME",
    "PORTRAIT_QUESTIONS",
    "VARIETY_SHARE",
    "PortraitQuote",
    "note",
    "portrait_of",
    "portraits_by_side",
    "shown",
]

#: The questions whose answers draw a person.
PORTRAIT_QUESTIONS = ("persona", "mirror")
#: Shown per side and question.
MAX_PORTRAITS = 3
#: Ranked per side and question, so that a quote held back can be replaced.
CANDIDATES = 6
#: A stance held by at least this share of a side's answers to the question is shown too.
VARIETY_SHARE = 0.2
#: Two answers closer than this in meaning (soft cosine distance, 0-1) say the same thing.
NEAR_SAME = 0.2
#: Each kind of evidence counts at most this often towards how telling an answer is.
MAX_COUNTED = 2


@dataclass(frozen=True)
class PortraitQuote:
    """One quoted answer of a portrait: the image it casts the other as, the writer's words
    for what the other is or does (``traits``), and the feelings it expresses, as adjectives
    ("frustrated", "not proud")."""

    quote: Quote
    image: str | None = None
    traits: tuple[str, ...] = ()
    feelings: tuple[str, ...] = ()

    @property
    def column(self) -> str:
        return self.quote.column

    @property
    def text(self) -> str:
        return self.quote.text

    @property
    def label(self) -> str:
        return self.quote.label

    @property
    def note(self) -> str:
        """What the answer carries, on one line (:func:`note`)."""
        return note(self.image, self.traits, self.feelings)

    @property
    def telling(self) -> int:
        """How much the answer carries: an image, traits and feelings (at most two each)."""
        return (
            (self.image is not None)
            + min(MAX_COUNTED, len(self.traits))
            + min(MAX_COUNTED, len(self.feelings))
        )


def portrait_of(quote: Quote) -> PortraitQuote:
    """The image, traits and feelings of one answer."""
    image = image_of(quote.text, own_team=quote.column == "mirror")
    reading = read_feelings(quote.text)
    traits = [image.does] if image and image.does else []
    for trait in reading.traits:
        for span in trait.evidence:
            inside = image is not None and image.start <= span.start < max(image.end, image.reach)
            phrase = _lower_first(" ".join(span.phrase.split()))
            if not inside and not any(phrase.lower() in t.lower() for t in traits):
                traits.append(phrase)
    return PortraitQuote(quote, image.text if image else None, tuple(traits), _feelings(reading))


def _lower_first(phrase: str) -> str:
    """ "Respectful" at the start of a sentence reads "respectful" in a list of traits."""
    if phrase[:1].isupper() and not phrase[1:2].isupper():
        return phrase[0].lower() + phrase[1:]
    return phrase


def note(image: str | None, traits: Sequence[str], feelings: Sequence[str]) -> str:
    """ "a butler · never volunteers an idea · feels frustrated": the image, the traits and
    the feelings of one answer, for a line of text under it; empty when it carries none.

    The image and the traits are the writer's words and stay as written; "feels" and the
    feelings are Parity's, so the line is a :class:`~parity.core.translation.Sentence` that
    says them in the reader's language wherever it is shown."""
    parts: list[str] = [image] if image else []
    parts += [", ".join(traits)] if traits else []
    if feelings:
        parts.append(Sentence(N_("feels {feelings}"), feelings=_joined(feelings, ", ")))
    return _joined(parts, " · ") if parts else ""


def _joined(parts: Sequence[str], separator: str) -> Sentence:
    """``parts`` joined by ``separator`` as a sentence, so that each part that is a
    :class:`~parity.core.translation.Sentence` is shown in the reader's language (a plain
    ``separator.join`` would keep their English). The joining template is no message of the
    catalog: every language joins with the same separator."""
    fields = [f"part{i}" for i in range(len(parts))]
    template = separator.replace("{", "{{").replace("}", "}}").join(f"{{{f}}}" for f in fields)
    return Sentence(template, **dict(zip(fields, parts, strict=True)))


def _feelings(reading: FeelingsReading) -> tuple[str, ...]:
    """The adjective of each feeling the answer expresses ("frustrated", "not proud"), each a
    :class:`~parity.core.translation.Sentence` shown in the reader's language."""
    out: list[str] = []
    for feeling in reading.feelings:
        word = term(FEELING_ADJECTIVES[feeling.name])
        plain = feeling.polarity == FEELING_POLARITY[feeling.name]
        out.append(word if plain else Sentence(N_("not {feeling}"), feeling=word))
    return tuple(dict.fromkeys(out))


def portraits_by_side(
    statements: pd.DataFrame, keys: list[str]
) -> dict[SideKey, tuple[PortraitQuote, ...]]:
    """Per side, the ranked candidates for each portrait question (module docstring)."""
    if statements.empty:
        return {}
    asked = statements[statements["question"].isin(PORTRAIT_QUESTIONS)]
    out: dict[SideKey, list[PortraitQuote]] = {}
    for index, rows in asked.groupby([*keys, "question"], sort=True):
        parts = tuple(index) if isinstance(index, tuple) else (index,)
        side, question = parts[:-1], str(parts[-1])
        ranked = _ranked(question, rows.to_dict(orient="records"))
        if ranked:
            out.setdefault(side, []).extend(ranked)
    return {side: tuple(found) for side, found in out.items()}


def _ranked(question: str, rows: Sequence[Mapping[Any, Any]]) -> list[PortraitQuote]:
    """The candidates of one side's answers to one question, best first."""
    counts = Counter(str(row["label"]) for row in rows)
    candidates = _candidates(question, rows)
    if not candidates:
        return []
    distance = soft_distances([c.text for c in candidates])
    position = {id(c): i for i, c in enumerate(candidates)}

    def alike(a: PortraitQuote, b: PortraitQuote) -> bool:
        return bool(_image_key(a) is not None and _image_key(a) == _image_key(b)) or bool(
            distance[position[id(a)], position[id(b)]] < NEAR_SAME
        )

    queues = {
        stance: [c for c in candidates if c.label == stance]
        for stance in _stances(counts, {c.label for c in candidates})
    }
    return _take_turns(queues, alike)


def _candidates(question: str, rows: Iterable[Mapping[Any, Any]]) -> list[PortraitQuote]:
    """Clear, short answers, each text once, most telling first (a stable order: the same
    answers give the same candidates whatever the order of the rows)."""
    texts: dict[str, PortraitQuote] = {}
    for row in sorted(rows, key=lambda r: (str(r["text"]), -float(r["confidence"]))):
        text = str(row["text"])
        if not bool(row["clear"]) or len(text) > QUOTE_CHARS:
            continue
        folded = " ".join(text.casefold().split())
        if folded not in texts:
            quote = Quote(question, text, str(row["label"]), float(row["confidence"]))
            texts[folded] = portrait_of(quote)
    return sorted(
        texts.values(), key=lambda p: (-p.telling, -p.quote.confidence, len(p.text), p.text)
    )


def _stances(counts: Counter[str], present: set[str]) -> list[str]:
    """The stances to take turns between, in order: the most common non-neutral stance with
    a candidate, then every other stance held by at least :data:`VARIETY_SHARE` of the
    answers (most common first), neutral last."""
    total = sum(counts.values())
    order = sorted(present, key=lambda s: (s == "neutral", -counts[s], s))
    first = next((s for s in order if s != "neutral"), order[0])
    return [s for s in order if s == first or counts[s] >= VARIETY_SHARE * total]


def _take_turns(
    queues: Mapping[str, list[PortraitQuote]],
    alike: Callable[[PortraitQuote, PortraitQuote], bool],
) -> list[PortraitQuote]:
    """One answer per stance in turn, each unlike every answer chosen before it."""
    chosen: list[PortraitQuote] = []
    waiting = {stance: list(queue) for stance, queue in queues.items()}
    while len(chosen) < CANDIDATES and any(waiting.values()):
        for queue in waiting.values():
            while queue:
                candidate = queue.pop(0)
                if not any(alike(candidate, c) for c in chosen):
                    chosen.append(candidate)
                    break
            if len(chosen) == CANDIDATES:
                break
    return chosen


def _image_key(portrait: PortraitQuote) -> str | None:
    """The image's head word, so "a demanding boss" and "the boss" count as one image."""
    if portrait.image is None:
        return None
    head = portrait.image.lower().split(" of ")[0].split()[-1]
    return head[:-1] if head.endswith("s") and len(head) > 3 else head


def shown(
    portraits: Iterable[PortraitQuote], may_quote: Callable[[Quote], bool]
) -> tuple[PortraitQuote, ...]:
    """The first :data:`MAX_PORTRAITS` of each question that ``may_quote`` allows."""
    taken: Counter[str] = Counter()
    out = []
    for portrait in portraits:
        if taken[portrait.column] < MAX_PORTRAITS and may_quote(portrait.quote):
            taken[portrait.column] += 1
            out.append(portrait)
    return tuple(out)
