"""The invitation e-mail, one text and one way of sending it for the pages and the API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from smtplib import SMTPException

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import formats, timezone

from parity.web.names import one_line
from parity.web.surveys.models import Round
from parity.web.surveys.rounds import Side, make_invitation
from parity.web.surveys.sealing import thresholds_of


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y, H:i")


def invitation_body(found: Round, side: Side, link: str) -> str:
    org = found.organization
    promised = thresholds_of(found)
    return (
        f"Hello,\n\n"
        f"{org.name} asks the members of {side.party.name} how working with "
        f"{side.other.name} really goes. The survey has 24 short statements and four open "
        f"questions; it takes about ten minutes.\n\n"
        f"Your personal link (it works once, from {_when(found.opens_at)} until "
        f"{_when(found.closes_at)}):\n{link}\n\n"
        f"You can save your answers and come back with the same link. Your answers are stored "
        f"without your name, e-mail address or link, and the results of {side.party.name} are "
        f"shown only when at least {promised.score} people have answered, and only after the "
        f"round has closed; words are quoted only when at least {promised.text} people have "
        f"written an answer to the same question.\n\n"
        f"Please do not forward this link: it can be used only once.\n"
    )


class MailRefusedError(Exception):
    """The mail server refused the invitations; none was kept."""


def mail_invitations(
    found: Round, side: Side, emails: list[str], link: Callable[[str], str]
) -> None:
    """Create and mail the invitations together: if the mail server fails, none is kept.

    ``link`` turns a new token into the survey's address; the token exists only here.
    """
    # one_line: a name kept from before names were refused control characters (parity.web.names).
    subject = f"A short survey about working with {one_line(side.other.name)}"
    try:
        with transaction.atomic():
            mails = []
            for address in emails:
                _, token = make_invitation(found, side, address)
                body = invitation_body(found, side, link(token))
                mails.append(EmailMessage(subject, body, None, [address]))
            get_connection().send_messages(mails)
    except (SMTPException, OSError) as error:
        raise MailRefusedError(str(error)) from error
