"""A round's use cases, once, for the pages and the API: open a round, invite a side by e-mail
or with printed codes, close a round early, release its results.

Each rule is stated here only; the pages' forms call :func:`check_round` to say a refusal beside
the field it concerns, the API says it as ``{"detail": …}``.

Opening a round: a name, a shipped instrument, a closing moment after the opening one, at least
one relationship, all of the caller's organization and none archived, and the respondent
attributes the round asks with their choices
(:func:`parity.web.surveys.attributes.asked_attributes`). The round records what it asks about
(:mod:`parity.web.surveys.asked`) as its relationships are set.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from parity.core.instrument import InstrumentError, shipped_instrument
from parity.web.orgs.models import Relationship
from parity.web.orgs.tenancy import Tenant
from parity.web.surveys.attributes import AttributeChoicesError, asked_attributes
from parity.web.surveys.batches import make_batch
from parity.web.surveys.mail import make_email_invitations, queue_mailing
from parity.web.surveys.models import Round, RoundState, instrument_for_new_round
from parity.web.surveys.rounds import (
    AddressError,
    Side,
    already_invited,
    checked_addresses,
    close_now,
    side_by_key,
)


class RoundError(Exception):
    """A round that cannot be opened, said as a sentence; ``field`` names what it is about
    (``name``, ``instrument``, ``closes_at``, ``relationships``, ``ask_<attribute>``)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def aware(moment: datetime) -> datetime:
    """``moment`` with a time zone: the server's (``PARITY_TIME_ZONE``) if it had none."""
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


@dataclass(frozen=True)
class RoundPlan:
    """A round that may be opened, as :func:`check_round` found it."""

    name: str
    opens_at: datetime
    closes_at: datetime
    relationships: list[Relationship]
    instrument: str
    attributes: dict[str, list[str]]
    #: The language of its invitations, reminders and survey (:attr:`Round.language`).
    language: str = settings.LANGUAGE_CODE


def check_round(
    tenant: Tenant,
    name: str,
    opens_at: datetime,
    closes_at: datetime,
    relationship_ids: Sequence[int],
    instrument: str | None = None,
    attributes: Mapping[str, Sequence[str]] | None = None,
    language: str | None = None,
) -> RoundPlan:
    """The round these values describe, or :class:`RoundError` with the first rule it breaks."""
    instrument = instrument or instrument_for_new_round(tenant.organization)
    name = name.strip()
    if not name:
        raise RoundError(gettext("Give the round a name."), "name")
    try:
        shipped_instrument(instrument)
    except InstrumentError as error:
        raise RoundError(str(error), "instrument") from None
    language = language or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        offered = ", ".join(code for code, _name in settings.LANGUAGES)
        raise RoundError(
            gettext("A round's language is one of %(languages)s.") % {"languages": offered},
            "language",
        )
    opens, closes = aware(opens_at), aware(closes_at)
    if closes <= opens:
        raise RoundError(gettext("The round must close after it opens."), "closes_at")
    wanted = set(relationship_ids)
    relationships = list(tenant.relationships().filter(pk__in=wanted).order_by("pk"))
    unknown = sorted(wanted - {relationship.pk for relationship in relationships})
    if unknown:
        listed = ", ".join(str(pk) for pk in unknown)
        raise RoundError(
            gettext("These relationships are not in %(organization)s: %(listed)s.")
            % {"organization": tenant.organization.name, "listed": listed},
            "relationships",
        )
    archived = [str(r) for r in relationships if r.archived_at is not None]
    if archived:
        raise RoundError(
            gettext("Archived relationships cannot join a new round: %(listed)s.")
            % {"listed": ", ".join(archived)},
            "relationships",
        )
    if not relationships:
        raise RoundError(gettext("Choose at least one relationship."), "relationships")
    try:
        asked = asked_attributes(attributes or {})
    except AttributeChoicesError as error:
        raise RoundError(str(error), f"ask_{error.attribute}") from None
    return RoundPlan(name, opens, closes, relationships, instrument, asked, language)


