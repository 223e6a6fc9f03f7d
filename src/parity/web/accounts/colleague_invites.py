"""Sending an invitation and accepting it exactly once, with the invited address only.

An invitation is bound to the address it was sent to: only an account with that e-mail address
(in any letter case) can accept it, whoever else holds the link. It works for
:data:`~parity.web.accounts.models.INVITE_DAYS` days. Nobody invites themselves or a member,
and an organization has at most one open invitation per address: a new one replaces the old,
whose link stops working.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from parity.web.accounts.models import INVITE_DAYS, Invite, create_invite
from parity.web.orgs.models import Membership, Role, outranks
from parity.web.orgs.tenancy import Tenant

#: The invitation e-mail's first sentence for each role, whole, so that each language can give
#: the role its own article and case. The e-mail is written in the inviter's page language.
INVITED_AS = {
    Role.OWNER: gettext_noop("%(inviter)s invites you to %(organization)s on Parity as an owner."),
    Role.FACILITATOR: gettext_noop(
        "%(inviter)s invites you to %(organization)s on Parity as a facilitator."
    ),
    Role.VIEWER: gettext_noop("%(inviter)s invites you to %(organization)s on Parity as a viewer."),
}


def invitation_mail(
    inviter: str, organization: str, role: str, email: str, link: str
) -> tuple[str, str]:
    """The invitation e-mail's subject and body, in the active language."""
    names = {"inviter": inviter, "organization": organization}
    body = gettext(INVITED_AS[Role(role)]) % names
    body += "\n\n" + gettext(
        "Open this link to join (it works once, for %(days)d days, for an account with this "
        "e-mail address, %(email)s):"
    ) % {"days": INVITE_DAYS, "email": email}
    subject = gettext("Join %(organization)s on Parity") % names
    return subject, f"{body}\n{link}\n"


class InviteRefusedError(ValueError):
    """An invitation that is not sent; the message says why in a sentence."""


class WrongAccountError(PermissionError):
    """The signed-in account's e-mail address is not the invited one."""


def send_invite(request: HttpRequest, tenant: Tenant, email: str, role: str) -> Invite:
    """Create the invite and e-mail its link through Django's configured e-mail backend.

    Raises :class:`InviteRefusedError` for one's own address or a member's; withdraws an open
    invitation to the same address first.
    """
    user = request.user if isinstance(request.user, User) else None
    email = email.strip()
    organization = tenant.organization
    if user is not None and user.email.strip().lower() == email.lower():
        raise InviteRefusedError(
            gettext("%(email)s is your own address: you are a member of %(name)s already.")
            % {"email": email, "name": organization.name}
        )
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise InviteRefusedError(
            gettext(
                "%(email)s belongs to a member of %(name)s already; an owner changes roles on "
                "the members page."
            )
            % {"email": email, "name": organization.name}
        )
    try:
        with transaction.atomic():
            Invite.objects.filter(
                organization=organization, email__iexact=email, accepted_at__isnull=True
            ).delete()
            invite, token = create_invite(organization, email, role, user)
    except IntegrityError as error:  # another invitation to this address was sent meanwhile
        raise InviteRefusedError(
            gettext(
                "An invitation to %(email)s was sent at the same moment; see the pending "
                "invitations before sending another."
            )
            % {"email": email}
        ) from error
    link = request.build_absolute_uri(reverse("accounts:accept", args=[token]))
    inviter = request.user.get_username() or gettext("A colleague")
    subject, body = invitation_mail(inviter, organization.name, role, email, link)
    send_mail(subject, body, None, [email])
    return invite


def accept_invite(invite: Invite, user: User) -> bool:
    """Make ``user`` a member; False if the invite was used meanwhile (two tabs, two clicks).

    Raises :class:`WrongAccountError` unless ``user`` has the invited e-mail address.

    A member who already has a role keeps it when the invitation offers less: an invitation
    never demotes anyone (an owner must stay an owner).
    """
    if not invite.is_for(user):
        raise WrongAccountError(gettext("This invitation was sent to another e-mail address."))
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
