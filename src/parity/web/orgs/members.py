"""Changing who belongs to an organization, without ever leaving it without an owner; and
deleting an organization whole.

Who may call these is decided in :mod:`parity.web.orgs.tenancy` (owners only); what is decided
here is the one rule about the result: at least one owner remains. Each change locks the
organization's row first, so two owners demoting each other at the same moment cannot both
succeed.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from parity.web.orgs.models import Membership, Organization, Role
from parity.web.surveys.models import Round


class LastOwnerError(Exception):
    """The change would leave the organization without an owner."""

    def __init__(self, organization: Organization) -> None:
        super().__init__(
            gettext(
                "%(organization)s needs at least one owner: make another member an owner first."
            )
            % {"organization": organization.name}
        )


def change_role(membership: Membership, role: Role) -> None:
    """Give ``membership`` the ``role``; refused if it is the last owner being demoted."""
    with transaction.atomic():
        _lock(membership.organization)
        if role != Role.OWNER:
            _keep_an_owner_besides(membership)
        membership.role = role
        membership.save(update_fields=["role"])


def remove_member(membership: Membership) -> None:
    """Take ``membership`` away; refused if it is the last owner."""
    with transaction.atomic():
        _lock(membership.organization)
        _keep_an_owner_besides(membership)
        membership.delete()


def _lock(organization: Organization) -> None:
    Organization.objects.select_for_update().filter(pk=organization.pk).first()


def _keep_an_owner_besides(membership: Membership) -> None:
    others = Membership.objects.filter(
        organization_id=membership.organization_id, role=Role.OWNER
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise LastOwnerError(membership.organization)


def delete_organization(organization: Organization) -> None:
    """Delete the organization and everything in it, answers included.

    Answers protect their parties from being deleted one by one (see the party page), so the
    rounds, which take their invitations and answers with them, go first.
    """
    with transaction.atomic():
        Round.objects.filter(organization=organization).delete()
        organization.delete()
