"""Who is calling the API, and whether they may reach the organization in the URL.

Two ways in, tried in this order:

- a personal API token, ``Authorization: Bearer pty_…`` (for scripts; no CSRF, since a browser
  never adds this header by itself);
- the browser's session cookie, with Django's CSRF check on unsafe methods.

Both then apply tenancy before the request body is even read: when the URL names an
organization (``/orgs/{slug}/…``), :func:`tenant_for_method` answers 404 to a non-member and
403 to a viewer who tries any method but GET. The views still resolve their tenant themselves;
this guard makes the answer the same for every route, whatever its body.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from parity.web.accounts.api_tokens import user_for_token
from parity.web.audit.registration import record_actor
from parity.web.orgs.tenancy import tenant_for_method


def _admit(request: HttpRequest, user: User) -> User:
    match = request.resolver_match
    slug = match.kwargs.get("slug") if match is not None else None
    if slug is not None:
        tenant_for_method(user, str(slug), request.method)
    return user


class PersonalTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with a token made on the account page."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token.strip())
        if user is None:
            return None
        # Views (and the results API) read request.user, as with a session.
        request.user = user
        record_actor(user)  # the record of changes names the token's owner (parity.web.audit)
        return _admit(request, user)


class SessionWithTenancy(SessionAuth):
    """The signed-in browser session; ninja checks the CSRF token before this runs."""

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if not isinstance(user, User) or not user.is_authenticated:
            return None
        return _admit(request, user)


token_auth = PersonalTokenAuth()
session_auth = SessionWithTenancy()
