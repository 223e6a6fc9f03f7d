"""TPI-1 as data, and the loader's refusal of broken custom instruments."""

from __future__ import annotations

import copy
import tomllib
from importlib import resources
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parity.core.instrument import (
    CORE_CONSTRUCTS,
    MORE_PAGE_TITLE,
    TPI1_ITEM_IDS,
    Construct,
    InstrumentError,
    default_instrument,
    parse_instrument,
    shipped_instrument,
    shipped_instruments,
)


def tpi1_data() -> dict[str, Any]:
    text = resources.files("parity.core").joinpath("instruments/tpi-1.toml").read_text("utf-8")
    return tomllib.loads(text)


def test_tpi1_has_the_contracted_items_constructs_and_questions() -> None:
    instrument = default_instrument()
    assert instrument.id == "TPI-1"
    assert instrument.item_ids == TPI1_ITEM_IDS
    assert instrument.construct_codes == CORE_CONSTRUCTS
    assert instrument.reverse_item_ids == ("TRS3",)
    assert instrument.open_question_ids == ("purpose", "persona", "mirror", "comment")
    assert (instrument.scale_min, instrument.scale_max) == (1, 7)
    assert len(instrument.scale_labels) == 7
    assert instrument.reference() == {"id": "TPI-1", "version": instrument.version}


def test_every_item_names_the_other_party_or_speaks_for_us() -> None:
    for item in default_instrument().items:
        assert item.text.endswith(".")
        assert "{other}" in item.text or item.id == "STK1"
    assert default_instrument().items[0].wording("Finance") == (
        "We and Finance work toward the same business outcome."
    )


def test_items_of_a_construct_follow_their_ids() -> None:
    instrument = default_instrument()
    assert [i.id for i in instrument.items_of("TRS")] == ["TRS1", "TRS2", "TRS3"]
    assert [i.id for i in instrument.items_of("ONEED")] == ["ONEED1"]


def test_a_translated_instrument_with_an_extra_item_is_accepted() -> None:
    data = tpi1_data()
    data["language"] = "fr"
    data["version"] = "1.0.0-fr"
    data["items"][0]["text"] = "Nous et {other} visons le même résultat."
    data["items"].append({"id": "OUT3", "text": "Nous fêtons ensemble nos succès."})
    instrument = parse_instrument(data, "tpi-1-fr.toml")
    assert instrument.language == "fr"
    assert [i.id for i in instrument.items_of("OUT")] == ["OUT1", "OUT2", "OUT3"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["items"].pop(3), "TPI-1 items STK2 are missing"),
        (lambda d: d["items"].append(dict(d["items"][0])), "appear twice: OUT1"),
        (lambda d: d["items"][23].pop("reverse"), "'TRS3' must be reverse-keyed"),
        (lambda d: d["constructs"].pop("TRX"), "construct 'TRX' is not listed"),
        (lambda d: d.__setitem__("scale_max", 1), "scale_max must be greater"),
        (lambda d: d.__setitem__("scale_labels", ["a", "b"]), "2 labels for a 1-7 scale"),
        (lambda d: d["items"][0].__setitem__("id", "out1"), "capital letters followed by"),
        (lambda d: d["items"][0].__setitem__("text", "  "), "wording is empty"),
        (lambda d: d.pop("version"), "'version' is missing"),
        (lambda d: d["items"][1].__setitem__("construct", "STK"), "belongs to construct 'OUT'"),
        (lambda d: d["constructs"]["OUT"].__setitem__("colour", "red"), "unknown fields: colour"),
        (lambda d: d["constructs"]["OUT"].__setitem__("key", "Out come"), "key 'Out come' must"),
        (lambda d: d["constructs"]["OUT"].__setitem__("key", "trust"), "the same key"),
        (lambda d: d["constructs"]["OUT"].pop("name"), "'OUT': the field 'name' is missing"),
        (lambda d: d["pages"][0]["constructs"].append("XYZ"), "names 'XYZ', which is not a"),
        (lambda d: d["pages"][1]["constructs"].append("OUT"), "'OUT', already on an earlier"),
    ],
)
def test_a_broken_instrument_is_refused_with_a_sentence(change: Any, message: str) -> None:
    data = copy.deepcopy(tpi1_data())
    change(data)
    with pytest.raises(InstrumentError, match=message) as info:
        parse_instrument(data, "custom.toml")
    assert str(info.value).startswith("custom.toml")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(list(tpi1_data())), json_values, max_size=8))
def test_any_mapping_is_parsed_or_refused_with_instrument_error(changes: dict[str, Any]) -> None:
    data = tpi1_data() | changes
    try:
        parse_instrument(data, "fuzz.toml")
    except InstrumentError as error:
        message = str(error)
    else:
        return
    assert message.startswith("fuzz.toml")


def test_each_construct_has_its_words_in_the_instrument_file() -> None:
    """The one place a construct is named: heading, sentence, own voice, meaning, trigger key."""
    trust = default_instrument().constructs["ONEED"]
    assert trust == Construct(
        "ONEED",
        "Their need, as we see it",
        "their need as seen",
        "they need us",
        "They need us to reach their goals.",
        "their_need",
        ("ONEED1",),
    )
    assert default_instrument().name_of("VAL") == "Equal value"
    assert default_instrument().name_of("XYZ") == "XYZ"


def test_a_construct_given_by_its_name_alone_gets_its_other_words_from_it() -> None:
    data = tpi1_data()
    data["constructs"]["INNO"] = "Joint innovation"
    data["items"].append({"id": "INNO1", "text": "We and {other} try new things together."})
    instrument = parse_instrument(data, "custom.toml")
    assert instrument.constructs["INNO"] == Construct(
        "INNO",
        "Joint innovation",
        "joint innovation",
        "joint innovation",
        "Joint innovation",
        "inno",
        ("INNO1",),
    )
    # Not on any page of the file: asked on one more page, after TPI-1's.
    assert instrument.pages[-1].title == MORE_PAGE_TITLE
    assert instrument.pages[-1].constructs == ("INNO",)


def test_tpi1_pages_ask_every_item_once_in_the_instruments_order() -> None:
    instrument = default_instrument()
    asked = [
        i.id for page in instrument.pages for c in page.constructs for i in instrument.items_of(c)
    ]
    assert asked == list(instrument.item_ids)
    assert "power" not in " ".join(page.title.lower() for page in instrument.pages)


def test_the_shipped_instruments_are_found_by_id_and_an_unknown_one_is_named() -> None:
    assert shipped_instruments()["TPI-1"] is default_instrument()
    with pytest.raises(InstrumentError, match="There is no instrument 'TPI-9'; Parity ships TPI-1"):
        shipped_instrument("TPI-9")
