"""Coaching: every trigger firing and not firing, quotes only above the text threshold, the
content file's checks, the trigger language, and the demo organization's coaching packs."""

from __future__ import annotations

import copy
import dataclasses
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.support.builders import moved, responses, side
from tests.support.tpi2 import tpi2_relationship

from parity.core.analysis import Analysis, RelationshipResult, analyze
from parity.core.coaching import (
    FINDINGS,
    GAPS,
    Coaching,
    CoachingContentError,
    TriggerError,
    coach,
    coach_all,
    default_content,
    default_text,
    evaluate,
    parse,
    parse_content,
    parse_content_toml,
    render_text,
    side_findings,
)
from parity.core.coaching.build import MAX_NEXT_STEPS
from parity.core.coaching.triggers import And, Compare, Literal, Name, Node, Not, Or, unparse
from parity.core.instrument import default_instrument
from parity.core.language.portraits import portrait_of
from parity.core.language.words import Quote, SideWords

# --- Relationships built from construct levels (1-7; 4 is the middle) ------------------------

PARTNER = {"OUT": 6, "STK": 6, "COM": 6, "NEED": 6, "VAL": 6, "VOI": 6, "TRS": 6}
PARTNER |= {"ALT": 2, "DEF": 2, "DIR": 2, "ONEED": 6, "TRX": 3}
MASTER = {"DIR": 7, "VOI": 7, "DEF": 1, "ONEED": 6}
SERVANT = {"DEF": 7, "VOI": 1, "VAL": 1, "DIR": 1, "ALT": 2}
CUSTOMER = {"ALT": 7, "NEED": 1, "TRX": 7, "VOI": 5, "DEF": 1, "ONEED": 6, "STK": 3}
SUPPLIER = {"ALT": 1, "NEED": 7, "TRX": 7, "VOI": 3, "VAL": 3, "ONEED": 2}
HOSTILE = {"TRS": 1, "COM": 1, "VAL": 1, "OUT": 3}
DETACHED = {"NEED": 1, "OUT": 1, "STK": 1, "COM": 1, "ONEED": 1, "ALT": 5}

Levels = Mapping[str, float]


