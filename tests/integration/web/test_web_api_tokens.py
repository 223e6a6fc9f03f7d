"""Personal API tokens: made and revoked on the account page, shown once, stored hashed, and
subject to the same memberships and roles as the session."""

from __future__ import annotations

import re
from datetime import date

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from tests.integration.web.builders import World
from tests.integration.web.survey_builders import make_round

from parity.web.accounts.api_tokens import create_api_token
from parity.web.accounts.models import ApiToken
from parity.web.tokens import hash_token


def _bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _token_of(user: User) -> str:
    return create_api_token(user, "script")[1]


def test_a_token_is_made_on_the_account_page_and_shown_once(
    world: World, facilitator: Client
) -> None:
    page = facilitator.post(reverse("accounts:tokens"), {"name": "Nightly export"})
    match = re.search(r'value="(pty_[A-Za-z0-9_-]{43})"', page.content.decode())
    assert match is not None
    token = match.group(1)
    saved = ApiToken.objects.get()
    assert (saved.name, saved.user, saved.prefix) == (
        "Nightly export",
        world.facilitator,
        token[:8],
    )
    assert saved.token_hash == hash_token(token)
    assert token not in str(list(ApiToken.objects.values_list()))
    again = facilitator.get(reverse("accounts:tokens")).content.decode()
    assert "Nightly export" in again
    assert token not in again
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]


def test_a_token_works_and_records_the_day(world: World) -> None:
    token = _token_of(world.viewer)
    response = Client().get("/api/orgs/org-a/parties", **_bearer(token))
    assert response.status_code == 200
    assert [p["name"] for p in response.json()] == ["IT", "Sales"]
    assert ApiToken.objects.get().last_used_on == timezone.localdate()


def test_a_token_reads_results_as_its_user(world: World) -> None:
    autumn = make_round(world.org_a, [world.relationship])
    mine, theirs = _token_of(world.viewer), _token_of(world.outsider)
    url = f"/api/orgs/org-a/rounds/{autumn.pk}/results"
    assert Client().get(url, **_bearer(mine)).status_code == 200
    assert Client().get(url, **_bearer(theirs)).status_code == 404


def test_a_revoked_token_fails(world: World, facilitator: Client) -> None:
    token = _token_of(world.facilitator)
    saved = ApiToken.objects.get()
    facilitator.post(reverse("accounts:token-revoke", args=[saved.pk]))
    assert not ApiToken.objects.exists()
    assert Client().get("/api/orgs", **_bearer(token)).status_code == 401


def test_someone_elses_token_cannot_be_revoked(world: World, outsider: Client) -> None:
    _token_of(world.facilitator)
    outsider.post(reverse("accounts:token-revoke", args=[ApiToken.objects.get().pk]))
    assert ApiToken.objects.count() == 1


def test_unknown_or_malformed_tokens_fail(world: World) -> None:
    for value in ("pty_" + "x" * 43, "not-a-token", ""):
        assert Client().get("/api/orgs", **_bearer(value)).status_code == 401


def test_a_token_of_an_inactive_user_fails(world: World) -> None:
    token = _token_of(world.facilitator)
    User.objects.filter(pk=world.facilitator.pk).update(is_active=False)
    assert Client().get("/api/orgs", **_bearer(token)).status_code == 401


def test_another_organization_is_404_with_a_token(world: World) -> None:
    token = _token_of(world.outsider)
    client = Client()
    assert [o["slug"] for o in client.get("/api/orgs", **_bearer(token)).json()] == ["org-b"]
    assert client.get("/api/orgs/org-a/parties", **_bearer(token)).status_code == 404
    assert client.get("/api/orgs/org-a/rounds", **_bearer(token)).status_code == 404


def test_a_viewers_token_cannot_write(world: World) -> None:
    token = _token_of(world.viewer)
    body = {
        "name": "Sneaky",
        "opens_at": "2030-01-01T09:00:00Z",
        "closes_at": "2030-01-15T09:00:00Z",
        "relationship_ids": [world.relationship.pk],
    }
    response = Client().post(
        "/api/orgs/org-a/rounds", body, content_type="application/json", **_bearer(token)
    )
    assert response.status_code == 403
    assert "facilitators" in response.json()["detail"]


def test_a_facilitators_token_writes_without_csrf(world: World) -> None:
    token = _token_of(world.facilitator)
    body = {
        "name": "Scripted",
        "opens_at": "2030-01-01T09:00:00Z",
        "closes_at": "2030-01-15T09:00:00Z",
        "relationship_ids": [world.relationship.pk],
    }
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/orgs/org-a/rounds", body, content_type="application/json", **_bearer(token)
    )
    assert response.status_code == 201


def test_the_session_still_needs_csrf_to_write(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.facilitator)
    body = {
        "name": "Forged",
        "opens_at": "2030-01-01T09:00:00Z",
        "closes_at": "2030-01-15T09:00:00Z",
        "relationship_ids": [world.relationship.pk],
    }
    response = client.post("/api/orgs/org-a/rounds", body, content_type="application/json")
    assert response.status_code == 403
    assert client.get("/api/orgs/org-a/rounds").status_code == 200


def test_the_day_is_written_once_a_day(world: World) -> None:
    token = _token_of(world.viewer)
    ApiToken.objects.update(last_used_on=date(2020, 1, 1))
    Client().get("/api/orgs", **_bearer(token))
    assert ApiToken.objects.get().last_used_on == timezone.localdate()
    with CaptureQueriesContext(connection) as queries:
        Client().get("/api/orgs", **_bearer(token))
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]


def test_the_openapi_document_names_both_ways_in(world: World) -> None:
    schemes = Client().get("/api/openapi.json").json()["components"]["securitySchemes"]
    assert {scheme["type"] for scheme in schemes.values()} == {"http", "apiKey"}
