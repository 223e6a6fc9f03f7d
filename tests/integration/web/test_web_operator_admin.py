"""The operators' admin at /admin/: for active superusers only, behind the second factor, and
blind to everything a respondent gave or received."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.integration.web.builders import World
from tests.integration.web.survey_builders import make_round

from parity.web.accounts.api_tokens import create_api_token
from parity.web.accounts.models import Invite
from parity.web.operator_admin import operator_site
from parity.web.orgs.models import Membership, Role
from parity.web.surveys.models import Ballot, Invitation, InvitationKind, Response

PASSWORD = "an-operator-password-long-enough"
RESPONDENT_EMAIL = "respondent.hidden@example.org"
ANSWER_TEXT = "They never call back before Friday"
COLLEAGUE_EMAIL = "colleague.hidden@example.org"


@pytest.fixture
def operator_user(db: None) -> User:
    return User.objects.create_superuser("opal", "opal@example.org", PASSWORD)


@pytest.fixture
def operator(operator_user: User) -> Client:
    client = Client()
    client.force_login(operator_user)
    return client


def _respondent_data(world: World) -> None:
    """A survey invitation with its e-mail address, and an answer with its words."""
    round_ = make_round(world.org_a, [world.relationship])
    Invitation.objects.create(
        round=round_,
        relationship=world.relationship,
        party=world.it,
        kind=InvitationKind.EMAIL,
        email=RESPONDENT_EMAIL,
        token_hash="a" * 64,
    )
    Response.objects.create(
        round=round_,
        relationship=world.relationship,
        party=world.it,
        about=world.sales,
        comment=ANSWER_TEXT,
        purpose=ANSWER_TEXT,
    )


class _AnOperator:
    """What the admin's permission checks read of a request."""

    user = User(is_active=True, is_staff=True, is_superuser=True)


def _admin_pages(world: World) -> list[str]:
    """Every page of every registered model: each list, each add form, one object's page."""
    token, _ = create_api_token(world.facilitator, "Nightly export")
    membership = Membership.objects.get(user=world.facilitator, organization=world.org_a)
    pages = ["/admin/"]
    for model, model_admin in operator_site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(_AnOperator()):  # type: ignore[arg-type]
            pages.append(reverse("admin:{}_{}_add".format(*info)))
    for name, pk in (
        ("auth_user", world.facilitator.pk),
        ("orgs_organization", world.org_a.pk),
        ("orgs_membership", membership.pk),
        ("accounts_apitoken", token.pk),
    ):
        pages += [reverse(f"admin:{name}_change", args=[pk])]
    return pages


def test_the_survey_models_are_not_in_the_admin() -> None:
    for model in (Invitation, Ballot, Response):
        assert not operator_site.is_registered(model)


def test_every_admin_page_renders_without_respondent_data(world: World, operator: Client) -> None:
    _respondent_data(world)
    Invite.objects.create(
        organization=world.org_a,
        email=COLLEAGUE_EMAIL,
        role=Role.VIEWER,
        token_hash="b" * 64,
        expires_at=world.org_a.created_at.replace(year=2100),
    )
    pages = _admin_pages(world)
    assert len(pages) >= 12
    for page in pages:
        response = operator.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        for private in (RESPONDENT_EMAIL, "respondent.hidden", ANSWER_TEXT, COLLEAGUE_EMAIL):
            assert private not in html, (page, private)
        assert "a" * 64 not in html


