"""The operators' admin in a real browser: signing in through Parity's sign-in page, the list
of accounts with its scripts working, and nothing refused by the Content-Security-Policy (the
``new_context`` fixture fails the test on any refusal)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from tests.browser.chromium import NO_PLAYWRIGHT

pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT)

from playwright.sync_api import BrowserContext, expect

OPERATOR = ("opal", "an operator password long enough")


def test_an_operator_opens_the_accounts(
    new_context: Callable[..., BrowserContext], base_url: str, transactional_db: None
) -> None:
    User.objects.create_superuser(OPERATOR[0], "opal@example.org", OPERATOR[1])
    User.objects.create_user("fiona", "fiona@example.org", "a long enough test password")
    page = new_context().new_page()
    page.goto(f"{base_url}/admin/")
    page.get_by_label("Username").fill(OPERATOR[0])
    page.get_by_label("Password").fill(OPERATOR[1])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Accounts and organizations")).to_be_visible()
    page.get_by_role("link", name="Users").first.click()
    expect(page.get_by_role("heading", name="Select user to change")).to_be_visible()
    # The list's script counts the ticked rows: it ran.
    page.get_by_role("row", name="fiona").get_by_role("checkbox").check()
    expect(page.locator(".action-counter")).to_contain_text("1 of 2 selected")
