"""An attacker with a facilitator's token tries to rewrite a finished round's history through
the JSON API: move a relationship with answers to other parties, reach another organization's
parties, or delete what a round asked about. Every attempt is refused and the round's published
results stay byte for byte what they were."""

from __future__ import annotations

from django.test import Client
from tests.integration.web.builders import World, make_party
from tests.integration.web.insights_builders import answer, make_results_round

from parity.web.orgs.models import Party, Relationship


def _results(client: Client, round_id: int) -> bytes:
    response = client.get(f"/api/orgs/org-a/rounds/{round_id}/results")
    assert response.status_code == 200
    return bytes(response.content)


def test_a_finished_round_cannot_be_rewritten_through_the_api(
    world: World, facilitator: Client, outsider: Client
) -> None:
    spring = make_results_round(world.org_a, [world.relationship])
    answer(spring, world.relationship, world.sales, 6)
    answer(spring, world.relationship, world.it, 6)
    before = _results(facilitator, spring.pk)
    operations = make_party(world.org_a, "Operations")
    finance = Party.objects.get(organization=world.org_b, name="Finance")
    url = f"/api/orgs/org-a/relationships/{world.relationship.pk}"
    attempts = [
        facilitator.patch(url, {"party_a_id": operations.pk}, content_type="application/json"),
        facilitator.patch(
            url,
            {"party_a_id": operations.pk, "party_b_id": world.it.pk},
            content_type="application/json",
        ),
        facilitator.patch(url, {"party_b_id": finance.pk}, content_type="application/json"),
        facilitator.post(
            "/api/orgs/org-a/relationships",
            {"party_a_id": world.it.pk, "party_b_id": finance.pk},
            content_type="application/json",
        ),
        outsider.patch(
            f"/api/orgs/org-b/relationships/{world.relationship.pk}",
            {"label": "customer"},
            content_type="application/json",
        ),
        outsider.patch(url, {"label": "customer"}, content_type="application/json"),
    ]
    assert [a.status_code for a in attempts] == [409, 409, 400, 400, 404, 404]
    assert all(a.json()["detail"].endswith(".") for a in attempts)
    world.relationship.refresh_from_db()
    assert {world.relationship.party_a_id, world.relationship.party_b_id} == {
        world.it.pk,
        world.sales.pk,
    }
    assert not Relationship.objects.filter(party_b=finance).exists()
    assert _results(facilitator, spring.pk) == before
