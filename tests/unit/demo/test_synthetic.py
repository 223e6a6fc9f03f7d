"""The independent generator behind the engine's accuracy tests."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pandas as pd
import pytest
from tests.support.synthetic import (
    ARCHETYPES,
    BANDS,
    LEVEL_TABLE,
    SyntheticCase,
    synthetic_relationship,
    synthetic_suite,
)

from parity.core.instrument import CORE_CONSTRUCTS, TPI1_ITEM_IDS

ITEMS = list(TPI1_ITEM_IDS)


def _case(archetype: str, seed: int, **options: Any) -> SyntheticCase:
    return synthetic_relationship(archetype, np.random.default_rng(seed), **options)


def _side(case: SyntheticCase, party: str) -> pd.DataFrame:
    return case.responses[case.responses["party"] == party]


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_a_case_has_two_sides_in_the_responses_shape(archetype: str) -> None:
    case = _case(archetype, seed=11)
    frame = case.responses
    assert list(frame.columns) == ["respondent", "party", "about", *ITEMS]
    assert frame["respondent"].is_unique
    sizes = frame.groupby("party").size()
    assert set(sizes.index) == {"Alpha", "Beta"}
    assert sizes.between(5, 12).all()
    assert set(zip(frame["party"], frame["about"], strict=True)) == {
        ("Alpha", "Beta"),
        ("Beta", "Alpha"),
    }
    values = frame[ITEMS].to_numpy()
    present = values[~np.isnan(values)]
    assert np.all((present >= 1) & (present <= 7) & (present == np.round(present)))
    assert case.archetype == archetype


def test_level_tables_use_known_codes_for_every_construct() -> None:
    for codes in LEVEL_TABLE.values():
        assert set(codes) == set(CORE_CONSTRUCTS)
        for code in codes.values():
            assert set(code.split("|")) <= set(BANDS)


@pytest.mark.parametrize("seed", range(5))
def test_a_high_trust_side_answers_trs3_low(seed: int) -> None:
    case = _case("partnership", seed, skip_rate=0.0)
    for party in ("Alpha", "Beta"):
        side = _side(case, party)
        assert side["TRS1"].mean() > 4.5
        assert side["TRS3"].mean() < 3.5


def test_blur_pulls_every_answer_toward_the_middle() -> None:
    sharp = _case("master_servant", seed=4).responses[ITEMS].to_numpy()
    blurred = _case("master_servant", seed=4, blur=0.5).responses[ITEMS].to_numpy()
    assert np.array_equal(np.isnan(sharp), np.isnan(blurred))
    present = ~np.isnan(sharp)
    assert np.all(np.abs(blurred[present] - 4) <= np.abs(sharp[present] - 4))
    assert np.abs(blurred[present] - 4).mean() < np.abs(sharp[present] - 4).mean()


def test_skip_rate_is_roughly_honoured_and_no_row_is_blank() -> None:
    frames = [_case(a, seed, skip_rate=0.2).responses for a in ARCHETYPES for seed in range(4)]
    values = pd.concat(frames)[ITEMS].to_numpy()
    assert np.isnan(values).mean() == pytest.approx(0.2, abs=0.03)
    nearly_blank = _case("detached", seed=2, skip_rate=0.99).responses[ITEMS].to_numpy()
    assert not np.isnan(nearly_blank).all(axis=1).any()


@pytest.mark.parametrize("seed", range(6))
def test_roles_name_the_parties_that_behave_that_way(seed: int) -> None:
    shop = _case("customer_supplier", seed)
    assert set(shop.roles) == {"Alpha", "Beta"}
    assert set(shop.roles.values()) == {"customer", "supplier"}
    role_of = {role: party for party, role in shop.roles.items()}
    alt = {party: _side(shop, party)[["ALT1", "ALT2"]].mean().mean() for party in shop.roles}
    assert alt[role_of["customer"]] > alt[role_of["supplier"]]

    house = _case("master_servant", seed)
    role_of = {role: party for party, role in house.roles.items()}
    assert house.levels[role_of["master"]]["DIR"] >= BANDS["H"][0]
    assert house.levels[role_of["servant"]]["DEF"] >= BANDS["H"][0]
    direction = {
        party: _side(house, party)[["DIR1", "DIR2"]].mean().mean() for party in role_of.values()
    }
    assert direction[role_of["master"]] > direction[role_of["servant"]]


def test_symmetric_archetypes_have_no_roles() -> None:
    for archetype in ("partnership", "developing", "adversarial", "detached"):
        assert _case(archetype, seed=1).roles == {}


def test_adversarial_is_hostile_on_one_side_or_both() -> None:
    counts = Counter(len(_case("adversarial", seed).hostile) for seed in range(30))
    assert set(counts) == {1, 2}
    case = _case("adversarial", seed=3)
    for party in case.hostile:
        assert case.levels[party]["TRS"] <= BANDS["L"][1]


def test_the_suite_blurs_a_random_third() -> None:
    suite = synthetic_suite(4, seed=5)
    assert Counter(case.archetype for case in suite) == dict.fromkeys(ARCHETYPES, 4)
    blurred = [case.blur for case in suite if case.blur > 0]
    assert len(blurred) == 8
    assert all(0.3 <= blur <= 0.5 for blur in blurred)
    parties = pd.concat(case.responses for case in suite)["party"]
    assert parties.nunique() == 2 * len(suite)
    again = synthetic_suite(4, seed=5)
    assert all(a.responses.equals(b.responses) for a, b in zip(suite, again, strict=True))
