"""Colleague invitations as an attacker meets them: a forwarded or leaked link, an old link,
and a facilitator who muddles roles with duplicate invitations."""

from __future__ import annotations

import re
from datetime import timedelta

from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.integration.web.builders import World, make_user

from parity.web.accounts.models import INVITE_DAYS, Invite
from parity.web.orgs.models import Membership, Role


def _invite(client: Client, email: str, role: str = "facilitator") -> str:
    response = client.post(
        reverse("accounts:invite", args=["org-a"]), {"email": email, "role": role}
    )
    assert response.status_code == 302, response.content.decode()
    link = re.search(r"http://testserver(/accounts/invite/\S+/)", str(mail.outbox[-1].body))
    assert link is not None
    return link.group(1)


def test_a_foreign_signed_in_user_cannot_use_the_link(
    world: World, facilitator: Client, outsider: Client
) -> None:
    link = _invite(facilitator, "nina@example.org")
    for response in (outsider.get(link), outsider.post(link)):
        assert response.status_code == 403
        page = response.content.decode()
        assert "for another account" in page
        for secret in ("Org A", "org-a", "facilitator", "nina@example.org", "fiona"):
            assert secret not in page
    assert not Membership.objects.filter(user=world.outsider, organization=world.org_a).exists()
    # The link still works for the invited address.
    assert Invite.objects.get().usable


def test_the_invited_address_joins_in_any_letter_case(world: World, facilitator: Client) -> None:
    link = _invite(facilitator, "Nina@Example.ORG")
    nina = User.objects.create_user("nina", "nina@example.org", password=None)
    client = Client()
    client.force_login(nina)
    assert "Join as nina" in client.get(link).content.decode()
    assert client.post(link).status_code == 302
    assert Membership.objects.get(user=nina, organization=world.org_a).role == Role.FACILITATOR


def test_an_account_with_the_address_must_sign_in_not_sign_up(
    world: World, facilitator: Client
) -> None:
    link = _invite(facilitator, "nina@example.org")
    make_user("nina")
    form = {
        "username": "nina-two",
        "password1": "a long passphrase 42",
        "password2": "a long passphrase 42",
    }
    page = Client().post(link, form).content.decode()
    assert "sign in" in page
    assert not User.objects.filter(username="nina-two").exists()


def test_an_expired_link_says_so(world: World, facilitator: Client) -> None:
    link = _invite(facilitator, "nina@example.org")
    invite = Invite.objects.get()
    assert invite.expires_at - invite.created_at == timedelta(days=INVITE_DAYS) or abs(
        (invite.expires_at - invite.created_at) - timedelta(days=INVITE_DAYS)
    ) < timedelta(seconds=5)
    Invite.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    nina = make_user("nina")
    client = Client()
    client.force_login(nina)
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 410
        assert "has expired" in response.content.decode()
    assert not Membership.objects.filter(user=nina).exists()


def test_the_link_works_for_seven_days() -> None:
    assert INVITE_DAYS == 7


def test_nobody_invites_themselves(world: World, facilitator: Client) -> None:
    response = facilitator.post(
        reverse("accounts:invite", args=["org-a"]), {"email": "FIONA@example.org", "role": "viewer"}
    )
    assert response.status_code == 200
    assert "your own address" in response.content.decode()
    assert not Invite.objects.exists()
    assert not mail.outbox
    assert Membership.objects.get(user=world.facilitator).role == Role.FACILITATOR


def test_a_member_is_not_invited_again(world: World, facilitator: Client) -> None:
    response = facilitator.post(
        reverse("accounts:invite", args=["org-a"]),
        {"email": "victor@example.org", "role": "facilitator"},
    )
    assert response.status_code == 200
    assert "already" in response.content.decode()
    assert not Invite.objects.exists()
    assert Membership.objects.get(user=world.viewer, organization=world.org_a).role == Role.VIEWER


def test_a_second_invitation_replaces_the_first(world: World, facilitator: Client) -> None:
    first = _invite(facilitator, "nina@example.org", role="facilitator")
    second = _invite(facilitator, "NINA@example.org", role="viewer")
    assert Invite.objects.count() == 1
    nina = make_user("nina")
    client = Client()
    client.force_login(nina)
    assert client.post(first).status_code == 404
    assert client.post(second).status_code == 302
    assert Membership.objects.get(user=nina, organization=world.org_a).role == Role.VIEWER


def test_an_invitation_to_another_organization_is_kept(
    world: World, facilitator: Client, outsider: Client
) -> None:
    _invite(facilitator, "nina@example.org")
    outsider.post(
        reverse("accounts:invite", args=["org-b"]), {"email": "nina@example.org", "role": "viewer"}
    )
    assert Invite.objects.count() == 2
