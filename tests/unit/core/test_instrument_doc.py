"""docs/instrument.md says what the code does: every item, archetype and stance, as shipped."""

from __future__ import annotations

from pathlib import Path

from parity.core.archetypes import ARCHETYPES, INSUFFICIENT
from parity.core.instrument import default_instrument, shipped_instrument
from parity.core.language.stance import STANCES

DOC = (Path(__file__).resolve().parents[3] / "docs" / "instrument.md").read_text(encoding="utf-8")


def test_every_item_is_documented_with_its_wording() -> None:
    instrument = default_instrument()
    for item in instrument.items:
        assert f"| {item.id} | {item.construct}: " in DOC
        assert item.wording("{other}") in DOC
    for question in instrument.open_questions:
        assert f"| `{question.id}` | {question.wording('{other}')} |" in DOC


def test_every_tpi2_item_is_documented_with_its_wording_and_ends() -> None:
    instrument = shipped_instrument("TPI-2")
    for item in instrument.items:
        assert f"| {item.id} | {item.construct}: {instrument.name_of(item.construct)} |" in DOC
        assert item.wording("{other}") in DOC
        if item.compares:
            low, high = item.anchor_wording("{other}")
            assert f"1 = {low} · 4 = {item.middle} · 7 = {high}" in DOC


def test_every_archetype_and_stance_is_documented() -> None:
    for code in (*ARCHETYPES, INSUFFICIENT):
        assert f"| `{code}` |" in DOC
    for stance in STANCES:
        assert f"| `{stance}` |" in DOC
