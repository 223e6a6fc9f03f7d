"""Reminders to the people invited by e-mail who have not answered, sent by the background worker.

What the facilitator learns: nothing about anyone. The button says only that reminders are on
their way to everyone invited by e-mail who has not answered yet; not how many, not to whom
(a side below the count threshold would otherwise be told how many answered). The queue holds
the round's number and the site's address, never an address or a link: the worker finds the
invitations still unused when it runs and mints each link there and then.

A link exists in clear only in the e-mail that carries it (:mod:`parity.web.tokens`), so a
reminder cannot repeat the first one. It carries a new link, which replaces the first (the
invitation's stored hash changes, in the same transaction as the sending; if the mail server
refuses, the first link stays). The exception is a person who saved unfinished answers: those
are sealed with the first link (:mod:`parity.web.surveys.drafts`), so their reminder asks them to
use the link in their first invitation, and carries none.

A round may be reminded once every :data:`REMIND_EVERY_HOURS` hours, and only while it is open.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from parity.web.names import one_line
from parity.web.surveys.mail import survey_link, when
from parity.web.surveys.models import Invitation, InvitationKind, Round, RoundState
from parity.web.tokens import new_token

#: The least time between two reminders of one round.
REMIND_EVERY_HOURS = 24

_log = logging.getLogger(__name__)


class ReminderRefusedError(Exception):
    """A reminder that cannot go now, said as a sentence for the facilitator."""


def ask_for_reminders(round_: Round, site: str, now: datetime | None = None) -> None:
    """Queue the reminders of ``round_`` (``site``: the address the links start with)."""
    moment = now or timezone.now()
    if round_.state_at(moment) is not RoundState.OPEN:
        raise ReminderRefusedError(gettext("Reminders go out only while the round is open."))
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if locked.reminded_at is not None and moment < next_reminder(locked.reminded_at):
            raise ReminderRefusedError(
                gettext(
                    "A reminder went out less than %(hours)s hours ago; the next one can go "
                    "from %(when)s."
                )
                % {"hours": REMIND_EVERY_HOURS, "when": when(next_reminder(locked.reminded_at))}
            )
        Round.objects.filter(pk=round_.pk).update(reminded_at=moment)
    send_reminders.enqueue(round_.pk, site)


def next_reminder(reminded_at: datetime) -> datetime:
    return reminded_at + timedelta(hours=REMIND_EVERY_HOURS)


@task()
def send_reminders(round_id: int, site: str) -> None:
    """The worker's task: one reminder to each e-mail invitation of the round still unused."""
    round_ = Round.objects.select_related("organization").filter(pk=round_id).first()
    if round_ is None or round_.state is not RoundState.OPEN:
        return
    unused = Invitation.objects.filter(
        round=round_,
        kind=InvitationKind.EMAIL,
        mailed_at__isnull=False,  # one not mailed yet is sent, not reminded
        used_at__isnull=True,
        voided_at__isnull=True,
        email__isnull=False,
    ).select_related("party", "relationship__party_a", "relationship__party_b")
    with get_connection() as connection:
        for pk in unused.values_list("pk", flat=True):
            _remind(pk, round_, site, connection)


def _remind(pk: int, round_: Round, site: str, connection: BaseEmailBackend) -> None:
    """One reminder, with the link's change in the same transaction as the sending."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("party", "relationship__party_a", "relationship__party_b")
            .filter(
                pk=pk,
                mailed_at__isnull=False,
                used_at__isnull=True,
                voided_at__isnull=True,
                email__isnull=False,
            )
            .first()
        )
        if invitation is None or invitation.email is None:
            return  # answered, voided or sealed meanwhile
        other = _other(invitation)
        with translation.override(round_.language):
            subject = gettext("A reminder: a short survey about working with %(other)s") % {
                "other": one_line(other)
            }
        if invitation.draft_saved_at is not None:
            body = _keep_your_link(round_, invitation, other)
        else:
            token, digest = new_token()
            invitation.token_hash = digest
            invitation.save(update_fields=["token_hash"])
            link = survey_link(site, token)
            body = _new_link(round_, invitation, other, link)
        EmailMessage(subject, body, None, [invitation.email], connection=connection).send()


def _other(invitation: Invitation) -> str:
    relationship = invitation.relationship
    other = (
        relationship.party_b
        if invitation.party_id == relationship.party_a_id
        else relationship.party_a
    )
    return str(other.name)


def _written(paragraphs: list[str], names: dict[str, str]) -> str:
    """The reminder's text from its (already translated) paragraphs."""
    return "\n\n".join(paragraph % names for paragraph in paragraphs) + "\n"


def _new_link(round_: Round, invitation: Invitation, other: str, link: str) -> str:
    """A reminder with a new link, in the round's language."""
    with translation.override(round_.language):
        names = {
            "org": str(round_.organization.name),
            "party": str(invitation.party.name),
            "other": other,
            "closes": when(round_.closes_at),
            "link": link,
        }
        paragraphs = [
            gettext("Hello,"),
            gettext(
                "%(org)s asked the members of %(party)s how working with %(other)s really goes, "
                "and your answers are not in yet. The survey is open until %(closes)s; it takes "
                "about ten minutes."
            ),
            gettext(
                "Your personal link (it replaces the one in your first invitation, which no "
                "longer works):\n%(link)s"
            ),
            gettext(
                "Your answers are stored without your name, e-mail address or link. Please do "
                "not forward this link: it can be used only once."
            ),
            gettext(
                "If you have answered in the meantime, thank you, and please ignore this e-mail."
            ),
        ]
    return _written(paragraphs, names)


def _keep_your_link(round_: Round, invitation: Invitation, other: str) -> str:
    """A reminder to finish with the first link (saved answers open only with it)."""
    with translation.override(round_.language):
        names = {
            "org": str(round_.organization.name),
            "other": other,
            "closes": when(round_.closes_at),
        }
        paragraphs = [
            gettext("Hello,"),
            gettext(
                "You started the survey of %(org)s about working with %(other)s and saved your "
                "answers, but have not sent them yet. The survey is open until %(closes)s."
            ),
            gettext(
                "Please finish it with the personal link in your first invitation: your saved "
                "answers can be opened only with that link, so this reminder does not carry a "
                "new one."
            ),
            gettext(
                "If you have sent your answers in the meantime, thank you, and please ignore "
                "this e-mail."
            ),
        ]
    return _written(paragraphs, names)
