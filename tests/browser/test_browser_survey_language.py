"""The survey in German, in a real browser: a German-speaking respondent answers the whole survey
in German, each page accessible and marked as German; and the switch changes the language of a
page without losing what was chosen on it, without JavaScript."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from tests.browser.chromium import NO_PLAYWRIGHT

pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT)

from playwright.sync_api import BrowserContext, Page, expect
from tests.browser.accessibility import assert_accessible
from tests.browser.people import PAGES, PARTNERS, choose_answers
from tests.integration.web.builders import make_org, make_party, make_relationship
from tests.integration.web.survey_builders import make_code, make_round

from parity.web.orgs.models import PartyKind
from parity.web.surveys.models import Ballot

GERMAN = {"locale": "de-DE"}
WORDS = "Wir arbeiten mit Copper Kite auf Augenhöhe und entscheiden gemeinsam."


@dataclass(frozen=True)
class Link:
    url: str
    other: str


@pytest.fixture
def link(base_url: str, transactional_db: None) -> Link:
    """A code for a member of Legal, about Copper Kite, in a round that is open now."""
    org = make_org("Org A", "org-a")
    legal = make_party(org, "Legal")
    agency = make_party(org, "Copper Kite", kind=PartyKind.OUTSIDE_FIRM)
    relationship = make_relationship(legal, agency)
    token = make_code(make_round(org, [relationship]), relationship, legal)
    return Link(f"{base_url}/s/{token}/", "Copper Kite")


def _expect_german_page(page: Page, number: int) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator(".progress label")).to_have_text(f"Seite {number} von {PAGES}")


def test_a_respondent_answers_the_whole_survey_in_german(
    link: Link, new_context: Callable[..., BrowserContext]
) -> None:
    page = new_context(**GERMAN).new_page()
    page.goto(link.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Zusammenarbeit mit {link.other}")
    expect(page.get_by_text("Wir und Copper Kite arbeiten auf dasselbe")).to_be_visible()
    answered = 0
    for number in range(1, PAGES + 1):
        _expect_german_page(page, number)
        assert_accessible(page, f"German survey page {number}")
        answered += choose_answers(page, PARTNERS[0])
        if number < PAGES:
            page.get_by_role("button", name="Nächste Seite").click()
    expect(page.get_by_role("heading", name="In Ihren eigenen Worten")).to_be_visible()
    page.get_by_label("Welchen Zweck erfüllt Ihr Team?").fill(WORDS)
    expect(
        page.get_by_text(f"Sie haben {answered} von {answered} Aussagen beantwortet")
    ).to_be_visible()
    page.get_by_role("button", name="Meine Antworten abschicken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vielen Dank: Ihre Antworten sind angekommen"
    )
    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert_accessible(page, "the German thank-you page")
    stored = Ballot.objects.get().answers
    assert {k: v for k, v in stored.items() if k != "purpose"} == {
        name: PARTNERS[0][name] for name in stored if name != "purpose"
    }
    assert stored["purpose"] == WORDS
    assert len(stored) == answered + 1


def test_the_switch_keeps_the_page_and_its_answers_without_javascript(
    link: Link, new_context: Callable[..., BrowserContext]
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(link.url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("label[for='out1-6']").click()
    page.locator("label[for='out2-3']").click()
    page.get_by_role("button", name="Deutsch").click()
    _expect_german_page(page, 1)
    expect(page.locator("#out1-6")).to_be_checked()
    expect(page.locator("#out2-3")).to_be_checked()
    # (axe-core needs JavaScript: the German pages are checked in the test above.)
    page.get_by_role("button", name="Nächste Seite").click()
    _expect_german_page(page, 2)  # the choice holds on the next page
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".progress label")).to_have_text(f"Page 2 of {PAGES}")
    page.get_by_role("button", name="Previous page").click()
    expect(page.locator("#out1-6")).to_be_checked()
