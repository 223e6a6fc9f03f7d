"""The stance a writer's group takes toward another party, read from one statement.

"To serve the Business" tells a coach that the writer sees itself as a servant. Parity reads
statements the same way, and shows why: every label comes with the phrases that carried it.

How it works, in three steps that can each be inspected:

1. **Cues.** Hand-written patterns (``lexicon/stance.toml``) find phrases that signal one of the
   seven stances ("whatever they ask", "SLA", "re-tender", "co-own", "our lawyers"...); at each
   word only the patterns that can begin with it are tried (:mod:`parity.core.language.cues`).
2. **Context.** A cue preceded in its clause by a negator ("not", "rather than", "no longer")
   or a diminisher ("not just") counts *against* its stance; in a sentence with a contrast
   ("..., but ...") the clause after the contrast weighs more than the one before; partnership
   words describing order-taking ("we partner with X by delivering every request") are a
   servant frame.
3. **Weights.** Each cue family contributes to each stance with a weight learned from the
   labelled corpus (``data/stance``) by multinomial logistic regression; the softmax of the
   seven scores is the confidence. The weights ship in ``lexicon/stance-weights.npz``, described
   by ``lexicon/stance-weights.json`` (the settings, the cue features and the vocabulary).

No network and no model download: the cues and the weights are data files in the package.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from parity.core.language.cues import CueMatcher
from parity.core.language.readers import DEFAULT_READER as DEFAULT_READER
from parity.core.language.readers import READERS as READERS
from parity.core.schema import TEXT_COLUMNS

#: The open questions an answer may come from (``None``: not known). A persona answer
#: describes the *other* party and a mirror answer how the writer believes the other sees it,
#: so the same words cast the writer differently there: those questions have weights of their
#: own, added to the weights every answer shares (:meth:`Model.weights_for`).
QUESTIONS: tuple[str, ...] = TEXT_COLUMNS
CONTEXT_QUESTIONS: tuple[str, ...] = ("persona", "mirror")

STANCES: tuple[str, ...] = (
    "servant",
    "master",
    "provider",
    "customer",
    "partner",
    "adversary",
    "neutral",
)
#: A reading below this confidence is "unclear": its best guess is shown, but its words are never
#: quoted as evidence of a stance. Chosen by scripts/choose_quote_confidence.py on the training
#: part alone: the lowest cut-off at which nested cross-validated readings at or above it are
#: right 95% of the time, for both readers (docs/method.md, "Reading the words").
QUOTE_CONFIDENCE = 0.70
#: Only the first characters of a very long text are read: a survey answer is short, and a
#: pasted document should not stall a batch.
MAX_CHARS = 5000
BEFORE_CONTRAST, AFTER_CONTRAST = 0.6, 1.4
NEGATION_WINDOW = 60  # characters before a cue searched for its clause
NEGATION_WORDS = 4  # a negator this many words or fewer before a cue, in its clause, negates it

_TAG = re.compile(r"<[^<>]{0,200}>")
_CLAUSE_END = re.compile(r"[.!?;:,\n]|\s(?:and|so|because)\s")


@dataclass(frozen=True)
class Evidence:
    """A phrase that moved the decision, with its character offsets in the original text."""

    phrase: str
    start: int
    end: int
    stance: str
    family: str
    negated: bool
    effect: float  # contribution to the chosen label's score (positive = for it)

    def as_dict(self) -> dict[str, Any]:
        return {
            "phrase": self.phrase,
            "start": self.start,
            "end": self.end,
            "cue": self.stance,
            "family": self.family,
            "negated": self.negated,
            "effect": round(self.effect, 3),
        }


@dataclass(frozen=True)
class StanceReading:
    label: str
    confidence: float
    scores: dict[str, float]
    evidence: tuple[Evidence, ...]

    @property
    def clear(self) -> bool:
        """Confident enough to quote as evidence of its stance (:data:`QUOTE_CONFIDENCE`)."""
        return self.confidence >= QUOTE_CONFIDENCE

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "confidence": round(self.confidence, 3),
            "clear": self.clear,
            "evidence": [e.as_dict() for e in self.evidence],
            "scores": {k: round(v, 3) for k, v in self.scores.items()},
        }


@dataclass(frozen=True)
class Match:
    """One cue found in a text, with its context."""

    family: int
    start: int
    end: int
    weight: float
    negated: bool


@dataclass(frozen=True)
class Lexicon:
    stances: tuple[str, ...]  # the stance of each family
    families: tuple[str, ...]  # family names, in feature order
    matcher: CueMatcher  # finds the cues of all families (their patterns, in the same order)
    negators: re.Pattern[str]
    diminishers: re.Pattern[str]
    contrast: re.Pattern[str]
    partner_by: re.Pattern[str]

    @property
    def cues(self) -> re.Pattern[str]:
        """The cues of all families as one alternation, a named group ``f<i>`` per family:
        what :attr:`matcher` finds, found more slowly."""
        return self.matcher.whole()

    @property
    def n_features(self) -> int:
        return 2 * len(self.families) + 1

    def feature_names(self) -> list[str]:
        names = [f"{s}: {f}" for s, f in zip(self.stances, self.families, strict=True)]
        return [
            *names,
            *(f"not {n}" for n in names),
            "partner words for order-taking",
        ]


def _expand(pattern: str, shorthands: dict[str, str]) -> str:
    for key, value in shorthands.items():
        pattern = pattern.replace("{" + key + "}", value)
    return pattern


@cache
def lexicon() -> Lexicon:
    """The cue lexicon, read once: a family's pattern is the alternation of its cues."""
    text = resources.files("parity.core.language").joinpath("lexicon/stance.toml").read_text()
    data = tomllib.loads(text)
    shorthands = data["shorthands"]
    keys: list[tuple[str, str]] = []
    groups: dict[tuple[str, str], list[str]] = {}
    for cue in data["cue"]:
        key = (cue["stance"], cue["family"])
        if key not in groups:
            keys.append(key)
            groups[key] = []
        groups[key].append(_expand(cue["pattern"], shorthands))
    mods = data["modifiers"]
    flags = re.IGNORECASE
    return Lexicon(
        stances=tuple(k[0] for k in keys),
        families=tuple(k[1] for k in keys),
        matcher=CueMatcher(["|".join(groups[key]) for key in keys], flags),
        negators=re.compile(mods["negators"], flags),
        diminishers=re.compile(mods["diminishers"], flags),
        contrast=re.compile(mods["contrast"], flags),
        partner_by=re.compile(_expand(mods["partner_by"], shorthands), flags),
    )


