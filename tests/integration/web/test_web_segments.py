"""Segments on the web: a round asks role, level, location or tenure as choice lists, the
survey asks them on its last page, and the relationship page and the results API show the
engine's segments, only where the engine's disclosure shows them (docs/method.md §2b)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.integration.web.attacks.kit import (
    PARTNER,
    SERVANT,
    Scene,
    answer,
    api_results,
    ballots,
    page,
    respondent,
    side_of,
    signed_in,
    visible_text,
)
from tests.integration.web.builders import World

from parity.core.schema import TENURE_BANDS
from parity.core.segments import split_sentences
from parity.web.insights.results import round_results
from parity.web.surveys.models import Response, Round

ROLES = ["Business partner", "Administrator"]
MOMENT = "%Y-%m-%dT%H:%M"


def _round_form(client: Client, world: World, **fields: str) -> Any:
    now = timezone.localtime()
    data = {
        "name": "Spring review",
        "opens_at": (now - timedelta(hours=1)).strftime(MOMENT),
        "closes_at": (now + timedelta(days=14)).strftime(MOMENT),
        "instrument": "TPI-1",
        "relationships": [world.relationship.pk],
        **fields,
    }
    return client.post(reverse("surveys:round-create", args=["org-a"]), data)


def _api_round(client: Client, world: World, attributes: Any) -> Any:
    body = {
        "name": "Spring review",
        "opens_at": "2030-10-01T09:00:00+02:00",
        "closes_at": "2030-10-15T17:00",
        "relationship_ids": [world.relationship.pk],
        "attributes": attributes,
    }
    return client.post("/api/orgs/org-a/rounds", body, content_type="application/json")


def test_the_new_round_page_asks_attributes_as_choice_lists(
    world: World, facilitator: Client
) -> None:
    made = _round_form(
        facilitator, world, ask_role="Business partner\n  Administrator \n\n", ask_tenure="on"
    )
    assert made.status_code == 302, made.content.decode()
    round_ = Round.objects.get()
    assert round_.attributes == {"role": ROLES, "tenure": list(TENURE_BANDS)}
    detail_url = reverse("surveys:round-detail", args=["org-a", round_.pk])
    detail = visible_text(facilitator.get(detail_url).content.decode())
    assert "Role: Business partner, Administrator" in detail
    assert "Years in the organization: Under 1 year, 1–3 years" in detail


def test_the_page_and_the_api_refuse_the_same_choices_in_the_same_words(
    world: World, facilitator: Client
) -> None:
    """One use case behind both: the same rule, the same sentence, and no round made."""
    refused = {
        "Administrator": "Role: give at least 2 choices",
        "Administrator\nPrefer not to say": "“Prefer not to say” cannot be a choice",
        "Administrator\nadministrator": "“administrator” is listed twice",
    }
    for choices, words in refused.items():
        form = _round_form(facilitator, world, ask_role=choices)
        assert form.status_code == 200
        assert words in visible_text(form.content.decode())
        api = _api_round(facilitator, world, {"role": choices.splitlines()})
        assert api.status_code == 400
        assert words in api.json()["detail"]
    for attributes, words in (
        ({"salary": ["low", "high"]}, "not salary"),
        ({"tenure": ["1-2"]}, "fixed bands"),
    ):
        api = _api_round(facilitator, world, attributes)
        assert api.status_code == 400
        assert words in api.json()["detail"]
    assert not Round.objects.exists()


def test_the_api_opens_a_round_asking_attributes_and_reads_them_back(
    world: World, facilitator: Client
) -> None:
    made = _api_round(
        facilitator, world, {"tenure": [], "role": [" Business  partner", "Administrator"]}
    )
    assert made.status_code == 201, made.content
    expected = {"role": ROLES, "tenure": list(TENURE_BANDS)}
    assert made.json()["attributes"] == expected
    again = facilitator.get(f"/api/orgs/org-a/rounds/{made.json()['id']}").json()
    assert again["attributes"] == expected
    plain = _api_round(facilitator, world, {})
    assert plain.json()["attributes"] == {}


def _last_page(link: str) -> str:
    """The survey's last page as a respondent reads it (a page number past the end shows the
    last)."""
    return respondent().get(link, {"page": 99}).content.decode()


def test_the_survey_asks_the_attributes_on_its_last_page_with_the_promise(
    world: World, facilitator: Client
) -> None:
    scene = Scene.open(
        facilitator, "org-a", world.relationship, attributes={"role": ROLES, "tenure": []}
    )
    link = scene.codes(world.it, 1)[0]
    first = visible_text(respondent().get(link).content.decode())
    assert "Prefer not to say" not in first
    last = visible_text(_last_page(link))
    for words in (
        "Which best describes your role?",
        "Business partner",
        "Administrator",
        "How long have you been with the organization?",
        "Under 1 year",
        "10 years or more",
        "Prefer not to say",
        "at least 5 people of IT are in it and at least 5 are not: smaller groups are never shown",
    ):
        assert words in last, words
    assert "Which best describes your level?" not in last

    plain = Scene.open(facilitator, "org-a", world.relationship, name="Plain")
    assert "About you" not in visible_text(_last_page(plain.codes(world.it, 1)[0]))


def test_the_attributes_given_reach_the_responses_and_prefer_not_to_say_keeps_nothing(
    world: World, facilitator: Client
) -> None:
    scene = Scene.open(
        facilitator, "org-a", world.relationship, attributes={"role": ROLES, "tenure": []}
    )
    given = [
        {"role": "Business partner", "tenure": "1-3"},
        {"role": "Business partner", "tenure": "10+"},
        {"role": "Administrator"},
        {"tenure": "<1"},
        {},
    ]
    for link, items, attributes in zip(
        scene.codes(world.it, 5), ballots(PARTNER, 5), given, strict=True
    ):
        answer(link, items, attributes=attributes)
    stored = [r.attributes for r in Response.objects.filter(round_id=scene.round_id)]
    assert Counter(tuple(sorted(a.items())) for a in stored) == Counter(
        tuple(sorted(a.items())) for a in given
    )


def test_a_choice_not_offered_is_refused_by_name(world: World, facilitator: Client) -> None:
    scene = Scene.open(facilitator, "org-a", world.relationship, attributes={"role": ROLES})
    link = scene.codes(world.it, 1)[0]
    browser = respondent()
    browser.get(link)
    posted = browser.post(f"{link}?page=99", {"page": "99", "role": "Chief", "action": "submit"})
    assert posted.status_code == 400
    assert (
        "Which best describes your role? Choose one of the answers offered, or “Prefer not to "
        "say”." in visible_text(posted.content.decode())
    )
    assert not Response.objects.exists()


def test_a_saved_draft_keeps_the_chosen_attribute(world: World, facilitator: Client) -> None:
    scene = Scene.open(facilitator, "org-a", world.relationship, attributes={"role": ROLES})
    link = scene.codes(world.it, 1)[0]
    answer(link, PARTNER, attributes={"role": "Administrator"}, save_at_end=True)
    radios = re.findall(r'<input type="radio" name="role"[^>]*>', _last_page(link))
    assert [r for r in radios if "checked" in r] == [
        next(r for r in radios if 'value="Administrator"' in r)
    ]


def _divided_round(world: World, facilitator: Client, administrators: int = 5) -> Scene:
    """IT's business partners answer as partners, its administrators as servants; Sales as
    partners, without a role. The round is closed."""
    scene = Scene.open(facilitator, "org-a", world.relationship, attributes={"role": ROLES})
    it_links = scene.codes(world.it, 5 + administrators)
    for link, items in zip(it_links[:5], ballots(PARTNER, 5), strict=True):
        answer(link, items, attributes={"role": "Business partner"})
    for link, items in zip(it_links[5:], ballots(SERVANT, administrators), strict=True):
        answer(link, items, attributes={"role": "Administrator"})
    for link, items in zip(scene.codes(world.sales, 5), ballots(PARTNER, 5), strict=True):
        answer(link, items)
    scene.close()
    return scene


def _relationship_page(scene: Scene, reader: Client) -> str:
    return visible_text(page(reader, f"{scene.results_base}{scene.relationship.pk}/"))


def test_a_divided_side_is_named_split_with_the_engines_sentence(
    world: World, facilitator: Client
) -> None:
    scene = _divided_round(world, facilitator)
    reader = signed_in(world.viewer)
    shown = _relationship_page(scene, reader)
    result = round_results(Round.objects.get(pk=scene.round_id)).by_relationship[
        world.relationship.pk
    ]
    it = next(s for s in result.sides if s.party == "IT")
    sentences = split_sentences("IT", it.segments, result.constructs)
    assert sentences
    assert sentences[0].startswith("IT: split by role — Business partner rate")
    assert "Where a side is divided" in shown
    assert "IT about Sales: split" in shown
    for sentence in sentences:
        assert sentence in shown
    assert "IT by role (split)" in shown
    assert "Business partner (5 respondents)" in shown
    assert "Administrator (5 respondents)" in shown
    assert "Sales about IT" not in shown.split("Where a side is divided")[1].split("Power")[0]

    segments = side_of(api_results(reader, "org-a", scene.round_id), "IT")["segments"]
    roles = {s["value"]: s["respondents"] for s in segments["attributes"]["role"]}
    assert roles == {"Business partner": 5, "Administrator": 5}
    (split,) = segments["splits"]
    assert (split["attribute"], split["high"], split["low"]) == (
        "role",
        "Business partner",
        "Administrator",
    )
    assert all(isinstance(v, int | float) and v == round(v) for v in split["scores"])


def test_the_released_page_names_the_split_too(world: World, facilitator: Client) -> None:
    """Both sides' members read the same relationship page through their links."""
    scene = _divided_round(world, facilitator)
    made = facilitator.post(f"/orgs/org-a/rounds/{scene.round_id}/release/", {"action": "links"})
    links = re.findall(r'<code class="link">https?://[^/]+(/[^<]+)</code>', made.content.decode())
    assert len(links) == 2
    scene.release()
    for link in links:
        shown = visible_text(respondent().get(link).content.decode())
        assert "IT about Sales: split" in shown
        assert "IT: split by role — Business partner rate" in shown


