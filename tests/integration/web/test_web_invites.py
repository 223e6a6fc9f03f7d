"""Inviting colleagues, and single-use tokens that are stored only as hashes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.integration.web.builders import World

from parity.web.accounts.models import Invite
from parity.web.orgs.models import Membership, Role
from parity.web.surveys.models import Invitation, InvitationKind, Round
from parity.web.tokens import hash_token, new_token


def _invite(client: Client, email: str = "nina@example.org", role: str = "facilitator") -> str:
    client.post(reverse("accounts:invite", args=["org-a"]), {"email": email, "role": role})
    link = re.search(r"http://testserver(/accounts/invite/\S+/)", mail.outbox[-1].body)
    assert link is not None
    return link.group(1)


def test_an_invitation_is_mailed_with_a_hashed_token(world: World, facilitator: Client) -> None:
    link = _invite(facilitator)
    token = link.rstrip("/").rsplit("/", 1)[1]
    invite = Invite.objects.get()
    assert mail.outbox[0].to == ["nina@example.org"]
    assert invite.token_hash == hash_token(token)
    assert token not in str(list(Invite.objects.values_list()))


def test_a_newcomer_joins_once(world: World, facilitator: Client) -> None:
    link = _invite(facilitator)
    form = {
        "username": "nina",
        "password1": "a long passphrase 42",
        "password2": "a long passphrase 42",
    }
    response = Client().post(link, form)
    assert response["Location"] == reverse("orgs:detail", args=["org-a"])
    nina = User.objects.get(username="nina")
    assert nina.email == "nina@example.org"
    assert Membership.objects.get(user=nina).role == Role.FACILITATOR
    again = Client().post(link, {**form, "username": "nina2"})
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert not User.objects.filter(username="nina2").exists()


def test_a_member_of_another_organization_joins_with_their_account(
    world: World, facilitator: Client, outsider: Client
) -> None:
    link = _invite(facilitator, email="Olga@Example.org", role="viewer")
    assert "Join as olga" in outsider.get(link).content.decode()
    outsider.post(link)
    assert Membership.objects.get(user=world.outsider, organization=world.org_a).role == Role.VIEWER


def test_an_expired_or_unknown_link_says_so(world: World, facilitator: Client) -> None:
    link = _invite(facilitator)
    Invite.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "has expired" in Client().get(link).content.decode()
    assert Client().get(reverse("accounts:accept", args=["nonsense"])).status_code == 404


def test_tokens_carry_256_bits_and_differ() -> None:
    tokens = {new_token()[0] for _ in range(100)}
    assert len(tokens) == 100
    assert all(len(token) >= 43 for token in tokens)


def test_survey_invitations_store_only_the_hash(world: World) -> None:
    now = timezone.now()
    survey = Round.objects.create(
        organization=world.org_a, name="R1", opens_at=now, closes_at=now + timedelta(days=7)
    )
    token, digest = new_token()
    Invitation.objects.create(
        round=survey,
        relationship=world.relationship,
        party=world.it,
        kind=InvitationKind.CODE,
        token_hash=digest,
    )
    stored = str(list(Invitation.objects.values_list()))
    assert digest in stored
    assert token not in stored
    assert Invitation.objects.get().expires_at == survey.closes_at


def test_a_response_cannot_point_at_its_invitation() -> None:
    from parity.web.surveys.models import Response

    related = {f.related_model for f in Response._meta.get_fields() if f.is_relation}
    assert Invitation not in related
    assert Response._meta.pk is not None
    assert Response._meta.pk.get_internal_type() == "UUIDField"


@pytest.mark.parametrize("field", ["email", "role"])
def test_the_invite_form_needs_both_fields(field: str, world: World, facilitator: Client) -> None:
    data = {"email": "nina@example.org", "role": "viewer"}
    del data[field]
    response = facilitator.post(reverse("accounts:invite", args=["org-a"]), data)
    assert response.status_code == 200
    assert not Invite.objects.exists()