@cache
def _relationship(
    business: tuple[tuple[str, float], ...],
    it: tuple[tuple[str, float], ...],
    label: str | None,
    sizes: tuple[int, int],
    split: str | None,
) -> RelationshipResult:
    if split is None:
        business_side = side("Business", "IT", sizes[0], dict(business))
    else:  # half the side answers 1 on one construct, half 7: it does not agree with itself
        rows = [{**dict(business), split: v} for v in (1, 7) * (sizes[0] // 2)]
        business_side = side(
            "Business", "IT", [moved(_answers(r), k + 1) for k, r in enumerate(rows)]
        )
    frame = responses(business_side, side("IT", "Business", sizes[1], dict(it)))
    declared = pd.DataFrame(
        {"party_a": ["Business"], "party_b": ["IT"], "label": [label], "scope": ["internal"]}
    )
    return analyze(frame, declared).relationships[0]


def _answers(levels: Levels) -> dict[str, float]:
    from tests.support.builders import answers_for

    return answers_for(levels)


def relationship(
    business: Levels | None = None,
    it: Levels | None = None,
    *,
    label: str | None = None,
    sizes: tuple[int, int] = (8, 8),
    split: str | None = None,
) -> RelationshipResult:
    """Business (side A) answering about IT, and IT (side B) about the Business."""
    return _relationship(
        tuple(sorted((business or {}).items())),
        tuple(sorted((it or {}).items())),
        label,
        sizes,
        split,
    )


def words(quotes: tuple[Quote, ...] = (), **by_question: Mapping[str, int]) -> SideWords:
    overall: Counter[str] = Counter()
    for counts in by_question.values():
        overall.update(counts)
    return SideWords(
        statements=sum(overall.values()),
        by_question={q: dict(c) for q, c in by_question.items()},
        overall=dict(overall),
        quotes=quotes,
    )


def with_words(result: RelationshipResult, **by_party: SideWords) -> RelationshipResult:
    sides = tuple(
        dataclasses.replace(s, words=by_party[s.party]) if s.party in by_party else s
        for s in result.sides
    )
    return dataclasses.replace(result, sides=(sides[0], sides[1]))


SERVE = Quote("purpose", "To serve the Business.", "servant", 0.9)
OBEY = Quote("comment", "Whatever the Business wants, we do.", "servant", 0.9)
BUY = Quote("purpose", "We buy from IT while it is the cheapest.", "customer", 0.9)
FIGHT = Quote("persona", "IT is a wall we keep hitting.", "adversary", 0.9)
ORDERS = Quote("purpose", "We set IT's priorities.", "master", 0.9)
JOINT = Quote("purpose", "We own the outcome with IT.", "partner", 0.9)
BOSS = Quote("persona", "The Business is a demanding boss.", "servant", 0.9)
HELP = Quote("mirror", "They'd say we're the help.", "servant", 0.9)


def fired(result: RelationshipResult, **kwargs: Any) -> set[tuple[str, str | None]]:
    return {(p.key, p.side) for p in coach(result, **kwargs).prompts}


def steps(result: RelationshipResult, **kwargs: Any) -> set[tuple[str, str | None]]:
    return {(s.key, s.side) for s in coach(result, **kwargs).next_steps}


# --- Every prompt trigger, firing and not firing -------------------------------------------

Case = Callable[[], RelationshipResult]

#: prompt key -> (who it fires for, a relationship where it fires, one where it does not)
PROMPT_CASES: dict[str, tuple[str | None, Case, Case]] = {
    "servant_purpose": (
        "IT",
        lambda: with_words(
            relationship(), IT=words((SERVE,), purpose={"servant": 3, "partner": 1})
        ),
        lambda: with_words(
            relationship(), IT=words((SERVE,), purpose={"servant": 1, "partner": 3})
        ),
    ),
    "escalation": ("IT", lambda: relationship(it={"TRS": 2}), lambda: relationship()),
    # The constructs TPI-2 adds: silent in a TPI-1 round, which does not ask them.
    "poor_communication": ("IT", lambda: tpi2_relationship(it={"COMM": 20}), relationship),
    "little_shared_knowledge": ("IT", lambda: tpi2_relationship(it={"KNOW": 20}), relationship),
    "little_respect": ("IT", lambda: tpi2_relationship(it={"RESP": 20}), relationship),
    "unfair_risk_reward": ("IT", lambda: tpi2_relationship(it={"RISK": 20}), relationship),
    "no_governance": (
        "IT",
        lambda: tpi2_relationship(it={"EXIT": 20}),
        lambda: tpi2_relationship(it={"EXIT": 60}),
    ),
    "label_over_master_servant": (
        "Business",
        lambda: relationship(MASTER, SERVANT, label="business partner"),
        lambda: relationship(MASTER, SERVANT, label="service provider"),
    ),
    "label_over_customer_supplier": (
        "Business",
        lambda: relationship(CUSTOMER, SUPPLIER, label="strategic partner"),
        lambda: relationship(CUSTOMER, SUPPLIER, label="supplier"),
    ),
    "label_in_name_only": (
        None,
        lambda: relationship(HOSTILE, HOSTILE, label="partner"),
        lambda: relationship(HOSTILE, HOSTILE, label="none"),
    ),
    "is_partnership_the_goal": (
        None,
        lambda: relationship(CUSTOMER, SUPPLIER),
        lambda: relationship(MASTER, SERVANT),
    ),
    "power_through_alternatives": (
        "Business",
        lambda: relationship(CUSTOMER, SUPPLIER),
        lambda: relationship(PARTNER, PARTNER),
    ),
    "power_through_direction": (
        "Business",
        lambda: relationship(MASTER, SERVANT),
        lambda: relationship(MASTER, SERVANT, label="business partner"),  # the label prompt
    ),
    "needs_the_other_less": (
        "Business",
        lambda: relationship({"NEED": 2}, {"NEED": 6}),
        lambda: relationship({"NEED": 6}, {"NEED": 6}),
    ),
    "no_shared_outcome": (
        None,
        lambda: relationship({"OUT": 2}, {"OUT": 2}),
        lambda: relationship({"OUT": 2}, {"OUT": 5}),
    ),
    "outcome_seen_by_one_side": (
        "Business",
        lambda: relationship({"OUT": 2}, {"OUT": 6}),
        lambda: relationship({"OUT": 6}, {"OUT": 6}),
    ),
    "does_not_expect_them_to_stay": (
        "IT",
        lambda: relationship(it={"COM": 2}),
        lambda: relationship(it={"COM": 5}),
    ),
    "less_voice": ("IT", lambda: relationship({"VOI": 6}, {"VOI": 2}), lambda: relationship()),
    "less_value": ("IT", lambda: relationship({"VAL": 6}, {"VAL": 2}), lambda: relationship()),
    "overestimates_need": (
        "Business",
        lambda: relationship({"ONEED": 7}, {"NEED": 2}),
        lambda: relationship({"ONEED": 2}, {"NEED": 2}),
    ),
    "underestimates_need": (
        "Business",
        lambda: relationship({"ONEED": 2}, {"NEED": 7}),
        lambda: relationship({"ONEED": 7}, {"NEED": 7}),
    ),
    "hard_to_say_no": (
        "IT",
        lambda: relationship({"DEF": 2}, {"DEF": 6}),
        lambda: relationship({"DEF": 6}, {"DEF": 6}),  # high on both sides: no gap
    ),
    "less_stake": ("IT", lambda: relationship({"STK": 6}, {"STK": 2}), lambda: relationship()),
    "partner_label_servant_words": (
        "IT",
        lambda: with_words(
            relationship(label="business partner"),
            IT=words((OBEY,), purpose={"partner": 2}, comment={"servant": 3}),
        ),
        # the same words when the purpose itself is servant: servant_purpose asks it instead
        lambda: with_words(
            relationship(label="business partner"),
            IT=words((OBEY,), purpose={"servant": 2}, comment={"servant": 3}),
        ),
    ),
    "scores_partner_words_servant": (
        "IT",
        lambda: with_words(relationship(PARTNER, PARTNER), IT=words(comment={"servant": 3})),
        lambda: with_words(relationship(PARTNER, PARTNER), IT=words(comment={"partner": 3})),
    ),
    "judged_on_service": (
        "Business",
        lambda: relationship(CUSTOMER, SUPPLIER, label="supplier"),
        lambda: relationship(CUSTOMER, SUPPLIER, label="strategic partner"),
    ),
    "side_disagrees_with_itself": (
        "Business",
        lambda: relationship(split="TRX"),
        lambda: relationship(),
    ),
    "detached": (None, lambda: relationship(DETACHED, DETACHED), lambda: relationship()),
    "developing": (None, lambda: relationship(), lambda: relationship(PARTNER, PARTNER)),
    "true_partnership": (None, lambda: relationship(PARTNER, PARTNER), lambda: relationship()),
}


def test_every_prompt_in_the_file_has_a_case() -> None:
    assert set(PROMPT_CASES) == {p.rule.key for p in default_content().prompts}


@pytest.mark.parametrize("key", sorted(PROMPT_CASES))
def test_each_prompt_fires_for_its_side_and_only_when_its_finding_holds(key: str) -> None:
    who, fires, quiet = PROMPT_CASES[key]
    assert (key, who) in fired(fires())
    assert key not in {k for k, _ in fired(quiet())}


#: next step key -> (who, fires, does not fire); only one step per gap is kept, so the cases
#: avoid findings that would trigger a more important step of the same gap.
STEP_CASES: dict[str, tuple[str | None, Case, Case]] = {
    "talk_before_escalating": ("IT", lambda: relationship(it={"TRS": 2}), lambda: relationship()),
    "retire_the_label": (
        None,
        lambda: relationship(MASTER, SERVANT, label="business partner"),
        lambda: relationship(PARTNER, PARTNER, label="partner"),
    ),
    "cost_of_leaving": (
        "Business",
        lambda: relationship(CUSTOMER, SUPPLIER),
        lambda: relationship(),
    ),
    "hand_over_a_decision": (
        "Business",
        lambda: relationship(MASTER, SERVANT),
        lambda: relationship(),
    ),
    "what_we_would_miss": (
        "Business",
        lambda: relationship({"NEED": 2}, {"NEED": 6}),
        lambda: relationship(),
    ),
    "write_the_outcome": (
        None,
        lambda: relationship({"OUT": 3}, {"OUT": 6}),
        lambda: relationship({"OUT": 6}, {"OUT": 6}),
    ),
    "invite_to_the_table": (
        "IT",
        lambda: relationship({"VOI": 6}, {"VOI": 2}),
        lambda: relationship(),
    ),
    "say_what_counts": ("IT", lambda: relationship({"VAL": 6}, {"VAL": 2}), lambda: relationship()),
    "ask_what_they_need": ("Business", lambda: relationship({"ONEED": 7}), lambda: relationship()),
    "put_something_at_stake": (
        "IT",
        lambda: relationship({"STK": 6}, {"STK": 2}),
        lambda: relationship(),
    ),
    "agree_among_yourselves": (
        "Business",
        lambda: relationship(split="TRX"),
        lambda: relationship(),
    ),
    "write_it_down": (None, lambda: relationship(PARTNER, PARTNER), lambda: relationship()),
}


def test_every_next_step_in_the_file_has_a_case() -> None:
    assert set(STEP_CASES) == {s.rule.key for s in default_content().next_steps}


@pytest.mark.parametrize("key", sorted(STEP_CASES))
def test_each_next_step_fires_only_when_its_finding_holds(key: str) -> None:
    who, fires, quiet = STEP_CASES[key]
    assert (key, who) in steps(fires())
    assert key not in {k for k, _ in steps(quiet())}


def test_one_next_step_per_gap_the_most_important_first() -> None:
    result = relationship(CUSTOMER, SUPPLIER, label="strategic partner")
    pack = coach(result)
    gaps = [s.gap for s in pack.next_steps]
    assert len(gaps) == len(set(gaps))
    assert gaps[0] == "label"
    assert all(s.text.startswith("Next week:") for s in pack.next_steps)
    assert {s.gap for s in pack.next_steps} <= set(GAPS)


def test_prompts_come_in_order_of_importance_with_the_finding_and_its_numbers() -> None:
    result = relationship(CUSTOMER, SUPPLIER, label="strategic partner")
    prompts = coach(result).prompts
    assert [p.importance for p in prompts] == sorted((p.importance for p in prompts), reverse=True)
    alternatives = next(p for p in prompts if p.key == "power_through_alternatives")
    business = side_findings(result, 0)
    assert f"alternatives {business['alternatives']:.0f}/100" in alternatives.finding
    assert alternatives.question.endswith("What would make the two of you need each other?")
    assert alternatives.condition == (
        "alternatives >= 60 and alternatives_gap_named and alternatives_gap > 0"
    )


def test_findings_are_read_from_each_side_and_gaps_are_this_side_minus_the_other() -> None:
    result = relationship({"NEED": 2}, {"NEED": 6})
    business, it = side_findings(result, 0), side_findings(result, 1)
    assert business["need"] == it["other_need"]
    assert business["need_gap"] == pytest.approx((2 - 6) / 6 * 100)
    assert it["need_gap"] == pytest.approx((6 - 2) / 6 * 100)
    assert set(business) == set(FINDINGS)
    assert business["servant_purpose"] is None  # no words: a comparison with it is false


# --- Quotes and anonymity --------------------------------------------------------------------


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _strings(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)


def servant_it(sizes: tuple[int, int]) -> RelationshipResult:
    it_words = words(
        (SERVE, BOSS, HELP), purpose={"servant": 3}, persona={"servant": 2}, mirror={"servant": 1}
    )
    business_words = words((ORDERS, JOINT), purpose={"master": 3, "partner": 2})
    return with_words(
        relationship(MASTER, SERVANT, label="business partner", sizes=sizes),
        IT=it_words,
        Business=business_words,
    )


def test_a_side_at_the_text_threshold_is_quoted_in_its_own_words() -> None:
    pack = coach(servant_it((8, 7)), text_threshold=7)
    first = pack.prompts[0]
    assert (first.key, first.quote, first.quote_from) == (
        "servant_purpose",
        "To serve the Business",
        "IT",
    )
    assert "'To serve the Business'" in first.question
    assert "Do you consider Business to be your master, then?" in first.question
    assert pack.quotes_withheld == ()
    portrait = pack.personification.portraits[0] if pack.personification else None
    assert portrait is not None
    assert portrait.subject == "Business"
    described = portrait.described  # IT about Business
    assert [line.text for line in described] == ["The Business is a demanding boss."]
    assert described[0].image == "a demanding boss"
    assert "The answers quoted picture Business as a demanding boss." in (
        portrait.described_summary
    )


def test_a_side_below_the_text_threshold_is_never_quoted_anywhere() -> None:
    pack = coach(servant_it((8, 6)), text_threshold=7)
    text = "\n".join(_strings(pack))
    for quote in (SERVE, BOSS, HELP):
        assert quote.text.rstrip(".") not in text
    servant = next(p for p in pack.prompts if p.key == "servant_purpose")
    assert servant.quote is None
    assert servant.question.startswith("Many of you say your purpose is to serve Business.")
    assert pack.quotes_withheld == ("IT",)
    assert any("quotes are shown for groups of at least 7" in note for note in pack.notes)
    assert all(p.quote_from != "IT" for p in pack.prompts)
    # The Business (8 respondents) may still be quoted, and IT's stance counts still show.
    assert "We own the outcome with IT" in text
    script = pack.personification
    assert script is not None
    assert script.portraits[0].described == ()
    assert script.portraits[0].described_summary == "100% of these answers speak as a servant."


def test_the_threshold_is_the_callers() -> None:
    result = servant_it((8, 6))
    assert coach(result, text_threshold=6).prompts[0].quote == "To serve the Business"
    assert coach(result, text_threshold=9).prompts[0].quote is None
    with pytest.raises(ValueError, match="at least 1"):
        coach(result, text_threshold=0)
    with pytest.raises(TypeError):
        coach(result, text_threshold=True)


def test_the_same_words_are_not_read_out_twice() -> None:
    pack = coach(
        with_words(
            relationship(MASTER, SERVANT, label="business partner"),
            IT=words((SERVE,), purpose={"servant": 3}),
        )
    )
    quoted = [p.quote for p in pack.prompts if p.quote]
    assert quoted == ["To serve the Business"]
    label = next(p for p in pack.prompts if p.key == "label_over_master_servant")
    assert label.question.startswith("You call this a 'business partner' relationship, yet")


def test_a_relationship_below_the_score_threshold_is_not_coached() -> None:
    result = relationship(MASTER, SERVANT, label="business partner", sizes=(2, 8))
    pack = coach(result)
    assert not pack.ready
    assert pack.archetype == "insufficient_data"
    assert pack.prompts == ()
    assert pack.charter is None
    assert pack.personification is None
    assert [(s.gap, s.side) for s in pack.next_steps] == [("answers", "Business")]
    text = "\n".join(_strings(pack))
    assert "2" not in text  # the hidden side's count is never shown
    assert "## Next steps" in render_text(pack)


# --- The charter and the workshop script -------------------------------------------------------


def test_the_charter_is_prefilled_from_the_findings_for_both_sides_to_complete() -> None:
    result = relationship(CUSTOMER, SUPPLIER, label="strategic partner")
    charter = coach(result).charter
    assert charter is not None
    assert charter.title == "Partnering charter: Business and IT"
    assert [s.party for s in charter.sides] == ["Business", "IT"]
    business, it = charter.sides
    assert business.stakes.heading == "What Business stakes"
    assert business.stakes.notes[0].startswith("Today Business rates its stake at 33/100")
    assert any("less riding on the outcome" in n for n in business.stakes.notes)
    assert any("does not feel its contribution is valued" in n for n in it.contributes.notes)
    leaving = "Today Business could leave more easily (alternatives 100/100) than IT (0/100)."
    assert any(n.startswith(leaving) for n in charter.leaving.notes)
    assert charter.leaving.notes[-1].startswith("Agree a date to review this charter")
    assert "how you settle a disagreement" in charter.decisions.ask


def test_the_charter_of_a_master_and_servant_names_who_decides() -> None:
    charter = coach(relationship(MASTER, SERVANT)).charter
    assert charter is not None
    assert charter.decisions.notes[0].startswith("Today Business sets IT's priorities")


def test_a_charter_note_that_quotes_is_left_out_when_the_side_may_not_be_quoted() -> None:
    result = servant_it((6, 8))  # the Business has 6 respondents
    business = coach(result, text_threshold=7).charter
    assert business is not None
    assert not any("We own the outcome" in n for n in business.outcome.notes)
    quoted = coach(result, text_threshold=6).charter
    assert quoted is not None
    assert "Business describes its purpose as 'We own the outcome with IT'." in quoted.outcome.notes


def test_the_personification_script_sets_each_portrait_beside_the_expected_one() -> None:
    script = coach(servant_it((8, 8))).personification
    assert script is not None
    assert script.steps[0].title == "Set up"
    assert sum(step.minutes for step in script.steps) == 60
    business, it = script.portraits
    assert (business.subject, business.describer) == ("Business", "IT")
    assert business.described_heading == "How IT describes Business"
    assert business.expected_heading == "How Business thinks IT would describe it"
    assert business.expected_summary == "No one in Business answered this question."
    assert [line.text for line in it.expected] == ["They'd say we're the help."]
    assert it.expected[0].image == "the help"
    assert it.described_summary == "No one in Business answered this question."
    themes = [q.theme for q in script.questions]
    assert themes == sorted(themes, key=("attitudes", "beliefs", "feelings").index)
    waited_on = [q for q in script.questions if q.side == "IT"]
    assert [q.text for q in waited_on] == [
        "IT describes Business as someone to be waited on. Is that how IT wants to stand "
        "towards Business?"
    ]


def test_the_portraits_read_out_the_telling_answers_with_their_images_and_feelings() -> None:
    butler = Quote("persona", "A butler who never volunteers an idea. Frustrating.", "servant", 0.9)
    plumber = Quote("persona", "The plumber", "neutral", 0.8)
    it_words = dataclasses.replace(
        words(persona={"neutral": 5, "servant": 3}),
        portraits=(portrait_of(butler), portrait_of(plumber)),
    )
    script = coach(with_words(relationship(MASTER, SERVANT), IT=it_words)).personification
    assert script is not None
    business = script.portraits[0]  # the Business, as IT describes it
    assert [line.text for line in business.described] == [butler.text, plumber.text]
    assert business.described[0].image == "a butler"
    assert business.described[0].note == "a butler · never volunteers an idea · feels frustrated"
    assert business.described_summary == (
        "62% of these answers speak without taking a side. 38% speak as a servant. "
        "The answers quoted picture Business as a butler and the plumber. "
        "The feelings in them: frustrated."
    )
    text = render_text(coach(with_words(relationship(MASTER, SERVANT), IT=it_words)))
    assert "> *a butler · never volunteers an idea · feels frustrated*" in text


def test_a_side_that_may_not_be_quoted_has_no_portrait_lines_but_its_counts() -> None:
    it_words = dataclasses.replace(
        words(persona={"servant": 6}),
        portraits=(portrait_of(Quote("persona", "A butler.", "servant", 0.9)),),
    )
    script = coach(
        with_words(relationship(MASTER, SERVANT, sizes=(8, 6)), IT=it_words), text_threshold=7
    ).personification
    assert script is not None
    assert script.portraits[0].described == ()
    assert script.portraits[0].described_summary == "100% of these answers speak as a servant."


# --- The content file ----------------------------------------------------------------------------


def _content(change: Callable[[dict[str, Any]], None]) -> None:
    data = copy.deepcopy(tomllib.loads(default_text()))
    change(data)
    parse_content(data, "coach.toml")


def _prompt(data: dict[str, Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] = next(p for p in data["prompt"] if p["key"] == key)
    return found


def _set(key: str, field: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: _prompt(data, key).__setitem__(field, value)


def _drop(key: str, field: str) -> Callable[[dict[str, Any]], None]:
    return lambda data: _prompt(data, key).pop(field)


def _duplicate(data: dict[str, Any]) -> None:
    data["prompt"].append(dict(_prompt(data, "escalation")))


def _bad_gap(data: dict[str, Any]) -> None:
    data["next_step"][0]["gap"] = "budget"


def _missing_word(data: dict[str, Any]) -> None:
    # A translation gives the constructs' words; one that leaves one out is refused.
    words = {code: c.short for code, c in default_instrument().constructs.items()}
    data["words"]["constructs"] = {code: w for code, w in words.items() if code != "TRS"}


def _format(data: dict[str, Any]) -> None:
    data["format"] = 2


def _charter_placeholder(data: dict[str, Any]) -> None:
    data["charter"]["outcome"]["ask"] = "What do {side} and {other} own?"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            _set("escalation", "when", "trsut < 40"),
            "prompt 'escalation': the condition mentions 'trsut', which is not a finding "
            "(did you mean 'trust'?)",
        ),
        (_set("escalation", "when", "trust < < 40"), "prompt 'escalation': expected a finding"),
        (_set("escalation", "when", "trust >= 'high'"), "compares a number with a text"),
        (_set("detached", "when", "archetype > 'detached'"), "only be compared with == or !="),
        (
            _set("detached", "when", "archetype == 'master-servant'"),
            "'master-servant' is not a value of 'archetype' (did you mean 'master_servant'?)",
        ),
        (_set("detached", "when", ""), "prompt 'detached': the condition is empty"),
        (
            _set("less_voice", "question", "When did {othr} last listen?"),
            "prompt 'less_voice': question: the placeholder {othr} is not known here "
            "(did you mean 'other'?)",
        ),
        (_set("less_voice", "question", "When did {other!r} listen?"), "is not a placeholder"),
        (_set("less_voice", "question", "When did {other listen?"), "without its pair"),
        (_set("less_voice", "question", "You wrote '{quote}'."), "no 'quote' says whose words"),
        (_drop("servant_purpose", "plain"), "needs a 'plain' version"),
        (_set("less_voice", "qestion", "Typo?"), "unknown field 'qestion' (did you mean"),
        (_drop("less_voice", "finding"), "prompt 'less_voice': the field 'finding' is missing"),
        (_set("less_voice", "importance", 0), "'importance' must be a whole number from 1"),
        (_set("less_voice", "about", "both"), "'about' is 'both'"),
        (
            _set("escalation", "quote", {"from": "side", "stance": "rebel"}),
            "quote stance 'rebel' is not known",
        ),
        (_duplicate, "the prompt key 'escalation' is used twice"),
        (_bad_gap, "'gap' is 'budget'"),
        (_missing_word, "[words.constructs]: the field 'TRS' is missing"),
        (_format, "'format' must be 1"),
        (_charter_placeholder, "charter section 'outcome': ask: the placeholder {side}"),
    ],
)
def test_a_broken_content_file_is_refused_with_the_entry_named(
    change: Callable[[dict[str, Any]], None], message: str
) -> None:
    with pytest.raises(CoachingContentError) as error:
        _content(change)
    assert message in str(error.value)
    assert str(error.value).startswith("coach.toml")


def test_a_file_that_is_not_toml_is_refused() -> None:
    with pytest.raises(CoachingContentError, match=r"coach.toml: not valid TOML"):
        parse_content_toml("[[prompt]\nkey =", "coach.toml")


def test_a_translated_file_changes_the_words_and_not_the_triggers() -> None:
    text = default_text().replace(
        "Do you consider {other} to be your master, then?",
        "Considérez-vous {other} comme votre maître ?",
    )
    content = parse_content_toml(text, "fr.toml")
    pack = coach(servant_it((8, 8)), content=content)
    assert pack.prompts[0].question.endswith("Considérez-vous Business comme votre maître ?")


# --- The trigger language ----------------------------------------------------------------------

NAMES = ("trust", "need_gap", "role", "name_only", "servant_purpose")
KINDS = {"trust": "number", "need_gap": "number", "role": "text", "name_only": "flag"}
KINDS["servant_purpose"] = "number"
OPS = (">=", "<=", ">", "<", "==", "!=")

numbers = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda x: x + 0.0)
texts = st.text(alphabet="abcdefghij_ -", max_size=8)


