"""The respondent screen (docs/method.md §2a): straight lines, contradictory agreement, too few
answers, duplicates and speeders are flagged, left out of every score, count and word by
default, and kept on request; only shown sides' counts are reported, and on the web only groups
of at least the threshold are left out or disclosed."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.support.builders import ITEMS, answers_for, responses, side

from parity.core.analysis import Analysis, SideResult, analyze
from parity.core.archetypes import INSUFFICIENT
from parity.core.disclosure import Thresholds, disclose_analysis, screen_shown
from parity.core.instrument import default_instrument
from parity.core.screen import (
    ACQUIESCENCE,
    DUPLICATE,
    MIN_ANSWERED_SHARE,
    REASON_WORDS,
    REASONS,
    SECONDS_PER_ITEM,
    SPEEDER,
    STRAIGHT_LINE,
    STRAIGHT_LINE_MIN_ANSWERS,
    TOO_FEW_ANSWERS,
    flagged,
    left_out,
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


def test_the_demo_flags_its_careless_rows_and_nobody_else(demo_data: DemoDataset) -> None:
    """The demo's answers are drawn with item noise: no straight line, no duplicate, no
    contradiction agreed with, nobody skipping half; only the six careless rows it adds to
    show the screen (parity.demo.careless) are flagged, in both rounds' file."""
    for frame in (demo_data.responses, demo_data.history()):
        left_out = frame.loc[flagged(screen(frame, INSTRUMENT)).to_numpy(), "respondent"]
        careless = left_out.str.startswith("CARELESS-") | left_out.str.endswith("-again")
        assert len(left_out) == 6
        assert careless.all()
    assert not flagged(screen(demo_data.pilot, INSTRUMENT)).any()


def test_the_demo_analysis_reports_its_careless_rows(demo_analysis: Analysis) -> None:
    assert demo_analysis.screen.flagged == 6
    (only,) = demo_analysis.screen.sides
    assert (only.party, only.about, only.flagged) == ("Sales", "IT", 6)


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


# --- Speeders -------------------------------------------------------------------------------


def _timed(seconds: list[float], rows: list[dict[str, float]] | None = None) -> pd.DataFrame:
    """One side whose respondents answer ``rows`` (a partner's answers by default) in
    ``seconds`` each."""
    frame = side("IT", "Finance", rows or [answers_for(PARTNER)] * len(seconds))
    frame["seconds"] = seconds
    return frame


def test_fewer_than_two_seconds_per_answered_item_is_a_speeder() -> None:
    limit = SECONDS_PER_ITEM * len(ITEMS)
    assert limit == 48.0
    flags = screen(_timed([limit - 0.5, limit, 300.0, 5.0, np.nan]), INSTRUMENT)
    assert flags[SPEEDER].tolist() == [True, False, False, True, False]


def test_the_limit_counts_the_items_answered_not_those_asked() -> None:
    half = dict.fromkeys(ITEMS, np.nan) | dict.fromkeys(ITEMS[:12], 5.0)
    flags = screen(_timed([23.0, 24.0, 23.0], [half, half, answers_for(PARTNER)]), INSTRUMENT)
    assert flags[SPEEDER].tolist() == [True, False, True]


def test_no_time_no_answer_no_speeder() -> None:
    assert not screen(side("IT", "Finance", [answers_for(PARTNER)]), INSTRUMENT)[SPEEDER].any()
    nothing = _timed([0.0], [dict.fromkeys(ITEMS, np.nan)])
    flags = screen(nothing, INSTRUMENT)
    assert not flags.loc[0, SPEEDER]
    assert flags.loc[0, TOO_FEW_ANSWERS]


def test_a_speeder_is_left_out_and_counted_under_its_reason() -> None:
    it = side("IT", "Finance", 6, SERVANT)
    it["seconds"] = [600.0] * 5 + [20.0]
    result = analyze(responses(side("Finance", "IT", 6, MASTER), it))
    assert _side_of(result, "IT").respondents == 5
    assert result.screen.reasons == {SPEEDER: 1}
    assert REASON_WORDS[SPEEDER] == "answered faster than 2 seconds a statement"
    assert (
        _side_of(
            analyze(responses(side("Finance", "IT", 6, MASTER), it), keep_flagged=True), "IT"
        ).respondents
        == 6
    )


def test_the_time_taken_does_not_make_two_answer_sets_different() -> None:
    row = answers_for(PARTNER)
    frame = _timed([300.0, 310.0], [row, row])
    assert screen(frame, INSTRUMENT)[DUPLICATE].tolist() == [False, True]


