"""What may be shown of a result, for the web application: the core gate, with the
organization's thresholds and the API's JSON.

The rules themselves live in one place, :mod:`parity.core.disclosure`, which the pages, the API,
the downloadable reports and the workshop pack all use:

- a hidden side is named and said to have "fewer than N respondents"; its own count is not shown
  (the engine's reasons for ``insufficient_data`` cite it, so they are replaced);
- quotes appear only for a side with at least the *text* threshold of respondents; stance
  counts for a side that meets the score threshold;
- no total over both sides is ever formed, so nothing hidden can be found by subtraction.

Pages use :func:`side_view` and :func:`reasons_of`; the API uses :func:`relationship_json`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from parity.core import disclosure
from parity.core.analysis import RelationshipResult
from parity.core.disclosure import (
    SideView,
    hidden_sentence,
    is_shown,
    may_quote,
    reasons_of,
    side_view,
    without_quotes,
)
from parity.io.analysis_json import relationship_dict
from parity.web.orgs.models import Organization

__all__ = [
    "SideView",
    "Thresholds",
    "hidden_sentence",
    "is_shown",
    "may_quote",
    "reasons_of",
    "relationship_json",
    "side_view",
]


class Thresholds(disclosure.Thresholds):
    """The core thresholds, read from an organization's settings."""

    @classmethod
    def of(cls, organization: Organization) -> Thresholds:
        return cls(int(organization.score_threshold), int(organization.text_threshold))


def relationship_json(
    result: RelationshipResult, thresholds: disclosure.Thresholds
) -> dict[str, Any]:
    """The JSON contract of ``docs/file-formats.md`` for one relationship, with the web's
    rules: quotes below the text threshold removed, a hidden side reduced to ``about``,
    ``"respondents": null``, ``"shown": false`` and ``fewer_than`` (the threshold)."""
    sides = tuple(without_quotes(s, thresholds) for s in result.sides)
    out = relationship_dict(dataclasses.replace(result, sides=(sides[0], sides[1])))
    for side in result.sides:
        if not is_shown(side, thresholds):
            out["sides"][side.party] = {
                "about": side.about,
                "respondents": None,
                "shown": False,
                "fewer_than": thresholds.score,
            }
    out["reasons"] = list(reasons_of(result, thresholds))
    return out
