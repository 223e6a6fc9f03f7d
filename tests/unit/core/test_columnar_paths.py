"""The large-file paths of the analysis give the numbers of the plain ones: the bootstrap drawn
block by block, the side codes shared by the steps of one analysis, the chi-square tails taken
from ``scipy.special``, and the JSON written relationship by relationship."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import weakref

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from parity.core import analysis as engine
from parity.core import archetypes, dyads, intervals
from parity.core.analysis import analyze
from parity.core.cfa import _chi2_cdf, _chi2_sf
from parity.core.instrument import Instrument, default_instrument, shipped_instrument
from parity.core.reliability import within_sides
from parity.core.scoring import (
    forget_frames,
    forget_scores,
    keyed_answers,
    keyed_array,
    one_analysis,
    respondent_scores,
    side_codes,
    to_percent,
)
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


def _answers(instrument: Instrument, rows: list[list[float]], sides: int) -> pd.DataFrame:
    """``rows`` of answers (one per item, NaN where skipped) in ``sides`` sides."""
    items = list(instrument.item_ids)
    frame = pd.DataFrame([(row * len(items))[: len(items)] for row in rows], columns=items)
    parties = [f"Unit {i % sides}" for i in range(len(rows))]
    frame.insert(0, "about", [f"Other {i % sides}" for i in range(len(rows))])
    frame.insert(0, "party", parties)
    frame.insert(0, "respondent", [f"R{i}" for i in range(len(rows))])
    return frame


ANSWER = st.one_of(st.just(math.nan), st.integers(1, 7).map(float), st.floats(1, 7))


def _keyed_by_formula(frame: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """The keying rules written out on a frame, as the engine once keyed its answers: an
    independent reference for the one array the engine keys in place."""
    answers = frame.loc[:, list(instrument.item_ids)].astype("float64")
    low, high = instrument.scale_min, instrument.scale_max
    middle = (low + high) / 2.0
    reverse = list(instrument.reverse_item_ids)
    if reverse:
        answers[reverse] = low + high - answers[reverse]
    balance = list(instrument.items_scored("balance"))
    if balance:
        answers[balance] = high - 2.0 * (answers[balance] - middle).abs()
    not_less = list(instrument.items_scored("not_less"))
    if not_less:
        answers[not_less] = low + 2.0 * (answers[not_less].clip(upper=middle) - low)
    return answers


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["TPI-1", "TPI-2"]),
    st.lists(st.lists(ANSWER, min_size=1, max_size=9), min_size=1, max_size=12),
)
def test_the_keyed_array_follows_the_keying_rules_to_the_last_bit(
    name: str, rows: list[list[float]]
) -> None:
    """Every step that reads the keyed answers keys them in one array, in place; the rules
    written out on a frame (reverse, balance, not_less) are the reference, bit for bit, for
    every item and for a construct's items alone."""
    instrument = shipped_instrument(name)
    frame = _answers(instrument, rows, sides=2)
    expected = _keyed_by_formula(frame, instrument).to_numpy()
    got = keyed_array(frame, instrument)
    assert got.shape == expected.shape
    assert np.ascontiguousarray(got).tobytes() == np.ascontiguousarray(expected).tobytes()
    as_frame = keyed_answers(frame, instrument).to_numpy()
    assert np.ascontiguousarray(as_frame).tobytes() == np.ascontiguousarray(got).tobytes()
    for code in instrument.construct_codes:
        items = [item.id for item in instrument.items_of(code)]
        part = _keyed_by_formula(frame, instrument)[items].to_numpy()
        alone = keyed_array(frame, instrument, items)
        assert np.ascontiguousarray(alone).tobytes() == np.ascontiguousarray(part).tobytes()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(ANSWER, min_size=1, max_size=9), min_size=1, max_size=12))
def test_the_scores_keyed_in_place_are_those_of_the_keyed_frame(rows: list[list[float]]) -> None:
    instrument = shipped_instrument("TPI-2")
    frame = _answers(instrument, rows, sides=3)
    percent = to_percent(_keyed_by_formula(frame, instrument), instrument)
    expected = pd.DataFrame(
        {
            code: percent[[item.id for item in instrument.items_of(code)]].mean(axis=1)
            for code in instrument.construct_codes
            if instrument.items_of(code)
        }
    )
    pd.testing.assert_frame_equal(respondent_scores(frame, instrument), expected, check_exact=True)


def test_within_sides_reads_only_the_sides_asked_for() -> None:
    data = _many_relationships(parties=4, per_side=6)
    instrument = default_instrument()
    codes, sides = side_codes(data)
    shown = sides[::2]
    rows = data[np.asarray(sides.isin(shown))[codes]]
    pd.testing.assert_frame_equal(
        within_sides(data, instrument, shown), within_sides(rows, instrument), check_exact=True
    )
    pd.testing.assert_frame_equal(
        within_sides(data, instrument, sides), within_sides(data, instrument), check_exact=True
    )
    assert within_sides(data, instrument, sides[:0]).empty


def test_an_analysis_lets_its_frames_go_before_it_makes_the_results() -> None:
    """The memo of one analysis holds its frames; once the respondents are read no more it
    lets them go, so a large file's answers are not held while the results are made."""
    data = _many_relationships(parties=3, per_side=2)
    instrument = default_instrument()
    with one_analysis():
        side_codes(data)
        respondent_scores(data, instrument)
        kept = weakref.ref(data)
        del data
        assert kept() is not None
        forget_frames()
        assert kept() is None


def test_the_engine_never_loads_the_sentence_model_to_read_with_the_light_reader() -> None:
    """The sentence model's modules load the tokenizer library (megabytes, and a tenth of a
    second): naming the embeddings reader's error, as every command does, must not."""
    code = (
        "import sys\n"
        "import pandas as pd\n"
        "from parity.cli import running\n"
        "from parity.core.analysis import analyze\n"
        "from parity.core.language.embedding import EmbeddingsUnavailableError\n"
        "from parity.core.instrument import default_instrument\n"
        "items = default_instrument().item_ids\n"
        "import numpy as np\n"
        "rng = np.random.default_rng(1)\n"
        "rows = [{'respondent': f'{a}{i}', 'party': a, 'about': b, 'purpose': 'We own it.',\n"
        "         **{item: int(rng.integers(1, 8)) for item in items}}\n"
        "        for a, b in (('IT', 'Sales'), ('Sales', 'IT')) for i in range(6)]\n"
        "done = analyze(pd.DataFrame(rows), min_respondents=5)\n"
        "assert done.relationships[0].sides[0].words is not None\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'tokenizers'\n"
        "             or m.endswith('minilm') or m.endswith('minilm_onnx')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
