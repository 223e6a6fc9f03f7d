"""Quotes people can trust: what a respondent is told before submitting, and a facilitator
hiding one of a relationship's quotes before both sides read the results (and showing it again),
which viewers and outsiders cannot do.

The stored row holds the quote's key (a digest), never its words. Once hidden, the quote is on
neither the viewer's page, the report nor the API (the disclosure gate leaves it out); the
facilitator's page lists it under "Hidden quotes" with "Show it again".
"""

from __future__ import annotations

import json
import re

from django.test import Client
from django.urls import reverse
from tests.integration.web.builders import World, page_text
from tests.integration.web.insights_builders import answer, make_results_round
from tests.integration.web.survey_builders import make_code, make_round

from parity.core.policy import quote_key
from parity.web.insights.models import HiddenQuote
from parity.web.insights.quotes import hidden_quote_keys
from parity.web.surveys.answering import survey_pages
from parity.web.surveys.models import Round

SALES_SAYS = "We own the outcome jointly with IT, as equals, and decide together."
IT_SAYS = "We co-own the roadmap with Sales and plan every release side by side."
SALES_KEY = quote_key("Sales", "IT", "purpose", SALES_SAYS)


def _round(world: World) -> Round:
    """A closed round in which both sides of Sales–IT wrote enough to be quoted."""
    round_ = make_results_round(world.org_a, [world.relationship])
    answer(round_, world.relationship, world.sales, 8)
    answer(round_, world.relationship, world.it, 8, text=IT_SAYS.replace("Sales", "{other}"))
    return round_


def _page_url(round_: Round, world: World) -> str:
    return reverse("insights:relationship", args=["org-a", round_.pk, world.relationship.pk])


def _quotes_url(round_: Round, world: World) -> str:
    return reverse("insights:quotes", args=["org-a", round_.pk, world.relationship.pk])


def _hide(client: Client, round_: Round, world: World, key: str = SALES_KEY) -> int:
    response = client.post(_quotes_url(round_, world), {"key": key, "action": "hide"})
    return int(response.status_code)


def _words(page: str) -> str:
    """The page's "In their own words" section, without the facilitator's hidden list."""
    section = page.split('id="words-heading"', 1)[1]
    return section.split('class="hidden-quotes"', 1)[0]


def test_a_facilitator_sees_a_hide_button_beside_each_quote(
    world: World, facilitator: Client
) -> None:
    page = page_text(facilitator, _page_url(_round(world), world))
    assert SALES_SAYS in page
    assert IT_SAYS in page
    assert page.count(">Hide this quote</button>") == 2
    assert f'name="key" value="{SALES_KEY}"' in page
    assert (
        "not shown to either side, in the reports (PDF, web page, workshop pack) or in the API"
        in page
    )


def test_a_facilitator_hides_a_quote_and_only_its_digest_is_stored(
    world: World, facilitator: Client
) -> None:
    round_ = _round(world)
    response = facilitator.post(_quotes_url(round_, world), {"key": SALES_KEY, "action": "hide"})
    assert response.status_code == 302
    assert response["Location"] == _page_url(round_, world) + "#words-heading"
    row = HiddenQuote.objects.get()
    assert (row.round, row.relationship, row.hidden_by) == (
        round_,
        world.relationship,
        world.facilitator,
    )
    assert row.key == SALES_KEY
    assert re.fullmatch(r"[0-9a-f]{64}", row.key)
    stored = json.dumps(list(HiddenQuote.objects.values()), default=str)
    assert "outcome jointly" not in stored
    assert hidden_quote_keys(round_, world.relationship) == frozenset({SALES_KEY})


def test_a_hidden_quote_is_listed_for_the_facilitator_only_and_leaves_every_view(
    world: World, facilitator: Client, viewer: Client
) -> None:
    round_ = _round(world)
    assert _hide(facilitator, round_, world) == 302
    mine = page_text(facilitator, _page_url(round_, world))
    assert SALES_SAYS not in _words(mine)
    assert "Hidden quotes (1)" in mine
    assert ">Show it again</button>" in mine
    assert mine.count(">Hide this quote</button>") == 1
    theirs = page_text(viewer, _page_url(round_, world))
    assert SALES_SAYS not in theirs
    assert IT_SAYS in theirs
    assert "Hide this quote" not in theirs
    assert "Hidden quotes" not in theirs
    report = reverse(
        "insights:relationship_report", args=["org-a", round_.pk, world.relationship.pk, "html"]
    )
    written = viewer.get(report).content.decode()
    assert "roadmap" in written
    assert "outcome jointly" not in written
    api = viewer.get(f"/api/orgs/org-a/rounds/{round_.pk}/results").content.decode()
    assert "outcome jointly" not in api
    assert "roadmap" in api


def test_showing_it_again_deletes_the_row(world: World, facilitator: Client) -> None:
    round_ = _round(world)
    _hide(facilitator, round_, world)
    url = _quotes_url(round_, world)
    response = facilitator.post(url, {"key": SALES_KEY, "action": "show"})
    assert response.status_code == 302
    assert not HiddenQuote.objects.exists()
    page = page_text(facilitator, _page_url(round_, world))
    assert SALES_SAYS in _words(page)
    assert "Hidden quotes" not in page


