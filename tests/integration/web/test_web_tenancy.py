"""Tenancy: every organization page and API route, tried by an outsider, a viewer, a
facilitator and an owner.

The pages are found from the URL configuration and the API routes from the OpenAPI document,
so a new page or route is covered the day it is added.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from tests.integration.web.builders import World
from tests.integration.web.survey_builders import make_round

from parity.web.accounts.models import Invite, create_invite
from parity.web.api.routes import api
from parity.web.orgs.importing import ImportPlan, NewRelationship
from parity.web.orgs.models import ImportJob, Party, Relationship
from parity.web.surveys.batches import make_batch
from parity.web.surveys.models import Round
from parity.web.surveys.rounds import Side

#: Organization pages every member may read; all others change something.
READ_ONLY = {
    "orgs:detail",
    "surveys:round-list",
    "surveys:round-detail",
    "insights:organization",
    "insights:network",
    "insights:relationship",
    "insights:organization_report",
    "insights:relationship_report",
    "insights:workshop_pack",
    "insights:raw_data",
}
#: Pages only an owner reaches: the organization itself and its members.
OWNER_ONLY = {
    "orgs:members",
    "orgs:member-role",
    "orgs:member-remove",
    "orgs:invite-withdraw",
    "orgs:settings",
    "orgs:delete",
    "audit:changes",
}
#: Results of one round: their ``round_id`` is a round of org A (insights app).
RESULTS_ROUTES = {
    "insights:organization",
    "insights:network",
    "insights:relationship",
    "insights:quotes",
    "insights:screen",
    "insights:release",
    "insights:organization_report",
    "insights:relationship_report",
    "insights:workshop_pack",
    "insights:raw_data",
}
#: Downloads of one relationship's results, and the routes that take a format.
RELATIONSHIP_ROUTES = {
    "insights:relationship",
    "insights:quotes",
    "insights:relationship_report",
    "insights:workshop_pack",
}
FORMAT_ROUTES = {
    "insights:organization_report",
    "insights:relationship_report",
    "insights:raw_data",
}
#: Pages of one round: their ``pk`` is a round of org A.
ROUND_ROUTES = {
    "surveys:round-detail",
    "surveys:round-edit",
    "surveys:round-close",
    "surveys:round-remind",
    "surveys:round-send",
    "surveys:answers-import",
    "surveys:answers-preview",
    "surveys:round-invite",
}
#: Pages of one sheet of printed codes: their ``batch`` is a batch of codes of that round.
BATCH_ROUTES = {"surveys:code-sheet", "surveys:code-sheet-done", "surveys:code-void"}


def _named_routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _named_routes(pattern.url_patterns, namespace)
        elif pattern.name and "slug" in pattern.pattern.regex.groupindex:
            yield f"{prefix}{pattern.name}"


#: The pages; the API's routes are tried per method below.
ORG_ROUTES = sorted(
    route
    for route in set(_named_routes(get_resolver().url_patterns))
    if ":" in route and not route.startswith("api:")
)


def _url(route: str, world: World) -> str:
    kwargs: dict[str, object] = {"slug": world.org_a.slug}
    if route in ROUND_ROUTES:
        kwargs["pk"] = make_round(world.org_a, [world.relationship]).pk
    elif route in BATCH_ROUTES:
        round_ = make_round(world.org_a, [world.relationship])
        kwargs["pk"], kwargs["batch"] = round_.pk, _batch(round_, world)
    elif route in RESULTS_ROUTES:
        kwargs["round_id"] = make_round(world.org_a, [world.relationship]).pk
        if route in RELATIONSHIP_ROUTES:
            kwargs["relationship_id"] = world.relationship.pk
        if route in FORMAT_ROUTES:
            kwargs["fmt"] = "csv" if route == "insights:raw_data" else "html"
    elif route.endswith(("-edit", "-delete")):
        kwargs["pk"] = world.it.pk if "party" in route else world.relationship.pk
    elif route.startswith("orgs:member-"):
        kwargs["pk"] = world.org_a.memberships.get(user=world.viewer).pk
    elif route == "orgs:invite-withdraw":
        kwargs["pk"] = create_invite(world.org_a, "nina@example.org", "viewer", None)[0].pk
    elif route == "orgs:import-job":
        kwargs["job_id"] = _import_job(world).pk
    return reverse(route, kwargs=kwargs)


def _import_job(world: World) -> ImportJob:
    """A large import of org A, waiting for the worker."""
    plan = ImportPlan("map.csv", (), (NewRelationship("IT", "HR", "partner", "internal"),))
    return ImportJob.objects.create(
        organization=world.org_a,
        requested_by=world.facilitator,
        plan=plan.to_json(),
        requested_at=timezone.now(),
    )


def test_the_routes_were_found() -> None:
    expected = {"orgs:detail", "orgs:party-edit", "accounts:invite", "orgs:members"}
    assert expected <= set(ORG_ROUTES)
    assert ("post", "/api/orgs/{slug}/rounds") in API_OPERATIONS


@pytest.mark.parametrize("route", ORG_ROUTES)
def test_an_outsider_gets_404_on_every_org_page(route: str, world: World, outsider: Client) -> None:
    url = _url(route, world)
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, {"name": "Hacked"}).status_code in {404, 405}
    assert not Party.objects.filter(name="Hacked").exists()


@pytest.mark.parametrize("route", sorted(set(ORG_ROUTES) - READ_ONLY))
def test_a_viewer_cannot_change_anything(route: str, world: World, viewer: Client) -> None:
    url = _url(route, world)
    assert viewer.get(url).status_code == 403
    assert viewer.post(url, {"name": "Changed", "kind": "department"}).status_code == 403
    assert set(Party.objects.values_list("name", flat=True)) == {"IT", "Sales", "Finance"}
    assert Relationship.objects.count() == 1


@pytest.mark.parametrize("route", sorted(set(ORG_ROUTES) - OWNER_ONLY))
def test_a_facilitator_reaches_every_org_page_but_the_owners(
    route: str, world: World, facilitator: Client
) -> None:
    assert facilitator.get(_url(route, world)).status_code in {200, 302}


@pytest.mark.parametrize("route", sorted(OWNER_ONLY))
def test_a_facilitator_cannot_manage_the_organization(
    route: str, world: World, facilitator: Client
) -> None:
    url = _url(route, world)
    assert facilitator.get(url).status_code == 403
    assert facilitator.post(url, {"name": "Changed", "score_threshold": 5}).status_code == 403
    assert world.org_a.memberships.count() == 2
    assert Invite.objects.count() == (1 if route == "orgs:invite-withdraw" else 0)


@pytest.mark.parametrize("route", ORG_ROUTES)
def test_an_owner_reaches_every_org_page(route: str, world: World, owner: Client) -> None:
    assert owner.get(_url(route, world)).status_code in {200, 302}


def test_a_viewer_reads_the_organization(world: World, viewer: Client) -> None:
    page = viewer.get(reverse("orgs:detail", args=[world.org_a.slug])).content.decode()
    assert "Sales – IT" in page
    assert "Add a party" not in page


def test_the_organization_list_shows_only_my_organizations(world: World, outsider: Client) -> None:
    page = outsider.get(reverse("orgs:list")).content.decode()
    assert "Org B" in page
    assert "Org A" not in page


def test_signed_out_visitors_are_sent_to_sign_in(world: World) -> None:
    response = Client().get(reverse("orgs:detail", args=[world.org_a.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def _api_operations() -> list[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return sorted(
        (method, path) for path, ops in paths.items() if "{slug}" in path for method in ops
    )


#: Every API route of one organization, as (method, path) from the OpenAPI document.
API_OPERATIONS = _api_operations()


def _batch(round_: Round, world: World) -> uuid.UUID:
    """A batch of two codes for IT's side of ``round_``."""
    return make_batch(round_, Side(world.relationship, world.it, world.sales), 2)[0]


