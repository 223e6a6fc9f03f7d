"""Parity's own round robin: when the data allow one, the SRM per construct, and the findings."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd
import pytest
from tests.support.builders import moved

from parity.core.analysis import analyze
from parity.core.instrument import default_instrument
from parity.core.roundrobin import (
    MIN_EFFECT,
    MIN_RELIABILITY,
    PARTNERING_CODE,
    ConstructSRM,
    effect_sentence,
    findings_of,
    members_of,
    round_robin,
    round_robins,
    side_means,
)
from parity.core.srm import srm

INSTRUMENT = default_instrument()
PARTIES = ("Finance", "HR", "IT", "Legal", "Sales")
Levels = Callable[[str, str, str], float]


def _noise(seed: int = 1, spread: float = 0.5) -> dict[tuple[str, str, str], float]:
    rng = np.random.default_rng(seed)
    return {
        (a, b, c): float(rng.uniform(-spread, spread))
        for a in PARTIES
        for b in PARTIES
        for c in INSTRUMENT.construct_codes
    }


NOISE = _noise()


def planted(
    perceiver: dict[tuple[str, str], float] | None = None,
    target: dict[tuple[str, str], float] | None = None,
    noise: dict[tuple[str, str, str], float] = NOISE,
) -> Levels:
    """Answer levels (1-7): 4, plus a pair's own noise, plus the planted effects given as
    {(party, construct): shift in answer points}."""
    perceiver, target = perceiver or {}, target or {}

    def level(rater: str, rated: str, construct: str) -> float:
        value = 4.0 + noise[(rater, rated, construct)]
        value += perceiver.get((rater, construct), 0.0) + target.get((rated, construct), 0.0)
        return min(7.0, max(1.0, value))

    return level


def responses(
    levels: Levels,
    parties: Iterable[str] = PARTIES,
    *,
    n: int = 5,
    skip: Iterable[tuple[str, str]] = (),
    sizes: dict[tuple[str, str], int] | None = None,
    wave: str | None = None,
) -> pd.DataFrame:
    """``n`` respondents per side whose whole answers average the side's level as closely as
    ``n`` people can (some answer the level rounded down, the others one higher)."""
    names, skipped, sizes = list(parties), set(skip), sizes or {}
    rows = []
    for rater in names:
        for rated in names:
            if rater == rated or (rater, rated) in skipped:
                continue
            count = sizes.get((rater, rated), n)
            for k in range(count):
                row: dict[str, object] = {
                    "respondent": f"{wave or ''}{rater}>{rated}#{k}",
                    "party": rater,
                    "about": rated,
                }
                if wave is not None:
                    row["wave"] = wave
                for item in INSTRUMENT.items:
                    level = levels(rater, rated, item.construct)
                    low = math.floor(level)
                    answer = min(7, low + (1 if k < round((level - low) * count) else 0))
                    row[item.id] = float(8 - answer if item.reverse else answer)
                # Item answers that differ from one respondent to the next, construct scores
                # that do not: the respondent screen finds no duplicate or straight line.
                rows.append({**row, **moved(_items(row), k + 1)})
    return pd.DataFrame(rows)


def _items(row: dict[str, object]) -> dict[str, float | None]:
    return {i: float(str(v)) for i, v in row.items() if i in INSTRUMENT.item_ids}


def _robin(frame: pd.DataFrame, **options: int) -> tuple:
    return round_robins(analyze(frame, **options).side_scores)


# --- When the data allow a round robin --------------------------------------------------------


def test_everyone_rating_everyone_is_a_round_robin() -> None:
    pairs = [(a, b) for a in PARTIES for b in PARTIES if a != b]
    assert members_of(pairs) == PARTIES


def test_three_parties_are_too_few() -> None:
    three = PARTIES[:3]
    assert members_of([(a, b) for a in three for b in three if a != b]) is None


def test_a_star_is_not_a_round_robin() -> None:
    hub = [("IT", p) for p in PARTIES if p != "IT"] + [(p, "IT") for p in PARTIES if p != "IT"]
    assert members_of(hub) is None


def test_two_thirds_is_enough_and_less_leaves_the_party_out() -> None:
    four = PARTIES[:4]
    full = {(a, b) for a in four for b in four if a != b}
    # Finance rates two of the three others: exactly two thirds.
    assert members_of(full - {("Finance", "HR")}) == four
    # Finance rates one of three: left out, and the other three are too few.
    assert members_of(full - {("Finance", "HR"), ("Finance", "IT")}) is None
    five = {(a, b) for a in PARTIES for b in PARTIES if a != b}
    thin = five - {("Sales", "HR"), ("Sales", "IT")}
    assert members_of(thin) == ("Finance", "HR", "IT", "Legal")


def test_the_order_of_the_pairs_changes_nothing() -> None:
    pairs = [(a, b) for a in PARTIES for b in PARTIES if a != b and (a, b) != ("IT", "Legal")]
    pairs = [p for p in pairs if p[0] != "Sales" or p[1] in ("HR",)]
    assert members_of(pairs) == members_of(list(reversed(pairs)))


def test_a_dataset_without_a_round_robin_gives_no_section() -> None:
    frame = responses(planted(), ("IT", "Sales"))
    assert _robin(frame) == ()
    star = responses(planted(), PARTIES, skip=[(a, b) for a in PARTIES for b in PARTIES
                                               if "IT" not in (a, b)])  # fmt: skip
    assert _robin(star) == ()


# --- Planted effects are found and named ------------------------------------------------------


def test_a_planted_perceiver_effect_is_found_and_named() -> None:
    frame = responses(planted(perceiver={("IT", "VOI"): -2.0}))
    (robin,) = _robin(frame)
    assert robin.members == PARTIES
    assert (robin.ratings, robin.possible) == (20, 20)
    finding = robin.findings[0]
    assert (finding.kind, finding.party, finding.construct) == ("perceiver", "IT", "VOI")
    assert finding.effect <= -20
    assert finding.reliability is not None
    assert finding.reliability >= MIN_RELIABILITY
    assert finding.sentence.startswith("IT rates everyone low on voice (‘we have an equal say’)")
    assert "Look at IT's own stance before blaming its partners." in finding.sentence
    assert "5 parties rated each other" in robin.headline


def test_a_planted_target_effect_is_found_and_named() -> None:
    frame = responses(planted(target={("Legal", "TRS"): -2.0}))
    (robin,) = _robin(frame)
    finding = robin.findings[0]
    assert (finding.kind, finding.party, finding.construct) == ("target", "Legal", "TRS")
    assert finding.effect <= -20
    assert finding.sentence.startswith("Everyone rates Legal low on trust (‘we trust them’)")
    assert "it is about how Legal works with everyone" in finding.sentence
    trust = robin.construct("TRS")
    assert trust is not None
    assert (trust.shares["target"] or 0.0) > 0.5


def test_both_effects_at_once_and_nothing_else_named() -> None:
    frame = responses(planted(perceiver={("IT", "VOI"): -2.0}, target={("Legal", "TRS"): -2.0}))
    (robin,) = _robin(frame)
    named = {(f.kind, f.party, f.construct) for f in robin.findings}
    assert {("perceiver", "IT", "VOI"), ("target", "Legal", "TRS")} <= named
    assert all(abs(f.effect) >= MIN_EFFECT for f in robin.findings)
    # The partnering score carries both effects too (voice and trust are part of it).
    assert named <= {
        ("perceiver", "IT", "VOI"),
        ("target", "Legal", "TRS"),
        ("perceiver", "IT", PARTNERING_CODE),
        ("target", "Legal", PARTNERING_CODE),
    }


def test_a_small_effect_is_not_named() -> None:
    frame = responses(planted(perceiver={("IT", "VOI"): -0.3}))
    (robin,) = _robin(frame)
    assert not [f for f in robin.findings if f.party == "IT" and f.construct == "VOI"]


def test_an_unreliable_effect_is_not_named() -> None:
    shaky = ConstructSRM(
        construct="VOI",
        shares={"perceiver": 0.1, "target": 0.1, "relationship": 0.8},
        generalized_reciprocity=None,
        dyadic_reciprocity=None,
        reliability={"perceiver": MIN_RELIABILITY - 0.01, "target": 0.9},
        perceiver_effects={"IT": -40.0},
        target_effects={"IT": 5.0, "HR": -16.0},
        relationship_effects={},
    )
    named = findings_of((shaky,))
    assert [(f.kind, f.party) for f in named] == [("target", "HR")]


def test_the_effects_are_those_of_the_srm_on_the_side_means() -> None:
    frame = responses(planted(perceiver={("IT", "VOI"): -2.0}))
    analysis = analyze(frame)
    (robin,) = round_robins(analysis.side_scores)
    long = side_means(analysis.side_scores).reset_index()
    direct = srm(long, perceiver="party", target="about", value="VOI")
    voice = robin.construct("VOI")
    assert voice is not None
    for row in direct.effects.itertuples():
        assert voice.perceiver_effects[row.id] == pytest.approx(row.perceiver)
    assert voice.shares["perceiver"] == pytest.approx(
        direct.components.loc["perceiver_variance", "standardized"]
    )


def test_pair_findings_name_each_pair_once() -> None:
    def level(rater: str, rated: str, construct: str) -> float:
        base = planted()(rater, rated, construct)
        return 1.0 if {rater, rated} == {"HR", "Sales"} and construct in ("TRS", "COM") else base

    (robin,) = _robin(responses(level))
    pairs = [frozenset((f.party, str(f.other))) for f in robin.pair_findings]
    assert frozenset(("HR", "Sales")) in pairs
    assert len(pairs) == len(set(pairs))
    first = robin.pair_findings[0]
    assert "than either party's habits predict" in first.sentence
    assert first.kind == "relationship"


# --- Anonymity and waves -----------------------------------------------------------------------


def test_a_side_below_the_threshold_is_a_missing_rating() -> None:
    small = {("IT", p): 3 for p in PARTIES if p != "IT"}
    frame = responses(planted(perceiver={("IT", "VOI"): -2.0}), sizes=small)
    (robin,) = _robin(frame, min_respondents=4)
    assert "IT" not in robin.members
    assert robin.left_out == ("IT",)
    assert not [f for f in robin.findings if f.party == "IT"]
    (shown,) = _robin(frame, min_respondents=3)
    assert "IT" in shown.members


def test_each_wave_has_its_own_round_robin() -> None:
    before = responses(planted(), wave="2025-1", skip=[("IT", p) for p in PARTIES])
    after = responses(planted(perceiver={("IT", "VOI"): -2.0}), wave="2025-2")
    robins = _robin(pd.concat([before, after], ignore_index=True))
    assert [r.wave for r in robins] == ["2025-1", "2025-2"]
    assert "IT" not in robins[0].members
    assert robins[1].findings[0].party == "IT"


def test_round_robin_takes_means_directly() -> None:
    parties = PARTIES[:4]
    index = pd.MultiIndex.from_tuples(
        [(a, b) for a in parties for b in parties if a != b], names=["party", "about"]
    )
    values = [70.0 - (30.0 if a == "IT" else 0.0) + 3 * (i % 3) for i, (a, _) in
              enumerate(index)]  # fmt: skip
    means = pd.DataFrame({"VOI": values}, index=index)
    robin = round_robin(means)
    assert robin is not None
    assert robin.findings[0].party == "IT"
    assert round_robin(means.iloc[:3]) is None


# --- Words --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "construct", "effect", "advice"),
    [
        ("perceiver", "VOI", -20.0, "Look at IT's own stance before blaming its partners."),
        ("perceiver", "DEF", 20.0, "Look at IT's own stance before blaming its partners."),
        ("perceiver", "TRS", 20.0, "IT sees all its relationships this way"),
        ("perceiver", "TRX", 20.0, "A habit of IT's, whoever it rates."),
        ("target", "TRS", -20.0, "it is about how IT works with everyone"),
        ("target", "DIR", 20.0, "it is about how IT works with everyone"),
        ("target", "VAL", 20.0, "A strength the others all see in IT."),
        ("target", "ONEED", -20.0, "Something the others all see in IT."),
    ],
)
def test_the_advice_follows_the_direction_of_the_construct(
    kind: str, construct: str, effect: float, advice: str
) -> None:
    sentence = effect_sentence(kind, "IT", construct, effect)
    assert advice in sentence
    assert ("+20 points" if effect > 0 else "−20 points") in sentence


def test_too_many_missing_ratings_are_warned_about_once() -> None:
    frame = responses(planted(), PARTIES[:4], skip=[("Finance", "HR"), ("IT", "Legal")])
    (robin,) = _robin(frame)
    assert robin.ratings == 10
    assert len(robin.warnings) == 1
    assert robin.warnings[0].startswith("The round robin misses 2 of 12 ratings")
