"""A measure answered by one person: the side is large enough, the measure is not.

A side of seven meets the threshold, but if only one of the seven answered the direction,
deference and trust items, the side's scores on those constructs are that one person's answers.
The promise: the threshold counts the people behind each number, so such a construct (and
every figure resting on it) is not shown, while the constructs all seven answered are.

The attack is differential: two organizations run the same round with the same answers, except
for what the lone respondent said on those seven items. Any published number that differs
between the two is a number that repeats the lone respondent's answers.
"""

from __future__ import annotations

from django.test import Client
from tests.integration.web.attacks.kit import (
    CONSTRUCTS,
    PARTNER,
    Scene,
    Views,
    answer,
    ballots,
    differences,
    side_scores,
    signed_in,
)
from tests.integration.web.builders import World, make_org, make_party, make_relationship

from parity.web.orgs.models import Organization, Relationship, Role

#: Answered by one IT respondent only.
LONE_ITEMS = ("def1", "def2", "dir1", "dir2", "trs1", "trs2", "trs3")
LONE_CONSTRUCTS = {"DEF", "DIR", "TRS"}
#: What the lone respondent said in the first organization, and in the second.
SAYS_DIRECTS = {"def1": 1, "def2": 1, "dir1": 7, "dir2": 7, "trs1": 7, "trs2": 7, "trs3": 1}
SAYS_DEFERS = {"def1": 7, "def2": 7, "dir1": 1, "dir2": 1, "trs1": 1, "trs2": 1, "trs3": 7}
#: The other six IT respondents: partners who leave the seven items out.
QUIET = {item: (None if item in LONE_ITEMS else value) for item, value in PARTNER.items()}


def _round_with_a_lone_answer(
    facilitator: Client, reader: Client, slug: str, lone: dict[str, int]
) -> Views:
    """A closed round of ``slug``'s Sales-IT relationship: seven IT respondents, of whom only
    the first answered :data:`LONE_ITEMS` (with ``lone``), and five Sales respondents."""
    relationship = Relationship.objects.select_related("party_a", "party_b").get(
        organization__slug=slug
    )
    scene = Scene.open(facilitator, slug, relationship)
    sales, it = relationship.party_a, relationship.party_b
    it_links = scene.codes(it, 7)
    answer(it_links[0], {**PARTNER, **lone})
    for link, items in zip(it_links[1:], ballots(QUIET, 6), strict=True):
        answer(link, items)
    for link, items in zip(scene.codes(sales, 5), ballots(PARTNER, 5), strict=True):
        answer(link, items)
    scene.close()
    return scene.views(reader)


def test_a_construct_answered_by_one_person_is_not_shown(world: World, facilitator: Client) -> None:
    # A second organization run by the same facilitator, mapped the same way as org A.
    org_c: Organization = make_org("Org C", "org-c", fiona=Role.FACILITATOR)
    make_relationship(make_party(org_c, "Sales"), make_party(org_c, "IT"))
    reader = signed_in(world.facilitator)

    directs = _round_with_a_lone_answer(facilitator, reader, "org-a", SAYS_DIRECTS)
    defers = _round_with_a_lone_answer(facilitator, reader, "org-c", SAYS_DEFERS)

    for views in (directs, defers):
        shown = side_scores(views.api, "IT")
        leaked = {code: shown[code] for code in LONE_CONSTRUCTS & shown.keys()}
        assert not leaked, f"one respondent's answers published as IT's scores: {leaked}"
        missing = (set(CONSTRUCTS) - LONE_CONSTRUCTS) - shown.keys()
        assert not missing, f"constructs all seven answered are not shown: {sorted(missing)}"
    changed = differences(directs, defers)
    assert not changed, f"published numbers follow the lone respondent's answers: {changed}"
