"""Adding, changing and removing relationships between two parties (facilitators only)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from parity.web.orgs.forms import RelationshipForm
from parity.web.orgs.models import Relationship
from parity.web.orgs.tenancy import Tenant, tenant_view


@tenant_view(edit=True)
def relationship_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    return _edit(request, tenant, Relationship(organization=tenant.organization))


@tenant_view(edit=True)
def relationship_edit(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    return _edit(request, tenant, tenant.relationship(pk))


def _edit(request: HttpRequest, tenant: Tenant, relationship: Relationship) -> HttpResponse:
    form = RelationshipForm(request.POST or None, instance=relationship, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"Saved the relationship {saved}.")
        return redirect("orgs:detail", slug=tenant.organization.slug)
    context = {"form": form, "tenant": tenant, "organization": tenant.organization}
    return render(request, "orgs/relationship_form.html", context)


@tenant_view(edit=True)
def relationship_delete(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    relationship = tenant.relationship(pk)
    if request.method == "POST":
        try:
            relationship.delete()
        except ProtectedError:
            messages.error(request, f"{relationship} has survey answers, so it cannot be removed.")
        else:
            messages.success(request, f"Removed the relationship {relationship}.")
        return redirect("orgs:detail", slug=tenant.organization.slug)
    context = {
        "organization": tenant.organization,
        "thing": f"the relationship {relationship}",
        "consequence": "The two parties stay.",
    }
    return render(request, "orgs/confirm_delete.html", context)