def open_round(tenant: Tenant, plan: RoundPlan) -> Round:
    """Create the round ``plan`` describes; it records what it asks about as it is made."""
    with transaction.atomic():
        created = Round.objects.create(
            organization=tenant.organization,
            name=plan.name,
            opens_at=plan.opens_at,
            closes_at=plan.closes_at,
            instrument=plan.instrument,
            attributes=plan.attributes,
            language=plan.language,
        )
        created.relationships.set(plan.relationships)
    created.refresh_from_db()  # the moments as stored, in UTC like every other answer
    return created


def create_round(
    tenant: Tenant,
    name: str,
    opens_at: datetime,
    closes_at: datetime,
    relationship_ids: Sequence[int],
    instrument: str | None = None,
    attributes: Mapping[str, Sequence[str]] | None = None,
    language: str | None = None,
) -> Round:
    """A new round of ``tenant``'s organization; without ``instrument``, the one a new round
    asks there (:func:`~parity.web.surveys.models.instrument_for_new_round`). ``attributes``
    maps each respondent attribute to ask to its choices (none asked by default); ``language``
    is its e-mails' and survey's (English by default)."""
    plan = check_round(
        tenant, name, opens_at, closes_at, relationship_ids, instrument, attributes, language
    )
    return open_round(tenant, plan)


class InvitationError(Exception):
    """Invitations that cannot be made, with the HTTP status that says why."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def checked_side(found: Round, relationship_id: int, party_id: int) -> Side:
    """The side of ``found`` that ``party_id`` answers for; refused when closed or unknown."""
    if found.state is RoundState.CLOSED:
        raise InvitationError(
            gettext("%(round)s has closed; open a new round to ask again.") % {"round": found.name},
            409,
        )
    side = side_by_key(found, f"{relationship_id}-{party_id}")
    if side is None:
        raise InvitationError(
            gettext(
                "Relationship %(relationship)s with party %(party)s is not a side of %(round)s: "
                "use a relationship of the round and one of its two parties."
            )
            % {"relationship": relationship_id, "party": party_id, "round": found.name}
        )
    return side


def checked_emails(addresses: list[str]) -> list[str]:
    """The addresses without repeats (ignoring case); refused if any is not an address."""
    try:
        return checked_addresses(addresses)
    except AddressError as error:
        raise InvitationError(str(error), 422) from None


@dataclass(frozen=True)
class Mailing:
    """Invitations made and queued: how many, and from when the worker mails them."""

    count: int
    goes_out_at: datetime


def invite_by_email(found: Round, side: Side, addresses: list[str], site: str) -> Mailing:
    """Make the invitations together (a wrong or repeated address refuses them all) and queue
    their mailing (:mod:`parity.web.surveys.mail`); ``site`` is the address links start with."""
    emails = checked_emails(addresses)
    if not emails:
        raise InvitationError(gettext("Enter at least one e-mail address."), 422)
    taken = already_invited(found, side, emails)
    if taken:
        raise InvitationError(
            gettext("Already invited to this round: %(addresses)s.")
            % {"addresses": ", ".join(taken)},
            409,
        )
    make_email_invitations(found, side, emails)
    return Mailing(len(emails), queue_mailing(found, site))


def send_waiting(found: Round, site: str) -> datetime:
    """Queue the round's invitations that have not gone out again (the mail server refused
    them, or the round's opening moved); refused once the round has closed."""
    if found.state is RoundState.CLOSED:
        raise InvitationError(
            gettext("%(round)s has closed; its invitations no longer go out.")
            % {"round": found.name},
            409,
        )
    return queue_mailing(found, site)


def invite_with_codes(found: Round, side: Side, count: int) -> tuple[uuid.UUID, list[str]]:
    """A new batch of ``count`` printed codes for ``side``: its id and the codes, shown once."""
    return make_batch(found, side, count)


class RoundStateError(Exception):
    """A round that is not in the state the use case needs, said as a sentence."""


def close_round(found: Round) -> None:
    """Close an open round at once and seal it; refused unless it is open."""
    if not close_now(found):
        raise RoundStateError(
            gettext("%(round)s is not open; change its dates instead.") % {"round": found}
        )


def release_round(found: Round) -> bool:
    """Release the closed round's results to both sides at once; False if already released."""
    if found.state is not RoundState.CLOSED:
        raise RoundStateError(gettext("Results can be released once the round has closed."))
    now = timezone.now()
    released = Round.objects.filter(pk=found.pk, released_at__isnull=True).update(released_at=now)
    if released:
        found.released_at = now
    return bool(released)
