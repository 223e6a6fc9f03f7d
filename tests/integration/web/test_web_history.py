"""A round's history cannot be rewritten: renaming a party, relabelling a relationship or
archiving one after a round leaves that round's pages, API answers, reports and the next round's
trend as they were; a relationship with answers cannot be moved to other parties."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from tests.integration.web.builders import World, make_party, make_relationship
from tests.integration.web.insights_builders import answer, make_results_round

from parity.web.orgs.models import Relationship
from parity.web.surveys.models import Round

#: What differs between two renderings of the same page: the per-request CSRF token and nonce.
_PER_REQUEST = re.compile(rb'(csrfmiddlewaretoken" value="|csrf-token" content="|nonce=")[^"]*"')
RENAMED_NOTE = re.compile(rb'<p class="meta">Named as when this round asked: [^<]*</p>')


def _same(body: bytes) -> bytes:
    return _PER_REQUEST.sub(rb"\1-", body)


@pytest.fixture
def rounds(world: World) -> tuple[Round, Round]:
    """Spring (closed) and Autumn (closed, after it) about IT – Sales, both with answers."""
    spring = make_results_round(world.org_a, [world.relationship], name="Spring", days_ago=90)
    answer(spring, world.relationship, world.sales, 6)
    answer(spring, world.relationship, world.it, 5)
    autumn = make_results_round(world.org_a, [world.relationship], name="Autumn", days_ago=30)
    answer(autumn, world.relationship, world.sales, 5)
    answer(autumn, world.relationship, world.it, 6)
    return spring, autumn


def _urls(world: World, spring: Round, autumn: Round) -> dict[str, str]:
    slug, rel = world.org_a.slug, world.relationship.pk
    return {
        "page": reverse("insights:relationship", args=[slug, spring.pk, rel]),
        "organization": reverse("insights:organization", args=[slug, spring.pk]),
        "api": f"/api/orgs/{slug}/rounds/{spring.pk}/results",
        "round_api": f"/api/orgs/{slug}/rounds/{spring.pk}",
        "report": reverse("insights:relationship_report", args=[slug, spring.pk, rel, "html"]),
        "trend": reverse("insights:relationship_report", args=[slug, autumn.pk, rel, "html"]),
        "network": reverse("insights:network", args=[slug, spring.pk]),
        # The next round's change since the previous one, on its page and in its API answer.
        "next_organization": reverse("insights:organization", args=[slug, autumn.pk]),
        "next_api": f"/api/orgs/{slug}/rounds/{autumn.pk}/results",
    }


def _snapshot(client: Client, urls: dict[str, str]) -> dict[str, bytes]:
    out = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        out[name] = _same(response.content)
    return out


def _rename(world: World, facilitator: Client) -> None:
    url = reverse("orgs:party-edit", args=[world.org_a.slug, world.it.pk])
    body = {"name": "Technology", "kind": "department", "function": "it", "description": ""}
    assert facilitator.post(url, body).status_code == 302


def _relabel(world: World, facilitator: Client) -> None:
    url = reverse("orgs:relationship-edit", args=[world.org_a.slug, world.relationship.pk])
    body = {
        "party_a": world.it.pk,
        "party_b": world.sales.pk,
        "label": "supplier",
        "scope": "external",
    }
    assert facilitator.post(url, body).status_code == 302


def _archive(world: World, facilitator: Client) -> None:
    url = reverse("orgs:relationship-delete", args=[world.org_a.slug, world.relationship.pk])
    assert facilitator.post(url, {"action": "archive"}).status_code == 302


def _archive_party(world: World, facilitator: Client) -> None:
    url = reverse("orgs:party-delete", args=[world.org_a.slug, world.it.pk])
    assert facilitator.post(url, {"action": "archive"}).status_code == 302


EDITS: dict[str, Callable[[World, Client], None]] = {
    "rename": _rename,
    "relabel": _relabel,
    "archive": _archive,
    "archive-party": _archive_party,
}


@pytest.mark.parametrize("edit", EDITS)
def test_an_edit_after_a_round_leaves_its_results_byte_identical(
    world: World, rounds: tuple[Round, Round], viewer: Client, facilitator: Client, edit: str
) -> None:
    urls = _urls(world, *rounds)
    before = _snapshot(viewer, urls)
    EDITS[edit](world, facilitator)
    after = _snapshot(viewer, urls)
    if edit == "rename":
        # The round's page names IT as it was asked about, with today's name beside it.
        assert b"IT (now Technology)" in after["page"]
        after["page"] = RENAMED_NOTE.sub(b"", after["page"])
        before["page"] = RENAMED_NOTE.sub(b"", before["page"])
    for name in urls:
        assert after[name] == before[name], name


def test_a_rename_shows_on_the_map_and_in_new_rounds(
    world: World, rounds: tuple[Round, Round], facilitator: Client
) -> None:
    _rename(world, facilitator)
    detail = facilitator.get(reverse("orgs:detail", args=[world.org_a.slug])).content.decode()
    assert "Technology" in detail
    body = {
        "name": "Winter",
        "opens_at": "2031-01-01T09:00",
        "closes_at": "2031-01-20T09:00",
        "relationship_ids": [world.relationship.pk],
    }
    made = facilitator.post("/api/orgs/org-a/rounds", body, content_type="application/json")
    assert made.status_code == 201
    made_pair = made.json()["relationships"][0]
    assert {made_pair["party_a"], made_pair["party_b"]} == {"Technology", "Sales"}
    spring = facilitator.get(f"/api/orgs/org-a/rounds/{rounds[0].pk}").json()["relationships"][0]
    assert {spring["party_a"], spring["party_b"]} == {"IT", "Sales"}


def test_an_archived_relationship_leaves_the_map_and_new_rounds(
    world: World, rounds: tuple[Round, Round], facilitator: Client
) -> None:
    _archive(world, facilitator)
    assert Relationship.objects.filter(pk=world.relationship.pk).exists()
    detail = facilitator.get(reverse("orgs:detail", args=[world.org_a.slug])).content.decode()
    assert "IT – Sales" not in detail
    form = facilitator.get(reverse("surveys:round-create", args=[world.org_a.slug]))
    assert f'value="{world.relationship.pk}"' not in form.content.decode()
    body = {
        "name": "Winter",
        "opens_at": "2031-01-01T09:00",
        "closes_at": "2031-01-20T09:00",
        "relationship_ids": [world.relationship.pk],
    }
    refused = facilitator.post("/api/orgs/org-a/rounds", body, content_type="application/json")
    assert refused.status_code == 400
    assert "Archived relationships cannot join a new round" in refused.json()["detail"]


def test_moving_a_relationship_with_answers_is_refused_on_the_page(
    world: World, rounds: tuple[Round, Round], facilitator: Client
) -> None:
    operations = make_party(world.org_a, "Operations")
    url = reverse("orgs:relationship-edit", args=[world.org_a.slug, world.relationship.pk])
    body = {
        "party_a": operations.pk,
        "party_b": world.sales.pk,
        "label": "partner",
        "scope": "internal",
    }
    response = facilitator.post(url, body)
    assert response.status_code == 200
    page = response.content.decode()
    assert "cannot be moved to other parties" in page
    assert "Archive it instead" in page
    world.relationship.refresh_from_db()
    assert {world.relationship.party_a_id, world.relationship.party_b_id} == {
        world.it.pk,
        world.sales.pk,
    }


def test_moving_a_relationship_with_answers_is_refused_by_the_api(
    world: World, rounds: tuple[Round, Round], facilitator: Client
) -> None:
    operations = make_party(world.org_a, "Operations")
    url = f"/api/orgs/org-a/relationships/{world.relationship.pk}"
    moved = facilitator.patch(url, {"party_b_id": operations.pk}, content_type="application/json")
    assert moved.status_code == 409
    assert "cannot be moved to other parties" in moved.json()["detail"]
    world.relationship.refresh_from_db()
    assert world.relationship.party_b_id == world.it.pk
    relabelled = facilitator.patch(url, {"label": "supplier"}, content_type="application/json")
    assert relabelled.status_code == 200
    assert relabelled.json()["label"] == "supplier"


def test_a_relationship_no_round_asked_about_can_be_moved(
    world: World, facilitator: Client
) -> None:
    operations = make_party(world.org_a, "Operations")
    url = f"/api/orgs/org-a/relationships/{world.relationship.pk}"
    moved = facilitator.patch(url, {"party_b_id": operations.pk}, content_type="application/json")
    assert moved.status_code == 200
    assert moved.json()["party_b"] == "Operations"


def test_a_party_of_a_round_is_archived_not_removed(
    world: World, rounds: tuple[Round, Round], facilitator: Client
) -> None:
    url = reverse("orgs:party-delete", args=[world.org_a.slug, world.it.pk])
    confirm = facilitator.get(url).content.decode()
    assert "Archive" in confirm
    assert 'value="remove"' not in confirm
    facilitator.post(url, {"action": "remove"})
    world.it.refresh_from_db()
    assert world.it.archived_at is None
    _archive_party(world, facilitator)
    world.it.refresh_from_db()
    world.relationship.refresh_from_db()
    assert world.it.archived_at is not None
    assert world.relationship.archived_at is not None


def test_a_viewer_cannot_change_the_map_through_the_api(world: World, viewer: Client) -> None:
    response = viewer.post(
        "/api/orgs/org-a/parties", {"name": "Legal"}, content_type="application/json"
    )
    assert response.status_code == 403
    other = make_relationship(world.it, make_party(world.org_a, "Legal"))
    response = viewer.post(f"/api/orgs/org-a/relationships/{other.pk}/archive")
    assert response.status_code == 403
