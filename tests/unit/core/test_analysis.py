"""The whole analysis as a caller sees it: anonymity, labels, symmetry, order-independence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.support.builders import answers_for, responses, side

from parity.core.analysis import analyze, declares_partner
from parity.core.archetypes import MIN_SHARED_CONSTRUCTS
from parity.core.instrument import CORE_CONSTRUCTS

PARTNER = dict.fromkeys(("OUT", "STK", "COM", "NEED", "VAL", "VOI", "TRS", "ONEED"), 6.0) | {
    "ALT": 2.0,
    "DEF": 2.0,
    "DIR": 2.0,
    "TRX": 3.0,
}
MASTER = {"DIR": 6.5, "VOI": 6.5, "DEF": 1.5, "ONEED": 6.0}
SERVANT = {"DEF": 6.5, "VOI": 1.5, "VAL": 1.5, "DIR": 1.5, "ALT": 2.0}


def relationships(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["party_a", "party_b", "label", "scope"])


def test_master_servant_called_business_partner_is_partner_in_name_only() -> None:
    data = responses(side("Finance", "IT", 5, MASTER), side("IT", "Finance", 6, SERVANT))
    result = analyze(data, relationships(("IT", "Finance", "business partner", "internal")))
    (rel,) = result.relationships
    assert rel.parties == ("Finance", "IT")
    assert rel.archetype == "master_servant"
    assert dict(rel.roles) == {"Finance": "master", "IT": "servant"}
    assert rel.name_only
    assert rel.label == "business partner"
    assert rel.scope == "internal"
    assert rel.reasons[0] == (
        "It is called 'business partner', but the answers describe a master–servant relationship."
    )
    assert any("Finance sets IT's priorities (direction 92/100)" in r for r in rel.reasons)
    assert rel.power["holder"] == "Finance"
    assert rel.power["basis"] == "direction"


def test_a_partnership_labelled_partner_is_not_name_only() -> None:
    data = responses(side("HR", "Legal", 5, PARTNER), side("Legal", "HR", 5, PARTNER))
    (rel,) = analyze(data, relationships(("HR", "Legal", "Partner", "internal"))).relationships
    assert rel.archetype == "partnership"
    assert not rel.name_only
    assert rel.roles == {}
    assert rel.partnering_index == pytest.approx(100 * 5 / 6 - 0)  # all parts at 83.3, no gaps


@pytest.mark.parametrize(
    ("label", "declared"),
    [("partner", True), ("Strategic Partnership", True), ("supplier", False), (None, False)],
)
def test_a_label_containing_partner_declares_a_partnership(
    label: str | None, declared: bool
) -> None:
    assert declares_partner(label) is declared


def test_a_side_below_the_threshold_is_never_shown() -> None:
    data = responses(side("Sales", "Acme", 2, PARTNER), side("Acme", "Sales", 5, PARTNER))
    result = analyze(data, min_respondents=3)
    (rel,) = result.relationships
    assert rel.archetype == "insufficient_data"
    small = next(s for s in rel.sides if s.party == "Sales")
    assert small.respondents == 2
    assert not small.shown
    assert small.scores == {}
    assert rel.gaps == {}
    assert rel.partnering_index is None
    assert ("Sales", "Acme") not in result.side_scores.index
    assert rel.reasons[0] == (
        "Sales has fewer than 3 respondents about Acme (the anonymity threshold): its answers "
        "are not shown."
    )
    assert not any("2" in reason for reason in rel.reasons)
    assert result.dyads.empty


def test_a_declared_relationship_nobody_answered_is_reported() -> None:
    data = responses(side("HR", "Legal", 5, PARTNER), side("Legal", "HR", 5, PARTNER))
    result = analyze(data, relationships(("IT", "Sales", "partner", "internal")))
    rels = {r.parties: r for r in result.relationships}
    assert rels[("IT", "Sales")].archetype == "insufficient_data"
    assert not rels[("IT", "Sales")].name_only
    # Nobody answered, or too few did: the same sentence, so neither count is given away.
    assert rels[("IT", "Sales")].reasons == (
        "IT has fewer than 5 respondents about Sales (the anonymity threshold): its answers "
        "are not shown.",
        "Sales has fewer than 5 respondents about IT (the anonymity threshold): its answers "
        "are not shown.",
    )


def test_analysis_frame_for_notebooks() -> None:
    data = responses(side("Finance", "IT", 5, MASTER), side("IT", "Finance", 6, SERVANT))
    frame = analyze(data).to_frame()
    assert frame.loc[0, ["party_a", "party_b", "archetype"]].tolist() == [
        "Finance",
        "IT",
        "master_servant",
    ]
    assert frame.loc[0, "roles"] == "Finance:master;IT:servant"


def test_min_respondents_is_never_below_the_policy_floor() -> None:
    for low in (0, 1, 2):
        with pytest.raises(ValueError, match="at least 3"):
            analyze(responses(side("A", "B", 3)), min_respondents=low)


levels = st.fixed_dictionaries({c: st.integers(1, 7) for c in CORE_CONSTRUCTS})


def noisy_side(party: str, about: str, lv: dict[str, int], n: int, seed: int) -> pd.DataFrame:
    frame = side(party, about, n, {k: float(v) for k, v in lv.items()}, prefix=f"{party}-")
    rng = np.random.default_rng(seed)
    items = frame.columns[3:]
    noise = rng.integers(-1, 2, size=(n, len(items)))
    frame[items] = np.clip(frame[items].to_numpy() + noise, 1, 7)
    return frame


def summary(rel: object) -> tuple[object, ...]:
    r = rel  # RelationshipResult
    return (r.archetype, r.confidence, r.partnering_index, r.name_only)  # type: ignore[attr-defined]


@pytest.mark.slow
@settings(max_examples=25, deadline=None)
@given(levels, levels, st.integers(3, 8), st.integers(3, 8), st.integers(0, 2**16))
def test_swapping_the_parties_swaps_roles_and_nothing_else(
    first: dict[str, int], second: dict[str, int], n1: int, n2: int, seed: int
) -> None:
    one = responses(
        noisy_side("Alpha", "Beta", first, n1, seed),
        noisy_side("Beta", "Alpha", second, n2, seed + 1),
    )
    renamed = one.replace(
        {"party": {"Alpha": "Beta", "Beta": "Alpha"}, "about": {"Alpha": "Beta", "Beta": "Alpha"}}
    )
    (a,) = analyze(one).relationships
    (b,) = analyze(renamed).relationships
    assert a.archetype == b.archetype
    assert a.confidence == pytest.approx(b.confidence)
    assert a.partnering_index == pytest.approx(b.partnering_index)
    swap = {"Alpha": "Beta", "Beta": "Alpha"}
    assert {swap[p]: role for p, role in a.roles.items()} == dict(b.roles)
    assert {k: -v for k, v in a.gaps.items()} == pytest.approx(dict(b.gaps))


@pytest.mark.slow
@settings(max_examples=20, deadline=None)
@given(levels, levels, st.integers(0, 2**16))
def test_permuting_respondents_changes_nothing(
    first: dict[str, int], second: dict[str, int], seed: int
) -> None:
    data = responses(
        noisy_side("Alpha", "Beta", first, 6, seed),
        noisy_side("Beta", "Alpha", second, 5, seed + 1),
    )
    shuffled = data.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    (a,) = analyze(data).relationships
    (b,) = analyze(shuffled).relationships
    assert summary(a) == pytest.approx(summary(b))
    assert a.roles == b.roles
    assert a.sides[0].scores == pytest.approx(dict(b.sides[0].scores))
    assert a.reasons == b.reasons


def test_each_wave_is_analysed_on_its_own_and_keeps_the_declared_label() -> None:
    before = responses(side("Finance", "IT", 5, MASTER), side("IT", "Finance", 5, SERVANT))
    after = responses(
        side("Finance", "IT", 5, PARTNER, prefix="f2-"),
        side("IT", "Finance", 5, PARTNER, prefix="i2-"),
    )
    data = pd.concat([before.assign(wave="2025"), after.assign(wave="2026")], ignore_index=True)
    result = analyze(data, relationships(("Finance", "IT", "business partner", "internal")))
    by_wave = {r.wave: r for r in result.relationships}
    assert set(by_wave) == {"2025", "2026"}
    assert by_wave["2025"].archetype == "master_servant"
    assert by_wave["2025"].name_only
    assert by_wave["2026"].archetype == "partnership"
    assert by_wave["2026"].label == "business partner"
    assert by_wave["2026"].partnering_index > by_wave["2025"].partnering_index


def test_reliability_uses_only_sides_that_are_shown() -> None:
    small = responses(side("Sales", "Acme", 2, PARTNER), side("Acme", "Sales", 2, PARTNER))
    assert analyze(small).reliability.empty
    mixed = responses(small, side("HR", "IT", 5, MASTER), side("IT", "HR", 5, SERVANT))
    assert (analyze(mixed).reliability["n"] == 10).all()


def one_item_each(party: str, about: str, items: list[str], value: float) -> pd.DataFrame:
    """Respondents who each answered a single item (a different one each), nothing else."""
    return side(party, about, [{item: value} for item in items])


def test_sides_without_shared_constructs_get_no_archetype() -> None:
    # Each respondent answered one item; A's are all shared outcome, B's all trust: the two
    # sides share no measured construct, which used to read as a 0.999 partnership.
    data = responses(
        one_item_each("A", "B", ["OUT1", "OUT2", "OUT1", "OUT2", "OUT1"], 6.0),
        one_item_each("B", "A", ["TRS1", "TRS2", "TRS1", "TRS2", "TRS1"], 6.0),
    )
    result = analyze(data, keep_flagged=True, one_answer_each=True)
    (rel,) = result.relationships
    assert rel.archetype == "insufficient_data"
    assert rel.confidence is None
    assert rel.partnering_index is None
    assert rel.gaps == {}
    assert all(s.shown for s in rel.sides)
    assert rel.sides[0].answered == {"OUT": 5}
    assert rel.reasons == (
        "A and B have fewer than 3 measures answered on both sides: too little shared "
        "evidence to say what kind of relationship it is.",
    )
    assert result.dyads.empty


def test_three_shared_constructs_are_enough_for_an_archetype() -> None:
    assert MIN_SHARED_CONSTRUCTS == 3
    shared = ["OUT1", "COM1", "TRS1"]
    data = responses(
        side("A", "B", [dict.fromkeys(shared, 6.0) | {"STK1": float(k)} for k in (2, 3, 4, 5, 6)]),
        side("B", "A", [dict.fromkeys(shared, 6.0) | {"VAL1": float(k)} for k in (2, 3, 4, 5, 6)]),
    )
    (rel,) = analyze(data, keep_flagged=True, one_answer_each=True).relationships
    assert rel.archetype != "insufficient_data"
    fewer = data.assign(TRS1=np.where(data["party"] == "A", np.nan, data["TRS1"]))
    (rel,) = analyze(fewer, keep_flagged=True, one_answer_each=True).relationships
    assert rel.archetype == "insufficient_data"


def drawn_side(party: str, about: str, n: int, seed: int) -> pd.DataFrame:
    """``n`` respondents drawn from one partnership-like side: each respondent's level moves
    by a normal shift (sd 2 answer points), each item by another (sd 1)."""
    rng = np.random.default_rng(seed)
    levels = dict.fromkeys(PARTNER, 5.5) | {"ALT": 2.5, "DEF": 2.5, "DIR": 2.5, "TRX": 3.5}
    rows = []
    for _ in range(n):
        shift = rng.normal(0.0, 2.0)
        answers = answers_for({k: v + shift for k, v in levels.items()})
        rows.append(
            {k: float(np.clip(np.rint(v + rng.normal(0.0, 1.0)), 1, 7)) for k, v in answers.items()}
        )
    return side(party, about, rows)


def test_confidence_rises_with_the_number_of_respondents() -> None:
    # The same two underlying sides, sampled at n = 5 and at n = 40, eight times each: the
    # bootstrap confidence (docs/method.md §5) is higher, and never low, with more respondents.
    found = {}
    for n in (5, 40):
        rels = [
            analyze(
                responses(drawn_side("A", "B", n, seed), drawn_side("B", "A", n, seed + 100)),
                keep_flagged=True,
                one_answer_each=True,
            ).relationships[0]
            for seed in range(8)
        ]
        assert {r.archetype for r in rels} == {"partnership"}
        found[n] = [r.confidence for r in rels]
    assert np.mean(found[5]) < np.mean(found[40])
    assert min(found[5]) < min(found[40])
    assert min(found[40]) >= 0.95
    # Seeded: the same data give the same confidence.
    again = analyze(
        responses(drawn_side("A", "B", 5, 0), drawn_side("B", "A", 5, 100)),
        keep_flagged=True,
        one_answer_each=True,
    ).relationships[0]
    assert again.confidence == found[5][0]
