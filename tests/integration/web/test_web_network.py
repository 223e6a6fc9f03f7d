"""The whole organization on the web: the round robin and trends on the results page, the
network page with its interactive map, under the tenancy guard and the anonymity threshold."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from tests.integration.web.builders import World, make_party, make_relationship, page_text
from tests.integration.web.insights_builders import (
    PARTNER,
    answer,
    answered_round,
    make_results_round,
)

from parity.demo.company import RELATIONSHIPS
from parity.web.demo_loader import DEMO_SLUG, FINISHED_ROUND
from parity.web.orgs.models import Organization, PartyKind, Relationship, Scope
from parity.web.surveys.models import Round


def _org_url(round_: Round) -> str:
    return reverse("insights:organization", args=[round_.organization.slug, round_.pk])


def _network_url(round_: Round) -> str:
    return reverse("insights:network", args=[round_.organization.slug, round_.pk])


# --- The demo: a round robin of six departments and a pilot round before it ------------------


def _finished() -> Round:
    return Round.objects.get(organization__slug=DEMO_SLUG, name=FINISHED_ROUND)


def test_the_results_page_names_the_round_robin_effects(demo_client: Client) -> None:
    page = page_text(demo_client, _org_url(_finished()))
    assert "Round robin: who rates, who is rated" in page
    assert "6 parties rated each other (Finance, HR, IT, Legal, Marketing and Sales)" in page
    assert "IT rates everyone low on voice" in page
    assert "Look at IT&#39;s own stance before blaming its partners." in page
    assert "Everyone rates Legal low on trust" in page
    assert _network_url(_finished()) in page


def test_the_results_page_compares_internal_and_external_and_warns(demo_client: Client) -> None:
    page = page_text(demo_client, _org_url(_finished()))
    assert "Internal and external" in page
    assert "internal: mean index" in page
    assert "Since the previous round" in page
    assert "Early warning, IT – Sales: the asymmetry grew" in page
    assert "between Pilot review and Spring review" in page


def test_the_network_page_has_the_map_the_findings_and_the_tables(demo_client: Client) -> None:
    page = page_text(demo_client, _network_url(_finished()))
    assert 'role="img"' in page
    assert '<title id="network-title">' in page
    assert "parity/vendor/cytoscape.min.js" in page
    assert "IT is the servant or supplier in 3 relationships" in page
    assert "Joined by true partnerships" in page
    assert page.count('class="archetype archetype-') == len(RELATIONSHIPS)
    data = json.loads(re.search(r'id="network-data"[^>]*>(.*?)</script>', page, re.S)[1])
    assert len(data["nodes"]) == 11
    assert len(data["edges"]) == len(RELATIONSHIPS)
    nimbus = next(e for e in data["edges"] if "Legal – Nimbus" in e["data"]["detail"])
    assert "too few answers to tell" in nimbus["data"]["detail"]
    assert "respondent" not in json.dumps(data)
    # Each edge links to its own relationship's page, found by the relationship's id.
    for edge in data["edges"]:
        found = Relationship.objects.select_related("party_a", "party_b").get(
            pk=edge["data"]["relationship"]
        )
        pair = {found.party_a.name, found.party_b.name}
        assert edge["data"]["detail"].split(":")[0] in {" – ".join(sorted(pair))}


def test_the_map_library_is_served_from_the_app_with_its_licence() -> None:
    script = finders.find("parity/vendor/cytoscape.min.js")
    assert script is not None
    assert Path(script).stat().st_size > 100_000
    assert finders.find("parity/vendor/cytoscape-LICENSE.txt") is not None
    assert finders.find("parity/network.js") is not None


# --- Tenancy --------------------------------------------------------------------------------


@pytest.fixture
def spring(world: World) -> Round:
    return answered_round(world.relationship, 6)


def test_members_see_the_network_and_outsiders_get_404(
    world: World, spring: Round, facilitator: Client, viewer: Client, outsider: Client
) -> None:
    assert "IT – Sales" in page_text(facilitator, _network_url(spring))
    assert viewer.get(_network_url(spring)).status_code == 200
    assert outsider.get(_network_url(spring)).status_code == 404
    under_b = _network_url(spring).replace("/org-a/", "/org-b/")
    assert outsider.get(under_b).status_code == 404
    assert Client().get(_network_url(spring)).status_code == 302


def test_a_round_that_does_not_exist_is_not_found(world: World, facilitator: Client) -> None:
    url = reverse("insights:network", args=[world.org_a.slug, 999_999])
    assert facilitator.get(url).status_code == 404


# --- The anonymity threshold ------------------------------------------------------------------


@pytest.fixture
def round_robin(world: World) -> tuple[Round, Relationship]:
    """Four departments rating each other as partners, except Alpha's four respondents about
    Beta, who distrust Beta: a side below the score threshold of 5."""
    names = ("Alpha", "Beta", "Gamma", "Delta")
    parties = {n: make_party(world.org_a, n, PartyKind.DEPARTMENT) for n in names}
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    relationships = {p: make_relationship(parties[p[0]], parties[p[1]]) for p in pairs}
    round_ = make_results_round(world.org_a, list(relationships.values()), name="Round robin")
    distrust = {**PARTNER, "trs1": 1, "trs2": 1, "trs3": 7}
    for (a, b), relationship in relationships.items():
        if (a, b) == ("Alpha", "Beta"):
            answer(round_, relationship, parties[a], 4, answers=distrust, text="")
        else:
            answer(round_, relationship, parties[a], 5, text="")
        answer(round_, relationship, parties[b], 5, text="")
    return round_, relationships[("Alpha", "Beta")]


def test_a_side_below_the_threshold_adds_nothing_to_the_round_robin(
    world: World, round_robin: tuple[Round, Relationship], facilitator: Client
) -> None:
    round_, _ = round_robin
    page = page_text(facilitator, _org_url(round_))
    assert "4 parties rated each other (Alpha, Beta, Delta and Gamma): 11 of the 12" in page
    assert "trust" not in page.split("Round robin: who rates")[1].split("</ul>")[0]
    assert not re.search(r"\b4 respondents\b", page)
    network = page_text(facilitator, _network_url(round_))
    assert "respondent" not in network.split('id="network-data"')[1]
    # The round keeps the thresholds its respondents were promised: lowering the setting
    # afterwards shows nothing more.
    Organization.objects.filter(pk=world.org_a.pk).update(score_threshold=3, text_threshold=3)
    assert "11 of the 12" in page_text(facilitator, _org_url(round_))


def test_a_round_promised_a_lower_threshold_shows_the_four_person_side(
    world: World, round_robin: tuple[Round, Relationship], facilitator: Client
) -> None:
    round_, _ = round_robin
    Round.objects.filter(pk=round_.pk).update(score_threshold=3, text_threshold=3)
    Organization.objects.filter(pk=world.org_a.pk).update(score_threshold=3, text_threshold=3)
    shown = page_text(facilitator, _org_url(round_))
    assert "12 of the 12" in shown
    findings = shown.split("Round robin: who rates")[1].split("</ul>")[0]
    assert "Alpha rates Beta lower on trust" in findings


def test_no_round_robin_section_without_a_round_robin(
    world: World, spring: Round, facilitator: Client
) -> None:
    page = page_text(facilitator, _org_url(spring))
    assert "Round robin: who rates" not in page
    assert "See the relationships as a network" in page


def test_external_parties_keep_their_kind(world: World, facilitator: Client) -> None:
    firm = make_party(world.org_a, "Kite Agency", PartyKind.OUTSIDE_FIRM)
    relationship = make_relationship(world.sales, firm, scope=Scope.EXTERNAL)
    round_ = make_results_round(world.org_a, [world.relationship, relationship])
    for rel, side in ((world.relationship, world.sales), (world.relationship, world.it)):
        answer(round_, rel, side, 5)
    answer(round_, relationship, world.sales, 5)
    answer(round_, relationship, firm, 5)
    page = page_text(facilitator, _network_url(round_))
    assert '<th scope="row">Kite Agency</th><td>Outside firm</td>' in page
