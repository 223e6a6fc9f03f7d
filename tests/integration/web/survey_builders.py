"""Builders for rounds and invitations, shared by the round, survey and tenancy tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from parity.web.orgs.models import Organization, Party, Relationship
from parity.web.surveys.models import Invitation, InvitationKind, Round
from parity.web.tokens import new_token


def make_round(
    org: Organization,
    relationships: list[Relationship],
    *,
    opens_in: timedelta = timedelta(days=-1),
    lasts: timedelta = timedelta(days=14),
    name: str = "Autumn",
) -> Round:
    """A round of ``org``, open now unless ``opens_in`` says otherwise."""
    opens = timezone.now() + opens_in
    made = Round.objects.create(
        organization=org, name=name, opens_at=opens, closes_at=opens + lasts
    )
    made.relationships.set(relationships)
    return made


def make_code(round_: Round, relationship: Relationship, party: Party) -> str:
    """A code invitation for ``party``'s side; returns its token."""
    token, digest = new_token()
    Invitation.objects.create(
        round=round_,
        relationship=relationship,
        party=party,
        kind=InvitationKind.CODE,
        token_hash=digest,
    )
    return token
