"""Sign-in throttling: a password guesser is locked out per user name and per client address.

django-axes counts failed sign-ins in the database (its ``AccessAttempt`` table: the user name
tried, the client address and browser, the time; never a password). Once
``settings.AXES_FAILURE_LIMIT`` failures were counted for a user name, or from an address,
within ``settings.AXES_COOLOFF_TIME`` of each other, sign-ins with that user name or from that
address are refused until the cool-off has passed since the last failure, *before* any password
is checked: a locked-out guesser costs the server no password hashing. The refusal is the same
page whether the user name exists or not, so it tells a guesser nothing about accounts.

The public token pages have their own, per-minute limits (:mod:`parity.web.ratelimit`); both
read the client's address in one place, :func:`parity.web.ratelimit.client_address`, so
``PARITY_PROXY_COUNT`` applies to both.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from parity.web.ratelimit import client_address


class ThrottledSignIn(AxesStandaloneBackend):  # type: ignore[misc]
    """Refuses sign-ins that are locked out; checks no password itself.

    Code that authenticates without a request (a management command, the test client's
    ``login``) has no address to count and is not throttled; every sign-in form passes its
    request.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, username, password, **kwargs)
        return None


def client_ip(request: HttpRequest) -> str:
    """The address that failures are counted against (behind ``PARITY_PROXY_COUNT`` proxies)."""
    return client_address(request, settings.PROXY_COUNT)


def unlocked_at(request: HttpRequest, credentials: dict[str, Any] | None) -> datetime:
    """When sign-ins for this user name and from this address are accepted again."""
    cool_off = get_cool_off(request) or timedelta(0)
    match = Q(ip_address=client_ip(request))
    username = get_client_username(request, credentials)
    if username:
        match |= Q(username=username)
    last = AccessAttempt.objects.filter(match).aggregate(last=Max("attempt_time"))["last"]
    return (last or timezone.now()) + cool_off


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page of a refused sign-in: 429, when to try again, and nothing about the account."""
    until = unlocked_at(request, credentials)
    wait = max(1, int((until - timezone.now()).total_seconds()))
    response = render(
        request,
        "registration/locked_out.html",
        {"until": until, "minutes": (wait + 59) // 60},
        status=429,
    )
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    return response
