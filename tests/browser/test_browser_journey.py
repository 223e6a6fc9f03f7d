"""The whole journey in a real browser: map, ask, answer, read.

A facilitator signs in, creates an organization (anonymity thresholds at their floor of 3),
adds two parties and a relationship called "partner", opens a round and makes a sheet of codes
for each side. Two members of each side answer (one on a phone, one typing their code on the
entry page): with fewer than 3 answers a side is not shown, so the page says there are too few
answers to tell. A third member of each side answers, and the facilitator reads the archetype.
Every page on the way is checked with axe-core.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import timedelta

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image
from tests.browser.chromium import NO_PLAYWRIGHT, PHONE

pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT)

from playwright.sync_api import BrowserContext, Page, expect
from tests.browser.accessibility import assert_accessible
from tests.browser.people import PARTNERS, answer_survey, fits_the_screen, sign_in

ORG = "Harbour Test Group"
FINANCE, NIMBUS = "Finance", "Nimbus Cloud"
ROUND = "Autumn check"
#: The label of a "name" field (Django adds a colon to it).
NAME = re.compile(r"^Name:?$")
#: What a datetime-local field takes (the server's time zone; UTC in the tests).
MOMENT = "%Y-%m-%dT%H:%M"


def _map(page: Page) -> None:
    """Create the organization, its two parties and their relationship, from the pages."""
    page.get_by_role("link", name="Create an organization").click()
    page.get_by_label(NAME).fill(ORG)
    page.get_by_label("Anonymity threshold for scores").fill("3")
    page.get_by_label("Anonymity threshold for quoted text").fill("3")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ORG)
    for name, kind, function in (
        (FINANCE, "Department", "Finance"),
        (NIMBUS, "Outside firm", "IT"),
    ):
        page.get_by_role("link", name="Add a party").click()
        page.get_by_label(NAME).fill(name)
        page.get_by_label("Kind").select_option(label=kind)
        page.get_by_label("Function").select_option(label=function)
        page.get_by_role("button", name="Save").click()
        parties = page.get_by_role("table", name="Parties").get_by_role("row")
        expect(parties.filter(has_text=name).filter(has_text=kind)).to_have_count(1)
    page.get_by_role("link", name="Add a relationship").click()
    page.get_by_label("First party").select_option(label=FINANCE)
    page.get_by_label("Second party").select_option(label=NIMBUS)
    page.get_by_label("Label").fill("partner")
    page.get_by_label("Scope").select_option(label="External")
    page.get_by_role("button", name="Save").click()
    row = page.get_by_role("row").filter(has_text=f"{FINANCE} – {NIMBUS}")
    expect(row).to_contain_text("partner")
    expect(row).to_contain_text("External")


def _open_round(page: Page) -> None:
    page.get_by_role("link", name="Open an assessment round").click()
    assert_accessible(page, "the new-round form")
    page.get_by_label("Name of the round").fill(ROUND)
    page.get_by_label(f"{FINANCE} – {NIMBUS}").check()
    now = timezone.localtime()
    page.get_by_label("Opens").fill((now - timedelta(hours=1)).strftime(MOMENT))
    page.get_by_label("Closes").fill((now + timedelta(days=14)).strftime(MOMENT))
    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Invite respondents to {ROUND}")
    assert_accessible(page, "the invitation page")
    page.get_by_role("link", name="Back to the round").click()


def _codes_for(page: Page, party: str, count: int) -> list[str]:
    """From the round's page, a sheet of ``count`` codes for ``party``; returns their links."""
    page.get_by_role("link", name=f"Invite members of {party}").click()
    page.get_by_label("How many codes").fill(str(count))
    page.get_by_role("button", name="Make the code sheet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{count} codes for {party}")
    assert "/codes/" in page.url  # the sheet has its own address: reloading makes no codes
    assert_accessible(page, "the code sheet")
    links = page.locator(".slip-full .slip-link").all_inner_texts()
    assert len(links) == count
    assert sorted(_scanned(page)) == sorted(links)
    page.reload()
    assert page.locator(".slip-full .slip-link").all_inner_texts() == links
    page.get_by_role("button", name="Done, I've printed them").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ROUND)
    return links


def _scanned(page: Page) -> list[str]:
    """What a phone reads from the QR codes of the sheet as Chromium draws it."""
    shot = Image.open(io.BytesIO(page.screenshot(full_page=True)))
    return [str(found.text) for found in zxingcpp.read_barcodes(shot)]


def _enter_code(page: Page, base_url: str, link: str) -> None:
    """Type a printed code on the entry page: first with a typo, then in lower case, in blocks
    of four with spaces (the slip shows it with hyphens)."""
    page.goto(f"{base_url}/s/")
    assert_accessible(page, "the code entry page")
    code = link.rstrip("/").rsplit("/", 1)[1]
    typo = code[:-1] + ("2" if code[-1] != "2" else "3")
    page.get_by_label("Code").fill(typo)
    page.get_by_role("button", name="Open the survey").click()
    expect(page.locator("#code-error")).to_contain_text("This code is not valid")
    assert_accessible(page, "the code entry page with a wrong code")
    blocks = " ".join(code[i : i + 4] for i in range(0, len(code), 4))
    page.get_by_label("Code").fill(blocks.lower())
    page.get_by_role("button", name="Open the survey").click()


