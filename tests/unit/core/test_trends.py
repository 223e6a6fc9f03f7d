"""Internal against external, and each relationship across rounds with its early warnings."""

from __future__ import annotations

import pytest

from parity.core.analysis import Analysis, RelationshipResult, SideResult
from parity.core.archetypes import INSUFFICIENT
from parity.core.trends import (
    CLEAR_DIFFERENCE,
    WARNING_GROWTH,
    asymmetry_parts,
    by_wave,
    compare_scopes,
    point,
    trends,
)
from parity.demo.company import CURRENT_WAVE, PILOT_WAVE


def rel(
    a: str,
    b: str,
    archetype: str = "developing",
    index: float | None = 50.0,
    *,
    scope: str | None = "internal",
    gap: float = 0.0,
    power: float = 0.0,
    wave: str | None = None,
    name_only: bool = False,
) -> RelationshipResult:
    """A relationship whose stake, need, value and voice differ by ``gap`` between the sides
    and whose direction differs by ``power`` (leverage equal): its asymmetry is
    (4 × |gap| + |power|) / 6."""
    parties = (min(a, b), max(a, b))
    insufficient = archetype == INSUFFICIENT
    return RelationshipResult(
        parties=parties,
        wave=wave,
        label=None,
        scope=scope,
        archetype=archetype,
        roles={},
        confidence=None if insufficient else 0.8,
        partnering_index=None if insufficient else index,
        name_only=name_only,
        sides=(
            SideResult(parties[0], parties[1], 5, shown=not insufficient),
            SideResult(parties[1], parties[0], 5, shown=True),
        ),
        gaps={} if insufficient else dict.fromkeys(("STK", "NEED", "VAL", "VOI", "OUT"), gap),
        power={}
        if insufficient
        else {
            "leverage": {parties[0]: 40.0, parties[1]: 40.0},
            "direction": {parties[0]: 50.0 + power, parties[1]: 50.0},
        },
        mutual_need={},
        parity={},
        reasons=(),
    )


# --- Internal against external -----------------------------------------------------------------


def test_partnering_easier_inside_is_said_so() -> None:
    rels = [
        rel("A", "B", "partnership", 80.0),
        rel("B", "C", "developing", 60.0),
        rel("A", "X", "customer_supplier", 40.0, scope="external"),
        rel("B", "Y", "adversarial", 30.0, scope="external"),
        rel("C", "Z", INSUFFICIENT, scope="external"),
    ]
    comparison = compare_scopes(rels)
    assert comparison is not None
    assert comparison.verdict == "easier_inside"
    assert comparison.difference == pytest.approx(35.0)
    assert comparison.internal.mean_index == pytest.approx(70.0)
    assert comparison.external.relationships == 3
    assert comparison.external.classified == 2
    assert comparison.internal.partnering_share == 1.0
    assert comparison.sentence.startswith("Yes: partnering is easier inside this organization")
    assert "internal: mean index 70, 2 of 2 partnering" in comparison.sentence


def test_the_opposite_and_no_clear_difference() -> None:
    outside_better = [
        rel("A", "B", "detached", 20.0),
        rel("B", "C", "adversarial", 30.0),
        rel("A", "X", "partnership", 80.0, scope="external"),
        rel("B", "Y", "partnership", 70.0, scope="external"),
    ]
    comparison = compare_scopes(outside_better)
    assert comparison is not None
    assert comparison.verdict == "easier_outside"
    assert comparison.sentence.startswith("No: here the relationships with outside firms")
    close = [
        rel("A", "B", index=50.0),
        rel("B", "C", index=50.0),
        rel("A", "X", index=50.0 + CLEAR_DIFFERENCE - 0.5, scope="external"),
        rel("B", "Y", index=50.0 + CLEAR_DIFFERENCE - 0.5, scope="external"),
    ]
    comparison = compare_scopes(close)
    assert comparison is not None
    assert comparison.verdict == "no_clear_difference"
    assert comparison.sentence.startswith("Not clearly")


def test_too_few_or_no_scopes() -> None:
    one_outside = [rel("A", "B"), rel("B", "C"), rel("A", "X", scope="external")]
    comparison = compare_scopes(one_outside)
    assert comparison is not None
    assert comparison.verdict == "too_few"
    assert comparison.sentence.startswith("Too few classified relationships")
    assert compare_scopes([rel("A", "B", scope=None)]) is None


# --- Trends and early warnings -------------------------------------------------------------------


