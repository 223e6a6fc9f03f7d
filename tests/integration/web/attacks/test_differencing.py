"""Differencing over time: read the results, wait for one more answer, read again.

While a round is open, a side of five that becomes six moves each of its means by the sixth
person's answers alone: ``6·score₆ − 5·score₅`` gives that person's construct scores back.
The promise: results are published only for a closed round (an open round shows counts, not
scores), and a closed round takes no more answers, so no two published views of a round ever
differ in any side's number.
"""

from __future__ import annotations

from django.test import Client
from tests.integration.web.attacks.kit import (
    PARTNER,
    SERVANT,
    Scene,
    Views,
    answer,
    ballots,
    differences,
    side_scores,
    signed_in,
    try_to_answer,
)
from tests.integration.web.builders import World


def _reconstruction(five: Views, six: Views) -> str:
    """The attacker's estimate of the sixth IT respondent's construct scores, for the report."""
    before, after = side_scores(five.api, "IT"), side_scores(six.api, "IT")
    estimates = {c: round(6 * after[c] - 5 * before[c]) for c in before.keys() & after.keys()}
    return f"6·score₆ − 5·score₅ for IT gives back the sixth respondent: {estimates}"


def test_no_two_published_views_differ_by_one_respondent(world: World, facilitator: Client) -> None:
    reader = signed_in(world.facilitator)
    scene = Scene.open(facilitator, "org-a", world.relationship)
    it_links = scene.codes(world.it, 7)
    for link, items in zip(scene.codes(world.sales, 5), ballots(PARTNER, 5), strict=True):
        answer(link, items)
    for link, items in zip(it_links[:5], ballots(PARTNER, 5), strict=True):
        answer(link, items)
    five = scene.views(reader)

    answer(it_links[5], SERVANT)  # the sixth IT respondent, whose answers the attacker wants
    six = scene.views(reader)
    changed = differences(five, six, recounted=[(5, 6)])
    assert not changed, f"{_reconstruction(five, six)}; what moved: {changed}"

    scene.close()
    closed = scene.views(reader)
    assert not try_to_answer(it_links[6], SERVANT), "a closed round took another answer"
    again = scene.views(reader)
    assert not differences(closed, again)
    for moment in (five, six):
        assert not moment.api_results, "an open round's API answer holds results"
    assert closed.api_results, "a closed round with enough answers publishes its results"


def test_an_open_round_publishes_no_score(world: World, facilitator: Client) -> None:
    """The same promise read directly: with both sides well over the threshold, nothing but
    counts is published until the round closes."""
    reader = signed_in(world.facilitator)
    scene = Scene.open(facilitator, "org-a", world.relationship)
    for link in scene.codes(world.it, 8) + scene.codes(world.sales, 8):
        answer(link, PARTNER)
    open_views = scene.views(reader)
    for party in ("IT", "Sales"):
        shown = side_scores(open_views.api, party)
        assert not shown, f"the API shows {party}'s scores while the round is open: {shown}"
    assert not open_views.api_results, f"published while open: {open_views.api_results}"
