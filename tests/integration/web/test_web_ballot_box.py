"""The ballot box: answers wait until a group is large enough, then are mixed; a closed round
is sealed (docs/privacy.md)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from tests.integration.web.builders import World
from tests.integration.web.survey_builders import make_code, make_round

from parity.core.policy import Thresholds
from parity.web.orgs.models import Organization
from parity.web.surveys import drafts
from parity.web.surveys.answering import find_invitation, save_draft, submit
from parity.web.surveys.models import Ballot, Invitation, InvitationKind, Response, Round
from parity.web.surveys.sealing import published, seal, seal_due_rounds, thresholds_of
from parity.web.tokens import new_token


def _submit(round_: Round, world: World, comment: str) -> str:
    token = make_code(round_, world.relationship, world.it)
    invitation = find_invitation(token)
    assert invitation is not None
    assert submit(invitation, {"out1": 5, "comment": comment})
    return token


def _close(round_: Round) -> Round:
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    return Round.objects.select_related("organization").get(pk=round_.pk)


def test_ballots_wait_until_the_side_reaches_the_threshold_then_move_together(
    world: World,
) -> None:
    round_ = make_round(world.org_a, [world.relationship])
    for n in range(4):
        _submit(round_, world, f"answer {n}")
    assert Ballot.objects.count() == 4
    assert not Response.objects.exists()
    _submit(round_, world, "answer 4")
    assert not Ballot.objects.exists()
    assert sorted(Response.objects.values_list("comment", flat=True)) == [
        f"answer {n}" for n in range(5)
    ]


def test_sealing_mixes_everything_and_deletes_drafts_and_addresses(world: World) -> None:
    round_ = make_round(world.org_a, [world.relationship])
    for n in range(7):
        _submit(round_, world, f"answer {n}")
    before = set(Response.objects.values_list("id", flat=True))
    token, digest = new_token()
    pending = Invitation.objects.create(
        round=round_,
        relationship=world.relationship,
        party=world.sales,
        kind=InvitationKind.EMAIL,
        email="ann@example.org",
        token_hash=digest,
    )
    assert save_draft(pending, token, {"comment": "half written"})
    assert seal(_close(round_))
    assert not Ballot.objects.exists()
    assert Response.objects.count() == 7
    assert not before & set(Response.objects.values_list("id", flat=True))
    pending.refresh_from_db()
    assert pending.email is None
    assert pending.sealed_draft == ""
    assert not seal(Round.objects.get(pk=round_.pk))  # once only


def test_a_draft_is_sealed_with_the_link_and_unreadable_without_it(world: World) -> None:
    sealed = drafts.seal("the-token", {"comment": "private words"})
    assert "private" not in sealed
    assert drafts.unseal("the-token", sealed) == {"comment": "private words"}
    assert drafts.unseal("another-token", sealed) == {}
    assert drafts.unseal("the-token", "not a sealed draft") == {}


def test_an_open_round_is_not_published_and_a_closed_one_is_sealed_when_first_read(
    world: World,
) -> None:
    round_ = make_round(world.org_a, [world.relationship])
    _submit(round_, world, "only one")
    assert not published(round_)
    closed = _close(round_)
    assert published(closed)
    assert closed.sealed_at is not None
    assert Response.objects.count() == 1
    assert not submit(Invitation.objects.get(), {"out1": 1})


def test_the_periodic_job_seals_every_closed_round(world: World) -> None:
    open_round = make_round(world.org_a, [world.relationship], name="Open")
    closed = make_round(world.org_a, [world.relationship], name="Closed")
    _close(closed)
    assert seal_due_rounds() == 1
    assert Round.objects.get(pk=closed.pk).sealed_at is not None
    assert Round.objects.get(pk=open_round.pk).sealed_at is None


def test_thresholds_are_promised_at_the_first_answer_and_never_lowered(world: World) -> None:
    round_ = make_round(world.org_a, [world.relationship])
    Organization.objects.filter(pk=world.org_a.pk).update(score_threshold=6, text_threshold=8)
    round_ = Round.objects.select_related("organization").get(pk=round_.pk)
    assert thresholds_of(round_) == Thresholds(6, 8)  # no answer yet: the setting applies
    _submit(round_, world, "first")
    Organization.objects.filter(pk=world.org_a.pk).update(score_threshold=3, text_threshold=3)
    round_ = Round.objects.select_related("organization").get(pk=round_.pk)
    assert thresholds_of(round_) == Thresholds(6, 8)
    Organization.objects.filter(pk=world.org_a.pk).update(score_threshold=9, text_threshold=4)
    round_ = Round.objects.select_related("organization").get(pk=round_.pk)
    assert thresholds_of(round_) == Thresholds(9, 8)
