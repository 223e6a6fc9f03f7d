"""Themes: what a side's comments are about, grouped, counted and labelled.

"Is there anything else you would like to say?" gets answers about anything: the budget, the
meetings, the people. Reading twenty of them one by one, a facilitator looks for what several
people said; Parity groups them first (docs/method.md, "Themes of comments"):

1. **Distance.** Every pair of a side's comments gets the soft cosine distance of their
   content words (:func:`parity.core.language.similarity.soft_distances`), from the word
   vectors Parity ships.
2. **Grouping.** Average-linkage hierarchical clustering (:func:`scipy.cluster.hierarchy.linkage`,
   ``method="average"``) on those distances, cut at :data:`CUT` (two groups merge while their
   answers are on average closer than that). A group of at least :data:`MIN_ANSWERS` answers
   that has a label (below) is a theme: answers close in meaning but sharing no word are too
   weak a sign of a shared subject with vectors of single words. The :data:`MAX_THEMES`
   largest are kept, and every other answer is counted under *other*, so the themes and
   *other* are a partition of the answers.
3. **Label.** The theme's most distinctive words by class-based TF-IDF: for a word stem *w*
   and a theme *c* (the other answers forming one more class),
   ``score = tf(w, c) × log(1 + A / f(w))`` with ``tf`` the share of the theme's answers that
   use *w*, ``f`` the number of all the side's comments that use it and ``A`` the mean number
   of answers per class. Only words used in at least two of the theme's answers, and never one
   that could be a person's name, are labels: a label is the writers' words, so it must not
   be one person's.
4. **Quote.** The theme's members nearest its centre first (the smallest mean distance to the
   other members, the medoid), up to :data:`QUOTE_CANDIDATES` of at most
   :data:`~parity.core.language.quotes.QUOTE_CHARS` characters; the disclosure gate shows the
   first that may be quoted (:func:`shown`), or none.

The answers are sorted by their text before anything is computed, so the same answers give the
same themes in whatever order they come.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from parity.core.language.personal import names_someone
from parity.core.language.quotes import QUOTE_CHARS, Quote, SideKey
from parity.core.language.similarity import content_words, soft_distances

__all__ = [
    "CUT",
    "LABEL_WORDS",
    "MAX_THEMES",
    "MIN_ANSWERS",
    "QUOTE_CANDIDATES",
    "THEMED_QUESTION",
    "Theme",
    "shown",
    "theme_members",
    "themes_by_side",
    "themes_of",
]

#: The question whose answers are grouped into themes.
THEMED_QUESTION = "comment"
#: Groups merge while their answers are on average closer than this (soft cosine distance).
CUT = 0.6
#: A theme has at least this many answers.
MIN_ANSWERS = 2
#: At most this many themes per side; smaller groups count under "other".
MAX_THEMES = 6
#: At most this many words label a theme.
LABEL_WORDS = 3
#: Candidates for a theme's quote, nearest the centre first.
QUOTE_CANDIDATES = 3

_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n)[\"'“‘(]*$")


@dataclass(frozen=True)
class Theme:
    """A group of a side's comments: its label words (most distinctive first), how many
    answers it holds, and quotes that could represent it, nearest its centre first. The
    answers in no theme are one more ``Theme`` with ``other`` set, no words and no quote."""

    words: tuple[str, ...]
    answers: int
    quotes: tuple[Quote, ...] = ()
    other: bool = False

    @property
    def label(self) -> str:
        return ", ".join(self.words)

    @property
    def quote(self) -> Quote | None:
        return self.quotes[0] if self.quotes else None


def themes_by_side(statements: pd.DataFrame, keys: list[str]) -> dict[SideKey, tuple[Theme, ...]]:
    """Per side, the themes of its answers to :data:`THEMED_QUESTION`."""
    if statements.empty:
        return {}
    comments = statements[statements["question"] == THEMED_QUESTION]
    out: dict[SideKey, tuple[Theme, ...]] = {}
    for index, rows in comments.groupby(keys, sort=True):
        side = tuple(index) if isinstance(index, tuple) else (index,)
        found = themes_of(rows.to_dict(orient="records"))
        if found:
            out[side] = found
    return out


def themes_of(rows: Iterable[Mapping[Any, Any]]) -> tuple[Theme, ...]:
    """The themes of one side's comments (``text``, ``label``, ``confidence`` per row), the
    largest first, then *other* if any answer is in no theme."""
    answers = sorted(
        (str(r["text"]), str(r.get("label", "")), float(r.get("confidence", 0.0))) for r in rows
    )
    if not answers:
        return ()
    texts = [text for text, _, _ in answers]
    themes = _theme_groups(texts)
    members = [[answers[i] for i in group] for group in themes]
    themed = sum(len(g) for g in themes)
    in_theme = {i for group in themes for i in group}
    rest = [text for i, text in enumerate(texts) if i not in in_theme]
    labels = _labels([[m[0] for m in group] for group in members], rest)
    out = [
        Theme(words, len(group), _quotes(group))
        for group, words in zip(members, labels, strict=True)
    ]
    if themed < len(answers):
        out.append(Theme((), len(answers) - themed, other=True))
    return tuple(out)


def theme_members(texts: Sequence[str]) -> list[list[str]]:
    """The answers of each theme of ``texts``, largest theme first (for checking the grouping:
    :func:`themes_of` gives the themes themselves)."""
    ordered = sorted(texts)
    return [[ordered[i] for i in group] for group in _theme_groups(ordered)]


def _theme_groups(texts: Sequence[str]) -> list[list[int]]:
    """The groups of (sorted) ``texts`` that are themes, at most :data:`MAX_THEMES`."""
    return [g for g in _groups(texts) if _is_theme([texts[i] for i in g])][:MAX_THEMES]


def _groups(texts: Sequence[str]) -> list[list[int]]:
    """The clusters of ``texts`` (indices), the largest first, ties by their first text."""
    if len(texts) < MIN_ANSWERS:
        return [[i] for i in range(len(texts))]
    # Imported here: a file without comments never clusters, and `parity analyze` should not
    # pay for SciPy's clustering on its path.
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = soft_distances(texts)
    tree = linkage(squareform(distance, checks=False), method="average")
    clusters = fcluster(tree, t=CUT, criterion="distance")
    grouped: dict[int, list[int]] = {}
    for i, cluster in enumerate(clusters):
        grouped.setdefault(int(cluster), []).append(i)
    return sorted(grouped.values(), key=lambda g: (-len(g), texts[g[0]]))


def _is_theme(texts: Sequence[str]) -> bool:
    """A group is a theme when it has at least :data:`MIN_ANSWERS` answers and a word to be
    labelled by: one that at least two of them use and that is not a person's name."""
    if len(texts) < MIN_ANSWERS:
        return False
    counts = Counter(stem for text in texts for stem in _stems(text))
    return any(n >= MIN_ANSWERS and _surface(stem, texts) for stem, n in counts.items())


