"""The API's rounds, invitation batches and response counts, as a script would use them."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from tests.integration.web.builders import World, make_party, make_relationship
from tests.integration.web.survey_builders import make_code, make_round

from parity.web.surveys.codes import code_hash
from parity.web.surveys.models import Invitation, InvitationKind, Response, Round
from parity.web.tokens import hash_token


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def _round_body(world: World, **changes: Any) -> dict[str, Any]:
    return {
        "name": "Autumn review",
        "opens_at": "2030-10-01T09:00:00+02:00",
        "closes_at": "2030-10-15T17:00",
        "relationship_ids": [world.relationship.pk],
        **changes,
    }


def test_a_facilitator_opens_a_round(world: World, facilitator: Client) -> None:
    response = _post(facilitator, "/api/orgs/org-a/rounds", _round_body(world))
    assert response.status_code == 201
    made = response.json()
    assert made["name"] == "Autumn review"
    assert made["state"] == "scheduled"
    assert made["instrument"] == "TPI-2"  # a first round asks TPI-2
    assert made["released_at"] is None
    assert made["opens_at"].startswith("2030-10-01T07:00:00")
    assert [r["id"] for r in made["relationships"]] == [world.relationship.pk]
    assert Round.objects.get().organization == world.org_a


def test_a_new_round_asks_what_the_last_round_asked_unless_told(
    world: World, facilitator: Client
) -> None:
    """So that an organization's trends compare like with like; the facilitator may change."""
    make_round(world.org_a, [world.relationship])  # a round of TPI-1, the model's default
    again = _post(facilitator, "/api/orgs/org-a/rounds", _round_body(world)).json()
    assert again["instrument"] == "TPI-1"
    chosen = _post(facilitator, "/api/orgs/org-a/rounds", _round_body(world, instrument="TPI-2"))
    assert chosen.json()["instrument"] == "TPI-2"
    form = facilitator.get(f"/orgs/{world.org_a.slug}/rounds/new/").content.decode()
    assert '<option value="TPI-2" selected>' in form


def test_rounds_are_listed_and_read(world: World, viewer: Client) -> None:
    autumn = make_round(world.org_a, [world.relationship])
    make_round(world.org_b, [])
    listed = viewer.get("/api/orgs/org-a/rounds").json()
    assert [(r["id"], r["state"]) for r in listed] == [(autumn.pk, "open")]
    one = viewer.get(f"/api/orgs/org-a/rounds/{autumn.pk}").json()
    assert one["relationships"][0]["party_a"] == "Sales"


def test_another_organizations_round_is_404(world: World, facilitator: Client) -> None:
    theirs = make_round(world.org_b, [])
    for path in ("", "/response-counts", "/results"):
        assert facilitator.get(f"/api/orgs/org-a/rounds/{theirs.pk}{path}").status_code == 404
    body = {"relationship_id": world.relationship.pk, "party_id": world.it.pk, "count": 2}
    codes = _post(facilitator, f"/api/orgs/org-a/rounds/{theirs.pk}/invitations/codes", body)
    assert codes.status_code == 404
    assert not Invitation.objects.exists()


def test_a_round_must_make_sense(world: World, facilitator: Client) -> None:
    foreign = make_relationship(make_party(world.org_b, "Legal"), make_party(world.org_b, "Ops"))
    cases = {
        "The round must close after it opens.": {"closes_at": "2030-09-01T09:00:00Z"},
        "not in Org A": {"relationship_ids": [foreign.pk]},
        "Give the round a name.": {"name": "  "},
    }
    for sentence, change in cases.items():
        response = _post(facilitator, "/api/orgs/org-a/rounds", _round_body(world, **change))
        assert response.status_code == 400
        assert sentence in response.json()["detail"]
    empty = _post(facilitator, "/api/orgs/org-a/rounds", _round_body(world, relationship_ids=[]))
    assert empty.status_code == 422
    assert not Round.objects.exists()


def test_codes_are_returned_once_and_stored_hashed(world: World, facilitator: Client) -> None:
    autumn = make_round(world.org_a, [world.relationship])
    body = {"relationship_id": world.relationship.pk, "party_id": world.it.pk, "count": 3}
    response = _post(facilitator, f"/api/orgs/org-a/rounds/{autumn.pk}/invitations/codes", body)
    assert response.status_code == 201
    batch = response.json()
    assert (batch["party"], batch["about"]) == ("IT", "Sales")
    assert batch["entry_url"] == "http://testserver/s/"
    codes = [entry["code"].replace("-", "") for entry in batch["codes"]]
    assert len(set(codes)) == 3
    assert [entry["link"] for entry in batch["codes"]] == [
        f"http://testserver/s/{code}/" for code in codes
    ]
    stored = set(Invitation.objects.values_list("token_hash", flat=True))
    assert stored == {code_hash(code) for code in codes}
    assert set(Invitation.objects.values_list("kind", flat=True)) == {InvitationKind.CODE}
    assert {str(b) for b in Invitation.objects.values_list("batch", flat=True)} == {
        batch["batch_id"]
    }


def test_a_side_must_belong_to_the_round(world: World, facilitator: Client) -> None:
    autumn = make_round(world.org_a, [world.relationship])
    stranger = make_party(world.org_a, "Legal")
    body = {"relationship_id": world.relationship.pk, "party_id": stranger.pk, "count": 1}
    response = _post(facilitator, f"/api/orgs/org-a/rounds/{autumn.pk}/invitations/codes", body)
    assert response.status_code == 400
    assert "is not a side of Autumn" in response.json()["detail"]


