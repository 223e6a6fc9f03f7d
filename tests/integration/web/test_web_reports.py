"""Downloading the results: the relationship and organization reports (HTML, PDF) and the
workshop pack, for the organization's members only and under the pages' anonymity rules."""

from __future__ import annotations

import html as html_lib
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from tests.integration.web.builders import World, make_party, make_relationship
from tests.integration.web.insights_builders import answer, make_results_round

from parity.web.orgs.models import Organization
from parity.web.surveys.models import Round

SALES_WORDS = "We own the outcome jointly with IT, as equals"
IT_WORDS = "We serve Sales and do whatever they ask, we never say no to Sales."
#: A fragment of IT's words (quotes may be shortened, never this part).
IT_FRAGMENT = "we never say no to Sales"


def _org_report(round_: Round, fmt: str) -> str:
    return reverse("insights:organization_report", args=[round_.organization.slug, round_.pk, fmt])


def _rel_report(round_: Round, world: World, fmt: str) -> str:
    args = [round_.organization.slug, round_.pk, world.relationship.pk, fmt]
    return reverse("insights:relationship_report", args=args)


def _workshop(round_: Round, world: World) -> str:
    args = [round_.organization.slug, round_.pk, world.relationship.pk]
    return reverse("insights:workshop_pack", args=args)


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content), strict=True)
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def _html_text(content: bytes) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]*>", "", content.decode())).split())


@pytest.fixture
def mixed(world: World) -> Round:
    """Sales (7 respondents) may be quoted; IT (6) is shown but not quoted."""
    round_ = make_results_round(world.org_a, [world.relationship])
    answer(round_, world.relationship, world.sales, 7)
    answer(round_, world.relationship, world.it, 6, text=IT_WORDS)
    return round_


@pytest.fixture
def small(world: World) -> Round:
    """Sales (6 respondents); IT (3) is under the score threshold of 5."""
    round_ = make_results_round(world.org_a, [world.relationship])
    answer(round_, world.relationship, world.sales, 6)
    answer(round_, world.relationship, world.it, 3, text=IT_WORDS)
    return round_


