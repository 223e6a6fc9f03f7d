"""The reports in German: the same documents, every heading, date and number in the reader's
language under ``speaking("de")``, and English exactly as before outside it."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pytest
from pypdf import PdfReader
from tests.unit.reports.conftest import THRESHOLDS, pair

from parity.core.analysis import Analysis, RelationshipResult
from parity.core.translation import speaking
from parity.reports import (
    ReportContext,
    html_to_pdf,
    organization_html,
    organization_report,
    relationship_html,
    relationship_report,
    workshop_html,
    workshop_pack,
)
from parity.reports.charts.svg import decimal_point, percent
from parity.reports.html import _long_date, _two_places, page_numbers

Find = Callable[[str, str], RelationshipResult]

#: A fixed day, so the date each report prints is known.
CONTEXT = ReportContext(
    "Harbour & Vale Group", "Spring review", "closed", "responses.csv", date(2026, 12, 6)
)
GERMAN_DATE = "6. Dezember 2026"
ENGLISH_DATE = "6 December 2026"


def _relationship(result: RelationshipResult) -> str:
    return relationship_html(relationship_report(result, THRESHOLDS, CONTEXT))


def _organization(analysis: Analysis) -> str:
    return organization_html(organization_report(analysis.relationships, THRESHOLDS, CONTEXT))


def _workshop(result: RelationshipResult) -> str:
    return workshop_html(workshop_pack([result], THRESHOLDS, CONTEXT))


def _says_german(html: str, headings: tuple[str, ...], english: tuple[str, ...]) -> None:
    assert '<html lang="de">' in html
    assert GERMAN_DATE in html
    assert ENGLISH_DATE not in html
    for heading in headings:
        assert heading in html
    body = html.split("</head>", 1)[1]
    for heading in english:
        assert heading not in body


def test_a_relationship_report_in_german(find: Find) -> None:
    with speaking("de"):
        html = _relationship(find("IT", "Sales"))
    _says_german(
        html,
        (
            "Parity-Beziehungsbericht",
            "In Kürze",
            "So lesen Sie diesen Bericht",
            "Warum Parity das sagt",
            "Wie jede Seite die andere sieht",
            "Brauchen sie einander?",
            "In ihren eigenen Worten",
            "Worüber Sie sprechen sollten",
            "Glossar",
            "Erstellt von Parity am 6. Dezember 2026 aus responses.csv.",
        ),
        (
            "Parity relationship report",
            "In brief",
            "How to read this report",
            "Why Parity says so",
            "How each side sees the other",
            "Do they need each other?",
            "In their own words",
            "What to talk about",
            "Glossary",
            "Made by Parity",
            "The numbers behind the chart",
        ),
    )
    # The archetype's confidence, a decimal, with a decimal comma.
    assert "1,00 <span" in html or "0,9" in html


def test_an_organization_report_in_german(demo_analysis: Analysis) -> None:
    with speaking("de"):
        html = _organization(demo_analysis)
    _says_german(
        html,
        (
            "Parity-Organisationsbericht",
            "Was die Beziehungen sind",
            "Partner nur dem Namen nach",
            "Wie jede Partei jede andere sieht",
            "Wer wie ein Diener spricht",
            "Alle Beziehungen",
            "Die Arten von Beziehungen",
        ),
        (
            "Parity organization report",
            "What the relationships are",
            "Partners in name only",
            "How each party sees each other party",
            "Who talks like a servant",
            "Every relationship",
            "The kinds of relationship",
            "Number of relationships",
        ),
    )


def test_a_workshop_pack_in_german() -> None:
    with speaking("de"):
        html = _workshop(pair(8, 6).result)
    _says_german(
        html,
        ("Parity-Workshop-Paket", "Workshop-Paket: Finance und IT", "So nutzen Sie dieses Paket"),
        ("Parity workshop pack", "Workshop pack", "How to use this pack", "Because:"),
    )


def test_english_is_what_it_was_after_a_german_report(find: Find) -> None:
    result = find("IT", "Sales")
    before = _relationship(result)
    with speaking("de"):
        _relationship(result)
    after = _relationship(result)
    assert after == before
    assert '<html lang="en">' in after
    assert "How to read this report" in after
    assert ENGLISH_DATE in after
    assert "@bottom-right" not in after.split("</style>", 1)[1]


def test_dates_and_decimals_in_each_language() -> None:
    day = date(2026, 12, 6)
    assert _long_date(day) == ENGLISH_DATE
    assert _two_places(0.5) == "0.50"
    assert percent(0.594) == "59%"
    with speaking("de"):
        assert _long_date(day) == GERMAN_DATE
        assert _two_places(0.5) == "0,50"
        assert _two_places(float("nan")) == "–"
        assert decimal_point("−0.31") == "−0,31"
        assert percent(0.594) == "59\u00a0%"
        assert str(page_numbers()) == '"Seite " counter(page) " von " counter(pages)'


@pytest.mark.slow
def test_a_german_pdf_speaks_german_down_to_its_page_numbers(find: Find) -> None:
    with speaking("de"):
        pdf = html_to_pdf(_relationship(find("IT", "Sales")))
    reader = PdfReader(io.BytesIO(pdf), strict=True)
    first = " ".join((reader.pages[0].extract_text() or "").split())
    assert "So lesen Sie diesen Bericht" in first
    assert GERMAN_DATE.upper() in first or GERMAN_DATE in first
    assert f"Seite 1 von {len(reader.pages)}" in first
