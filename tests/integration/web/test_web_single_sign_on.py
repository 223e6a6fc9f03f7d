"""Single sign-on against a real OpenID Connect provider (django-oauth-toolkit in a process of
its own, ``tests/support/oidc_provider``): Parity's test client starts the sign-in, a person
signs in at the provider over HTTP, and the provider's redirect (code and state) comes back to
Parity's callback in the same session; Parity then exchanges the code with the provider.
"""

from __future__ import annotations

import io
import itertools
import logging
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.support.oidc_provider.process import Provider, running_provider
from tests.support.single_sign_on import switched_on

from parity.web.accounts import single_sign_on as sso
from parity.web.environment import single_sign_on
from parity.web.logmask import MaskFilter, mask
from parity.web.orgs.models import Membership

CALLBACK = "http://testserver/oidc/callback/"
PASSWORD = "a-long-provider-password"
_people = itertools.count(1)


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    with running_provider(tmp_path_factory.mktemp("provider"), [CALLBACK]) as running:
        yield running


@pytest.fixture
def sso_on(settings: Any, monkeypatch: pytest.MonkeyPatch, provider: Provider) -> Iterator[None]:
    with switched_on(settings, monkeypatch, provider):
        yield


def _person(provider: Provider, email: str, **claims: Any) -> str:
    """A person at the provider with this address; their user name there."""
    username = f"person{next(_people)}"
    provider.add_person(username, PASSWORD, email, **claims)
    return username


def _sso(provider: Provider, username: str, client: Client | None = None) -> tuple[Client, Any]:
    """Sign in through the provider; Parity's client and its answer at the callback."""
    client = client or Client()
    start = client.get("/oidc/authenticate/?next=/orgs/")
    assert start.status_code == 302
    back = urlsplit(provider.sign_in(start["Location"], username, PASSWORD))
    assert f"{back.scheme}://{back.netloc}{back.path}" == CALLBACK
    return client, client.get(f"{back.path}?{back.query}")


def _signed_in_as(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def _refusal(client: Client, answer: HttpResponse) -> str:
    assert answer.status_code == 302
    assert answer["Location"] == "/accounts/login/"
    assert _signed_in_as(client) is None
    return client.get("/accounts/login/").content.decode()


def test_without_configuration_there_is_no_button_and_no_page(client: Client, db: None) -> None:
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with" not in page
    assert 'name="password"' in page
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404


@pytest.mark.usefixtures("sso_on")
def test_the_sign_in_page_offers_the_provider_beside_passwords(client: Client, db: None) -> None:
    page = client.get("/accounts/login/?next=/orgs/").content.decode()
    assert 'href="/oidc/authenticate/?next=/orgs/"' in page
    assert "Sign in with Contoso" in page
    assert 'name="password"' in page
    User.objects.create_user("lena", "lena@example.org", password="a-local-password-too")
    answer = client.post(
        "/accounts/login/", {"username": "lena", "password": "a-local-password-too"}
    )
    assert answer.status_code == 302
    assert _signed_in_as(client) == User.objects.get(username="lena").pk


@pytest.mark.usefixtures("sso_on")
def test_an_account_is_found_by_its_address_in_any_letter_case(
    provider: Provider, db: None
) -> None:
    fiona = User.objects.create_user("fiona", "Fiona.Facilitator@Example.org", password="x-pass-1")
    username = _person(provider, "fiona.facilitator@example.ORG")
    client, answer = _sso(provider, username)
    assert answer.status_code == 302
    assert answer["Location"] == "/orgs/"
    assert _signed_in_as(client) == fiona.pk
    assert User.objects.count() == 1
    assert client.get("/orgs/").status_code == 200


@pytest.mark.usefixtures("sso_on")
def test_a_new_person_gets_an_account_and_no_organization(provider: Provider, db: None) -> None:
    User.objects.create_user("nadia.new", "someone.else@example.org")
    username = _person(provider, "Nadia.New@example.org", first_name="Nadia", last_name="New")
    client, answer = _sso(provider, username)
    assert answer.status_code == 302
    user = User.objects.get(email__iexact="nadia.new@example.org")
    assert _signed_in_as(client) == user.pk
    assert user.username == "nadia.new-2", "the user name is unique"
    assert (user.first_name, user.last_name) == ("Nadia", "New")
    assert not user.has_usable_password()
    assert not Membership.objects.filter(user=user).exists()


@pytest.mark.usefixtures("sso_on")
def test_an_address_the_provider_did_not_verify_is_refused(provider: Provider, db: None) -> None:
    User.objects.create_user("una", "una@example.org")
    username = _person(provider, "una@example.org", verified=False)
    client, answer = _sso(provider, username)
    assert sso.UNVERIFIED in _refusal(client, answer)
    assert User.objects.count() == 1
    # The refusal counts as a failed sign-in from that address, without the one-time code.
    attempt = AccessAttempt.objects.get()
    assert "code=****" in attempt.get_data
    assert "state=****" in attempt.get_data


@pytest.mark.usefixtures("sso_on")
def test_a_locked_out_address_cannot_sign_in_through_the_provider_either(
    provider: Provider, db: None, settings: Any
) -> None:
    settings.AXES_FAILURE_LIMIT = 1
    User.objects.create_user("vera", "vera@example.org")
    _sso(provider, _person(provider, "vera@example.org", verified=False))
    client, answer = _sso(provider, _person(provider, "vera@example.org"))
    assert answer.status_code == 429
    assert _signed_in_as(client) is None


@pytest.mark.usefixtures("sso_on")
def test_an_address_two_accounts_share_is_refused(provider: Provider, db: None) -> None:
    User.objects.create_user("sam", "sam@example.org")
    User.objects.create_user("sam2", "SAM@example.org")
    client, answer = _sso(provider, _person(provider, "sam@example.org"))
    assert sso.SHARED in _refusal(client, answer)


@pytest.mark.usefixtures("sso_on")
def test_a_switched_off_account_stays_shut(provider: Provider, db: None) -> None:
    User.objects.create_user("ivo", "ivo@example.org", is_active=False)
    client, answer = _sso(provider, _person(provider, "ivo@example.org"))
    assert sso.INACTIVE in _refusal(client, answer)


@pytest.mark.usefixtures("sso_on")
def test_a_domain_outside_the_allowed_ones_is_refused(
    provider: Provider, db: None, settings: Any
) -> None:
    settings.SINGLE_SIGN_ON = replace(settings.SINGLE_SIGN_ON, email_domains=("contoso.example",))
    client, answer = _sso(provider, _person(provider, "outsider@elsewhere.example"))
    assert sso.OTHER_DOMAIN in _refusal(client, answer)
    assert not User.objects.exists()


def _code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return str(totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)).zfill(6)