def _comparisons() -> st.SearchStrategy[Node]:
    def compare(name: str, op: str, data: st.DataObject) -> Node:
        kind = KINDS[name]
        literal: Literal
        if kind == "number":
            literal = Literal(data.draw(numbers))
        elif kind == "text":
            literal, op = Literal(data.draw(texts)), data.draw(st.sampled_from(("==", "!=")))
        else:
            literal, op = (
                Literal(data.draw(st.booleans())),
                data.draw(st.sampled_from(("==", "!="))),
            )
        if data.draw(st.booleans()):
            return Compare(op, Name(name), literal)
        return Compare(op, literal, Name(name))

    return st.builds(compare, st.sampled_from(NAMES), st.sampled_from(OPS), st.data())


leaves = st.one_of(st.sampled_from(NAMES).map(Name), st.booleans().map(Literal), _comparisons())
trees = st.recursive(
    leaves,
    lambda inner: st.one_of(
        inner.map(Not),
        st.lists(inner, min_size=2, max_size=3).map(lambda xs: And(tuple(xs))),
        st.lists(inner, min_size=2, max_size=3).map(lambda xs: Or(tuple(xs))),
    ),
    max_leaves=12,
)
findings = st.fixed_dictionaries(
    {
        "trust": st.one_of(st.none(), numbers),
        "need_gap": st.one_of(st.none(), numbers),
        "role": st.one_of(st.none(), texts),
        "name_only": st.one_of(st.none(), st.booleans()),
        "servant_purpose": st.one_of(st.none(), numbers),
    }
)


