"""Simultaneous release: one link per side, closed until the facilitator releases the round,
then open for both sides at once, showing only what the anonymity rules allow."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.integration.web.builders import World
from tests.integration.web.insights_builders import answer, make_results_round

from parity.web.insights.models import ReleaseLink
from parity.web.surveys.models import Round
from parity.web.tokens import hash_token


def _release_url(round_: Round) -> str:
    return reverse("insights:release", args=[round_.organization.slug, round_.pk])


def _make_links(client: Client, round_: Round) -> dict[str, str]:
    """Make the round's links; returns each side's link path by party name."""
    response = client.post(_release_url(round_), {"action": "links"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Copy these links now." in page
    rows = re.findall(r'<td>[^<]+</td><td>([^<]+)</td><td><code class="link">([^<]+)</code>', page)
    return {party: "/" + url.split("/", 3)[3] for party, url in rows}


@pytest.fixture
def closed(world: World) -> Round:
    round_ = make_results_round(world.org_a, [world.relationship])
    answer(round_, world.relationship, world.sales, 7)
    answer(round_, world.relationship, world.it, 5, text="IT words: we co-own it with {other}.")
    return round_


def test_each_side_gets_its_own_link_stored_hashed(
    world: World, closed: Round, facilitator: Client
) -> None:
    links = _make_links(facilitator, closed)
    assert set(links) == {"Sales", "IT"}
    assert links["Sales"] != links["IT"]
    for path in links.values():
        token = path.strip("/").split("/")[-1]
        assert len(token) >= 43  # 32 random bytes, URL-safe base64
        assert ReleaseLink.objects.filter(token_hash=hash_token(token)).exists()
        assert not ReleaseLink.objects.filter(token_hash=token).exists()
    assert ReleaseLink.objects.filter(round=closed).count() == 2


def test_links_say_not_released_until_the_release_then_both_open(
    world: World, closed: Round, facilitator: Client
) -> None:
    links = _make_links(facilitator, closed)
    anonymous = Client()
    for path in links.values():
        page = anonymous.get(path).content.decode()
        assert "Not released yet" in page
        assert "Partnering index" not in page
    response = facilitator.post(_release_url(closed), {"action": "release"})
    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.released_at is not None
    pages = [anonymous.get(path) for path in links.values()]
    for response in pages:
        assert response.status_code == 200
        assert response["Referrer-Policy"] == "no-referrer"
        page = response.content.decode()
        assert "True partnership" in page
        assert "released to both sides at the same moment" in page
    results = [p.content.decode().split("<h1>", 1)[1] for p in pages]
    assert results[0] == results[1]  # both sides see the same results


def test_an_open_round_cannot_be_released(world: World, facilitator: Client) -> None:
    open_round = make_results_round(world.org_a, [world.relationship], closed=False)
    response = facilitator.post(_release_url(open_round), {"action": "release"}, follow=True)
    assert "once the round has closed" in response.content.decode()
    open_round.refresh_from_db()
    assert open_round.released_at is None


def test_new_links_replace_the_old_ones(world: World, closed: Round, facilitator: Client) -> None:
    old = _make_links(facilitator, closed)
    new = _make_links(facilitator, closed)
    assert Client().get(old["IT"]).status_code == 404
    assert Client().get(new["IT"]).status_code == 200
    assert Client().get("/results/not-a-real-token/").status_code == 404


def test_the_released_page_keeps_the_thresholds(world: World, facilitator: Client) -> None:
    round_ = make_results_round(world.org_a, [world.relationship])
    answer(round_, world.relationship, world.sales, 6, text="Sales words about {other}.")
    answer(round_, world.relationship, world.it, 3, text="IT's secret words about {other}.")
    links = _make_links(facilitator, round_)
    Round.objects.filter(pk=round_.pk).update(released_at=timezone.now())
    page = Client().get(links["Sales"]).content.decode()
    assert "IT</strong> about Sales: fewer than 5 respondents: not shown" in page
    assert "secret words" not in page
    assert "3 respondents" not in page
    assert "Sales words about IT" not in page  # 6 respondents: under the text threshold of 7


def test_quotes_appear_on_the_released_page_above_the_text_threshold(
    world: World, closed: Round, facilitator: Client
) -> None:
    links = _make_links(facilitator, closed)
    facilitator.post(_release_url(closed), {"action": "release"})
    page = Client().get(links["IT"]).content.decode()
    assert "We own the outcome jointly with IT" in page  # Sales: 7 respondents
    assert "we co-own it with Sales" not in page  # IT: 5 respondents


def test_a_viewer_cannot_make_links_or_release(world: World, closed: Round, viewer: Client) -> None:
    assert viewer.get(_release_url(closed)).status_code == 403
    assert viewer.post(_release_url(closed), {"action": "links"}).status_code == 403
    assert viewer.post(_release_url(closed), {"action": "release"}).status_code == 403
    closed.refresh_from_db()
    assert closed.released_at is None
    assert not ReleaseLink.objects.exists()


def test_an_outsider_cannot_release(world: World, closed: Round, outsider: Client) -> None:
    assert outsider.get(_release_url(closed)).status_code == 404
    assert outsider.post(_release_url(closed), {"action": "release"}).status_code == 404
    closed.refresh_from_db()
    assert closed.released_at is None


def test_releasing_twice_keeps_the_first_moment(
    world: World, closed: Round, facilitator: Client
) -> None:
    facilitator.post(_release_url(closed), {"action": "release"})
    closed.refresh_from_db()
    first = closed.released_at
    assert first is not None
    Round.objects.filter(pk=closed.pk).update(closes_at=first - timedelta(seconds=1))
    facilitator.post(_release_url(closed), {"action": "release"})
    closed.refresh_from_db()
    assert closed.released_at == first