def _close_round(page: Page, base_url: str, slug: str) -> None:
    """Close the round from its page: its answers become final and its results appear."""
    page.goto(f"{base_url}/orgs/{slug}/rounds/")
    page.get_by_role("link", name=ROUND).first.click()
    page.get_by_role("link", name="Close now").click()
    assert_accessible(page, "the close-the-round page")
    page.get_by_role("button", name="Close the round now").click()
    expect(page.locator("main")).to_contain_text("Closed")


def _relationship_results(page: Page, base_url: str, slug: str) -> None:
    page.goto(f"{base_url}/orgs/{slug}/")
    page.get_by_role("link", name=f"Results of {ROUND}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ROUND)
    assert_accessible(page, "the organization's results page")
    page.get_by_role("link", name=f"{FINANCE} – {NIMBUS}").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{FINANCE} and {NIMBUS}")


def test_facilitator_maps_asks_and_reads_the_archetype(
    base_url: str,
    facilitator_account: tuple[str, str],
    laptop: Page,
    new_context: Callable[..., BrowserContext],
) -> None:
    page = laptop
    page.goto(f"{base_url}/accounts/login/")
    assert_accessible(page, "the sign-in page")
    sign_in(page, base_url, *facilitator_account)
    _map(page)
    assert_accessible(page, "the organization page")
    slug = page.url.rstrip("/").rsplit("/", 1)[1]
    _open_round(page)
    finance_links, nimbus_links = _codes_for(page, FINANCE, 3), _codes_for(page, NIMBUS, 3)
    assert_accessible(page, "the round page")

    # Two members of each side answer, each in their own browser.
    answer_survey(
        new_context().new_page(),
        finance_links[0],
        NIMBUS,
        answers=PARTNERS[0],
        check=assert_accessible,
    )
    typist = new_context().new_page()
    _enter_code(typist, base_url, finance_links[1])
    answer_survey(typist, typist.url, NIMBUS, answers=PARTNERS[1])
    on_phone = new_context(**PHONE).new_page()
    answer_survey(
        on_phone, nimbus_links[0], FINANCE, answers=PARTNERS[0], how="tap", check=fits_the_screen
    )
    answer_survey(new_context().new_page(), nimbus_links[1], FINANCE, answers=PARTNERS[1])

    # A used link says so, plainly.
    on_phone.goto(nimbus_links[0])
    expect(on_phone.get_by_role("heading", level=1)).to_have_text("This link has been used")
    assert_accessible(on_phone, "the used-link page")

    page.reload()
    for party in (FINANCE, NIMBUS):
        row = page.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name=re.compile(f"^{party} about"))
        )
        expect(row).to_contain_text("2 of 3 invitations used")
    # While the round is open, its results are not shown at all: only the counts above.
    page.goto(f"{base_url}/orgs/{slug}/")
    page.get_by_role("link", name=f"Results of {ROUND}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("results when the round closes")
    expect(page.locator("main")).not_to_contain_text("Too few answers")
    assert_accessible(page, "the results page of an open round")

    # The third member of each side answers (choosing by script, to keep the journey short):
    # now both sides are shown and classified.
    answer_survey(
        new_context().new_page(), finance_links[2], NIMBUS, answers=PARTNERS[2], how="script"
    )
    answer_survey(
        new_context().new_page(), nimbus_links[2], FINANCE, answers=PARTNERS[2], how="script"
    )
    _close_round(page, base_url, slug)
    _relationship_results(page, base_url, slug)
    expect(page.locator(".verdict .archetype")).to_have_text("True partnership")
    expect(page.locator(".name-only")).to_have_count(0)  # called partner, and it is one
    expect(page.get_by_role("heading", name="Who answered")).to_be_visible()
    expect(page.locator(".sides")).to_contain_text(f"{FINANCE} about {NIMBUS}: 3 respondents")
    expect(page.locator(".sides")).to_contain_text(f"{NIMBUS} about {FINANCE}: 3 respondents")
    assert_accessible(page, "the relationship's results page")

    # The network map and the API's documentation run their scripts under the pages'
    # Content-Security-Policy (any refusal fails the test, see conftest.new_context).
    page.goto(f"{base_url}/orgs/{slug}/")
    page.get_by_role("link", name=f"Results of {ROUND}").click()
    page.get_by_role("link", name="See the relationships as a network").click()
    expect(page.locator("#network-map canvas").first).to_be_attached()
    page.goto(f"{base_url}/api/docs")
    expect(page.locator(".swagger-ui .info")).to_contain_text("Parity API")