def reference(node: Node, values: Mapping[str, Any]) -> bool:
    """The meaning of a condition, written independently of the module."""
    if isinstance(node, Name):
        return bool(values.get(node.name))
    if isinstance(node, Literal):
        return bool(node.value)
    if isinstance(node, Not):
        return not reference(node.operand, values)
    if isinstance(node, And):
        return all(reference(n, values) for n in node.operands)
    if isinstance(node, Or):
        return any(reference(n, values) for n in node.operands)
    assert isinstance(node, Compare)
    left, right = (
        values.get(x.name) if isinstance(x, Name) else x.value for x in (node.left, node.right)
    )
    if left is None or right is None:
        return False
    if node.op == "==":
        return bool(left == right)
    if node.op == "!=":
        return bool(left != right)
    if isinstance(left, str | bool) or isinstance(right, str | bool):
        return False
    a, b = float(left), float(right)
    return {">=": a >= b, "<=": a <= b, ">": a > b, "<": a < b}[node.op]


@given(trees)
def test_a_condition_reads_back_as_the_same_tree(tree: Node) -> None:
    assert parse(unparse(tree)) == tree


@given(trees, findings)
def test_a_condition_means_what_plain_logic_says(tree: Node, values: dict[str, Any]) -> None:
    assert evaluate(parse(unparse(tree)), values) == reference(tree, values)


