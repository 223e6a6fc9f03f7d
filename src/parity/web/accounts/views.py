"""Inviting a colleague (facilitators) and the page behind the invitation link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from parity.web.accounts.forms import InviteForm, SignUpForm
from parity.web.accounts.invitations import accept_invite, send_invite
from parity.web.accounts.models import Invite, find_invite
from parity.web.orgs.tenancy import Tenant, organization_view


@organization_view(edit=True)
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
