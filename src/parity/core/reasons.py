"""Reasons in plain words, each citing the numbers it rests on.

A facilitator reads these aloud in a workshop, so each is one sentence about the two named
parties, with the score that supports it ("Finance could easily go elsewhere (alternatives
81/100) while IT could not (19/100)"). Each is a :class:`~parity.core.translation.Sentence`:
the analysis keeps it (and caches it) in English, and it is shown in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from parity.core.archetypes import MID, MID_HIGH, MID_LOW, MIN_SHARED_CONSTRUCTS
from parity.core.instrument import Construct
from parity.core.policy import DEFAULT_SCORE_THRESHOLD
from parity.core.translation import N_, Sentence
from parity.core.vocabulary import archetype_phrase, construct_short

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

S = TypeVar("S", bound=str)


def n(value: float) -> str:
    """A 0-100 score as a whole number for a sentence (a mark for :func:`cited` if missing)."""
    return _MISSING if value != value else f"{value:.0f}"


def cited(sentences: list[S]) -> list[S]:
    """The sentences whose every number is there: one citing a missing (NaN) score, say the
    deference of a side that skipped those items, is left out rather than printed with a
    placeholder. A :class:`~parity.core.translation.Sentence` is tested on its English, which
    holds every number it cites."""
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
# Each is a Sentence with named fields, so another language may order them its own way.


def _less_say(side: Side, other: Side) -> Sentence:
    return Sentence(
        N_(
            "{side} has less say in decisions (voice {voice}/100 against {other_voice}/100 "
            "for {other})."
        ),
        side=side.name,
        other=other.name,
        voice=n(side.scores["VOI"]),
        other_voice=n(other.scores["VOI"]),
    )


def _customer_supplier(c: Side, s: Side) -> list[Sentence]:
    out = []
    if _ahead(c, s, "ALT"):
        alternatives = {
            "customer": c.name,
            "supplier": s.name,
            "customer_alternatives": n(c.scores["ALT"]),
            "supplier_alternatives": n(s.scores["ALT"]),
        }
        out.append(
            Sentence(
                N_(
                    "{customer} could easily go elsewhere (alternatives "
                    "{customer_alternatives}/100) while {supplier} could not "
                    "({supplier_alternatives}/100)."
                ),
                **alternatives,
            )
            if _above(c, "ALT") and _below(s, "ALT")
            else Sentence(
                N_(
                    "{customer} could go elsewhere more easily (alternatives "
                    "{customer_alternatives}/100) than {supplier} could "
                    "({supplier_alternatives}/100)."
                ),
                **alternatives,
            )
        )
    if _ahead(s, c, "NEED"):
        out.append(
            Sentence(
                N_(
                    "{supplier} needs {customer} (need {supplier_need}/100) far more than "
                    "{customer} needs {supplier} ({customer_need}/100)."
                ),
                supplier=s.name,
                customer=c.name,
                supplier_need=n(s.scores["NEED"]),
                customer_need=n(c.scores["NEED"]),
            )
        )
    if _above(c, "TRX"):
        out.append(
            Sentence(
                N_(
                    "{customer} judges {supplier} mainly on price, speed or service levels "
                    "(transactional {transactional}/100)."
                ),
                customer=c.name,
                supplier=s.name,
                transactional=n(c.scores["TRX"]),
            )
        )
    if s.scores["VOI"] < c.scores["VOI"]:
        out.append(_less_say(s, c))
    return out


def _master_servant(m: Side, s: Side) -> list[Sentence]:
    sides = {
        "master": m.name,
        "servant": s.name,
        "direction": n(m.scores["DIR"]),
        "deference": n(s.scores["DEF"]),
    }
    out = [
        Sentence(
            N_(
                "{master} sets {servant}'s priorities (direction {direction}/100) and "
                "{servant} finds it hard to say no (deference {deference}/100)."
            ),
            **sides,
        )
        if _above(m, "DIR") and _above(s, "DEF")
        else Sentence(
            N_(
                "Taken together, the answers describe {master} as deciding and {servant} as "
                "complying (direction {direction}/100, {servant}'s deference {deference}/100)."
            ),
            **sides,
        )
    ]
    if s.scores["VOI"] < m.scores["VOI"]:
        out.append(
            Sentence(
                N_(
                    "{side} has little say in decisions (voice {voice}/100) while {other} has "
                    "much ({other_voice}/100)."
                ),
                side=s.name,
                other=m.name,
                voice=n(s.scores["VOI"]),
                other_voice=n(m.scores["VOI"]),
            )
            if _below(s, "VOI") and _above(m, "VOI")
            else _less_say(s, m)
        )
    if s.scores["VAL"] < m.scores["VAL"]:
        value = {
            "side": s.name,
            "other": m.name,
            "value": n(s.scores["VAL"]),
            "other_value": n(m.scores["VAL"]),
        }
        out.append(
            Sentence(
                N_(
                    "{side} does not feel of equal worth (equal value {value}/100 against "
                    "{other_value}/100 for {other})."
                ),
                **value,
            )
            if _below(s, "VAL")
            else Sentence(
                N_(
                    "{side} feels less valued than {other} does (equal value {value}/100 "
                    "against {other_value}/100 for {other})."
                ),
                **value,
            )
        )
    return out


def _partnership(a: Side, b: Side) -> list[Sentence]:
    sa, sb = a.scores, b.scores
    both = (a, b)
    out = []
    if all(_above(x, "OUT") and _above(x, "COM") for x in both):
        out.append(
            Sentence(
                N_(
                    "Both sides name the same outcome (shared outcome {outcome_a} and "
                    "{outcome_b}/100) and have committed to it (commitment {commitment_a} and "
                    "{commitment_b}/100)."
                ),
                outcome_a=n(sa["OUT"]),
                outcome_b=n(sb["OUT"]),
                commitment_a=n(sa["COM"]),
                commitment_b=n(sb["COM"]),
            )
        )
    if all(_above(x, "NEED") and _below(x, "ALT") for x in both):
        out.append(
            Sentence(
                N_(
                    "Each needs the other ({a} {need_a}/100, {b} {need_b}/100) and neither "
                    "could easily go elsewhere (alternatives {alternatives_a} and "
                    "{alternatives_b}/100)."
                ),
                a=a.name,
                b=b.name,
                need_a=n(sa["NEED"]),
                need_b=n(sb["NEED"]),
                alternatives_a=n(sa["ALT"]),
                alternatives_b=n(sb["ALT"]),
            )
        )
    if all(_above(x, "TRS") for x in both):
        out.append(
            Sentence(
                N_("Trust is high on both sides ({trust_a} and {trust_b}/100)."),
                trust_a=n(sa["TRS"]),
                trust_b=n(sb["TRS"]),
            )
        )
    return out


def _developing(a: Side, b: Side) -> list[Sentence]:
    shared = ("OUT", "STK", "COM", "NEED", "VAL", "VOI", "TRS")
    measured = [c for c in shared if a.scores[c] == a.scores[c] and b.scores[c] == b.scores[c]]
    weakest = min(measured or shared, key=lambda c: min(a.scores[c], b.scores[c]))
    scores = {"a": a.name, "b": b.name, "score_a": n(a.partnering), "score_b": n(b.partnering)}
    middle = all(MID_LOW <= x.partnering <= MID_HIGH for x in (a, b))
    return [
        Sentence(
            N_(
                "Both sides sit in the middle of the scale: partnering scores {score_a} ({a}) "
                "and {score_b} ({b}) out of 100."
            ),
            **scores,
        )
        if middle
        else Sentence(
            N_(
                "Part of the way to a partnership: partnering scores {score_a} ({a}) and "
                "{score_b} ({b}) out of 100."
            ),
            **scores,
        ),
        Sentence(
            N_(
                "The weakest shared ground is {construct} ({score_a} and {score_b}/100): the "
                "place to start."
            ),
            construct=construct_short(weakest),
            score_a=n(a.scores[weakest]),
            score_b=n(b.scores[weakest]),
        ),
    ]


def _adversarial(a: Side, b: Side) -> list[Sentence]:
    hostile = [s for s in (a, b) if s.scores["TRS"] < LOW_TRUST]
    out = [
        Sentence(
            N_(
                "{side} reports low trust (trust {trust}/100, below the scale's middle: its "
                "answers lean toward distrust and disagreements that end badly)."
            ),
            side=side.name,
            trust=n(side.scores["TRS"]),
        )
        for side in hostile
    ]
    if not hostile:
        wary = _lowest((a, b), "TRS")
        out.append(
            Sentence(
                N_("{side} trusts the other least (trust {trust}/100)."),
                side=wary.name,
                trust=n(wary.scores["TRS"]),
            )
        )
    worst = _lowest((a, b), "COM")
    if _below(worst, "COM"):
        out.append(
            Sentence(
                N_(
                    "{side} does not see the other staying engaged when it gets hard "
                    "(commitment {commitment}/100)."
                ),
                side=worst.name,
                commitment=n(worst.scores["COM"]),
            )
        )
    return out


def _detached(a: Side, b: Side) -> list[Sentence]:
    sa, sb = a.scores, b.scores
    return [
        Sentence(
            N_("Neither side needs the other much ({a} {need_a}/100, {b} {need_b}/100)."),
            a=a.name,
            b=b.name,
            need_a=n(sa["NEED"]),
            need_b=n(sb["NEED"]),
        ),
        Sentence(
            N_("There is little shared outcome (shared outcome {outcome_a} and {outcome_b}/100)."),
            outcome_a=n(sa["OUT"]),
            outcome_b=n(sb["OUT"]),
        ),
    ]


_BY_ROLE: dict[str, Callable[[Side, Side], list[Sentence]]] = {
    "customer_supplier": _customer_supplier,
    "master_servant": _master_servant,
}
_SYMMETRIC: dict[str, Callable[[Side, Side], list[Sentence]]] = {
    "partnership": _partnership,
    "developing": _developing,
    "adversarial": _adversarial,
    "detached": _detached,
}


def misreadings(a: Side, b: Side) -> list[Sentence]:
    """Where one side believes the other needs it far more (or less) than the other says: its
    misreading is named (:attr:`Side.misreads`)."""
    out = []
    for me, other in ((a, b), (b, a)):
        thought, said = me.scores["ONEED"], other.scores["NEED"]
        if me.misreads:
            values = {"side": me.name, "other": other.name, "thought": n(thought), "said": n(said)}
            out.append(
                Sentence(
                    N_(
                        "{side} believes {other} needs it ({thought}/100) far more than "
                        "{other} says it does ({said}/100)."
                    ),
                    **values,
                )
                if thought > said
                else Sentence(
                    N_(
                        "{side} believes {other} needs it ({thought}/100) far less than "
                        "{other} says it does ({said}/100)."
                    ),
                    **values,
                )
            )
    return out


def power_sentence(holder: Side, other: Side, basis: str) -> Sentence:
    if basis == "direction":
        return Sentence(
            N_(
                "{holder} holds the power: it sets the direction (direction {direction}/100) "
                "and {other} defers (deference {deference}/100)."
            ),
            holder=holder.name,
            other=other.name,
            direction=n(holder.scores["DIR"]),
            deference=n(other.scores["DEF"]),
        )
    return Sentence(
        N_(
            "{holder} holds the power: it could go elsewhere more easily (alternatives "
            "{alternatives}/100 against {other_alternatives}/100)."
        ),
        holder=holder.name,
        alternatives=n(holder.scores["ALT"]),
        other_alternatives=n(other.scores["ALT"]),
    )


def too_few(party: str, other: str, threshold: int) -> Sentence:
    """The sentence for a side below the anonymity threshold. It never gives the side's own
    count: "1 respondent" or "has not answered" would say who did (docs/privacy.md)."""
    return Sentence(
        N_(
            "{party} has fewer than {threshold} respondents about {other} (the anonymity "
            "threshold): its answers are not shown."
        ),
        party=party,
        other=other,
        threshold=threshold,
    )


def too_little_shared(first: str, second: str, minimum: int = MIN_SHARED_CONSTRUCTS) -> Sentence:
    """The sentence for two shown sides that share too few measured constructs to be compared
    (:data:`parity.core.archetypes.MIN_SHARED_CONSTRUCTS`). Like :func:`too_few`, it gives no
    count of its own."""
    return Sentence(
        N_(
            "{first} and {second} have fewer than {minimum} measures answered on both sides: "
            "too little shared evidence to say what kind of relationship it is."
        ),
        first=first,
        second=second,
        minimum=minimum,
    )


def insufficient(sides: tuple[Side, Side], threshold: int) -> list[Sentence]:
    """Why a relationship has no archetype: each side below the anonymity threshold or, when
    both sides are shown, too few constructs measured on both."""
    few = [
        too_few(me.name, other.name, threshold)
        for me, other in (sides, sides[::-1])
        if me.respondents < threshold
    ]
    return few or [too_little_shared(sides[0].name, sides[1].name)]


def _listed(words: list[Sentence]) -> Sentence:
    """Construct words as a sentence lists them ("stake, trust"), each shown in the reader's
    language: the commas are the same in every language, so the pattern is not in the
    catalog."""
    fields = {f"w{i}": word for i, word in enumerate(words)}
    return Sentence(", ".join("{" + name + "}" for name in fields), **fields)


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
) -> list[Sentence]:
    """Up to :data:`MAX_REASONS` sentences, the most telling first.

    ``constructs`` are the words of the instrument the sides were scored on (TPI-1's if not
    given), so a custom instrument's own construct is named in its own words.

    ``roles`` are the roles of sides[0] and sides[1] ("" when none); ``power`` is
    ("a"|"b"|"", basis) from the dyad metrics.
    """
    if archetype == "insufficient_data":
        return insufficient(sides, threshold)
    out: list[Sentence] = []
    if name_only:
        out.append(
            Sentence(
                N_("It is called '{label}', but the answers describe {archetype}."),
                label=label,
                archetype=archetype_phrase(archetype),
            )
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
            words = _listed([construct_short(c, constructs) for c in side.low_agreement[:3]])
            out.append(
                Sentence(
                    N_(
                        "{side}'s respondents disagree among themselves on {constructs} "
                        "(rwg(j) below 0.5): read its scores there with care."
                    ),
                    side=side.name,
                    constructs=words,
                )
            )
    return cited(out)[:MAX_REASONS]
