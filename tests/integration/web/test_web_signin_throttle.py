"""A password guesser is locked out, per user name and per client address, as an attacker
would meet it: by posting the sign-in form."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import F
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

LOGIN = "/accounts/login/"
PASSWORD = "a-long-and-right-password"


@pytest.fixture
def alice(db: None) -> User:
    return User.objects.create_user("alice", "alice@example.org", password=PASSWORD)


def _sign_in(username: str, password: str, address: str = "198.51.100.4") -> int:
    client = Client(REMOTE_ADDR=address)
    response = client.post(LOGIN, {"username": username, "password": password})
    if response.status_code == 302:
        assert response.wsgi_request.user.is_authenticated
    return response.status_code


def _guess(username: str, times: int, address: str = "198.51.100.4") -> None:
    for attempt in range(times):
        assert _sign_in(username, f"wrong-{attempt}", address) == 200


def _lock(username: str, address: str = "198.51.100.4") -> None:
    """Fail the limit's number of times: the last failure is answered with the lock."""
    _guess(username, settings.AXES_FAILURE_LIMIT - 1, address)
    assert _sign_in(username, "wrong-last", address) == 429


def test_the_limit_is_a_named_setting() -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME


def test_the_right_password_is_accepted_before_the_limit(alice: User) -> None:
    _guess("alice", settings.AXES_FAILURE_LIMIT - 1)
    assert _sign_in("alice", PASSWORD) == 302


def test_after_the_limit_the_right_password_is_refused(alice: User) -> None:
    _guess("alice", settings.AXES_FAILURE_LIMIT - 1)
    client = Client(REMOTE_ADDR="198.51.100.4")
    response = client.post(LOGIN, {"username": "alice", "password": "wrong-last"})
    assert response.status_code == 429
    refused = client.post(LOGIN, {"username": "alice", "password": PASSWORD})
    assert refused.status_code == 429
    assert not refused.wsgi_request.user.is_authenticated
    assert "_auth_user_id" not in client.session
    page = refused.content.decode()
    assert "Too many failed sign-ins" in page
    assert 0 < int(refused["Retry-After"]) <= 15 * 60


def test_two_hundred_guesses_never_get_in(alice: User) -> None:
    statuses = [_sign_in("alice", f"wrong-{n}") for n in range(200)]
    assert statuses.count(200) == settings.AXES_FAILURE_LIMIT - 1
    assert _sign_in("alice", PASSWORD) == 429


def test_the_account_is_locked_from_every_address(alice: User) -> None:
    """Spreading the guesses for one account over many addresses does not help."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in("alice", "wrong", address=f"203.0.113.{n + 1}")
    assert _sign_in("alice", PASSWORD, address="192.0.2.200") == 429


def test_one_address_is_locked_across_user_names(alice: User) -> None:
    """Trying one password on many accounts from one address is stopped too."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(f"someone-{n}", "wrong", address="203.0.113.66")
    assert _sign_in("alice", PASSWORD, address="203.0.113.66") == 429
    assert _sign_in("alice", PASSWORD, address="203.0.113.67") == 302


def test_the_page_is_the_same_whether_the_account_exists(alice: User) -> None:
    """The lock tells nothing about accounts: same status and same words for a made-up name."""
    pages = {}
    for name, address in (("alice", "203.0.113.10"), ("nobody-at-all", "203.0.113.11")):
        _guess(name, settings.AXES_FAILURE_LIMIT - 1, address)
        response = Client(REMOTE_ADDR=address).post(LOGIN, {"username": name, "password": "wrong"})
        assert response.status_code == 429
        # Without the header's CSRF token, new for each browser whatever the account.
        pages[name] = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.text)
    assert pages["alice"] == pages["nobody-at-all"]
    assert "alice" not in pages["alice"]


def test_the_lock_expires_after_the_cool_off(alice: User) -> None:
    _lock("alice")
    assert _sign_in("alice", PASSWORD) == 429
    # Play the clock forward: the failures happened a cool-off and a minute ago.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )
    assert _sign_in("alice", PASSWORD) == 302


def test_the_lock_holds_until_the_cool_off_is_over(alice: User) -> None:
    _lock("alice")
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    )
    assert _sign_in("alice", PASSWORD) == 429


def test_a_try_during_the_pause_starts_it_again(alice: User) -> None:
    _lock("alice")
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    )
    assert _sign_in("alice", "one-more-guess") == 429
    # Two minutes on, the first failures are more than a cool-off old, but the last try is not.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=2))
    assert _sign_in("alice", PASSWORD) == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME)
    assert _sign_in("alice", PASSWORD) == 302


@override_settings(AXES_FAILURE_LIMIT=2)
def test_the_limit_follows_the_setting(alice: User) -> None:
    _guess("alice", 1)
    assert _sign_in("alice", "wrong") == 429


@override_settings(PROXY_COUNT=1)
def test_behind_a_proxy_the_clients_address_is_counted(alice: User) -> None:
    """Behind one proxy, guessers from one client are locked, other clients are not."""
    proxy = "10.0.0.1"

    def through_proxy(client_ip: str, password: str) -> int:
        client = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=client_ip)
        return client.post(LOGIN, {"username": f"x{password}", "password": password}).status_code

    for n in range(settings.AXES_FAILURE_LIMIT):
        through_proxy("203.0.113.90", f"wrong{n}")
    assert through_proxy("203.0.113.90", "again") == 429
    assert _sign_in_via(proxy, "203.0.113.91") == 302


def _sign_in_via(proxy: str, client_ip: str) -> int:
    client = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=client_ip)
    return client.post(LOGIN, {"username": "alice", "password": PASSWORD}).status_code


def test_the_login_page_offers_a_new_password(db: None) -> None:
    page = Client().get(LOGIN).content.decode()
    assert reverse("accounts:password_reset") in page