#: Each reader's card: its settings, cue features and vocabulary, as JSON that reads well in a
#: diff. Its numbers are in the NumPy file of the same name (:data:`ARRAYS_SUFFIX`).
WEIGHTS_FILES = {
    "light": "lexicon/stance-weights.json",
    "embeddings": "lexicon/stance-weights-embeddings.json",
}
ARRAYS_SUFFIX = ".npz"


def arrays_file(card: str) -> str:
    """The NumPy file holding the weights and biases described by ``card``."""
    return card.removesuffix(".json") + ARRAYS_SUFFIX


@dataclass(frozen=True)
class Model:
    """Learned weights (stances x features), biases, and the word vocabulary they expect."""

    weights: np.ndarray
    bias: np.ndarray
    vocabulary: dict[str, int]
    word_scale: float
    embedding_scale: float  # how strongly the statement's meaning counts (0: not read)
    meaning: str  # where the meaning comes from: MEANING_SOURCES
    contexts: tuple[str, ...] = ()  # the questions with weights of their own, in block order
    cue_scale: float = 1.0  # how strongly the hand-written cues count against words and meaning
    _summed: dict[str | None, np.ndarray] = field(default_factory=dict, compare=False, repr=False)

    @property
    def n_inputs(self) -> int:
        """The length of one statement's features (one block of the weights)."""
        return int(self.weights.shape[1]) // (1 + len(self.contexts))

    def weights_for(self, question: str | None) -> np.ndarray:
        """The weights an answer to ``question`` is read with: the shared block, plus the
        question's own block when it has one."""
        n = self.n_inputs
        shared = self.weights[:, :n]
        if question not in self.contexts:
            return shared
        if question not in self._summed:  # summed once per question, not once per answer
            block = 1 + self.contexts.index(str(question))
            self._summed[question] = shared + self.weights[:, block * n : (block + 1) * n]
        return self._summed[question]


def check_question(question: str | None) -> str | None:
    """``question`` if it is one of :data:`QUESTIONS` (or ``None``), else a ValueError."""
    if question is not None and question not in QUESTIONS:
        raise ValueError(
            f"Unknown question {question!r}: choose one of {', '.join(QUESTIONS)}, or none."
        )
    return question


