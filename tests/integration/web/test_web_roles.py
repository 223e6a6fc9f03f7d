"""Roles: the owner decides about the organization, facilitators run it, viewers read.

Which pages each role reaches is tried for every URL in test_web_tenancy.py; here are the
owner's actions themselves and the rule that an organization always keeps an owner.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from tests.integration.web.builders import World, make_user
from tests.integration.web.survey_builders import make_code, make_round

from parity.web.accounts.colleague_invites import accept_invite
from parity.web.accounts.models import Invite, create_invite
from parity.web.orgs.members import LastOwnerError, change_role
from parity.web.orgs.models import Membership, Organization, Role
from parity.web.surveys.models import Response


def _membership(world: World, user: User) -> Membership:
    return Membership.objects.get(organization=world.org_a, user=user)


def _owner_membership(world: World) -> Membership:
    return Membership.objects.get(organization=world.org_a, role=Role.OWNER)


def test_the_owner_lists_members_and_pending_invitations(world: World, owner: Client) -> None:
    create_invite(world.org_a, "nina@example.org", Role.FACILITATOR, world.facilitator)
    page = owner.get(reverse("orgs:members", args=["org-a"])).content.decode()
    for expected in ("fiona", "victor", "oona (you)", "nina@example.org", "Withdraw"):
        assert expected in page


def test_the_owner_changes_a_role(world: World, owner: Client) -> None:
    viewer = _membership(world, world.viewer)
    url = reverse("orgs:member-role", args=["org-a", viewer.pk])
    response = owner.post(url, {f"m{viewer.pk}-role": "facilitator"})
    assert response["Location"] == reverse("orgs:members", args=["org-a"])
    viewer.refresh_from_db()
    assert viewer.role == Role.FACILITATOR


def test_the_owner_makes_another_owner_then_steps_down(world: World, owner: Client) -> None:
    fiona = _membership(world, world.facilitator)
    made = owner.post(
        reverse("orgs:member-role", args=["org-a", fiona.pk]),
        {f"m{fiona.pk}-role": "owner"},
        follow=True,
    )
    assert "fiona is now an owner." in made.content.decode()
    me = Membership.objects.get(user__username="oona")
    response = owner.post(
        reverse("orgs:member-role", args=["org-a", me.pk]), {f"m{me.pk}-role": "viewer"}
    )
    assert response["Location"] == reverse("orgs:detail", args=["org-a"])
    owners = world.org_a.memberships.filter(role=Role.OWNER).values_list("user__username")
    assert list(owners) == [("fiona",)]
    assert owner.get(reverse("orgs:members", args=["org-a"])).status_code == 403


def test_the_last_owner_cannot_step_down_or_leave(world: World, owner: Client) -> None:
    me = _owner_membership(world)
    role_url = reverse("orgs:member-role", args=["org-a", me.pk])
    response = owner.post(role_url, {f"m{me.pk}-role": "facilitator"}, follow=True)
    assert "needs at least one owner" in response.content.decode()
    owner.post(reverse("orgs:member-remove", args=["org-a", me.pk]))
    me.refresh_from_db()
    assert me.role == Role.OWNER


def test_the_rule_holds_below_the_pages(world: World, owner: Client) -> None:
    me = _owner_membership(world)
    with pytest.raises(LastOwnerError, match="Org A needs at least one owner"):
        change_role(me, Role.VIEWER)


def test_the_owner_removes_a_member(world: World, owner: Client) -> None:
    viewer = _membership(world, world.viewer)
    url = reverse("orgs:member-remove", args=["org-a", viewer.pk])
    assert "can no longer see Org A" in owner.get(url).content.decode()
    owner.post(url)
    assert not Membership.objects.filter(pk=viewer.pk).exists()
    removed = Client()
    removed.force_login(world.viewer)
    assert removed.get(reverse("orgs:detail", args=["org-a"])).status_code == 404


def test_an_owner_leaves_when_another_owner_remains(world: World, owner: Client) -> None:
    change_role(_membership(world, world.facilitator), Role.OWNER)
    me = Membership.objects.get(user__username="oona")
    response = owner.post(reverse("orgs:member-remove", args=["org-a", me.pk]))
    assert response["Location"] == reverse("orgs:list")
    assert not Membership.objects.filter(pk=me.pk).exists()


def test_the_owner_withdraws_an_invitation(world: World, owner: Client) -> None:
    invite, token = create_invite(world.org_a, "nina@example.org", Role.VIEWER, None)
    owner.post(reverse("orgs:invite-withdraw", args=["org-a", invite.pk]))
    assert not Invite.objects.exists()
    assert Client().get(reverse("accounts:accept", args=[token])).status_code == 404


def test_the_owner_changes_the_settings(world: World, owner: Client) -> None:
    form = {"name": "Org A renamed", "score_threshold": 6, "text_threshold": 8}
    owner.post(reverse("orgs:settings", args=["org-a"]), form)
    world.org_a.refresh_from_db()
    assert (world.org_a.name, world.org_a.score_threshold, world.org_a.text_threshold) == (
        "Org A renamed",
        6,
        8,
    )
    below = owner.post(reverse("orgs:settings", args=["org-a"]), {**form, "score_threshold": 2})
    assert below.status_code == 200
    world.org_a.refresh_from_db()
    assert world.org_a.score_threshold == 6


def test_the_owner_deletes_the_organization_with_its_answers(world: World, owner: Client) -> None:
    round_ = make_round(world.org_a, [world.relationship])
    make_code(round_, world.relationship, world.it)
    Response.objects.create(
        round=round_, relationship=world.relationship, party=world.it, about=world.sales
    )
    page = owner.get(reverse("orgs:delete", args=["org-a"])).content.decode()
    assert "1 answered survey" in page
    assert "1 round with its invitations" in page
    refused = owner.post(reverse("orgs:delete", args=["org-a"]), {"name": "org"})
    assert refused.status_code == 200
    assert "Type the organization&#x27;s name" in refused.content.decode()
    assert Response.objects.exists()
    name = world.org_a.name
    response = owner.post(reverse("orgs:delete", args=["org-a"]), {"name": f" {name} "})
    assert response["Location"] == reverse("orgs:list")
    assert not Organization.objects.filter(slug="org-a").exists()
    assert not Response.objects.exists()
    assert Organization.objects.filter(slug="org-b").exists()


def test_facilitators_and_viewers_see_no_owner_links(
    world: World, facilitator: Client, viewer: Client, owner: Client
) -> None:
    detail = reverse("orgs:detail", args=["org-a"])
    members = reverse("orgs:members", args=["org-a"])
    assert members in owner.get(detail).content.decode()
    assert members not in facilitator.get(detail).content.decode()
    assert members not in viewer.get(detail).content.decode()


def test_a_facilitator_still_runs_the_organization(world: World, facilitator: Client) -> None:
    create = reverse("orgs:party-create", args=["org-a"])
    assert (
        facilitator.post(
            create, {"name": "Legal", "kind": "department", "function": "legal"}
        ).status_code
        == 302
    )
    invite = reverse("accounts:invite", args=["org-a"])
    facilitator.post(invite, {"email": "nina@example.org", "role": "viewer"})
    assert len(mail.outbox) == 1


def test_colleagues_are_not_invited_as_owners(world: World, facilitator: Client) -> None:
    invite = reverse("accounts:invite", args=["org-a"])
    response = facilitator.post(invite, {"email": "nina@example.org", "role": "owner"})
    assert response.status_code == 200
    assert not Invite.objects.exists()


def test_an_invitation_never_demotes(world: World, owner: Client) -> None:
    invite, _ = create_invite(world.org_a, "oona@example.org", Role.VIEWER, None)
    oona = User.objects.get(username="oona")
    assert accept_invite(invite, oona)
    assert Membership.objects.get(user=oona, organization=world.org_a).role == Role.OWNER
    newcomer = make_user("nina")
    upgrade, _ = create_invite(world.org_a, "nina@example.org", Role.FACILITATOR, None)
    Membership.objects.create(user=newcomer, organization=world.org_a, role=Role.VIEWER)
    assert accept_invite(upgrade, newcomer)
    assert Membership.objects.get(user=newcomer, organization=world.org_a).role == Role.FACILITATOR


def test_the_creator_of_an_organization_owns_it(world: World, viewer: Client) -> None:
    viewer.post(reverse("orgs:create"), {"name": "Mine", "score_threshold": 5, "text_threshold": 7})
    assert Membership.objects.get(organization__name="Mine").role == Role.OWNER
    assert viewer.get(reverse("orgs:members", args=["mine"])).status_code == 200
