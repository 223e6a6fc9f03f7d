"""Portraits and themes where users look: the relationship page, the results API and the
report, under the same rules as every quote (docs/method.md §9, docs/privacy.md)."""

from __future__ import annotations

import json
import re
from typing import Any

from django.test import Client
from django.urls import reverse
from tests.integration.web.builders import World, page_text
from tests.integration.web.insights_builders import answer, make_results_round

from parity.core.policy import quote_key
from parity.web.surveys.models import Round

BUTLER = "A butler who never volunteers an idea; we wait on {other} hand and foot. Frustrating."
BOSS = "{other} is a demanding boss who never says thank you, and we do whatever they ask."
HELP = "They'd say we're the help: we do whatever {other} asks, whenever they ask it."
BUDGET = "The budget for our work is always decided by {other} without us."
BUDGET_TOO = "Every budget cut lands on us and {other} never explains the budget."


def _round(world: World, *, it_writers: int = 4) -> Round:
    """Sales–IT with 8 respondents a side; ``2 × it_writers`` of IT's write persona, mirror
    and comment answers."""
    round_ = make_results_round(world.org_a, [world.relationship])
    answer(round_, world.relationship, world.sales, 8)
    for persona, comment in ((BUTLER, BUDGET), (BOSS, BUDGET_TOO)):
        written = {"persona": persona, "mirror": HELP, "comment": comment}
        answer(round_, world.relationship, world.it, it_writers, written=written)
    rest = 8 - 2 * it_writers
    if rest:
        answer(round_, world.relationship, world.it, rest)
    return round_


def _page(client: Client, round_: Round, world: World) -> str:
    url = reverse("insights:relationship", args=["org-a", round_.pk, world.relationship.pk])
    return " ".join(page_text(client, url).split())


def _api_side(client: Client, round_: Round, party: str) -> dict[str, Any]:
    body = json.loads(client.get(f"/api/orgs/org-a/rounds/{round_.pk}/results").content)
    (relationship,) = body["relationships"]
    side: dict[str, Any] = relationship["sides"][party]
    return side


def _report(client: Client, round_: Round, world: World) -> str:
    url = reverse(
        "insights:relationship_report", args=["org-a", round_.pk, world.relationship.pk, "html"]
    )
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_the_page_api_and_report_show_how_it_sees_sales(
    world: World, facilitator: Client, viewer: Client
) -> None:
    round_ = _round(world)
    page = _page(viewer, round_, world)
    assert "How IT sees Sales" in page
    assert "a butler" in page
    assert "feels frustrated" in page
    assert "How IT thinks Sales sees it" in page
    assert "the help" in page
    assert "What IT’s comments are about" in page
    assert re.search(r"<strong>budget[a-z, ]*</strong> · 8 answers", page)
    assert "Hide this quote" not in page
    mine = _page(facilitator, round_, world)
    butler = quote_key("IT", "Sales", "persona", BUTLER.format(other="Sales"))
    assert f'name="key" value="{butler}"' in mine
    side = _api_side(viewer, round_, "IT")
    portraits = side["words"]["portraits"]
    assert {p["image"] for p in portraits} >= {"a butler", "the help"}
    assert side["words"]["themes"][0]["words"][0] == "budget"
    assert side["words"]["themes"][0]["answers"] == 8
    assert "quotes" in side["words"]
    report = _report(viewer, round_, world)
    assert "How IT sees Sales" in report
    assert "a butler" in report


def test_a_side_too_few_wrote_for_shows_no_portrait_and_no_theme(
    world: World, viewer: Client
) -> None:
    round_ = _round(world, it_writers=3)  # 6 of IT's 8 wrote: under 7
    page = _page(viewer, round_, world)
    assert "How IT sees Sales" not in page
    assert "What IT’s comments are about" not in page
    assert "butler" not in page
    side = _api_side(viewer, round_, "IT")
    assert side["words"]["portraits"] == []
    assert side["words"]["themes"] == []
    report = _report(viewer, round_, world)
    assert "butler" not in report
    assert "budget" not in report.lower()


def test_a_hidden_portrait_or_theme_quote_leaves_every_view(
    world: World, facilitator: Client, viewer: Client
) -> None:
    round_ = _round(world)
    url = reverse("insights:quotes", args=["org-a", round_.pk, world.relationship.pk])
    for question, text in (("persona", BUTLER), ("comment", BUDGET_TOO), ("comment", BUDGET)):
        key = quote_key("IT", "Sales", question, text.format(other="Sales"))
        assert facilitator.post(url, {"key": key, "action": "hide"}).status_code == 302
    page = _page(viewer, round_, world)
    assert "butler" not in page
    assert "budget for our work" not in page
    assert "Every budget cut" not in page
    # The theme stays, without a quote.
    assert re.search(r"<strong>budget[a-z, ]*</strong> · 8 answers\s*</li>", page)
    api = json.dumps(_api_side(viewer, round_, "IT"))
    assert "butler" not in api
    assert "budget for our work" not in api
    report = _report(viewer, round_, world)
    assert "butler" not in report
    assert "Hidden quotes (3)" in _page(facilitator, round_, world)