def _outcome(text: str) -> str:
    try:
        parse(text)
    except TriggerError as error:
        return "error" if "condition" in str(error) else "unclear error"
    return "parsed"


@given(st.text(max_size=80))
def test_any_text_is_either_a_condition_or_a_clear_error(text: str) -> None:
    assert _outcome(text) in ("parsed", "error")


@pytest.mark.parametrize(
    ("condition", "values", "expected"),
    [
        ("trust < 40", {"trust": 39.9}, True),
        ("trust < 40", {"trust": None}, False),
        ("not (trust < 40)", {"trust": None}, True),
        ("need_gap <= -15", {"need_gap": -15.0}, True),
        ("role == 'master' and name_only", {"role": "master", "name_only": True}, True),
        ('role == "master" or trust >= 1e2', {"role": "servant", "trust": 100.0}, True),
        ("true", {}, True),
        ("name_only", {"name_only": False}, False),
    ],
)
def test_conditions_by_hand(condition: str, values: dict[str, Any], expected: bool) -> None:
    assert evaluate(parse(condition), values) is expected


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("trust <", "expected a finding, a number or a quoted text"),
        ("(trust < 40", "expected ')'"),
        ("trust < 40 40", "expected 'and', 'or' or the end"),
        ("40", "40.0 alone is not a condition"),
        ("1 < 2", "a comparison needs at least one finding"),
        ("trust ~ 4", "unexpected '~' at character 7"),
        ("import os", "expected 'and', 'or' or the end"),
        ("(" * 100 + "trust" + ")" * 100, "nest at most"),
        ("not " * 100 + "trust", "nest at most"),
    ],
)
def test_a_bad_condition_says_where(condition: str, message: str) -> None:
    with pytest.raises(TriggerError, match=None) as error:
        parse(condition)
    assert message in str(error.value)


