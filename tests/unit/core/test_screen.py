"""The respondent screen (docs/method.md §2a): straight lines, contradictory agreement, too few
answers and duplicates are flagged, left out of every score, count and word by default, and
kept on request; only shown sides' counts are reported."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.support.builders import ITEMS, answers_for, responses, side

from parity.core.analysis import Analysis, SideResult, analyze
from parity.core.archetypes import INSUFFICIENT
from parity.core.disclosure import Thresholds, disclose_analysis
from parity.core.instrument import default_instrument
from parity.core.screen import (
    ACQUIESCENCE,
    DUPLICATE,
    MIN_ANSWERED_SHARE,
    REASONS,
    STRAIGHT_LINE,
    STRAIGHT_LINE_MIN_ANSWERS,
    TOO_FEW_ANSWERS,
    flagged,
    screen,
)
from parity.demo import DemoDataset

INSTRUMENT = default_instrument()
PARTNER = {"OUT": 6, "STK": 6, "COM": 6, "NEED": 6, "VAL": 6, "VOI": 6, "TRS": 6}
PARTNER |= {"ALT": 2, "DEF": 2, "DIR": 2, "ONEED": 6, "TRX": 3}
MASTER = {"DIR": 7, "VOI": 7, "DEF": 1, "ONEED": 6}
SERVANT = {"DEF": 7, "VOI": 1, "VAL": 1, "DIR": 1, "ALT": 2}


def _all(value: float) -> dict[str, float]:
    return dict.fromkeys(ITEMS, value)


def _flags_of(*rows: dict[str, float]) -> pd.DataFrame:
    """The flags of one side whose respondents answer ``rows``."""
    return screen(side("IT", "Finance", list(rows)), INSTRUMENT)


def _side_of(result: Analysis, party: str) -> SideResult:
    return next(s for s in result.relationships[0].sides if s.party == party)


# --- The rules -------------------------------------------------------------------------------


def test_the_same_answer_to_every_item_is_a_straight_line() -> None:
    flags = _flags_of(_all(7.0), _all(4.0), _all(1.0), answers_for(PARTNER))
    assert flags[STRAIGHT_LINE].tolist() == [True, True, True, False]


def test_all_sevens_is_a_straight_line_that_agrees_with_every_contradiction() -> None:
    """TRS3 (reverse-keyed) answered 7 like TRS1 and TRS2: "we trust them" and "our dealings
    end in escalation" at once; and high direction with high deference, high alternatives with
    high need."""
    flags = _flags_of(_all(7.0))
    assert flags.loc[0, STRAIGHT_LINE]
    assert flags.loc[0, ACQUIESCENCE]


def test_a_straight_line_needs_enough_answers() -> None:
    few = dict.fromkeys(ITEMS[: STRAIGHT_LINE_MIN_ANSWERS - 1], 5.0)
    enough = dict.fromkeys(ITEMS[:STRAIGHT_LINE_MIN_ANSWERS], 5.0)
    flags = _flags_of(few, enough)
    assert flags[STRAIGHT_LINE].tolist() == [False, True]


def test_agreeing_with_two_contradictions_is_acquiescence_one_is_not() -> None:
    base = answers_for(PARTNER)
    one = {**base, "DIR1": 7.0, "DIR2": 6.0, "DEF1": 6.0, "DEF2": 7.0}
    two = {**one, "ALT1": 6.0, "ALT2": 6.0, "NEED1": 7.0, "NEED2": 6.0}
    trust = {**one, "TRS1": 6.0, "TRS2": 6.0, "TRS3": 6.0}
    hedged = {**two, "DIR1": 5.0, "DIR2": 5.0, "ALT1": 5.0, "ALT2": 5.0}  # "somewhat agree"
    flags = _flags_of(base, one, two, trust, hedged)
    assert flags[ACQUIESCENCE].tolist() == [False, False, True, True, False]


def test_a_contradiction_skipped_on_one_side_does_not_count() -> None:
    row = {**answers_for(PARTNER), "DIR1": 7.0, "DIR2": 7.0, "ALT1": 7.0, "ALT2": 7.0}
    row |= {"NEED1": 7.0, "NEED2": 7.0, "DEF1": np.nan, "DEF2": np.nan}
    assert not _flags_of(row).loc[0, ACQUIESCENCE]
    row |= {"DEF2": 6.0}
    assert _flags_of(row).loc[0, ACQUIESCENCE]


def test_fewer_than_half_the_items_is_too_few_answers() -> None:
    needed = math.ceil(MIN_ANSWERED_SHARE * len(ITEMS))
    assert needed == 12
    base = answers_for(PARTNER)
    rows = [
        {i: (base[i] if k < count else np.nan) for k, i in enumerate(ITEMS)}
        for count in (1, needed - 1, needed, len(ITEMS))
    ]
    assert _flags_of(*rows)[TOO_FEW_ANSWERS].tolist() == [True, True, False, False]
    assert _flags_of(_all(np.nan)).loc[0, TOO_FEW_ANSWERS]


def test_a_repeated_answer_set_of_the_same_side_is_a_duplicate_the_first_is_kept() -> None:
    row = answers_for(PARTNER)
    frame = responses(side("IT", "Finance", [row, row, row]), side("Finance", "IT", [row]))
    flags = screen(frame, INSTRUMENT)
    assert flags[DUPLICATE].tolist() == [False, True, True, False]


def test_a_duplicate_is_the_same_texts_too_and_skipped_answers_match() -> None:
    row = {**answers_for(PARTNER), "OUT1": np.nan}
    frame = side("IT", "Finance", [row, row, row, row])
    frame["purpose"] = ["To serve.", "To serve.", "To lead.", None]
    flags = screen(frame, INSTRUMENT)
    assert flags[DUPLICATE].tolist() == [False, True, False, False]


def test_the_flags_follow_the_rows_whatever_their_index() -> None:
    frame = side("IT", "Finance", [_all(7.0), answers_for(PARTNER), _all(7.0)])
    frame.index = [10, 10, 3]
    flags = screen(frame, INSTRUMENT)
    assert list(flags.index) == [10, 10, 3]
    assert list(flags.columns) == list(REASONS)
    assert flagged(flags).tolist() == [True, False, True]


def test_the_demo_has_no_flagged_respondent(demo_data: DemoDataset) -> None:
    """The demo's answers are drawn with item noise: no straight line, no duplicate, no
    contradiction agreed with, nobody skipping half (so its results do not change)."""
    for frame in (demo_data.responses, demo_data.history()):
        assert not flagged(screen(frame, INSTRUMENT)).any()


def test_the_demo_analysis_reports_an_empty_screen(demo_analysis: Analysis) -> None:
    assert demo_analysis.screen.flagged == 0
    assert demo_analysis.screen.sides == ()


# --- In the analysis ------------------------------------------------------------------------


def test_constant_answers_are_left_out_of_every_score_and_count() -> None:
    it = pd.concat(
        [side("IT", "Finance", 6, SERVANT), side("IT", "Finance", [_all(1.0)], prefix="x")]
    )
    data = responses(side("Finance", "IT", 6, MASTER), it)
    screened = analyze(data)
    kept = analyze(data, keep_flagged=True)
    it_screened, it_kept = _side_of(screened, "IT"), _side_of(kept, "IT")
    assert it_screened.respondents == 6
    assert it_kept.respondents == 7
    clean = analyze(responses(side("Finance", "IT", 6, MASTER), side("IT", "Finance", 6, SERVANT)))
    assert it_screened.scores == _side_of(clean, "IT").scores
    assert it_kept.scores != it_screened.scores
    (listed,) = screened.screen.sides
    assert (listed.party, listed.about, listed.flagged) == ("IT", "Finance", 1)
    assert listed.reasons == {STRAIGHT_LINE: 1}
    assert not screened.screen.kept
    assert kept.screen.kept


def test_all_sevens_on_both_sides_is_no_longer_a_true_partnership() -> None:
    data = responses(side("IT", "Finance", [_all(7.0)] * 6), side("Finance", "IT", [_all(7.0)] * 6))
    (rel,) = analyze(data).relationships
    assert rel.archetype == INSUFFICIENT
    assert rel.confidence is None
    assert rel.power == {}
    assert not any(s.shown for s in rel.sides)
    # The old result, which the items make impossible, is what keeping them gives back.
    (old,) = analyze(data, keep_flagged=True).relationships
    assert old.archetype == "partnership"
    # Six identical respondents: every bootstrap resample is the same, so the confidence
    # (docs/method.md §5) is 1; it is the screen, not the confidence, that catches them.
    assert old.confidence == 1.0
    assert old.power["direction"] == {"Finance": 100.0, "IT": 100.0}
    assert all(s.scores["DEF"] == 100.0 for s in old.sides)


def test_a_side_the_screen_takes_below_the_threshold_is_hidden_and_its_count_not_given() -> None:
    it = pd.concat(
        [side("IT", "Finance", 4, SERVANT), side("IT", "Finance", [_all(4.0)], prefix="x")]
    )
    finance = pd.concat(
        [side("Finance", "IT", 6, MASTER), side("Finance", "IT", [_all(2.0)], prefix="x")]
    )
    result = analyze(responses(finance, it))
    (rel,) = result.relationships
    assert rel.archetype == INSUFFICIENT
    assert not _side_of(result, "IT").shown
    # Only the shown side's count is reported.
    assert [(s.party, s.flagged) for s in result.screen.sides] == [("Finance", 1)]
    assert analyze(responses(finance, it), keep_flagged=True).relationships[0].sides[1].shown


def test_a_respondent_who_answered_one_item_is_left_out() -> None:
    one = dict.fromkeys(ITEMS, np.nan) | {"OUT1": 7.0}
    it = pd.concat([side("IT", "Finance", 5, SERVANT), side("IT", "Finance", [one], prefix="x")])
    result = analyze(responses(side("Finance", "IT", 5, MASTER), it))
    assert _side_of(result, "IT").respondents == 5
    assert result.screen.reasons == {TOO_FEW_ANSWERS: 1}


def test_duplicates_are_left_out_and_the_first_is_kept() -> None:
    copies = side("IT", "Finance", [answers_for(SERVANT)] * 3, prefix="copy")
    it = pd.concat([side("IT", "Finance", 5, SERVANT), copies])
    result = analyze(responses(side("Finance", "IT", 5, MASTER), it))
    assert _side_of(result, "IT").respondents == 6
    assert result.screen.reasons == {DUPLICATE: 2}


def test_flagged_words_are_not_read() -> None:
    it = pd.concat(
        [side("IT", "Finance", 5, SERVANT), side("IT", "Finance", [_all(7.0)], prefix="x")]
    )
    it["purpose"] = [*(["We do what they ask."] * 5), "Everything is perfect, they are wonderful."]
    result = analyze(responses(side("Finance", "IT", 5, MASTER), it))
    words = _side_of(result, "IT").words
    assert words is not None
    assert words.statements == 5
    kept = _side_of(
        analyze(responses(side("Finance", "IT", 5, MASTER), it), keep_flagged=True), "IT"
    )
    assert kept.words.statements == 6


def test_a_higher_threshold_drops_the_counts_of_the_sides_it_hides() -> None:
    it = pd.concat(
        [side("IT", "Finance", 5, SERVANT), side("IT", "Finance", [_all(7.0)], prefix="x")]
    )
    fin = pd.concat(
        [side("Finance", "IT", 8, MASTER), side("Finance", "IT", [_all(1.0)], prefix="x")]
    )
    result = analyze(responses(fin, it))
    assert {s.party for s in result.screen.sides} == {"IT", "Finance"}
    assert disclose_analysis(result, Thresholds()).screen == result.screen
    # At 6, IT's five are hidden and so is its count; Finance's eight are still shown.
    higher = analyze(responses(fin, it), min_respondents=6)
    assert [s.party for s in higher.screen.sides] == ["Finance"]
    assert higher.screen.flagged == 1
    assert result.screen.only([(None, "Finance", "IT")]).sides == higher.screen.sides


def test_each_wave_is_screened_on_its_own() -> None:
    row = answers_for(SERVANT)
    first = side("IT", "Finance", [row] * 2, prefix="a")
    first["wave"] = "1"
    second = side("IT", "Finance", [row], prefix="b")
    second["wave"] = "2"
    flags = screen(pd.concat([first, second], ignore_index=True), INSTRUMENT)
    assert flags[DUPLICATE].tolist() == [False, True, False]


# --- Never raises ---------------------------------------------------------------------------

_answer = st.one_of(st.just(np.nan), st.integers(1, 7).map(float), st.floats(-5, 50))
_row = st.fixed_dictionaries(
    {
        "party": st.sampled_from(["IT", "Finance", "HR"]),
        "about": st.sampled_from(["IT", "Finance", "HR"]),
        **dict.fromkeys(ITEMS, _answer),
    }
)
_text = st.one_of(st.none(), st.sampled_from(["", "We serve.", "Partners."]))


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(_row, max_size=12), texts=st.lists(_text, max_size=12), drop=st.booleans())
def test_the_screen_never_raises_on_random_answers(
    rows: list[dict[str, object]], texts: list[str | None], drop: bool
) -> None:
    frame = pd.DataFrame(rows, columns=["party", "about", *ITEMS])
    frame.insert(0, "respondent", [f"r{i}" for i in range(len(frame))])
    if texts and len(frame):
        frame["purpose"] = (texts * len(frame))[: len(frame)]
    if drop:  # a frame without some items (the screen reads the items it finds)
        frame = frame.drop(columns=["TRS3", "DIR1"])
    flags = screen(frame, INSTRUMENT)
    assert flags.shape == (len(frame), len(REASONS))
    assert flags.dtypes.eq(bool).all()
    if len(frame):
        assert not flags[DUPLICATE].iloc[0]


@settings(max_examples=25, deadline=None)
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {
                "party": st.sampled_from(["IT", "Finance"]),
                **{
                    item: st.one_of(st.just(np.nan), st.integers(1, 7).map(float)) for item in ITEMS
                },
            }
        ),
        max_size=16,
    ),
    keep=st.booleans(),
)
def test_the_analysis_with_the_screen_never_raises(
    rows: list[dict[str, object]], keep: bool
) -> None:
    frame = pd.DataFrame(rows, columns=["party", *ITEMS])
    frame.insert(0, "respondent", [f"r{i}" for i in range(len(frame))])
    frame.insert(2, "about", frame["party"].map({"IT": "Finance", "Finance": "IT"}))
    result = analyze(frame, min_respondents=3, keep_flagged=keep)
    for listed in result.screen.sides:
        assert listed.flagged >= 1
        assert any(
            s.shown and s.party == listed.party for r in result.relationships for s in r.sides
        )


def test_single_use_ballots_are_never_duplicates() -> None:
    """On the web every ballot is a different person: identical answers both count."""
    from parity.core.instrument import default_instrument as tpi1
    from parity.core.schema import ABOUT, PARTY, RESPONDENT

    items = list(tpi1().item_ids)
    row = {item: 3 + (i % 3) for i, item in enumerate(items)}
    frame = pd.DataFrame([row, row])
    frame.insert(0, ABOUT, "Sales")
    frame.insert(0, PARTY, "IT")
    frame.insert(0, RESPONDENT, ["a", "b"])
    assert screen(frame, tpi1())[DUPLICATE].tolist() == [False, True]
    assert not screen(frame, tpi1(), one_answer_each=True)[DUPLICATE].any()
