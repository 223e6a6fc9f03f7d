"""A facilitator who forgot the password replaces it in a real browser: the link on the
sign-in page, the address, the e-mail's link, a new password, and signing in with it; the old
password no longer works and the used link says so."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core import mail
from tests.browser.chromium import NO_PLAYWRIGHT

pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT)

from playwright.sync_api import BrowserContext, expect
from tests.browser.accessibility import assert_accessible
from tests.browser.people import sign_in

NEW_PASSWORD = "lantern-over-the-quay-57"


def test_a_forgotten_password_is_replaced_by_e_mail(
    new_context: Callable[..., BrowserContext],
    base_url: str,
    facilitator_account: tuple[str, str],
) -> None:
    username, old_password = facilitator_account
    page = new_context().new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forgot your password?")
    assert_accessible(page, "the password reset page")
    page.get_by_label("Email").fill(f"{username.upper()}@example.org")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")

    (message,) = mail.outbox
    found = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", str(message.body))
    assert found, message.body
    link = f"{base_url}{found.group(1)}"
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    assert_accessible(page, "the new password page")
    page.get_by_label(re.compile(r"^New password:?$")).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your new password is set")

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link cannot be used")

    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(old_password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("My organizations")
    sign_in(page, base_url, username, NEW_PASSWORD)
