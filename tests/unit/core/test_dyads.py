"""The two sides together: gaps, power, mutual need, parity and the partnering index."""

from __future__ import annotations

import pandas as pd
import pytest

from parity.core.dyads import dyad_metrics, pair_sides, partnering_score
from parity.core.instrument import CORE_CONSTRUCTS


def one_side(**scores: float) -> pd.DataFrame:
    return pd.DataFrame([{c: scores.get(c, 50.0) for c in CORE_CONSTRUCTS}])


def test_pair_sides_puts_the_first_name_in_a_whatever_the_row_order() -> None:
    index = pd.MultiIndex.from_tuples(
        [("IT", "Finance"), ("Finance", "IT"), ("HR", "IT")], names=["party", "about"]
    )
    means = pd.DataFrame({"OUT": [10.0, 90.0, 40.0]}, index=index)
    a, b = pair_sides(means)
    assert list(a.index) == [("Finance", "IT"), ("HR", "IT")]
    assert a.loc[("Finance", "IT"), "OUT"] == 90.0  # Finance about IT
    assert b.loc[("Finance", "IT"), "OUT"] == 10.0  # IT about Finance
    assert pd.isna(b.loc[("HR", "IT"), "OUT"])  # IT has not answered about HR


def test_partnering_score_by_hand() -> None:
    # 7 partnering constructs at 80 and ALT, DEF, DIR at 20 -> all ten parts are 80.
    side = one_side(OUT=80, STK=80, COM=80, NEED=80, VAL=80, VOI=80, TRS=80, ALT=20, DEF=20, DIR=20)
    assert partnering_score(side).iloc[0] == pytest.approx(80.0)


def test_power_mutual_need_parity_and_index_by_hand() -> None:
    customer = one_side(ALT=80, NEED=30, ONEED=70, STK=40, VAL=60, VOI=70, DEF=20, DIR=60)
    supplier = one_side(ALT=20, NEED=90, ONEED=40, STK=60, VAL=30, VOI=30, DEF=60, DIR=20)
    m = dyad_metrics(customer, supplier).iloc[0]
    assert m["gap_ALT"] == 60
    assert m["leverage_a"] == pytest.approx((80 + 70) / 2)  # (ALT + 100 - NEED) / 2 = 75
    assert m["leverage_b"] == pytest.approx((20 + 10) / 2)  # 15
    assert m["direction_a"] == pytest.approx((60 + 60) / 2)  # own DIR, other's DEF
    assert m["direction_b"] == pytest.approx((20 + 20) / 2)
    assert (m["power_holder"], m["power_basis"]) == ("a", "alternatives")
    assert m["power_gap"] == pytest.approx(60)
    assert m["misreading_a"] == pytest.approx(70 - 90)  # a thinks b needs it 70, b says 90
    assert m["misreading_b"] == pytest.approx(40 - 30)
    assert m["parity_stake"] == pytest.approx(80)
    assert m["parity_value"] == pytest.approx(70)
    assert m["parity_voice"] == pytest.approx(60)
    # asymmetry = mean(|dSTK| 20, |dNEED| 60, |dVAL| 30, |dVOI| 40, |dlev| 60, |ddir| 40) = 41.67
    assert m["asymmetry"] == pytest.approx(250 / 6)
    weaker = min(m["partnering_a"], m["partnering_b"])
    assert m["partnering_index"] == pytest.approx(weaker - 0.5 * 250 / 6)


def test_balanced_power_names_no_holder() -> None:
    m = dyad_metrics(one_side(ALT=30, NEED=70), one_side(ALT=35, NEED=70)).iloc[0]
    assert m["power_holder"] == ""
    assert m["power_basis"] == ""


def test_direction_power_wins_when_it_is_the_larger_gap() -> None:
    master = one_side(DIR=90, DEF=10)
    servant = one_side(DIR=10, DEF=90)
    m = dyad_metrics(master, servant).iloc[0]
    assert (m["power_holder"], m["power_basis"]) == ("a", "direction")


def test_index_is_clipped_to_zero() -> None:
    low = one_side(**dict.fromkeys(CORE_CONSTRUCTS, 0.0))
    high = one_side(**dict.fromkeys(CORE_CONSTRUCTS, 100.0))
    assert dyad_metrics(low, high).iloc[0]["partnering_index"] == 0.0
