"""The large-file paths of the analysis give the numbers of the plain ones: the bootstrap drawn
block by block, the side codes shared by the steps of one analysis, the chi-square tails taken
from ``scipy.special``, and the JSON written relationship by relationship."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from parity.core import analysis as engine
from parity.core import archetypes, dyads, intervals
from parity.core.analysis import analyze
from parity.core.cfa import _chi2_cdf, _chi2_sf
from parity.core.instrument import default_instrument
from parity.core.scoring import forget_scores, one_analysis, respondent_scores, side_codes
from parity.io.analysis_json import analysis_dict, analysis_json


def _many_relationships(parties: int = 5, per_side: int = 6, seed: int = 3) -> pd.DataFrame:
    """Every ordered pair of ``parties`` answered by ``per_side`` people, each side with its
    own levels, some answers skipped."""
    rng = np.random.default_rng(seed)
    items = list(default_instrument().item_ids)
    names = [f"Unit {i}" for i in range(parties)]
    rows = []
    for a in names:
        for b in names:
            if a == b:
                continue
            centre = rng.uniform(1.5, 6.5, size=len(items))
            for person in range(per_side):
                answers = np.clip(np.rint(centre + rng.normal(0, 1.0, len(items))), 1, 7)
                answers[rng.random(len(items)) < 0.05] = np.nan
                rows.append(
                    {"respondent": f"{a}-{b}-{person}", "party": a, "about": b}
                    | dict(zip(items, answers, strict=True))
                )
    return pd.DataFrame(rows)


def _figures(result: engine.Analysis) -> list[tuple[object, ...]]:
    return [
        (r.parties, r.archetype, r.confidence, r.intervals, r.power.get("holder"))
        for r in result.relationships
    ]


def test_the_bootstrap_drawn_in_blocks_gives_the_numbers_of_one_draw(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _many_relationships()
    whole = analyze(data)
    monkeypatch.setattr(engine, "BOOTSTRAP_BLOCK", 3)
    blocks = analyze(data)
    assert len(whole.relationships) == 10
    assert any(r.confidence is not None for r in whole.relationships)
    assert _figures(blocks) == _figures(whole)


def test_the_steps_of_one_analysis_share_the_side_codes_of_a_frame() -> None:
    data = _many_relationships(parties=3, per_side=2)
    with one_analysis():
        first, again = side_codes(data), side_codes(data)
        other = side_codes(data.copy())
    assert first is again
    assert other is not first
    np.testing.assert_array_equal(other[0], first[0])
    outside = side_codes(data)
    assert outside is not first  # nothing is kept once the analysis is over
    np.testing.assert_array_equal(outside[0], first[0])
    assert outside[1].equals(first[1])


@pytest.mark.parametrize("df", [1, 2, 5, 24])
@pytest.mark.parametrize("x", [-1.0, 0.0, 1e-9, 0.4, 3.0, 17.5, 250.0, math.nan])
def test_chi_square_tails_are_those_of_scipy_stats(x: float, df: int) -> None:
    for ours, theirs in ((_chi2_cdf, stats.chi2.cdf), (_chi2_sf, stats.chi2.sf)):
        expected = float(theirs(x, df))
        found = ours(x, df)
        assert found == expected or (math.isnan(found) and math.isnan(expected))


def test_the_json_written_line_by_line_is_the_analysis_dict() -> None:
    result = analyze(_many_relationships(parties=3))
    text = analysis_json(result)
    lines = text.splitlines()
    listed = lines.index('  "relationships": [')
    assert len(lines) - listed - 3 == len(result.relationships)  # one line each
    assert json.loads(text) == json.loads(json.dumps(analysis_dict(result)))


def _resampled_like(rows: int, seed: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Side means as the bootstrap draws them: every construct, some missing, some rows
    with a whole side missing."""
    rng = np.random.default_rng(seed)
    columns = [*default_instrument().construct_codes, "EXTRA"]
    a = rng.uniform(0, 100, (rows, len(columns)))
    b = rng.uniform(0, 100, (rows, len(columns)))
    a[rng.random(a.shape) < 0.08] = np.nan
    b[rng.random(b.shape) < 0.08] = np.nan
    a[:7] = np.nan
    return a, b, columns


def test_the_resampled_figures_are_those_of_dyad_metrics_to_the_last_bit() -> None:
    a, b, columns = _resampled_like(5_000, seed=11)
    gaps = [f"gap_{code}" for code in columns]
    found = intervals.resampled_figures(a, b, columns, gaps)
    expected = dyads.dyad_metrics(
        pd.DataFrame(a, columns=columns), pd.DataFrame(b, columns=columns)
    )
    assert set(found) == {*gaps, *intervals.FIGURES, "leverage_a", "leverage_b"} | {
        "direction_a",
        "direction_b",
    }
    for name, values in found.items():
        np.testing.assert_array_equal(values, expected[name].to_numpy(float), err_msg=name)


def test_the_resamples_are_classified_alike_in_any_number_of_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, b, _ = _resampled_like(3_000, seed=12)
    core = len(archetypes.CORE_CONSTRUCTS)
    whole = archetypes._best_variants(a[:, :core], b[:, :core])
    monkeypatch.setattr(archetypes, "VARIANT_ROWS", 7)
    assert np.array_equal(archetypes._best_variants(a[:, :core], b[:, :core]), whole)
    # What fitted_distances gives, one prototype at a time (rows 0-6 have no side A).
    observed = np.hstack([a[:, :core], b[:, :core]])
    one_by_one = np.column_stack(
        [
            archetypes.fitted_distances(observed, *archetypes._prototype_arrays(p))[0]
            for p in archetypes.PROTOTYPES
        ]
    )
    nearest = np.argmin(np.where(np.isnan(one_by_one), np.inf, one_by_one), axis=1)
    assert np.array_equal(whole[7:], nearest[7:])


def test_rows_read_a_column_at_a_time_are_those_of_to_dict() -> None:
    frame = pd.DataFrame(
        {
            "x": [1.5, np.nan, 3.0],
            "name": ["a", "", "c"],
            "flag": [True, False, True],
            "n": [1, 2, 3],
        },
        index=pd.MultiIndex.from_tuples([("p", "q"), ("p", "r"), ("q", "r")]),
    )
    found = engine._by_row(frame)
    expected = frame.to_dict(orient="index")
    assert list(found) == list(expected)
    for key, row in expected.items():
        assert list(found[key]) == list(row)
        for column, value in row.items():
            mine = found[key][column]
            assert type(mine) is type(value)
            assert mine == value or (mine != mine and value != value)
    assert engine._by_row(frame[[]]) == {key: {} for key in frame.index}


def test_the_scores_of_a_frame_are_computed_once_per_analysis() -> None:
    data = _many_relationships(parties=3, per_side=2)
    instrument = default_instrument()
    with one_analysis():
        first = respondent_scores(data, instrument)
        assert respondent_scores(data, instrument) is first
        other = respondent_scores(data.copy(), instrument)
        assert other is not first
        pd.testing.assert_frame_equal(other, first)
    outside = respondent_scores(data, instrument)
    assert outside is not first
    pd.testing.assert_frame_equal(outside, first)
    with one_analysis():
        first = respondent_scores(data, instrument)
        forget_scores(data)
        again = respondent_scores(data, instrument)
        assert again is not first
        assert respondent_scores(data, instrument) is again
        pd.testing.assert_frame_equal(again, first)
