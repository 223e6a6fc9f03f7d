"""Reasons in plain words, each citing the numbers it rests on.

A facilitator reads these aloud in a workshop, so each is one sentence about the two named
parties, with the score that supports it ("Finance could easily go elsewhere (alternatives
81/100) while IT could not (19/100)").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from parity.core.archetypes import MIN_SHARED_CONSTRUCTS
from parity.core.dyads import NOTABLE_GAP, NOTABLE_MISREADING
from parity.core.instrument import Construct
from parity.core.policy import DEFAULT_SCORE_THRESHOLD
from parity.core.vocabulary import ARCHETYPE_PHRASES, construct_short

MAX_REASONS = 4
LOW_TRUST = 40.0


@dataclass(frozen=True)
class Side:
    """What the reasons need to know about one side."""

    name: str
    scores: Mapping[str, float]
    respondents: int
    low_agreement: tuple[str, ...] = ()
    partnering: float = float("nan")
    leverage: float = float("nan")


#: What :func:`n` writes for a missing number: a mark no sentence otherwise contains, by which
#: :func:`cited` leaves the sentence out. No reason ever prints a missing number.
_MISSING = "\x00"


def n(value: float) -> str:
    """A 0-100 score as a whole number for a sentence (a mark for :func:`cited` if missing)."""
    return _MISSING if value != value else f"{value:.0f}"


def cited(sentences: list[str]) -> list[str]:
    """The sentences whose every number is there: one citing a missing (NaN) score, say the
    deference of a side that skipped those items, is left out rather than printed with a
    placeholder."""
    return [s for s in sentences if _MISSING not in s]


def _lowest(sides: tuple[Side, ...], code: str) -> Side:
    """The side with the lower score on ``code``, a measured score before a missing one."""
    return min(sides, key=lambda s: (s.scores[code] != s.scores[code], s.scores[code]))


def _customer_supplier(c: Side, s: Side) -> list[str]:
    out = []
    if c.scores["ALT"] - s.scores["ALT"] >= NOTABLE_GAP:
        out.append(
            f"{c.name} could easily go elsewhere (alternatives {n(c.scores['ALT'])}/100) "
            f"while {s.name} could not ({n(s.scores['ALT'])}/100)."
        )
    if s.scores["NEED"] - c.scores["NEED"] >= NOTABLE_GAP:
        out.append(
            f"{s.name} needs {c.name} (need {n(s.scores['NEED'])}/100) far more than "
            f"{c.name} needs {s.name} ({n(c.scores['NEED'])}/100)."
        )
    out.append(
        f"{c.name} judges {s.name} mainly on price, speed or service levels "
        f"(transactional {n(c.scores['TRX'])}/100)."
    )
    out.append(
        f"{s.name} has less say in decisions (voice {n(s.scores['VOI'])}/100 against "
        f"{n(c.scores['VOI'])}/100 for {c.name})."
    )
    return out


def _master_servant(m: Side, s: Side) -> list[str]:
    return [
        f"{m.name} sets {s.name}'s priorities (direction {n(m.scores['DIR'])}/100) and "
        f"{s.name} finds it hard to say no (deference {n(s.scores['DEF'])}/100).",
        f"{s.name} has little say in decisions (voice {n(s.scores['VOI'])}/100) while "
        f"{m.name} has much ({n(m.scores['VOI'])}/100).",
        f"{s.name} does not feel of equal worth (equal value {n(s.scores['VAL'])}/100 "
        f"against {n(m.scores['VAL'])}/100 for {m.name}).",
    ]


def _partnership(a: Side, b: Side) -> list[str]:
    sa, sb = a.scores, b.scores
    return [
        f"Both sides name the same outcome (shared outcome {n(sa['OUT'])} and "
        f"{n(sb['OUT'])}/100) and have committed to it (commitment {n(sa['COM'])} and "
        f"{n(sb['COM'])}/100).",
        f"Each needs the other ({a.name} {n(sa['NEED'])}/100, {b.name} {n(sb['NEED'])}/100) "
        f"and neither could easily go elsewhere (alternatives {n(sa['ALT'])} and "
        f"{n(sb['ALT'])}/100).",
        f"Trust is high on both sides ({n(sa['TRS'])} and {n(sb['TRS'])}/100).",
    ]


def _developing(a: Side, b: Side) -> list[str]:
    shared = ("OUT", "STK", "COM", "NEED", "VAL", "VOI", "TRS")
    measured = [c for c in shared if a.scores[c] == a.scores[c] and b.scores[c] == b.scores[c]]
    weakest = min(measured or shared, key=lambda c: min(a.scores[c], b.scores[c]))
    return [
        f"Both sides sit in the middle of the scale: partnering scores {n(a.partnering)} "
        f"({a.name}) and {n(b.partnering)} ({b.name}) out of 100.",
        f"The weakest shared ground is {construct_short(weakest)} ({n(a.scores[weakest])} "
        f"and {n(b.scores[weakest])}/100): the place to start.",
    ]


def _adversarial(a: Side, b: Side) -> list[str]:
    hostile = [s for s in (a, b) if s.scores["TRS"] < LOW_TRUST] or [_lowest((a, b), "TRS")]
    out = []
    for side in hostile:
        out.append(
            f"{side.name} reports low trust (trust {n(side.scores['TRS'])}/100, below the "
            "scale's middle: its answers lean toward distrust and disagreements that end badly)."
        )
    worst = _lowest((a, b), "COM")
    out.append(
        f"{worst.name} does not see the other staying engaged when it gets hard "
        f"(commitment {n(worst.scores['COM'])}/100)."
    )
    return out


def _detached(a: Side, b: Side) -> list[str]:
    sa, sb = a.scores, b.scores
    return [
        f"Neither side needs the other much ({a.name} {n(sa['NEED'])}/100, "
        f"{b.name} {n(sb['NEED'])}/100).",
        f"There is little shared outcome (shared outcome {n(sa['OUT'])} and {n(sb['OUT'])}/100).",
    ]


_BY_ROLE: dict[str, Callable[[Side, Side], list[str]]] = {
    "customer_supplier": _customer_supplier,
    "master_servant": _master_servant,
}
_SYMMETRIC: dict[str, Callable[[Side, Side], list[str]]] = {
    "partnership": _partnership,
    "developing": _developing,
    "adversarial": _adversarial,
    "detached": _detached,
}


def misreadings(a: Side, b: Side) -> list[str]:
    """Where one side believes the other needs it far more (or less) than the other says."""
    out = []
    for me, other in ((a, b), (b, a)):
        thought, said = me.scores["ONEED"], other.scores["NEED"]
        if abs(thought - said) >= NOTABLE_MISREADING:
            degree = "more" if thought > said else "less"
            out.append(
                f"{me.name} believes {other.name} needs it ({n(thought)}/100) far {degree} "
                f"than {other.name} says it does ({n(said)}/100)."
            )
    return out


def power_sentence(holder: Side, other: Side, basis: str) -> str:
    if basis == "direction":
        return (
            f"{holder.name} holds the power: it sets the direction "
            f"(direction {n(holder.scores['DIR'])}/100) and {other.name} defers "
            f"(deference {n(other.scores['DEF'])}/100)."
        )
    return (
        f"{holder.name} holds the power: it could go elsewhere more easily "
        f"(alternatives {n(holder.scores['ALT'])}/100 against {n(other.scores['ALT'])}/100)."
    )


def too_few(party: str, other: str, threshold: int) -> str:
    """The sentence for a side below the anonymity threshold. It never gives the side's own
    count: "1 respondent" or "has not answered" would say who did (docs/privacy.md)."""
    return (
        f"{party} has fewer than {threshold} respondents about {other} (the anonymity "
        "threshold): its answers are not shown."
    )


def too_little_shared(first: str, second: str, minimum: int = MIN_SHARED_CONSTRUCTS) -> str:
    """The sentence for two shown sides that share too few measured constructs to be compared
    (:data:`parity.core.archetypes.MIN_SHARED_CONSTRUCTS`). Like :func:`too_few`, it gives no
    count of its own."""
    return (
        f"{first} and {second} have fewer than {minimum} measures answered on both sides: too "
        "little shared evidence to say what kind of relationship it is."
    )


def insufficient(sides: tuple[Side, Side], threshold: int) -> list[str]:
    """Why a relationship has no archetype: each side below the anonymity threshold or, when
    both sides are shown, too few constructs measured on both."""
    few = [
        too_few(me.name, other.name, threshold)
        for me, other in (sides, sides[::-1])
        if me.respondents < threshold
    ]
    return few or [too_little_shared(sides[0].name, sides[1].name)]


def reasons(
    archetype: str,
    sides: tuple[Side, Side],
    roles: tuple[str, str],
    *,
    power: tuple[str, str] = ("", ""),
    label: str | None = None,
    name_only: bool = False,
    threshold: int = DEFAULT_SCORE_THRESHOLD,
    constructs: Mapping[str, Construct] | None = None,
) -> list[str]:
    """Up to :data:`MAX_REASONS` sentences, the most telling first.

    ``constructs`` are the words of the instrument the sides were scored on (TPI-1's if not
    given), so a custom instrument's own construct is named in its own words.

    ``roles`` are the roles of sides[0] and sides[1] ("" when none); ``power`` is
    ("a"|"b"|"", basis) from the dyad metrics.
    """
    if archetype == "insufficient_data":
        return insufficient(sides, threshold)
    out: list[str] = []
    if name_only:
        out.append(
            f"It is called '{label}', but the answers describe {ARCHETYPE_PHRASES[archetype]}."
        )
    if archetype in _BY_ROLE:
        first, second = sides if roles[0] in ("customer", "master") else sides[::-1]
        out += _BY_ROLE[archetype](first, second)
    else:
        holder, basis = power
        if holder and archetype != "partnership":
            strong, weak = sides if holder == "a" else sides[::-1]
            out.append(power_sentence(strong, weak, basis))
        out += _SYMMETRIC[archetype](*sides)
    head = 1 + int(name_only)  # the headline and the archetype's first reason come first
    out[head:head] = misreadings(*sides)
    for side in sides:
        if side.low_agreement:
            words = ", ".join(construct_short(c, constructs) for c in side.low_agreement[:3])
            out.append(
                f"{side.name}'s respondents disagree among themselves on {words} "
                "(rwg(j) below 0.5): read its scores there with care."
            )
    return cited(out)[:MAX_REASONS]
