"""Inviting a colleague (facilitators), the page behind the invitation link, and one's own
personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from parity.web.accounts.api_tokens import (
    TooManyTokensError,
    create_api_token,
    revoke_api_token,
)
from parity.web.accounts.colleague_invites import accept_invite, send_invite
from parity.web.accounts.forms import ApiTokenForm, InviteForm, SignUpForm
from parity.web.accounts.models import ApiToken, Invite, find_invite
from parity.web.orgs.tenancy import Tenant, signed_in, tenant_view


@tenant_view(edit=True)
def invite(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email, role = form.cleaned_data["email"], form.cleaned_data["role"]
        send_invite(request, tenant, email, role)
        messages.success(request, f"Sent an invitation to {email} to join as {role}.")
        return redirect("orgs:detail", slug=tenant.organization.slug)
    return render(
        request, "accounts/invite.html", {"form": form, "organization": tenant.organization}
    )


def accept(request: HttpRequest, token: str) -> HttpResponse:
    """Join with the account already signed in, or create one; the link then stops working."""
    found = find_invite(token)
    if found is None or not found.usable:
        return _unusable(request, found)
    if request.user.is_authenticated:
        if request.method == "POST":
            return _joined(request, found, accept_invite(found, request.user))
        return render(request, "accounts/accept.html", {"invite": found, "form": None})
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
    messages.success(request, f"You joined {found.organization.name} as {found.role}.")
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
            messages.error(request, "You have no such token; was it revoked already?")
        else:
            messages.success(request, f"Revoked the token {revoked.name}: it no longer works.")
    return redirect("accounts:tokens")
