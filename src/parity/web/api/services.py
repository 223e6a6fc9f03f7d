"""Opening a round from the API, with the same rules as the round form of the survey pages.

The survey app has no service function for this (its page validates with ``RoundForm``), so
the rules are restated here: a name, a closing moment after the opening one, and at least one
relationship, all of the caller's organization.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from parity.core.instrument import InstrumentError, shipped_instrument
from parity.web.orgs.tenancy import Tenant
from parity.web.surveys.models import Round


class RoundError(Exception):
    """A round that cannot be opened, said as a sentence for the caller."""


def aware(moment: datetime) -> datetime:
    """``moment`` with a time zone: the server's (``PARITY_TIME_ZONE``) if it had none."""
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def create_round(
    tenant: Tenant,
    name: str,
    opens_at: datetime,
    closes_at: datetime,
    relationship_ids: list[int],
    instrument: str = "TPI-1",
) -> Round:
    name = name.strip()
    if not name:
        raise RoundError("Give the round a name.")
    try:
        shipped_instrument(instrument)
    except InstrumentError as error:
        raise RoundError(str(error)) from None
    opens, closes = aware(opens_at), aware(closes_at)
    if closes <= opens:
        raise RoundError("The round must close after it opens.")
    wanted = set(relationship_ids)
    relationships = list(tenant.relationships().filter(pk__in=wanted))
    unknown = sorted(wanted - {relationship.pk for relationship in relationships})
    if unknown:
        listed = ", ".join(str(pk) for pk in unknown)
        raise RoundError(f"These relationships are not in {tenant.organization.name}: {listed}.")
    if not relationships:
        raise RoundError("Choose at least one relationship.")
    with transaction.atomic():
        created = Round.objects.create(
            organization=tenant.organization,
            name=name,
            opens_at=opens,
            closes_at=closes,
            instrument=instrument,
        )
        created.relationships.set(relationships)
    created.refresh_from_db()  # the moments as stored, in UTC like every other answer
    return created
