"""The named findings a trigger can read, computed from one side's point of view.

Every prompt is considered twice, once from each side of the relationship: ``side`` is the
party whose view it is and ``other`` the party it is about. So ``need_gap < 0`` reads "this
side needs the other less than the other needs it", whichever party sorts first, and
``need_gap_named`` that the gap is named by the analysis's one rule
(:func:`parity.core.dyads.named`: at least 15 points, and its interval clear of 0), which is how
a trigger asks for a gap worth a prompt. Scores and shares are on the same 0-100 scale as
everything else in Parity; gaps are this side's figure minus the other side's. Nothing here
is computed for a side the analysis did not show, and nothing counts respondents.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from parity.core.analysis import RelationshipResult, SideResult
from parity.core.archetypes import ARCHETYPES, INSUFFICIENT
from parity.core.coaching.triggers import Value
from parity.core.dyads import NOTABLE_GAP, NOTABLE_MISREADING
from parity.core.instrument import default_instrument, shipped_instruments
from parity.core.language.stance import STANCES

Kind = Literal["score", "gap", "share", "count", "flag", "text"]

#: The shipped instruments' constructs under the names a coach writes in a trigger (each
#: construct's ``key`` in the instrument file): TPI-1's twelve, then those TPI-2 adds. A
#: construct the round did not ask is a missing finding, so its prompts stay silent.
CONSTRUCT_NAMES: Mapping[str, str] = {
    code: words.key
    for instrument in (default_instrument(), *shipped_instruments().values())
    for code, words in instrument.constructs.items()
}
#: The open questions whose stances a trigger may read on their own (``servant_purpose``).
WORD_QUESTIONS = ("purpose", "persona", "mirror")
WORD_STANCES = tuple(s for s in STANCES if s != "neutral")
ROLES = ("customer", "supplier", "master", "servant")
SCOPES = ("internal", "external", "")


@dataclass(frozen=True)
class FindingSpec:
    """What a finding is: its kind decides how it may be compared and how it is printed."""

    name: str
    kind: Kind
    meaning: str
    choices: tuple[str, ...] = ()


def _specs() -> dict[str, FindingSpec]:
    specs: list[FindingSpec] = []
    for code, name in CONSTRUCT_NAMES.items():
        specs += [
            FindingSpec(name, "score", f"this side's {code} score (0-100)"),
            FindingSpec(f"other_{name}", "score", f"the other side's {code} score (0-100)"),
            FindingSpec(f"{name}_gap", "gap", f"{code}: this side's score minus the other's"),
            FindingSpec(
                f"{name}_gap_named",
                "flag",
                f"{code}: the gap is named (at least {NOTABLE_GAP:.0f} points, clear of 0)",
            ),
        ]
    specs += [
        FindingSpec("partnering", "score", "this side's partnering score (0-100)"),
        FindingSpec("other_partnering", "score", "the other side's partnering score (0-100)"),
        FindingSpec("partnering_index", "score", "the relationship's partnering index (0-100)"),
        FindingSpec("leverage", "score", "power through alternatives: (ALT + 100 - NEED) / 2"),
        FindingSpec("other_leverage", "score", "the other side's leverage"),
        FindingSpec("misreading", "gap", "this side's ONEED minus the other side's NEED"),
        FindingSpec("other_misreading", "gap", "the other side's ONEED minus this side's NEED"),
        FindingSpec(
            "misreading_named",
            "flag",
            f"this side's misreading is named (at least {NOTABLE_MISREADING:.0f}, clear of 0)",
        ),
        FindingSpec("other_misreading_named", "flag", "the other side's misreading is named"),
        FindingSpec("holds_power", "flag", "this side holds the power"),
        FindingSpec("other_holds_power", "flag", "the other side holds the power"),
        FindingSpec(
            "power_basis",
            "text",
            "what the power rests on ('' when balanced)",
            ("alternatives", "direction", ""),
        ),
        FindingSpec("power_gap", "gap", "the larger of the two power gaps, in points"),
        FindingSpec("role", "text", "this side's role ('' when none)", (*ROLES, "")),
        FindingSpec("other_role", "text", "the other side's role ('' when none)", (*ROLES, "")),
        FindingSpec("archetype", "text", "the relationship's archetype", (*ARCHETYPES,)),
        FindingSpec("name_only", "flag", "called a partnership, behaves otherwise"),
        FindingSpec("declared_partner", "flag", "the label contains 'partner'"),
        FindingSpec("scope", "text", "internal or external ('' when unknown)", SCOPES),
        FindingSpec("low_agreement", "count", "constructs on which this side disagrees (rwg<0.5)"),
        FindingSpec("statements", "count", "free-text statements this side wrote"),
    ]
    for stance in WORD_STANCES:
        specs.append(
            FindingSpec(
                f"{stance}_words", "share", f"% of this side's statements that are {stance}"
            )
        )
        for question in WORD_QUESTIONS:
            specs.append(
                FindingSpec(
                    f"{stance}_{question}",
                    "share",
                    f"% of this side's {question} answers that are {stance}",
                )
            )
    return {spec.name: spec for spec in specs}


FINDINGS: Mapping[str, FindingSpec] = _specs()


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if number != number else number


def _minus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def side_findings(result: RelationshipResult, index: int) -> dict[str, Value]:
    """The findings of ``result.sides[index]`` looking at the other side.

    Call it only for a classified relationship (both sides shown); a construct or a share the
    data does not give is ``None`` and every comparison with it is false.
    """
    if result.archetype == INSUFFICIENT:
        raise ValueError("an insufficient_data relationship has no findings to coach from")
    side, other = result.sides[index], result.sides[1 - index]
    named = result.intervals
    out: dict[str, Value] = {}
    for code, name in CONSTRUCT_NAMES.items():
        mine, theirs = _number(side.scores.get(code)), _number(other.scores.get(code))
        out[name], out[f"other_{name}"], out[f"{name}_gap"] = mine, theirs, _minus(mine, theirs)
        out[f"{name}_gap_named"] = code in named.named_gaps
    power, need = result.power, result.mutual_need
    holder = power.get("holder")
    out |= {
        "partnering": _number(side.partnering_score),
        "other_partnering": _number(other.partnering_score),
        "partnering_index": _number(result.partnering_index),
        "leverage": _number(power.get("leverage", {}).get(side.party)),
        "other_leverage": _number(power.get("leverage", {}).get(other.party)),
        "misreading": _number(need.get("misreading", {}).get(side.party)),
        "other_misreading": _number(need.get("misreading", {}).get(other.party)),
        "misreading_named": side.party in named.named_misreadings,
        "other_misreading_named": other.party in named.named_misreadings,
        "holds_power": holder == side.party,
        "other_holds_power": holder == other.party,
        "power_basis": str(power.get("basis") or ""),
        "power_gap": _number(power.get("gap")),
        "role": result.roles.get(side.party, ""),
        "other_role": result.roles.get(other.party, ""),
        "archetype": result.archetype,
        "name_only": result.name_only,
        "declared_partner": result.declared_partner,
        "scope": result.scope or "",
        "low_agreement": float(len(side.low_agreement)),
    }
    out |= _word_findings(side)
    return out


def _word_findings(side: SideResult) -> dict[str, Value]:
    words = side.words
    out: dict[str, Value] = {"statements": float(words.statements if words else 0)}
    for stance in WORD_STANCES:
        out[f"{stance}_words"] = _share(side, stance, None)
        for question in WORD_QUESTIONS:
            out[f"{stance}_{question}"] = _share(side, stance, question)
    return out


def _share(side: SideResult, stance: str, question: str | None) -> float | None:
    """The percentage of statements with this stance; ``None`` when there are none to count."""
    words = side.words
    if words is None:
        return None
    counts = words.overall if question is None else words.by_question.get(question, {})
    if not sum(counts.values()):
        return None
    return 100.0 * words.share(stance, None if question is None else (question,))
