"""The organization as a network: parties as nodes, relationships as edges.

An edge carries its relationship's archetype, roles and partnering index; a node its kind
(internal department or external firm). From the graph Parity reads:

* **who is central**: betweenness centrality (the share of shortest paths between other
  parties that run through a party: normalised betweenness, unweighted, as rustworkx computes
  it, the same numbers as networkx's in a fraction of its time and memory), with the
  number of relationships (degree) and the sum of their partnering indices / 100 (strength);
* **servants to many**: parties that are the servant or supplier in at least
  :data:`MANY` relationships (and **masters of many**: master or customer);
* **partnering clusters**: groups of parties joined by partnership or developing
  relationships (connected components of those edges), and within them the **cores** joined
  by true partnerships alone; and the parties with no partnering relationship at all.

Only classified relationships carry an index; an ``insufficient_data`` relationship is an
edge without one (its sides are below the anonymity threshold) and never adds to a metric
but the degree. ``docs/method.md`` ("The whole organization") has the rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import rustworkx as rx

from parity.core.analysis import RelationshipResult
from parity.core.archetypes import INSUFFICIENT, PARTNERING_ARCHETYPES
from parity.core.translation import N_, Sentence, term

#: A party in this many servant (or master) roles is named.
MANY = 2
#: How many parties "who is central" names.
CENTRAL = 3
SERVING_ROLES = ("servant", "supplier")
LEADING_ROLES = ("master", "customer")


@dataclass(frozen=True)
class Node:
    name: str
    kind: str | None
    degree: int
    strength: float
    betweenness: float
    roles: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Edge:
    parties: tuple[str, str]
    archetype: str
    partnering_index: float | None
    label: str | None
    scope: str | None
    roles: Mapping[str, str] = field(default_factory=dict)
    name_only: bool = False
    #: The caller's id of the relationship (``RelationshipResult.key``).
    key: str | None = None


@dataclass(frozen=True)
class RoleCount:
    """A party in the same kind of role in several relationships, and towards whom."""

    party: str
    others: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.others)


@dataclass(frozen=True)
class Network:
    wave: str | None
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    central: tuple[str, ...]
    servants: tuple[RoleCount, ...]
    masters: tuple[RoleCount, ...]
    clusters: tuple[tuple[str, ...], ...]
    cores: tuple[tuple[str, ...], ...]
    unpartnered: tuple[str, ...]

    def node(self, name: str) -> Node:
        return next(n for n in self.nodes if n.name == name)

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return network_sentences(self)


def latest_wave(relationships: Sequence[RelationshipResult]) -> str | None:
    waves = sorted({str(r.wave) for r in relationships if r.wave is not None})
    return waves[-1] if waves else None


def of_wave(
    relationships: Sequence[RelationshipResult], wave: str | None
) -> tuple[RelationshipResult, ...]:
    if wave is None:
        return tuple(relationships)
    return tuple(r for r in relationships if str(r.wave) == wave)


def party_kinds(relationships: Iterable[RelationshipResult]) -> dict[str, str | None]:
    """Internal or external from the relationships' scopes, when nobody says: a party in any
    internal relationship is internal; one whose relationships are all external is external
    (a department that only deals with outside firms would be misread: pass its kind)."""
    scopes: dict[str, set[str]] = {}
    for rel in relationships:
        for party in rel.parties:
            scopes.setdefault(party, set())
            if rel.scope:
                scopes[party].add(str(rel.scope))
    return {
        party: "internal" if "internal" in seen else "external" if "external" in seen else None
        for party, seen in scopes.items()
    }


@dataclass(frozen=True)
class Graph:
    """The parties of one wave (sorted) with their kinds, and one edge per pair of parties
    carrying its relationship's figures (:func:`_edge_figures`): a pair named twice keeps the
    last relationship, as a simple graph does."""

    kinds: Mapping[str, str | None]
    edges: Mapping[tuple[str, str], Mapping[str, Any]]
    incident: Mapping[str, tuple[tuple[str, str], ...]]  # each party's pairs, in edge order

    @property
    def nodes(self) -> tuple[str, ...]:
        return tuple(self.kinds)

    def edges_of(self, party: str) -> list[Mapping[str, Any]]:
        return [self.edges[pair] for pair in self.incident.get(party, ())]


def build_graph(
    relationships: Iterable[RelationshipResult], kinds: Mapping[str, str | None] | None = None
) -> Graph:
    """The undirected graph of one wave's relationships, with their figures on the edges."""
    rels = tuple(relationships)
    kinds = {**party_kinds(rels), **(kinds or {})}
    parties = sorted({p for r in rels for p in r.parties})
    edges = {_pair(rel.parties): _edge_figures(rel) for rel in rels}
    incident: dict[str, list[tuple[str, str]]] = {}
    for pair in edges:
        for party in pair:
            incident.setdefault(party, []).append(pair)
    return Graph(
        {party: kinds.get(party) for party in parties},
        edges,
        {party: tuple(pairs) for party, pairs in incident.items()},
    )


