"""TPI-2 beside TPI-1: its promises as an instrument, its family contract and its scoring rules."""

from __future__ import annotations

import copy
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parity.core.instrument import (
    CORE_CONSTRUCTS,
    InstrumentError,
    default_instrument,
    parse_instrument,
    shipped_instrument,
)
from parity.core.scoring import keyed_answers, respondent_scores
from parity.io.responses import instrument_of_header

TPI2 = shipped_instrument("TPI-2")
TPI1 = default_instrument()
ADDED = ("COMM", "KNOW", "RESP", "RISK", "EXIT")


def tpi2_data() -> dict[str, Any]:
    text = resources.files("parity.core").joinpath("instruments/tpi-2.toml").read_text("utf-8")
    return tomllib.loads(text)


def test_tpi2_measures_the_engines_constructs_and_the_five_added_ones() -> None:
    assert TPI2.construct_codes[: len(CORE_CONSTRUCTS)] == CORE_CONSTRUCTS
    assert set(TPI2.construct_codes) == {*CORE_CONSTRUCTS, *ADDED}
    assert all(len(TPI2.items_of(code)) >= 2 for code in TPI2.construct_codes)
    assert TPI2.family == "TPI-2"
    assert TPI1.family == "TPI-1"


def test_at_least_a_third_of_tpi2_items_are_reverse_keyed() -> None:
    assert len(TPI2.reverse_item_ids) * 3 >= len(TPI2.items)


def test_every_construct_whose_items_agree_has_a_reverse_keyed_item() -> None:
    """So that agreeing with everything pulls each such construct both ways."""
    for code in TPI2.construct_codes:
        agreement = [i for i in TPI2.items_of(code) if not i.compares]
        if len(agreement) >= 2 and code != "RISK":
            assert any(i.reverse for i in agreement), code


def test_the_equal_items_of_tpi1_are_comparisons_with_a_direction_in_tpi2() -> None:
    """STK2, VAL1, VAL2 and VOI1 asked "as much as" / "equal": both more and less scored low."""
    for old in ("STK2", "VAL1", "VAL2", "VOI1"):
        assert old not in TPI2.item_ids
    for code in ("STK", "VAL", "VOI", "DIR", "RISK"):
        assert any(i.compares for i in TPI2.items_of(code)), code
    for item in TPI2.items:
        if item.compares:
            assert item.text.endswith("?")
            assert item.anchors is not None
            low, high = item.anchor_wording("Finance")
            assert "Finance" in low or low.startswith("Its own"), item.id
            assert low.split()[0] != high.split()[0] or "own" in low, item.id


def test_an_item_that_keeps_its_tpi1_id_keeps_its_tpi1_wording_and_keying() -> None:
    """The mapping rule of docs/instrument.md: same ID, same question; a rewording gets a new ID."""
    tpi1 = {item.id: item for item in TPI1.items}
    kept = [item for item in TPI2.items if item.id in tpi1]
    assert len(kept) == 13
    for item in kept:
        assert (item.text, item.construct, item.reverse) == (
            tpi1[item.id].text,
            tpi1[item.id].construct,
            tpi1[item.id].reverse,
        )


def test_the_flawed_tpi1_items_are_not_in_tpi2() -> None:
    flawed = ("OUT2", "STK1", "STK2", "COM1", "VAL1", "VAL2", "VOI1", "DEF1")
    assert not set(flawed) & set(TPI2.item_ids)
    assert not {"TRX1", "TRX2", "TRS3"} & set(TPI2.item_ids)
    for item in TPI2.items:
        assert " or " not in item.text or item.compares, item.id
        assert "without question" not in item.text


def test_a_custom_instrument_of_the_tpi2_family_keeps_its_items() -> None:
    data = tpi2_data()
    data.pop("pages")
    data["id"], data["family"] = "TPI-2-custom", "TPI-2"
    data["items"].append({"id": "COMM4", "text": "{other} answers our questions quickly."})
    custom = parse_instrument(data, "custom.toml")
    assert custom.family == "TPI-2"
    assert "COMM4" in custom.item_ids


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["items"].pop(4), "TPI-2 items STK4 are missing"),
        (lambda d: d["items"][2].pop("reverse"), "'OUT4' must be reverse-keyed"),
        (lambda d: d["items"][4].pop("scoring"), "'STK4' must keep scoring 'balance'"),
        (lambda d: d["items"][4].pop("anchors"), "give the item 'anchors'"),
        (lambda d: d["items"][4].__setitem__("reverse", True), "cannot also be reverse-keyed"),
        (lambda d: d["items"][4].__setitem__("anchors", ["one"]), "'anchors' must be two texts"),
        (lambda d: d["items"][4].__setitem__("scoring", "fair"), "'scoring' must be one of"),
        (lambda d: d["items"][0].__setitem__("middle", "so-so"), "'middle' needs 'anchors'"),
        (lambda d: d.__setitem__("family", "TPI-9"), "family 'TPI-9' is not a shipped"),
    ],
)
def test_a_broken_tpi2_custom_instrument_is_refused(change: Any, message: str) -> None:
    data = copy.deepcopy(tpi2_data())
    data["id"], data["family"] = "TPI-2-custom", "TPI-2"
    change(data)
    with pytest.raises(InstrumentError, match=message):
        parse_instrument(data, "custom.toml")


