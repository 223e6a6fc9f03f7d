"""Alpha within a side, never pooled across sides, and within range however much is missing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parity.core.agreement import cronbach_alpha
from parity.core.analysis import analyze
from parity.core.disclosure import Thresholds, disclose
from parity.core.instrument import default_instrument
from parity.core.reliability import side_alphas, within_sides
from parity.core.schema import ABOUT, PARTY, RESPONDENT
from parity.core.scoring import side_codes

ITEMS = list(default_instrument().item_ids)


def _frame(answers: np.ndarray, parties: list[tuple[str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(answers, columns=ITEMS, dtype="float64")
    frame.insert(0, ABOUT, [about for _, about in parties])
    frame.insert(0, PARTY, [party for party, _ in parties])
    frame.insert(0, RESPONDENT, [f"r{i}" for i in range(len(parties))])
    return frame


def _two_sides_apart(n: int = 30, seed: int = 1) -> pd.DataFrame:
    """Side A answers around 6, side B around 2, every answer an independent draw: the items
    share nothing within a side; only the sides differ."""
    rng = np.random.default_rng(seed)
    high = np.clip(np.rint(rng.normal(6, 0.8, (n, len(ITEMS)))), 1, 7)
    low = np.clip(np.rint(rng.normal(2, 0.8, (n, len(ITEMS)))), 1, 7)
    low[:, ITEMS.index("TRS3")] = 8 - low[:, ITEMS.index("TRS3")]
    high[:, ITEMS.index("TRS3")] = 8 - high[:, ITEMS.index("TRS3")]
    return _frame(np.vstack([high, low]), [("IT", "Sales")] * n + [("Sales", "IT")] * n)


def test_a_difference_between_sides_does_not_pass_for_reliability() -> None:
    frame = _two_sides_apart()
    pooled = cronbach_alpha(frame[["NEED1", "NEED2"]]).alpha
    within = within_sides(frame, default_instrument()).loc["NEED", "alpha"]
    assert pooled > 0.9  # what pooling the sides reported
    assert abs(within) < 0.4
    sides = side_alphas(frame, default_instrument(), side_codes(frame)[1], 5)
    assert all(a["NEED"].alpha < 0.5 for a in sides.values())


def test_within_sides_is_alpha_on_the_answers_less_their_side_means() -> None:
    frame = _two_sides_apart(n=12, seed=3)
    items = ["VOI1", "VOI2"]
    centred = frame[items] - frame.groupby(PARTY)[items].transform("mean")
    expected = cronbach_alpha(centred, groups=2)
    got = within_sides(frame, default_instrument()).loc["VOI"]
    assert got["alpha"] == pytest.approx(expected.alpha)
    assert (got["ci_low"], got["ci_high"]) == pytest.approx((expected.ci_low, expected.ci_high))
    # The Feldt interval loses one degree of freedom per side.
    assert expected.ci_low < cronbach_alpha(centred).ci_low
    assert got["n"] == 24


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    missing=st.floats(0.0, 0.9),
    n=st.integers(5, 40),
)
def test_alpha_stays_within_range_under_heavy_missingness(
    seed: int, missing: float, n: int
) -> None:
    rng = np.random.default_rng(seed)
    answers = rng.integers(1, 8, (2 * n, len(ITEMS))).astype("float64")
    answers[rng.random(answers.shape) < missing] = np.nan
    frame = _frame(answers, [("IT", "Sales")] * n + [("Sales", "IT")] * n)
    table = within_sides(frame, default_instrument())
    assert (table["alpha"].dropna() <= 1.0 + 1e-12).all()
    for alphas in side_alphas(frame, default_instrument(), side_codes(frame)[1], 5).values():
        for result in alphas.values():
            assert np.isnan(result.alpha) or result.alpha <= 1.0 + 1e-12
            assert result.n >= 5  # never resting on fewer than the threshold


def test_alpha_counts_only_respondents_who_answered_every_item() -> None:
    frame = _two_sides_apart(n=10)
    frame.loc[[0, 1, 2], "OUT2"] = np.nan
    alphas = side_alphas(frame, default_instrument(), side_codes(frame)[1], 5)
    assert alphas[("IT", "Sales")]["OUT"].n == 7
    assert alphas[("Sales", "IT")]["OUT"].n == 10
    frame.loc[list(range(6)), "OUT2"] = np.nan  # only 4 complete: below the threshold of 5
    alphas = side_alphas(frame, default_instrument(), side_codes(frame)[1], 5)
    assert "OUT" not in alphas[("IT", "Sales")]
    assert "TRS" in alphas[("IT", "Sales")]


def test_each_side_carries_its_alphas_and_a_higher_threshold_hides_them() -> None:
    frame = _two_sides_apart(n=8)
    frame.loc[[0, 1], "OUT2"] = np.nan  # IT: 6 complete answers on OUT
    # Side A agrees (about 6) with every item, contradictory ones too: the respondent screen
    # would leave some out as acquiescent (docs/method.md §2a); this test is about alpha.
    result = analyze(frame, keep_flagged=True).relationships[0]
    it = next(s for s in result.sides if s.party == "IT")
    assert it.reliability["OUT"].n == 6
    assert "ONEED" not in it.reliability  # a single item has no alpha
    shown = disclose(result, Thresholds(score=7, text=7))
    it_shown = next(s for s in shown.sides if s.party == "IT")
    assert "OUT" not in it_shown.reliability
    assert it_shown.reliability["STK"].n == 8


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), missing=st.floats(0.0, 0.5), n=st.integers(2, 12))
def test_every_sides_alpha_is_cronbach_alpha_on_its_complete_rows(
    seed: int, missing: float, n: int
) -> None:
    """The alphas of all sides at once are, side by side, those of ``cronbach_alpha``."""
    rng = np.random.default_rng(seed)
    parties = [("IT", "Sales")] * n + [("Sales", "IT")] * (n + 3) + [("HR", "IT")] * 2
    answers = rng.integers(1, 8, (len(parties), len(ITEMS))).astype("float64")
    answers[rng.random(answers.shape) < missing] = np.nan
    frame = _frame(answers, parties)
    found = side_alphas(frame, default_instrument(), side_codes(frame)[1], 2)
    for (party, about), alphas in found.items():
        rows = frame[(frame[PARTY] == party) & (frame[ABOUT] == about)]
        for code, result in alphas.items():
            items = [i.id for i in default_instrument().items_of(code)]
            keyed = rows[items].astype("float64").copy()
            if "TRS3" in items:
                keyed["TRS3"] = 8 - keyed["TRS3"]
            expected = cronbach_alpha(keyed.dropna())
            assert result.n == expected.n
            got = (result.alpha, result.ci_low, result.ci_high)
            want = (expected.alpha, expected.ci_low, expected.ci_high)
            assert got == pytest.approx(want, nan_ok=True, rel=1e-9, abs=1e-9)


def test_within_side_omega_is_the_one_factor_models() -> None:
    """Three items of TPI-2's shared outcome load .9, .7 and .5 on one factor within each side,
    the two sides two points apart: omega within sides is the population's
    (Σλ)² / ((Σλ)² + Σ(1 − λ²)) = 4.41 / 5.86 = .753, above alpha (the loadings differ); a
    two-item construct has no omega."""
    from parity.core.instrument import shipped_instrument

    tpi2 = shipped_instrument("TPI-2")
    rng = np.random.default_rng(11)
    n = 2000
    loadings = np.array([0.9, 0.7, 0.5])
    factor = rng.normal(0, 1, (2 * n, 1))
    noise = rng.normal(0, 1, (2 * n, 3)) * np.sqrt(1 - loadings**2)
    out = 4 + factor * loadings + noise
    out[:n] += 2.0
    frame = pd.DataFrame(np.nan, index=range(2 * n), columns=list(tpi2.item_ids))
    frame[["OUT1", "OUT3"]] = out[:, :2]
    frame["OUT4"] = 8 - out[:, 2]  # reverse-keyed: stored as answered
    frame[["KNOW1", "KNOW2"]] = rng.normal(4, 1, (2 * n, 2))
    frame.insert(0, ABOUT, ["Sales"] * n + ["IT"] * n)
    frame.insert(0, PARTY, ["IT"] * n + ["Sales"] * n)
    frame.insert(0, RESPONDENT, [f"r{i}" for i in range(2 * n)])
    got = within_sides(frame, tpi2)
    expected = 2.1**2 / (2.1**2 + float(np.sum(1 - loadings**2)))
    assert got.loc["OUT", "omega"] == pytest.approx(expected, abs=0.02)
    assert got.loc["OUT", "omega"] > got.loc["OUT", "alpha"]
    assert np.isnan(got.loc["KNOW", "omega"])
