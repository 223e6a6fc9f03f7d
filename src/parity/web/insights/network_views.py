"""The organization as a whole: the network page, and the organization-wide findings (round
robin, internal against external, early warnings) that the results page shows.

Everything here is computed from the round's analysis, which the engine ran with the
organization's score threshold: a side below it has no scores there, so it adds nothing to the
round robin, the network or the comparisons (docs/method.md, "The whole organization"). No
page here shows a respondent count. The organization comes from the tenancy guard, and the
round and its relationships only from within it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from parity.core.archetypes import INSUFFICIENT
from parity.core.network import Edge
from parity.core.organization import OrganizationView, organization_view
from parity.core.vocabulary import ARCHETYPE_NAMES, archetype_words, role_words
from parity.reports.network_chart import EDGE_STYLE, edge_width, layout, network_chart
from parity.web.after_response import after_response
from parity.web.insights.memo import Memo
from parity.web.insights.results import (
    CACHE_SECONDS,
    NotPublished,
    RoundResults,
    previous_round,
    round_results,
    shape_of,
)
from parity.web.insights.round_status import not_published
from parity.web.orgs import tenancy
from parity.web.orgs.models import PartyKind
from parity.web.orgs.tenancy import Tenant
from parity.web.surveys.asked import AskedRelationship
from parity.web.surveys.rounds import round_of

CACHE_PREFIX = "parity:insights:organization:" + shape_of(OrganizationView)


def party_kinds(relationships: Iterable[AskedRelationship]) -> dict[str, str | None]:
    """Internal or external as the organization's map says, by party name."""
    kinds: dict[str, str | None] = {}
    for rel in relationships:
        for party in (rel.party_a, rel.party_b):
            kinds[party.name] = "external" if party.kind == PartyKind.OUTSIDE_FIRM else "internal"
    return kinds


#: The organization-wide views of the last few rounds looked at in this process.
VIEWS: Memo[OrganizationView] = Memo(size=8)


def whole_organization(results: RoundResults) -> OrganizationView:
    """The organization-wide views of a round, with the trend from the previous round; kept
    in this process and in the shared cache under the keys of the results they come from
    (which name everything those depend on), and the rounds' names."""
    before = previous_round(results.round)
    earlier = round_results(before) if before is not None else None
    parts = (results,) if earlier is None else (earlier, results)
    named = "|".join(f"{r.key}:{r.round.name}" for r in parts)
    key = f"{CACHE_PREFIX}:{results.round.pk}:{hashlib.sha256(named.encode()).hexdigest()}"
    return VIEWS.get_or_make(key, lambda: _shared_view(key, parts))


def _shared_view(key: str, parts: tuple[RoundResults, ...]) -> OrganizationView:
    view = cache.get(key)
    if isinstance(view, OrganizationView):
        return view
    results = parts[-1]
    history = [(r.round.name, r.analysis.relationships) for r in parts]
    view = organization_view(
        results.analysis,
        party_kinds(results.relationships.values()),
        history=history if len(history) > 1 else [],
    )
    after_response(lambda: cache.set(key, view, CACHE_SECONDS))
    return view


def _edge_detail(edge: Edge) -> str:
    """What the map says of a relationship when it is pointed at, in the page's language:
    "IT – Sales: master–servant, partnering index 41 (IT: servant; Sales: master); called
    partnership"."""
    words = [f"{edge.parties[0]} – {edge.parties[1]}: {archetype_words(edge.archetype)}"]
    if edge.partnering_index is not None:
        words.append(
            gettext(", partnering index %(index)s") % {"index": f"{edge.partnering_index:.0f}"}
        )
    roles = "; ".join(f"{p}: {role_words(r)}" for p, r in edge.roles.items())
    if roles:
        words.append(f" ({roles})")
    if edge.label:
        words.append(gettext("; called %(label)s") % {"label": edge.label})
    return "".join(words)


def graph_data(view: OrganizationView, results: RoundResults, slug: str) -> dict[str, Any]:
    """Nodes and edges for the interactive map (the same positions as the static SVG)."""
    net = view.network
    positions = layout(net)
    nodes = [
        {
            "data": {
                "id": f"n{i}",
                "label": node.name,
                "kind": node.kind or "internal",
                "detail": (
                    f"{node.name} ({'outside firm' if node.kind == 'external' else 'department'})"
                    f": {node.degree} relationship{'s' if node.degree != 1 else ''}, "
                    f"betweenness {node.betweenness:.2f}"
                ),
            },
            "position": {
                "x": round(positions[node.name][0], 1),
                "y": round(positions[node.name][1], 1),
            },
        }
        for i, node in enumerate(net.nodes)
    ]
    index_of = {node.name: f"n{i}" for i, node in enumerate(net.nodes)}
    edges = []
    for i, edge in enumerate(net.edges):
        colour, dash, _ = EDGE_STYLE.get(edge.archetype, EDGE_STYLE[INSUFFICIENT])
        detail = _edge_detail(edge)
        edges.append(
            {
                "data": {
                    "id": f"e{i}",
                    "source": index_of[edge.parties[0]],
                    "target": index_of[edge.parties[1]],
                    "colour": colour,
                    "dash": [float(x) for x in dash.split()] if dash else [],
                    "width": edge_width(edge.partnering_index),
                    "detail": detail,
                    "relationship": None if edge.key is None else int(edge.key),
                }
            }
        )
    return {"nodes": nodes, "edges": edges, "slug": slug}


@require_GET
@tenancy.tenant_view()
def network_results(request: HttpRequest, tenant: Tenant, round_id: int) -> HttpResponse:
    """The round's relationships as a network: an interactive map over a static SVG, the
    network's findings and the tables behind them."""
    round_ = round_of(tenant, round_id)
    try:
        results = round_results(round_)
    except NotPublished:
        return not_published(request, tenant, round_)
    view = whole_organization(results)
    chart = network_chart(view.network)
    by_pair = {
        frozenset((r.party_a.name, r.party_b.name)): r for r in results.relationships.values()
    }
    rows = [
        (
            edge,
            ARCHETYPE_NAMES.get(edge.archetype, edge.archetype),
            by_pair.get(frozenset(edge.parties)),
        )
        for edge in view.network.edges
    ]
    context = {
        "tenant": tenant,
        "organization": tenant.organization,
        "round": round_,
        "status": round_.status,
        "view": view,
        "network": view.network,
        "chart": chart,
        # Safe: the chart is built from numbers and from texts that each pass through esc().
        "svg": mark_safe(chart.svg),
        "rows": rows,
        "legend": [
            (ARCHETYPE_NAMES.get(code, code), colour, dash, pattern)
            for code, (colour, dash, pattern) in EDGE_STYLE.items()
        ],
        "nodes": sorted(view.network.nodes, key=lambda n: (-n.betweenness, -n.degree, n.name)),
        "graph": graph_data(view, results, tenant.organization.slug),
        "thresholds": results.thresholds,
    }
    return render(request, "insights/network.html", context)