def test_hiding_twice_keeps_one_row(world: World, facilitator: Client) -> None:
    round_ = _round(world)
    _hide(facilitator, round_, world)
    _hide(facilitator, round_, world)
    assert HiddenQuote.objects.count() == 1


def test_only_a_quote_the_page_shows_can_be_hidden(world: World, facilitator: Client) -> None:
    round_ = _round(world)
    assert _hide(facilitator, round_, world, key="0" * 64) == 302
    assert (
        _hide(facilitator, round_, world, key=quote_key("Sales", "IT", "purpose", "Other")) == 302
    )
    response = facilitator.post(_quotes_url(round_, world), {"key": SALES_KEY, "action": "drop"})
    assert response.status_code == 302
    assert not HiddenQuote.objects.exists()
    page = page_text(facilitator, _page_url(round_, world))
    assert "nothing changed" in page


def test_a_viewer_gets_403(world: World, viewer: Client) -> None:
    round_ = _round(world)
    assert _hide(viewer, round_, world) == 403
    assert (
        viewer.post(_quotes_url(round_, world), {"key": SALES_KEY, "action": "show"}).status_code
        == 403
    )
    assert not HiddenQuote.objects.exists()


def test_a_viewer_cannot_show_a_hidden_quote_again(
    world: World, facilitator: Client, viewer: Client
) -> None:
    round_ = _round(world)
    _hide(facilitator, round_, world)
    response = viewer.post(_quotes_url(round_, world), {"key": SALES_KEY, "action": "show"})
    assert response.status_code == 403
    assert HiddenQuote.objects.count() == 1


def test_an_outsider_gets_404(world: World, outsider: Client) -> None:
    round_ = _round(world)
    assert _hide(outsider, round_, world) == 404
    assert not HiddenQuote.objects.exists()


def test_another_relationship_or_an_open_round_is_not_found(
    world: World, facilitator: Client
) -> None:
    round_ = _round(world)
    other = reverse("insights:quotes", args=["org-a", round_.pk, world.relationship.pk + 99])
    assert facilitator.post(other, {"key": SALES_KEY, "action": "hide"}).status_code == 404
    open_round = make_results_round(world.org_a, [world.relationship], name="Open", closed=False)
    assert _hide(facilitator, open_round, world) == 404
    assert not HiddenQuote.objects.exists()


def test_a_get_leads_back_to_the_page(world: World, facilitator: Client) -> None:
    round_ = _round(world)
    response = facilitator.get(_quotes_url(round_, world))
    assert response.status_code == 302
    assert response["Location"] == _page_url(round_, world)


# --- The promise, stated on the survey's last page before the respondent submits -----------


def _last_page(world: World, round_: Round) -> str:
    link = reverse("surveys:answer", args=[make_code(round_, world.relationship, world.it)])
    return page_text(Client(), f"{link}?page={len(survey_pages())}")


def test_the_last_page_states_the_promise_before_the_submit_button(world: World) -> None:
    page = " ".join(_last_page(world, make_round(world.org_a, [world.relationship])).split())
    promise = (
        "Your words may be quoted word for word, to both IT and Sales, but only if at least 7 "
        "people of IT wrote an answer to the same question."
    )
    assert promise in page
    assert "names a person, or gives an e-mail address or a phone number, is never quoted" in page
    assert "Leave out anything that would show who you are" in page
    assert page.index(promise) < page.index("Submit my answers")
    assert page.index(promise) < page.index("<textarea")


def test_the_promise_is_the_rounds_not_a_lowered_setting(world: World) -> None:
    round_ = make_round(world.org_a, [world.relationship])
    Round.objects.filter(pk=round_.pk).update(score_threshold=5, text_threshold=9)
    world.org_a.text_threshold = 4
    world.org_a.save()
    page = " ".join(_last_page(world, Round.objects.get(pk=round_.pk)).split())
    assert "only if at least 9 people of IT wrote an answer" in page


def test_the_other_pages_do_not_repeat_the_promise(world: World) -> None:
    round_ = make_round(world.org_a, [world.relationship])
    link = reverse("surveys:answer", args=[make_code(round_, world.relationship, world.it)])
    assert "quoted word for word" not in page_text(Client(), f"{link}?page=1")


def test_the_thanks_page_confirms_the_promise(world: World) -> None:
    round_ = make_round(world.org_a, [world.relationship])
    link = reverse("surveys:answer", args=[make_code(round_, world.relationship, world.it)])
    client = Client()
    count = len(survey_pages())
    for number in range(1, count):
        client.post(link, {"page": str(number), "action": "next"})
    response = client.post(link, {"page": str(count), "action": "submit"})
    text = " ".join(page_text(client, response["Location"]).split())
    assert "As the last page said, your written answers may be quoted word for word" in text
    assert "never when an answer names a person or gives an e-mail address" in text
