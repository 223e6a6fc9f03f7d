"""Turning on the second factor in a real browser, as with a phone: scan the QR code on the
screen, type the app's code, keep the backup codes; then sign in again with a code."""

from __future__ import annotations

import io
from base64 import b32decode
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from django_otp.oath import TOTP
from PIL import Image
from tests.browser.chromium import NO_PLAYWRIGHT

pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT)

from playwright.sync_api import BrowserContext, Page, expect
from tests.browser.accessibility import assert_accessible
from tests.browser.people import sign_in


def _scan(page: Page) -> str:
    """What a phone reads from the QR code as Chromium draws it."""
    shot = Image.open(io.BytesIO(page.locator("img[alt^='QR code']").screenshot()))
    found = [str(code.text) for code in zxingcpp.read_barcodes(shot)]
    assert len(found) == 1, found
    return found[0]


class App:
    """An authenticator app with the key it scanned."""

    def __init__(self, link: str) -> None:
        assert link.startswith("otpauth://totp/")
        secret = parse_qs(urlsplit(link).query)["secret"][0]
        self.key = b32decode(secret + "=" * (-len(secret) % 8))

    def code(self, steps_later: int = 0) -> str:
        totp = TOTP(self.key)
        totp.drift = steps_later
        return str(totp.token()).zfill(6)


def test_turn_on_and_sign_in_with_a_code(
    new_context: Callable[..., BrowserContext],
    base_url: str,
    facilitator_account: tuple[str, str],
) -> None:
    username, password = facilitator_account
    page = new_context().new_page()
    sign_in(page, base_url, username, password)
    page.get_by_role("link", name="Two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Turn on two-factor sign-in")
    assert_accessible(page, "the two-factor setup page")
    link = _scan(page)
    assert "issuer=Parity" in link
    app = App(link)
    page.get_by_label("Code").fill(app.code())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in is on")
    expect(page.locator(".codes li")).to_have_count(10)
    assert_accessible(page, "the backup codes")
    page.get_by_role("button", name=f"Sign out {username}").click()

    # A password alone now stops at the code page.
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your sign-in code")
    assert_accessible(page, "the sign-in code page")
    page.goto(f"{base_url}/orgs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your sign-in code")
    page.get_by_label("Code").fill(app.code(steps_later=1))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My organizations")).to_be_visible()
