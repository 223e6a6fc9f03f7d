"""Small builders for the web tests: an organization, its people, parties and relationships."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.test import Client

from parity.web.orgs.models import (
    Membership,
    Organization,
    Party,
    PartyKind,
    Relationship,
    Scope,
)


def make_user(username: str) -> User:
    return User.objects.create_user(username, f"{username}@example.org", password=None)


def make_org(name: str, slug: str, **members: str) -> Organization:
    """An organization with ``members`` given as ``username=role``."""
    organization = Organization.objects.create(name=name, slug=slug)
    for username, role in members.items():
        Membership.objects.create(
            user=User.objects.get(username=username), organization=organization, role=role
        )
    return organization


def make_party(org: Organization, name: str, kind: str = PartyKind.DEPARTMENT) -> Party:
    return Party.objects.create(organization=org, name=name, kind=kind)


def make_relationship(
    a: Party, b: Party, label: str = "partner", scope: str = Scope.INTERNAL
) -> Relationship:
    return Relationship.objects.create(
        organization=a.organization, party_a=a, party_b=b, label=label, scope=scope
    )


@dataclass(frozen=True)
class World:
    """Org A with a facilitator and a viewer; org B whose facilitator is an outsider to A."""

    org_a: Organization
    org_b: Organization
    facilitator: User
    viewer: User
    outsider: User
    it: Party
    sales: Party
    relationship: Relationship


def page_text(client: Client, url: str) -> str:
    """The page at ``url`` as text, after checking it answered 200."""
    response = client.get(url)
    assert response.status_code == 200, url
    return str(response.content.decode())
