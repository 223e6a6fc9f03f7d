"""Ask: a facilitator opens a round, invites each side by e-mail or with codes, watches counts."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.integration.web.builders import World, make_party, make_relationship
from tests.integration.web.survey_builders import make_code, make_round

from parity.web.surveys.codes import code_hash
from parity.web.surveys.models import Invitation, InvitationKind, Response, Round, RoundState
from parity.web.tokens import hash_token

MOMENT = "%Y-%m-%dT%H:%M"


def _round_url(name: str, round_: Round) -> str:
    return reverse(f"surveys:{name}", args=[round_.organization.slug, round_.pk])


def _open_round(client: Client, world: World, **changes: object) -> Round:
    now = timezone.localtime()
    data = {
        "name": "Autumn review",
        "opens_at": (now - timedelta(hours=1)).strftime(MOMENT),
        "closes_at": (now + timedelta(days=14)).strftime(MOMENT),
        "relationships": [world.relationship.pk],
        **changes,
    }
    response = client.post(reverse("surveys:round-create", args=["org-a"]), data)
    assert response.status_code == 302, response.content.decode()
    return Round.objects.get(name=data["name"])


def _side(world: World, party: str = "it") -> str:
    return f"{world.relationship.pk}-{getattr(world, party).pk}"


def _send(client: Client, round_: Round, side: str, emails: str) -> Any:
    return client.post(
        _round_url("round-invite", round_), {"send": "1", "mail-side": side, "mail-emails": emails}
    )


def _codes(client: Client, round_: Round, side: str, count: int) -> str:
    """Make a batch of codes; the sheet that the browser is sent to (POST/redirect/GET)."""
    response = client.post(
        _round_url("round-invite", round_),
        {"make": "1", "codes-side": side, "codes-count": count},
        follow=True,
    )
    assert response.status_code == 200
    assert "/codes/" in response.redirect_chain[-1][0]
    return str(response.content.decode())


def test_a_facilitator_opens_a_round_for_chosen_relationships(
    world: World, facilitator: Client
) -> None:
    made = _open_round(facilitator, world)
    assert made.organization == world.org_a
    assert list(made.relationships.all()) == [world.relationship]
    assert made.state is RoundState.OPEN
    page = facilitator.get(_round_url("round-detail", made)).content.decode()
    assert "Autumn review" in page
    assert "Invite respondents" in page


def test_the_new_round_form_starts_with_both_dates_filled(
    world: World, facilitator: Client
) -> None:
    """A browser refuses a required empty date field: the form must propose both dates."""
    page = facilitator.get(
        reverse("surveys:round-create", args=[world.org_a.slug])
    ).content.decode()
    for field in ("opens_at", "closes_at"):
        tag = re.search(rf'<input[^>]*name="{field}"[^>]*>', page)
        assert tag is not None
        assert re.search(r'value="\d{4}-\d\d-\d\dT\d\d:\d\d', tag.group(0))


def test_a_round_must_close_after_it_opens(world: World, facilitator: Client) -> None:
    now = timezone.localtime()
    data = {
        "name": "Backwards",
        "opens_at": now.strftime(MOMENT),
        "closes_at": (now - timedelta(days=1)).strftime(MOMENT),
        "relationships": [world.relationship.pk],
    }
    response = facilitator.post(reverse("surveys:round-create", args=["org-a"]), data)
    assert response.status_code == 200
    assert "must close after it opens" in response.content.decode()
    assert not Round.objects.exists()


def test_a_round_cannot_take_another_organizations_relationship(
    world: World, facilitator: Client
) -> None:
    finance = world.org_b.parties.get()
    other = make_relationship(finance, make_party(world.org_b, "Legal"))
    data = {"name": "Sneaky", "opens_at": "2030-01-01T10:00", "closes_at": "2030-02-01T10:00"}
    response = facilitator.post(
        reverse("surveys:round-create", args=["org-a"]), {**data, "relationships": [other.pk]}
    )
    assert response.status_code == 200
    assert not Round.objects.exists()


def test_email_invitations_carry_single_use_links_naming_the_other_party(
    world: World, facilitator: Client
) -> None:
    made = _open_round(facilitator, world)
    response = _send(
        facilitator, made, _side(world), "ann@example.org\nBen@example.org, ann@example.org"
    )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["Ben@example.org", "ann@example.org"]
    tokens = set()
    for message in mail.outbox:
        assert "Sales" in message.subject
        assert "members of IT" in message.body
        assert timezone.localtime(made.closes_at).strftime("%Y") in message.body
        link = re.search(r"http://testserver/s/([\w-]+)/", message.body)
        assert link is not None
        tokens.add(link.group(1))
    assert len(tokens) == 2
    invitations = Invitation.objects.filter(round=made)
    assert {i.token_hash for i in invitations} == {hash_token(t) for t in tokens}
    assert all(i.kind == InvitationKind.EMAIL and i.party == world.it for i in invitations)
    stored = str(list(invitations.values_list()))
    assert not any(token in stored for token in tokens)


def test_the_same_address_is_not_invited_twice(world: World, facilitator: Client) -> None:
    made = _open_round(facilitator, world)
    _send(facilitator, made, _side(world), "ann@example.org")
    again = _send(facilitator, made, _side(world, "sales"), "ANN@example.org")
    assert "Already invited to this round: ANN@example.org" in again.content.decode()
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_wrong_address_is_named_and_nothing_is_sent(world: World, facilitator: Client) -> None:
    made = _open_round(facilitator, world)
    response = _send(facilitator, made, _side(world), "ann@example.org not-an-address")
    assert "Not an e-mail address: not-an-address." in response.content.decode()
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_a_code_sheet_shows_hashed_codes(world: World, facilitator: Client) -> None:
    made = _open_round(facilitator, world)
    page = _codes(facilitator, made, _side(world, "sales"), 6)
    links = set(re.findall(r"http://testserver/s/([\w-]+)/", page))
    assert len(links) == 6
    assert "Done, I've printed them" in page
    assert "working with IT" in page
    invitations = Invitation.objects.filter(round=made, party=world.sales)
    assert {i.token_hash for i in invitations} == {code_hash(t) for t in links}
    assert all(i.kind == InvitationKind.CODE and i.email is None for i in invitations)
    assert "no-store" in facilitator.get(_round_url("round-invite", made))["Cache-Control"]
    later = facilitator.get(_round_url("round-detail", made)).content.decode()
    assert not any(token in later for token in links)


def test_the_invite_page_can_start_with_a_side_chosen(world: World, facilitator: Client) -> None:
    made = _open_round(facilitator, world)
    detail = facilitator.get(_round_url("round-detail", made)).content.decode()
    query = f"?side={_side(world, 'sales')}"
    assert _round_url("round-invite", made) + query in detail
    page = facilitator.get(_round_url("round-invite", made) + query).content.decode()
    assert f'<option value="{_side(world, "sales")}" selected>' in page


def test_a_code_batch_has_bounds(world: World, facilitator: Client) -> None:
    made = _open_round(facilitator, world)
    response = facilitator.post(
        _round_url("round-invite", made),
        {"make": "1", "codes-side": _side(world), "codes-count": 0},
    )
    assert "greater than or equal to 1" in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_round_page_shows_counts_only(world: World, facilitator: Client) -> None:
    made = _open_round(facilitator, world)
    _send(facilitator, made, _side(world), "ann@example.org\nben@example.org")
    for _ in range(5):
        make_code(made, world.relationship, world.sales)
    Response.objects.create(
        round=made, relationship=world.relationship, party=world.sales, about=world.it
    )
    used = Invitation.objects.filter(party=world.sales).first()
    assert used is not None
    used.used_at = timezone.now()
    used.save()
    page = facilitator.get(_round_url("round-detail", made)).content.decode()
    assert "1 of 5 invitations used" in page
    assert "4 more needed" in page
    # IT has only two invitations: below the threshold of 5, its count is not shown at all.
    assert "Not shown: fewer than 5 invitations" in page
    assert "Invite at least 3 more" in page
    assert "ann@example.org" not in page
    assert "ben@example.org" not in page


def test_a_viewer_sees_counts_but_cannot_open_or_invite(world: World, viewer: Client) -> None:
    made = make_round(world.org_a, [world.relationship])
    page = viewer.get(_round_url("round-detail", made)).content.decode()
    assert "Participation" in page
    assert "Invite respondents" not in page
    assert viewer.get(reverse("surveys:round-list", args=["org-a"])).status_code == 200
    assert viewer.post(reverse("surveys:round-create", args=["org-a"]), {}).status_code == 403
    response = viewer.post(
        _round_url("round-invite", made),
        {"make": "1", "codes-side": _side(world), "codes-count": 3},
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert viewer.post(_round_url("round-close", made)).status_code == 403
    assert made.state is RoundState.OPEN


@pytest.mark.parametrize("name", ["round-detail", "round-edit", "round-close", "round-invite"])
def test_an_outsider_gets_404_on_round_pages(name: str, world: World, outsider: Client) -> None:
    made = make_round(world.org_a, [world.relationship])
    assert outsider.get(_round_url(name, made)).status_code == 404
    assert outsider.post(_round_url(name, made), {"make": "1"}).status_code == 404
    assert outsider.get(reverse("surveys:round-list", args=["org-a"])).status_code == 404


def test_a_round_of_another_organization_is_not_found_through_mine(
    world: World, outsider: Client
) -> None:
    """Org B's facilitator asks for org A's round under org B's own slug."""
    made = make_round(world.org_a, [world.relationship])
    url = reverse("surveys:round-detail", args=["org-b", made.pk])
    assert outsider.get(url).status_code == 404


