"""The organization's map in the API: add, change and archive parties and relationships, with
the same use cases and rules as the pages (:mod:`parity.web.orgs.services`).

Changing needs a facilitator or owner; a relationship a round has asked about cannot be moved
to other parties (409, with the sentence that offers to archive it).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import field_validator

from parity.web.api.schemas import PartyOut, RelationshipOut
from parity.web.names import LABEL_LENGTH, control_character_problem, label_problem
from parity.web.orgs import services
from parity.web.orgs.models import Function, Party, PartyKind, Relationship, Scope
from parity.web.orgs.tenancy import Tenant, tenant_for

router = Router(tags=["map"])


def _one_line(value: str | None) -> str | None:
    if value is not None:
        problem = control_character_problem(value, "name")
        if problem:
            raise ValueError(problem)
    return value


class PartyIn(Schema):
    name: str = Field(min_length=1, max_length=120)
    kind: PartyKind = PartyKind.DEPARTMENT
    function: Function = Function.OTHER
    description: str = Field("", max_length=2000)

    _name = field_validator("name")(_one_line)


class PartyChange(Schema):
    """Only the fields given change; a new name changes future rounds only."""

    name: str | None = Field(None, min_length=1, max_length=120)
    kind: PartyKind | None = None
    function: Function | None = None
    description: str | None = Field(None, max_length=2000)

    _name = field_validator("name")(_one_line)


def _label(value: str | None) -> str | None:
    if value is not None and (problem := label_problem(value)) is not None:
        raise ValueError(problem)
    return value


#: What the API says of a label (the same rule as the pages and the CSV import: web/names.py).
LABEL_MEANING = (
    "What the organization calls the relationship, in its own words (one line, e.g. "
    '"partner", "supplier", "strategic alliance"); a label containing "partner" declares '
    'a partnership. Empty is "none".'
)


class RelationshipIn(Schema):
    party_a_id: int
    party_b_id: int
    label: str = Field("none", max_length=LABEL_LENGTH, description=LABEL_MEANING)
    scope: Scope = Scope.INTERNAL

    _label = field_validator("label")(_label)


class RelationshipChange(Schema):
    """Only the fields given change. The parties of a relationship a round has asked about
    cannot change (409): archive it and add a new one."""

    party_a_id: int | None = None
    party_b_id: int | None = None
    label: str | None = Field(None, max_length=LABEL_LENGTH, description=LABEL_MEANING)
    scope: Scope | None = None

    _label = field_validator("label")(_label)


class Refusal(Schema):
    detail: str


def _party(tenant: Tenant, pk: int) -> Party:
    found = tenant.parties().filter(pk=pk).first()
    if found is None:
        raise HttpError(400, f"There is no party {pk} in {tenant.organization.name}.")
    return found


def _save_party(tenant: Tenant, party: Party, data: PartyIn | PartyChange) -> Party:
    try:
        return services.save_party(
            tenant,
            party,
            name=data.name if data.name is not None else party.name,
            kind=str(data.kind or party.kind),
            function=str(data.function or party.function),
            description=data.description if data.description is not None else party.description,
        )
    except services.MapError as error:
        raise HttpError(400, str(error)) from error


@router.get("/orgs/{slug}/parties", response=list[PartyOut], summary="An organization's parties")
def list_parties(request: HttpRequest, slug: str) -> QuerySet[Party]:
    """The parties on the map (archived ones are left out)."""
    return tenant_for(request.user, slug).active_parties()


@router.get(
    "/orgs/{slug}/relationships",
    response=list[RelationshipOut],
    summary="An organization's relationships",
)
def list_relationships(request: HttpRequest, slug: str) -> QuerySet[Relationship]:
    """The relationships on the map (archived ones are left out)."""
    return tenant_for(request.user, slug).active_relationships()


@router.post(
    "/orgs/{slug}/parties",
    response={201: PartyOut, 400: Refusal},
    summary="Add a party (facilitators)",
)
def create_party(request: HttpRequest, slug: str, data: PartyIn) -> Status[Party]:
    tenant = tenant_for(request.user, slug, edit=True)
    return Status(201, _save_party(tenant, Party(organization=tenant.organization), data))


@router.patch(
    "/orgs/{slug}/parties/{party_id}",
    response={200: PartyOut, 400: Refusal},
    summary="Rename or change a party (facilitators)",
    description="Rounds keep the name they asked under; their pages show the new one beside it.",
)
def change_party(request: HttpRequest, slug: str, party_id: int, data: PartyChange) -> Party:
    tenant = tenant_for(request.user, slug, edit=True)
    return _save_party(tenant, tenant.party(party_id), data)


@router.post(
    "/orgs/{slug}/parties/{party_id}/archive",
    response=PartyOut,
    summary="Archive a party and its relationships (facilitators)",
    description="Hidden from the map and from new rounds; kept in the rounds that asked.",
)
def archive_party(request: HttpRequest, slug: str, party_id: int) -> Party:
    party = tenant_for(request.user, slug, edit=True).party(party_id)
    services.archive_party(party)
    return party


@router.post(
    "/orgs/{slug}/relationships",
    response={201: RelationshipOut, 400: Refusal},
    summary="Add a relationship (facilitators)",
)
def create_relationship(
    request: HttpRequest, slug: str, data: RelationshipIn
) -> Status[Relationship]:
    tenant = tenant_for(request.user, slug, edit=True)
    a, b = _party(tenant, data.party_a_id), _party(tenant, data.party_b_id)
    try:
        made = services.save_relationship(
            tenant,
            Relationship(organization=tenant.organization),
            party_a=a,
            party_b=b,
            label=str(data.label),
            scope=str(data.scope),
        )
    except services.MapError as error:
        raise HttpError(400, str(error)) from error
    return Status(201, made)


@router.patch(
    "/orgs/{slug}/relationships/{relationship_id}",
    response={200: RelationshipOut, 400: Refusal, 409: Refusal},
    summary="Relabel or change a relationship (facilitators)",
    description=(
        "A new label or scope changes future rounds only. Moving a relationship that a round "
        "has asked about to other parties is refused (409): archive it and add a new one."
    ),
)
def change_relationship(
    request: HttpRequest, slug: str, relationship_id: int, data: RelationshipChange
) -> Relationship:
    tenant = tenant_for(request.user, slug, edit=True)
    relationship = tenant.relationship(relationship_id)
    a = relationship.party_a if data.party_a_id is None else _party(tenant, data.party_a_id)
    b = relationship.party_b if data.party_b_id is None else _party(tenant, data.party_b_id)
    moved = {a.pk, b.pk} != {relationship.party_a_id, relationship.party_b_id}
    try:
        return services.save_relationship(
            tenant,
            relationship,
            party_a=a,
            party_b=b,
            label=str(data.label or relationship.label),
            scope=str(data.scope or relationship.scope),
        )
    except services.MapError as error:
        asked = moved and services.asked_in_a_round(relationship)
        raise HttpError(409 if asked else 400, str(error)) from error


@router.post(
    "/orgs/{slug}/relationships/{relationship_id}/archive",
    response=RelationshipOut,
    summary="Archive a relationship (facilitators)",
    description="Hidden from the map and from new rounds; kept in the rounds that asked.",
)
def archive_relationship(request: HttpRequest, slug: str, relationship_id: int) -> Relationship:
    relationship = tenant_for(request.user, slug, edit=True).relationship(relationship_id)
    services.archive_relationship(relationship)
    return relationship
