"""The words a report uses for the constructs, for a reader who has never seen Parity (the
names of archetypes, roles and stances are in :mod:`parity.core.vocabulary`)."""

from __future__ import annotations

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

__all__ = ["CONSTRUCT_MEANINGS"]