def _api_url(path: str, world: World) -> str:
    round_ = make_round(world.org_a, [world.relationship])
    batch = _batch(round_, world) if "{batch_id}" in path else None
    return path.format(
        slug=world.org_a.slug,
        round_id=round_.pk,
        batch_id=batch,
        party_id=world.it.pk,
        relationship_id=world.relationship.pk,
    )


def _api_call(client: Client, method: str, url: str) -> int:
    body = {"name": "Hacked"}
    return client.generic(method.upper(), url, json.dumps(body), "application/json").status_code


@pytest.mark.parametrize(("method", "path"), API_OPERATIONS)
def test_an_outsider_gets_404_from_every_org_api_route(
    method: str, path: str, world: World, outsider: Client
) -> None:
    assert _api_call(outsider, method, _api_url(path, world)) == 404
    assert not Party.objects.filter(name="Hacked").exists()


@pytest.mark.parametrize(
    ("method", "path"), [(m, p) for m, p in API_OPERATIONS if m not in {"get", "head"}]
)
def test_a_viewer_changes_nothing_through_the_api(
    method: str, path: str, world: World, viewer: Client
) -> None:
    assert _api_call(viewer, method, _api_url(path, world)) == 403


@pytest.mark.parametrize(("method", "path"), [("get", "/api/orgs"), *API_OPERATIONS])
def test_the_api_needs_a_session_or_a_token(method: str, path: str, world: World) -> None:
    assert _api_call(Client(), method, _api_url(path, world)) == 401


def test_the_api_lists_my_organizations_only(world: World, outsider: Client) -> None:
    assert [o["slug"] for o in outsider.get("/api/orgs").json()] == ["org-b"]


def test_the_api_lists_parties_and_relationships(world: World, viewer: Client) -> None:
    parties = viewer.get("/api/orgs/org-a/parties").json()
    assert [p["name"] for p in parties] == ["IT", "Sales"]
    relationships = viewer.get("/api/orgs/org-a/relationships").json()
    assert relationships == [
        {
            "id": world.relationship.pk,
            "party_a": "Sales",
            "party_b": "IT",
            "label": "partner",
            "scope": "internal",
        }
    ]


def test_the_openapi_document_is_served(world: World) -> None:
    document = Client().get("/api/openapi.json").json()
    assert "/api/orgs/{slug}/relationships" in document["paths"]
