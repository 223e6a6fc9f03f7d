"""Opening a round: the one use case behind the API's ``POST /rounds`` and the new-round page.

The rules: a name, a shipped instrument, a closing moment after the opening one, at least one
relationship, all of the caller's organization, and the respondent attributes the round asks
with their choices (:func:`parity.web.surveys.attributes.asked_attributes`). The page's
``RoundForm`` checks its fields for messages beside them, then calls :func:`create_round` too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from parity.core.instrument import InstrumentError, shipped_instrument
from parity.web.orgs.tenancy import Tenant
from parity.web.surveys.attributes import AttributeChoicesError, asked_attributes
from parity.web.surveys.models import Round, instrument_for_new_round


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
    instrument: str | None = None,
    attributes: Mapping[str, Sequence[str]] | None = None,
) -> Round:
    """A new round of ``tenant``'s organization; without ``instrument``, the one a new round
    asks there (:func:`~parity.web.surveys.models.instrument_for_new_round`). ``attributes``
    maps each respondent attribute to ask to its choices (none asked by default)."""
    instrument = instrument or instrument_for_new_round(tenant.organization)
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
    try:
        asked = asked_attributes(attributes or {})
    except AttributeChoicesError as error:
        raise RoundError(str(error)) from None
    with transaction.atomic():
        created = Round.objects.create(
            organization=tenant.organization,
            name=name,
            opens_at=opens,
            closes_at=closes,
            instrument=instrument,
            attributes=asked,
        )
        created.relationships.set(relationships)
    created.refresh_from_db()  # the moments as stored, in UTC like every other answer
    return created
