"""The respondent attributes (role, level, location, tenure) as three attackers try them.

- **A database reader** should find a response no more identifying than its round needs: only
  the attributes the round asks, only a value among its choices, and nothing at all for
  "Prefer not to say", whatever a crafted request sends.
- **A curious facilitator** reads the pages and the API before and after one more person
  answers while the round is open: a group crossing the threshold with that answer would show
  the group, and the difference of two readings that person's attribute and scores. Nothing
  but counts is published until the round closes (``policy.may_publish``), so the two
  readings are the same. The control test publishes live, as a design without that rule
  would, and the same comparison then shows the group.
- **Another organization's facilitator** can neither set a round's attributes nor read them.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from tests.integration.web.attacks.kit import (
    PARTNER,
    SERVANT,
    Scene,
    Views,
    answer,
    api_results,
    ballots,
    database_bytes,
    differences,
    rows_containing,
    side_of,
    signed_in,
)
from tests.integration.web.builders import World

from parity.web.insights import results
from parity.web.surveys.models import Response, Round

ROLES = ["Business partner", "Administrator"]
LEVEL_MARKER = "LEVEL-MARKER-3b9d-senior-director"
LOCATION_MARKER = "LOCATION-MARKER-3b9d-lisbon"


def _stored(scene: Scene) -> list[dict[str, str]]:
    return [dict(r.attributes) for r in Response.objects.filter(round_id=scene.round_id)]


# --- A database reader ------------------------------------------------------------------------


def test_a_response_keeps_only_the_attributes_its_round_asks(
    world: World, facilitator: Client
) -> None:
    """The round asks the role only; a crafted request sends a level, a location and a tenure
    with every page. None of them reaches the database, not even in a free page of its file."""
    scene = Scene.open(facilitator, "org-a", world.relationship, attributes={"role": ROLES})
    tampered = {"level": LEVEL_MARKER, "location": LOCATION_MARKER, "tenure": "1-3"}
    for link, items in zip(scene.codes(world.it, 5), ballots(PARTNER, 5), strict=True):
        answer(link, items, attributes={"role": "Administrator"}, tampered=tampered)
    assert _stored(scene) == [{"role": "Administrator"}] * 5
    assert not rows_containing(LEVEL_MARKER, LOCATION_MARKER)
    whole = database_bytes()
    if whole is not None:
        assert LEVEL_MARKER.encode() not in whole
        assert LOCATION_MARKER.encode() not in whole


def test_a_round_that_asks_nothing_keeps_nothing(world: World, facilitator: Client) -> None:
    scene = Scene.open(facilitator, "org-a", world.relationship)
    tampered = {"role": "Business partner", "level": LEVEL_MARKER, "tenure": "10+"}
    for link, items in zip(scene.codes(world.it, 5), ballots(PARTNER, 5), strict=True):
        answer(link, items, tampered=tampered)
    assert _stored(scene) == [{}] * 5
    assert not rows_containing(LEVEL_MARKER, "Business partner")


def test_prefer_not_to_say_keeps_nothing(world: World, facilitator: Client) -> None:
    """Nothing stored, not an empty string or a "prefer not" mark: a response that gave no
    attribute looks like one of a round that asked none."""
    scene = Scene.open(
        facilitator, "org-a", world.relationship, attributes={"role": ROLES, "tenure": []}
    )
    links = scene.codes(world.it, 5)
    for link, items in zip(links[:4], ballots(PARTNER, 4), strict=True):
        answer(link, items)  # "Prefer not to say" to both
    answer(links[4], PARTNER, attributes={"tenure": "3-10"})  # the role left unsaid
    assert sorted(_stored(scene), key=len) == [{}, {}, {}, {}, {"tenure": "3-10"}]
    assert not rows_containing("Prefer not", "prefer not")


def test_a_value_the_round_does_not_offer_is_refused(world: World, facilitator: Client) -> None:
    scene = Scene.open(facilitator, "org-a", world.relationship, attributes={"role": ROLES})
    (link,) = scene.codes(world.it, 1)
    with pytest.raises(AssertionError):
        answer(link, PARTNER, attributes={"role": LEVEL_MARKER})
    assert not rows_containing(LEVEL_MARKER)


# --- A curious facilitator comparing readings ---------------------------------------------------


def _one_more_administrator(world: World, facilitator: Client) -> tuple[Scene, Views, Views]:
    """Five IT business partners and four administrators have answered (the administrators'
    ballots still in the box), and five of Sales. The facilitator reads everything, the fifth
    administrator answers as a servant would, and the facilitator reads everything again."""
    reader = signed_in(world.facilitator)
    scene = Scene.open(facilitator, "org-a", world.relationship, attributes={"role": ROLES})
    it_links = scene.codes(world.it, 10)
    for link, items in zip(scene.codes(world.sales, 5), ballots(PARTNER, 5), strict=True):
        answer(link, items)
    for link, items in zip(it_links[:5], ballots(PARTNER, 5), strict=True):
        answer(link, items, attributes={"role": "Business partner"})
    administrators = ballots(SERVANT, 5)
    for link, items in zip(it_links[5:9], administrators[:4], strict=True):
        answer(link, items, attributes={"role": "Administrator"})
    before = scene.views(reader)
    answer(it_links[9], administrators[4], attributes={"role": "Administrator"})
    return scene, before, scene.views(reader)


def _administrators(views: Views) -> list[dict[str, object]]:
    roles = side_of(views.api, "IT").get("segments", {}).get("attributes", {}).get("role", [])
    return [s for s in roles if s["value"] == "Administrator"]


def test_reading_before_and_after_one_response_shows_no_attribute_or_score(
    world: World, facilitator: Client
) -> None:
    scene, before, after = _one_more_administrator(world, facilitator)
    changed = differences(before, after, recounted=[(9, 10)])
    assert not changed, f"one more respondent moved what an open round publishes: {changed}"
    for moment in (before, after):
        text = moment.all_text()
        for word in ("Administrator", "Business partner", "split by", "segments"):
            assert word not in text, f"an open round publishes {word!r}"
    scene.close()
    closed = scene.views(signed_in(world.facilitator))
    assert [s["respondents"] for s in _administrators(closed)] == [5], (
        "once closed, the round shows the administrators: the attack above had a target"
    )


def test_control_published_live_the_same_reading_gives_the_group_away(
    world: World, facilitator: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the rule that only a closed round is published, the fifth administrator's
    answer turns the role from withheld to shown: the comparison above would catch it."""
    monkeypatch.setattr(results, "published", lambda round_, now=None: True)
    _, before, after = _one_more_administrator(world, facilitator)
    assert not _administrators(before)
    assert _administrators(after), "live results show the administrators once five answered"
    assert differences(before, after, recounted=[(5, 10)])


