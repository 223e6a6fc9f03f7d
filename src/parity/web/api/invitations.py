"""Making invitations for one side of a round from the API: codes, or e-mailed links.

The survey app's invitation page does the same with its forms; its building blocks
(:func:`make_batch`, :func:`make_invitation`, :func:`already_invited`, :func:`side_by_key`) are
reused here, and what the page keeps private (checking a batch, the e-mail) is restated for the
API.
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from django.urls import reverse

from parity.web.surveys.batches import make_batch
from parity.web.surveys.codes import canonical
from parity.web.surveys.mail import MailRefusedError, mail_invitations
from parity.web.surveys.models import Round
from parity.web.surveys.rounds import (
    AddressError,
    RoundState,
    Side,
    already_invited,
    checked_addresses,
    side_by_key,
    state_of,
)


class InvitationError(Exception):
    """Invitations that cannot be made, with the HTTP status that says why."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def checked_side(found: Round, relationship_id: int, party_id: int) -> Side:
    """The side of ``found`` that ``party_id`` answers for; refused when closed or unknown."""
    if state_of(found) is RoundState.CLOSED:
        raise InvitationError(f"{found.name} has closed; open a new round to ask again.", 409)
    side = side_by_key(found, f"{relationship_id}-{party_id}")
    if side is None:
        raise InvitationError(
            f"Relationship {relationship_id} with party {party_id} is not a side of "
            f"{found.name}: use a relationship of the round and one of its two parties."
        )
    return side


def survey_link(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("surveys:answer", args=[token]))


def make_codes(
    request: HttpRequest, found: Round, side: Side, count: int
) -> tuple[uuid.UUID, list[dict[str, str]]]:
    """A new batch of printed codes: its id, and each code as printed with its survey link."""
    batch, codes = make_batch(found, side, count)
    return batch, [{"code": code, "link": survey_link(request, canonical(code))} for code in codes]


def checked_emails(addresses: list[str]) -> list[str]:
    """The addresses without repeats (ignoring case); refused if any is not an address."""
    try:
        return checked_addresses(addresses)
    except AddressError as error:
        raise InvitationError(str(error), 422) from None


def send_email_invitations(
    request: HttpRequest, found: Round, side: Side, addresses: list[str]
) -> int:
    """Create and mail the invitations together: if the mail server fails, none is kept."""
    emails = checked_emails(addresses)
    taken = already_invited(found, side, emails)
    if taken:
        raise InvitationError(f"Already invited to this round: {', '.join(taken)}.", 409)
    try:
        mail_invitations(found, side, emails, lambda token: survey_link(request, token))
    except MailRefusedError as error:
        raise InvitationError(
            f"The mail server refused the invitations ({error}); none were sent.", 502
        ) from error
    return len(emails)
