"""Tenancy: every organization page and API route, tried by an outsider and by a viewer.

The routes are found from the URL configuration itself, so a new page is covered the day it
is added.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from tests.integration.web.builders import World
from tests.integration.web.survey_builders import make_round

from parity.web.orgs.models import Party, Relationship

#: Organization pages every member may read; all others change something.
READ_ONLY = {
    "orgs:detail",
    "api:list_parties",
    "api:list_relationships",
    "surveys:round-list",
    "surveys:round-detail",
    "insights:organization",
    "insights:relationship",
    "api:round_results_api",
}
#: Results of one round: their ``round_id`` is a round of org A (insights app).
RESULTS_ROUTES = {
    "insights:organization",
    "insights:relationship",
    "insights:release",
    "api:round_results_api",
}
#: Pages of one round: their ``pk`` is a round of org A.
ROUND_ROUTES = {
    "surveys:round-detail",
    "surveys:round-edit",
    "surveys:round-close",
    "surveys:round-invite",
}


def _named_routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _named_routes(pattern.url_patterns, namespace)
        elif pattern.name and "slug" in pattern.pattern.regex.groupindex:
            yield f"{prefix}{pattern.name}"


ORG_ROUTES = sorted(set(_named_routes(get_resolver().url_patterns)))


def _url(route: str, world: World) -> str:
    kwargs: dict[str, object] = {"slug": world.org_a.slug}
    if route in ROUND_ROUTES:
        kwargs["pk"] = make_round(world.org_a, [world.relationship]).pk
    elif route in RESULTS_ROUTES:
        kwargs["round_id"] = make_round(world.org_a, [world.relationship]).pk
        if route == "insights:relationship":
            kwargs["relationship_id"] = world.relationship.pk
    elif route.endswith(("-edit", "-delete")):
        kwargs["pk"] = world.it.pk if "party" in route else world.relationship.pk
    return reverse(route, kwargs=kwargs)


def test_the_routes_were_found() -> None:
    expected = {"orgs:detail", "orgs:party-edit", "accounts:invite", "api:list_parties"}
    assert expected <= set(ORG_ROUTES)


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


@pytest.mark.parametrize("route", ORG_ROUTES)
def test_a_facilitator_reaches_every_org_page(
    route: str, world: World, facilitator: Client
) -> None:
    assert facilitator.get(_url(route, world)).status_code in {200, 302}


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


API_ROUTES = ["/api/orgs/{slug}/parties", "/api/orgs/{slug}/relationships"]


@pytest.mark.parametrize("route", API_ROUTES)
def test_an_outsider_gets_404_from_every_org_api_route(
    route: str, world: World, outsider: Client
) -> None:
    assert outsider.get(route.format(slug=world.org_a.slug)).status_code == 404


@pytest.mark.parametrize("route", ["/api/orgs", *API_ROUTES])
def test_the_api_needs_a_session(route: str, world: World) -> None:
    assert Client().get(route.format(slug=world.org_a.slug)).status_code == 401


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
