"""The names and meanings a user reads for Parity's codes: archetypes, roles and stances,
and the way to a construct's words.

One home, so that the terminal, the JSON, the reports and the pages call a relationship by the
same name (docs/instrument.md lists them; the codes themselves are the contract of
:mod:`parity.core.archetypes` and :mod:`parity.core.language.stance`). A construct's words live
in the instrument file (:class:`parity.core.instrument.Construct`); :func:`construct` finds them
in the instrument a result was scored on, or in TPI-1.
"""

from __future__ import annotations

from collections.abc import Mapping

from parity.core.archetypes import BOOTSTRAP_RESAMPLES, INSUFFICIENT
from parity.core.instrument import Construct, default_instrument

ARCHETYPE_NAMES = {
    "partnership": "True partnership",
    "developing": "Developing partnership",
    "customer_supplier": "Customer–supplier",
    "master_servant": "Master–servant",
    "adversarial": "Adversarial",
    "detached": "Detached",
    INSUFFICIENT: "Too few answers to tell",
}

ARCHETYPE_MEANINGS = {
    "partnership": (
        "Both sides work for the same outcome, have a stake in it, need each other, have an "
        "equal say and trust each other. Neither could easily go elsewhere, and neither gives "
        "the other orders."
    ),
    "developing": (
        "Part of the way there: middling on the partnering questions and balanced between the "
        "sides, with no strong sign of power or conflict."
    ),
    "customer_supplier": (
        "Power through alternatives. The customer could go elsewhere, needs the other less and "
        "judges it on price, speed or service; the supplier needs the customer and has less say."
    ),
    "master_servant": (
        "Power through direction. The master sets the priorities and has the say; the servant "
        "defers, finds it hard to say no and feels of less value."
    ),
    "adversarial": (
        "Low trust on at least one side: dealings end in escalation or dispute, and neither "
        "expects the other to stay engaged when it gets hard."
    ),
    "detached": (
        "Neither side needs the other or shares an outcome with it: an arm's-length "
        "relationship, which may be all it needs to be."
    ),
    INSUFFICIENT: (
        "A side has fewer respondents than the anonymity threshold, so nothing of its answers "
        "is shown and the relationship is not classified."
    ),
}

#: The archetype as a sentence names it ("the answers describe a master–servant relationship").
ARCHETYPE_PHRASES = {
    "partnership": "a true partnership",
    "developing": "a developing partnership",
    "customer_supplier": "a customer–supplier relationship",
    "master_servant": "a master–servant relationship",
    "adversarial": "an adversarial relationship",
    "detached": "a detached, arm's-length relationship",
    INSUFFICIENT: "too few answers to tell",
}

#: What the archetype's confidence is (docs/method.md §5), where a screen shows the number.
CONFIDENCE_MEANING = (
    f"the share of {BOOTSTRAP_RESAMPLES} resamples of each side's respondents that give the "
    "same archetype"
)

NAME_ONLY_MEANING = (
    "Called a partnership (its label contains “partner”), but the answers describe something "
    "else: a customer and a supplier, a master and a servant, adversaries or strangers."
)

STANCE_MEANINGS = {
    "partner": "equal footing, a shared outcome, joint ownership",
    "provider": "delivering services on terms: tickets, service levels, a catalogue",
    "customer": "buying from the other, judging it, or able to replace it",
    "servant": "serving, obeying, fulfilling every request, never saying no",
    "master": "the other is there to do what we say",
    "adversary": "conflict, blame, distrust, threats",
    "neutral": "no stance toward the other party",
}

ROLE_PAIRS = {
    "master_servant": ("master", "servant"),
    "customer_supplier": ("customer", "supplier"),
}


def archetype_name(code: str) -> str:
    """The archetype's name as a heading shows it ("Master–servant"); the code if unknown."""
    return ARCHETYPE_NAMES.get(code, code)


def archetype_words(code: str) -> str:
    """The archetype's name inside a sentence or a table cell ("master–servant")."""
    name = archetype_name(code)
    return name[:1].lower() + name[1:]


def construct(code: str, constructs: Mapping[str, Construct] | None = None) -> Construct:
    """The words of construct ``code``: from ``constructs`` (the instrument a result was scored
    on) when given, else TPI-1's; a code neither knows is its own name."""
    found = (constructs or {}).get(code) or default_instrument().constructs.get(code)
    return found or Construct(code, code, code, code, code, code.lower())


def construct_short(code: str, constructs: Mapping[str, Construct] | None = None) -> str:
    """The construct as a sentence names it ("shared outcome")."""
    return construct(code, constructs).short


def constructs_or_tpi1(constructs: Mapping[str, Construct]) -> Mapping[str, Construct]:
    """The constructs a result was scored on, or TPI-1's where the result does not say (one
    built by hand)."""
    return constructs or default_instrument().constructs