def test_the_token_list_shows_no_hash_and_revokes(world: World, operator: Client) -> None:
    token, secret = create_api_token(world.facilitator, "Nightly export")
    page = operator.get("/admin/accounts/apitoken/").content.decode()
    assert "Nightly export" in page
    assert token.token_hash not in page
    assert secret not in page
    assert (
        Client().get("/api/orgs", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    )
    operator.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke_tokens", "_selected_action": [str(token.pk)]},
    )
    api = Client().get("/api/orgs", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 401


def test_an_operator_deactivates_an_account(world: World, operator: Client) -> None:
    world.facilitator.set_password(PASSWORD)
    world.facilitator.save()
    facilitator = Client()
    assert facilitator.login(username=world.facilitator.username, password=PASSWORD)
    assert facilitator.get("/orgs/").status_code == 200
    response = operator.post(
        "/admin/auth/user/",
        {"action": "deactivate_accounts", "_selected_action": [str(world.facilitator.pk)]},
        follow=True,
    )
    assert "Deactivated 1 account(s)." in response.content.decode()
    world.facilitator.refresh_from_db()
    assert not world.facilitator.is_active
    assert AdminLogEntry.objects.filter(object_id=str(world.facilitator.pk)).exists()
    # The open session is over, and the password no longer opens the account.
    assert facilitator.get("/orgs/").status_code == 302
    refused = Client().post(
        "/accounts/login/", {"username": world.facilitator.username, "password": PASSWORD}
    )
    assert refused.status_code == 200
    assert "_auth_user_id" not in refused.client.session


def test_an_operator_cannot_deactivate_their_own_account(
    operator_user: User, operator: Client
) -> None:
    operator.post(
        "/admin/auth/user/",
        {"action": "deactivate_accounts", "_selected_action": [str(operator_user.pk)]},
    )
    operator_user.refresh_from_db()
    assert operator_user.is_active


def test_a_facilitator_gets_no_admin(world: World, facilitator: Client) -> None:
    for page in ("/admin/", "/admin/auth/user/"):
        response = facilitator.get(page, follow=True)
        assert response.status_code == 403
        assert "not one of theirs" in response.content.decode()


def test_staff_without_superuser_gets_no_admin(db: None) -> None:
    staff = User.objects.create_user("stan", password=PASSWORD, is_staff=True)
    client = Client()
    client.force_login(staff)
    assert client.get("/admin/", follow=True).status_code == 403


def test_a_visitor_is_sent_to_the_sign_in_page(db: None) -> None:
    response = Client().get("/admin/auth/user/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=")
    assert response.status_code == 200


def test_an_operator_signs_in_on_the_sign_in_page(operator_user: User) -> None:
    client = Client()
    response = client.post(
        "/accounts/login/?next=/admin/", {"username": "opal", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def _code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    number = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return str(number).zfill(device.digits)


def test_an_operator_with_a_second_factor_gives_the_code_first(operator_user: User) -> None:
    device = TOTPDevice.objects.create(user=operator_user, name="Phone", confirmed=True)
    client = Client()
    client.post("/accounts/login/", {"username": "opal", "password": PASSWORD})
    held = client.get("/admin/auth/user/")
    assert held.status_code == 302
    assert held["Location"].startswith(reverse("accounts:two-factor-verify"))
    assert client.get("/admin/").status_code == 302
    client.post(held["Location"], {"code": _code(device)})
    assert client.get("/admin/auth/user/").status_code == 200


def test_the_admin_has_the_content_security_policy(operator: Client) -> None:
    response = operator.get("/admin/auth/user/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<style>" not in response.content.decode()


def test_a_role_changed_in_the_admin_is_in_the_record(
    world: World, operator_user: User, operator: Client
) -> None:
    membership = Membership.objects.get(user=world.viewer, organization=world.org_a)
    url = reverse("admin:orgs_membership_change", args=[membership.pk])
    response = operator.post(
        url,
        {"user": world.viewer.pk, "organization": world.org_a.pk, "role": Role.FACILITATOR},
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(membership).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == operator_user
    assert entry.changes_dict["role"] == [Role.VIEWER, Role.FACILITATOR]


def test_colleague_invitations_are_listed_without_their_address(
    world: World, operator: Client
) -> None:
    invite = Invite.objects.create(
        organization=world.org_a,
        email=COLLEAGUE_EMAIL,
        role=Role.VIEWER,
        token_hash="c" * 64,
        expires_at=world.org_a.created_at.replace(year=2100),
    )
    page = operator.get("/admin/accounts/invite/").content.decode()
    assert "Org A" in page
    assert "open" in page
    assert COLLEAGUE_EMAIL not in page
    operator.post(
        "/admin/accounts/invite/",
        {"action": "withdraw_invites", "_selected_action": [str(invite.pk)]},
    )
    assert not Invite.objects.filter(pk=invite.pk).exists()
