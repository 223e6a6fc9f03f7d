"""The record of changes: who changed what in an organization, shown to its owners only."""

from __future__ import annotations

import json

from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from tests.integration.web.builders import World
from tests.integration.web.survey_builders import make_round

from parity.web.accounts.api_tokens import create_api_token
from parity.web.orgs.models import Membership, Party, Role


def _changes(client: Client, slug: str = "org-a") -> str:
    response = client.get(reverse("audit:changes", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_facilitators_rename_is_recorded_with_who_and_from_what(
    world: World, facilitator: Client, owner: Client
) -> None:
    edited = facilitator.post(
        reverse("orgs:party-edit", args=["org-a", world.it.pk]),
        {"name": "Information Technology", "kind": "department", "function": "it"},
    )
    assert edited.status_code == 302
    entry = LogEntry.objects.get_for_object(world.it).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == world.facilitator
    assert entry.changes_dict["name"] == ["IT", "Information Technology"]
    page = _changes(owner)
    assert "fiona" in page
    assert "IT → Information Technology" in page


def test_removed_parties_and_role_changes_stay_in_the_record(
    world: World, facilitator: Client, owner: Client
) -> None:
    party = Party.objects.create(organization=world.org_a, name="Legal")
    deleted = facilitator.post(reverse("orgs:party-delete", args=["org-a", party.pk]))
    assert deleted.status_code == 302
    membership = world.org_a.memberships.get(user=world.viewer)
    changed = owner.post(
        reverse("orgs:member-role", args=["org-a", membership.pk]),
        {f"m{membership.pk}-role": Role.FACILITATOR},
    )
    assert changed.status_code == 302
    page = _changes(owner)
    assert "Party “Legal” removed" in page
    assert "Viewer → Facilitator" in page


def test_a_round_made_with_an_api_token_names_the_tokens_owner(world: World) -> None:
    _, token = create_api_token(world.facilitator, "script")
    body = {
        "name": "Spring",
        "opens_at": "2030-01-01T09:00:00Z",
        "closes_at": "2030-01-15T09:00:00Z",
        "relationship_ids": [world.relationship.pk],
    }
    made = Client().post(
        "/api/orgs/org-a/rounds",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert made.status_code == 201, made.content
    entry = LogEntry.objects.filter(object_repr="Spring", action=LogEntry.Action.CREATE).get()
    assert entry.actor == world.facilitator


def test_the_relationships_a_round_asks_are_shown_as_added(world: World, owner: Client) -> None:
    """auditlog records a many-to-many change as {"type": "m2m", "operation": "add"}: the page
    says "added", not "removed"."""
    make_round(world.org_a, [world.relationship])
    page = owner.get(reverse("audit:changes", args=[world.org_a.slug])).content.decode()
    assert f"relationships: added: {world.relationship}" in page
    assert "relationships: removed" not in page


def test_only_the_owners_of_the_organization_read_its_changes(
    world: World, facilitator: Client, viewer: Client, outsider: Client, owner: Client
) -> None:
    url = reverse("audit:changes", args=["org-a"])
    Membership.objects.filter(user=world.outsider).update(role=Role.OWNER)
    assert outsider.get(url).status_code == 404  # the owner of another organization
    assert facilitator.get(url).status_code == 403
    assert viewer.get(url).status_code == 403
    assert Client().get(url).status_code == 302
    assert owner.get(url).status_code == 200
    assert "Changes" in owner.get(reverse("orgs:detail", args=["org-a"])).content.decode()
    assert (
        "/changes/" not in facilitator.get(reverse("orgs:detail", args=["org-a"])).content.decode()
    )


def test_one_organizations_changes_never_show_on_anothers_page(world: World, owner: Client) -> None:
    Party.objects.create(organization=world.org_b, name="Secret merger team")
    assert "Secret merger team" not in _changes(owner)
    assert LogEntry.objects.filter(object_repr="Secret merger team").exists()