def test_closing_a_round_early_stops_its_links(world: World, facilitator: Client) -> None:
    made = make_round(world.org_a, [world.relationship])
    token = make_code(made, world.relationship, world.it)
    assert Client().get(reverse("surveys:answer", args=[token])).status_code == 200
    assert facilitator.get(_round_url("round-close", made)).status_code == 200
    facilitator.post(_round_url("round-close", made))
    made.refresh_from_db()
    assert made.state is RoundState.CLOSED
    assert Client().get(reverse("surveys:answer", args=[token])).status_code == 410


def test_a_scheduled_round_is_not_closed_but_its_dates_change(
    world: World, facilitator: Client
) -> None:
    made = make_round(world.org_a, [world.relationship], opens_in=timedelta(days=3))
    response = facilitator.post(_round_url("round-close", made), follow=True)
    assert "is not open" in response.content.decode()
    now = timezone.localtime()
    dates = {
        "opens_at": (now - timedelta(days=1)).strftime(MOMENT),
        "closes_at": (now + timedelta(days=30)).strftime(MOMENT),
    }
    assert facilitator.post(_round_url("round-edit", made), dates).status_code == 302
    made.refresh_from_db()
    assert made.state is RoundState.OPEN
    backwards = {"opens_at": dates["closes_at"], "closes_at": dates["opens_at"]}
    assert facilitator.post(_round_url("round-edit", made), backwards).status_code == 200


