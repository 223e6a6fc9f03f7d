"""The words a report uses for Parity's codes, for a reader who has never seen Parity."""

from __future__ import annotations

from parity.core.archetypes import ARCHETYPES, INSUFFICIENT

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

NAME_ONLY_MEANING = (
    "Called a partnership (its label contains “partner”), but the answers describe something "
    "else: a customer and a supplier, a master and a servant, adversaries or strangers."
)

#: What each construct asks, in the instrument's words (TPI-1, docs/method.md §1).
CONSTRUCT_MEANINGS = {
    "OUT": ("Shared outcome", "We work toward the same business outcome and could name it."),
    "STK": ("Stake", "Our success rises or falls with that outcome, as theirs does."),
    "COM": ("Commitment", "We committed to reach it together; they stay when it gets hard."),
    "ALT": ("Alternatives", "We could easily get what we need elsewhere (high = power)."),
    "NEED": ("Need", "We need them to reach our goals."),
    "ONEED": ("Their need, as we see it", "They need us to reach their goals."),
    "VAL": ("Equal value", "They value our contribution as much as their own."),
    "VOI": ("Voice", "We have an equal say, and they welcome our ideas."),
    "DEF": ("Deference", "We do what they ask without question (high = servant)."),
    "DIR": ("Direction", "They carry out what we decide; we set their priorities (high = master)."),
    "TRX": ("Transactional", "It runs on tickets, orders and contracts; we judge on service."),
    "TRS": ("Trust", "We trust them; disagreements end well, not in escalation."),
}

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

__all__ = [
    "ARCHETYPES",
    "ARCHETYPE_MEANINGS",
    "ARCHETYPE_NAMES",
    "CONSTRUCT_MEANINGS",
    "NAME_ONLY_MEANING",
    "ROLE_PAIRS",
    "STANCE_MEANINGS",
]
