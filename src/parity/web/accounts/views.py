"""Inviting a colleague (facilitators), the page behind the invitation link, and one's own
personal API tokens."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from parity.web.accounts.api_tokens import (
    TooManyTokensError,
    create_api_token,
    revoke_api_token,
)
from parity.web.accounts.colleague_invites import (
    InviteRefusedError,
    accept_invite,
    send_invite,
)
from parity.web.accounts.forms import ApiTokenForm, InviteForm, SignUpForm
from parity.web.accounts.models import ApiToken, Invite, find_invite
from parity.web.accounts.signin import client_ip
from parity.web.orgs.models import ROLE_IN_A_SENTENCE, Role
from parity.web.orgs.tenancy import Tenant, signed_in, tenant_view


@tenant_view(edit=True)
def invite(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email, role = form.cleaned_data["email"], form.cleaned_data["role"]
        try:
            send_invite(request, tenant, email, role)
        except InviteRefusedError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                gettext(
                    "Sent an invitation to %(email)s to join as %(role)s; it replaces any "
                    "earlier invitation to this address."
                )
                % {"email": email, "role": ROLE_IN_A_SENTENCE[Role(role)]},
            )
            return redirect("orgs:detail", slug=tenant.organization.slug)
    return render(
        request, "accounts/invite.html", {"form": form, "organization": tenant.organization}
    )


@never_cache
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """Join with the account already signed in, or create one; the link then stops working.

    Only an account with the invited e-mail address joins: anyone else who is signed in is
    told so, and shown nothing of the organization.
    """
    found = find_invite(token)
    if found is None or not found.usable:
        return _unusable(request, found)
    if request.user.is_authenticated:
        user = signed_in(request)
        if not found.is_for(user):
            return render(request, "accounts/invite_other_account.html", status=403)
        if request.method == "POST":
            return _joined(request, found, accept_invite(found, user))
        return render(request, "accounts/accept.html", {"invite": found, "form": None})
    if User.objects.filter(email__iexact=found.email.strip()).exists():
        # The invited address has an account: it signs in to join, rather than make a second.
        context = {"invite": found, "form": None, "sign_in": True}
        return render(request, "accounts/accept.html", context)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save(commit=False)
            user.email = found.email
            user.save()
            joined = accept_invite(found, user)
            if not joined:
                transaction.set_rollback(True)
        if joined:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return _joined(request, found, joined)
    return render(request, "accounts/accept.html", {"invite": found, "form": form})


def _unusable(request: HttpRequest, found: Invite | None) -> HttpResponse:
    reason = "unknown" if found is None else ("used" if found.accepted_at else "expired")
    status = 404 if found is None else 410
    return render(request, "accounts/invite_unusable.html", {"reason": reason}, status=status)


def _joined(request: HttpRequest, found: Invite, joined: bool) -> HttpResponse:
    if not joined:
        return _unusable(request, Invite.objects.get(pk=found.pk))
    messages.success(
        request,
        gettext("You joined %(org)s as %(role)s.")
        % {"org": found.organization.name, "role": ROLE_IN_A_SENTENCE[Role(found.role)]},
    )
    return redirect("orgs:detail", slug=found.organization.slug)


@never_cache
@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's tokens; a new one is shown on this response only, never again."""
    user = signed_in(request)
    form = ApiTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            _, created = create_api_token(user, form.cleaned_data["name"])
        except TooManyTokensError as error:
            form.add_error(None, str(error))
        else:
            form = ApiTokenForm()
    context = {"form": form, "created": created, "tokens": ApiToken.objects.filter(user=user)}
    return render(request, "accounts/tokens.html", context)


@login_required
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST":
        revoked = revoke_api_token(signed_in(request), pk)
        if revoked is None:
            messages.error(request, gettext("You have no such token; was it revoked already?"))
        else:
            messages.success(
                request,
                gettext("Revoked the token %(name)s: it no longer works.") % {"name": revoked.name},
            )
    return redirect("accounts:tokens")


#: Reset e-mails an address receives in an hour at most, and reset requests a client address
#: makes in an hour: beyond them the form answers as always but sends nothing, so it cannot be
#: used to flood someone's inbox.
RESET_MAILS_PER_HOUR = 3
RESET_REQUESTS_PER_HOUR = 20


def _over_hourly(kind: str, name: str, limit: int) -> bool:
    """Count one for ``name`` in the shared cache (under a keyed hash); whether it is over."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{name}".encode(), hashlib.sha256)
    key = f"parity-reset:{kind}:{digest.hexdigest()[:32]}"
    cache.add(key, 0, timeout=3600)
    try:
        count = int(cache.incr(key))
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=3600)
        count = 1
    return count > limit


class SignIn(auth_views.LoginView):
    """The sign-in page: a user name and password, and the single sign-on button when a
    provider is configured (read at each request, so that the tests can switch it)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["single_sign_on"] = settings.SINGLE_SIGN_ON
        return context


class PasswordReset(auth_views.PasswordResetView):
    """Asks for an e-mail address and mails a link to set a new password, through the
    configured e-mail backend. The next page is the same whether or not an account has that
    address, so the form tells nobody who has an account; nor whether a limit held it back."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        client = client_ip(self.request)
        email = str(form.cleaned_data["email"]).strip().lower()
        if _over_hourly("client", client, RESET_REQUESTS_PER_HOUR) or _over_hourly(
            "email", email, RESET_MAILS_PER_HOUR
        ):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)

    @property
    def extra_email_context(self) -> dict[str, int]:
        return {"timeout_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """The page behind the e-mailed link; the link works once and for
    ``settings.PASSWORD_RESET_TIMEOUT`` seconds."""

    success_url = reverse_lazy("accounts:password_reset_complete")
