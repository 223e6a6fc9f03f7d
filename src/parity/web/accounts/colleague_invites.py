"""Sending an invitation and accepting it exactly once."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from parity.core.wording import with_article
from parity.web.accounts.models import INVITE_DAYS, Invite, create_invite
from parity.web.orgs.models import Membership, outranks
from parity.web.orgs.tenancy import Tenant


def send_invite(request: HttpRequest, tenant: Tenant, email: str, role: str) -> Invite:
    """Create the invite and e-mail its link through Django's configured e-mail backend."""
    user = request.user if isinstance(request.user, User) else None
    invite, token = create_invite(tenant.organization, email, role, user)
    link = request.build_absolute_uri(reverse("accounts:accept", args=[token]))
    inviter = request.user.get_username() or "A colleague"
    send_mail(
        f"Join {tenant.organization.name} on Parity",
        f"{inviter} invites you to {tenant.organization.name} on Parity as "
        f"{with_article(role)}.\n\n"
        f"Open this link to join (it works once, for {INVITE_DAYS} days):\n{link}\n",
        None,
        [email],
    )
    return invite


def accept_invite(invite: Invite, user: User) -> bool:
    """Make ``user`` a member; False if the invite was used meanwhile (two tabs, two clicks).

    A member who already has a role keeps it when the invitation offers less: an invitation
    never demotes anyone (an owner must stay an owner).
    """
    with transaction.atomic():
        claimed = Invite.objects.filter(
            pk=invite.pk, accepted_at__isnull=True, expires_at__gt=timezone.now()
        ).update(accepted_at=timezone.now())
        if not claimed:
            return False
        membership, created = Membership.objects.get_or_create(
            user=user, organization=invite.organization, defaults={"role": invite.role}
        )
        if not created and outranks(invite.role, membership.role):
            membership.role = invite.role
            membership.save(update_fields=["role"])
    return True