def _pair(parties: Sequence[str]) -> tuple[str, str]:
    first, second = sorted(parties)
    return first, second


def _simple_graph(
    parties: Sequence[str], pairs: Iterable[tuple[str, str]]
) -> rx.PyGraph[str, None]:
    """The parties and pairs as rustworkx's undirected graph, node ``i`` being ``parties[i]``."""
    graph: rx.PyGraph[str, None] = rx.PyGraph(multigraph=False)
    index = dict(zip(parties, graph.add_nodes_from(parties), strict=True))
    graph.add_edges_from_no_data([(index[a], index[b]) for a, b in pairs])
    return graph


def betweenness(graph: Graph) -> dict[str, float]:
    """Every party's normalised betweenness (unweighted): the sum over pairs of other parties of
    the share of their shortest paths through it, over the (n − 1)(n − 2) / 2 pairs."""
    if len(graph.kinds) <= 2:
        return dict.fromkeys(graph.kinds, 0.0)
    parties = graph.nodes
    shares = rx.betweenness_centrality(_simple_graph(parties, graph.edges), normalized=True)
    return {party: float(shares[i]) for i, party in enumerate(parties)}


def _edge_figures(rel: RelationshipResult) -> dict[str, Any]:
    """What an edge carries of its relationship: the graph's attributes, an :class:`Edge`'s
    fields."""
    return {
        "archetype": rel.archetype,
        "partnering_index": rel.partnering_index,
        "label": rel.label,
        "scope": rel.scope,
        "roles": dict(rel.roles),
        "name_only": rel.name_only,
        "key": rel.key,
    }


def network(
    relationships: Sequence[RelationshipResult],
    kinds: Mapping[str, str | None] | None = None,
    *,
    wave: str | None = None,
) -> Network:
    """The network of one wave (by default the latest) with its metrics."""
    wave = wave if wave is not None else latest_wave(relationships)
    rels = of_wave(relationships, wave)
    graph = build_graph(rels, kinds)
    shares = betweenness(graph)
    nodes = tuple(_node(graph, name, shares[name]) for name in graph.nodes)
    edges = tuple(
        Edge(parties=r.parties, **_edge_figures(r)) for r in sorted(rels, key=lambda r: r.parties)
    )
    partnering = [e for e in edges if e.archetype in PARTNERING_ARCHETYPES]
    partnered = {p for e in partnering for p in e.parties}
    return Network(
        wave=wave,
        nodes=nodes,
        edges=edges,
        central=_central(nodes),
        servants=_role_counts(edges, SERVING_ROLES),
        masters=_role_counts(edges, LEADING_ROLES),
        clusters=_components(partnering),
        cores=_components([e for e in partnering if e.archetype == "partnership"]),
        unpartnered=tuple(sorted(n.name for n in nodes if n.name not in partnered)),
    )


def _node(graph: Graph, name: str, betweenness: float) -> Node:
    roles: dict[str, int] = {}
    strength = 0.0
    edges = graph.edges_of(name)
    for data in edges:
        role = data["roles"].get(name)
        if role:
            roles[role] = roles.get(role, 0) + 1
        if data["partnering_index"] is not None:
            strength += float(data["partnering_index"]) / 100.0
    return Node(
        name=name,
        kind=graph.kinds[name],
        degree=len(edges),
        strength=strength,
        betweenness=float(betweenness),
        roles=roles,
    )


def _central(nodes: tuple[Node, ...]) -> tuple[str, ...]:
    ranked = sorted(
        (n for n in nodes if n.betweenness > 0), key=lambda n: (-n.betweenness, -n.degree, n.name)
    )
    return tuple(n.name for n in ranked[:CENTRAL])


