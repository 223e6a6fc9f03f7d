"""The optional second factor: turned on with a QR code, asked for at every sign-in after."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

SETUP = "/accounts/two-factor/"
VERIFY = "/accounts/two-factor/verify/"
PASSWORD = "a-long-and-right-password"


@pytest.fixture
def alice(db: None) -> User:
    return User.objects.create_user("alice", "alice@example.org", password=PASSWORD)


def _code(device: TOTPDevice, steps_later: int = 0) -> str:
    """The app's code now, or ``steps_later`` periods of 30 seconds on (a code is taken once:
    the next sign-in within the same period needs the next code, which the device accepts a
    period early)."""
    device.refresh_from_db()
    number = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=device.drift + steps_later,
    )
    return str(number).zfill(device.digits)


def _sign_in(username: str = "alice", password: str = PASSWORD) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302
    return client


def _turn_on(client: Client, user: User) -> list[str]:
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    page = client.post(SETUP, {"code": _code(device)})
    assert "Two-factor sign-in is on" in page.content.decode()
    return re.findall(r"<li><code>(\w+)</code></li>", page.content.decode())


def test_the_setup_page_shows_a_qr_code_inside_the_page(alice: User) -> None:
    client = _sign_in()
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    found = re.search(r'<img src="(data:image/svg\+xml[^"]*)"', page)
    assert found, "the QR code is an image inside the page, from no other site"
    assert "<svg" in unquote(found.group(1))
    assert "<script" not in page
    assert " style=" not in page
    assert "issuer=Parity" in device.config_url
    secret = re.search(r"secret=(\w+)", device.config_url)
    assert secret
    assert secret.group(1) in page


def test_a_wrong_first_code_leaves_it_off(alice: User) -> None:
    client = _sign_in()
    client.get(SETUP)
    page = client.post(SETUP, {"code": "000000"}).content.decode()
    assert "does not match" in page
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert _sign_in().get("/orgs/").status_code == 200


def test_once_on_a_password_alone_opens_nothing(alice: User) -> None:
    _turn_on(_sign_in(), alice)
    client = _sign_in()
    response = client.get("/orgs/")
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert client.get(reverse("accounts:tokens")).status_code == 302
    api = client.get("/api/orgs")
    assert api.status_code == 403
    # The code opens the account, and the page asked for first.
    device = TOTPDevice.objects.get(user=alice)
    done = client.post(VERIFY, {"code": _code(device, 1), "next": "/accounts/tokens/"})
    assert done["Location"] == "/accounts/tokens/"
    assert client.get("/orgs/").status_code == 200


def test_a_wrong_code_is_refused_and_slows_the_next(alice: User) -> None:
    _turn_on(_sign_in(), alice)
    client = _sign_in()
    page = client.post(VERIFY, {"code": "123456"})
    assert "does not match" in page.content.decode()
    device = TOTPDevice.objects.get(user=alice)
    # Straight after a failure the device waits: even the right code is not checked.
    assert "does not match" in client.post(VERIFY, {"code": _code(device, 1)}).content.decode()
    assert client.get("/orgs/").status_code == 302


def test_a_backup_code_works_once(alice: User) -> None:
    codes = _turn_on(_sign_in(), alice)
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=alice).count() == 10
    client = _sign_in()
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 302
    assert client.get("/orgs/").status_code == 200
    again = _sign_in()
    assert "does not match" in again.post(VERIFY, {"code": codes[0]}).content.decode()


def test_an_open_redirect_is_refused(alice: User) -> None:
    _turn_on(_sign_in(), alice)
    client = _sign_in()
    device = TOTPDevice.objects.get(user=alice)
    done = client.post(VERIFY, {"code": _code(device, 1), "next": "https://evil.example/"})
    assert done["Location"] == "/orgs/"


def test_turning_it_off_takes_a_code(alice: User) -> None:
    client = _sign_in()
    _turn_on(client, alice)
    refused = client.post(SETUP, {"code": "000000"}).content.decode()
    assert "stays on" in refused
    assert TOTPDevice.objects.filter(user=alice).exists()
    device = TOTPDevice.objects.get(user=alice)
    device.throttle_reset()
    off = client.post(SETUP, {"code": _code(device, 1)}).content.decode()
    assert "Two-factor sign-in is off" in off
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert _sign_in().get("/orgs/").status_code == 200


def test_the_operator_turns_it_off_for_a_lost_phone(alice: User) -> None:
    _turn_on(_sign_in(), alice)
    out = io.StringIO()
    call_command("two_factor_off", "alice", stdout=out)
    assert "off for alice" in out.getvalue()
    assert _sign_in().get("/orgs/").status_code == 200
    with pytest.raises(CommandError, match="no account with the user name 'nobody'"):
        call_command("two_factor_off", "nobody")
