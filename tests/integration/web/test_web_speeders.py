"""Speeders on the web: the survey records how long each respondent took (a coarse duration,
never a moment), the respondent screen leaves out those who answered faster than anyone can
read, and a facilitator may choose, while the round is open, to keep them in the scores.

Respondents answer through the survey pages as a browser would (``attacks/kit.py``) on the
survey's test clock (``tests/support/survey_clock.py``): ten minutes each, unless a test sets
the clock's step to five seconds.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone
from tests.integration.web.attacks.kit import PARTNER, SERVANT, Scene, answer, ballots
from tests.integration.web.builders import World, page_text
from tests.support.survey_clock import UNHURRIED, SurveyClock

from parity.web.insights.results import round_results
from parity.web.orgs.models import Organization
from parity.web.surveys import drafts
from parity.web.surveys.codes import canonical, link_hash
from parity.web.surveys.models import Ballot, Invitation, Response, Round
from parity.web.surveys.timing import SECONDS_CEILING

THRESHOLD = 3
FIVE_SECONDS = 5


def _scene(world: World, facilitator: Client) -> Scene:
    """An open round of Sales–IT asking TPI-1 (the kit's answers), in an organization whose
    thresholds are 3."""
    Organization.objects.filter(pk=world.org_a.pk).update(score_threshold=3, text_threshold=3)
    scene = Scene.open(facilitator, "org-a", world.relationship)
    Round.objects.filter(pk=scene.round_id).update(instrument="TPI-1")
    return scene


def _answer(scene: Scene, world: World, clock: SurveyClock, *, it_fast: int, it_slow: int = 5):
    """Five Sales members answer in ten minutes each; ``it_slow`` IT members likewise, and
    ``it_fast`` IT members in five seconds."""
    for link, items in zip(scene.codes(world.sales, 5), ballots(PARTNER, 5), strict=True):
        answer(link, items)
    links = scene.codes(world.it, it_slow + it_fast)
    for link, items in zip(links[:it_slow], ballots(SERVANT, it_slow), strict=True):
        answer(link, items)
    clock.step = FIVE_SECONDS
    for link, items in zip(links[it_slow:], ballots(PARTNER, it_fast), strict=True):
        answer(link, items)
    clock.step = UNHURRIED


def _it_side(scene: Scene, reader: Client) -> dict[str, object]:
    results = scene.views(reader).api
    assert results is not None
    (relationship,) = results["relationships"]
    return dict(relationship["sides"]["IT"])


def _screen(scene: Scene, reader: Client) -> dict[str, object]:
    results = scene.views(reader).api
    assert results is not None
    return dict(results["screen"])


def _org_page(scene: Scene, reader: Client) -> str:
    return page_text(reader, scene.results_base)


def _it_line(page: str) -> str:
    """The screen section's line about IT's side, or "" when there is none."""
    section = page.split('id="screen-heading"', 1)[1].split("</section>", 1)[0]
    found = re.search(r"<li><strong>IT</strong>.*?</li>", section, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(0))) if found else ""


def test_the_time_taken_is_kept_coarse_and_never_as_a_moment(
    world: World, facilitator: Client, survey_clock: SurveyClock
) -> None:
    scene = _scene(world, facilitator)
    _answer(scene, world, survey_clock, it_fast=1)
    scene.close()
    kept = sorted(Response.objects.values_list("seconds", flat=True))
    assert kept == [FIVE_SECONDS] + [UNHURRIED] * 10
    assert all(s % 5 == 0 and s <= SECONDS_CEILING for s in kept)


def test_speeders_who_answer_in_five_seconds_are_flagged_and_left_out(
    world: World, facilitator: Client, survey_clock: SurveyClock
) -> None:
    scene = _scene(world, facilitator)
    _answer(scene, world, survey_clock, it_fast=3)
    scene.close()
    assert _it_side(scene, facilitator)["respondents"] == 5
    assert _screen(scene, facilitator) == {
        "kept_flagged": False,
        "threshold": THRESHOLD,
        "sides": [
            {"party": "IT", "about": "Sales", "flagged": 3, "kept": False, "reasons": ["speeder"]}
        ],
    }
    line = _it_line(_org_page(scene, facilitator))
    assert line == (
        "IT about Sales: 3 respondents left out; at least 3 of them answered faster than 2 "
        "seconds a statement."
    )
    relationship_page = page_text(facilitator, f"{scene.results_base}{world.relationship.pk}/")
    assert _it_line(relationship_page) == line
    assert "IT</strong> about Sales: 5 respondents" in relationship_page


def test_a_lone_speeder_is_kept_so_that_no_count_below_the_threshold_can_be_worked_out(
    world: World, facilitator: Client, survey_clock: SurveyClock
) -> None:
    """The round page says how many of IT answered; had the one speeder been left out, that
    number less the results' count would name a group of one."""
    scene = _scene(world, facilitator)
    _answer(scene, world, survey_clock, it_fast=1)
    scene.close()
    responses = page_text(facilitator, scene.round_url)
    assert "6 of 6 invitations used" in responses
    assert _it_side(scene, facilitator)["respondents"] == 6
    assert _screen(scene, facilitator)["sides"] == []
    page = _org_page(scene, facilitator)
    assert _it_line(page) == ""
    assert "No side shown here had 3 or more respondents left out." in page


def test_the_switch_keeps_them_in(
    world: World, facilitator: Client, survey_clock: SurveyClock
) -> None:
    scene = _scene(world, facilitator)
    before = page_text(facilitator, scene.results_base)
    assert 'name="keep" value="1"' in before
    switched = facilitator.post(f"{scene.results_base}screen/", {"keep": "1"})
    assert switched.status_code == 302
    assert Round.objects.get(pk=scene.round_id).keep_flagged
    _answer(scene, world, survey_clock, it_fast=3)
    scene.close()
    assert _it_side(scene, facilitator)["respondents"] == 8
    assert _screen(scene, facilitator)["sides"] == [
        {"party": "IT", "about": "Sales", "flagged": 3, "kept": True, "reasons": ["speeder"]}
    ]
    page = _org_page(scene, facilitator)
    assert "This round keeps them in its scores" in page
    assert _it_line(page).startswith("IT about Sales: 3 respondents flagged and kept")


def test_the_api_makes_the_same_choice_and_a_viewer_reads_it(
    world: World, facilitator: Client, viewer: Client
) -> None:
    scene = _scene(world, facilitator)
    url = f"/api/orgs/org-a/rounds/{scene.round_id}/screen"
    put = facilitator.put(url, {"keep_flagged": True}, content_type="application/json")
    assert put.status_code == 200, put.content
    assert put.json() == {"round": scene.round_id, "keep_flagged": True, "open": True}
    assert viewer.get(url).json()["keep_flagged"] is True
    refused = viewer.put(url, {"keep_flagged": False}, content_type="application/json")
    assert refused.status_code == 403
    viewer_page = page_text(viewer, scene.results_base)
    assert "This round will keep them in its scores." in viewer_page
    assert 'name="keep"' not in viewer_page
    assert Round.objects.get(pk=scene.round_id).keep_flagged


def test_the_choice_is_fixed_once_the_round_has_closed(
    world: World, facilitator: Client, survey_clock: SurveyClock
) -> None:
    """Results are published one way only: read with and without the flagged respondents,
    they would give back what those respondents answered."""
    scene = _scene(world, facilitator)
    _answer(scene, world, survey_clock, it_fast=3)
    scene.close()
    before = _it_side(scene, facilitator)
    url = f"/api/orgs/org-a/rounds/{scene.round_id}/screen"
    put = facilitator.put(url, {"keep_flagged": True}, content_type="application/json")
    assert put.status_code == 409
    assert "fixed" in put.json()["detail"]
    posted = facilitator.post(f"{scene.results_base}screen/", {"keep": "1"}, follow=True)
    assert "its choice about flagged respondents is fixed" in posted.content.decode()
    assert not Round.objects.get(pk=scene.round_id).keep_flagged
    assert facilitator.get(url).json() == {
        "round": scene.round_id,
        "keep_flagged": False,
        "open": False,
    }
    assert _it_side(scene, facilitator) == before
    assert 'name="keep"' not in _org_page(scene, facilitator)


def test_a_facilitator_of_another_organization_cannot_flip_the_switch(
    world: World, facilitator: Client, outsider: Client, viewer: Client
) -> None:
    scene = _scene(world, facilitator)
    page_url = f"{scene.results_base}screen/"
    api_url = f"/api/orgs/org-a/rounds/{scene.round_id}/screen"
    assert outsider.post(page_url, {"keep": "1"}).status_code == 404
    body = {"keep_flagged": True}
    assert outsider.put(api_url, body, content_type="application/json").status_code == 404
    assert outsider.get(api_url).status_code == 404
    assert viewer.post(page_url, {"keep": "1"}).status_code == 403
    assert not Round.objects.get(pk=scene.round_id).keep_flagged


def test_the_results_cache_keys_on_the_choice(
    world: World, facilitator: Client, survey_clock: SurveyClock
) -> None:
    """The same answers, read under the other choice (as an owner editing the row would make
    it), are analysed anew rather than served from the cache."""
    scene = _scene(world, facilitator)
    _answer(scene, world, survey_clock, it_fast=3)
    scene.close()
    round_ = Round.objects.select_related("organization").get(pk=scene.round_id)
    screened = round_results(round_)
    Round.objects.filter(pk=round_.pk).update(keep_flagged=True)
    round_.refresh_from_db()
    kept = round_results(round_)
    counts = [
        next(s.respondents for s in r.analysis.relationships[0].sides if s.party == "IT")
        for r in (screened, kept)
    ]
    assert counts == [5, 8]


def test_a_round_that_closed_without_a_choice_leaves_them_out(
    world: World, facilitator: Client, survey_clock: SurveyClock
) -> None:
    scene = _scene(world, facilitator)
    _answer(scene, world, survey_clock, it_fast=3)
    Round.objects.filter(pk=scene.round_id).update(closes_at=timezone.now() - timedelta(minutes=1))
    assert _screen(scene, facilitator)["kept_flagged"] is False
    assert _it_side(scene, facilitator)["respondents"] == 5


def test_a_survey_begun_before_the_time_was_recorded_has_no_time(
    world: World, facilitator: Client, survey_clock: SurveyClock
) -> None:
    """A draft saved before the survey noted its opening: its start is not known, so the time
    taken stays unknown rather than too short, and its respondent is never a speeder."""
    scene = _scene(world, facilitator)
    (link,) = scene.codes(world.it, 1)
    token = link.strip("/").rsplit("/", 1)[1]
    Invitation.objects.filter(token_hash=link_hash(token)).update(
        sealed_draft=drafts.seal(canonical(token), {"out1": 6})
    )
    survey_clock.step = FIVE_SECONDS
    answer(link, PARTNER)
    assert Response.objects.count() + Ballot.objects.count() == 1
    stored = Ballot.objects.first() or Response.objects.get()
    assert stored.seconds is None


def test_coming_back_later_counts_from_the_first_page(
    world: World, facilitator: Client, survey_clock: SurveyClock
) -> None:
    scene = _scene(world, facilitator)
    (link,) = scene.codes(world.it, 1)
    survey_clock.step = FIVE_SECONDS
    answer(link, PARTNER, save_at_end=True)  # saved, to finish later
    survey_clock.moment += 24 * 60 * 60  # the next day, five seconds to finish
    answer(link, PARTNER)
    stored = Ballot.objects.get()
    assert stored.seconds == SECONDS_CEILING