def test_asymmetry_parts_follow_the_method() -> None:
    parts = asymmetry_parts(rel("A", "B", gap=-12.0, power=30.0))
    assert parts == {
        "STK": 12.0,
        "NEED": 12.0,
        "VAL": 12.0,
        "VOI": 12.0,
        "leverage": 0.0,
        "direction": 30.0,
    }
    assert point("r", rel("A", "B", gap=-12.0, power=30.0)).asymmetry == pytest.approx(78 / 6)
    assert asymmetry_parts(rel("A", "B", INSUFFICIENT)) is None


def test_asymmetry_is_the_engines(demo_analysis: Analysis) -> None:
    analysis = demo_analysis
    for result in analysis.relationships:
        p = point("now", result)
        if p.asymmetry is None:
            assert result.archetype == INSUFFICIENT
            continue
        assert p.asymmetry == pytest.approx(analysis.dyads.loc[result.parties, "asymmetry"])


def test_growing_asymmetry_raises_an_early_warning() -> None:
    rounds = [
        ("spring", [rel("IT", "Sales", index=55.0), rel("HR", "Ops", index=40.0)]),
        (
            "autumn",
            [
                rel("IT", "Sales", "master_servant", 35.0, gap=10.0, power=60.0),
                rel("HR", "Ops", index=52.0, gap=5.0),
            ],
        ),
    ]
    found = trends(rounds)
    assert found is not None
    assert found.rounds == ("spring", "autumn")
    (warning,) = found.warnings
    assert warning.parties == ("IT", "Sales")
    assert warning.growth == pytest.approx(100 / 6)
    assert warning.driver == "direction"
    assert warning.sentence.startswith(
        "Early warning, IT – Sales: the asymmetry grew from 0 to 17 points between spring and "
        "autumn, most in power through direction (0 → 60); the partnering index went from 55 "
        "to 35, and it now reads as master–servant."
    )
    changes = {t.parties: t.index_change for t in found.relationships}
    assert changes == {("HR", "Ops"): pytest.approx(12.0), ("IT", "Sales"): pytest.approx(-20.0)}
    assert "2 relationships have a partnering index in more than one round" in found.sentences[0]
    assert "1 rose and 1 fell" in found.sentences[0]


def test_growth_just_under_the_line_is_no_warning() -> None:
    just_under = 6 * (WARNING_GROWTH - 0.1)
    rounds = [("one", [rel("A", "B")]), ("two", [rel("A", "B", power=just_under)])]
    found = trends(rounds)
    assert found is not None
    assert found.warnings == ()
    assert found.sentences[1].startswith("No early warning")


def test_warnings_compare_consecutive_rounds_only() -> None:
    rounds = [
        ("1", [rel("A", "B", power=0.0)]),
        ("2", [rel("A", "B", power=66.0)]),
        ("3", [rel("A", "B", power=72.0)]),
    ]
    found = trends(rounds)
    assert found is not None
    assert [(w.before.round, w.after.round) for w in found.warnings] == [("1", "2")]


def test_a_relationship_without_scores_in_a_round_is_skipped() -> None:
    rounds = [("1", [rel("A", "B", INSUFFICIENT)]), ("2", [rel("A", "B", power=90.0)])]
    found = trends(rounds)
    assert found is not None
    assert found.warnings == ()
    assert found.relationships[0].index_change is None


def test_one_round_has_no_trend() -> None:
    assert trends([("only", [rel("A", "B")])]) is None
    assert trends([]) is None


def test_waves_of_one_analysis_in_order() -> None:
    rels = [
        rel("A", "B", wave="2026-1"),
        rel("A", "B", wave="2025-2"),
        rel("B", "C", wave="2025-2"),
    ]
    waves = by_wave(rels)
    assert [w for w, _ in waves] == ["2025-2", "2026-1"]
    assert [len(r) for _, r in waves] == [2, 1]


def test_the_demo_warns_about_the_two_relationships_built_to_drift(
    demo_history_analysis: Analysis,
) -> None:
    found = trends(by_wave(demo_history_analysis.relationships))
    assert found is not None
    assert found.rounds == (PILOT_WAVE, CURRENT_WAVE)
    assert {w.parties for w in found.warnings} == {("IT", "Sales"), ("Legal", "Procurement")}
    moved = {t.parties: t.points[-1].archetype for t in found.relationships}
    assert moved[("HR", "Operations")] == "developing"
