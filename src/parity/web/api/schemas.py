"""What the API returns: the mapped organization, never anyone's answers."""

from __future__ import annotations

from ninja import Schema

from parity.web.orgs.models import Relationship


class OrganizationOut(Schema):
    slug: str
    name: str
    score_threshold: int
    text_threshold: int


class PartyOut(Schema):
    id: int
    name: str
    kind: str
    function: str
    description: str


class RelationshipOut(Schema):
    id: int
    party_a: str
    party_b: str
    label: str
    scope: str

    @staticmethod
    def resolve_party_a(relationship: Relationship) -> str:
        return relationship.party_a.name

    @staticmethod
    def resolve_party_b(relationship: Relationship) -> str:
        return relationship.party_b.name
