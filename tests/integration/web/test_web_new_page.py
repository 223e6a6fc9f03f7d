"""A new page of results, added as docs/development.md's map says: a view behind
``@tenant_view`` under ``<slug:slug>/``, drawing the presentation model. It gets the tenancy
rules without being told (an outsider finds nothing, a signed-out visitor is sent to sign in)
and the route is found by the same walk of the URL configuration the tenancy tests make."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, include, path, reverse
from tests.integration.web.builders import World
from tests.integration.web.insights_builders import answer, make_results_round

from parity.core.presentation import organization_presentation
from parity.web.insights.results import round_results
from parity.web.orgs.tenancy import Tenant, tenant_view
from parity.web.surveys.rounds import round_of
from parity.web.urls import urlpatterns as project_urls


@tenant_view()
def summary(request: HttpRequest, tenant: Tenant, round_id: int) -> HttpResponse:
    """One line per relationship: its name, archetype and roles, as every output words them."""
    results = round_results(round_of(tenant, round_id))
    found = [result for _, result in results.ordered()]
    presented = organization_presentation(found, results.thresholds, results.withheld)
    lines = [f"{r.name}: {r.archetype_name} ({r.roles_text or 'no roles'})" for r in presented.rows]
    return HttpResponse("\n".join([presented.headline.sentence, *lines]), content_type="text/plain")


extra = (
    [path("orgs/<slug:slug>/rounds/<int:round_id>/summary/", summary, name="summary")],
    "extra",
)
urlpatterns = [*project_urls, path("", include(extra))]


def _org_routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> set[str]:
    found: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            found |= _org_routes(pattern.url_patterns, namespace)
        elif pattern.name and "slug" in pattern.pattern.regex.groupindex:
            found.add(f"{prefix}{pattern.name}")
    return found


@pytest.mark.urls(__name__)
def test_a_new_page_draws_the_presentation_and_keeps_the_tenancy(
    world: World, facilitator: Client, outsider: Client
) -> None:
    finished = make_results_round(world.org_a, [world.relationship])
    answer(finished, world.relationship, world.sales, 5)
    answer(finished, world.relationship, world.it, 5)
    url = reverse("extra:summary", args=[world.org_a.slug, finished.pk])
    page = facilitator.get(url)
    assert page.status_code == 200
    assert "IT – Sales: True partnership (no roles)" in page.content.decode()
    assert outsider.get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert "extra:summary" in _org_routes(get_resolver().url_patterns)