def with_context(x: np.ndarray, questions: Sequence[str | None]) -> np.ndarray:
    """The design the weights are learned on: each row's features, then a copy of them in the
    block of its question (zeros in the other blocks), for every question in
    :data:`CONTEXT_QUESTIONS`."""
    blocks = [x]
    for context in CONTEXT_QUESTIONS:
        mask = np.array([q == context for q in questions], dtype=float)[:, None]
        blocks.append(x * mask)
    return np.hstack(blocks)


#: Where a reader's sentence meaning comes from: static word vectors distilled from the sentence
#: model (light, no extra install) or the sentence model itself (embeddings).
MEANING_SOURCES = {"light": "word-vectors", "embeddings": "sentence-model"}


def check_reader(reader: str) -> str:
    if reader not in READERS:
        raise ValueError(f"Unknown stance reader {reader!r}: choose one of {', '.join(READERS)}.")
    return reader


@cache
def model(reader: str = DEFAULT_READER) -> Model:
    """The learned model of a reader, from its packaged card and arrays."""
    name = WEIGHTS_FILES[check_reader(reader)]
    package = resources.files("parity.core.language")
    data = json.loads(package.joinpath(name).read_text())
    with np.load(io.BytesIO(package.joinpath(arrays_file(name)).read_bytes())) as arrays:
        weights = np.asarray(arrays["weights"], dtype=float)
        bias = np.asarray(arrays["bias"], dtype=float)
    dims = int(data.get("embedding_dims", 0))
    contexts = tuple(data.get("contexts", ()))
    width = (1 + len(contexts)) * (len(data["cues"]) + len(data["vocabulary"]) + dims)
    if (
        data["cues"] != lexicon().feature_names()
        or data["stances"] != list(STANCES)
        or weights.shape != (len(STANCES), width)
    ):
        raise RuntimeError(f"{name} does not match the cue lexicon; run scripts/train_stance.py.")
    return Model(
        weights=weights,
        bias=bias,
        vocabulary={w: i for i, w in enumerate(data["vocabulary"])},
        word_scale=float(data["word_scale"]),
        embedding_scale=float(data.get("embedding_scale", 0.0)),
        meaning=str(data.get("meaning", MEANING_SOURCES[reader])),
        contexts=contexts,
        cue_scale=float(data.get("cue_scale", 1.0)),
    )


_WORD = re.compile(r"[a-z][a-z']*")
_WORD_ANY_CASE = re.compile(r"[a-zA-Z][a-zA-Z']*")
#: Words too common to show as evidence on their own (they still count in the model).
_PLAIN = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "i",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "so",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "which",
        "who",
        "will",
        "with",
        "would",
    ]
)


def _token(word: str, shouting: bool) -> str:
    """A word as a feature: lower case, except a short all-capital name in a text that is not
    all capitals ("IT", "HR"), which is kept apart from the pronoun or word it spells.

    A word here is ASCII letters and apostrophes (:data:`_WORD_ANY_CASE`): it is two to five
    capitals exactly when it is that long, all letters, and upper case.
    """
    if not shouting and 2 <= len(word) <= 5 and word.isalpha() and word.isupper():
        return word
    return word.lower()


_ASCII_LOWER = "abcdefghijklmnopqrstuvwxyz"
_ASCII_UPPER = _ASCII_LOWER.upper()
_NO_LETTERS = str.maketrans("", "", _ASCII_LOWER + _ASCII_UPPER)
_NO_CAPITALS = str.maketrans("", "", _ASCII_UPPER)


def _shouting(text: str) -> bool:
    """Whether more than 60% of the letters of a text are capitals."""
    if text.isascii():  # the same count, without a look at each character in Python
        letters = len(text) - len(text.translate(_NO_LETTERS))
        capitals = len(text) - len(text.translate(_NO_CAPITALS))
        return capitals > 0.6 * letters if letters else False
    alphabetic = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in alphabetic) > 0.6 * len(alphabetic) if alphabetic else False


def words(text: str) -> list[tuple[str, int, int]]:
    """Words and adjacent pairs, with their offsets: the lexical features (:func:`_token`)."""
    shouting = _shouting(text)
    tokens = [
        (_token(m.group(0), shouting), m.start(), m.end()) for m in _WORD_ANY_CASE.finditer(text)
    ]
    pairs = [(f"{a[0]} {b[0]}", a[1], b[2]) for a, b in itertools.pairwise(tokens)]
    return tokens + pairs