# --- The demo organization ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_coaching(demo_analysis: Analysis) -> dict[tuple[str, str], Coaching]:
    """The demo's coaching packs, by the parties of their relationship."""
    return {c.parties: c for c in coach_all(demo_analysis, text_threshold=7)}


def _keys(pack: Coaching) -> list[tuple[str, str | None]]:
    return [(p.key, p.side) for p in pack.prompts]


def test_the_demo_servant_is_asked_the_coachs_question(demo_coaching: dict[Any, Coaching]) -> None:
    pack = demo_coaching[("IT", "Sales")]
    first = pack.prompts[0]
    assert (first.key, first.side, first.quote_from) == ("servant_purpose", "IT", "IT")
    assert "Do you consider Sales to be your master, then?" in first.question
    assert ("label_over_master_servant", "Sales") in _keys(pack)
    assert pack.next_steps[0].gap == "label"


def test_the_demo_outsourcing_deal_is_a_customer_and_supplier(
    demo_coaching: dict[Any, Coaching],
) -> None:
    keys = _keys(demo_coaching[("IT", "Nimbus Cloud Services")])
    assert ("label_over_customer_supplier", "IT") in keys
    assert ("power_through_alternatives", "IT") in keys
    assert ("needs_the_other_less", "IT") in keys


def test_the_demo_conflict_and_partnership_and_arms_length(
    demo_coaching: dict[Any, Coaching],
) -> None:
    assert {k for k, _ in _keys(demo_coaching[("Legal", "Marketing")])} >= {"escalation"}
    assert {s for k, s in _keys(demo_coaching[("Legal", "Marketing")]) if k == "escalation"} == {
        "Legal",
        "Marketing",
    }
    assert _keys(demo_coaching[("Marketing", "Sales")]) == [("true_partnership", None)]
    assert ("detached", None) in _keys(demo_coaching[("HR", "Procurement")])
    assert not demo_coaching[("Legal", "Nimbus Cloud Services")].ready


