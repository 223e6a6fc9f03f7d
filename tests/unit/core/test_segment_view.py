"""The segment tables every page draws (docs/method.md §2b): the disclosed segments laid out,
nothing recomputed and nothing the gate removed."""

from __future__ import annotations

from tests.support.segments import ADMINISTRATORS, ALIKE, PARTNERS, hr_side

from parity.core.analysis import analyze
from parity.core.disclosure import Thresholds
from parity.core.presentation import RelationshipView, relationship_view
from parity.core.segment_view import SideSegmentsView
from parity.core.segments import split_sentences

DEFAULT = Thresholds()


def _view(thresholds: Thresholds = DEFAULT, *frame_args: tuple[int, ...]) -> RelationshipView:
    (result,) = analyze(hr_side(*frame_args)).relationships
    return relationship_view(result, thresholds)


def _hr(view: RelationshipView) -> SideSegmentsView:
    return next(s for s in view.segments if s.party == "HR")


def test_a_split_side_has_a_table_per_attribute_and_the_engines_sentence() -> None:
    view = _view()
    hr = _hr(view)
    assert (hr.party, hr.respondents, hr.split) == ("HR", len(PARTNERS) + len(ADMINISTRATORS), True)
    side = next(s for s in view.result.sides if s.party == "HR")
    assert hr.splits == split_sentences("HR", side.segments, view.constructs)
    assert view.splits == hr.splits  # Sales, all of one role, shows none and is not split
    (table,) = hr.tables
    assert side.segments is not None
    found = side.segments.of("role")
    assert found is not None
    assert table.columns == tuple((s.value, s.respondents) for s in found.segments)
    assert table.split == hr.splits[0]
    for row in table.rows:
        assert row.side == side.scores[row.code]
        assert row.segments == tuple(s.scores[row.code] for s in found.segments)
        assert row.name == view.constructs[row.code].name


def test_a_homogeneous_side_has_its_tables_and_no_split() -> None:
    hr = _hr(_view(DEFAULT, *ALIKE))
    assert hr.tables
    assert not hr.split
    assert hr.splits == ()


def test_a_stricter_view_lists_the_attribute_as_withheld_and_draws_no_table() -> None:
    """Seven administrators: under a threshold of 8 the role is the gate's to withhold."""
    hr = _hr(_view(Thresholds(score=8)))
    assert hr.tables == ()
    assert hr.withheld == ("role",)
    assert not hr.split


def test_a_hidden_side_has_no_segments() -> None:
    """Eight of Sales are below a threshold of 9: the side, and its segments, are hidden."""
    view = _view(Thresholds(score=9, text=9))
    assert all(s.party != "Sales" for s in view.segments)