def word_features(
    text: str, vocabulary: dict[str, int], scale: float
) -> tuple[np.ndarray, list[tuple[int, int, int]]]:
    """How strongly each vocabulary word or pair counts in a text, and where each was found.

    Words follow the same context rules as cues: a word in the scope of a negator or a
    diminisher ("not here just to serve") does not count for what it names, and in a sentence
    with a contrast the words before it count less than those after it. A word's value is
    ``scale`` times its strongest occurrence.
    """
    strongest, found = _word_hits(text, vocabulary, scale)
    x = np.zeros(len(vocabulary))
    if strongest:
        x[list(strongest)] = list(strongest.values())
    return x, found


#: The vocabulary words of a text: the value of each (by index) where it is not zero, and
#: where each was found (index, start, end).
_WordHits = tuple[dict[int, float], list[tuple[int, int, int]]]


def _word_hits(text: str, vocabulary: dict[str, int], scale: float) -> _WordHits:
    """:func:`word_features` without the zeros: most of the vocabulary is absent from a text."""
    strongest: dict[int, float] = {}
    found = []
    weigh = _word_weigher(text)
    for word, start, end in words(text):
        index = vocabulary.get(word)
        if index is None:
            continue
        weight = weigh(start)
        if weight > 0:
            value = scale * weight
            if value > strongest.get(index, 0.0):
                strongest[index] = value
            found.append((index, start, end))
    return strongest, found


def _word_weigher(text: str) -> Callable[[int], float]:
    """The weight of a word starting at a given offset: 0 when negated, else its clause's."""
    lex = lexicon()
    _, discounted_end = _clause_weights(text, lex)
    # Most statements hold no negator at all: then no word needs the clause-by-clause check.
    may_negate = bool(lex.negators.search(text) or lex.diminishers.search(text))

    def weight(start: int) -> float:
        if may_negate and _is_negated(text, start, lex):
            return 0.0
        if not discounted_end:
            return 1.0
        return BEFORE_CONTRAST if start < discounted_end else AFTER_CONTRAST

    return weight


def clean(text: str) -> str:
    """The text as read: HTML tags blanked out (offsets are kept), at most MAX_CHARS."""
    text = text[:MAX_CHARS]
    if "<" not in text:  # no tag to blank (most texts)
        return text
    return _TAG.sub(lambda m: " " * (m.end() - m.start()), text)


def _clause_start(text: str, position: int) -> int:
    window_start = max(0, position - NEGATION_WINDOW)
    last = window_start
    for found in _CLAUSE_END.finditer(text, window_start, position):
        last = found.end()
    return last


_NOT_SPACE = re.compile(r"\S+")


def _last_words(clause: str) -> str:
    """The end of ``clause`` from the start of its last ``NEGATION_WORDS + 1`` runs of
    non-space characters (all of it when it has fewer; itself when it has none): what
    ``(?:\\S+\\s+){0,NEGATION_WORDS}\\S*\\s*$`` finds first, found without trying every
    position of the clause."""
    starts = [m.start() for m in _NOT_SPACE.finditer(clause)]
    if not starts:
        return clause
    return clause[starts[max(0, len(starts) - NEGATION_WORDS - 1)] :]


def _is_negated(text: str, start: int, lex: Lexicon) -> bool:
    before = _last_words(text[_clause_start(text, start) : start])
    return bool(lex.negators.search(before) or lex.diminishers.search(before))


def _clause_weights(text: str, lex: Lexicon) -> tuple[int, int]:
    """Where the discounted part of a contrast ends: (start, end) of the part before it."""
    markers = [m for m in lex.contrast.finditer(text) if m.start() > 0]
    lead = re.match(r"\s*(?:although|though|while|whilst|even\s+though)\b[^,;]*", text, re.I)
    if lead:
        return (0, lead.end())
    if markers:
        return (0, markers[-1].start())
    return (0, 0)


def find_cues(text: str, lex: Lexicon | None = None) -> list[Match]:
    lex = lex or lexicon()
    _, discounted_end = _clause_weights(text, lex)
    has_contrast = discounted_end > 0
    matches = []
    for family, start, end in lex.matcher.find(text):
        if has_contrast:
            weight = BEFORE_CONTRAST if start < discounted_end else AFTER_CONTRAST
        else:
            weight = 1.0
        matches.append(Match(family, start, end, weight, _is_negated(text, start, lex)))
    return matches


