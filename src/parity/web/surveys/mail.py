"""Invitation e-mails: made in the request, mailed by the background worker.

The request makes a side's invitations together (a wrong or repeated address refuses the whole
batch, see :func:`parity.web.surveys.services.invite_by_email`), each with a hash that no one
holds the token of, and queues one task that carries the round's number and the site's address,
never an address or a link. The worker mints each link as it mails it, and marks the invitation
mailed in the same transaction: an invitation the mail server refused keeps waiting, the round
page says how many wait (never whose), and sending again mails just those.

Invitations to a round that has not opened go out when it opens, where the task backend can
run a task later (the database queue can; the immediate backend of tests and of
``PARITY_TASKS=immediate`` mails them at once, as the invitation says when its link works).
"""

from __future__ import annotations

import logging
from datetime import datetime
from smtplib import SMTPException

from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from parity.web.names import one_line
from parity.web.surveys.models import Invitation, InvitationKind, Round, RoundState
from parity.web.surveys.rounds import Side, invitation_for, other_party
from parity.web.surveys.sealing import thresholds_of
from parity.web.tokens import new_token

_log = logging.getLogger(__name__)


def survey_link(site: str, token: str) -> str:
    """The survey's address for ``token`` on ``site`` (the address the server is reached at)."""
    return site.rstrip("/") + reverse("surveys:answer", args=[token])


def when(moment: datetime) -> str:
    """A moment in the active language's words, as the pages write it (6 December 2026, 09:00)."""
    return formats.date_format(timezone.localtime(moment), gettext("j F Y, H:i"))


def invitation_subject(found: Round, side: Side) -> str:
    """The invitation's subject, in the round's language."""
    with translation.override(found.language):
        # one_line: a name kept from before names were refused control characters.
        return gettext("A short survey about working with %(other)s") % {
            "other": one_line(side.other.name)
        }


def invitation_body(found: Round, side: Side, link: str) -> str:
    """The invitation's text, in the round's language."""
    promised = thresholds_of(found)
    names = {
        "org": found.organization.name,
        "party": side.party.name,
        "other": side.other.name,
        "opens": "",
        "closes": "",
        "link": link,
        "score": promised.score,
        "text": promised.text,
    }
    with translation.override(found.language):
        names |= {"opens": when(found.opens_at), "closes": when(found.closes_at)}
        paragraphs = [
            gettext("Hello,"),
            gettext(
                "%(org)s asks the members of %(party)s how working with %(other)s really goes. "
                "The survey has 24 short statements and four open questions; it takes about "
                "ten minutes."
            ),
            gettext(
                "Your personal link (it works once, from %(opens)s until %(closes)s):\n%(link)s"
            ),
            gettext(
                "You can save your answers and come back with the same link. Your answers are "
                "stored without your name, e-mail address or link, and the results of %(party)s "
                "are shown only when at least %(score)s people have answered, and only after "
                "the round has closed; words are quoted only when at least %(text)s people have "
                "written an answer to the same question."
            ),
            gettext("Please do not forward this link: it can be used only once."),
        ]
    return "\n\n".join(paragraph % names for paragraph in paragraphs) + "\n"


def make_email_invitations(found: Round, side: Side, emails: list[str]) -> None:
    """One invitation per address, all or none, waiting for the worker to mail them."""
    with transaction.atomic():
        Invitation.objects.bulk_create(
            invitation_for(found, side, new_token()[1], email=address) for address in emails
        )


def waiting(found: Round) -> int:
    """How many of the round's e-mail invitations have not gone out (none once it closed)."""
    return _waiting(found).count()


def queue_mailing(found: Round, site: str, now: datetime | None = None) -> datetime:
    """Queue the mailing of the round's waiting invitations; when they go out."""
    moment = now or timezone.now()
    if found.opens_at > moment and send_invitations.get_backend().supports_defer:
        send_invitations.using(run_after=found.opens_at).enqueue(found.pk, site)
        return found.opens_at
    send_invitations.enqueue(found.pk, site)
    return moment


@task()
def send_invitations(round_id: int, site: str) -> None:
    """The worker's task: mail each waiting invitation of the round, each with a new link."""
    found = Round.objects.select_related("organization").filter(pk=round_id).first()
    if found is None or found.state is RoundState.CLOSED:
        return
    if found.state is RoundState.SCHEDULED and send_invitations.get_backend().supports_defer:
        queue_mailing(found, site)  # its opening moved later since this task was queued
        return
    with get_connection() as connection:
        for pk in _waiting(found).values_list("pk", flat=True):
            try:
                _mail_one(pk, found, site, connection)
            except (SMTPException, OSError) as error:
                _log.warning(
                    "The mail server refused an invitation of round %s (%s); %s still wait.",
                    found.pk,
                    type(error).__name__,
                    waiting(found),
                )
                return


def _waiting(found: Round) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        round=found,
        kind=InvitationKind.EMAIL,
        mailed_at__isnull=True,
        used_at__isnull=True,
        voided_at__isnull=True,
        email__isnull=False,
    )


def _mail_one(pk: int, found: Round, site: str, connection: BaseEmailBackend) -> None:
    """Mint the invitation's link and mail it; the link's hash and ``mailed_at`` are kept only
    if the mail server took the message."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("party", "relationship__party_a", "relationship__party_b")
            .filter(pk=pk, mailed_at__isnull=True, email__isnull=False)
            .first()
        )
        if invitation is None or invitation.email is None:
            return  # mailed by another worker, or the round closed meanwhile
        side = Side(
            invitation.relationship,
            invitation.party,
            other_party(invitation.relationship, invitation.party),
        )
        token, digest = new_token()
        invitation.token_hash = digest
        invitation.mailed_at = timezone.now()
        invitation.save(update_fields=["token_hash", "mailed_at"])
        subject = invitation_subject(found, side)
        body = invitation_body(found, side, survey_link(site, token))
        EmailMessage(subject, body, None, [invitation.email], connection=connection).send()
