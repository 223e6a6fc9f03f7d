"""The names and meanings a user reads for Parity's codes: archetypes, roles and stances,
and the way to a construct's words.

One home, so that the terminal, the JSON, the reports and the pages call a relationship by the
same name (docs/instrument.md lists them; the codes themselves are the contract of
:mod:`parity.core.archetypes` and :mod:`parity.core.language.stance`). A construct's words live
in the instrument file (:class:`parity.core.instrument.Construct`); :func:`construct` finds them
in the instrument a result was scored on, or in TPI-1.

Every word here is English in the code and marked for the catalog
(:mod:`parity.core.translation`). The constants are lazy (:func:`~parity.core.translation.term`):
they *are* their English text, so the JSON, the codes' tables and equality see English, but
they are shown in the reader's language wherever they are printed or rendered. The functions
translate at once, for a caller that builds text in the current language.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping

from parity.core.archetypes import BOOTSTRAP_RESAMPLES, INSUFFICIENT
from parity.core.instrument import Construct, default_instrument
from parity.core.translation import (
    N_,
    SOURCE_LANGUAGE,
    Sentence,
    current_language,
    gettext,
    localized,
    term,
)

ARCHETYPE_NAMES: Mapping[str, Sentence] = {
    "partnership": term(N_("True partnership")),
    "developing": term(N_("Developing partnership")),
    "customer_supplier": term(N_("Customer–supplier")),
    "master_servant": term(N_("Master–servant")),
    "adversarial": term(N_("Adversarial")),
    "detached": term(N_("Detached")),
    INSUFFICIENT: term(N_("Too few answers to tell")),
}

#: The archetype's name inside a sentence or a table cell: the name with a small first letter
#: in English ("master–servant"), its own words in a language whose nouns keep their capital.
ARCHETYPE_WORDS: Mapping[str, Sentence] = {
    "partnership": term(N_("true partnership")),
    "developing": term(N_("developing partnership")),
    "customer_supplier": term(N_("customer–supplier")),
    "master_servant": term(N_("master–servant")),
    "adversarial": term(N_("adversarial")),
    "detached": term(N_("detached")),
    INSUFFICIENT: term(N_("too few answers to tell")),
}

ARCHETYPE_MEANINGS: Mapping[str, Sentence] = {
    "partnership": term(
        N_(
            "Both sides work for the same outcome, have a stake in it, need each other, have an "
            "equal say and trust each other. Neither could easily go elsewhere, and neither "
            "gives the other orders."
        )
    ),
    "developing": term(
        N_(
            "Part of the way there: middling on the partnering questions and balanced between "
            "the sides, with no strong sign of power or conflict."
        )
    ),
    "customer_supplier": term(
        N_(
            "Power through alternatives. The customer could go elsewhere, needs the other less "
            "and judges it on price, speed or service; the supplier needs the customer and has "
            "less say."
        )
    ),
    "master_servant": term(
        N_(
            "Power through direction. The master sets the priorities and has the say; the "
            "servant defers, finds it hard to say no and feels of less value."
        )
    ),
    "adversarial": term(
        N_(
            "Low trust on at least one side: dealings end in escalation or dispute, and neither "
            "expects the other to stay engaged when it gets hard."
        )
    ),
    "detached": term(
        N_(
            "Neither side needs the other or shares an outcome with it: an arm's-length "
            "relationship, which may be all it needs to be."
        )
    ),
    INSUFFICIENT: term(
        N_(
            "A side has fewer respondents than the anonymity threshold, so nothing of its "
            "answers is shown and the relationship is not classified."
        )
    ),
}

#: The archetype as a sentence names it ("the answers describe a master–servant relationship").
ARCHETYPE_PHRASES: Mapping[str, Sentence] = {
    "partnership": term(N_("a true partnership")),
    "developing": term(N_("a developing partnership")),
    "customer_supplier": term(N_("a customer–supplier relationship")),
    "master_servant": term(N_("a master–servant relationship")),
    "adversarial": term(N_("an adversarial relationship")),
    "detached": term(N_("a detached, arm's-length relationship")),
    INSUFFICIENT: term(N_("too few answers to tell")),
}

#: What the archetype's confidence is (docs/method.md §5), where a screen shows the number.
CONFIDENCE_MEANING = Sentence(
    N_(
        "the share of {resamples} resamples of each side's respondents that give the same archetype"
    ),
    resamples=BOOTSTRAP_RESAMPLES,
)

NAME_ONLY_MEANING = term(
    N_(
        "Called a partnership (its label contains “partner”), but the answers describe "
        "something else: a customer and a supplier, a master and a servant, adversaries or "
        "strangers."
    )
)

STANCE_MEANINGS: Mapping[str, Sentence] = {
    "partner": term(N_("equal footing, a shared outcome, joint ownership")),
    "provider": term(N_("delivering services on terms: tickets, service levels, a catalogue")),
    "customer": term(N_("buying from the other, judging it, or able to replace it")),
    "servant": term(N_("serving, obeying, fulfilling every request, never saying no")),
    "master": term(N_("the other is there to do what we say")),
    "adversary": term(N_("conflict, blame, distrust, threats")),
    "neutral": term(N_("no stance toward the other party")),
}

ROLE_PAIRS = {
    "master_servant": ("master", "servant"),
    "customer_supplier": ("customer", "supplier"),
}

#: The roles of :data:`ROLE_PAIRS` as a reader sees them ("Sales: master; IT: servant").
ROLE_WORDS: Mapping[str, Sentence] = {
    "master": term(N_("master")),
    "servant": term(N_("servant")),
    "customer": term(N_("customer")),
    "supplier": term(N_("supplier")),
}


#: A stance's name as a page or a report lists it ("servant"), by its code
#: (:data:`parity.core.language.stance.STANCES`): the code stays the CSS class and the JSON.
STANCE_NAMES: Mapping[str, Sentence] = {
    "partner": term(N_("partner")),
    "provider": term(N_("provider")),
    "customer": term(N_("customer")),
    "servant": term(N_("servant")),
    "master": term(N_("master")),
    "adversary": term(N_("adversary")),
    "neutral": term(N_("neutral")),
}


#: A relationship's scope as a reader sees it ("internal"), by its code.
SCOPE_WORDS: Mapping[str, Sentence] = {
    "internal": term(N_("internal")),
    "external": term(N_("external")),
}


class Shown(Mapping[str, str]):
    """One of the tables above read in the current language at each look-up, for a template
    that is handed the whole table once (a Jinja global) and renders it in any language."""

    def __init__(self, words: Mapping[str, str]) -> None:
        self._words = words

    def __getitem__(self, code: str) -> str:
        return localized(self._words[code])

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)


def _shown(words: Mapping[str, str], code: str) -> str:
    """``code``'s entry of ``words`` in the current language; the code itself if unknown."""
    return localized(words[code]) if code in words else code


