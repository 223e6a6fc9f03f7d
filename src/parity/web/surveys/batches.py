"""A sheet of printed codes: made as one batch, shown from the session, voided together.

Parity stores a code only as its hash (:mod:`.codes`), so a sheet cannot be rebuilt from the
database. So that reloading or printing the sheet again shows the same codes (and never makes
a second batch), the codes of each batch are kept in the facilitator's server-side session,
under the batch's id, until the facilitator says they are printed or signs out, which ends the
session. While they are kept, the session store holds them in clear: that is why the sheet
asks to be marked done as soon as it is printed, and why at most :data:`MAX_SHEETS` are kept.

A batch that can no longer be shown can still be voided: its unused codes stop working (their
link reads as unknown), the used ones stay as they are and keep counting. Which codes were used
is never told, and how many were voided only for a sheet that reaches the score threshold.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.contrib.sessions.backends.base import SessionBase
from django.db import IntegrityError, transaction
from django.db.models import Count, Min, QuerySet
from django.http import Http404
from django.utils import timezone

from parity.web.surveys.codes import new_code
from parity.web.surveys.models import Invitation, InvitationKind, Round
from parity.web.surveys.rounds import Side, invitation_for, other_party, sides_of
from parity.web.surveys.sealing import thresholds_of

#: Where the session keeps the sheets' codes: ``{batch id: [code as printed, …]}``.
SESSION_KEY = "parity-code-sheets"
#: Sheets kept in one session; making another forgets the oldest.
MAX_SHEETS = 10
#: A fresh code already taken (a chance of about N / 2⁵⁵) is drawn again, this many times.
_ATTEMPTS = 3


@dataclass(frozen=True)
class Batch:
    """One sheet's codes in the database: its round, its side, how many codes, and when."""

    id: uuid.UUID
    round: Round
    side: Side
    size: int
    made_at: datetime


def make_batch(round_: Round, side: Side, count: int) -> tuple[uuid.UUID, list[str]]:
    """``count`` code invitations for ``side`` in one new batch; the codes as printed."""
    attempts_left = _ATTEMPTS
    while True:
        try:
            return _insert_batch(round_, side, count)
        except IntegrityError:
            attempts_left -= 1
            if not attempts_left:
                raise


def _insert_batch(round_: Round, side: Side, count: int) -> tuple[uuid.UUID, list[str]]:
    batch = uuid.uuid4()
    made = [new_code() for _ in range(count)]
    with transaction.atomic():
        Invitation.objects.bulk_create(
            invitation_for(round_, side, digest, batch=batch) for _, digest in made
        )
    return batch, [display for display, _ in made]


def batch_of(round_: Round, batch: uuid.UUID) -> Batch:
    """The batch ``batch`` of ``round_``; 404 if the round has no such batch."""
    invitations = _invitations(round_, batch).select_related(
        "relationship__party_a", "relationship__party_b", "party"
    )
    first = invitations.order_by("created_at").first()
    if first is None:
        raise Http404("No such sheet of codes in this round.")
    side = Side(first.relationship, first.party, other_party(first.relationship, first.party))
    return Batch(batch, round_, side, invitations.count(), first.created_at)


def batches_of(round_: Round) -> list[Batch]:
    """The round's sheets of codes, oldest first, so that a lost one can still be voided."""
    sides = {(side.relationship.pk, side.party.pk): side for side in sides_of(round_)}
    rows = (
        Invitation.objects.filter(round=round_, kind=InvitationKind.CODE, batch__isnull=False)
        .values("batch", "relationship_id", "party_id")
        .annotate(size=Count("id"), made_at=Min("created_at"))
        .order_by("made_at")
    )
    return [
        Batch(row["batch"], round_, side, row["size"], row["made_at"])
        for row in rows
        if (side := sides.get((row["relationship_id"], row["party_id"]))) is not None
    ]


def void_unused(found: Batch) -> int:
    """Void the batch's unused codes; how many were voided (never which were used)."""
    unused = _invitations(found.round, found.id).filter(
        used_at__isnull=True, voided_at__isnull=True
    )
    return unused.update(voided_at=timezone.now())


def is_voided(found: Batch) -> bool:
    """Whether the batch was voided (from the sheet, or from the API): not worth printing."""
    return _invitations(found.round, found.id).filter(voided_at__isnull=False).exists()


def voided_count_shown(found: Batch) -> bool:
    """Whether the number of codes voided may be told: the round page's rule for counts.

    On a sheet of fewer codes than the round's score threshold, "1 voided of 2" would tell that
    one person answered (see :class:`~parity.web.surveys.rounds.SideCount`).
    """
    return found.size >= thresholds_of(found.round).score


def _invitations(round_: Round, batch: uuid.UUID) -> QuerySet[Invitation]:
    return Invitation.objects.filter(round=round_, batch=batch, kind=InvitationKind.CODE)


def remember(session: SessionBase, batch: uuid.UUID, codes: Sequence[str]) -> None:
    """Keep a new sheet's codes in ``session``, forgetting the oldest beyond :data:`MAX_SHEETS`."""
    sheets = dict(_sheets(session))
    sheets[str(batch)] = list(codes)
    while len(sheets) > MAX_SHEETS:
        del sheets[next(iter(sheets))]
    session[SESSION_KEY] = sheets


def recalled(session: SessionBase, batch: uuid.UUID) -> list[str] | None:
    """The sheet's codes as printed, or None once the session has forgotten them."""
    return _sheets(session).get(str(batch))


def forget(session: SessionBase, batch: uuid.UUID) -> bool:
    """Drop the sheet's codes from ``session``; False if they were not kept."""
    sheets = dict(_sheets(session))
    if sheets.pop(str(batch), None) is None:
        return False
    session[SESSION_KEY] = sheets
    return True


def _sheets(session: SessionBase) -> dict[str, list[str]]:
    stored = session.get(SESSION_KEY)
    if not isinstance(stored, dict):
        return {}
    return {
        key: [str(code) for code in codes]
        for key, codes in stored.items()
        if isinstance(codes, list)
    }
