"""The map's use cases, once, for the pages and the API: add, change, archive and remove a party
or a relationship, and delete an organization.

The rules, stated here only:

* **History stays true.** A round records what it asked about (:mod:`parity.web.surveys.asked`),
  so renaming a party or relabelling a relationship changes future rounds only. A relationship a
  round has asked about cannot be moved to other parties: its answers are about these two. It
  can be archived instead, and a new relationship added.
* **Archived, not lost.** An archived party or relationship is hidden from the map and from new
  rounds, and kept in every round that asked about it. Archiving a party archives its
  relationships.
* **Removed only when nothing refers to it.** A party or relationship with answers, invitations
  or a round cannot be removed (the sentence offers to archive it).
* **An organization is deleted only by typing its name**, after being told what goes with it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Model, ProtectedError, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, ngettext

from parity.web.audit.bulk import update_recorded
from parity.web.names import clean_label, label_problem
from parity.web.orgs.models import Organization, Party, Relationship, Scope
from parity.web.orgs.tenancy import Tenant
from parity.web.surveys.asked import refresh_unopened
from parity.web.surveys.models import Invitation, Response, Round


class MapError(Exception):
    """A change to the map that is refused, said as a sentence for the caller."""


def _pair_taken(tenant: Tenant, a: Party, b: Party, exclude: int | None) -> bool:
    pairs = tenant.relationships().filter(party_a__in=(a, b), party_b__in=(a, b))
    return pairs.exclude(pk=exclude).exists() if exclude else pairs.exists()


def name_taken(tenant: Tenant, name: str, exclude: int | None = None) -> bool:
    """True when another party of the organization is already called ``name`` (any case)."""
    others = tenant.parties().filter(name__iexact=name.strip())
    return others.exclude(pk=exclude).exists() if exclude else others.exists()


def asked_in_a_round(relationship: Relationship) -> bool:
    """True when a round asks (or asked) about ``relationship``."""
    return Round.objects.filter(relationships=relationship).exists() or (
        Response.objects.filter(relationship=relationship).exists()
    )


def pair_refusal(
    tenant: Tenant, relationship: Relationship, a: Party | None, b: Party | None
) -> str | None:
    """Why ``relationship`` may not join ``a`` and ``b``, or None when it may."""
    if a is None or b is None:
        return None
    if a == b:
        return gettext("A relationship needs two different parties.")
    if a.organization_id != tenant.organization.pk or b.organization_id != tenant.organization.pk:
        return gettext("Both parties must belong to this organization.")
    if _pair_taken(tenant, a, b, relationship.pk):
        return gettext("%(a)s and %(b)s already have a relationship.") % {"a": a, "b": b}
    if relationship._state.adding:
        return None
    before = {relationship.party_a_id, relationship.party_b_id}
    if {a.pk, b.pk} != before and asked_in_a_round(relationship):
        return gettext(
            "%(relationship)s has been asked about in a round, so it cannot be moved to other "
            "parties: its answers are about these two. Archive it instead, and add a new "
            "relationship between %(a)s and %(b)s."
        ) % {"relationship": relationship, "a": a, "b": b}
    return None


def save_party(
    tenant: Tenant,
    party: Party,
    *,
    name: str,
    kind: str,
    function: str,
    description: str = "",
) -> Party:
    """Add ``party`` (unsaved) or change it; a rename changes the rounds to come only."""
    name = name.strip()
    if not name:
        raise MapError(gettext("Give the party a name."))
    if name_taken(tenant, name, party.pk):
        raise MapError(gettext('There is already a party called "%(name)s".') % {"name": name})
    party.organization = tenant.organization
    party.name, party.kind, party.function, party.description = name, kind, function, description
    with transaction.atomic():
        party.save()
        _refresh_unopened_of_party(party)
    return party


def describe_parties(tenant: Tenant, changes: Sequence[tuple[Party, str, str, str]]) -> int:
    """Give each party of ``changes`` (the organization's, each with a kind, a function and a
    description) those, all at once: an import updates hundreds. Their names stay (a rename is
    :func:`save_party`'s). The parties that change are written and recorded together, and the
    unopened rounds asking about their relationships brought up to date once, as
    :func:`save_party` does for one; how many changed."""
    changed: list[tuple[Party, Party]] = []
    for party, kind, function, description in changes:
        if party.organization_id != tenant.organization.pk:
            raise ValueError(f"party {party.pk} is another organization's")
        if (party.kind, party.function, party.description) == (kind, function, description):
            continue
        before = copy.copy(party)
        party.kind, party.function, party.description = kind, function, description
        changed.append((before, party))
    ids = [party.pk for _, party in changed]
    asking = Relationship.objects.filter(Q(party_a__in=ids) | Q(party_b__in=ids))
    return _write_changes(changed, ["kind", "function", "description"], asking)


def save_relationship(
    tenant: Tenant,
    relationship: Relationship,
    *,
    party_a: Party,
    party_b: Party,
    label: str,
    scope: str,
) -> Relationship:
    """Add ``relationship`` (unsaved) or change it under :func:`pair_refusal`'s rules."""
    refusal = pair_refusal(tenant, relationship, party_a, party_b)
    if refusal:
        raise MapError(refusal)
    label = _checked_label(label, scope)
    relationship.organization = tenant.organization
    relationship.party_a, relationship.party_b = party_a, party_b
    relationship.label, relationship.scope = label, scope
    with transaction.atomic():
        relationship.save()
        refresh_unopened([relationship])
    return relationship


def _checked_label(label: str, scope: str) -> str:
    """``label`` as a relationship keeps it, or :class:`MapError` when the label or ``scope``
    may not be given."""
    if (problem := label_problem(label)) is not None:
        raise MapError(problem)
    if scope not in Scope.values:
        raise MapError(gettext("The scope is internal or external."))
    return clean_label(label)


def relabel_relationships(tenant: Tenant, changes: Sequence[tuple[Relationship, str, str]]) -> int:
    """Give each relationship of ``changes`` (the organization's, each with a label and a
    scope) its new label and scope, under :func:`save_relationship`'s rules, all at once: an
    import updates thousands. The relationships whose label or scope changes are written and
    recorded together, and the unopened rounds asking about them are brought up to date once;
    how many changed. The parties stay: moving a relationship is :func:`save_relationship`'s."""
    changed: list[tuple[Relationship, Relationship]] = []
    for relationship, label, scope in changes:
        if relationship.organization_id != tenant.organization.pk:
            raise ValueError(f"relationship {relationship.pk} is another organization's")
        label = _checked_label(label, scope)
        if (relationship.label, relationship.scope) == (label, scope):
            continue
        before = copy.copy(relationship)
        relationship.label, relationship.scope = label, scope
        changed.append((before, relationship))
    return _write_changes(changed, ["label", "scope"], [r for _, r in changed])


def _write_changes(
    changed: Sequence[tuple[Model, Model]], fields: list[str], asking: Iterable[Relationship]
) -> int:
    """Write and record ``changed`` (each row as it was and as it is to be), and bring the
    unopened rounds asking about the relationships ``asking`` up to date; how many changed.
    Nothing changed, nothing is done."""
    if changed:
        with transaction.atomic():
            update_recorded(changed, fields)
            refresh_unopened(asking)
    return len(changed)


def _refresh_unopened_of_party(party: Party) -> None:
    refresh_unopened(Relationship.objects.filter(Q(party_a=party) | Q(party_b=party)))


def archive_party(party: Party) -> None:
    """Hide ``party`` and its relationships from the map and from new rounds."""
    now = timezone.now()
    with transaction.atomic():
        # Saved row by row (not a bulk update), so that the change record sees each one.
        for relationship in Relationship.objects.filter(
            Q(party_a=party) | Q(party_b=party), archived_at__isnull=True
        ):
            archive_relationship(relationship, now)
        if party.archived_at is None:
            party.archived_at = now
            party.save(update_fields=["archived_at"])


def archive_relationship(relationship: Relationship, now: datetime | None = None) -> None:
    """Hide ``relationship`` from the map and from new rounds; rounds keep it."""
    if relationship.archived_at is None:
        relationship.archived_at = now or timezone.now()
        relationship.save(update_fields=["archived_at"])


def _referred_to(relationships: list[Relationship]) -> bool:
    return (
        Round.objects.filter(relationships__in=relationships).exists()
        or Invitation.objects.filter(relationship__in=relationships).exists()
        or Response.objects.filter(relationship__in=relationships).exists()
    )


def party_in_a_round(party: Party) -> bool:
    """True when a round refers to ``party`` or one of its relationships."""
    return _referred_to(list(Relationship.objects.filter(Q(party_a=party) | Q(party_b=party))))


def relationship_in_a_round(relationship: Relationship) -> bool:
    """True when a round refers to ``relationship``."""
    return _referred_to([relationship])


_IN_A_ROUND = gettext_noop(
    "%(name)s is part of a round, so it cannot be removed without rewriting that round's "
    "history. Archive it instead: it leaves the map and new rounds."
)


def remove_party(party: Party) -> None:
    """Delete ``party`` and its relationships, unless a round refers to them."""
    relationships = list(Relationship.objects.filter(Q(party_a=party) | Q(party_b=party)))
    if _referred_to(relationships):
        raise MapError(gettext(_IN_A_ROUND) % {"name": party})
    try:
        with transaction.atomic():
            party.delete()
    except ProtectedError:
        raise MapError(
            gettext("%(name)s has survey answers, so it cannot be removed; archive it.")
            % {"name": party}
        ) from None


def remove_relationship(relationship: Relationship) -> None:
    """Delete ``relationship``, unless a round refers to it."""
    if _referred_to([relationship]):
        raise MapError(gettext(_IN_A_ROUND) % {"name": relationship})
    try:
        with transaction.atomic():
            relationship.delete()
    except ProtectedError:
        raise MapError(
            gettext("%(name)s has survey answers, so it cannot be removed.")
            % {"name": relationship}
        ) from None


@dataclass(frozen=True)
class Losses:
    """What deleting an organization deletes, counted for the confirmation."""

    parties: int
    relationships: int
    rounds: int
    responses: int
    members: int

    def sentences(self) -> list[str]:
        return [
            ngettext("%(n)s party", "%(n)s parties", self.parties) % {"n": self.parties},
            ngettext("%(n)s relationship", "%(n)s relationships", self.relationships)
            % {"n": self.relationships},
            ngettext(
                "%(n)s round with its invitations and results",
                "%(n)s rounds with their invitations and results",
                self.rounds,
            )
            % {"n": self.rounds},
            ngettext("%(n)s answered survey", "%(n)s answered surveys", self.responses)
            % {"n": self.responses},
            ngettext("%(n)s member's access", "%(n)s members' access", self.members)
            % {"n": self.members},
        ]


def losses_of(organization: Organization) -> Losses:
    return Losses(
        parties=Party.objects.filter(organization=organization).count(),
        relationships=Relationship.objects.filter(organization=organization).count(),
        rounds=Round.objects.filter(organization=organization).count(),
        responses=Response.objects.filter(round__organization=organization).count(),
        members=organization.memberships.count(),
    )


def confirm_deletion(organization: Organization, typed: str) -> None:
    """Refuse unless ``typed`` is the organization's name (spaces around it aside)."""
    if typed.strip() != organization.name.strip():
        raise MapError(
            gettext('Type the organization\'s name, "%(name)s", to delete it and everything in it.')
            % {"name": organization.name}
        )
