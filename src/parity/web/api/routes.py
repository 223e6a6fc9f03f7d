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
from ninja.operation import Operation

from parity.web.api.auth import session_auth, token_auth
from parity.web.api.docs import members_only_docs
from parity.web.api.map import router as map_router
from parity.web.api.rounds import router as rounds_router
from parity.web.api.schemas import OrganizationOut
from parity.web.insights.api import router as results_router
from parity.web.orgs.models import Organization
from parity.web.orgs.tenancy import organizations_of


class ParityAPI(NinjaAPI):
    """The API whose operations are named by their views (``list_organizations``, not a module
    path), so that a client generated from the OpenAPI document reads as the API does."""

    def get_openapi_operation_id(self, operation: Operation) -> str:
        return operation.view_func.__name__


api = ParityAPI(
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
    docs_decorator=members_only_docs,
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


api.add_router("", map_router)
api.add_router("", rounds_router)
api.add_router("", results_router)
