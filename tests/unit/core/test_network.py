"""The organization as a network: the graph, its metrics, its sentences and its static SVG."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parity.core.analysis import Analysis, RelationshipResult, SideResult
from parity.core.archetypes import INSUFFICIENT
from parity.core.network import build_graph, network, party_kinds
from parity.reports.charts.svg import OKABE_ITO
from parity.reports.network_chart import (
    CENTRE,
    EDGE_STYLE,
    RADIUS,
    circle_order,
    edge_width,
    layout,
    network_chart,
    network_section,
)

ROLE_PAIRS = {
    "master_servant": ("master", "servant"),
    "customer_supplier": ("customer", "supplier"),
}


def rel(
    a: str,
    b: str,
    archetype: str = "developing",
    index: float | None = 50.0,
    *,
    lead: str | None = None,
    scope: str | None = "internal",
    label: str | None = None,
    wave: str | None = None,
) -> RelationshipResult:
    """A relationship result with the figures the network reads; ``lead`` is the party with the
    leading role (master, customer) of an asymmetric archetype."""
    parties = (min(a, b), max(a, b))
    roles: dict[str, str] = {}
    if archetype in ROLE_PAIRS:
        leader = lead or a
        other = parties[1] if leader == parties[0] else parties[0]
        roles = {leader: ROLE_PAIRS[archetype][0], other: ROLE_PAIRS[archetype][1]}
    sides = (
        SideResult(parties[0], parties[1], 5, shown=archetype != INSUFFICIENT),
        SideResult(parties[1], parties[0], 5, shown=True),
    )
    return RelationshipResult(
        parties=parties,
        wave=wave,
        label=label,
        scope=scope,
        archetype=archetype,
        roles=roles,
        confidence=None if archetype == INSUFFICIENT else 0.9,
        partnering_index=None if archetype == INSUFFICIENT else index,
        name_only=False,
        sides=sides,
        gaps={},
        power={},
        mutual_need={},
        parity={},
        reasons=(),
    )


# --- The graph and its metrics ---------------------------------------------------------------


def test_the_graph_has_parties_as_nodes_and_relationships_as_edges() -> None:
    rels = [
        rel("IT", "Sales", "master_servant", 30.0, lead="Sales"),
        rel("IT", "Nimbus", scope="external"),
    ]
    graph = build_graph(rels)
    assert graph.nodes == ("IT", "Nimbus", "Sales")
    assert graph.kinds["Nimbus"] == "external"
    assert graph.kinds["IT"] == "internal"
    assert graph.edges["IT", "Sales"]["archetype"] == "master_servant"
    assert graph.edges["IT", "Sales"]["roles"] == {"Sales": "master", "IT": "servant"}
    assert graph.edges["IT", "Sales"]["partnering_index"] == 30.0
    assert [e["archetype"] for e in graph.edges_of("IT")] == ["master_servant", "developing"]
    assert [e["archetype"] for e in graph.edges_of("Nimbus")] == ["developing"]


def test_kinds_come_from_the_scopes_unless_given() -> None:
    rels = [
        rel("IT", "Nimbus", scope="external"),
        rel("IT", "Sales"),
        rel("Kite", "Nimbus", scope="external"),
        rel("Lone", "Star", scope=None),
    ]
    assert party_kinds(rels) == {
        "IT": "internal",
        "Nimbus": "external",
        "Sales": "internal",
        "Kite": "external",
        "Lone": None,
        "Star": None,
    }
    net = network(rels, {"Kite": "internal"})
    assert net.node("Kite").kind == "internal"


def test_degree_strength_and_betweenness_of_a_star() -> None:
    rels = [rel("Hub", p, "partnership", 80.0) for p in ("A", "B", "C", "D")]
    rels.append(rel("A", "B", INSUFFICIENT))
    net = network(rels)
    hub = net.node("Hub")
    assert hub.degree == 4
    assert hub.strength == pytest.approx(3.2)
    # Of the 6 pairs of the other four parties, 5 (all but A-B, who are linked) have their
    # shortest path through the hub; normalised betweenness divides by the 6 pairs.
    assert hub.betweenness == pytest.approx(5 / 6)
    assert net.node("A").strength == pytest.approx(0.8)  # the insufficient edge adds nothing
    assert net.node("A").degree == 2
    assert net.central[0] == "Hub"


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 14), st.integers(0, 14)).filter(lambda p: p[0] != p[1]),
        min_size=1,
        max_size=40,
    ),
    st.data(),
)
def test_betweenness_and_clusters_are_networkx_s(pairs: list[tuple[int, int]], data) -> None:
    """The published algorithm's numbers: rustworkx computes them; networkx, the reference the
    method was written against, must agree on every graph (a pair named twice is one edge)."""
    archetypes = data.draw(
        st.lists(
            st.sampled_from(["partnership", "developing", "customer_supplier"]),
            min_size=len(pairs),
            max_size=len(pairs),
        )
    )
    rels = [
        rel(f"P{a:02d}", f"P{b:02d}", kind) for (a, b), kind in zip(pairs, archetypes, strict=True)
    ]
    net = network(rels)
    reference = nx.Graph([r.parties for r in rels])
    expected = nx.betweenness_centrality(reference, normalized=True) if len(reference) > 2 else {}
    for node in net.nodes:
        assert node.betweenness == pytest.approx(expected.get(node.name, 0.0), abs=1e-12)
        assert node.degree == reference.degree[node.name]
    partnering = nx.Graph([r.parties for r in rels if r.archetype != "customer_supplier"])
    clusters = {tuple(sorted(c)) for c in nx.connected_components(partnering) if len(c) >= 2}
    assert set(net.clusters) == clusters


def test_a_pair_named_twice_is_one_edge_with_the_last_relationship() -> None:
    net = network([rel("A", "B", "developing", 40.0), rel("B", "A", "partnership", 90.0)])
    assert net.node("A").degree == 1
    assert net.node("A").strength == pytest.approx(0.9)
    assert [e.archetype for e in net.edges] == ["developing", "partnership"]


def test_servants_and_masters_of_many() -> None:
    rels = [
        rel("IT", "Sales", "master_servant", lead="Sales"),
        rel("IT", "Finance", "master_servant", lead="Finance"),
        rel("IT", "Marketing", "customer_supplier", lead="Marketing"),
        rel("HR", "Sales", "master_servant", lead="Sales"),
        rel("HR", "Legal", INSUFFICIENT),
    ]
    net = network(rels)
    assert [(c.party, c.others) for c in net.servants] == [
        ("IT", ("Finance", "Marketing", "Sales"))
    ]
    assert [(c.party, c.count) for c in net.masters] == [("Sales", 2)]
    assert net.node("IT").roles == {"servant": 2, "supplier": 1}
    sentence = next(s for s in net.sentences if s.startswith("IT is the servant"))
    assert "in 3 relationships (to Finance, Marketing and Sales)" in sentence


def test_partnering_clusters_cores_and_the_unpartnered() -> None:
    rels = [
        rel("Sales", "Marketing", "partnership", 80.0),
        rel("Sales", "Finance", "developing", 55.0),
        rel("Ops", "Carrier", "partnership", 78.0, scope="external"),
        rel("HR", "Procurement", "detached", 20.0),
        rel("HR", "Ops", "developing", 50.0),
        rel("IT", "Nimbus", INSUFFICIENT, scope="external"),
    ]
    net = network(rels)
    assert net.clusters == (("Carrier", "HR", "Ops"), ("Finance", "Marketing", "Sales"))
    assert net.cores == (("Carrier", "Ops"), ("Marketing", "Sales"))
    assert net.unpartnered == ("IT", "Nimbus", "Procurement")
    text = " ".join(net.sentences)
    assert "Joined by true partnerships: Carrier and Ops; Marketing and Sales." in text
    assert "No partnering relationship at all: IT, Nimbus and Procurement." in text


def test_no_true_partnership_is_said_so() -> None:
    net = network([rel("A", "B", "detached", 20.0), rel("B", "C", "adversarial", 10.0)])
    assert net.cores == ()
    assert "No two parties are joined by a true partnership." in net.sentences


def test_the_latest_wave_is_the_network() -> None:
    rels = [rel("A", "B", "detached", 20.0, wave="1"), rel("A", "B", "partnership", 80.0, wave="2"),
            rel("B", "C", wave="1")]  # fmt: skip
    net = network(rels)
    assert net.wave == "2"
    assert [e.archetype for e in net.edges] == ["partnership"]
    assert network(rels, wave="1").wave == "1"


def test_the_demo_network(demo_analysis: Analysis) -> None:
    net = network(demo_analysis.relationships)
    assert len(net.nodes) == 11
    assert len(net.edges) == 23
    assert {n.name for n in net.nodes if n.kind == "external"} == {
        "Nimbus Cloud Services",
        "Quayside Logistics",
        "Copper Kite Agency",
    }
    assert net.servants[0].party == "IT"
    assert ("Operations", "Quayside Logistics") in net.cores
    nimbus = next(e for e in net.edges if e.parties == ("Legal", "Nimbus Cloud Services"))
    assert nimbus.partnering_index is None


# --- The static SVG ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_chart_net(demo_analysis: Analysis) -> object:
    return network(demo_analysis.relationships)


def test_the_layout_is_one_circle_with_firms_beside_their_best_partner(demo_chart_net) -> None:
    net = demo_chart_net
    order = circle_order(net)
    assert order.index("Quayside Logistics") == order.index("Operations") + 1
    assert order.index("Nimbus Cloud Services") == order.index("IT") + 1
    assert order.index("Copper Kite Agency") == order.index("Marketing") + 1
    for x, y in layout(net).values():
        assert math.hypot(x - CENTRE[0], y - CENTRE[1]) == pytest.approx(RADIUS)
    assert layout(net) == layout(net)


def test_the_svg_is_valid_labelled_and_deterministic(demo_chart_net) -> None:
    chart = network_chart(demo_chart_net)
    again = network_chart(demo_chart_net)
    assert chart.svg == again.svg
    root = ET.fromstring(chart.svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.attrib["role"] == "img"
    assert root.find(f"{ns}title") is not None
    desc = root.find(f"{ns}desc")
    assert desc is not None
    assert "Legal – Nimbus Cloud Services: too few answers to tell" in str(desc.text)
    for name in ("IT", "Copper Kite Agency", "Quayside Logistics"):
        assert f">{name}</text>" in chart.svg
    assert len(re.findall(r'<g class="edge ', chart.svg)) == 23
    assert chart.svg.count("<rect x=") >= 3  # the three outside firms are squares
    assert len(chart.table.rows) == 23


def test_every_archetype_has_its_own_colour_and_dash() -> None:
    styles = list(EDGE_STYLE.values())
    assert len({colour for colour, _, _ in styles}) == len(styles)
    assert len({dash for _, dash, _ in styles}) == len(styles)
    assert EDGE_STYLE["partnership"][0] == OKABE_ITO["bluish_green"]
    assert edge_width(None) == 1.5
    assert edge_width(100.0) == 5.5
    assert edge_width(50.0) < edge_width(80.0)


def test_the_report_section(demo_chart_net) -> None:
    section = network_section(demo_chart_net)
    assert section.chart is not None
    assert section.table is not None
    assert section.table.rows[0][0] == demo_chart_net.central[0]
    assert section.sentences == demo_chart_net.sentences
