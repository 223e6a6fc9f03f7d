"""Relationships answered to TPI-2, built from construct scores as the TPI-1 builders are."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from tests.support.builders import responses, side, varied

from parity.core.analysis import RelationshipResult, analyze
from parity.core.archetypes import MID
from parity.core.instrument import shipped_instrument

TPI2 = shipped_instrument("TPI-2")
SIZE = 8


def tpi2_answers(scores: Mapping[str, float]) -> dict[str, float]:
    """TPI-2 answers whose keyed scores (0-100) are ``scores``, the middle where not given:
    each comparison answered as the inverse of its scoring (docs/method.md §1)."""
    out = {}
    for item in TPI2.items:
        keyed = 1 + 6 * scores.get(item.construct, MID) / 100
        if item.scoring == "not_less":
            out[item.id] = 1 + (keyed - 1) / 2
        elif item.scoring == "balance":
            out[item.id] = 4 + (7 - keyed) / 2
        else:
            out[item.id] = 8 - keyed if item.reverse else keyed
    return out


@cache
def _analysed(
    business: tuple[tuple[str, float], ...], it: tuple[tuple[str, float], ...]
) -> RelationshipResult:
    frame = responses(
        side("Business", "IT", varied(tpi2_answers(dict(business)), SIZE), items=TPI2.item_ids),
        side("IT", "Business", varied(tpi2_answers(dict(it)), SIZE), items=TPI2.item_ids),
    )
    return analyze(frame, None, TPI2).relationships[0]


def tpi2_relationship(
    business: Mapping[str, float] | None = None, it: Mapping[str, float] | None = None
) -> RelationshipResult:
    """The Business (side A) about IT and IT about the Business, eight respondents each,
    answered to TPI-2."""
    return _analysed(tuple(sorted((business or {}).items())), tuple(sorted((it or {}).items())))
