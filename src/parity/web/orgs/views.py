"""The organization pages: my organizations, a new one, and one organization's map."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

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


#: Rows of the map's lists (relationships, parties) on one page.
MAP_ROWS_PER_PAGE = 50


@tenant_view()
def organization_detail(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """The organization's map: its relationships and parties, a page of each at a time, found
    by a party's name (``q``), however many thousands there are."""
    search = request.GET.get("q", "").strip()[:120]
    relationships = tenant.active_relationships()
    parties = tenant.active_parties()
    if search:
        relationships = relationships.filter(
            Q(party_a__name__icontains=search) | Q(party_b__name__icontains=search)
        )
        parties = parties.filter(name__icontains=search)
    context = {
        "tenant": tenant,
        "organization": tenant.organization,
        "search": search,
        "search_query": urlencode({"q": search}) if search else "",
        "relationships": _page(request, relationships.order_by("pk"), "relationships_page"),
        "parties": _page(request, parties.order_by("name"), "parties_page"),
        "memberships": tenant.memberships().order_by("user__username"),
    }
    return render(request, "orgs/detail.html", context)


def _page(request: HttpRequest, rows: QuerySet[Any], param: str) -> Page[Any]:
    """The page of ``rows`` the request asks for with ``param`` (the first, or the last when
    it asks past the end)."""
    return Paginator(rows, MAP_ROWS_PER_PAGE).get_page(request.GET.get(param))


#: How many names the party picker suggests at once.
SUGGESTED_NAMES = 20


@tenant_view(edit=True)
@require_GET
def party_names(request: HttpRequest, tenant: Tenant) -> JsonResponse:
    """The names of the map's parties that contain ``q`` (those that start with it first), for
    the relationship form's suggestions (so for those who may edit the map): a few at a time,
    never the whole map."""
    search = request.GET.get("q", "").strip()[:120]
    parties = tenant.active_parties()
    if search:
        parties = parties.filter(name__icontains=search)
    names = list(parties.order_by("name").values_list("name", flat=True)[: SUGGESTED_NAMES * 5])
    folded = search.casefold()
    names.sort(key=lambda name: not name.casefold().startswith(folded))
    return JsonResponse({"names": names[:SUGGESTED_NAMES]})
