"""How close two answers are in meaning, from the word vectors Parity ships.

The light reader's sentence meaning (the mean of a text's word-piece vectors,
:func:`parity.core.language.word_vectors.meanings`) is made for telling stances apart, not
topics: the function words every answer shares dominate the mean, so any two comments lie at a
cosine distance of about 0.2 to 0.3 whatever they are about, and clustering those means finds
nothing (docs/method.md, "Themes of comments"). Word by word the same vectors know a lot
("budget" is next to "spending", "costs", "expenditure"), so an answer is read as the set of
its content words, each with its own vector, and two answers are as close as their words are:

    sim(A, B) = ½ × (mean over a in A of max over b in B of cos(a, b)
                     + mean over b in B of max over a in A of cos(a, b))
    distance  = 1 − sim

(a symmetric "soft cosine": every word finds its nearest word in the other answer). It is 0
for two answers with the same content words, whatever their order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from parity.core.language.word_vectors import meanings


#: Words that say nothing about what an answer is about: function words, pronouns, auxiliaries
def _word_set(words: str) -> frozenset[str]:
    """The words of a blank-separated list."""
    return frozenset(words.split())


#: and the verbs and adverbs every comment uses.
STOP_WORDS = _word_set(
    """
    a about above after again against all also am an and any are as at be because been being
    both but by can can't cannot could couldn't did didn't do does doesn't doing don't down
    during each even ever every few for from further get gets getting got had hadn't has hasn't
    have haven't having he her here hers herself him himself his how i i'd i'll i'm i've if in
    into is isn't it it's its itself just keep keeps kept know knew let like lot lots made make
    makes many me more most much must my myself need needs no nor not now of off on once one
    only or other our ours ourselves out over own please quite rather really said same say says
    she should shouldn't so some still such sure than that that's the their theirs them
    themselves then there there's these they they'd they'll they're they've thing things think
    this those though thought through time times to too two under until up upon us very want
    wants was wasn't way we we'd we'll we're we've well went were weren't what what's when
    where which while who whom whose why will with won't would wouldn't year years yes yet you
    you'd you'll you're you've your yours go goes going gone always never often sometimes
    usually
    """
)
#: Content words have at least this many letters.
MIN_WORD = 3
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)*")


def words_of(text: str) -> list[str]:
    """The words of ``text``, lower case, apostrophes straightened."""
    return _WORD.findall(text.lower().replace("’", "'"))


def content_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` that say what it is about, in order, each once; all its words
    when none is left (so "Nothing to add." is still about something)."""
    words = words_of(text)
    kept = [w for w in words if w not in STOP_WORDS and len(w) >= MIN_WORD]
    return tuple(dict.fromkeys(kept or words))


def soft_distances(texts: Sequence[str]) -> np.ndarray:
    """The square matrix of :data:`distance` between every pair of ``texts`` (module
    docstring). A text without a word is at distance 1 from every other."""
    bags = [content_words(t) for t in texts]
    vocabulary = sorted({w for bag in bags for w in bag})
    n = len(texts)
    if not vocabulary:
        return np.ones((n, n)) - np.eye(n)
    vectors = meanings(vocabulary).astype(np.float64)
    index = {w: i for i, w in enumerate(vocabulary)}
    # One extra column of -inf pads every bag to the same length, so each answer is compared
    # with all the others at once.
    similarity = np.hstack([vectors @ vectors.T, np.full((len(vocabulary), 1), -np.inf)])
    longest = max(len(bag) for bag in bags)
    padded = np.full((n, longest), len(vocabulary))
    for j, bag in enumerate(bags):
        padded[j, : len(bag)] = [index[w] for w in bag]
    best = np.zeros((n, n))
    for i, bag in enumerate(bags):
        if bag:
            nearest = similarity[[index[w] for w in bag]][:, padded].max(axis=2)
            best[i] = nearest.mean(axis=0)
    best[~np.isfinite(best)] = 0.0
    distance = 1.0 - (best + best.T) / 2.0
    np.fill_diagonal(distance, 0.0)
    return np.clip(distance, 0.0, 2.0)
