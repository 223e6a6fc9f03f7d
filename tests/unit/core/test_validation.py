"""The instrument as a CFA of Parity's answers (``parity.core.validation``): which constructs
are factors, who is counted, which groups are compared, and the sentences that say so."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from parity.core.instrument import default_instrument
from parity.core.screen import flagged, screen
from parity.core.validation import (
    Validation,
    ValidationError,
    construct_model,
    decimals,
    minimum_group_size,
    validate,
)
from parity.demo import DemoDataset

TPI = default_instrument()
FOUR = ["OUT", "COM", "VAL", "VOI"]


@pytest.fixture(scope="module")
def demo_validation(demo_data: DemoDataset) -> Validation:
    return validate(demo_data.responses, TPI)


def test_single_item_constructs_are_left_out_with_a_sentence(demo_validation: Validation) -> None:
    model, single = construct_model(TPI)
    assert single == ("ONEED",)
    assert "ONEED" not in model.factor_names
    assert len(model.items) == len(TPI.items) - 1
    assert demo_validation.left_out == ("ONEED",)
    assert any("ONEED1" in note and "left out" in note for note in demo_validation.notes)


def test_listwise_deletion_is_counted(demo_data: DemoDataset, demo_validation: Validation) -> None:
    """After the screen has left out the demo's six careless respondents (method.md §2a)."""
    items = [i for i in TPI.item_ids if i != "ONEED1"]
    screened = demo_data.responses[~flagged(screen(demo_data.responses, TPI)).to_numpy()]
    assert len(screened) == len(demo_data.responses) - 6
    complete = int(screened[items].notna().all(axis=1).sum())
    assert demo_validation.used == complete
    assert demo_validation.dropped == len(screened) - complete
    assert demo_validation.result.n == (complete,)
    assert any(f"{complete} of {len(screened)}" in note for note in demo_validation.notes)
    assert any("6 respondents flagged by the respondent screen" in n for n in demo_validation.notes)


def test_reverse_keyed_items_load_positively(demo_validation: Validation) -> None:
    assert demo_validation.reversed_items == ("TRS3",)
    (trs3,) = [e for e in demo_validation.result.loadings() if e.rhs == "TRS3"]
    assert trs3.std > 0.5


def test_the_summary_states_the_fit_with_its_indices(demo_validation: Validation) -> None:
    fit = demo_validation.result.fit
    assert demo_validation.summary[0].startswith(f"χ² = {fit.chisq:.1f} on {fit.df} df")
    assert f"CFI {decimals(fit.cfi)}" in demo_validation.summary[0]
    assert "McDonald's omega" in demo_validation.summary[1]


def test_too_few_respondents_for_the_parameters_is_a_sentence(demo_data: DemoDataset) -> None:
    few = demo_data.responses.dropna(subset=list(TPI.item_ids)).head(60)
    with pytest.raises(ValidationError, match=r"101 free parameters but only 60 complete"):
        validate(few, TPI)


def test_unknown_and_unfittable_constructs_are_refused() -> None:
    with pytest.raises(ValidationError, match="XYZ: not a construct of TPI-1"):
        construct_model(TPI, ["OUT", "XYZ"])
    with pytest.raises(ValidationError, match="two items or more"):
        construct_model(TPI, ["ONEED"])


# ----------------------------------------------------------------------------------------------
# Groups
# ----------------------------------------------------------------------------------------------


def test_the_two_largest_groups_are_compared_by_default(demo_data: DemoDataset) -> None:
    responses = demo_data.responses
    result = validate(responses, TPI, constructs=FOUR, by=responses["party"])
    assert result.comparison is not None
    items = [i.id for c in FOUR for i in TPI.items_of(c)]
    complete = responses[responses[items].notna().all(axis=1)]
    largest = complete["party"].value_counts().sort_values(ascending=False)
    assert set(result.comparison.invariance.groups) == set(largest.index[:2])
    assert result.comparison.invariance.n == tuple(largest.iloc[:2])
    levels = [s.level for s in result.comparison.invariance.steps]
    assert levels == ["configural", "metric", "scalar"]
    assert "Equal loadings" in result.comparison.sentences[1]


def test_a_small_group_is_refused_by_name(demo_data: DemoDataset) -> None:
    responses = demo_data.responses
    model, _ = construct_model(TPI, FOUR)
    least = minimum_group_size(model)
    assert least == len(model.items) + 1
    with pytest.raises(ValidationError, match=r'"Copper Kite Agency" \(\d+\): a group needs'):
        validate(
            responses,
            TPI,
            constructs=FOUR,
            by=responses["party"],
            groups=["HR", "Copper Kite Agency"],
        )