def features(text: str, lex: Lexicon | None = None) -> tuple[np.ndarray, list[Match]]:
    """The feature vector of a text: per family, its cues for minus its cues against, then
    its cues against on their own.

    A negated cue counts against its stance by construction (``x_f = log(1 + for) −
    log(1 + against)``), so "not here just to serve" lowers the servant score by as much as
    "to serve" raises it, even though the corpus has few negated examples of each family; the
    second block lets the model learn what a negated family says beyond that.
    """
    lex = lex or lexicon()
    n = len(lex.families)
    sums = np.zeros(lex.n_features)
    cleaned = clean(text)
    matches = find_cues(cleaned, lex)
    for m in matches:
        sums[m.family + (n if m.negated else 0)] += m.weight
    sums[2 * n] = len(lex.partner_by.findall(cleaned))
    x = np.log1p(sums)
    x[:n] -= x[n : 2 * n]
    return x, matches


def feature_matrix(texts: Iterable[str]) -> np.ndarray:
    """Cue features of many texts (the lexical part is added by the training code)."""
    lex = lexicon()
    rows = [features(t, lex)[0] for t in texts]
    return np.vstack(rows) if rows else np.zeros((0, lex.n_features))


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return np.asarray(exp / exp.sum(axis=-1, keepdims=True))


def classify(text: str, reader: str = DEFAULT_READER, question: str | None = None) -> StanceReading:
    """The stance of one statement, its confidence, the seven scores and the evidence.

    ``question`` is the open question the statement answers (:data:`QUESTIONS`), if known.
    """
    return classify_many([text], reader, [question])[0]


def classify_many(
    texts: Sequence[str],
    reader: str = DEFAULT_READER,
    questions: Sequence[str | None] | None = None,
) -> list[StanceReading]:
    """Classify a batch: the embeddings reader encodes the whole batch at once.

    ``questions``, if given, holds the question each text answers (or ``None``).
    """
    for text in texts:
        if not isinstance(text, str):
            raise TypeError("classify() takes a text (str).")
    asked = [None] * len(texts) if questions is None else [check_question(q) for q in questions]
    if len(asked) != len(texts):
        raise ValueError("classify_many() needs one question (or None) per text.")
    learned = model(reader)
    meanings = _meanings(texts, learned)
    lex = lexicon()
    cues = [features(text, lex) for text in texts]  # the same for both readers: found once
    lexical = [_word_hits(clean(t), learned.vocabulary, learned.word_scale) for t in texts]
    companion = None
    if reader in COMPANIONS:  # the embeddings reader also asks the light reader
        light = model(COMPANIONS[reader])
        light_meanings = _meanings(texts, light)
        same_words = _shares_words(reader)
        companion = [
            _probabilities(
                t,
                light,
                None if light_meanings is None else light_meanings[i],
                c,
                asked[i],
                lexical[i] if same_words else None,
            )[0]
            for i, (t, c) in enumerate(zip(texts, cues, strict=True))
        ]
    return [
        _reading(
            text,
            learned,
            cues[i],
            None if meanings is None else meanings[i],
            None if companion is None else companion[i],
            asked[i],
            lexical[i],
        )
        for i, text in enumerate(texts)
    ]


@cache
def _shares_words(reader: str) -> bool:
    """Whether the reader and its companion read the same words at the same scale, so that
    the word features found for one serve both (compared once per process, not per batch)."""
    own, other = model(reader), model(COMPANIONS[reader])
    return (own.word_scale, own.vocabulary) == (other.word_scale, other.vocabulary)


#: A reader that combines its probabilities with another's: the embeddings reader's view of the
#: whole sentence and the light reader's view of its words and cues get equal say (the
#: normalised geometric mean of the two distributions). The model reads "We are not here just
#: to serve the business; we own revenue growth with Sales" as a sentence about serving; the
#: light reader's negation rules read it as the writer meant it.
COMPANIONS = {"embeddings": "light"}