def test_the_organization_page_links_to_the_rounds(world: World, facilitator: Client) -> None:
    page = facilitator.get(reverse("orgs:detail", args=["org-a"])).content.decode()
    assert reverse("surveys:round-list", args=["org-a"]) in page
    assert reverse("surveys:round-create", args=["org-a"]) in page


def test_the_round_page_shows_responses_by_day_only_where_counts_show(
    world: World, facilitator: Client
) -> None:
    now = timezone.localtime()
    made = _open_round(facilitator, world, opens_at=(now - timedelta(days=2)).strftime(MOMENT))
    for _ in range(5):
        make_code(made, world.relationship, world.sales)
    _send(facilitator, made, _side(world), "ann@example.org")  # IT: 1 invitation, no count
    # Two used the day before yesterday, one today.
    for invitation, ago in zip(
        Invitation.objects.filter(party=world.sales), (2, 2, 0), strict=False
    ):
        invitation.used_at = now - timedelta(days=ago)
        invitation.save()
    Invitation.objects.filter(party=world.it).update(used_at=now)
    page = facilitator.get(_round_url("round-detail", made)).content.decode()
    day = [(now - timedelta(days=n)).strftime("%-d %b").lstrip() for n in (2, 1, 0)]
    sentence = f"Responses of Sales by the end of each day: {day[0]}: 2, {day[1]}: 2, {day[2]}: 3."
    assert f'aria-label="{sentence}"' in page
    assert page.count('class="by-day"') == 1  # IT's side, under the threshold, has none
    assert "Responses of IT" not in page
    # Days only: no time of day in the sentence or the bars.
    assert now.strftime("%H:%M") not in sentence


def test_no_bars_before_anyone_answered(world: World, facilitator: Client) -> None:
    made = _open_round(facilitator, world)
    for _ in range(5):
        make_code(made, world.relationship, world.sales)
    page = facilitator.get(_round_url("round-detail", made)).content.decode()
    assert "0 of 5 invitations used" in page
    assert 'class="by-day"' not in page
