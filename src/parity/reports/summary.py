"""The first page of a relationship report in plain sentences, from the engine's numbers.

Written for someone who never saw Parity: what the relationship is called, what the answers
describe, what each side says and does, who holds the power, whether they need each other.
Every number is the engine's, rounded to whole points; every sentence rests on a result that
has passed the anonymity gate, so a hidden side is only ever named.
"""

from __future__ import annotations

from collections.abc import Mapping

from parity.core.analysis import RelationshipResult
from parity.core.archetypes import INSUFFICIENT
from parity.core.disclosure import SideView, Thresholds
from parity.core.dyads import NOTABLE_GAP
from parity.core.presentation import with_interval
from parity.core.vocabulary import ARCHETYPE_PHRASES, ROLE_PAIRS
from parity.reports.charts.svg import whole

#: A construct at or above this reads as "high" in a sentence, at or below LOW as "low".
HIGH, LOW = 65.0, 35.0
DOMINANT_SHARE = 0.4

#: What a side's words say, by their most common stance.
WORDS = {
    "servant": "{side} says it serves {other}",
    "master": "{side} says it directs {other}",
    "provider": "{side} describes itself as {other}'s service provider",
    "customer": "{side} talks of {other} as a supplier it buys from and judges",
    "partner": "{side} speaks of {other} as a partner",
    "adversary": "{side} speaks of {other} as an opponent",
}


def _words(side: SideView) -> str | None:
    if not side.shown or not side.statements or not side.stances:
        return None
    stance, count = side.stances[0]
    share = count / side.statements
    if stance not in WORDS or share < DOMINANT_SHARE:
        return None
    sentence = WORDS[stance].format(side=side.party, other=side.about)
    return f"{sentence} ({share:.0%} of its {side.statements} written answers)"


def _behaviour(scores: Mapping[str, float], other: str) -> str | None:
    """The most telling thing a side's answers say it does, if anything stands out."""
    candidates = []

    def score(code: str) -> float | None:
        return scores.get(code)

    if (v := score("DIR")) is not None and v >= HIGH:
        candidates.append((v - HIGH, f"sets {other}'s priorities (direction {whole(v)}/100)"))
    if (v := score("DEF")) is not None and v >= HIGH:
        said = f"finds it hard to say no to {other} (deference {whole(v)}/100)"
        candidates.append((v - HIGH, said))
    if (v := score("ALT")) is not None and v >= HIGH:
        candidates.append((v - HIGH, f"could easily go elsewhere (alternatives {whole(v)}/100)"))
    if (v := score("TRS")) is not None and v <= LOW:
        candidates.append((LOW - v, f"does not trust {other} (trust {whole(v)}/100)"))
    if (v := score("NEED")) is not None and v <= LOW:
        candidates.append((LOW - v, f"hardly needs {other} (need {whole(v)}/100)"))
    if not candidates:
        out, com = score("OUT"), score("COM")
        if out is not None and com is not None and min(out, com) >= HIGH:
            return (
                f"sees a shared outcome and a joint commitment (shared outcome {whole(out)}, "
                f"commitment {whole(com)}/100)"
            )
        return None
    return max(candidates)[1]


def side_sentence(side: SideView, scores: Mapping[str, float]) -> str | None:
    """ "IT says it serves Sales (55% of its 20 written answers) and finds it hard to say no to
    Sales (deference 81/100)." — or only one half, or nothing."""
    words = _words(side)
    behaviour = _behaviour(scores, side.about) if side.shown else None
    if words and behaviour:
        return f"{words}, and {behaviour}."
    if words:
        return f"{words}."
    if behaviour:
        return f"{side.party} {behaviour}."
    return None


def _called(result: RelationshipResult) -> str:
    a, b = result.parties
    scope = f" ({result.scope})" if result.scope else ""
    if result.label and result.label != "none":
        return f"{a} and {b} call their relationship “{result.label}”{scope}."
    return f"{a} and {b} give their relationship no label{scope}."


def _archetype(result: RelationshipResult) -> str:
    words = ARCHETYPE_PHRASES.get(result.archetype, result.archetype)
    pair = ROLE_PAIRS.get(result.archetype)
    if pair and result.roles:
        first = next((p for p, r in result.roles.items() if r == pair[0]), None)
        second = next((p for p, r in result.roles.items() if r == pair[1]), None)
        if first and second:
            words += f", with {first} as the {pair[0]} and {second} as the {pair[1]}"
    sentence = f"The answers of both sides describe {words}."
    if result.name_only:
        sentence += " It is a partnership in name only."
    elif result.declared_partner and result.archetype in ("partnership", "developing"):
        sentence += " The label and the behaviour agree."
    return sentence


def _power(result: RelationshipResult) -> str | None:
    power = result.power
    if not power:
        return None
    holder = power.get("holder")
    a, b = result.parties
    if holder is None:
        return (
            f"Power is balanced: neither side could walk away or give orders clearly more "
            f"easily than the other (no power gap of {NOTABLE_GAP:.0f} points or more whose "
            "95% interval keeps clear of 0)."
        )
    other = b if holder == a else a
    if power.get("basis") == "direction":
        return f"{holder} holds the power through direction: it sets {other}'s priorities."
    return (
        f"{holder} holds the power through alternatives: it could go elsewhere more easily and "
        f"needs {other} less."
    )


def _need(result: RelationshipResult) -> list[str]:
    need = result.mutual_need
    if not need:
        return []
    a, b = result.parties
    own: Mapping[str, float | None] = need.get("need", {})
    guess: Mapping[str, float | None] = need.get("estimate_of_other_need", {})
    misreading: Mapping[str, float | None] = need.get("misreading", {})
    out = [f"{a} needs {b} {whole(own.get(a))}/100; {b} needs {a} {whole(own.get(b))}/100."]
    for me, other in ((a, b), (b, a)):
        value = misreading.get(me)
        if value is not None and me in result.intervals.named_misreadings:
            way = "more" if value > 0 else "less"
            out.append(
                f"{me} believes {other} needs it {whole(guess.get(me))}/100, {way} than "
                f"{other} says ({whole(own.get(other))})."
            )
    return out


def relationship_summary(
    result: RelationshipResult, sides: tuple[SideView, SideView], thresholds: Thresholds
) -> tuple[str, ...]:
    """The summary sentences of one disclosed relationship, in reading order."""
    out = [_called(result)]
    if result.archetype == INSUFFICIENT:
        for side in sides:
            if not side.shown:
                out.append(
                    f"{side.party} has fewer than {thresholds.score} respondents about "
                    f"{side.about}, so nothing of its answers is shown and the relationship "
                    f"cannot be classified until more of {side.party} answer."
                )
        for side, raw in zip(sides, result.sides, strict=True):
            sentence = side_sentence(side, raw.scores) if side.shown else None
            if sentence:
                out.append(sentence)
        return tuple(out)
    out.append(_archetype(result))
    for side, raw in zip(sides, result.sides, strict=True):
        sentence = side_sentence(side, raw.scores)
        if sentence:
            out.append(sentence)
    power = _power(result)
    if power:
        out.append(power)
    out += _need(result)
    if result.partnering_index is not None:
        interval = result.intervals.partnering_index
        bracket = "; in brackets, its 95% interval" if interval is not None else ""
        out.append(
            f"Partnering index: {with_interval(result.partnering_index, interval)} out of 100 "
            f"(100 would be both sides fully partnering on equal terms{bracket})."
        )
    return tuple(out)
