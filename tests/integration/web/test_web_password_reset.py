"""A forgotten password is replaced by e-mail, and the form tells nobody who has an account."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from parity.web.accounts.views import RESET_MAILS_PER_HOUR, RESET_REQUESTS_PER_HOUR
from parity.web.logmask import mask

RESET = "/accounts/password_reset/"
NEW_PASSWORD = "quiet-harbour-lantern-42"


@pytest.fixture
def alice(db: None) -> User:
    return User.objects.create_user("alice", "Alice@example.org", password="old-password-x1")


def _link(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", str(message.body))
    assert found, message.body
    return found.group(1)


def test_the_page_exists_and_is_linked_from_sign_in(db: None) -> None:
    page = Client().get(RESET)
    assert page.status_code == 200
    assert "Forgot your password?" in page.content.decode()


def test_a_known_address_gets_a_link_that_sets_a_new_password(alice: User) -> None:
    client = Client()
    response = client.post(RESET, {"email": "ALICE@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_reset/done/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Alice@example.org"]
    assert message.subject == "Set a new password for Parity"
    assert "alice" in str(message.body)

    form = client.get(_link(message), follow=True)
    assert form.status_code == 200
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert done["Location"] == "/accounts/reset/done/"
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    signed_in = Client().post("/accounts/login/", {"username": "alice", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302


def test_the_link_works_once(alice: User) -> None:
    client = Client()
    client.post(RESET, {"email": "alice@example.org"})
    link = _link(mail.outbox[0])
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    again = Client().get(link, follow=True)
    assert "This link cannot be used" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(alice: User) -> None:
    known = Client().post(RESET, {"email": "alice@example.org"}, follow=True)
    unknown = Client().post(RESET, {"email": "mallory@example.org"}, follow=True)
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert _without_csrf(known.content) == _without_csrf(unknown.content)
    assert len(mail.outbox) == 1


def _without_csrf(page: bytes) -> bytes:
    """The page without its CSRF token (the header's language switch carries one, new for
    each browser): the same page for a known and an unknown address, whatever the token."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", page)


def test_a_forged_link_is_refused(alice: User) -> None:
    page = Client().get("/accounts/reset/MQ/abcdef-0123456789abcdef/", follow=True)
    assert "This link cannot be used" in page.content.decode()
    alice.refresh_from_db()
    assert alice.check_password("old-password-x1")


def test_a_weak_new_password_is_explained(alice: User) -> None:
    client = Client()
    client.post(RESET, {"email": "alice@example.org"})
    form = client.get(_link(mail.outbox[0]), follow=True)
    page = client.post(form.redirect_chain[-1][0], {"new_password1": "123", "new_password2": "123"})
    assert page.status_code == 200
    assert "too short" in page.content.decode()
    alice.refresh_from_db()
    assert alice.check_password("old-password-x1")


def test_the_logs_never_hold_a_reset_link(alice: User) -> None:
    Client().post(RESET, {"email": "alice@example.org"})
    link = _link(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    line = mask(f'"GET {link} HTTP/1.1" 302 0')
    assert token not in line
    assert "/accounts/reset/…/…/" in line


def test_nobody_floods_an_inbox(alice: User) -> None:
    """Beyond three e-mails an hour to one address, the form answers alike and sends nothing."""
    pages = [
        Client(REMOTE_ADDR=f"203.0.113.{n}").post(RESET, {"email": "alice@example.org"})
        for n in range(1, 7)
    ]
    assert {page["Location"] for page in pages} == {"/accounts/password_reset/done/"}
    assert len(mail.outbox) == RESET_MAILS_PER_HOUR


def test_one_client_cannot_try_address_after_address(alice: User) -> None:
    client = Client(REMOTE_ADDR="203.0.113.50")
    for n in range(RESET_REQUESTS_PER_HOUR):
        client.post(RESET, {"email": f"guess-{n}@example.org"})
    answer = client.post(RESET, {"email": "alice@example.org"})
    assert answer["Location"] == "/accounts/password_reset/done/"
    assert not mail.outbox
    Client(REMOTE_ADDR="203.0.113.51").post(RESET, {"email": "alice@example.org"})
    assert len(mail.outbox) == 1
