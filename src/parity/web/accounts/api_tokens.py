"""Personal API tokens: made on the account page, shown once, stored only as a hash.

A token is ``pty_`` followed by 43 URL-safe characters (256 random bits). The prefix lets a
secret scanner or a person recognise a leaked Parity token. Like invitation links (see
:mod:`parity.web.tokens`), the token is looked up by its SHA-256 hash, so a copy of the
database opens nothing. A request with a token acts as the token's user: the same memberships
and roles decide what it may see and change (:mod:`parity.web.orgs.tenancy`).
"""

from __future__ import annotations

import secrets

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext

from parity.web.accounts.models import ApiToken
from parity.web.tokens import hash_token

#: Every Parity API token starts with this.
TOKEN_PREFIX = "pty_"
#: Characters of the token kept in clear to tell tokens apart (prefix and four more).
SHOWN_CHARACTERS = len(TOKEN_PREFIX) + 4
#: Nobody needs more tokens than this; revoke old ones first.
MAX_TOKENS_PER_USER = 20


class TooManyTokensError(Exception):
    def __init__(self) -> None:
        super().__init__(
            gettext("You already have %(count)s tokens; revoke one you no longer use first.")
            % {"count": MAX_TOKENS_PER_USER}
        )


def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A saved token and its clear text: the only moment it exists outside the user's hands."""
    if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise TooManyTokensError
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    saved = ApiToken.objects.create(
        user=user, name=name, prefix=token[:SHOWN_CHARACTERS], token_hash=hash_token(token)
    )
    return saved, token


def user_for_token(token: str) -> User | None:
    """The active user a token belongs to, recording the day it was used; None if unknown."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    found = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(token), user__is_active=True)
        .first()
    )
    if found is None:
        return None
    today = timezone.localdate()
    if found.last_used_on != today:
        # One write a day at most, whatever the number of requests.
        ApiToken.objects.filter(pk=found.pk).update(last_used_on=today)
    return found.user


def revoke_api_token(user: User, pk: int) -> ApiToken | None:
    """Delete ``user``'s token ``pk``; None if they have no such token."""
    found = ApiToken.objects.filter(user=user, pk=pk).first()
    if found is not None:
        found.delete()
    return found