def test_a_closed_round_takes_no_more_invitations(world: World, facilitator: Client) -> None:
    spring = make_round(world.org_a, [world.relationship], opens_in=timedelta(days=-30))
    body = {"relationship_id": world.relationship.pk, "party_id": world.it.pk, "count": 1}
    response = _post(facilitator, f"/api/orgs/org-a/rounds/{spring.pk}/invitations/codes", body)
    assert response.status_code == 409
    assert "has closed" in response.json()["detail"]


def test_email_invitations_are_mailed_and_only_counted(world: World, facilitator: Client) -> None:
    autumn = make_round(world.org_a, [world.relationship])
    body = {
        "relationship_id": world.relationship.pk,
        "party_id": world.sales.pk,
        "emails": ["ann@example.org", "bob@example.org", "ANN@example.org"],
    }
    url = f"/api/orgs/org-a/rounds/{autumn.pk}/invitations/emails"
    response = _post(facilitator, url, body)
    assert response.status_code == 201
    answer = response.json()
    assert parse_datetime(answer.pop("goes_out_at")) <= timezone.now()  # open: at once
    assert answer == {
        "round_id": autumn.pk,
        "relationship_id": world.relationship.pk,
        "party_id": world.sales.pk,
        "sent": 2,
    }
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.org", "bob@example.org"]
    link = re.search(r"http://testserver/s/(\S+)/", mail.outbox[0].body)
    assert link is not None
    assert Invitation.objects.filter(token_hash=hash_token(link.group(1))).exists()
    assert "working with IT" in mail.outbox[0].subject
    again = _post(facilitator, url, {**body, "emails": ["bob@example.org"]})
    assert again.status_code == 409
    assert "Already invited" in again.json()["detail"]
    wrong = _post(facilitator, url, {**body, "emails": ["not an address"]})
    assert wrong.status_code == 422
    assert Invitation.objects.count() == 2


def test_response_counts_are_numbers_shown_only_from_the_threshold(
    world: World, viewer: Client
) -> None:
    autumn = make_round(world.org_a, [world.relationship])
    for _ in range(5):
        make_code(autumn, world.relationship, world.it)
    make_code(autumn, world.relationship, world.sales)
    Response.objects.create(
        round=autumn, relationship=world.relationship, party=world.it, about=world.sales
    )
    counts = viewer.get(f"/api/orgs/org-a/rounds/{autumn.pk}/response-counts").json()
    by_party = {side["party"]: side for side in counts}
    assert by_party["IT"]["invitations"] == 5
    assert by_party["IT"]["code_invitations"] == 5
    assert by_party["IT"]["responses"] == 1
    assert by_party["IT"]["reaches_threshold"] is False
    assert by_party["Sales"]["invitations"] == 1
    assert by_party["Sales"]["responses"] is None
    assert set(by_party["IT"]) == {
        "relationship_id",
        "party_id",
        "party",
        "about",
        "invitations",
        "email_invitations",
        "code_invitations",
        "responses",
        "threshold",
        "reaches_threshold",
        "emails_not_sent",
        "by_day",
    }
    assert by_party["Sales"]["by_day"] == []  # not shown below the threshold
    used = Invitation.objects.filter(round=autumn, party=world.it).first()
    assert used is not None
    used.used_at = timezone.now()
    used.save()
    counts = viewer.get(f"/api/orgs/org-a/rounds/{autumn.pk}/response-counts").json()
    it_days = {side["party"]: side for side in counts}["IT"]["by_day"]
    assert it_days[-1] == {"day": timezone.localdate().isoformat(), "used": 1, "total": 1}
    assert all(set(day) == {"day", "used", "total"} for day in it_days)


def test_errors_are_sentences(world: World, facilitator: Client) -> None:
    missing = facilitator.get("/api/orgs/org-a/rounds/999999")
    assert missing.status_code == 404
    assert missing.json()["detail"].endswith(".")


def test_every_route_is_in_the_openapi_document(world: World) -> None:
    paths = Client().get("/api/openapi.json").json()["paths"]
    assert set(paths["/api/orgs/{slug}/rounds"]) == {"get", "post"}
    for path in (
        "/api/orgs/{slug}/rounds/{round_id}",
        "/api/orgs/{slug}/rounds/{round_id}/invitations/codes",
        "/api/orgs/{slug}/rounds/{round_id}/invitations/codes/{batch_id}/void",
        "/api/orgs/{slug}/rounds/{round_id}/invitations/emails",
        "/api/orgs/{slug}/rounds/{round_id}/response-counts",
        "/api/orgs/{slug}/rounds/{round_id}/results",
    ):
        assert path in paths


def test_a_round_asks_a_shipped_instrument_and_an_unknown_one_is_named(
    world: World, facilitator: Client
) -> None:
    body = _round_body(world)
    refused = _post(facilitator, "/api/orgs/org-a/rounds", {**body, "instrument": "TPI-9"})
    assert refused.status_code == 400
    assert "There is no instrument 'TPI-9'; Parity ships TPI-1, TPI-2." in refused.json()["detail"]
    assert not Round.objects.exists()
    made = _post(facilitator, "/api/orgs/org-a/rounds", {**body, "instrument": "TPI-1"})
    assert made.status_code == 201
    assert Round.objects.get().instrument == "TPI-1"
