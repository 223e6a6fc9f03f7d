"""The JSON output carries the 95% intervals and what the rule names, beside the keys it had."""

from __future__ import annotations

import json

import pytest
from tests.support.builders import responses, side
from tests.unit.core.test_intervals import relationship

from parity.core.analysis import analyze
from parity.io.analysis_json import analysis_json, relationship_dict

EARLIER_KEYS = {
    "parties",
    "label",
    "scope",
    "archetype",
    "roles",
    "confidence",
    "partnering_index",
    "name_only",
    "declared_partner",
    "sides",
    "gaps",
    "power",
    "mutual_need",
    "parity",
    "reasons",
    "contradictions",
}
INTERVAL_KEYS = {
    "partnering_index_ci95",
    "gaps_ci95",
    "misreadings_ci95",
    "power_gap_ci95",
    "named",
}


def test_a_relationship_carries_its_intervals_and_what_is_named() -> None:
    result = relationship(40)
    out = relationship_dict(result)
    assert set(out) == EARLIER_KEYS | INTERVAL_KEYS
    low, high = result.intervals.gaps["VOI"]
    assert out["gaps_ci95"]["VOI"] == [round(low, 3), round(high, 3)]
    assert out["gaps_ci95"]["VOI"][0] <= out["gaps"]["VOI"] <= out["gaps_ci95"]["VOI"][1]
    index_low, index_high = out["partnering_index_ci95"]
    assert index_low <= out["partnering_index"] <= index_high
    assert set(out["misreadings_ci95"]) == {"Finance", "IT"}
    assert out["power_gap_ci95"][0] <= out["power"]["gap"] <= out["power_gap_ci95"][1]
    assert "VOI" in out["named"]["gaps"]
    assert out["named"]["misreadings"] == ["Finance"]
    for party, own in out["sides"].items():
        score_low, score_high = own["partnering_score_ci95"]
        assert score_low <= own["partnering_score"] <= score_high, party


def test_an_interval_resting_on_too_few_is_null_and_nothing_small_is_named() -> None:
    out = relationship_dict(relationship(3))
    assert out["partnering_index_ci95"] is None
    assert out["power_gap_ci95"] is None
    assert out["gaps_ci95"] == {}
    assert out["misreadings_ci95"] == {}
    assert "VOI" not in out["named"]["gaps"]
    assert all(side["partnering_score_ci95"] is None for side in out["sides"].values())


def test_an_unclassified_relationship_has_empty_intervals_and_the_file_parses() -> None:
    data = responses(side("Sales", "Acme", 2, {}), side("Acme", "Sales", 5, {}))
    analysis = analyze(data, min_respondents=3)
    parsed = json.loads(analysis_json(analysis))
    (only,) = parsed["relationships"]
    assert only["archetype"] == "insufficient_data"
    assert only["partnering_index_ci95"] is None
    assert only["power_gap_ci95"] is None
    assert only["gaps_ci95"] == {}
    assert only["named"] == {"gaps": [], "misreadings": []}
    shown = only["sides"]["Acme"]
    assert shown["shown"]
    assert shown["partnering_score_ci95"] is None
    assert "partnering_score_ci95" not in only["sides"]["Sales"]  # a hidden side has nothing


@pytest.mark.parametrize("n", [5, 12])
def test_the_json_intervals_are_the_results_rounded(n: int) -> None:
    result = relationship(n)
    out = relationship_dict(result)
    for code, (low, high) in result.intervals.gaps.items():
        assert out["gaps_ci95"][code] == [round(low, 3), round(high, 3)]
