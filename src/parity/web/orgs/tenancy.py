"""The one place that decides which organization a request may see, and what it may do there.

Every organization page and API route resolves its organization here, from the slug in the URL
and the user's :class:`~parity.web.orgs.models.Membership`, and reads its rows through the
:class:`Tenant`'s querysets, never through ``Model.objects`` directly. A user who is not a member
gets 404, not 403: an outsider should not learn that an organization exists. A member whose
role is not enough for an action gets 403.

The roles, from most to least (see :class:`~parity.web.orgs.models.Role`):

- **owner**: everything a facilitator does, and decisions about the organization itself: its
  settings (name, anonymity thresholds), its members' roles, removing members, deleting it.
  An organization always keeps at least one owner.
- **facilitator**: maps parties and relationships, invites colleagues, runs rounds, releases
  results.
- **viewer**: reads.
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
    def role_label(self) -> str:
        """The role as the page's language names it."""
        return str(Role(self.role).label)

    @property
    def can_edit(self) -> bool:
        """Facilitators and owners map, invite and run rounds."""
        return self.role in {Role.OWNER, Role.FACILITATOR}

    @property
    def can_manage(self) -> bool:
        """Only owners change the organization's settings and members, or delete it."""
        return self.role == Role.OWNER

    def require_edit(self) -> None:
        if not self.can_edit:
            raise PermissionDenied("Only the organization's facilitators can change it.")

    def require_manage(self) -> None:
        if not self.can_manage:
            raise PermissionDenied(
                "Only the organization's owners can change its settings and members."
            )

    def parties(self) -> QuerySet[Party]:
        return Party.objects.filter(organization=self.organization)

    def relationships(self) -> QuerySet[Relationship]:
        return Relationship.objects.filter(organization=self.organization).select_related(
            "party_a", "party_b"
        )

    def active_parties(self) -> QuerySet[Party]:
        """The parties on the map: those not archived, which new rounds may ask about."""
        return self.parties().filter(archived_at__isnull=True)

    def active_relationships(self) -> QuerySet[Relationship]:
        """The relationships on the map: those not archived, which new rounds may ask about."""
        return self.relationships().filter(archived_at__isnull=True)

    def memberships(self) -> QuerySet[Membership]:
        return Membership.objects.filter(organization=self.organization).select_related("user")

    def party(self, pk: int) -> Party:
        return get_object_or_404(self.parties(), pk=pk)

    def relationship(self, pk: int) -> Relationship:
        return get_object_or_404(self.relationships(), pk=pk)

    def membership(self, pk: int) -> Membership:
        return get_object_or_404(self.memberships(), pk=pk)


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


def tenant_for(
    user: User | AnonymousUser, slug: str, *, edit: bool = False, manage: bool = False
) -> Tenant:
    """The organization ``slug`` for ``user``: 404 unless a member.

    403 if ``edit`` and the member is a viewer, or if ``manage`` and the member is not an owner.
    """
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
    if manage:
        tenant.require_manage()
    return tenant


#: Requests that only read. In the API every other method changes the organization.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def tenant_for_method(user: User | AnonymousUser, slug: str, method: str | None) -> Tenant:
    """:func:`tenant_for` an API request: reading needs membership, any other method ``edit``."""
    return tenant_for(user, slug, edit=(method or "GET").upper() not in SAFE_METHODS)


TenantView = Callable[Concatenate[HttpRequest, Tenant, P], HttpResponse]
#: Django calls a view with the URL's parts as keyword arguments (``slug=...``).
SlugView = Callable[..., HttpResponse]


def tenant_view(*, edit: bool = False, manage: bool = False) -> Callable[[TenantView[P]], SlugView]:
    """Turn ``view(request, tenant, ...)`` into a signed-in view of ``<slug>`` URLs.

    ``edit`` admits facilitators and owners, ``manage`` owners only (see :func:`tenant_for`).
    """

    def decorate(view: TenantView[P]) -> SlugView:
        def wrapper(
            request: HttpRequest, slug: str, *args: P.args, **kwargs: P.kwargs
        ) -> HttpResponse:
            tenant = tenant_for(request.user, slug, edit=edit, manage=manage)
            return view(request, tenant, *args, **kwargs)

        update_wrapper(wrapper, view)
        return login_required(wrapper)

    return decorate