# --- Another organization's facilitator ---------------------------------------------------------


def test_another_organization_can_neither_set_nor_read_the_attributes(
    world: World, facilitator: Client, outsider: Client, viewer: Client
) -> None:
    body = {
        "name": "Not theirs",
        "opens_at": "2030-10-01T09:00:00+02:00",
        "closes_at": "2030-10-15T17:00",
        "relationship_ids": [world.relationship.pk],
        "attributes": {"role": ["Spy", "Other spy"]},
    }
    api = "/api/orgs/org-a/rounds"
    assert outsider.post(api, body, content_type="application/json").status_code == 404
    assert viewer.post(api, body, content_type="application/json").status_code == 403
    own = outsider.post("/api/orgs/org-b/rounds", body, content_type="application/json")
    assert own.status_code == 400  # org A's relationship is not org B's
    form = {"name": "Not theirs", "relationships": [world.relationship.pk], "ask_role": "Spy\nX"}
    new_round = reverse("surveys:round-create", args=["org-a"])
    assert outsider.post(new_round, form).status_code == 404
    assert not Round.objects.exists()

    scene = Scene.open(facilitator, "org-a", world.relationship, attributes={"role": ROLES})
    it_links = scene.codes(world.it, 10)
    for k, (link, items) in enumerate(zip(it_links, ballots(PARTNER, 10), strict=True)):
        answer(link, items, attributes={"role": ROLES[k % 2]})
    for link, items in zip(scene.codes(world.sales, 5), ballots(PARTNER, 5), strict=True):
        answer(link, items)
    scene.close()
    assert _administrators(scene.views(signed_in(world.facilitator))), "shown to org A"
    for url in (
        f"/api/orgs/org-a/rounds/{scene.round_id}",
        f"/api/orgs/org-a/rounds/{scene.round_id}/results",
        scene.round_url,
        f"{scene.results_base}{world.relationship.pk}/",
    ):
        got = outsider.get(url)
        assert got.status_code == 404, url
        assert b"Administrator" not in got.content
    assert api_results(outsider, "org-a", scene.round_id) is None
    assert Round.objects.get().attributes == {"role": ROLES}