def archetype_name(code: str) -> str:
    """The archetype's name as a heading shows it ("Master–servant"); the code if unknown."""
    return _shown(ARCHETYPE_NAMES, code)


def archetype_words(code: str) -> str:
    """The archetype's name inside a sentence or a table cell ("master–servant"); for one
    :data:`ARCHETYPE_WORDS` does not list, its name with a small first letter."""
    if code in ARCHETYPE_WORDS:
        return _shown(ARCHETYPE_WORDS, code)
    name = archetype_name(code)
    return name[:1].lower() + name[1:]


def archetype_meaning(code: str) -> str:
    """What the archetype means, in a sentence or two; the code if unknown."""
    return _shown(ARCHETYPE_MEANINGS, code)


def archetype_phrase(code: str) -> Sentence:
    """The archetype as a sentence names it ("a master–servant relationship"), translated where
    the sentence holding it is shown."""
    return ARCHETYPE_PHRASES.get(code) or term(code)


def role_words(role: str) -> str:
    """A side's role in the relationship ("master"); the code if unknown."""
    return _shown(ROLE_WORDS, role)


def stance_name(code: str) -> str:
    """A stance's name in the current language ("servant"); the code if unknown."""
    return _shown(STANCE_NAMES, code)


def scope_words(code: str) -> str:
    """A relationship's scope in the current language ("internal"); the code if unknown."""
    return _shown(SCOPE_WORDS, code)


def stance_meaning(code: str) -> str:
    """What a stance toward the other party means; the code if unknown."""
    return _shown(STANCE_MEANINGS, code)


def confidence_meaning() -> str:
    """:data:`CONFIDENCE_MEANING` in the current language."""
    return str(CONFIDENCE_MEANING)


def name_only_meaning() -> str:
    """:data:`NAME_ONLY_MEANING` in the current language."""
    return str(NAME_ONLY_MEANING)


def _scored(code: str, constructs: Mapping[str, Construct] | None = None) -> Construct:
    """The English words of construct ``code``, as the instrument file has them."""
    found = (constructs or {}).get(code) or default_instrument().constructs.get(code)
    return found or Construct(code, code, code, code, code, code.lower())


def translated(words: Construct) -> Construct:
    """A construct's words in the current language (name, short, gloss and meaning), the
    instrument's own English where the catalog has none (a custom instrument); the construct
    itself in English."""
    if current_language() == SOURCE_LANGUAGE:
        return words
    return dataclasses.replace(
        words,
        name=gettext(words.name),
        short=gettext(words.short),
        gloss=gettext(words.gloss),
        meaning=gettext(words.meaning),
    )


def construct(code: str, constructs: Mapping[str, Construct] | None = None) -> Construct:
    """The words of construct ``code`` in the current language: from ``constructs`` (the
    instrument a result was scored on) when given, else TPI-1's; a code neither knows is its
    own name."""
    return translated(_scored(code, constructs))


def construct_short(code: str, constructs: Mapping[str, Construct] | None = None) -> Sentence:
    """The construct as a sentence names it ("shared outcome"): lazy, so a sentence made now
    and shown later says it in the reader's language."""
    return term(_scored(code, constructs).short)


def constructs_or_tpi1(constructs: Mapping[str, Construct]) -> Mapping[str, Construct]:
    """The constructs a result was scored on, or TPI-1's where the result does not say (one
    built by hand)."""
    return constructs or default_instrument().constructs