# --- Left out only in groups (the web) ------------------------------------------------------


def _speeders(fast: int, slow: int = 6) -> pd.DataFrame:
    it = side("IT", "Finance", slow + fast, SERVANT)
    it["seconds"] = [600.0] * slow + [10.0] * fast
    return responses(side("Finance", "IT", 6, MASTER), it)


def test_fewer_flagged_than_the_smallest_group_are_kept() -> None:
    data = _speeders(fast=2)
    out = left_out(data, screen(data, INSTRUMENT), smallest_group=3)
    assert not out.any()
    result = analyze(data, smallest_left_out=3, min_respondents=3)
    it = _side_of(result, "IT")
    assert it.respondents == 8
    (listed,) = result.screen.sides
    assert (listed.flagged, listed.kept) == (2, True)
    assert not result.screen.kept


def test_a_group_of_flagged_respondents_is_left_out() -> None:
    data = _speeders(fast=3)
    result = analyze(data, smallest_left_out=3, min_respondents=3)
    assert _side_of(result, "IT").respondents == 6
    (listed,) = result.screen.sides
    assert (listed.flagged, listed.kept) == (3, False)
    # Each side on its own: Finance's one straight line is kept, IT's three speeders are not.
    finance = side("Finance", "IT", [_all(6.0)], prefix="x")
    both = analyze(pd.concat([data, finance]), smallest_left_out=3, min_respondents=3)
    assert _side_of(both, "Finance").respondents == 7
    assert _side_of(both, "IT").respondents == 6


def test_keeping_keeps_every_group() -> None:
    data = _speeders(fast=4)
    flags = screen(data, INSTRUMENT)
    assert not left_out(data, flags, keep=True, smallest_group=3).any()
    assert left_out(data, flags).sum() == 4


@settings(max_examples=40, deadline=None)
@given(
    fast=st.lists(st.integers(0, 7), min_size=2, max_size=2),
    threshold=st.integers(3, 6),
    keep=st.booleans(),
)
def test_what_is_left_out_of_a_side_is_never_a_group_below_the_threshold(
    fast: list[int], threshold: int, keep: bool
) -> None:
    """With the web's rule, the side's respondents less those counted is 0 or at least the
    threshold, and only counts of at least the threshold are disclosed."""
    frames = []
    for (party, about, profile), n in zip(
        [("IT", "Finance", SERVANT), ("Finance", "IT", MASTER)], fast, strict=True
    ):
        frame = side(party, about, 6 + n, profile)
        frame["seconds"] = [900.0] * 6 + [12.0] * n
        frames.append(frame)
    data = responses(*frames)
    result = analyze(
        data, min_respondents=threshold, smallest_left_out=threshold, keep_flagged=keep
    )
    for s in result.relationships[0].sides:
        if s.shown:
            gap = int((data["party"] == s.party).sum()) - s.respondents
            assert gap == 0 or gap >= threshold
    shown = screen_shown(
        disclose_analysis(result, Thresholds(threshold, 7)).screen, Thresholds(threshold, 7)
    )
    for listed in shown:
        assert listed.flagged >= threshold
        assert listed.reasons == (SPEEDER,)
        assert listed.kept == keep


def test_only_counts_at_the_threshold_are_disclosed_and_reasons_are_named_not_counted() -> None:
    it = pd.concat(
        [
            side("IT", "Finance", 6, SERVANT),
            side("IT", "Finance", [_all(7.0)] * 2, prefix="s"),  # straight lines (duplicates)
            side("IT", "Finance", 5, MASTER, prefix="f"),
        ]
    )
    it["seconds"] = [600.0] * 8 + [10.0] * 5
    fin = side("Finance", "IT", 8, MASTER)
    fin["seconds"] = [600.0] * 6 + [10.0] * 2
    result = analyze(responses(fin, it), keep_flagged=True)
    thresholds = Thresholds()
    listed = {s.party: s for s in result.screen.sides}
    assert listed["IT"].flagged == 7
    assert listed["Finance"].flagged == 2
    (shown,) = screen_shown(disclose_analysis(result, thresholds).screen, thresholds)
    assert (shown.party, shown.flagged, shown.kept) == ("IT", 7, True)
    # Five speeders reach the threshold; two straight lines do not, and are not named.
    assert shown.reasons == (SPEEDER,)
    assert not hasattr(shown, "counts")
