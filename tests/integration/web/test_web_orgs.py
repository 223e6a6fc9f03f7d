"""Mapping an organization: create it, add parties and relationships, with sentences for errors."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from tests.integration.web.builders import World, make_party, make_relationship

from parity.web.orgs.models import Membership, Organization, Party, Relationship, Role


def test_the_creator_becomes_owner(world: World, viewer: Client) -> None:
    form = {"name": "Harbour & Vale", "score_threshold": 5, "text_threshold": 7}
    response = viewer.post(reverse("orgs:create"), form)
    organization = Organization.objects.get(name="Harbour & Vale")
    assert response["Location"] == reverse("orgs:detail", args=["harbour-vale"])
    assert Membership.objects.get(organization=organization, user=world.viewer).role == Role.OWNER


def test_a_slug_is_never_reused_or_reserved(world: World, facilitator: Client) -> None:
    for name in ("Org A", "New"):
        facilitator.post(
            reverse("orgs:create"), {"name": name, "score_threshold": 5, "text_threshold": 7}
        )
    assert set(Organization.objects.values_list("slug", flat=True)) >= {"org-a-2", "new-2"}


@pytest.mark.parametrize("field", ["score_threshold", "text_threshold"])
def test_thresholds_below_three_are_refused(field: str, world: World, facilitator: Client) -> None:
    form = {"name": "Tiny", "score_threshold": 5, "text_threshold": 7, field: 2}
    response = facilitator.post(reverse("orgs:create"), form)
    assert response.status_code == 200
    assert "greater than or equal to 3" in response.content.decode()
    assert not Organization.objects.filter(name="Tiny").exists()


def test_the_database_refuses_a_threshold_below_three(world: World) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.filter(pk=world.org_a.pk).update(score_threshold=2)


def test_a_facilitator_adds_edits_and_removes_a_party(world: World, facilitator: Client) -> None:
    slug = world.org_a.slug
    form = {"name": "Legal", "kind": "department", "function": "legal", "description": ""}
    assert facilitator.post(reverse("orgs:party-create", args=[slug]), form).status_code == 302
    legal = Party.objects.get(organization=world.org_a, name="Legal")
    form["name"] = "Legal & Compliance"
    facilitator.post(reverse("orgs:party-edit", args=[slug, legal.pk]), form)
    legal.refresh_from_db()
    assert legal.name == "Legal & Compliance"
    facilitator.post(reverse("orgs:party-delete", args=[slug, legal.pk]))
    assert not Party.objects.filter(pk=legal.pk).exists()


def test_a_party_name_is_unique_in_its_organization(world: World, facilitator: Client) -> None:
    form = {"name": "it", "kind": "department", "function": "it", "description": ""}
    response = facilitator.post(reverse("orgs:party-create", args=[world.org_a.slug]), form)
    assert "There is already a party called &quot;it&quot;." in response.content.decode()


def test_another_organization_may_use_the_same_name(world: World) -> None:
    make_party(world.org_b, "IT")
    assert Party.objects.filter(name="IT").count() == 2


def test_a_relationship_needs_two_different_parties(world: World, facilitator: Client) -> None:
    form = {"party_a": world.it.pk, "party_b": world.it.pk, "label": "partner", "scope": "internal"}
    response = facilitator.post(reverse("orgs:relationship-create", args=["org-a"]), form)
    assert "A relationship needs two different parties." in response.content.decode()


def test_a_pair_has_one_relationship_in_either_order(world: World, facilitator: Client) -> None:
    form = {
        "party_a": world.it.pk,
        "party_b": world.sales.pk,
        "label": "supplier",
        "scope": "internal",
    }
    response = facilitator.post(reverse("orgs:relationship-create", args=["org-a"]), form)
    assert "IT and Sales already have a relationship." in response.content.decode()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_relationship(world.it, world.sales)


def test_the_model_validates_the_pair(world: World) -> None:
    duplicate = Relationship(organization=world.org_a, party_a=world.it, party_b=world.sales)
    with pytest.raises(ValidationError, match="already have a relationship"):
        duplicate.full_clean()


def test_parties_of_another_organization_cannot_be_chosen(
    world: World, facilitator: Client
) -> None:
    finance_b = Party.objects.get(organization=world.org_b)
    form = {
        "party_a": world.it.pk,
        "party_b": finance_b.pk,
        "label": "partner",
        "scope": "internal",
    }
    response = facilitator.post(reverse("orgs:relationship-create", args=["org-a"]), form)
    assert "Select a valid choice" in response.content.decode()
    assert Relationship.objects.count() == 1


def test_a_facilitator_edits_and_removes_a_relationship(world: World, facilitator: Client) -> None:
    pk = world.relationship.pk
    form = {
        "party_a": world.sales.pk,
        "party_b": world.it.pk,
        "label": "customer",
        "scope": "internal",
    }
    facilitator.post(reverse("orgs:relationship-edit", args=["org-a", pk]), form)
    assert Relationship.objects.get(pk=pk).label == "customer"
    facilitator.post(reverse("orgs:relationship-delete", args=["org-a", pk]))
    assert not Relationship.objects.filter(pk=pk).exists()


def test_a_label_is_the_organizations_own_words(world: World, facilitator: Client) -> None:
    hr = make_party(world.org_a, "HR")
    form = {
        "party_a": hr.pk,
        "party_b": world.it.pk,
        "label": "  strategic   alliance ",
        "scope": "internal",
    }
    page = facilitator.get(reverse("orgs:relationship-create", args=["org-a"])).content.decode()
    assert 'list="usual-labels"' in page
    assert '<option value="business partner">' in page
    response = facilitator.post(reverse("orgs:relationship-create", args=["org-a"]), form)
    assert response.status_code == 302
    assert Relationship.objects.get(party_a=hr).label == "strategic alliance"
    detail = facilitator.get(reverse("orgs:detail", args=["org-a"])).content.decode()
    assert "<td>strategic alliance</td>" in detail


def test_a_label_stays_on_one_line(world: World, facilitator: Client) -> None:
    hr = make_party(world.org_a, "HR")
    form = {"party_a": hr.pk, "party_b": world.it.pk, "label": "ally\nfoe", "scope": "internal"}
    response = facilitator.post(reverse("orgs:relationship-create", args=["org-a"]), form)
    assert "The label contains a line break" in response.content.decode()
    assert not Relationship.objects.filter(party_a=hr).exists()
    api = facilitator.post(
        "/api/orgs/org-a/relationships",
        {"party_a_id": hr.pk, "party_b_id": world.it.pk, "label": "x" * 61},
        content_type="application/json",
    )
    assert api.status_code == 422
    made = facilitator.post(
        "/api/orgs/org-a/relationships",
        {"party_a_id": hr.pk, "party_b_id": world.it.pk, "label": "Strategic Alliance"},
        content_type="application/json",
    )
    assert made.status_code == 201
    assert made.json()["label"] == "Strategic Alliance"


def test_an_empty_label_is_none(world: World, facilitator: Client) -> None:
    hr = make_party(world.org_a, "HR")
    form = {"party_a": hr.pk, "party_b": world.it.pk, "label": "", "scope": "internal"}
    page = facilitator.get(reverse("orgs:relationship-create", args=["org-a"])).content.decode()
    assert 'placeholder="none"' in page
    assert (
        facilitator.post(reverse("orgs:relationship-create", args=["org-a"]), form).status_code
        == 302
    )
    assert Relationship.objects.get(party_a=hr).label == "none"
