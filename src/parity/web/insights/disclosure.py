"""What may be shown of a result, for the web application: the core gate with a round's
thresholds, and the API's JSON.

The rules live in :mod:`parity.core.policy` and :mod:`parity.core.disclosure`, which the pages,
the API, the downloadable reports and the workshop pack all use. A round's thresholds are those
promised to its respondents (:func:`parity.web.surveys.sealing.thresholds_of`), never the
organization's current setting alone.

Pages use :func:`side_view` and :func:`reasons_of`; the API uses :func:`relationship_json`,
whose numbers are rounded as the pages show them (:func:`parity.core.policy.publish`).
"""

from __future__ import annotations

from typing import Any

from parity.core import disclosure, policy
from parity.core.analysis import RelationshipResult
from parity.core.disclosure import (
    NOTHING_WITHHELD,
    SideView,
    Withheld,
    disclose,
    hidden_sentence,
    is_shown,
    may_quote,
    reasons_of,
    side_view,
)
from parity.io.analysis_json import relationship_dict
from parity.web.surveys.models import Round
from parity.web.surveys.sealing import thresholds_of

__all__ = [
    "NOTHING_WITHHELD",
    "SideView",
    "Thresholds",
    "Withheld",
    "hidden_sentence",
    "is_shown",
    "may_quote",
    "reasons_of",
    "relationship_json",
    "rounded",
    "side_view",
]

#: Figures on a 0-1 scale keep two decimals; every other published figure is a whole number.
_SHARES = frozenset({"confidence", "agreement_rwg_j"})


class Thresholds(disclosure.Thresholds):
    """The core thresholds, as a round promised them."""

    @classmethod
    def of(cls, round_: Round) -> Thresholds:
        promised = thresholds_of(round_)
        return cls(promised.score, promised.text)


def rounded(value: Any, decimals: int = policy.PUBLISHED_DECIMALS) -> Any:
    """Every float rounded as the pages show it, through nested containers."""
    if isinstance(value, float):
        return policy.publish(value, decimals)
    if isinstance(value, dict):
        return {
            key: rounded(item, policy.PUBLISHED_SHARE_DECIMALS if key in _SHARES else decimals)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [rounded(item, decimals) for item in value]
    return value


def relationship_json(
    result: RelationshipResult,
    thresholds: disclosure.Thresholds,
    withheld: Withheld = NOTHING_WITHHELD,
) -> dict[str, Any]:
    """The JSON contract of ``docs/file-formats.md`` for one relationship, disclosed and
    rounded: a hidden side is reduced to ``about``, ``"respondents": null``, ``"shown": false``
    and ``fewer_than`` (the threshold)."""
    out: dict[str, Any] = rounded(relationship_dict(disclose(result, thresholds, withheld)))
    for side in result.sides:
        if not is_shown(side, thresholds) or not out["sides"][side.party]["shown"]:
            out["sides"][side.party] = {
                "about": side.about,
                "respondents": None,
                "shown": False,
                "fewer_than": thresholds.score,
            }
    return out
