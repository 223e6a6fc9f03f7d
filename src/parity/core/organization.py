"""The organization-wide views of one analysis, computed together for the CLI, JSON and web.

Kept apart from :func:`parity.core.analysis.analyze` so that an analysis of one relationship
never pays for the graph library, and so that :class:`~parity.core.analysis.Analysis` keeps its
shape. Everything here reads only what the analysis already shows: sides below the anonymity
threshold have no scores in it, so they add nothing to any figure below.

With waves, the round robin, the network and the internal/external comparison describe the
latest wave; the trends run over all of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from parity.core.analysis import Analysis, RelationshipResult
from parity.core.network import Network, latest_wave, network, of_wave
from parity.core.roundrobin import RoundRobin, round_robins
from parity.core.trends import ScopeComparison, Trends, by_wave, compare_scopes, trends


@dataclass(frozen=True)
class OrganizationView:
    wave: str | None
    round_robin: RoundRobin | None
    network: Network
    scopes: ScopeComparison | None
    trends: Trends | None


def organization_view(
    analysis: Analysis,
    kinds: Mapping[str, str | None] | None = None,
    *,
    history: Sequence[tuple[str, Sequence[RelationshipResult]]] | None = None,
) -> OrganizationView:
    """The round robin (when the data allow one), the network, internal against external and
    the trends of ``analysis``. ``kinds`` maps parties to ``internal``/``external`` where
    known; ``history`` gives the rounds to follow (name, relationships; oldest first) when
    they are not the analysis's own waves (the web application's rounds)."""
    rels = analysis.relationships
    wave = latest_wave(rels)
    current = of_wave(rels, wave)
    robins = round_robins(analysis.side_scores)
    robin = next((r for r in robins if r.wave == wave), None)
    return OrganizationView(
        wave=wave,
        round_robin=robin,
        network=network(current, kinds, wave=wave),
        scopes=compare_scopes(current),
        trends=trends(history if history is not None else by_wave(rels)),
    )
