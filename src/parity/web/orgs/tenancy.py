"""The one place that decides which organization a request may see, and what it may do there.

Every organization page and API route resolves its organization here, from the slug in the URL
and the user's :class:`~parity.web.orgs.models.Membership`, and reads its rows through the
:class:`Tenant`'s querysets, never through ``Model.objects`` directly. A user who is not a member
gets 404, not 403: an outsider should not learn that an organization exists. A viewer who tries
a facilitator's action gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import update_wrapper
from typing import Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from parity.web.orgs.models import Membership, Organization, Party, Relationship, Role

P = ParamSpec("P")


@dataclass(frozen=True)
class Tenant:
    """An organization as seen by one of its members."""

    organization: Organization
    role: str

    @property
    def can_edit(self) -> bool:
        return self.role == Role.FACILITATOR

    def require_edit(self) -> None:
        if not self.can_edit:
            raise PermissionDenied("Only the organization's facilitators can change it.")

    def parties(self) -> QuerySet[Party]:
        return Party.objects.filter(organization=self.organization)

    def relationships(self) -> QuerySet[Relationship]:
        return Relationship.objects.filter(organization=self.organization).select_related(
            "party_a", "party_b"
        )

    def memberships(self) -> QuerySet[Membership]:
        return Membership.objects.filter(organization=self.organization).select_related("user")

    def party(self, pk: int) -> Party:
        return get_object_or_404(self.parties(), pk=pk)

    def relationship(self, pk: int) -> Relationship:
        return get_object_or_404(self.relationships(), pk=pk)


def signed_in(request: HttpRequest) -> User:
    """The signed-in user of a view that requires one (``login_required`` has checked)."""
    if not isinstance(request.user, User):
        raise PermissionDenied("Sign in first.")
    return request.user


def organizations_of(user: User | AnonymousUser) -> QuerySet[Organization]:
    """The organizations ``user`` belongs to; none for an anonymous visitor."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user)


def tenant_for(user: User | AnonymousUser, slug: str, *, edit: bool = False) -> Tenant:
    """The organization ``slug`` for ``user``: 404 unless a member, 403 if ``edit`` and a viewer."""
    if not user.is_authenticated:
        raise Http404("No such organization.")
    membership = (
        Membership.objects.select_related("organization")
        .filter(user=user, organization__slug=slug)
        .first()
    )
    if membership is None:
        raise Http404("No such organization.")
    tenant = Tenant(membership.organization, membership.role)
    if edit:
        tenant.require_edit()
    return tenant


TenantView = Callable[Concatenate[HttpRequest, Tenant, P], HttpResponse]
#: Django calls a view with the URL's parts as keyword arguments (``slug=...``).
SlugView = Callable[..., HttpResponse]


def organization_view(*, edit: bool = False) -> Callable[[TenantView[P]], SlugView]:
    """Turn ``view(request, tenant, ...)`` into a signed-in view of ``<slug>`` URLs."""

    def decorate(view: TenantView[P]) -> SlugView:
        def wrapper(
            request: HttpRequest, slug: str, *args: P.args, **kwargs: P.kwargs
        ) -> HttpResponse:
            return view(request, tenant_for(request.user, slug, edit=edit), *args, **kwargs)

        update_wrapper(wrapper, view)
        return login_required(wrapper)

    return decorate
