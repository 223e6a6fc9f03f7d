"""Reminders to those who have not answered: sent by the worker, to the unused e-mail invitations
only, with a new link (or none, to keep a saved draft), and never telling the facilitator who
answered or how many were reminded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from tests.integration.web.builders import World
from tests.integration.web.survey_builders import make_code, make_round

from parity.web.environment import TASK_BACKENDS
from parity.web.surveys.models import Invitation, Round
from parity.web.surveys.reminders import REMIND_EVERY_HOURS, ask_for_reminders
from parity.web.tokens import hash_token
from parity.web.worker import WorkerOptions, run_worker

LINK = re.compile(r"http://testserver/s/([\w-]+)/")
ADDRESSES = ("ann@example.org", "ben@example.org", "cem@example.org")


def _remind_url(round_: Round) -> str:
    return reverse("surveys:round-remind", args=[round_.organization.slug, round_.pk])


def _invited(client: Client, round_: Round, world: World) -> dict[str, str]:
    """Each address's first link, as its invitation e-mail carried it."""
    side = f"{world.relationship.pk}-{world.it.pk}"
    url = reverse("surveys:round-invite", args=["org-a", round_.pk])
    client.post(url, {"send": "1", "mail-side": side, "mail-emails": "\n".join(ADDRESSES)})
    links = {}
    for message in mail.outbox:
        found = LINK.search(message.body)
        assert found is not None
        links[message.to[0]] = found.group(1)
    mail.outbox.clear()
    return links


@pytest.fixture
def open_round(world: World) -> Round:
    return make_round(world.org_a, [world.relationship])


def test_only_those_who_have_not_answered_are_reminded_with_a_new_link(
    world: World, open_round: Round, facilitator: Client
) -> None:
    first = _invited(facilitator, open_round, world)
    make_code(open_round, world.relationship, world.it)  # a printed code: no address to remind
    Invitation.objects.filter(email=ADDRESSES[0]).update(used_at=timezone.now())

    response = facilitator.post(_remind_url(open_round), follow=True)
    page = response.content.decode()
    assert "Reminders are on their way" in page
    assert "Parity does not say how many, or to whom." in page
    assert not any(address in page for address in ADDRESSES)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(ADDRESSES[1:])
    for message in mail.outbox:
        assert message.subject == "A reminder: a short survey about working with Sales"
        new = LINK.search(message.body)
        assert new is not None
        assert "replaces the one in your first invitation" in message.body
        address = message.to[0]
        assert Invitation.objects.get(email=address).token_hash == hash_token(new.group(1))
        assert Client().get(reverse("surveys:answer", args=[new.group(1)])).status_code == 200
        old = Client().get(reverse("surveys:answer", args=[first[address]]))
        assert old.status_code == 404


def test_someone_with_saved_answers_keeps_their_first_link(
    world: World, open_round: Round, facilitator: Client
) -> None:
    first = _invited(facilitator, open_round, world)
    Invitation.objects.filter(email=ADDRESSES[1]).update(
        sealed_draft="sealed", draft_saved_at=timezone.now()
    )
    facilitator.post(_remind_url(open_round))
    kept = next(m for m in mail.outbox if m.to[0] == ADDRESSES[1])
    assert LINK.search(kept.body) is None
    assert "with the personal link in your first invitation" in kept.body
    assert Invitation.objects.get(email=ADDRESSES[1]).token_hash == hash_token(first[ADDRESSES[1]])


def test_one_reminder_a_day_and_only_while_open(
    world: World, open_round: Round, facilitator: Client
) -> None:
    _invited(facilitator, open_round, world)
    facilitator.post(_remind_url(open_round))
    assert len(mail.outbox) == 3
    again = facilitator.post(_remind_url(open_round), follow=True).content.decode()
    assert f"less than {REMIND_EVERY_HOURS} hours ago" in again
    assert len(mail.outbox) == 3
    later = timezone.now() + timedelta(hours=REMIND_EVERY_HOURS, minutes=1)
    ask_for_reminders(Round.objects.get(pk=open_round.pk), "http://testserver/", now=later)
    assert len(mail.outbox) == 6

    Round.objects.filter(pk=open_round.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1), reminded_at=None
    )
    closed = facilitator.post(_remind_url(open_round), follow=True).content.decode()
    assert "Reminders go out only while the round is open." in closed
    assert len(mail.outbox) == 6


def test_a_viewer_and_an_outsider_cannot_remind(
    world: World, open_round: Round, viewer: Client, outsider: Client, facilitator: Client
) -> None:
    _invited(facilitator, open_round, world)
    assert viewer.post(_remind_url(open_round)).status_code in {403, 404}
    assert outsider.post(_remind_url(open_round)).status_code == 404
    assert not mail.outbox
    assert Round.objects.get(pk=open_round.pk).reminded_at is None


@pytest.fixture
def queued(transactional_db: None) -> Iterator[None]:
    setting = {"default": {"BACKEND": TASK_BACKENDS["database"], "QUEUES": ["default"]}}
    with override_settings(TASKS=setting):
        yield


def test_the_queue_holds_no_address_and_no_link(
    queued: None, world: World, open_round: Round, facilitator: Client
) -> None:
    _invited(facilitator, open_round, world)
    run_worker(WorkerOptions(batch=True, interval=0))  # the invitations themselves
    mail.outbox.clear()
    DBTaskResult.objects.all().delete()
    facilitator.post(_remind_url(open_round))
    assert not mail.outbox  # queued for the worker
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {"args": [open_round.pk, "http://testserver/"], "kwargs": {}}
    run_worker(WorkerOptions(batch=True, interval=0))
    assert len(mail.outbox) == 3
    stored = str(list(DBTaskResult.objects.values_list()))
    assert not any(address in stored for address in ADDRESSES)
    assert "/s/" not in stored
