"""The respondent's pages on their own: without JavaScript, with the keyboard only, and the
pages a respondent meets besides the questions (saved, a wrong answer, an unknown link)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from tests.browser.chromium import NO_PLAYWRIGHT

pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT)

from playwright.sync_api import BrowserContext, Page, expect
from tests.browser.accessibility import assert_accessible
from tests.browser.people import PAGES, THANKS, choose_answers, expect_survey_page
from tests.integration.web.builders import make_org, make_party, make_relationship
from tests.integration.web.insights_builders import PARTNER
from tests.integration.web.survey_builders import make_code, make_round

from parity.web.orgs.models import PartyKind
from parity.web.surveys.answering import open_draft
from parity.web.surveys.models import Ballot, Invitation


@dataclass(frozen=True)
class Link:
    url: str
    party: str
    other: str


@pytest.fixture
def link(base_url: str, transactional_db: None) -> Link:
    """A code for a member of Legal, about Copper Kite, in a round that is open now."""
    org = make_org("Org A", "org-a")
    legal = make_party(org, "Legal")
    agency = make_party(org, "Copper Kite", kind=PartyKind.OUTSIDE_FIRM)
    relationship = make_relationship(legal, agency)
    token = make_code(make_round(org, [relationship]), relationship, legal)
    return Link(f"{base_url}/s/{token}/", "Legal", "Copper Kite")


def test_the_survey_works_without_javascript(
    link: Link, new_context: Callable[..., BrowserContext]
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(link.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Working with {link.other}")
    choose_answers(page, PARTNER)
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers are saved")
    page.get_by_role("link", name="Continue now").click()
    expect_survey_page(page, 1)
    expect(page.get_by_text("Your saved answers are filled in.")).to_be_visible()
    expect(page.locator(f"#out1-{PARTNER['out1']}")).to_be_checked()
    for number in range(1, PAGES):
        expect_survey_page(page, number)
        choose_answers(page, PARTNER)
        page.get_by_role("button", name="Next page").click()
    expect_survey_page(page, PAGES)
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(THANKS)
    # One answer waits in the ballot box until its side has enough to be mixed (privacy.md).
    answered = Ballot.objects.get().answers
    assert (answered["out1"], answered["trs3"]) == (PARTNER["out1"], PARTNER["trs3"])


def _tab_to(page: Page, test: str, limit: int = 15) -> None:
    """Press Tab until ``test`` (a JavaScript predicate on the focused element) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(element => {test})(document.activeElement)"):
            return
    raise AssertionError(f"{limit} presses of Tab never reached the element where {test}")


def test_a_respondent_answers_with_the_keyboard_only(link: Link, laptop: Page) -> None:
    page = laptop
    page.goto(link.url)
    _tab_to(page, "element.name === 'out1'")
    point = page.locator("label[for='out1-1']")
    expect(point).to_have_css("outline-style", "solid")  # where the focus is can be seen
    page.keyboard.press("Space")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    expect(page.locator("#out1-5")).to_be_checked()
    _tab_to(page, "element.name === 'out2'")
    page.keyboard.press("Space")
    expect(page.locator("#out2-1")).to_be_checked()
    _tab_to(page, "element.textContent === 'Next page'", limit=40)
    page.keyboard.press("Enter")
    expect_survey_page(page, 2)
    token = link.url.rstrip("/").rsplit("/", 1)[1]
    assert open_draft(Invitation.objects.get(), token) == {"out1": 5, "out2": 1}


def test_the_pages_around_the_survey_are_accessible(
    base_url: str, link: Link, laptop: Page
) -> None:
    page = laptop
    page.goto(link.url)
    # A tampered answer (no such point on the scale) is refused with a list of what to check.
    page.locator("#out1-7").evaluate("input => { input.value = '9'; input.checked = true; }")
    page.get_by_role("button", name="Next page").click()
    expect(page.get_by_role("alert")).to_contain_text("choose a number from 1 to 7")
    assert_accessible(page, "a survey page with a refused answer")
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers are saved")
    assert_accessible(page, "the saved-answers page")
    page.goto(f"{base_url}/s/not-a-code/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Link not found")
    assert_accessible(page, "the unknown-link page")
