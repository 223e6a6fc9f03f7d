"""The facilitator switches the interface to German with the header's switch in a real browser:
the page comes back in German, the choice holds on the next pages (the round's page, checked
with axe-core, with `<html lang="de">`), and switching back gives English again."""

from __future__ import annotations

import pytest
from tests.browser.chromium import NO_PLAYWRIGHT
from tests.integration.web.builders import make_org, make_party, make_relationship
from tests.integration.web.survey_builders import make_round

pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT)

from playwright.sync_api import Page, expect
from tests.browser.accessibility import assert_accessible
from tests.browser.people import sign_in

from parity.web.orgs.models import Role


def test_a_facilitator_switches_to_german_and_opens_a_round(
    base_url: str, facilitator_account: tuple[str, str], laptop: Page
) -> None:
    org = make_org("Harbour Test Group", "harbour", fiona=Role.FACILITATOR)
    finance, nimbus = make_party(org, "Finance"), make_party(org, "Nimbus Cloud")
    make_relationship(finance, nimbus)
    make_round(org, list(org.relationships.all()), name="Winter check")
    page = laptop
    sign_in(page, base_url, *facilitator_account)
    page.goto(f"{base_url}/orgs/harbour/")
    expect(page.get_by_role("link", name="Add a party")).to_be_visible()

    page.get_by_role("button", name="Deutsch").click()
    expect(page.get_by_role("link", name="Partei hinzufügen")).to_be_visible()
    assert page.url == f"{base_url}/orgs/harbour/"
    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert_accessible(page, "the organization page in German")

    page.get_by_role("link", name="Befragungsrunden", exact=True).first.click()
    page.get_by_role("link", name="Winter check").click()
    expect(page.get_by_role("heading", name="Beteiligung")).to_be_visible()
    expect(page.get_by_role("link", name="Befragte einladen")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert_accessible(page, "the round page in German")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Participation")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