def _role_counts(edges: Iterable[Edge], roles: tuple[str, ...]) -> tuple[RoleCount, ...]:
    towards: dict[str, list[str]] = {}
    for edge in edges:
        if edge.archetype == INSUFFICIENT:
            continue
        for party, role in edge.roles.items():
            if role in roles:
                other = edge.parties[1] if party == edge.parties[0] else edge.parties[0]
                towards.setdefault(party, []).append(other)
    counts = [RoleCount(p, tuple(sorted(o))) for p, o in towards.items() if len(o) >= MANY]
    return tuple(sorted(counts, key=lambda c: (-c.count, c.party)))


def _components(edges: Iterable[Edge]) -> tuple[tuple[str, ...], ...]:
    pairs = {_pair(e.parties) for e in edges}
    parties = sorted({p for pair in pairs for p in pair})
    graph = _simple_graph(parties, pairs)
    parts = [tuple(sorted(parties[i] for i in c)) for c in rx.connected_components(graph)]
    return tuple(sorted((p for p in parts if len(p) >= 2), key=lambda c: (-len(c), c)))


def join(names: Sequence[str]) -> str:
    names = list(names)
    if not names:
        return ""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def listed_names(names: Sequence[str]) -> Sentence:
    """Names (or sentences) as a sentence lists them, "and" in the reader's language when the
    list is shown: "IT", "IT and HR", "IT, HR and Legal" ("IT, HR und Legal")."""
    fields = {f"n{i}": name for i, name in enumerate(names)}
    slots = ["{" + field + "}" for field in fields]
    if len(slots) < 2:
        return Sentence("".join(slots), **fields)
    first = Sentence(", ".join(slots[:-1]), **dict(list(fields.items())[:-1]))
    return Sentence(N_("{items} and {last}"), items=first, last=names[-1])


def _groups(groups: Sequence[Sequence[str]]) -> Sentence:
    """Groups of names, each a list, one after the other: "IT and HR; Legal and Sales"."""
    fields = {f"g{i}": listed_names(group) for i, group in enumerate(groups)}
    return Sentence("; ".join("{" + field + "}" for field in fields), **fields)


def _central_sentence(net: Network) -> Sentence:
    """Who is central, the first with its number of relationships (at least two: a party
    other parties' paths run through has two neighbours or more), the others with theirs."""
    first = net.central[0]
    parts = [
        Sentence(N_("{party} ({count} relationships)"), party=first, count=net.node(first).degree)
    ]
    parts += [
        Sentence("{party} ({count})", party=n, count=net.node(n).degree) for n in net.central[1:]
    ]
    return Sentence(
        N_(
            "Most central: {parties}. Many paths between the other parties run through them, "
            "so how they relate shapes the whole organization."
        ),
        parties=listed_names(parts),
    )


def network_sentences(net: Network) -> tuple[Sentence, ...]:
    """The network in a few sentences a facilitator can read out: kept in English with the
    network (a cached view is shown in any language) and shown in the reader's language.
    Every count of relationships here is at least :data:`MANY`, so the plural always fits."""
    out = []
    if net.central:
        out.append(_central_sentence(net))
    for count in net.servants:
        out.append(
            Sentence(
                N_(
                    "{party} is the servant or supplier in {count} relationships (to {others}): "
                    "a function that serves many masters rarely partners with any of them."
                ),
                party=count.party,
                count=count.count,
                others=listed_names(count.others),
            )
        )
    for count in net.masters:
        out.append(
            Sentence(
                N_("{party} is the master or customer in {count} relationships (of {others})."),
                party=count.party,
                count=count.count,
                others=listed_names(count.others),
            )
        )
    if net.clusters:
        out.append(
            Sentence(
                N_("Partnering clusters (partnership or developing relationships): {groups}."),
                groups=_groups(net.clusters),
            )
        )
    if net.cores:
        out.append(
            Sentence(N_("Joined by true partnerships: {groups}."), groups=_groups(net.cores))
        )
    else:
        out.append(term(N_("No two parties are joined by a true partnership.")))
    if net.unpartnered:
        out.append(
            Sentence(
                N_("No partnering relationship at all: {parties}."),
                parties=listed_names(net.unpartnered),
            )
        )
    return tuple(out)
