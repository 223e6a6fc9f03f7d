"""95% intervals from the archetype's resamples, and the one rule that names a gap (method §4a).

The sides here are made by hand: respondents who answer voice (and, on one side, their guess of
the other's need; on the other, their own need) far apart, in proportions that give the same
33-point gap whatever the number of respondents, so only ``n`` changes between the analyses.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pytest
from tests.support.builders import answers_for, moved, responses, side

from parity.core import dyads, policy
from parity.core.analysis import RelationshipResult, analyze
from parity.core.archetypes import BOOTSTRAP_RESAMPLES, resampled_means
from parity.core.coaching import coach
from parity.core.coaching.findings import side_findings
from parity.core.disclosure import Thresholds, disclose
from parity.core.instrument import CORE_CONSTRUCTS, default_instrument
from parity.core.intervals import NO_INTERVALS, percentile_bounds
from parity.core.reasons import Side, reasons
from parity.core.schema import ABOUT, PARTY
from parity.core.scoring import respondent_scores

HIGH, LOW = (7.0, 7.0, 1.0), (1.0, 1.0, 7.0)  # means 5 and 3 on the answer scale: 66.7 and 33.3


def tiled(pattern: Sequence[float], n: int) -> list[float]:
    """``n`` answers in the proportions of ``pattern`` (two of one, one of the other), their mean
    exactly the pattern's: 40 is 26 + 13 and one answer at the pattern's mean."""
    whole, rest = divmod(n, len(pattern))
    out = list(pattern) * whole
    return out + [sum(pattern) / len(pattern)] * rest


def noisy(party: str, about: str, levels: dict[str, Sequence[float]]) -> pd.DataFrame:
    """A side whose respondent ``k`` answers construct ``c`` at ``levels[c][k]`` (1-7) and every
    other construct at the middle; no two respondents answer every item alike."""
    n = len(next(iter(levels.values())))
    rows = [moved(answers_for({c: v[k] for c, v in levels.items()}), k + 1) for k in range(n)]
    return side(party, about, rows)


def relationship(n: int) -> RelationshipResult:
    """Finance says much voice and believes IT needs it much; IT says little voice and little
    need of Finance, both in the noisy proportions of :data:`HIGH` and :data:`LOW`."""
    data = responses(
        noisy("Finance", "IT", {"VOI": tiled(HIGH, n), "ONEED": tiled(HIGH, n)}),
        noisy("IT", "Finance", {"VOI": tiled(LOW, n), "NEED": tiled(LOW, n)}),
    )
    (result,) = analyze(data, min_respondents=3).relationships
    assert result.sides[0].respondents == result.sides[1].respondents == n
    return result


def test_a_large_noisy_gap_is_named_with_forty_a_side_not_with_three() -> None:
    few, many = relationship(3), relationship(40)
    for result in (few, many):
        assert result.gaps["VOI"] == pytest.approx(100 / 3)
        assert result.mutual_need["misreading"]["Finance"] == pytest.approx(100 / 3)
    # Three a side: a third of the resamples give no gap or the other way round.
    assert "VOI" not in few.intervals.named_gaps
    assert "Finance" not in few.intervals.named_misreadings
    # Forty a side, the same answers in the same proportions: the gap is clear.
    assert "VOI" in many.intervals.named_gaps
    assert "Finance" in many.intervals.named_misreadings
    low, high = many.intervals.gaps["VOI"]
    assert 0 < low < 100 / 3 < high


def test_the_reasons_and_the_coaching_read_the_same_rule() -> None:
    few, many = relationship(3), relationship(40)
    sentence = "Finance believes IT needs it"
    assert not any(sentence in r for r in few.reasons)
    assert any(sentence in r for r in many.reasons)
    it = 1  # IT has less voice: the prompt that fires from its side
    assert side_findings(few, it)["voice_gap_named"] is False
    assert side_findings(many, it)["voice_gap_named"] is True
    assert side_findings(many, 0)["misreading_named"] is True
    assert side_findings(many, it)["other_misreading_named"] is True
    assert "less_voice" not in {p.key for p in coach(few).prompts}
    assert "less_voice" in {p.key for p in coach(many).prompts}
    assert "overestimates_need" in {p.key for p in coach(many).prompts}


def test_intervals_narrow_as_more_answer_and_contain_the_figure() -> None:
    results = [relationship(n) for n in (6, 12, 24, 48)]
    for figure in ("gap", "misreading", "own", "index"):
        widths = []
        for result in results:
            value, (low, high) = _figure(result, figure)
            assert low <= value <= high, figure
            widths.append(high - low)
        assert widths == sorted(widths, reverse=True), (figure, widths)
        assert widths[-1] < widths[0]
    # A mean's spread falls as 1/sqrt(n): eight times the respondents, about 2.8 times narrower.
    gap_widths = [np.subtract(*reversed(r.intervals.gaps["VOI"])) for r in results]
    assert 2.0 < gap_widths[0] / gap_widths[-1] < 4.0


def _figure(result: RelationshipResult, figure: str) -> tuple[float, tuple[float, float]]:
    found = result.intervals
    if figure == "gap":
        return result.gaps["VOI"], found.gaps["VOI"]
    if figure == "misreading":
        return result.mutual_need["misreading"]["Finance"], found.misreadings["Finance"]
    if figure == "own":
        own = result.sides[1]
        assert own.partnering_score is not None
        assert own.partnering_interval is not None
        return own.partnering_score, own.partnering_interval
    assert result.partnering_index is not None
    assert found.partnering_index is not None
    return result.partnering_index, found.partnering_index


def test_every_relationship_gets_the_percentiles_of_its_own_resamples() -> None:
    """The intervals rebuilt outside the engine: each side's resampled means
    (:func:`resampled_means`, the same seeded draws as the confidence) and the gap's
    percentiles, for three relationships analysed together."""
    rng = np.random.default_rng(3)
    frames = []
    for first, second, n in (("A", "B", 7), ("A", "C", 11), ("B", "C", 9)):
        for party, about in ((first, second), (second, first)):
            levels = {c: list(rng.integers(1, 8, n).astype(float)) for c in CORE_CONSTRUCTS}
            frames.append(noisy(party, about, levels))
    data = responses(*frames)
    analysis = analyze(data, keep_flagged=True)  # every respondent, as below
    scores = respondent_scores(data, default_instrument())[list(CORE_CONSTRUCTS)]
    for result in analysis.relationships:
        pa, pb = result.parties
        draws = [
            resampled_means(scores[(data[PARTY] == p) & (data[ABOUT] == q)].to_numpy(float))
            for p, q in ((pa, pb), (pb, pa))
        ]
        for j, code in enumerate(CORE_CONSTRUCTS):
            expected = np.percentile(draws[0][:, j] - draws[1][:, j], [2.5, 97.5])
            assert result.intervals.gaps[code] == pytest.approx(tuple(expected)), code
        oneed, need = CORE_CONSTRUCTS.index("ONEED"), CORE_CONSTRUCTS.index("NEED")
        expected = np.percentile(draws[0][:, oneed] - draws[1][:, need], [2.5, 97.5])
        assert result.intervals.misreadings[pa] == pytest.approx(tuple(expected))


def test_percentile_bounds_are_numpys_percentiles_row_by_row() -> None:
    rng = np.random.default_rng(5)
    values = rng.normal(size=(40, BOOTSTRAP_RESAMPLES))
    values[rng.random(values.shape) < 0.1] = np.nan
    values[3] = np.nan  # a row without a number
    values[4, 1:] = np.nan  # a row with one
    found = percentile_bounds(values)
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):
        expected = np.nanpercentile(values, [2.5, 97.5], axis=1).T
    np.testing.assert_allclose(found, expected)


def test_the_rule_needs_the_size_and_an_interval_clear_of_zero() -> None:
    values = np.array([16.0, 16.0, 14.0, -16.0, -16.0, np.nan, 20.0])
    low = np.array([1.0, -2.0, 5.0, -30.0, -30.0, 1.0, np.nan])
    high = np.array([30.0, 30.0, 20.0, -1.0, 0.0, 30.0, 40.0])
    named = dyads.named(values, low, high, dyads.NOTABLE_GAP)
    assert named.tolist() == [True, False, False, True, False, False, False]


def test_a_power_gap_whose_interval_reaches_zero_leaves_power_balanced() -> None:
    metrics = pd.DataFrame(
        {"power_holder": ["a", "b", "a"], "power_basis": ["direction", "alternatives", "x"]}
    ).assign(power_gap=[20.0, 40.0, 20.0])
    low, high = pd.Series([-1.0, 10.0, 2.0]), pd.Series([35.0, 60.0, 30.0])
    found = dyads.named_power(metrics, low, high)
    assert found["power_holder"].tolist() == ["", "b", "a"]
    assert found["power_basis"].tolist() == ["", "alternatives", "x"]


def test_a_customer_suppliers_gaps_are_reasons_only_when_named() -> None:
    levels = dict.fromkeys(CORE_CONSTRUCTS, 50.0)
    customer = {**levels, "ALT": 80.0, "NEED": 30.0}
    supplier = {**levels, "ALT": 20.0, "NEED": 90.0}
    roles = ("customer", "supplier")
    named = frozenset({"ALT", "NEED"})
    told = reasons(
        "customer_supplier",
        (Side("Sales", customer, 9, named_gaps=named), Side("Acme", supplier, 9, named_gaps=named)),
        roles,
    )
    untold = reasons(
        "customer_supplier", (Side("Sales", customer, 9), Side("Acme", supplier, 9)), roles
    )
    assert told[0].startswith("Sales could easily go elsewhere (alternatives 80/100)")
    assert told[1].startswith("Acme needs Sales (need 90/100) far more")
    assert not any("go elsewhere" in r or "far more" in r for r in untold)


def test_intervals_resting_on_fewer_than_five_are_not_shown_but_still_decide() -> None:
    few = relationship(4)
    assert policy.MIN_INTERVAL_RESPONDENTS == 5
    assert few.intervals.gaps == {}
    assert few.intervals.misreadings == {}
    assert few.intervals.partnering_index is None
    assert few.intervals.power_gap is None
    assert all(s.partnering_interval is None for s in few.sides)
    # The rule still ran on them: the misread need of four a side is not clear either.
    assert "Finance" not in few.intervals.named_misreadings
    enough = relationship(5)
    assert set(enough.intervals.gaps) == set(CORE_CONSTRUCTS)
    assert all(s.partnering_interval is not None for s in enough.sides)


def test_a_relationship_shown_as_too_few_answers_keeps_no_interval() -> None:
    result = relationship(6)
    hidden = disclose(result, Thresholds(score=7, text=7))
    assert hidden.archetype == "insufficient_data"
    assert hidden.intervals == NO_INTERVALS
    assert all(s.partnering_interval is None for s in hidden.sides)
    assert disclose(result, Thresholds(score=5, text=7)).intervals == result.intervals
