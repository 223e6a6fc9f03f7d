"""The API object and the routes of the mapped organization.

Authentication and tenancy are in :mod:`parity.web.api.auth` (a personal token or the session
with CSRF; 404 for outsiders, 403 for viewers who try to change something); every route also
resolves its organization through :func:`tenant_for`. Errors are JSON: ``{"detail": "A
sentence."}`` with a 4xx status.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI

from parity.web.api.auth import session_auth, token_auth
from parity.web.api.rounds import router as rounds_router
from parity.web.api.schemas import OrganizationOut, PartyOut, RelationshipOut
from parity.web.orgs.models import Organization, Party, Relationship
from parity.web.orgs.tenancy import organizations_of, tenant_for

api = NinjaAPI(
    title="Parity API",
    version="1",
    description=(
        "Organizations, parties, relationships, assessment rounds, invitations, response "
        "counts and results, as the calling user may see them. Authenticate with a personal "
        "token (`Authorization: Bearer pty_…`, made on the account page) or, from the "
        "browser, the session with its CSRF token."
    ),
    auth=[token_auth, session_auth],
    urls_namespace="api",
)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    message = str(error) if str(error).endswith(".") else "Not found."
    return api.create_response(request, {"detail": message}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    message = str(error) or "You may not do this."
    return api.create_response(request, {"detail": message}, status=403)


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


api.add_router("", rounds_router)