@pytest.mark.usefixtures("sso_on")
def test_the_second_factor_is_still_asked_after_single_sign_on(
    provider: Provider, db: None
) -> None:
    tess = User.objects.create_user("tess", "tess@example.org", password="x-pass-2")
    device = TOTPDevice.objects.create(user=tess, name="Authenticator app", confirmed=True)
    client, answer = _sso(provider, _person(provider, "tess@example.org"))
    assert _signed_in_as(client) == tess.pk
    held = client.get(answer["Location"])
    assert held.status_code == 302
    assert held["Location"].startswith("/accounts/two-factor/verify/")
    assert client.get("/api/orgs").status_code == 403
    verified = client.post(held["Location"], {"code": _code(device)})
    assert verified.status_code == 302
    assert client.get("/orgs/").status_code == 200


@pytest.mark.usefixtures("sso_on")
def test_signing_out_ends_a_single_sign_on_session(provider: Provider, db: None) -> None:
    client, _ = _sso(provider, _person(provider, "olga.out@example.org"))
    assert client.get("/orgs/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert _signed_in_as(client) is None
    assert client.get("/orgs/")["Location"].startswith("/accounts/login/")


@pytest.mark.usefixtures("sso_on")
def test_a_password_form_never_reaches_the_provider(provider: Provider, db: None) -> None:
    client = Client()
    wrong = {"username": "nobody", "password": "not-it"}
    answer = client.post("/accounts/login/?code=stolen&state=guess", wrong)
    assert answer.status_code == 200
    assert "enter a correct username and password" in answer.content.decode()


@pytest.fixture
def masked_log() -> Iterator[io.StringIO]:
    """Everything logged at any level, masked as the server's output is."""
    text = io.StringIO()
    handler = logging.StreamHandler(text)
    handler.addFilter(MaskFilter())
    names = ["", "django", "mozilla_django_oidc", "parity", "urllib3", "axes"]
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    yield text
    logging.getLogger().removeHandler(handler)
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


@pytest.mark.usefixtures("sso_on")
def test_a_log_reader_sees_no_token_code_or_address(
    provider: Provider, db: None, masked_log: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[dict[str, Any]] = []
    real_get_token = sso.SingleSignOnBackend.get_token

    def get_token(self: sso.SingleSignOnBackend, payload: dict[str, Any]) -> Any:
        seen.append({**payload, **real_get_token(self, payload)})
        return seen[-1]

    monkeypatch.setattr(sso.SingleSignOnBackend, "get_token", get_token)
    _sso(provider, _person(provider, "rosa.logged@example.org"))
    User.objects.create_user("uma", "uma.unverified@example.org")
    _sso(provider, _person(provider, "uma.unverified@example.org", verified=False))
    log = masked_log.getvalue()
    assert "Single sign-on refused the account" in log, "the log says what happened"
    assert len(seen) == 2
    secrets = [exchange[key] for exchange in seen for key in ("code", "access_token", "id_token")]
    secrets += [exchange["refresh_token"] for exchange in seen if "refresh_token" in exchange]
    secrets += ["rosa.logged", "uma.unverified", provider.client_secret]
    leaked = [secret for secret in secrets if secret in log]
    assert leaked == []


def test_the_access_log_line_of_the_callback_hides_the_code() -> None:
    line = '"GET /oidc/callback/?code=Zk8sQ1w0&state=s7 HTTP/1.1" 302 0 310ms'
    assert "Zk8sQ1w0" not in mask(line)
    assert "/oidc/callback/?code=…&state=s7" in mask(line)


def test_unset_variables_leave_single_sign_on_off(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.startswith("PARITY_OIDC_")]:
        monkeypatch.delenv(name)
    assert single_sign_on() is None


def test_a_half_configuration_stops_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARITY_OIDC_CLIENT_ID", "parity")
    with pytest.raises(ImproperlyConfigured, match="PARITY_OIDC_CLIENT_SECRET"):
        single_sign_on()


def test_endpoints_must_use_https(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    provider = Provider("http://idp.example", tmp_path, "parity", "secret")
    for name, value in provider.parity_environment().items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match="https://"):
        single_sign_on()
    for name, value in provider.parity_environment().items():
        monkeypatch.setenv(name, value.replace("http://", "https://"))
    monkeypatch.setenv("PARITY_OIDC_EMAIL_DOMAINS", "Contoso.example, @fabrikam.example")
    config = single_sign_on()
    assert config is not None
    assert config.email_domains == ("contoso.example", "fabrikam.example")
    assert config.client_settings["OIDC_RP_SIGN_ALGO"] == "RS256"
    assert config.name == "Contoso"
