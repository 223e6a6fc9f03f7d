"""Invitation e-mails go through the background worker: the request makes the invitations and
queues one task holding no address or link; the worker mints each link as it mails it; what
the mail server refuses keeps waiting, is counted on the round page and can be sent again;
a round that has not opened gets its invitations when it opens.

Queued as a real install queues them (django-tasks' database backend), with the worker run in
this process until the queue is empty, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import timedelta
from smtplib import SMTPServerDisconnected
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as MemoryBackend
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from tests.integration.web.builders import World
from tests.integration.web.survey_builders import make_round

from parity.web.environment import TASK_BACKENDS
from parity.web.surveys.mail import send_invitations
from parity.web.surveys.models import Invitation, Round
from parity.web.surveys.reminders import send_reminders
from parity.web.tokens import hash_token
from parity.web.worker import WorkerOptions, run_worker

QUEUED = {"default": {"BACKEND": TASK_BACKENDS["database"], "QUEUES": ["default"]}}
LINK = re.compile(r"http://testserver/s/([\w-]+)/")
ADDRESSES = ("ann@example.org", "ben@example.org", "cem@example.org")
REFUSING = "tests.integration.web.test_web_invitation_mailing.RefusingBackend"


class RefusingBackend(MemoryBackend):
    """A mail server that takes the first message of each connection, then hangs up."""

    def send_messages(self, messages: Any) -> int:
        if len(mail.outbox) >= 1:
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return int(super().send_messages(messages))


@pytest.fixture
def queued(transactional_db: None) -> Iterator[None]:
    """Invitations queued in the database, as ``parity serve`` runs them."""
    with override_settings(TASKS=QUEUED):
        yield


def _work() -> None:
    run_worker(WorkerOptions(batch=True, interval=0))


def _invite(client: Client, round_: Round, world: World) -> Any:
    side = f"{world.relationship.pk}-{world.it.pk}"
    url = reverse("surveys:round-invite", args=["org-a", round_.pk])
    return client.post(
        url, {"send": "1", "mail-side": side, "mail-emails": "\n".join(ADDRESSES)}, follow=True
    )


def _detail(client: Client, round_: Round) -> str:
    url = reverse("surveys:round-detail", args=["org-a", round_.pk])
    return " ".join(client.get(url).content.decode().split())


def test_the_worker_mails_the_invitations_and_the_queue_holds_no_address(
    queued: None, world: World, facilitator: Client
) -> None:
    round_ = make_round(world.org_a, [world.relationship])
    page = _invite(facilitator, round_, world).content.decode()
    assert "Sending 3 invitations to IT: they go out in a moment." in page
    assert not mail.outbox  # not in the request
    queued_rows = str(list(DBTaskResult.objects.values_list()))
    assert not any(address in queued_rows for address in ADDRESSES)
    assert "/s/" not in queued_rows
    assert "3 e-mails not sent yet" in _detail(facilitator, round_)

    _work()

    assert sorted(m.to[0] for m in mail.outbox) == list(ADDRESSES)
    tokens = []
    for message in mail.outbox:
        found = LINK.search(message.body)
        assert found is not None
        tokens.append(found.group(1))
    stored = set(Invitation.objects.values_list("token_hash", flat=True))
    assert stored == {hash_token(token) for token in tokens}
    assert not Invitation.objects.filter(mailed_at__isnull=True).exists()
    assert "not sent yet" not in _detail(facilitator, round_)
    assert facilitator.get(reverse("surveys:answer", args=[tokens[0]])).status_code == 200


def test_what_the_mail_server_refused_waits_is_counted_and_goes_when_sent_again(
    queued: None, world: World, facilitator: Client, caplog: pytest.LogCaptureFixture
) -> None:
    round_ = make_round(world.org_a, [world.relationship])
    _invite(facilitator, round_, world)
    with override_settings(EMAIL_BACKEND=REFUSING), caplog.at_level(logging.INFO):
        _work()
    assert len(mail.outbox) == 1
    assert Invitation.objects.filter(mailed_at__isnull=True).count() == 2
    logged = caplog.text
    assert "refused an invitation" in logged
    assert not any(address in logged for address in ADDRESSES)
    assert "/s/" not in logged
    # The refused ones hold no link anyone was given: their hashes are those they were made with.
    first = LINK.search(mail.outbox[0].body)
    assert first is not None

    page = _detail(facilitator, round_)
    assert "2 e-mails not sent yet" in page
    assert "Send the invitations not sent yet" in page
    counts = facilitator.get(f"/api/orgs/org-a/rounds/{round_.pk}/response-counts").json()
    assert [side["emails_not_sent"] for side in counts if side["party_id"] == world.it.pk] == [2]

    send = reverse("surveys:round-send", args=["org-a", round_.pk])
    assert "on their way again" in facilitator.post(send, follow=True).content.decode()
    _work()
    assert sorted(m.to[0] for m in mail.outbox) == list(ADDRESSES)  # each once
    assert not Invitation.objects.filter(mailed_at__isnull=True).exists()


def test_a_round_not_yet_open_gets_its_invitations_when_it_opens(
    queued: None, world: World, facilitator: Client
) -> None:
    round_ = make_round(world.org_a, [world.relationship], opens_in=timedelta(days=2))
    page = _invite(facilitator, round_, world).content.decode()
    assert "3 invitations to IT will go out when the round opens" in page
    task = DBTaskResult.objects.get()
    assert task.run_after == round_.opens_at
    assert "3 e-mail invitations will go out when the round opens" in _detail(facilitator, round_)

    send_invitations.call(round_.pk, "http://testserver/")  # early: it waits for the opening
    assert not mail.outbox

    Round.objects.filter(pk=round_.pk).update(opens_at=timezone.now() - timedelta(minutes=1))
    send_invitations.call(round_.pk, "http://testserver/")
    assert len(mail.outbox) == 3


def test_moving_the_opening_earlier_sends_the_waiting_invitations_then(
    queued: None, world: World, facilitator: Client
) -> None:
    round_ = make_round(world.org_a, [world.relationship], opens_in=timedelta(days=2))
    _invite(facilitator, round_, world)
    edit = reverse("surveys:round-edit", args=["org-a", round_.pk])
    now = timezone.localtime()
    facilitator.post(
        edit,
        {
            "opens_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    _work()  # the task queued for the old opening is not due; the one queued now is
    assert len(mail.outbox) == 3


def test_a_closed_round_sends_nothing_more(queued: None, world: World, facilitator: Client) -> None:
    round_ = make_round(world.org_a, [world.relationship])
    _invite(facilitator, round_, world)
    close = reverse("surveys:round-close", args=["org-a", round_.pk])
    facilitator.post(close)
    _work()
    assert not mail.outbox
    send = reverse("surveys:round-send", args=["org-a", round_.pk])
    assert "has closed" in facilitator.post(send, follow=True).content.decode()
    assert "not sent yet" not in _detail(facilitator, round_)


def test_an_invitation_not_mailed_yet_is_not_reminded(
    queued: None, world: World, facilitator: Client
) -> None:
    round_ = make_round(world.org_a, [world.relationship])
    _invite(facilitator, round_, world)
    send_reminders.call(round_.pk, "http://testserver/")  # before the worker mailed them
    assert not mail.outbox
    _work()
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 3
    assert not any("reminder" in subject for subject in subjects)


def test_the_api_says_how_many_were_queued_and_when_they_go(
    world: World, facilitator: Client
) -> None:
    round_ = make_round(world.org_a, [world.relationship])
    response = facilitator.post(
        f"/api/orgs/org-a/rounds/{round_.pk}/invitations/emails",
        {"relationship_id": world.relationship.pk, "party_id": world.it.pk, "emails": ["a@x.org"]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["sent"] == 1
    assert set(body) == {"round_id", "relationship_id", "party_id", "sent", "goes_out_at"}
    assert len(mail.outbox) == 1  # the tests' immediate backend mails it at once
