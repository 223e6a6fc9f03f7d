"""The ballot box: how a submitted answer stops being traceable to the link that sent it.

A submission claims its invitation and drops a :class:`~parity.web.surveys.models.Ballot` into
the box in one transaction (so a double click records one answer). Rows written by one
transaction can be paired afterwards by a database reader: PostgreSQL stamps both with the same
``xmin``, and rows are stored in the order they were written (``ctid``, SQLite's ``rowid``). So
ballots are not results:

- **Mixing.** When a side has at least its round's score threshold of ballots in the box, they
  are moved, in one transaction of their own, into :class:`~parity.web.surveys.models.Response`
  rows with fresh random ids, written in shuffled order, and deleted from the box
  (:func:`mix_if_due`). A response then says only that it came from one of those people.
- **Sealing.** When the round closes, every ballot and every response of the round is written
  again in one shuffled batch, drafts and invitees' addresses are deleted, and the round's
  thresholds are fixed (:func:`seal`). From then on a response cannot be placed in the order of
  submission, nor paired with an invitation. Results are read only from a sealed round
  (:func:`published`), so nothing is ever computed from ballots.

Sealing runs when a closed round is first looked at, and from a periodic job in every server
process (:func:`seal_due_rounds`); it is idempotent and safe to run from several processes at
once (the round's row is locked, and ``sealed_at`` is set in the same transaction).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from parity.core.policy import Thresholds, may_publish
from parity.web.orgs.models import Organization
from parity.web.surveys.attributes import asked_of, given_attributes
from parity.web.surveys.models import (
    TEXT_FIELDS,
    Ballot,
    Invitation,
    Response,
    Round,
    item_fields,
)
from parity.web.surveys.timing import kept_seconds

_SHUFFLE = secrets.SystemRandom()


def organization_thresholds(organization: Organization) -> Thresholds:
    """The thresholds an organization's settings ask for today."""
    return Thresholds(int(organization.score_threshold), int(organization.text_threshold))


def thresholds_of(round_: Round) -> Thresholds:
    """The thresholds that apply to ``round_``: those promised at its first answer, raised to
    the organization's current settings if those are stricter, never lowered."""
    current = organization_thresholds(round_.organization)
    if round_.score_threshold is None or round_.text_threshold is None:
        return current
    return Thresholds(int(round_.score_threshold), int(round_.text_threshold)).raised_to(current)


def promise_thresholds(round_: Round) -> None:
    """Fix the round's thresholds at the organization's current ones, unless already fixed.

    Called in the transaction of the round's first submission: from then on, the respondents
    have been told "quoted only from N people on", and lowering the organization's setting does
    not lower it for this round.
    """
    if round_.score_threshold is not None and round_.text_threshold is not None:
        return
    current = organization_thresholds(round_.organization)
    Round.objects.filter(pk=round_.pk, score_threshold__isnull=True).update(
        score_threshold=current.score, text_threshold=current.text
    )
    round_.score_threshold, round_.text_threshold = current.score, current.text


def _response_from(ballot: Ballot, round_: Round) -> Response:
    """The ballot's answers as a response: only the instrument's items, on its scale, and only
    the attributes the round asks, among its choices (a ballot is written by
    :func:`.answering.submit`, which cleaned it; the check costs nothing)."""
    instrument = round_.questions()
    answers = ballot.answers if isinstance(ballot.answers, dict) else {}
    low, high = instrument.scale_min, instrument.scale_max
    rated = {
        field: value
        for field in item_fields(instrument)
        if type(value := answers.get(field)) is int and low <= value <= high
    }
    return Response(
        id=uuid.uuid4(),
        round_id=ballot.round_id,
        relationship_id=ballot.relationship_id,
        party_id=ballot.party_id,
        about_id=ballot.about_id,
        answers=rated,
        **{field: str(answers.get(field) or "") for field in TEXT_FIELDS},
        seconds=kept_seconds(ballot.seconds),
        attributes=given_attributes(asked_of(round_.attributes), answers),
    )


def _copy(response: Response) -> Response:
    """The same answers under a fresh id, to be written anew."""
    response.pk = uuid.uuid4()
    response._state.adding = True
    return response


def _write_shuffled(
    rows: list[Response], replaced: Iterable[uuid.UUID], ballots: list[Ballot]
) -> None:
    """Delete ``replaced`` responses and ``ballots``; write ``rows`` in shuffled order."""
    _SHUFFLE.shuffle(rows)
    round_ids = {r.round_id for r in rows} | {b.round_id for b in ballots}
    Round.objects.filter(pk__in=round_ids).update(revision=F("revision") + 1)
    Response.objects.filter(pk__in=list(replaced)).delete()
    Ballot.objects.filter(pk__in=[b.pk for b in ballots]).delete()
    Response.objects.bulk_create(rows, batch_size=500)


def _locked(round_id: int) -> Round:
    return Round.objects.select_for_update().select_related("organization").get(pk=round_id)


def mix_if_due(round_id: int, relationship_id: int, party_id: int) -> int:
    """Move one side's ballots into responses once there are enough of them; how many moved."""
    with transaction.atomic():
        round_ = _locked(round_id)
        if round_.sealed_at is not None:
            return 0
        ballots = list(
            Ballot.objects.filter(
                round_id=round_id, relationship_id=relationship_id, party_id=party_id
            )
        )
        if len(ballots) < thresholds_of(round_).score:
            return 0
        rows = [_response_from(b, round_) for b in ballots]
        _write_shuffled(rows, (), ballots)
        return len(ballots)


def seal(round_: Round, now: datetime | None = None) -> bool:
    """Seal a closed round (see the module's docstring); False if it is open or already sealed."""
    moment = now or timezone.now()
    with transaction.atomic():
        locked = _locked(round_.pk)
        if locked.sealed_at is not None or moment < locked.closes_at:
            return False
        promise_thresholds(locked)
        ballots = list(Ballot.objects.filter(round=locked))
        kept = list(Response.objects.filter(round=locked))
        replaced = [r.pk for r in kept]
        rows = [_response_from(b, locked) for b in ballots] + [_copy(r) for r in kept]
        _write_shuffled(rows, replaced, ballots)
        Invitation.objects.filter(round=locked).update(
            sealed_draft="", draft_saved_at=None, email=None
        )
        Round.objects.filter(pk=locked.pk).update(sealed_at=moment)
    round_.sealed_at = moment
    round_.refresh_from_db(fields=["revision"])
    round_.score_threshold, round_.text_threshold = locked.score_threshold, locked.text_threshold
    return True


def seal_due_rounds(now: datetime | None = None) -> int:
    """Seal every round that has closed and is not sealed yet; how many were sealed."""
    moment = now or timezone.now()
    due = Round.objects.filter(closes_at__lte=moment, sealed_at__isnull=True)
    return sum(seal(round_, moment) for round_ in due.select_related("organization"))


def published(round_: Round, now: datetime | None = None) -> bool:
    """True when the round's results may be shown: it has closed, and it is sealed (sealing it
    now if that has not happened yet). An open round shows counts only
    (:func:`parity.core.policy.may_publish`)."""
    moment = now or timezone.now()
    if not may_publish(closed=moment >= round_.closes_at):
        return False
    if round_.sealed_at is None:
        seal(round_, moment)
    return True
