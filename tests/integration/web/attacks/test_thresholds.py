"""Thresholds lowered after the answers: make a hidden group visible by changing the settings.

Respondents were told their side is shown only from a threshold on (the invitation e-mail says
so). An owner who lowers the organization's thresholds once the answers are in would show a
side of four, or quote a side of six, that the respondents answered as hidden. The promise:
whatever happens to the settings later, nothing hidden in a round becomes visible in it.
The settings are changed as an owner does (the settings page) and, in case the page refuses,
on the organization's row directly, as a careless migration or script might.
"""

from __future__ import annotations

from django.test import Client
from tests.integration.web.attacks.kit import (
    PARTNER,
    PARTNER_TEXT,
    Scene,
    Views,
    answer,
    ballots,
    differences,
    side_scores,
    signed_in,
)
from tests.integration.web.builders import World

from parity.web.orgs.models import Organization

#: Six IT respondents' answers to "purpose": distinct, each reads as a partner's (so each is a
#: candidate quote), and each carries a word found nowhere else.
SIX_VOICES = [
    f"Quokka{name}: " + PARTNER_TEXT.format(other="Sales")
    for name in ("Amber", "Basil", "Cedar", "Delta", "Ember", "Flint")
]


def _lower(owner: Client, **thresholds: int) -> None:
    """The owner lowers the thresholds on the settings page, then on the row itself."""
    current = Organization.objects.get(slug="org-a")
    wanted = {
        "name": current.name,
        "score_threshold": current.score_threshold,
        "text_threshold": current.text_threshold,
        **thresholds,
    }
    owner.post("/orgs/org-a/settings/", {k: str(v) for k, v in wanted.items()})
    Organization.objects.filter(slug="org-a").update(**thresholds)


def _quokkas(views: Views) -> list[str]:
    """The six IT writers' words found anywhere in the published views."""
    text = views.all_text()
    return [word for word in (v.split(":")[0] for v in SIX_VOICES) if word in text]


def test_lowering_the_quote_threshold_after_the_answers_quotes_nobody(
    world: World, facilitator: Client, owner: Client
) -> None:
    reader = signed_in(world.facilitator)
    scene = Scene.open(facilitator, "org-a", world.relationship)
    for link, voice in zip(scene.codes(world.it, 6), SIX_VOICES, strict=True):
        answer(link, PARTNER, {"purpose": voice})
    for link, items in zip(scene.codes(world.sales, 5), ballots(PARTNER, 5), strict=True):
        answer(link, items)
    scene.close()
    before = scene.views(reader)
    assert side_scores(before.api, "IT"), "IT's six respondents meet the score threshold of 5"
    assert _quokkas(before) == [], "six writers are below the quote threshold of 7"

    _lower(owner, text_threshold=3)
    after = scene.views(reader)
    assert _quokkas(after) == [], "quotes of a side of six appeared after the threshold fell to 3"


def test_lowering_the_score_threshold_after_the_answers_shows_no_hidden_side(
    world: World, facilitator: Client, owner: Client
) -> None:
    reader = signed_in(world.facilitator)
    scene = Scene.open(facilitator, "org-a", world.relationship)
    for link, items in zip(scene.codes(world.it, 4), ballots(PARTNER, 4), strict=True):
        answer(link, items, {"purpose": SIX_VOICES[0]})
    for link, items in zip(scene.codes(world.sales, 5), ballots(PARTNER, 5), strict=True):
        answer(link, items)
    scene.close()
    before = scene.views(reader)
    assert side_scores(before.api, "IT") == {}, "four IT respondents are below the threshold of 5"
    assert side_scores(before.api, "Sales"), "Sales' five meet it"

    _lower(owner, score_threshold=3)
    after = scene.views(reader)
    assert side_scores(after.api, "IT") == {}, "a side of four appeared after the threshold fell"
    assert not differences(before, after), "the published numbers changed with the settings"
