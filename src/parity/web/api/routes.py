"""API routes. Session authentication (with CSRF on unsafe methods, done by ninja's
``django_auth``); every organization route goes through :func:`tenant_for`."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import django_auth

from parity.web.api.schemas import OrganizationOut, PartyOut, RelationshipOut
from parity.web.orgs.models import Organization, Party, Relationship
from parity.web.orgs.tenancy import organizations_of, tenant_for

api = NinjaAPI(
    title="Parity API",
    version="1",
    description="Organizations, parties and relationships of the signed-in user.",
    auth=django_auth,
    urls_namespace="api",
)


@api.get("/orgs", response=list[OrganizationOut], summary="My organizations")
def list_organizations(request: HttpRequest) -> QuerySet[Organization]:
    return organizations_of(request.user)


@api.get("/orgs/{slug}/parties", response=list[PartyOut], summary="An organization's parties")
def list_parties(request: HttpRequest, slug: str) -> QuerySet[Party]:
    return tenant_for(request.user, slug).parties()


@api.get(
    "/orgs/{slug}/relationships",
    response=list[RelationshipOut],
    summary="An organization's relationships",
)
def list_relationships(request: HttpRequest, slug: str) -> QuerySet[Relationship]:
    return tenant_for(request.user, slug).relationships()
