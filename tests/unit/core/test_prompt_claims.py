"""Every coaching prompt says only what the numbers that trigger it support.

For each prompt of the shipped content file (the tests run over the file, so a prompt added
without a case here fails), a relationship analysed from answers where the prompt fires: (a)
every number its texts print is the data's, as the analysis gives it, and (b) its claim, written
here against the analysis's own lines (the scale's middle, the notable gap, the low-trust line,
the dominant-stance share), holds. Then a relationship just across the trigger, where it must
not fire. Then hundreds of relationships from the independent synthetic generator
(tests/support/synthetic.py), labelled and given words at random: wherever a prompt fires there,
its claim holds and every number it prints is there. docs/coaching.md, "What a prompt may say",
gives the rules these check.
"""

from __future__ import annotations

import dataclasses
import re
import string
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import pytest
from tests.support.builders import answers_for, moved, responses, side, varied
from tests.support.synthetic import synthetic_suite
from tests.support.tpi2 import TPI2, tpi2_relationship

from parity.core.analysis import RelationshipResult, analyze
from parity.core.archetypes import INSUFFICIENT, MID, PARTNERING_ARCHETYPES
from parity.core.coaching import FINDINGS, Prompt, coach, default_content, side_findings
from parity.core.coaching.content import PromptContent
from parity.core.coaching.triggers import Compare, Literal, Name, Value, evaluate, walk
from parity.core.dyads import COUNTER, NOTABLE_GAP, NOTABLE_MISREADING, PARTNERING
from parity.core.instrument import OPEN_QUESTION_IDS, default_instrument
from parity.core.language.stance import STANCES
from parity.core.language.words import DOMINANT_SHARE, PARTNER_SCORE, SideWords
from parity.core.reasons import LOW_TRUST
from parity.core.scoring import LOW_AGREEMENT
from parity.demo import demo_dataset

Findings = Mapping[str, Value]
Case = Callable[[], RelationshipResult]

INSTRUMENT = default_instrument()
#: The scale's middle on 0-100, "neither agree nor disagree": a side says what a construct says
#: only when its score is above it, and says the opposite only below it.
MIDDLE = MID
#: The dominant-stance share as the findings give shares (percent).
DOMINANT = 100 * DOMINANT_SHARE
#: How far across a line the cases put a score (0-100 points).
NUDGE = 0.5
SIZE = 8
CODES = {
    words.key: code
    for instrument in (INSTRUMENT, TPI2)
    for code, words in instrument.constructs.items()
}
NUMBER_KINDS = ("score", "gap", "share", "count")
#: A number as a sentence prints it; not the "100" of "/100".
PRINTED = re.compile(r"(?<![\d/])\d+%?")


# --- Relationships from construct scores (0-100; anything not given sits at the middle) -------


def _answers(scores: Mapping[str, float]) -> dict[str, float]:
    return answers_for({code: 1 + 6 * score / 100 for code, score in scores.items()})


