"""Single sign-on: which Parity account the organization's OpenID Connect provider opens.

mozilla-django-oidc runs the exchange (the redirect to the provider, the code for tokens with
the client secret and PKCE, the ID token's signature and nonce); this backend decides who
signs in, because an e-mail address is the only thing a provider and Parity's accounts share:

- the provider must not say that it did *not* verify the address (``email_verified`` false),
  and the address must be in ``PARITY_OIDC_EMAIL_DOMAINS`` when that is set;
- the account with that address signs in, in any letter case; when two accounts share it,
  nobody does, since picking one could open someone else's account;
- without such an account, a new one is made (its user name from the address, no password,
  no organization: a colleague's invitation brings it into one, as for any account);
- a deactivated account stays shut.

A refusal is told on the sign-in page in one sentence; the logs name the reason, never the
address or a token. The second factor is not the provider's business: an account that turned
it on is asked for its code after single sign-on as after a password
(:class:`parity.web.accounts.two_factor.SecondFactorMiddleware`).
"""

from __future__ import annotations

import logging
import re
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

LOGGER = logging.getLogger(__name__)

#: The sentences of the sign-in page, one per reason an answer of the provider is refused:
#: English in the log, the page's language on the page (:func:`_refuse`).
UNVERIFIED = gettext_noop(
    "Your sign-in provider has not verified your e-mail address, so Parity cannot tell which "
    "account is yours; verify it with the provider, or sign in with your password."
)
NO_ADDRESS = gettext_noop(
    "Your sign-in provider did not tell Parity your e-mail address, which Parity needs to "
    "find your account; ask whoever runs the provider to share it."
)
OTHER_DOMAIN = gettext_noop(
    "Your e-mail address is not one of the domains this Parity accepts for single sign-on; "
    "sign in with your password, or ask whoever runs Parity."
)
SHARED = gettext_noop(
    "Two Parity accounts have your e-mail address, so Parity cannot tell which one is yours; "
    "ask whoever runs Parity to give one of them another address."
)
INACTIVE = gettext_noop(
    "This Parity account is switched off; ask whoever runs Parity to turn it back on."
)
UNCHECKED = gettext_noop(
    "Parity could not check your sign-in provider's answer, so you are not signed in; "
    "try again, or sign in with your password."
)
UNREACHABLE = gettext_noop(
    "Parity could not reach your sign-in provider; try again in a moment, or sign in with "
    "your password."
)
#: What a user name made from an address may hold (Django's rule for user names).
_NOT_IN_USERNAME = re.compile(r"[^\w.+-]")
_USERNAME_LENGTH = 150
_NAME_LENGTH = 150


class SignInRefusedError(Exception):
    """The provider's answer names nobody Parity may sign in; the message says why."""


class SingleSignOnBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Signs in the account of the provider's verified e-mail address, or makes one."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Only the provider's answer at the callback: a password form whose address happens
        # to carry ``?code=`` never reaches the provider.
        if request is None or "password" in kwargs or not _at_callback(request):
            return None
        try:
            user: User | None = super().authenticate(request, **kwargs)
        except SignInRefusedError as refusal:
            _refuse(request, str(refusal), "refused the account")
        except (SuspiciousOperation, jwt.InvalidTokenError) as error:
            _refuse(request, UNCHECKED, f"could not check the answer ({error})")
        except requests.RequestException as error:
            _refuse(request, UNREACHABLE, f"had no answer ({type(error).__name__})")
        else:
            return user
        return None

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The signature and nonce (checked by the library), and that the token is for Parity."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was issued to another client.")
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User:
        claims: dict[str, Any] = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The user information is about another subject.")
        email = verified_email(claims)
        matches = list(User.objects.filter(email__iexact=email)[:2])
        if len(matches) > 1:
            raise SignInRefusedError(SHARED)
        if not matches:
            return self.create_user({**claims, "email": email})
        if not matches[0].is_active:
            raise SignInRefusedError(INACTIVE)
        return matches[0]

    def create_user(self, claims: dict[str, Any]) -> User:
        """A new account: the address and the name, no password, no organization."""
        email = str(claims["email"])
        given = str(claims.get("given_name") or claims.get("name") or "")
        family = str(claims.get("family_name") or "") if claims.get("given_name") else ""
        user = User.objects.create_user(unique_username(email), email=email)
        user.first_name, user.last_name = given[:_NAME_LENGTH], family[:_NAME_LENGTH]
        user.save(update_fields=["first_name", "last_name"])
        LOGGER.info("Single sign-on made a new account, user number %s.", user.pk)
        return user

    def get_user(self, user_id: int) -> User | None:
        """The account of a session, while it is active (the library's would keep a
        switched-off account signed in)."""
        user: User | None = ModelBackend.get_user(self, user_id)
        return user

    def describe_user_by_claims(self, claims: dict[str, Any]) -> str:
        return "the provider's account"  # the library's default would log the address


def verified_email(claims: dict[str, Any]) -> str:
    """The address of the claims, unless the provider disowns it or its domain is not allowed.

    Only an explicit ``email_verified`` of false refuses, since some providers (Entra ID)
    never send the claim; ``PARITY_OIDC_EMAIL_DOMAINS`` then keeps sign-in to the addresses of
    the organization's own domains.
    """
    email = str(claims.get("email") or "").strip()
    if "@" not in email:
        raise SignInRefusedError(NO_ADDRESS)
    if str(claims.get("email_verified", "")).strip().lower() == "false":
        raise SignInRefusedError(UNVERIFIED)
    config = settings.SINGLE_SIGN_ON
    domains = config.email_domains if config is not None else ()
    if domains and email.rsplit("@", 1)[1].lower() not in domains:
        raise SignInRefusedError(OTHER_DOMAIN)
    return email


def unique_username(email: str) -> str:
    """The part of the address before the @, numbered when an account already has it."""
    local_part = email.split("@", 1)[0].lower()
    base = _NOT_IN_USERNAME.sub("", local_part)[: _USERNAME_LENGTH - 8] or "user"
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _at_callback(request: HttpRequest) -> bool:
    return request.path == reverse("oidc_authentication_callback")


def _refuse(request: HttpRequest, sentence: str, reason: str) -> None:
    """Nobody signs in; the page says why in ``sentence``, the log in ``reason`` (neither
    holds an address or a token)."""
    LOGGER.warning("Single sign-on %s: %s", reason, sentence)
    messages.error(request, gettext(sentence))
