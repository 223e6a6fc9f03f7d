"""Adding, changing and removing the parties of an organization (facilitators only)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from parity.web.orgs.forms import PartyForm
from parity.web.orgs.models import Party
from parity.web.orgs.tenancy import Tenant, tenant_view


@tenant_view(edit=True)
def party_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    return _edit(request, tenant, Party(organization=tenant.organization))


@tenant_view(edit=True)
def party_edit(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    return _edit(request, tenant, tenant.party(pk))


def _edit(request: HttpRequest, tenant: Tenant, party: Party) -> HttpResponse:
    form = PartyForm(request.POST or None, instance=party)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved {party.name}.")
        return redirect("orgs:detail", slug=tenant.organization.slug)
    context = {"form": form, "tenant": tenant, "organization": tenant.organization}
    return render(request, "orgs/party_form.html", context)


@tenant_view(edit=True)
def party_delete(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    party = tenant.party(pk)
    if request.method == "POST":
        try:
            party.delete()
        except ProtectedError:
            messages.error(request, f"{party.name} has survey answers, so it cannot be removed.")
        else:
            messages.success(request, f"Removed {party.name} and its relationships.")
        return redirect("orgs:detail", slug=tenant.organization.slug)
    context = {
        "organization": tenant.organization,
        "thing": party.name,
        "consequence": "Its relationships are removed with it.",
    }
    return render(request, "orgs/confirm_delete.html", context)
