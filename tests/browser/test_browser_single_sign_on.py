"""Single sign-on in a real browser: "Sign in with Contoso" on Parity's sign-in page, the
provider's own sign-in form (django-oauth-toolkit in a second process), and back on Parity,
signed in to the account of the provider's e-mail address."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from tests.browser.chromium import NO_PLAYWRIGHT
from tests.support.oidc_provider.process import Provider, running_provider
from tests.support.single_sign_on import switched_on

pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT)

from playwright.sync_api import BrowserContext, expect
from tests.browser.accessibility import assert_accessible

PASSWORD = "a-long-provider-password"


@pytest.fixture(scope="module")
def provider(live_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    callback = f"{live_server.url}/oidc/callback/"
    with running_provider(Path(tmp_path_factory.mktemp("provider")), [callback]) as running:
        yield running


def test_sign_in_with_the_organizations_provider(
    new_context: Callable[..., BrowserContext],
    base_url: str,
    provider: Provider,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    transactional_db: None,
) -> None:
    fiona = User.objects.create_user("fiona", "Fiona@Example.org", password="a-local-password")
    provider.add_person("fiona.f", PASSWORD, "fiona@example.org", first_name="Fiona")
    with switched_on(settings, monkeypatch, provider):
        page = new_context().new_page()
        page.goto(f"{base_url}/accounts/login/")
        sso = page.get_by_role("link", name="Sign in with Contoso")
        expect(sso).to_be_visible()
        expect(page.get_by_label("Password")).to_be_visible()
        assert_accessible(page, "the sign-in page with single sign-on")
        sso.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in at the provider")
        page.get_by_label("Username").fill("fiona.f")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", name="My organizations")).to_be_visible()
        assert page.url.startswith(base_url)
        expect(page.get_by_role("button", name=f"Sign out {fiona.username}")).to_be_visible()
        page.get_by_role("button", name=f"Sign out {fiona.username}").click()
        expect(page.get_by_role("link", name="Sign in with Contoso")).to_be_visible()
    assert User.objects.count() == 1
