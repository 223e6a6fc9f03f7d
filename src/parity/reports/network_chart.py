"""The organization's network as a static SVG, and the report sections for it and for the
round robin.

**Layout** (deterministic, no randomness): every party sits on one circle, from the top and
clockwise: the internal parties in name order, each external party right after the internal
partner it partners best with. On a circle no line can pass through a third party.
Departments are circles, external firms squares; each carries its name.

**Edges** are coloured by archetype with the Okabe–Ito palette *and* drawn with a dash
pattern of their own, so the archetype survives greyscale printing and every common
colour-vision deficiency; the legend shows both. The line is wider the higher the
partnering index (1.5 px plus 1 px per 25 points); a relationship without an index
(too few answers) is a thin grey dotted line. The chart's title states the counts (shown by the
page or report above the chart, and as the SVG's ``<title>``), ``<desc>`` lists every
relationship, and the data table holds the same numbers.

The sections are made for :func:`parity.reports.organization.organization_report`
(``network=`` and ``round_robin=``); the web's network page uses the same SVG.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from parity.core.archetypes import INSUFFICIENT, PARTNERING_ARCHETYPES
from parity.core.network import Network, join
from parity.core.organization import OrganizationView
from parity.core.roundrobin import RoundRobin, share_sentence
from parity.core.translation import N_, _
from parity.core.vocabulary import archetype_name, archetype_words, scope_words
from parity.reports.charts.svg import (
    FONT,
    INK,
    MUTED,
    OKABE_ITO,
    PAPER,
    Chart,
    DataTable,
    decimal_point,
    esc,
    fit,
    line,
    open_svg,
    percent,
    text,
    text_width,
    whole,
)
from parity.reports.model import ReportSection, role_word

WIDTH = 760
PLOT_HEIGHT = 520
CENTRE = (WIDTH / 2, PLOT_HEIGHT / 2)
RADIUS = 215.0
NODE = 9.0
LABEL_SIZE = 12

#: Archetype -> (colour, dash pattern, a word for the pattern).
EDGE_STYLE: Mapping[str, tuple[str, str | None, str]] = {
    "partnership": (OKABE_ITO["bluish_green"], None, N_("solid")),
    "developing": (OKABE_ITO["blue"], "10 4", N_("long dashes")),
    "customer_supplier": (OKABE_ITO["orange"], "3 3", N_("short dashes")),
    "master_servant": (OKABE_ITO["reddish_purple"], "12 4 3 4", N_("dash-dot")),
    "adversarial": (OKABE_ITO["vermillion"], "2 5", N_("dots")),
    "detached": ("#8a8f96", "16 8", N_("wide gaps")),
    INSUFFICIENT: ("#b8bdc4", "1 4", N_("fine dots")),
}
INTERNAL_FILL = OKABE_ITO["blue"]
EXTERNAL_FILL = OKABE_ITO["orange"]


def edge_width(index: float | None) -> float:
    return 1.5 if index is None else 1.5 + max(0.0, min(100.0, index)) / 25.0


def circle_order(net: Network) -> list[str]:
    """The parties in their order round the circle: the internal parties by name, each
    external party right after the internal partner it has the highest partnering index with
    (its first partner by name when none has an index)."""
    inside = sorted((n.name for n in net.nodes if n.kind != "external"), key=str.casefold)
    outside = sorted((n.name for n in net.nodes if n.kind == "external"), key=str.casefold)
    after: dict[str, list[str]] = {name: [] for name in inside}
    loose = []
    for name in outside:
        partners = [
            (e.partnering_index if e.partnering_index is not None else -1.0, other)
            for e in net.edges
            if name in e.parties
            and (other := e.parties[1] if e.parties[0] == name else e.parties[0]) in after
        ]
        if partners:
            best = max(partners, key=lambda p: (p[0], [-ord(c) for c in p[1].casefold()]))
            after[best[1]].append(name)
        else:
            loose.append(name)
    order = [p for name in inside for p in (name, *after[name])]
    return order + loose


def layout(net: Network) -> dict[str, tuple[float, float]]:
    """Positions on one circle, in :func:`circle_order`, from the top and clockwise. On a
    circle no line between two parties can pass through a third."""
    order = circle_order(net)
    cx, cy = CENTRE
    return {
        name: _polar(cx, cy, RADIUS, -90.0 + 360.0 * i / max(1, len(order)))
        for i, name in enumerate(order)
    }


def _polar(cx: float, cy: float, radius: float, degrees: float) -> tuple[float, float]:
    rad = math.radians(degrees)
    return cx + radius * math.cos(rad), cy + radius * math.sin(rad)


def _title(net: Network) -> str:
    classified = [e for e in net.edges if e.archetype != INSUFFICIENT]
    partnering = sum(e.archetype in PARTNERING_ARCHETYPES for e in classified)
    return _(
        "{parties} parties, {relationships} relationships: {partnering} of the "
        "{classified} classified are partnerships or developing"
    ).format(
        parties=len(net.nodes),
        relationships=len(net.edges),
        partnering=partnering,
        classified=len(classified),
    )


def _edge_words(parties: tuple[str, str], archetype: str, index: float | None) -> str:
    score = "" if index is None else _(", partnering index {index}").format(index=whole(index))
    return f"{parties[0]} – {parties[1]}: {archetype_words(archetype)}{score}"


def network_table(net: Network) -> DataTable:
    return DataTable(
        caption=_("Every relationship on the map"),
        headers=(_("Relationship"), _("Archetype"), _("Partnering index"), _("Label"), _("Scope")),
        rows=tuple(
            (
                " – ".join(e.parties),
                archetype_name(e.archetype),
                whole(e.partnering_index),
                e.label or "–",
                scope_words(e.scope) if e.scope else "–",
            )
            for e in net.edges
        ),
    )


def network_chart(net: Network, key: str = "network") -> Chart:
    """The network as an SVG chart, with its text alternative and table."""
    positions = layout(net)
    title = _title(net)
    present = [a for a in EDGE_STYLE if any(e.archetype == a for e in net.edges)]
    patterns = ", ".join(f"{archetype_words(a)}: {_(EDGE_STYLE[a][2])}" for a in present)
    description = (
        _(
            "A map of the organization: departments are circles, outside firms squares; each "
            "line is a relationship, its colour and dash pattern give the archetype "
            "({patterns}) and its width the partnering index."
        ).format(patterns=patterns)
        + " "
        + "; ".join(_edge_words(e.parties, e.archetype, e.partnering_index) for e in net.edges)
        + "."
    )
    legend_rows = math.ceil(len(present) / 3)
    height = PLOT_HEIGHT + 40 + 24 * legend_rows
    parts = [
        open_svg(key, "network", (WIDTH, height), title, description, FONT),
        f'<rect width="{WIDTH}" height="{height}" fill="{PAPER}"/>',
    ]
    for edge in sorted(net.edges, key=lambda e: (e.partnering_index is not None, e.parties)):
        (x1, y1), (x2, y2) = positions[edge.parties[0]], positions[edge.parties[1]]
        colour, dash, _pattern = EDGE_STYLE.get(edge.archetype, EDGE_STYLE[INSUFFICIENT])
        width = edge_width(edge.partnering_index)
        parts.append(
            f'<g class="edge edge-{esc(edge.archetype)}"><title>'
            f"{esc(_edge_words(edge.parties, edge.archetype, edge.partnering_index))}</title>"
            + line(x1, y1, x2, y2, stroke=colour, width=width, dash=dash)
            + "</g>"
        )
    for node in net.nodes:
        x, y = positions[node.name]
        parts.append(_node(node.name, node.kind, x, y))
    parts.extend(_legend(present, PLOT_HEIGHT + 24))
    parts.append("</svg>")
    return Chart(
        key=key,
        title=title,
        description=description,
        svg="".join(parts),
        table=network_table(net),
    )


def _node(name: str, kind: str | None, x: float, y: float) -> str:
    external = kind == "external"
    if external:
        shape = (
            f'<rect x="{x - NODE:.1f}" y="{y - NODE:.1f}" width="{2 * NODE:g}" '
            f'height="{2 * NODE:g}" fill="{EXTERNAL_FILL}" stroke="{INK}" stroke-width="1.5"/>'
        )
    else:
        shape = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{NODE:g}" fill="{INTERNAL_FILL}" '
            f'stroke="{INK}" stroke-width="1.5"/>'
        )
    cx, _cy = CENTRE
    right = x >= cx - 1
    label_x = x + (NODE + 5) * (1 if right else -1)
    label_y = y + 4
    if abs(x - cx) < 40:
        label_x, label_y = x, y + (NODE + 16 if y > CENTRE[1] else -(NODE + 6))
        anchor = "middle"
    else:
        anchor = "start" if right else "end"
    # A white halo keeps a label readable where a line runs under it.
    label = (
        f'<text x="{label_x:.1f}" y="{label_y:.1f}" font-size="{LABEL_SIZE}" '
        f'text-anchor="{anchor}" fill="{INK}" stroke="{PAPER}" stroke-width="4" '
        f'paint-order="stroke">{esc(name)}</text>'
    )
    kind_words = _("outside firm") if external else _("department")
    return f'<g class="node"><title>{esc(name)} ({kind_words})</title>{shape}{label}</g>'


def _legend(present: list[str], top: float) -> list[str]:
    out = []
    column = (WIDTH - 32) / 3
    for i, archetype in enumerate(present):
        colour, dash, _pattern = EDGE_STYLE[archetype]
        x = 16 + column * (i % 3)
        y = top + 24 * (i // 3)
        out.append(line(x, y - 4, x + 34, y - 4, stroke=colour, width=3.5, dash=dash))
        label = archetype_name(archetype)
        out.append(text(x + 42, y, fit(label, 12, column - 50), size=12, fill=INK))
    shapes_y = top + 24 * math.ceil(len(present) / 3)
    note = _("● department    ■ outside firm    a wider line: a higher partnering index")
    out.append(text(16, shapes_y, note, size=12, fill=MUTED))
    return out


def network_section(net: Network) -> ReportSection:
    """The network for the organization report: the map, its sentences and the metrics."""
    return ReportSection(
        title=_("The organization as a network"),
        sentences=net.sentences,
        chart=network_chart(net, key="report-network"),
        table=DataTable(
            caption=_("Who is central"),
            headers=(
                _("Party"),
                _("Kind"),
                _("Relationships"),
                _("Strength"),
                _("Betweenness"),
                _("Roles"),
            ),
            rows=tuple(
                (
                    n.name,
                    _kind(n.kind),
                    str(n.degree),
                    decimal_point(f"{n.strength:.1f}"),
                    decimal_point(f"{n.betweenness:.2f}"),
                    ", ".join(
                        f"{role_word(role)} ×{count}" for role, count in sorted(n.roles.items())
                    )
                    or "–",
                )
                for n in sorted(net.nodes, key=lambda n: (-n.betweenness, -n.degree, n.name))
            ),
        ),
    )


def round_robin_section(robin: RoundRobin) -> ReportSection:
    """The Social Relations Model of the round robin for the organization report."""
    sentences = (
        robin.headline,
        *(f.sentence for f in robin.findings),
        *(f.sentence for f in robin.pair_findings),
    )
    if not robin.findings and not robin.pair_findings:
        sentences += (_("No party rates everyone, or is rated by everyone, clearly apart."),)
    sentences += robin.warnings
    return ReportSection(
        title=_("Who rates, who is rated: the round robin"),
        sentences=sentences,
        table=DataTable(
            caption=_(
                "Where the differences lie: shares of the variance (who rates = perceiver, who "
                "is rated = target, the pair = relationship) and the reliability of the effects"
            ),
            headers=(
                _("Construct"),
                _("Who rates"),
                _("Who is rated"),
                _("The pair"),
                _("Reliability (rater / rated)"),
            ),
            rows=tuple(
                (
                    c.words,
                    _share(c.shares.get("perceiver")),
                    _share(c.shares.get("target")),
                    _share(c.shares.get("relationship")),
                    f"{_two(c.reliability.get('perceiver'))} / {_two(c.reliability.get('target'))}",
                )
                for c in robin.constructs
            ),
        ),
    )


def organization_sections(
    view: OrganizationView,
) -> tuple[ReportSection | None, ReportSection | None]:
    """``(network, round_robin)`` for ``organization_report(..., network=, round_robin=)``:
    the network when it has at least three relationships, the round robin when the data
    allow one."""
    net = network_section(view.network) if len(view.network.edges) >= 3 else None
    robin = None if view.round_robin is None else round_robin_section(view.round_robin)
    return net, robin


#: A party's kind, as the table of who is central names it.
KINDS = {"internal": N_("internal"), "external": N_("external")}


def _kind(kind: str | None) -> str:
    """A party's kind in the current language ("internal", "external"), or a dash."""
    if not kind:
        return "–"
    return _(KINDS[kind]) if kind in KINDS else kind


def _share(value: float | None) -> str:
    return "–" if value is None else percent(value)


def _two(value: float | None) -> str:
    return "–" if value is None else decimal_point(f"{value:.2f}")


__all__ = [
    "EDGE_STYLE",
    "edge_width",
    "join",
    "layout",
    "network_chart",
    "network_section",
    "organization_sections",
    "round_robin_section",
    "share_sentence",
    "text_width",
]
