"""Reports as self-contained HTML: Jinja2 templates with autoescaping, the stylesheet inlined,
charts as inline SVG. Nothing in the file refers to another host, so it opens offline and the
PDF made from it fetches nothing."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from parity.core.vocabulary import (
    ARCHETYPE_MEANINGS,
    ARCHETYPE_NAMES,
    CONFIDENCE_MEANING,
    NAME_ONLY_MEANING,
)
from parity.reports.charts.svg import DataTable, signed, whole
from parity.reports.organization import OrganizationReport
from parity.reports.relationship import RelationshipReport
from parity.reports.workshop import WorkshopPack

#: Where a quote comes from, in words.
QUESTION_WORDS = {
    "purpose": "on the purpose of their team",
    "persona": "describing the other as a person",
    "mirror": "on how the other would describe them",
    "comment": "a comment",
}


def _two_places(value: float | None) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.2f}"


def _long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


#: Column widths count characters between these bounds: a long cell wraps rather than
#: squeezing the numbers, and a one-digit column still fits a short header.
WIDTH_CHARACTERS = (4, 36)
#: A header up to this long stays on one line; a longer one may wrap between its words.
HEADER_CHARACTERS = 16


def _characters(header: str, cells: Iterable[str]) -> int:
    """The characters a column needs: its longest cell, or its header (a long one wraps)."""
    low, high = WIDTH_CHARACTERS
    heading = min(len(header), max([HEADER_CHARACTERS, *(len(w) for w in header.split())]))
    return min(high, max(low, heading, *(len(cell) for cell in cells)))


def column_widths(table: DataTable) -> list[str]:
    """The widths of a table of numbers' columns, as CSS percentages, in proportion to the
    characters each column needs.

    Every table states its widths so that a PDF lays it out once (``table-layout: fixed``)
    instead of measuring every cell for its widest word first.
    """
    needs = [
        _characters(header, (row[n] for row in table.rows if n < len(row)))
        for n, header in enumerate(table.headers)
    ]
    total = sum(needs)
    return [f"{100 * need / total:.1f}%" for need in needs]


def _svg(markup: str) -> Markup:
    """Chart markup is built by :mod:`parity.reports.charts`, which escapes every text in it."""
    return Markup(markup)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("parity.reports", "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        whole=whole,
        signed=signed,
        two_places=_two_places,
        svg=_svg,
        long_date=_long_date,
        column_widths=column_widths,
    )
    env.globals.update(
        archetype_names=ARCHETYPE_NAMES,
        archetype_meanings=ARCHETYPE_MEANINGS,
        name_only_meaning=NAME_ONLY_MEANING,
        confidence_meaning=CONFIDENCE_MEANING,
        question_words=QUESTION_WORDS,
    )
    return env


@cache
def stylesheet() -> Markup:
    """The report's CSS, for a ``<style>`` element (not escaped: it is our own file)."""
    text = resources.files("parity.reports").joinpath("static/report.css").read_text("utf-8")
    return Markup(text)


def relationship_html(report: RelationshipReport) -> str:
    template = environment().get_template("relationship.html")
    return template.render(report=report, context=report.context, css=stylesheet())


def organization_html(report: OrganizationReport) -> str:
    template = environment().get_template("organization.html")
    return template.render(report=report, context=report.context, css=stylesheet())


def workshop_html(pack: WorkshopPack) -> str:
    template = environment().get_template("workshop.html")
    return template.render(pack=pack, context=pack.context, css=stylesheet())
