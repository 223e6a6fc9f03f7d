"""The organization pages: my organizations, a new one, and one organization's map."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from parity.web.orgs.forms import OrganizationForm, unique_slug
from parity.web.orgs.models import Membership, Role
from parity.web.orgs.tenancy import Tenant, organizations_of, signed_in, tenant_view


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    organizations = organizations_of(request.user)
    return render(request, "orgs/list.html", {"organizations": organizations})


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    """Whoever creates an organization becomes its owner."""
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            organization = form.save(commit=False)
            organization.slug = unique_slug(organization.name)
            organization.save()
            Membership.objects.create(
                user=signed_in(request), organization=organization, role=Role.OWNER
            )
        return redirect("orgs:detail", slug=organization.slug)
    return render(request, "orgs/create.html", {"form": form})


@tenant_view()
def organization_detail(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    context = {
        "tenant": tenant,
        "organization": tenant.organization,
        "parties": tenant.active_parties(),
        "relationships": tenant.active_relationships(),
        "memberships": tenant.memberships().order_by("user__username"),
    }
    return render(request, "orgs/detail.html", context)
