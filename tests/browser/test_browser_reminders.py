"""A reminder run in a real browser: the facilitator invites three people by e-mail, one answers,
the facilitator reminds the others from the round page, and each reminder's new link opens the
survey while the first one no longer does. The page never says how many were reminded, and a
second reminder the same day is refused with the moment it may go. Pages checked with axe-core.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core import mail
from tests.browser.chromium import NO_PLAYWRIGHT
from tests.integration.web.builders import make_org, make_party, make_relationship
from tests.integration.web.survey_builders import make_round

pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT)

from playwright.sync_api import BrowserContext, Page, expect
from tests.browser.accessibility import assert_accessible
from tests.browser.people import answer_survey, sign_in

from parity.web.orgs.models import Role

ADDRESSES = ("ann@example.org", "ben@example.org", "cem@example.org")
LINK = re.compile(r"(http://[^/\s]+/s/[\w-]+/)")


def _links(messages: list[mail.EmailMessage]) -> dict[str, str]:
    """Each recipient's link in ``messages``."""
    found = {}
    for message in messages:
        link = LINK.search(str(message.body))
        assert link is not None, message.body
        found[message.to[0]] = link.group(1)
    return found


def test_a_facilitator_reminds_those_who_have_not_answered(
    base_url: str,
    facilitator_account: tuple[str, str],
    laptop: Page,
    new_context: Callable[..., BrowserContext],
) -> None:
    org = make_org("Harbour Test Group", "harbour", fiona=Role.FACILITATOR)
    finance, nimbus = make_party(org, "Finance"), make_party(org, "Nimbus Cloud")
    make_relationship(finance, nimbus)
    make_round(org, list(org.relationships.all()), name="Winter check")
    page = laptop
    sign_in(page, base_url, *facilitator_account)
    page.goto(f"{base_url}/orgs/harbour/rounds/")
    page.get_by_role("link", name="Winter check").click()
    round_page = page.url

    page.get_by_role("link", name="Invite respondents").click()
    side = page.locator("select[name=mail-side] option", has_text="Finance, about")
    page.locator("select[name=mail-side]").select_option(side.get_attribute("value"))
    page.get_by_label("E-mail addresses").fill("\n".join(ADDRESSES))
    page.get_by_role("button", name="Send the invitations").click()
    expect(page.get_by_text("Sending 3 invitations to Finance")).to_be_visible()
    first = _links(mail.outbox)
    assert sorted(first) == sorted(ADDRESSES)
    mail.outbox.clear()

    respondent = new_context().new_page()
    answer_survey(respondent, first[ADDRESSES[0]], "Nimbus Cloud")

    page.goto(round_page)
    page.get_by_role("button", name="Remind those who have not answered").click()
    told = page.get_by_text("Reminders are on their way")
    expect(told).to_be_visible()
    expect(told).not_to_contain_text("2")  # never how many
    assert_accessible(page, "the round page after a reminder")
    reminded = _links(mail.outbox)
    assert sorted(reminded) == sorted(ADDRESSES[1:])  # not the one who answered

    person = new_context().new_page()
    person.goto(first[ADDRESSES[1]])
    expect(person.get_by_role("heading", level=1)).to_have_text("Link not found")
    person.goto(reminded[ADDRESSES[1]])
    expect(person.get_by_role("heading", level=1)).to_have_text("Working with Nimbus Cloud")

    page.get_by_role("button", name="Remind those who have not answered").click()
    expect(page.get_by_text("A reminder went out less than 24 hours ago")).to_be_visible()
    assert len(mail.outbox) == 2  # nothing more was sent
