"""Reports as self-contained HTML: Jinja2 templates with autoescaping, the stylesheet inlined,
charts as inline SVG. Nothing in the file refers to another host, so it opens offline and the
PDF made from it fetches nothing.

A report speaks the current language (:func:`parity.core.translation.current_language`, e.g.
inside ``speaking("de")``): the templates' words through Jinja's i18n extension, the archetypes'
names and meanings, dates and decimal numbers, all looked up when the report is rendered.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date
from functools import cache
from importlib import resources

from babel.dates import format_date
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from parity.core.translation import (
    N_,
    SOURCE_LANGUAGE,
    current_language,
    gettext,
    localized,
    ngettext,
)
from parity.core.vocabulary import (
    ARCHETYPE_NAMES,
    Shown,
    archetype_meaning,
    confidence_meaning,
    name_only_meaning,
    scope_words,
)
from parity.reports.charts.svg import DataTable, decimal_point, signed, whole
from parity.reports.model import role_word
from parity.reports.organization import OrganizationReport
from parity.reports.relationship import RelationshipReport
from parity.reports.workshop import WorkshopPack

#: Where a quote comes from, in words.
QUESTION_WORDS = {
    "purpose": N_("on the purpose of their team"),
    "persona": N_("describing the other as a person"),
    "mirror": N_("on how the other would describe them"),
    "comment": N_("a comment"),
}


def _two_places(value: float | None) -> str:
    return "–" if value is None or math.isnan(value) else decimal_point(f"{value:.2f}")


def _long_date(value: date) -> str:
    """ "6 December 2026" in English (Babel's English long date is "December 6, 2026", so
    English keeps its own form); the locale's long date otherwise ("6. Dezember 2026")."""
    language = current_language()
    if language == SOURCE_LANGUAGE:
        return f"{value.day} {value:%B %Y}"
    return format_date(value, format="long", locale=language)


def question_words(column: str) -> str:
    """Where a quote comes from, in words of the current language (the column if unknown)."""
    return gettext(QUESTION_WORDS[column]) if column in QUESTION_WORDS else column


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
    """The reports' Jinja environment, made once: its gettext reads the current language each
    time it is called, so one environment renders every language."""
    env = Environment(
        loader=PackageLoader("parity.reports", "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        whole=whole,
        signed=signed,
        two_places=_two_places,
        svg=_svg,
        long_date=_long_date,
        column_widths=column_widths,
        decimal_point=decimal_point,
        role=role_word,
        scope=scope_words,
        translate=gettext,
        shown=localized,
    )
    env.globals.update(
        archetype_names=Shown(ARCHETYPE_NAMES),
        archetype_meaning=archetype_meaning,
        name_only_meaning=name_only_meaning,
        confidence_meaning=confidence_meaning,
        question_words=question_words,
        language=current_language,
        page_numbers=page_numbers,
        source_language=SOURCE_LANGUAGE,
    )
    return env


#: Where the page number and the page count go in the footer's words.
PAGE_FIELDS = re.compile(r"\{(page|pages)\}")


def page_numbers() -> Markup:
    """The PDF footer's "Page 3 of 12" in the current language, as the value of a CSS
    ``content`` property: the words as quoted strings, the numbers as the page counters.

    The stylesheet says it in English; a report in another language adds this after it."""
    words = gettext("Page {page} of {pages}")
    parts = []
    for number, piece in enumerate(PAGE_FIELDS.split(words)):
        if number % 2:
            parts.append(f"counter({piece})")
        elif piece:
            quoted = piece.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
            parts.append(f'"{quoted}"')
    return Markup(" ".join(parts))


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