@cache
def _analysed(
    business: tuple[tuple[str, float], ...],
    it: tuple[tuple[str, float], ...],
    label: str | None,
    split: tuple[str, float, float] | None,
) -> RelationshipResult:
    if split is None:
        rows = varied(_answers(dict(business)), SIZE)
    else:  # half the side at one score of the construct, half at the other
        code, low, high = split
        halves = [_answers({**dict(business), code: v}) for v in (low, high) * (SIZE // 2)]
        rows = [moved(row, k + 1) for k, row in enumerate(halves)]
    frame = responses(
        side("Business", "IT", rows), side("IT", "Business", varied(_answers(dict(it)), SIZE))
    )
    declared = pd.DataFrame(
        {"party_a": ["Business"], "party_b": ["IT"], "label": [label], "scope": ["internal"]}
    )
    return analyze(frame, declared).relationships[0]


def said(**by_question: Mapping[str, int]) -> SideWords:
    """A side's words: how many of its answers to each question take each stance."""
    overall: Counter[str] = Counter()
    for counts in by_question.values():
        overall.update(counts)
    return SideWords(
        statements=sum(overall.values()),
        by_question={q: dict(c) for q, c in by_question.items()},
        overall=dict(overall),
    )


def relationship(
    business: Mapping[str, float] | None = None,
    it: Mapping[str, float] | None = None,
    *,
    label: str | None = None,
    split: tuple[str, float, float] | None = None,
    words: Mapping[str, SideWords] | None = None,
) -> RelationshipResult:
    """The Business (side A) about IT and IT about the Business, eight respondents each."""
    result = _analysed(
        tuple(sorted((business or {}).items())), tuple(sorted((it or {}).items())), label, split
    )
    return with_words(result, words or {})


def with_words(result: RelationshipResult, words: Mapping[str, SideWords]) -> RelationshipResult:
    sides = tuple(
        dataclasses.replace(s, words=words[s.party]) if s.party in words else s
        for s in result.sides
    )
    return dataclasses.replace(result, sides=(sides[0], sides[1]))


PARTNER = {**dict.fromkeys((*PARTNERING, "ONEED"), 83.0), **dict.fromkeys(COUNTER, 17.0)}
PARTNER |= {"TRX": 33.0}
#: A master whose own direction sits below the middle: the classifier still calls it the master
#: (voice, deference and the servant's answers weigh too), so "it sets IT's priorities
#: (direction 40/100)" would be false.
MASTER = {"DIR": 40.0, "VOI": 100.0, "DEF": 0.0, "ONEED": 83.0}
SERVANT = {"DEF": 100.0, "VOI": 0.0, "VAL": 0.0, "DIR": 0.0, "ALT": 17.0}
CUSTOMER = {"ALT": 100.0, "NEED": 0.0, "TRX": 100.0, "VOI": 67.0, "DEF": 0.0, "ONEED": 83.0}
CUSTOMER |= {"STK": 33.0}
SUPPLIER = {"ALT": 0.0, "NEED": 100.0, "TRX": 100.0, "VOI": 33.0, "VAL": 33.0, "ONEED": 17.0}
HOSTILE = {"TRS": 0.0, "COM": 0.0, "VAL": 0.0, "OUT": 33.0}
DETACHED = {"NEED": 0.0, "OUT": 0.0, "STK": 0.0, "COM": 0.0, "ONEED": 0.0, "ALT": 67.0}


def partnering_at(score: float) -> dict[str, float]:
    """Scores whose partnering score (docs/method.md §4) is ``score``."""
    return {**dict.fromkeys(PARTNERING, score), **dict.fromkeys(COUNTER, 100 - score)}


# --- The claims, against the analysis's own lines ---------------------------------------------


def _number(f: Findings, name: str) -> float | None:
    value = f.get(name)
    return value if isinstance(value, float) and value == value else None


def _compares(
    name: str, line: float, holds: Callable[[float, float], bool]
) -> Callable[[Findings], bool]:
    def check(f: Findings) -> bool:
        value = _number(f, name)
        return value is not None and holds(value, line)

    return check


def above(name: str, line: float) -> Callable[[Findings], bool]:
    return _compares(name, line, lambda value, at: value > at)


def below(name: str, line: float) -> Callable[[Findings], bool]:
    return _compares(name, line, lambda value, at: value < at)


def at_least(name: str, line: float) -> Callable[[Findings], bool]:
    return _compares(name, line, lambda value, at: value >= at)


def ahead(first: str, second: str, by: float) -> Callable[[Findings], bool]:
    """``first`` exceeds ``second`` by at least ``by`` points."""

    def check(f: Findings) -> bool:
        x, y = _number(f, first), _number(f, second)
        return x is not None and y is not None and x - y >= by

    return check


def equals(name: str, value: Value) -> Callable[[Findings], bool]:
    return lambda f: f.get(name) == value


def both(*parts: Callable[[Findings], bool]) -> Callable[[Findings], bool]:
    return lambda f: all(part(f) for part in parts)


def described(archetype: str, role: str = "", other_role: str = "") -> Callable[[Findings], bool]:
    """The answers describe ``archetype``, this side in ``role`` and the other in
    ``other_role``."""
    return both(
        equals("archetype", archetype), equals("role", role), equals("other_role", other_role)
    )


def not_partnering(f: Findings) -> bool:
    return f.get("archetype") not in PARTNERING_ARCHETYPES


@dataclass(frozen=True)
class Claim:
    """What a prompt says, the condition on the findings that makes it true, and the cases."""

    says: str
    holds: Callable[[Findings], bool]
    #: The numbers its texts print: the ones its claim is about.
    cites: tuple[str, ...]
    who: str | None
    fires: Case
    across: tuple[Case, ...]


B, IT = "Business", "IT"

CLAIMS: dict[str, Claim] = {
    "servant_purpose": Claim(
        "many of the side's purpose answers say it is there to serve",
        at_least("servant_purpose", DOMINANT),
        ("servant_purpose",),
        IT,
        lambda: relationship(words={IT: said(purpose={"servant": 2, "partner": 3})}),
        (lambda: relationship(words={IT: said(purpose={"servant": 39, "partner": 61})}),),
    ),
    "escalation": Claim(
        "low trust, below the scale's middle",
        both(below("trust", LOW_TRUST), below("trust", MIDDLE)),
        ("trust",),
        IT,
        lambda: relationship(it={"TRS": LOW_TRUST - NUDGE}),
        (lambda: relationship(it={"TRS": LOW_TRUST + NUDGE}),),
    ),
    "label_over_master_servant": Claim(
        "a partner label over answers that describe the side as master, the other as servant",
        both(equals("name_only", True), described("master_servant", "master", "servant")),
        ("direction", "other_deference"),
        B,
        lambda: relationship(MASTER, SERVANT, label="business partner"),
        (lambda: relationship(MASTER, SERVANT, label="service provider"),),
    ),
    "label_over_customer_supplier": Claim(
        "a partner label over answers that describe the side as customer, the other as supplier",
        both(
            equals("name_only", True),
            described("customer_supplier", "customer", "supplier"),
        ),
        ("alternatives", "transactional"),
        B,
        lambda: relationship(CUSTOMER, SUPPLIER, label="strategic partner"),
        (lambda: relationship(CUSTOMER, SUPPLIER, label="supplier"),),
    ),
    "label_in_name_only": Claim(
        "a partner label over answers that describe something else",
        both(equals("declared_partner", True), not_partnering),
        (),
        None,
        lambda: relationship(HOSTILE, HOSTILE, label="partner"),
        (lambda: relationship(HOSTILE, HOSTILE, label="none"),),
    ),
    "is_partnership_the_goal": Claim(
        "the answers describe a customer and a supplier",
        equals("archetype", "customer_supplier"),
        (),
        None,
        lambda: relationship(CUSTOMER, SUPPLIER),
        (lambda: relationship(MASTER, SERVANT),),
    ),
    "power_through_alternatives": Claim(
        "the side says it could easily go elsewhere, and more easily than the other could",
        both(
            above("alternatives", MIDDLE),
            ahead("alternatives", "other_alternatives", NOTABLE_GAP),
        ),
        ("alternatives", "other_alternatives"),
        B,
        # Both could go elsewhere: the old "{other} could not" was false here.
        lambda: relationship({"ALT": 90}, {"ALT": 90 - NOTABLE_GAP - NUDGE}),
        (
            lambda: relationship({"ALT": 90}, {"ALT": 90 - NOTABLE_GAP + NUDGE}),
            lambda: relationship({"ALT": 60 - NUDGE}, {"ALT": 20}),
        ),
    ),
    "power_through_direction": Claim(
        "the side holds the power, sets the other's priorities and the other defers",
        both(
            equals("holds_power", True),
            above("direction", MIDDLE),
            above("other_deference", MIDDLE),
        ),
        ("direction", "other_deference"),
        B,
        lambda: relationship({"DIR": 60 + NUDGE, "DEF": 20}, {"DEF": 60 + NUDGE, "DIR": 20}),
        (
            lambda: relationship({"DIR": 60 - NUDGE, "DEF": 20}, {"DEF": 60 + NUDGE, "DIR": 20}),
            lambda: relationship({"DIR": 60 + NUDGE, "DEF": 20}, {"DEF": 60 - NUDGE, "DIR": 20}),
            # The power held, yet the side does not set the other's priorities (45/100).
            lambda: relationship({"DIR": 45, "DEF": 0}, {"DEF": 45, "DIR": 0}),
        ),
    ),
    "needs_the_other_less": Claim(
        "the side needs the other notably less than the other needs it",
        ahead("other_need", "need", NOTABLE_GAP),
        ("need", "other_need"),
        B,
        lambda: relationship({"NEED": 40}, {"NEED": 40 + NOTABLE_GAP + NUDGE}),
        (lambda: relationship({"NEED": 40}, {"NEED": 40 + NOTABLE_GAP - NUDGE}),),
    ),
    "no_shared_outcome": Claim(
        "neither side sees a shared outcome",
        both(below("outcome", MIDDLE), below("other_outcome", MIDDLE)),
        ("outcome", "other_outcome"),
        None,
        lambda: relationship({"OUT": 40 - NUDGE}, {"OUT": 40 - NUDGE}),
        (lambda: relationship({"OUT": 40 - NUDGE}, {"OUT": 40 + NUDGE}),),
    ),
    "outcome_seen_by_one_side": Claim(
        "the other believes in a shared outcome, the side does not",
        both(above("other_outcome", MIDDLE), below("outcome", MIDDLE)),
        ("outcome", "other_outcome"),
        B,
        lambda: relationship({"OUT": 40 - NUDGE}, {"OUT": 60 + NUDGE}),
        (
            lambda: relationship({"OUT": 40 + NUDGE}, {"OUT": 60 + NUDGE}),
            lambda: relationship({"OUT": 40 - NUDGE}, {"OUT": 60 - NUDGE}),
        ),
    ),
    "does_not_expect_them_to_stay": Claim(
        "the side doubts the commitment: below the scale's middle",
        below("commitment", MIDDLE),
        ("commitment",),
        IT,
        lambda: relationship(it={"COM": 40 - NUDGE}),
        (lambda: relationship(it={"COM": 40 + NUDGE}),),
    ),
    "less_voice": Claim(
        "the side has notably less say than the other",
        ahead("other_voice", "voice", NOTABLE_GAP),
        ("voice", "other_voice"),
        IT,
        lambda: relationship({"VOI": 70}, {"VOI": 70 - NOTABLE_GAP - NUDGE}),
        (lambda: relationship({"VOI": 70}, {"VOI": 70 - NOTABLE_GAP + NUDGE}),),
    ),
    "less_value": Claim(
        "the side feels notably less valued than the other does",
        ahead("other_value", "value", NOTABLE_GAP),
        ("value", "other_value"),
        IT,
        # Both feel valued, one less so: the old "does not feel of equal worth" was false here.
        lambda: relationship({"VAL": 90}, {"VAL": 90 - NOTABLE_GAP - NUDGE}),
        (lambda: relationship({"VAL": 90}, {"VAL": 90 - NOTABLE_GAP + NUDGE}),),
    ),
    "overestimates_need": Claim(
        "the side believes the other needs it far more than the other says",
        ahead("their_need", "other_need", NOTABLE_MISREADING),
        ("their_need", "other_need"),
        B,
        lambda: relationship({"ONEED": 50 + NOTABLE_MISREADING + NUDGE}, {"NEED": 50}),
        (lambda: relationship({"ONEED": 50 + NOTABLE_MISREADING - NUDGE}, {"NEED": 50}),),
    ),
    "underestimates_need": Claim(
        "the other needs the side far more than the side thinks",
        ahead("other_need", "their_need", NOTABLE_MISREADING),
        ("their_need", "other_need"),
        B,
        lambda: relationship({"ONEED": 50}, {"NEED": 50 + NOTABLE_MISREADING + NUDGE}),
        (lambda: relationship({"ONEED": 50}, {"NEED": 50 + NOTABLE_MISREADING - NUDGE}),),
    ),
    "hard_to_say_no": Claim(
        "the side finds it hard to say no: above the scale's middle",
        above("deference", MIDDLE),
        ("deference",),
        IT,
        lambda: relationship({"DEF": 50}, {"DEF": 65 + NUDGE}),
        (lambda: relationship({"DEF": 50}, {"DEF": 65 - NUDGE}),),
    ),
    "less_stake": Claim(
        "the side has notably less riding on the outcome",
        ahead("other_stake", "stake", NOTABLE_GAP),
        ("stake", "other_stake"),
        IT,
        lambda: relationship({"STK": 70}, {"STK": 70 - NOTABLE_GAP - NUDGE}),
        (lambda: relationship({"STK": 70}, {"STK": 70 - NOTABLE_GAP + NUDGE}),),
    ),
    "partner_label_servant_words": Claim(
        "a partner label, and many of the side's statements speak as a servant",
        both(equals("declared_partner", True), at_least("servant_words", DOMINANT)),
        ("servant_words",),
        IT,
        lambda: relationship(
            label="business partner",
            words={IT: said(purpose={"partner": 3}, comment={"servant": 2})},
        ),
        (
            lambda: relationship(
                label="business partner",
                words={IT: said(purpose={"partner": 61}, comment={"servant": 39})},
            ),
        ),
    ),
    "scores_partner_words_servant": Claim(
        "the side's scores read like a partner's and many of its statements speak as a servant",
        both(at_least("partnering", PARTNER_SCORE), at_least("servant_words", DOMINANT)),
        ("partnering", "servant_words"),
        IT,
        lambda: relationship(
            partnering_at(PARTNER_SCORE + NUDGE),
            partnering_at(PARTNER_SCORE + NUDGE),
            words={IT: said(comment={"servant": 2, "partner": 3})},
        ),
        (
            lambda: relationship(
                partnering_at(PARTNER_SCORE - NUDGE),
                partnering_at(PARTNER_SCORE - NUDGE),
                words={IT: said(comment={"servant": 2, "partner": 3})},
            ),
        ),
    ),
    "judged_on_service": Claim(
        "a customer whose dealings run on requests and service: above the scale's middle",
        both(equals("role", "customer"), above("transactional", MIDDLE)),
        ("transactional",),
        B,
        lambda: relationship({**CUSTOMER, "TRX": 65 + NUDGE}, SUPPLIER, label="supplier"),
        (lambda: relationship({**CUSTOMER, "TRX": 65 - NUDGE}, SUPPLIER, label="supplier"),),
    ),
    "side_disagrees_with_itself": Claim(
        "the side's own people disagree on the constructs named",
        at_least("low_agreement", 1),
        (),
        B,
        # Half answer 2.4, half 5.6 on both transactional items: rwg(j) below 0.5.
        lambda: relationship(split=("TRX", 100 * 1.4 / 6, 100 * 4.6 / 6)),
        # 2.5 and 5.5: rwg(j) just above it.
        (lambda: relationship(split=("TRX", 100 * 1.5 / 6, 100 * 4.5 / 6)),),
    ),
    "detached": Claim(
        "the answers describe two parties at arm's length",
        equals("archetype", "detached"),
        ("need", "other_need", "outcome", "other_outcome"),
        None,
        lambda: relationship(DETACHED, DETACHED),
        (lambda: relationship(),),
    ),
    "developing": Claim(
        "the answers describe a developing partnership",
        equals("archetype", "developing"),
        ("partnering_index",),
        None,
        lambda: relationship(),
        (lambda: relationship(PARTNER, PARTNER),),
    ),
    "true_partnership": Claim(
        "the answers describe a true partnership",
        equals("archetype", "partnership"),
        ("partnering_index",),
        None,
        lambda: relationship(PARTNER, PARTNER),
        (lambda: relationship(),),
    ),
}


def _tpi2_low(key: str, code: str, line: float = 40.0, **extra: float) -> Claim:
    """A TPI-2 construct under ``line`` (below the scale's middle): the claim, a case just under
    the line and one just over it, and in a TPI-1 round (the construct not asked) none."""
    return Claim(
        f"the side's {key} score is below the scale's middle",
        below(key, MIDDLE),
        (key,),
        IT,
        lambda: tpi2_relationship(it={code: line - NUDGE, **extra}),
        (lambda: tpi2_relationship(it={code: line + NUDGE, **extra}), lambda: relationship()),
    )


CLAIMS |= {
    "poor_communication": _tpi2_low("communication", "COMM"),
    "little_shared_knowledge": _tpi2_low("knowledge", "KNOW"),
    "little_respect": _tpi2_low("respect", "RESP"),
    "unfair_risk_reward": _tpi2_low("risk_reward", "RISK"),
    "no_governance": _tpi2_low("governance", "EXIT"),
}

PROMPTS = default_content().prompts


def _claim(item: PromptContent) -> Claim:
    key = item.rule.key
    if key not in CLAIMS:
        pytest.fail(
            f"the prompt '{key}' has no claim here: write down what it says, when that is true, "
            "a relationship where it fires and one just across its trigger",
            pytrace=False,
        )
    return CLAIMS[key]


# --- What the data give, read without the coaching's own findings -----------------------------


def _share(words: SideWords | None, stance: str, question: str) -> float | None:
    if words is None:
        return None
    counts = words.overall if question == "words" else words.by_question.get(question, {})
    total = sum(counts.values())
    return 100.0 * counts.get(stance, 0) / total if total else None


def data_value(result: RelationshipResult, index: int, name: str) -> float | None:
    """The number ``name`` stands for, read from the analysis's result itself."""
    me, them = result.sides[index], result.sides[1 - index]
    base = name.removeprefix("other_")
    whose = them if base != name else me
    if base in CODES:
        return whose.scores.get(CODES[base])
    if name.endswith("_gap") and name.removesuffix("_gap") in CODES:
        code = CODES[name.removesuffix("_gap")]
        return me.scores[code] - them.scores[code]
    if base == "partnering":
        return whose.partnering_score
    if name == "partnering_index":
        return result.partnering_index
    if base == "misreading":
        value = result.mutual_need["misreading"][whose.party]
        return None if value is None else float(value)
    stance, _, question = name.partition("_")
    if stance in STANCES and question in (*OPEN_QUESTION_IDS, "words"):
        return _share(me.words, stance, question)
    raise LookupError(f"{name}: say in data_value where the analysis gives it")


def shown(name: str, value: float) -> str:
    """As a sentence prints it: whole points, a share with %, a gap without its sign."""
    kind = FINDINGS[name].kind
    return f"{abs(value) if kind == 'gap' else value:.0f}" + ("%" if kind == "share" else "")


def cited(template: str) -> list[str]:
    """The numeric findings a text prints, in order."""
    return [
        field
        for _, field, _, _ in string.Formatter().parse(template)
        if field is not None and field in FINDINGS and FINDINGS[field].kind in NUMBER_KINDS
    ]


def _texts(item: PromptContent, prompt: Prompt) -> list[tuple[str, str]]:
    """(template, rendered text) of what the prompt shows; its question as it was asked."""
    asked = item.question if prompt.quote is not None else (item.plain or item.question)
    pairs = [(item.finding, prompt.finding), (asked, prompt.question)]
    if item.follow_up and prompt.follow_up:
        pairs.append((item.follow_up, prompt.follow_up))
    return pairs


def _fired(result: RelationshipResult, key: str) -> Prompt | None:
    return next((p for p in coach(result).prompts if p.key == key), None)


def _view(result: RelationshipResult, item: PromptContent, prompt: Prompt) -> int:
    """Whose point of view the prompt was raised from."""
    if prompt.side is not None:
        return result.parties.index(prompt.side)
    return 0 if evaluate(item.rule.when, side_findings(result, 0)) else 1


# --- Each prompt: where it fires and just across -----------------------------------------------


@pytest.mark.parametrize("item", PROMPTS, ids=[p.rule.key for p in PROMPTS])
def test_a_prompt_cites_the_datas_numbers_and_its_claim_holds(item: PromptContent) -> None:
    claim = _claim(item)
    result = claim.fires()
    prompt = _fired(result, item.rule.key)
    assert prompt is not None, f"{item.rule.key} does not fire on its case"
    assert prompt.side == claim.who
    index = _view(result, item, prompt)
    findings = side_findings(result, index)
    assert claim.holds(findings), f"{item.rule.key} fired, yet it is not true that {claim.says}"
    printed = {name for template, _ in _texts(item, prompt) for name in cited(template)}
    assert printed == set(claim.cites), f"{item.rule.key} prints {sorted(printed)}"
    for template, text in _texts(item, prompt):
        expected = []
        for name in cited(template):
            value = data_value(result, index, name)
            assert value is not None, f"{item.rule.key} prints {name}, which the data lack"
            expected.append(shown(name, value))
        assert PRINTED.findall(text) == expected, text


@pytest.mark.parametrize("item", PROMPTS, ids=[p.rule.key for p in PROMPTS])
def test_a_prompt_does_not_fire_just_across_its_trigger(item: PromptContent) -> None:
    for case in _claim(item).across:
        assert _fired(case(), item.rule.key) is None


def test_every_claim_is_of_a_prompt_in_the_file() -> None:
    assert set(CLAIMS) <= {p.rule.key for p in PROMPTS}


def test_a_prompt_whose_number_is_missing_is_not_asked() -> None:
    """A detached relationship whose one side skipped the need items: the detached prompt would
    print that side's need, so it is left out rather than printed with a '?'."""
    result = relationship(DETACHED, DETACHED)
    it = result.sides[1]
    scores = {**it.scores, "NEED": float("nan")}
    lacking = dataclasses.replace(
        result, sides=(result.sides[0], dataclasses.replace(it, scores=scores))
    )
    assert _fired(result, "detached") is not None
    assert _fired(lacking, "detached") is None
    assert all("?" not in p.finding for p in coach(lacking).prompts)


# --- One home for each line -------------------------------------------------------------------


def _lines(condition_names: Callable[[str], bool], rules: list[str]) -> set[float]:
    return {
        float(node.right.value)
        for key in rules
        for node in walk(next(p for p in PROMPTS if p.rule.key == key).rule.when)
        if isinstance(node, Compare)
        and isinstance(node.left, Name)
        and condition_names(node.left.name)
        and isinstance(node.right, Literal)
        and not isinstance(node.right.value, bool | str)
    }


def test_the_lines_the_analysis_owns_are_the_analysis_values() -> None:
    """The low-trust line, the dominant-stance share and a partner's scores have their home in
    the analysis; the shipped prompts use those values, not numbers of their own."""
    keys = [p.rule.key for p in PROMPTS]
    shares = {f"{s}_{q}" for s in STANCES for q in (*OPEN_QUESTION_IDS, "words")}
    assert _lines(lambda n: n == "trust", keys) == {LOW_TRUST}
    assert _lines(lambda n: n in shares, keys) == {DOMINANT}
    assert _lines(lambda n: n == "partnering", keys) == {PARTNER_SCORE}
    trust_steps = {
        float(node.right.value)
        for step in default_content().next_steps
        for node in walk(step.rule.when)
        if isinstance(node, Compare)
        and node.left == Name("trust")
        and isinstance(node.right, Literal)
        and isinstance(node.right.value, float)
    }
    assert trust_steps == {LOW_TRUST}


# --- Hundreds of relationships: wherever a prompt fires, it says only what is so ---------------

SEED = 11
PER_ARCHETYPE = 60
LABELS = (None, "business partner", "supplier")
STANCE_LIST = tuple(STANCES)


def _random_words(rng: np.random.Generator) -> SideWords:
    """Some answers to every question, most of them in one stance chosen at random."""
    dominant = int(rng.integers(len(STANCE_LIST)))
    by_question = {}
    for question in OPEN_QUESTION_IDS:
        counts = rng.integers(0, 2, len(STANCE_LIST))
        counts[dominant] += int(rng.integers(0, 5))
        by_question[question] = {s: int(n) for s, n in zip(STANCE_LIST, counts, strict=True) if n}
    return said(**by_question)


@cache
def _organization() -> tuple[RelationshipResult, ...]:
    rng = np.random.default_rng(SEED)
    cases = synthetic_suite(PER_ARCHETYPE, SEED)
    frame = pd.concat([c.responses for c in cases], ignore_index=True)
    pairs = sorted({tuple(sorted(c.responses["party"].unique())) for c in cases})
    declared = pd.DataFrame(
        {
            "party_a": [a for a, _ in pairs],
            "party_b": [b for _, b in pairs],
            "label": [LABELS[int(i)] for i in rng.integers(len(LABELS), size=len(pairs))],
            "scope": "internal",
        }
    )
    results = analyze(frame, declared).relationships
    # TPI-2's demo, so that the prompts on the constructs TPI-2 adds are checked in the wild too.
    tpi2 = demo_dataset(SEED, TPI2)
    results += analyze(tpi2.responses, tpi2.relationships, TPI2).relationships
    return tuple(
        with_words(r, {s.party: _random_words(rng) for s in r.sides if rng.random() < 0.8})
        for r in results
        if r.archetype != INSUFFICIENT
    )


def _brief(findings: Findings) -> dict[str, Value]:
    """The scores of both sides and what the classification says, for a failure message."""
    keep = {*CODES, *(f"other_{name}" for name in CODES), "archetype", "role", "other_role"}
    keep |= {"holds_power", "power_basis", "name_only", "partnering", "partnering_index"}
    return {
        k: round(v) if isinstance(v, float) and v == v else v
        for k, v in findings.items()
        if k in keep
    }


def test_wherever_a_prompt_fires_it_says_only_what_its_numbers_support() -> None:
    items = {p.rule.key: p for p in PROMPTS}
    fired: Counter[str] = Counter()
    wrong: list[str] = []
    for result in _organization():
        for prompt in coach(result).prompts:
            item = items[prompt.key]
            index = _view(result, item, prompt)
            findings = side_findings(result, index)
            fired[prompt.key] += 1
            missing = [
                name
                for template, _ in _texts(item, prompt)
                for name in cited(template)
                if data_value(result, index, name) is None
            ]
            if missing or not _claim(item).holds(findings):
                wrong.append(f"{prompt.key} {result.parties} missing {missing}: {_brief(findings)}")
            if prompt.key == "side_disagrees_with_itself":
                side = result.sides[index]
                assert all(side.agreement[c] < LOW_AGREEMENT for c in side.low_agreement)
    assert not wrong, "\n".join(wrong[:5])
    assert set(fired) == set(items), f"never fired: {sorted(set(items) - set(fired))}"