def test_a_group_below_the_threshold_is_not_shown_on_the_page_nor_in_the_api(
    world: World, facilitator: Client
) -> None:
    """Four administrators among nine: the group, and so the role, is not shown; the side is."""
    scene = _divided_round(world, facilitator, administrators=4)
    reader = signed_in(world.viewer)
    shown = _relationship_page(scene, reader)
    assert "IT about Sales: 9 respondents" in shown
    assert "Not shown for IT: by role" in shown
    assert "Administrator" not in shown
    assert "Business partner" not in shown
    assert "IT about Sales: split" not in shown
    assert "split by role" not in shown
    segments = side_of(api_results(reader, "org-a", scene.round_id), "IT")["segments"]
    assert segments == {"attributes": {}, "withheld": ["role"], "splits": []}


def test_a_threshold_raised_after_the_close_hides_the_segments_it_no_longer_allows(
    world: World, facilitator: Client
) -> None:
    """The pages apply the engine's disclosure under the round's thresholds as they stand:
    groups of five are not shown under a threshold of six, while the side of ten still is."""
    scene = _divided_round(world, facilitator)
    world.org_a.score_threshold = 6
    world.org_a.save()
    reader = signed_in(world.viewer)
    shown = _relationship_page(scene, reader)
    assert "IT about Sales: 10 respondents" in shown
    assert "Administrator" not in shown
    assert "IT about Sales: split" not in shown
    assert "split by role" not in shown
    segments = side_of(api_results(reader, "org-a", scene.round_id), "IT")["segments"]
    assert segments["attributes"] == {}
    assert segments["withheld"] == ["role"]