def test_the_demo_never_quotes_a_small_group(
    demo_coaching: dict[Any, Coaching], demo_analysis: Analysis
) -> None:
    sizes = {
        (s.party, s.about): s.respondents for r in demo_analysis.relationships for s in r.sides
    }
    for parties, pack in demo_coaching.items():
        for prompt in pack.prompts:
            if prompt.quote_from is not None:
                other = parties[1] if prompt.quote_from == parties[0] else parties[0]
                assert sizes[(prompt.quote_from, other)] >= 7
        assert render_text(pack).startswith(f"# {parties[0]} – {parties[1]}")


# --- The docs agree with the file -----------------------------------------------------------------

DOCS = Path(__file__).resolve().parents[3] / "docs" / "coaching.md"


def test_the_docs_list_every_prompt_with_its_importance_and_condition() -> None:
    rows = re.findall(r"^\| `(\w+)` \| (\d+) \| `([^`]+)`", DOCS.read_text("utf-8"), re.M)
    documented = {key: (int(importance), when) for key, importance, when in rows}
    in_file = {p.rule.key: (p.rule.importance, p.rule.condition) for p in default_content().prompts}
    assert documented == in_file


def test_the_docs_list_every_next_step_and_finding() -> None:
    docs = DOCS.read_text("utf-8")
    for step in default_content().next_steps:
        assert f"`{step.rule.key}`: `{step.rule.condition}`" in docs
    for name in FINDINGS:
        base = name.removeprefix("other_").removesuffix("_gap")
        assert f"`{name}`" in docs or f"`{base}`" in docs, name


def test_at_most_three_next_steps_the_most_important_first() -> None:
    """A relationship where many steps fire gets the three most important, in order."""
    result = relationship(MASTER, {**SERVANT, "TRS": 2, "OUT": 2}, label="business partner")
    every = coach(result).next_steps
    assert len(every) == MAX_NEXT_STEPS
    importance = {s.rule.key: s.rule.importance for s in default_content().next_steps}
    ranks = [importance[s.key] for s in every]
    assert ranks == sorted(ranks, reverse=True)
    assert ranks[0] == max(importance.values())  # talk before escalating fires first


def test_the_cost_of_leaving_stays_with_the_side_that_writes_it() -> None:
    (step,) = [s for s in default_content().next_steps if s.rule.key == "cost_of_leaving"]
    assert "for itself" in step.text
    assert "shares" not in step.text