def test_a_custom_file_without_a_family_is_held_to_tpi1() -> None:
    data = tpi2_data()
    data["id"] = "mine"
    with pytest.raises(InstrumentError, match="TPI-1 items OUT2, STK1"):
        parse_instrument(data, "mine.toml")


def _one(item: str, answer: float) -> float:
    frame = pd.DataFrame({i: [np.nan] for i in TPI2.item_ids})
    frame[item] = float(answer)
    return float(keyed_answers(frame, TPI2)[item].iloc[0])


def test_balance_is_best_in_the_middle_and_worst_at_either_end() -> None:
    assert [_one("STK4", x) for x in range(1, 8)] == [1, 3, 5, 7, 5, 3, 1]


def test_not_less_counts_in_full_from_the_middle_up() -> None:
    assert [_one("VOI3", x) for x in range(1, 8)] == [1, 3, 5, 7, 7, 7, 7]


def test_a_plain_comparison_is_scored_as_answered() -> None:
    assert [_one("DIR3", x) for x in range(1, 8)] == [1, 2, 3, 4, 5, 6, 7]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(TPI2.item_ids),
    st.integers(min_value=1, max_value=7),
    st.integers(min_value=1, max_value=7),
)
def test_every_keyed_answer_stays_on_the_scale(item: str, x: int, y: int) -> None:
    low, high = _one(item, x), _one(item, y)
    assert 1 <= low <= 7
    assert 1 <= high <= 7
    scoring = TPI2.items[TPI2.item_ids.index(item)].scoring
    if scoring == "balance":
        assert _one(item, 8 - x) == low  # as far from equal either way
    if scoring == "not_less" and x <= y:
        assert low <= high


def test_a_servant_and_a_master_no_longer_both_score_low_on_voice() -> None:
    """TPI-1's VOI1 ("equal say") scored low for the side with less say and the side with more.
    VOI3 asks which way it leans: the side with more say keeps its voice."""
    frame = pd.DataFrame({i: [np.nan, np.nan] for i in TPI2.item_ids})
    frame["VOI3"] = [1.0, 7.0]  # they have far more say; we have far more say
    voice = respondent_scores(frame, TPI2)["VOI"]
    assert voice.tolist() == [0.0, 100.0]


def _header_file(tmp_path: Path, columns: tuple[str, ...]) -> Path:
    path = tmp_path / "responses.csv"
    path.write_text(",".join(("respondent", "party", "about", *columns)) + "\n", "utf-8")
    return path


def test_the_instrument_is_read_from_a_files_header(tmp_path: Path) -> None:
    assert instrument_of_header(_header_file(tmp_path, TPI2.item_ids)).id == "TPI-2"
    assert instrument_of_header(_header_file(tmp_path, TPI1.item_ids)).id == "TPI-1"
    assert instrument_of_header(_header_file(tmp_path, ("OUT1", "XYZ1"))).id == "TPI-1"


def _acquiescent(instrument_id: str) -> pd.DataFrame:
    """Agreeing (6) with every statement, reverse-keyed or not; "about the same" on comparisons;
    one respondent, so that straight-lining does not apply (comparisons answered 4)."""
    instrument = shipped_instrument(instrument_id)
    row = {i.id: (4.0 if i.compares else 6.0) for i in instrument.items}
    return pd.DataFrame([{"respondent": "r1", "party": "A", "about": "B", **row}])


def test_agreeing_with_everything_is_caught_by_tpi2s_reversed_statements() -> None:
    from parity.core.screen import ACQUIESCENCE, contradictions_of, screen

    assert len(contradictions_of(TPI2)) == 18
    flags = screen(_acquiescent("TPI-2"), TPI2)
    assert bool(flags[ACQUIESCENCE].iloc[0])


def test_agreeing_both_ways_on_three_of_tpi2s_constructs_is_not_a_pattern() -> None:
    """Three honest tensions of 18 are not flagged; a fourth is (ACQUIESCENCE_MIN_SHARE)."""
    from parity.core.screen import ACQUIESCENCE, screen

    against = {"ALT", "DEF", "DIR", "TRX"}  # a partner disagrees with these statements
    base = {
        i.id: 4.0 if i.compares else (6.0 if (i.construct in against) == i.reverse else 2.0)
        for i in TPI2.items
    }
    tense = ["OUT4", "COM4", "KNOW2", "RESP2"]
    rows = []
    for count in (3, 4):
        row = dict(base)
        row.update(dict.fromkeys(tense[:count], 6.0))
        rows.append({"respondent": f"r{count}", "party": "A", "about": "B", **row})
    flags = screen(pd.DataFrame(rows), TPI2)
    assert flags[ACQUIESCENCE].tolist() == [False, True]