def _quotes(group: Sequence[tuple[str, str, float]]) -> tuple[Quote, ...]:
    """Up to :data:`QUOTE_CANDIDATES` short members, nearest the theme's centre first."""
    texts = [text for text, _, _ in group]
    distance = soft_distances(texts)
    centrality = distance.sum(axis=1) / max(1, len(texts) - 1)
    order = sorted(range(len(texts)), key=lambda i: (float(centrality[i]), texts[i]))
    out: dict[str, Quote] = {}
    for i in order:
        text, label, confidence = group[i]
        if len(text) <= QUOTE_CHARS and text not in out:
            out[text] = Quote(THEMED_QUESTION, text, label, confidence)
    return tuple(out.values())[:QUOTE_CANDIDATES]


def _labels(themes: Sequence[Sequence[str]], rest: Sequence[str]) -> list[tuple[str, ...]]:
    """Each theme's most distinctive words by class-based TF-IDF (module docstring)."""
    classes = [*themes, rest] if rest else list(themes)
    used = [[_stems(text) for text in texts] for texts in classes]
    everywhere: Counter[str] = Counter(s for answers in used for stems in answers for s in stems)
    mean_size = sum(len(texts) for texts in classes) / len(classes)
    out = []
    for texts, answers in zip(themes, used, strict=False):
        counts: Counter[str] = Counter(s for stems in answers for s in stems)
        scored = [
            (count / len(texts) * math.log(1 + mean_size / everywhere[stem]), stem)
            for stem, count in counts.items()
            if count >= MIN_ANSWERS
        ]
        words = []
        for _, stem in sorted(scored, key=lambda pair: (-pair[0], pair[1])):
            word = _surface(stem, texts)
            if word is not None:
                words.append(word)
            if len(words) == LABEL_WORDS:
                break
        out.append(tuple(words))
    return out


def _stems(text: str) -> dict[str, str]:
    """The stems of a text's content words, each with the word it came from."""
    return {_stem(word): word for word in content_words(text)}


def _stem(word: str) -> str:
    """A light stem, enough for "meeting" and "meetings" to be one word."""
    word = word.replace("’", "'").removesuffix("'s")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _surface(stem: str, texts: Sequence[str]) -> str | None:
    """The theme's most common word for ``stem``; ``None`` when it could be a person's name
    (capitalised inside a sentence, or a given name)."""
    forms: Counter[str] = Counter()
    for text in texts:
        for word, match in _words_with_case(text):
            if _stem(word) != stem:
                continue
            if match.group()[0].isupper() and not _SENTENCE_START.search(text[: match.start()]):
                return None
            forms[word] += 1
    if not forms:
        return None
    word = min(forms, key=lambda w: (-forms[w], w))
    return None if names_someone(word.capitalize()) else word


def _words_with_case(text: str) -> list[tuple[str, re.Match[str]]]:
    return [
        (m.group().lower().replace("’", "'"), m)
        for m in re.finditer(r"[A-Za-z]+(?:['’][A-Za-z]+)*", text)
    ]


def shown(themes: Iterable[Theme], may_quote: Callable[[Quote], bool]) -> tuple[Theme, ...]:
    """The themes with, for each, only the first quote ``may_quote`` allows (or none); a theme
    left as it was is shared, not copied (a shown theme is shown again as it is)."""
    out = []
    for theme in themes:
        quotes = tuple(q for q in theme.quotes if may_quote(q))[:1]
        out.append(theme if quotes == theme.quotes else replace(theme, quotes=quotes))
    return tuple(out)
