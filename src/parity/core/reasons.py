"""Reasons in plain words, each citing the numbers it rests on.

A facilitator reads these aloud in a workshop, so each is one sentence about the two named
parties, with the score that supports it ("Finance could easily go elsewhere (alternatives
81/100) while IT could not (19/100)").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from parity.core.archetypes import MID, MID_HIGH, MID_LOW, MIN_SHARED_CONSTRUCTS
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
    #: The constructs on which the gap between the two sides is named, and whether this side's
    #: misreading of the other's need is: both by the one rule, :func:`parity.core.dyads.named`
    #: (at least the notable size, and an interval clear of 0). Nothing is named unless said.
    named_gaps: frozenset[str] = frozenset()
    misreads: bool = False


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


def _ahead(first: Side, second: Side, code: str) -> bool:
    """The gap on ``code`` is named (:attr:`Side.named_gaps`) and ``first`` is the side ahead."""
    return code in first.named_gaps and first.scores[code] > second.scores[code]


def _above(side: Side, code: str) -> bool:
    """The side's score on ``code`` is above the scale's middle: it agrees, on the whole."""
    return bool(side.scores[code] > MID)


def _below(side: Side, code: str) -> bool:
    return bool(side.scores[code] < MID)


# Each sentence says only what its numbers support: "could easily go elsewhere" from above the
# scale's middle, "could not" from below it; otherwise the sentence compares the two sides.


def _customer_supplier(c: Side, s: Side) -> list[str]:
    out = []
    if _ahead(c, s, "ALT"):
        alternatives = f"(alternatives {n(c.scores['ALT'])}/100)"
        out.append(
            f"{c.name} could easily go elsewhere {alternatives} while {s.name} could not "
            f"({n(s.scores['ALT'])}/100)."
            if _above(c, "ALT") and _below(s, "ALT")
            else f"{c.name} could go elsewhere more easily {alternatives} than {s.name} could "
            f"({n(s.scores['ALT'])}/100)."
        )
    if _ahead(s, c, "NEED"):
        out.append(
            f"{s.name} needs {c.name} (need {n(s.scores['NEED'])}/100) far more than "
            f"{c.name} needs {s.name} ({n(c.scores['NEED'])}/100)."
        )
    if _above(c, "TRX"):
        out.append(
            f"{c.name} judges {s.name} mainly on price, speed or service levels "
            f"(transactional {n(c.scores['TRX'])}/100)."
        )
    if s.scores["VOI"] < c.scores["VOI"]:
        out.append(
            f"{s.name} has less say in decisions (voice {n(s.scores['VOI'])}/100 against "
            f"{n(c.scores['VOI'])}/100 for {c.name})."
        )
    return out


def _master_servant(m: Side, s: Side) -> list[str]:
    direction = (
        f"(direction {n(m.scores['DIR'])}/100, {s.name}'s deference {n(s.scores['DEF'])}/100)"
    )
    out = [
        f"{m.name} sets {s.name}'s priorities (direction {n(m.scores['DIR'])}/100) and "
        f"{s.name} finds it hard to say no (deference {n(s.scores['DEF'])}/100)."
        if _above(m, "DIR") and _above(s, "DEF")
        else f"Taken together, the answers describe {m.name} as deciding and {s.name} as "
        f"complying {direction}."
    ]
    if s.scores["VOI"] < m.scores["VOI"]:
        out.append(
            f"{s.name} has little say in decisions (voice {n(s.scores['VOI'])}/100) while "
            f"{m.name} has much ({n(m.scores['VOI'])}/100)."
            if _below(s, "VOI") and _above(m, "VOI")
            else f"{s.name} has less say in decisions (voice {n(s.scores['VOI'])}/100 against "
            f"{n(m.scores['VOI'])}/100 for {m.name})."
        )
    if s.scores["VAL"] < m.scores["VAL"]:
        value = (
            f"(equal value {n(s.scores['VAL'])}/100 against {n(m.scores['VAL'])}/100 for {m.name})"
        )
        out.append(
            f"{s.name} does not feel of equal worth {value}."
            if _below(s, "VAL")
            else f"{s.name} feels less valued than {m.name} does {value}."
        )
    return out


def _partnership(a: Side, b: Side) -> list[str]:
    sa, sb = a.scores, b.scores
    both = (a, b)
    out = []
    if all(_above(x, "OUT") and _above(x, "COM") for x in both):
        out.append(
            f"Both sides name the same outcome (shared outcome {n(sa['OUT'])} and "
            f"{n(sb['OUT'])}/100) and have committed to it (commitment {n(sa['COM'])} and "
            f"{n(sb['COM'])}/100)."
        )
    if all(_above(x, "NEED") and _below(x, "ALT") for x in both):
        out.append(
            f"Each needs the other ({a.name} {n(sa['NEED'])}/100, {b.name} {n(sb['NEED'])}/100) "
            f"and neither could easily go elsewhere (alternatives {n(sa['ALT'])} and "
            f"{n(sb['ALT'])}/100)."
        )
    if all(_above(x, "TRS") for x in both):
        out.append(f"Trust is high on both sides ({n(sa['TRS'])} and {n(sb['TRS'])}/100).")
    return out


def _developing(a: Side, b: Side) -> list[str]:
    shared = ("OUT", "STK", "COM", "NEED", "VAL", "VOI", "TRS")
    measured = [c for c in shared if a.scores[c] == a.scores[c] and b.scores[c] == b.scores[c]]
    weakest = min(measured or shared, key=lambda c: min(a.scores[c], b.scores[c]))
    scores = f"partnering scores {n(a.partnering)} ({a.name}) and {n(b.partnering)} ({b.name})"
    middle = all(MID_LOW <= x.partnering <= MID_HIGH for x in (a, b))
    return [
        f"Both sides sit in the middle of the scale: {scores} out of 100."
        if middle
        else f"Part of the way to a partnership: {scores} out of 100.",
        f"The weakest shared ground is {construct_short(weakest)} ({n(a.scores[weakest])} "
        f"and {n(b.scores[weakest])}/100): the place to start.",
    ]


def _adversarial(a: Side, b: Side) -> list[str]:
    hostile = [s for s in (a, b) if s.scores["TRS"] < LOW_TRUST]
    out = [
        f"{side.name} reports low trust (trust {n(side.scores['TRS'])}/100, below the "
        "scale's middle: its answers lean toward distrust and disagreements that end badly)."
        for side in hostile
    ]
    if not hostile:
        wary = _lowest((a, b), "TRS")
        out.append(f"{wary.name} trusts the other least (trust {n(wary.scores['TRS'])}/100).")
    worst = _lowest((a, b), "COM")
    if _below(worst, "COM"):
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
    """Where one side believes the other needs it far more (or less) than the other says: its
    misreading is named (:attr:`Side.misreads`)."""
    out = []
    for me, other in ((a, b), (b, a)):
        thought, said = me.scores["ONEED"], other.scores["NEED"]
        if me.misreads:
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