def test_unknown_groups_and_a_single_group_are_refused(demo_data: DemoDataset) -> None:
    responses = demo_data.responses
    with pytest.raises(
        ValidationError, match='No complete respondent has "Nope" in column "party"'
    ):
        validate(responses, TPI, constructs=FOUR, by=responses["party"], groups=["HR", "Nope"])
    with pytest.raises(ValidationError, match="fewer than two groups"):
        validate(responses, TPI, constructs=FOUR, by=responses["party"], groups=["HR", "HR"])
    one = pd.Series("all", index=responses.index, name="site")
    with pytest.raises(ValidationError, match='Column "site" gives fewer than two groups'):
        validate(responses, TPI, constructs=FOUR, by=one)


def test_the_whole_model_in_two_parties_is_refused_for_its_parameters(
    demo_data: DemoDataset,
) -> None:
    responses = demo_data.responses
    with pytest.raises(ValidationError, match="248 free parameters"):
        validate(responses, TPI, by=responses["party"])


def test_respondents_without_a_group_are_counted_not_compared(demo_data: DemoDataset) -> None:
    responses = demo_data.responses
    rng = np.random.default_rng(0)
    site = pd.Series(rng.choice(["North", "South", " "], size=len(responses)), name="site")
    result = validate(responses, TPI, constructs=FOUR, by=site.set_axis(responses.index))
    assert result.comparison is not None
    compared = sum(result.comparison.invariance.n) + result.comparison.ungrouped
    assert compared == result.used
    assert result.comparison.ungrouped > 0


def test_invariance_sentences_follow_the_tests(demo_data: DemoDataset) -> None:
    """A difference built into one group's loadings is found and said in words."""
    responses = demo_data.responses.copy()
    marketing = responses["party"] == "Marketing"
    responses.loc[marketing, "COM2"] = 8.0 - responses.loc[marketing, "COM2"]  # read backwards
    result = validate(
        responses, TPI, constructs=FOUR, by=responses["party"], groups=["Marketing", "Finance"]
    )
    assert result.comparison is not None
    metric = result.comparison.invariance.steps[1]
    assert metric.p_value is not None
    assert metric.p_value < 0.05
    assert result.comparison.sentences[1].startswith("Equal loadings are rejected")


def _two_sides_one_structure(n: int = 200, seed: int = 5) -> pd.DataFrame:
    """Within each side, OUT (two items) and TRS (three) are two factors correlated 0.3;
    side IT answers everything 2 points higher than Sales."""
    from parity.core.schema import ABOUT, PARTY, RESPONDENT

    tpi1 = default_instrument
    rng = np.random.default_rng(seed)
    items = list(tpi1().item_ids)
    factors = rng.multivariate_normal([0, 0], [[1, 0.3], [0.3, 1]], size=2 * n)
    answers = rng.normal(4.0, 1.0, (2 * n, len(items)))
    for code, column in (("OUT", 0), ("TRS", 1)):
        for item in tpi1().items_of(code):
            answers[:, items.index(item.id)] = 4.0 + factors[:, column] + rng.normal(0, 0.7, 2 * n)
    answers[:n] += 2.0  # the sides differ in level, as two sides of a relationship do
    reverse = items.index("TRS3")
    answers[:, reverse] = 8.0 - answers[:, reverse]
    frame = pd.DataFrame(answers, columns=items)
    frame.insert(0, ABOUT, ["Sales"] * n + ["IT"] * n)
    frame.insert(0, PARTY, ["IT"] * n + ["Sales"] * n)
    frame.insert(0, RESPONDENT, [f"r{i}" for i in range(2 * n)])
    return frame


def test_within_sides_a_difference_between_sides_does_not_pass_for_a_shared_factor() -> None:
    tpi1 = default_instrument
    frame = _two_sides_one_structure()

    def correlation(result: Validation) -> float:
        (found,) = [
            e.std
            for e in result.result.estimates
            if e.op == "~~" and {e.lhs, e.rhs} == {"OUT", "TRS"}
        ]
        return found

    # Every item of one side sits near 6, so the screen would read it as agreeing with
    # everything; the test is about the covariance, not the screen.
    pooled = validate(frame, tpi1(), constructs=["OUT", "TRS"], keep_flagged=True)
    within = validate(
        frame, tpi1(), constructs=["OUT", "TRS"], within_sides=True, keep_flagged=True
    )
    assert correlation(pooled) > 0.6  # the sides' difference looks like one shared factor
    assert correlation(within) == pytest.approx(0.3, abs=0.12)
    assert within.result.n == (400 - 2,)  # N − G: one degree of freedom per side's means
    assert "within sides" in within.notes[0]
    assert "sides pooled" in pooled.notes[0]