def combine(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The normalised geometric mean of two probability distributions over the stances."""
    mean = np.sqrt(np.clip(first, 1e-12, None) * np.clip(second, 1e-12, None))
    return np.asarray(mean / mean.sum(axis=-1, keepdims=True))


def _meanings(texts: Sequence[str], learned: Model) -> np.ndarray | None:
    if not learned.embedding_scale:
        return None
    cleaned = [clean(t) for t in texts]
    # Answers repeat ("n/a", "Nothing to add."): each distinct text is read once.
    distinct = list(dict.fromkeys(cleaned))
    rows = {text: i for i, text in enumerate(distinct)}
    read = read_meanings(distinct, learned.meaning)
    meanings = read[[rows[t] for t in cleaned]] * learned.embedding_scale
    # A text without a single word carries no meaning to read: only cues and words count.
    meanings[[_WORD.search(t.lower()) is None for t in cleaned]] = 0.0
    return meanings


def read_meanings(cleaned: Sequence[str], source: str) -> np.ndarray:
    """The unscaled meaning vectors of cleaned texts, from static word vectors or the model."""
    if source == "sentence-model":
        from parity.core.language.embedding import encode

        return encode(cleaned)
    from parity.core.language.word_vectors import meanings

    return meanings(cleaned).astype(float)


def _probabilities(
    text: str,
    learned: Model,
    meaning: np.ndarray | None,
    cue_features: tuple[np.ndarray, list[Match]],
    question: str | None = None,
    words_found: _WordHits | None = None,
) -> tuple[np.ndarray, list[tuple[int, int, int]]]:
    """The reader's distribution over the stances, and where its vocabulary words were found
    (``words_found``: the word features, when they were computed already)."""
    cues = cue_features[0] * learned.cue_scale
    if words_found is None:
        words_found = _word_hits(clean(text), learned.vocabulary, learned.word_scale)
    strongest, found = words_found
    weights = learned.weights_for(question)
    # The statement's inputs: its cues, its words and its meaning, one after the other.
    inputs = np.zeros(weights.shape[1])
    inputs[: len(cues)] = cues
    if strongest:
        inputs[[len(cues) + i for i in strongest]] = list(strongest.values())
    if meaning is not None:
        inputs[len(cues) + len(learned.vocabulary) :] = meaning
    return softmax(weights @ inputs + learned.bias), found


def _reading(
    text: str,
    learned: Model,
    cue_features: tuple[np.ndarray, list[Match]],
    meaning: np.ndarray | None,
    companion: np.ndarray | None = None,
    question: str | None = None,
    words_found: _WordHits | None = None,
) -> StanceReading:
    lex = lexicon()
    probs, found = _probabilities(text, learned, meaning, cue_features, question, words_found)
    matches = cue_features[1]
    if companion is not None:
        probs = combine(probs, companion)
    best = int(np.argmax(probs))
    row = learned.weights_for(question)[best]
    words_row = row[lex.n_features : lex.n_features + len(learned.vocabulary)]
    cue_evidence = _evidence(text, matches, row[: lex.n_features] * learned.cue_scale, lex)
    return StanceReading(
        label=STANCES[best],
        confidence=float(probs[best]),
        scores={s: float(p) for s, p in zip(STANCES, probs, strict=True)},
        evidence=cue_evidence + _word_evidence(text, found, words_row, learned, cue_evidence),
    )


def _word_evidence(
    text: str,
    found: list[tuple[int, int, int]],
    row: np.ndarray,
    learned: Model,
    cues: tuple[Evidence, ...],
) -> tuple[Evidence, ...]:
    """Words that pushed the chosen label up and that no cue in the evidence covers already.

    Overlapping words and pairs are shown once (the stronger one), so a reader sees each
    phrase of the statement at most once.
    """
    candidates = sorted(
        (
            (float(row[index]) * learned.word_scale, start, end)
            for index, start, end in found
            if row[index] * learned.word_scale > 0.25
            and not set(text[start:end].lower().split()) <= _PLAIN
        ),
        key=lambda c: (-c[0], c[1]),
    )
    taken = [(e.start, e.end) for e in cues]
    out: list[Evidence] = []
    for effect, start, end in candidates:
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        out.append(Evidence(text[start:end], start, end, "", "word", False, effect))
        if len(out) == 3:
            break
    return tuple(out)


def _evidence(
    text: str, matches: list[Match], row: np.ndarray, lex: Lexicon
) -> tuple[Evidence, ...]:
    """Cues whose family pushes the chosen label up, strongest first."""
    n = len(lex.families)
    out = []
    for m in matches:
        # A negated cue enters both its family's feature (negatively) and its own.
        against = float(row[m.family + n]) - float(row[m.family])
        effect = (against if m.negated else float(row[m.family])) * m.weight
        if effect > 0:
            out.append(
                Evidence(
                    phrase=text[m.start : m.end],
                    start=m.start,
                    end=m.end,
                    stance=lex.stances[m.family],
                    family=lex.families[m.family],
                    negated=m.negated,
                    effect=effect,
                )
            )
    out.sort(key=lambda e: (-e.effect, e.start))
    seen: set[tuple[int, int]] = set()
    unique = []
    for e in out:  # two cue families may match the same phrase: show it once, at its strongest
        if (e.start, e.end) not in seen:
            seen.add((e.start, e.end))
            unique.append(e)
    return tuple(unique)
