"""An analysis as a compact HTML table, for notebooks (``Analysis._repr_html_``): per
relationship its verdict (the archetype), the partnering index and each side's partnering
score, so that a result reads at a glance where it is made.

Every text (party names, labels, archetypes) comes from the user's files, so all of it is
escaped. A side below the anonymity threshold shows no number, only that it is hidden, as
everywhere else (docs/privacy.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Protocol


class _Side(Protocol):
    """What the table reads of a side (:class:`parity.core.analysis.SideResult`)."""

    @property
    def party(self) -> str: ...
    @property
    def shown(self) -> bool: ...
    @property
    def respondents(self) -> int: ...
    @property
    def partnering_score(self) -> float | None: ...


class _Relationship(Protocol):
    """What the table reads of a relationship (:class:`parity.core.analysis.RelationshipResult`)."""

    @property
    def parties(self) -> tuple[str, str]: ...
    @property
    def wave(self) -> str | None: ...
    @property
    def label(self) -> str | None: ...
    @property
    def archetype(self) -> str: ...
    @property
    def partnering_index(self) -> float | None: ...
    @property
    def sides(self) -> Sequence[_Side]: ...


class _Analysis(Protocol):
    """What the table reads of an analysis (:class:`parity.core.analysis.Analysis`, which
    calls this module: a protocol rather than an import, so the two do not import each other)."""

    @property
    def instrument(self) -> Mapping[str, str]: ...
    @property
    def min_respondents(self) -> int: ...
    @property
    def relationships(self) -> Sequence[_Relationship]: ...


#: The rows shown: a notebook cell is for a glance, the whole result is in the JSON or tables.
MAX_ROWS = 50

_HEAD = (
    "<th>Relationship</th><th>Verdict</th><th>Partnering index</th>"
    "<th>First side</th><th>Second side</th>"
)


def analysis_html(analysis: _Analysis, max_rows: int = MAX_ROWS) -> str:
    """The relationships of ``analysis`` as an HTML table, at most ``max_rows`` of them."""
    relationships = analysis.relationships
    rows = "".join(_row(r) for r in relationships[:max_rows])
    caption = (
        f"Parity analysis: {len(relationships)} relationship"
        f"{'' if len(relationships) == 1 else 's'}, instrument "
        f"{escape(str(analysis.instrument.get('id', '')))}, sides shown from "
        f"{analysis.min_respondents} respondents"
    )
    more = len(relationships) - max_rows
    tail = f"<p>… and {more} more; the full result is in the JSON output.</p>" if more > 0 else ""
    return (
        f'<table class="parity-analysis"><caption>{caption}</caption>'
        f"<thead><tr>{_HEAD}</tr></thead><tbody>{rows}</tbody></table>{tail}"
    )


def _row(relationship: _Relationship) -> str:
    a, b = relationship.parties
    name = f"{a} ↔ {b}"
    if relationship.wave is not None:
        name = f"{name} ({relationship.wave})"
    if relationship.label:
        name = f"{name}: {relationship.label}"
    cells = (
        escape(name),
        escape(relationship.archetype),
        _number(relationship.partnering_index),
        *(_side(side) for side in relationship.sides),
    )
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def _side(side: _Side) -> str:
    """A side's partnering score and respondents, or that it is hidden (no count shown)."""
    if not side.shown:
        return f"{escape(side.party)}: hidden"
    return f"{escape(side.party)}: {_number(side.partnering_score)} (n={side.respondents})"


def _number(value: float | None) -> str:
    """A score as the tables show it: whole points, a dash where there is none."""
    if value is None or value != value:
        return "–"
    return f"{value:.0f}"