def test_a_facilitator_downloads_the_relationship_report_as_pdf_and_html(
    world: World, mixed: Round, facilitator: Client
) -> None:
    response = facilitator.get(_rel_report(mixed, world, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="parity-org-a-spring-it-sales.pdf"'
    )
    assert response["Cache-Control"] == "no-store"
    text = _pdf_text(response.content)
    assert "IT and Sales" in text
    assert "True partnership" in text
    assert "org a" in text.casefold()
    assert SALES_WORDS in text
    assert IT_FRAGMENT not in text
    page = facilitator.get(_rel_report(mixed, world, "html"))
    assert page["Content-Type"] == "text/html; charset=utf-8"
    body = _html_text(page.content)
    assert SALES_WORDS in body
    assert IT_FRAGMENT not in body
    assert "Not quoted: words are quoted only from groups of at least 7 respondents." in body
    assert "IT: 6 respondents" in body
    assert "<script" not in page.content.decode()


def test_the_organization_report(world: World, mixed: Round, viewer: Client) -> None:
    response = viewer.get(_org_report(mixed, "pdf"))
    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert "Org A" in text
    assert "0 of 1 relationship called partner is a partner in name only." in text
    assert IT_FRAGMENT not in text
    assert SALES_WORDS not in text
    html = viewer.get(_org_report(mixed, "html"))
    assert html.status_code == 200
    assert "Every relationship" in _html_text(html.content)


def test_the_workshop_pack(world: World, mixed: Round, viewer: Client) -> None:
    response = viewer.get(_workshop(mixed, world))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Partnering charter: IT and Sales" in text
    assert "If they were a person: a workshop for IT and Sales" in text
    assert "IT's own words are not quoted" in text
    assert IT_FRAGMENT not in text


def test_a_side_under_the_score_threshold_shows_nothing_in_the_reports(
    world: World, small: Round, facilitator: Client
) -> None:
    body = _html_text(facilitator.get(_rel_report(small, world, "html")).content)
    assert "IT: fewer than 5 respondents: not shown" in body
    assert "Too few answers to tell" in body
    assert IT_FRAGMENT not in body
    assert "3 respondents" not in body
    assert not re.search(r"\b9 respondents\b", body)  # no total over both sides
    overview = _html_text(facilitator.get(_org_report(small, "html")).content)
    assert "IT: fewer than 5" in overview
    assert "Sales: 6" in overview
    assert "IT: 3" not in overview


def test_the_reports_follow_the_organizations_thresholds(
    world: World, small: Round, facilitator: Client
) -> None:
    Organization.objects.filter(pk=world.org_a.pk).update(score_threshold=3, text_threshold=3)
    body = _html_text(facilitator.get(_rel_report(small, world, "html")).content)
    assert "IT: 3 respondents" in body
    assert IT_FRAGMENT in body


def test_an_outsider_gets_404_and_a_stranger_must_sign_in(
    world: World, mixed: Round, outsider: Client
) -> None:
    urls = [
        _org_report(mixed, "pdf"),
        _org_report(mixed, "html"),
        _rel_report(mixed, world, "pdf"),
        _rel_report(mixed, world, "html"),
        _workshop(mixed, world),
    ]
    for url in urls:
        assert outsider.get(url).status_code == 404, url
        assert outsider.get(url.replace("/org-a/", "/org-b/")).status_code == 404, url
        response = Client().get(url)
        assert response.status_code == 302, url
        assert "/login" in response["Location"], url


def test_unknown_formats_and_relationships_are_not_found(
    world: World, mixed: Round, facilitator: Client
) -> None:
    assert facilitator.get(_org_report(mixed, "docx")).status_code == 404
    assert facilitator.get(_rel_report(mixed, world, "exe")).status_code == 404
    elsewhere = make_relationship(make_party(world.org_a, "Finance"), world.it)
    args = [world.org_a.slug, mixed.pk, elsewhere.pk, "html"]
    assert facilitator.get(reverse("insights:relationship_report", args=args)).status_code == 404
    assert facilitator.post(_org_report(mixed, "html")).status_code == 405


def test_the_pages_offer_the_downloads(world: World, mixed: Round, viewer: Client) -> None:
    relationship_page = viewer.get(
        reverse("insights:relationship", args=[world.org_a.slug, mixed.pk, world.relationship.pk])
    ).content.decode()
    assert _rel_report(mixed, world, "pdf") in relationship_page
    assert _rel_report(mixed, world, "html") in relationship_page
    assert _workshop(mixed, world) in relationship_page
    organization_page = viewer.get(
        reverse("insights:organization", args=[world.org_a.slug, mixed.pk])
    ).content.decode()
    assert _org_report(mixed, "pdf") in organization_page
    assert _org_report(mixed, "html") in organization_page


def test_an_open_round_has_no_report_yet(world: World, viewer: Client) -> None:
    round_ = make_results_round(world.org_a, [world.relationship], closed=False)
    answer(round_, world.relationship, world.sales, 5)
    answer(round_, world.relationship, world.it, 5)
    response = viewer.get(_rel_report(round_, world, "html"))
    body = _html_text(response.content)
    assert "results when the round closes" in body
    assert "attachment" not in response.get("Content-Disposition", "")
    assert "True partnership" not in body


def test_the_trend_uses_the_organizations_earlier_rounds(world: World, facilitator: Client) -> None:
    before = make_results_round(world.org_a, [world.relationship], name="Spring", days_ago=90)
    answer(before, world.relationship, world.sales, 5)
    answer(before, world.relationship, world.it, 5)
    after = make_results_round(world.org_a, [world.relationship], name="Autumn", days_ago=30)
    answer(after, world.relationship, world.sales, 5)
    answer(after, world.relationship, world.it, 5)
    body = _html_text(facilitator.get(_rel_report(after, world, "html")).content)
    assert "Across rounds" in body
    assert "The partnering index held steady" in body
    assert "in Spring" in body
    first = _html_text(facilitator.get(_rel_report(before, world, "html")).content)
    assert "Across rounds" not in first
