"""What a facilitator reads of a side's words, in a real browser: a warm personification is
quoted as what it is, never as hostility (the persona question casts the other party, so "A
partner who listens." is a partner's words, not an adversary's)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.browser.chromium import NO_PLAYWRIGHT

pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT)

from playwright.sync_api import Page, expect
from tests.browser.accessibility import assert_accessible
from tests.browser.people import sign_in
from tests.integration.web.builders import make_org, make_party, make_relationship
from tests.integration.web.insights_builders import answer, make_results_round

from parity.web.orgs.models import Role

#: How HR's members describe Store Operations as a person: warm, and each in its own words.
WARM = (
    "A trusted colleague who tells us the truth.",
    "A partner who listens.",
    "A good friend we can count on when the tills go down on a Saturday.",
    "Like a teammate who always passes the ball back.",
    "An ally: we win the quarter together or not at all.",
    "A co-pilot. They fly the stores, we navigate, and we swap when it helps.",
    "Someone we'd happily share an office with, and a budget.",
)
MIRROR = "They'd say we're the people they plan the year with."


def _round_with_warm_words(username: str) -> str:
    """A closed round of a partnership whose HR side wrote the warm personas; its page's URL."""
    org = make_org("Harbour Retail", "harbour", **{username: Role.FACILITATOR})
    hr, stores = make_party(org, "HR"), make_party(org, "Store Operations")
    relationship = make_relationship(hr, stores)
    round_ = make_results_round(org, [relationship])
    for persona in WARM:
        answer(round_, relationship, hr, 1, written={"persona": persona, "mirror": MIRROR})
    answer(round_, relationship, stores, 7)
    return reverse("insights:relationship", args=["harbour", round_.pk, relationship.pk])


def test_a_warm_persona_is_never_quoted_as_an_adversary(
    base_url: str, facilitator_account: tuple[str, str], laptop: Page
) -> None:
    url = _round_with_warm_words(facilitator_account[0])
    page = laptop
    sign_in(page, base_url, *facilitator_account)
    page.goto(base_url + url)
    expect(page.get_by_role("heading", name="How HR sees Store Operations")).to_be_visible()
    shown = [text for text in WARM if page.locator("blockquote.quote", has_text=text).count()]
    assert len(shown) >= 3, f"only {shown} of the warm personas are quoted"
    for text in shown:
        quote = page.locator("blockquote.quote", has_text=text).first
        expect(quote.locator(".stance")).not_to_have_text("adversary")
    expect(page.locator("main")).not_to_contain_text("speak mostly as an adversary")
    assert_accessible(page, "the relationship page with portraits")
