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
from parity.core.translation import N_, _
from parity.core.vocabulary import archetype_phrase, scope_words
from parity.reports.charts.svg import CONFIDENCE, percent, whole

#: A construct at or above this reads as "high" in a sentence, at or below LOW as "low".
HIGH, LOW = 65.0, 35.0
DOMINANT_SHARE = 0.4

#: What a side's words say, by their most common stance.
WORDS = {
    "servant": N_("{side} says it serves {other}"),
    "master": N_("{side} says it directs {other}"),
    "provider": N_("{side} describes itself as {other}'s service provider"),
    "customer": N_("{side} talks of {other} as a supplier it buys from and judges"),
    "partner": N_("{side} speaks of {other} as a partner"),
    "adversary": N_("{side} speaks of {other} as an opponent"),
}

#: Who plays which part in a relationship of power, after what the answers describe.
ROLES = {
    "master_servant": (
        "master",
        "servant",
        N_(", with {first} as the master and {second} as the servant"),
    ),
    "customer_supplier": (
        "customer",
        "supplier",
        N_(", with {first} as the customer and {second} as the supplier"),
    ),
}


def _words(side: SideView) -> str | None:
    if not side.shown or not side.statements or not side.stances:
        return None
    stance, count = side.stances[0]
    share = count / side.statements
    if stance not in WORDS or share < DOMINANT_SHARE:
        return None
    sentence = _(WORDS[stance]).format(side=side.party, other=side.about)
    return _("{sentence} ({share} of its {count} written answers)").format(
        sentence=sentence, share=percent(share), count=side.statements
    )


def _behaviour(scores: Mapping[str, float], other: str) -> str | None:
    """The most telling thing a side's answers say it does, if anything stands out."""
    candidates = []

    def score(code: str) -> float | None:
        return scores.get(code)

    if (v := score("DIR")) is not None and v >= HIGH:
        said = _("sets {other}'s priorities (direction {score}/100)")
        candidates.append((v - HIGH, said.format(other=other, score=whole(v))))
    if (v := score("DEF")) is not None and v >= HIGH:
        said = _("finds it hard to say no to {other} (deference {score}/100)")
        candidates.append((v - HIGH, said.format(other=other, score=whole(v))))
    if (v := score("ALT")) is not None and v >= HIGH:
        said = _("could easily go elsewhere (alternatives {score}/100)")
        candidates.append((v - HIGH, said.format(score=whole(v))))
    if (v := score("TRS")) is not None and v <= LOW:
        said = _("does not trust {other} (trust {score}/100)")
        candidates.append((LOW - v, said.format(other=other, score=whole(v))))
    if (v := score("NEED")) is not None and v <= LOW:
        said = _("hardly needs {other} (need {score}/100)")
        candidates.append((LOW - v, said.format(other=other, score=whole(v))))
    if not candidates:
        out, com = score("OUT"), score("COM")
        if out is not None and com is not None and min(out, com) >= HIGH:
            return _(
                "sees a shared outcome and a joint commitment (shared outcome {outcome}, "
                "commitment {commitment}/100)"
            ).format(outcome=whole(out), commitment=whole(com))
        return None
    return max(candidates)[1]


def side_sentence(side: SideView, scores: Mapping[str, float]) -> str | None:
    """ "IT says it serves Sales (55% of its 20 written answers) and finds it hard to say no to
    Sales (deference 81/100)." — or only one half, or nothing."""
    words = _words(side)
    behaviour = _behaviour(scores, side.about) if side.shown else None
    if words and behaviour:
        return _("{words}, and {behaviour}.").format(words=words, behaviour=behaviour)
    if words:
        return f"{words}."
    if behaviour:
        return _("{party} {behaviour}.").format(party=side.party, behaviour=behaviour)
    return None


def _called(result: RelationshipResult) -> str:
    a, b = result.parties
    scope = f" ({scope_words(result.scope)})" if result.scope else ""
    if result.label and result.label != "none":
        called = _("{a} and {b} call their relationship “{label}”{scope}.")
        return called.format(a=a, b=b, label=result.label, scope=scope)
    return _("{a} and {b} give their relationship no label{scope}.").format(a=a, b=b, scope=scope)


def _archetype(result: RelationshipResult) -> str:
    words = str(archetype_phrase(result.archetype))
    roles = ROLES.get(result.archetype)
    if roles and result.roles:
        first = next((p for p, r in result.roles.items() if r == roles[0]), None)
        second = next((p for p, r in result.roles.items() if r == roles[1]), None)
        if first and second:
            words += _(roles[2]).format(first=first, second=second)
    sentence = _("The answers of both sides describe {words}.").format(words=words)
    if result.name_only:
        sentence += " " + _("It is a partnership in name only.")
    elif result.declared_partner and result.archetype in ("partnership", "developing"):
        sentence += " " + _("The label and the behaviour agree.")
    return sentence


def _power(result: RelationshipResult) -> str | None:
    power = result.power
    if not power:
        return None
    holder = power.get("holder")
    a, b = result.parties
    if holder is None:
        return _(
            "Power is balanced: neither side could walk away or give orders clearly more "
            "easily than the other (no power gap of {points} points or more whose "
            "{confidence} interval keeps clear of 0)."
        ).format(points=f"{NOTABLE_GAP:.0f}", confidence=CONFIDENCE)
    other = b if holder == a else a
    if power.get("basis") == "direction":
        said = _("{holder} holds the power through direction: it sets {other}'s priorities.")
        return said.format(holder=holder, other=other)
    return _(
        "{holder} holds the power through alternatives: it could go elsewhere more easily and "
        "needs {other} less."
    ).format(holder=holder, other=other)


def _need(result: RelationshipResult) -> list[str]:
    need = result.mutual_need
    if not need:
        return []
    a, b = result.parties
    own: Mapping[str, float | None] = need.get("need", {})
    guess: Mapping[str, float | None] = need.get("estimate_of_other_need", {})
    misreading: Mapping[str, float | None] = need.get("misreading", {})
    out = [
        _("{a} needs {b} {need_a}/100; {b} needs {a} {need_b}/100.").format(
            a=a, b=b, need_a=whole(own.get(a)), need_b=whole(own.get(b))
        )
    ]
    for me, other in ((a, b), (b, a)):
        value = misreading.get(me)
        if value is not None and me in result.intervals.named_misreadings:
            if value > 0:
                said = _(
                    "{me} believes {other} needs it {guess}/100, more than {other} says ({says})."
                )
            else:
                said = _(
                    "{me} believes {other} needs it {guess}/100, less than {other} says ({says})."
                )
            out.append(
                said.format(
                    me=me, other=other, guess=whole(guess.get(me)), says=whole(own.get(other))
                )
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
                    _(
                        "{party} has fewer than {threshold} respondents about {about}, so nothing "
                        "of its answers is shown and the relationship cannot be classified until "
                        "more of {party} answer."
                    ).format(party=side.party, threshold=thresholds.score, about=side.about)
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
        index = with_interval(result.partnering_index, interval)
        if interval is not None:
            said = _(
                "Partnering index: {index} out of 100 (100 would be both sides fully partnering "
                "on equal terms; in brackets, its {confidence} interval)."
            )
        else:
            said = _(
                "Partnering index: {index} out of 100 (100 would be both sides fully partnering "
                "on equal terms)."
            )
        out.append(said.format(index=index, confidence=CONFIDENCE))
    return tuple(out)
