"""A name without spaces, as long as Parity allows (120 characters), on a laptop and a phone:
it wraps, and the table's Edit and Remove links stay on screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.browser.chromium import NO_PLAYWRIGHT, PHONE

pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT)

from playwright.sync_api import BrowserContext, expect
from tests.browser.accessibility import assert_accessible
from tests.browser.people import fits_the_screen, sign_in
from tests.integration.web.builders import make_org, make_party, make_relationship

from parity.web.orgs.models import Role

LONG = "Procurement" * 10 + "Operations"  # 120 characters, no space


@pytest.mark.parametrize("screen", [{}, PHONE], ids=["laptop", "phone"])
def test_a_long_unbroken_name_wraps_and_keeps_the_actions_on_screen(
    screen: dict[str, Any],
    base_url: str,
    facilitator_account: tuple[str, str],
    new_context: Callable[..., BrowserContext],
) -> None:
    username = facilitator_account[0]
    org = make_org(LONG, "long-names", **{username: Role.FACILITATOR})
    make_relationship(make_party(org, LONG), make_party(org, "IT"))
    page = new_context(**screen).new_page()
    sign_in(page, base_url, *facilitator_account)
    page.goto(f"{base_url}/orgs/long-names/")
    expect(page.get_by_role("heading", level=1)).to_have_text(LONG)
    fits_the_screen(page, "the organization page with a 120-character name")
    width = page.evaluate("() => window.innerWidth")
    for link in page.locator(".row-actions a").all():
        box = link.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= width, f"{link.inner_text()} is off screen"
    assert_accessible(page, "the organization page with a 120-character name")
