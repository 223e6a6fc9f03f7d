"""A round that asks TPI-2: comparisons shown with their own ends, answers scored by TPI-2's
rules, and its added constructs in the results; the rounds that asked TPI-1 keep theirs."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from tests.integration.web.builders import World, page_text
from tests.integration.web.insights_builders import answer, make_results_round
from tests.integration.web.survey_builders import make_code, make_round

from parity.core.instrument import shipped_instrument
from parity.web.surveys.answering import survey_pages
from parity.web.surveys.models import item_fields

TPI2 = shipped_instrument("TPI-2")


def _partner_answers() -> dict[str, int]:
    """A partner's answers to TPI-2: agree (6) with what builds a partnership, disagree (2)
    with its reverse-keyed statements and with alternatives, deference, direction and the
    transactional; "about the same" (4) on every comparison."""
    against = {"ALT", "DEF", "DIR", "TRX"}
    answers = {}
    for item in TPI2.items:
        high = (item.construct in against) == item.reverse
        answers[item.id.lower()] = 4 if item.compares else (6 if high else 2)
    return answers


def test_a_comparison_is_asked_with_its_own_ends(world: World) -> None:
    asking = make_round(world.org_a, [world.relationship])
    asking.instrument = "TPI-2"
    asking.save()
    link = reverse("surveys:answer", args=[make_code(asking, world.relationship, world.it)])
    first = " ".join(page_text(Client(), link).split())
    assert "Who has more riding on how the work between you turns out?" in first
    assert "1 = Sales has far more riding on it" in first
    assert "4 = About the same" in first
    assert "7 = We have far more riding on it" in first
    assert "a question that compares you with Sales shows its own ends" in first
    count = len(survey_pages("TPI-2"))
    last = page_text(Client(), f"{link}?page={count}")
    assert f"You answered 0 of {len(TPI2.items)} statements" in last


def test_a_tpi1_rounds_survey_says_nothing_of_comparisons(world: World) -> None:
    asking = make_round(world.org_a, [world.relationship])
    link = reverse("surveys:answer", args=[make_code(asking, world.relationship, world.it)])
    assert "compares you with" not in page_text(Client(), link)


def test_tpi2_answers_are_scored_by_its_rules_and_its_constructs_shown(
    world: World, facilitator: Client
) -> None:
    finished = make_results_round(world.org_a, [world.relationship])
    finished.instrument = "TPI-2"
    finished.save()
    partner = _partner_answers()
    answer(finished, world.relationship, world.sales, 5, answers=partner)
    answer(finished, world.relationship, world.it, 5, answers={**partner, "voi3": 1, "val3": 7})
    api = facilitator.get(f"/api/orgs/{world.org_a.slug}/rounds/{finished.pk}/results").json()
    assert api["instrument"] == {"id": "TPI-2", "version": TPI2.version}
    (result,) = api["relationships"]
    sales, it = result["sides"]["Sales"]["scores"], result["sides"]["IT"]["scores"]
    for code in ("COMM", "KNOW", "RESP", "EXIT"):
        assert sales[code] == 83, code  # agreeing (6) throughout, reversed items 2: 5/6
    # RISK1 agreed (83.3), RISK2 and RISK3 "about the same" (100): their mean.
    assert sales["RISK"] == 94
    assert sales["RISK"] == it["RISK"]
    # IT says Sales has far more say (voice falls) and that Sales values IT's work far more
    # than its own (value stays full: having more is not having less).
    assert it["VOI"] < sales["VOI"]
    assert it["VAL"] == sales["VAL"]
    url = reverse(
        "insights:relationship", args=[world.org_a.slug, finished.pk, world.relationship.pk]
    )
    shown = page_text(facilitator, url)
    assert "communication 83" in shown
    assert "governance and exit 83" in shown


def test_the_survey_fields_of_a_tpi2_round_are_tpi2s_items() -> None:
    fields = item_fields(TPI2)
    assert "stk4" in fields
    assert "stk2" not in fields
