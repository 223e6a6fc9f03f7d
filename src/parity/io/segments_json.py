"""The JSON of `parity segments`: every shown side's segments, as the analysis JSON has them.

Each side's ``segments`` is :func:`parity.io.analysis_json.segments_dict` of the disclosed
analysis, so the two never disagree; ``--by`` keeps one attribute.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from parity.core.analysis import Analysis, SideResult
from parity.core.segments import SPLIT_LEVEL, SPLIT_POINTS, SideSegments
from parity.io.analysis_json import JSON_VERSION, segments_dict


def only(found: SideSegments, attribute: str | None) -> SideSegments:
    """``found`` limited to ``attribute`` (all of it when ``None``)."""
    if attribute is None:
        return found
    return replace(
        found,
        attributes=tuple(a for a in found.attributes if a.attribute == attribute),
        withheld=tuple(w for w in found.withheld if w == attribute),
        splits=tuple(s for s in found.splits if s.attribute == attribute),
    )


def segmented_sides(analysis: Analysis) -> list[tuple[str | None, SideResult, SideSegments]]:
    """The shown sides whose respondents gave an attribute, with their wave, in the order of
    the relationships."""
    return [
        (r.wave, side, side.segments)
        for r in analysis.relationships
        for side in r.sides
        if side.shown and side.segments is not None
    ]


def segments_json(analysis: Analysis, attribute: str | None = None) -> str:
    """The segments of every shown side of a disclosed analysis."""
    sides = []
    for wave, side, found in segmented_sides(analysis):
        entry: dict[str, Any] = {
            "party": side.party,
            "about": side.about,
            "respondents": side.respondents,
            "segments": segments_dict(only(found, attribute)),
        }
        sides.append({"wave": wave, **entry} if wave is not None else entry)
    data = {
        "format_version": JSON_VERSION,
        "instrument": dict(analysis.instrument),
        "min_respondents": analysis.min_respondents,
        "split": {"points": SPLIT_POINTS, "level": SPLIT_LEVEL},
        "sides": sides,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
