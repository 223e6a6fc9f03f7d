"""A respondent's link: finding its invitation, keeping a draft, and submitting exactly once.

The answers are written with no reference to the invitation (see :mod:`.models`): in one
transaction the invitation is claimed by a conditional update (``used_at`` still empty), its
draft is deleted, and a ballot goes into the ballot box, from which the side's next mixing step
moves it into the results (:mod:`.sealing`). Two clicks or two tabs race for the same update;
the database lets one of them change the row and the other finds it already used, on SQLite and
PostgreSQL alike. Drafts are sealed with the link's token (:mod:`.drafts`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from parity.core.instrument import Instrument, Item, OpenQuestion, instrument_in
from parity.web.orgs.models import Party
from parity.web.surveys import drafts, timing
from parity.web.surveys.attributes import Asked, asked_of, given_attributes
from parity.web.surveys.codes import canonical, link_hash
from parity.web.surveys.models import (
    TEXT_FIELDS,
    Ballot,
    Invitation,
    Round,
    RoundState,
    item_fields,
)
from parity.web.surveys.rounds import other_party
from parity.web.surveys.sealing import mix_if_due, promise_thresholds, thresholds_of

#: A token longer than this is not one of ours; it is refused before it is hashed.
MAX_TOKEN_LENGTH = 100
#: The longest answer to an open question that is kept (about two pages of text).
MAX_TEXT_LENGTH = 5000
#: The draft's list of the statements the respondent answered with "No answer": remembered so
#: that the button shows as chosen when they come back, and never put in the ballot.
NO_ANSWER = "no_answer"


class LinkState(Enum):
    USABLE = "usable"
    UNKNOWN = "unknown"
    USED = "used"
    NOT_YET_OPEN = "not_yet_open"
    CLOSED = "closed"


def find_invitation(token: str) -> Invitation | None:
    """The invitation whose token hashes to the same SHA-256, or None; nothing else is compared.

    A printed code is hashed as its 12 symbols, however it was typed (:func:`.codes.link_hash`).
    """
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    # ``get`` on the unique hash, not ``first()``: ordering the query by the key (which
    # ``first`` adds) was most of the time Django took to write it, on every survey request.
    try:
        return Invitation.objects.select_related(
            "round__organization", "relationship__party_a", "relationship__party_b", "party"
        ).get(token_hash=link_hash(token))
    except Invitation.DoesNotExist:
        return None


def link_state(invitation: Invitation | None) -> LinkState:
    """How the link stands; a voided code reads as unknown, revealing nothing."""
    if invitation is None or invitation.voided_at is not None:
        return LinkState.UNKNOWN
    if invitation.used_at is not None:
        return LinkState.USED
    state = invitation.round.state
    if state is RoundState.SCHEDULED:
        return LinkState.NOT_YET_OPEN
    if state is RoundState.CLOSED:
        return LinkState.CLOSED
    return LinkState.USABLE


def about(invitation: Invitation) -> Party:
    """The party the respondent answers about: the other side of the relationship."""
    return other_party(invitation.relationship, invitation.party)


@dataclass(frozen=True)
class SurveyPage:
    """One page of the survey: a few constructs' items, or the open questions; the last page
    (``about_you``) also asks the respondent attributes the round asks."""

    title: str | Promise
    items: tuple[Item, ...] = ()
    questions: tuple[OpenQuestion, ...] = ()
    about_you: bool = False

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(i.id.lower() for i in self.items) + tuple(q.id for q in self.questions)

    def attributes(self, asked: Asked) -> Asked:
        """The attributes this page asks: the round's on the last page, none elsewhere."""
        return asked if self.about_you else {}


@cache
def survey_pages(instrument_id: str = "TPI-1", language: str = "en") -> tuple[SurveyPage, ...]:
    """The pages of the instrument's survey (its ``[[pages]]``), then the open questions, in
    the words of ``language`` (:func:`~parity.core.instrument.instrument_in`): the same items
    and fields in every language, so that the answers are the same whatever it is."""
    instrument = instrument_in(instrument_id, language)
    pages = [
        SurveyPage(page.title, tuple(i for c in page.constructs for i in instrument.items_of(c)))
        for page in instrument.pages
    ]
    pages.append(
        SurveyPage(
            gettext_lazy("In your own words"), questions=instrument.open_questions, about_you=True
        )
    )
    return tuple(pages)


def clean_draft(raw: Any, instrument: Instrument, asked: Asked | None = None) -> dict[str, Any]:
    """The answers of a stored draft that are still valid (a draft is never trusted blindly):
    the instrument's items with a whole number on its scale, the open questions' text, the
    attributes ``asked`` that were given (:func:`.attributes.given_attributes`), and the list
    of items answered "No answer" (:data:`NO_ANSWER`) that hold no number."""
    if not isinstance(raw, dict):
        return {}
    draft: dict[str, Any] = {}
    low, high = instrument.scale_min, instrument.scale_max
    items = item_fields(instrument)
    for field in items:
        value = raw.get(field)
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            draft[field] = value
    declined = raw.get(NO_ANSWER)
    if isinstance(declined, list):
        kept = sorted({f for f in declined if f in items and f not in draft})
        if kept:
            draft[NO_ANSWER] = kept
    for field in TEXT_FIELDS:
        text = raw.get(field)
        if isinstance(text, str) and text.strip():
            draft[field] = text.strip()[:MAX_TEXT_LENGTH]
    draft.update(given_attributes(asked or {}, raw))
    return draft


def merged(
    draft: dict[str, Any],
    page: SurveyPage,
    answers: dict[str, Any],
    instrument: Instrument,
    asked: Asked | None = None,
    declined: Collection[str] = (),
) -> dict[str, Any]:
    """``draft`` with this page's fields replaced by ``answers`` (an empty answer removes one;
    "Prefer not to say" is one), and this page's statements answered "No answer" (``declined``)
    noted as such (:data:`NO_ANSWER`)."""
    fields = (*page.fields, *page.attributes(asked or {}))
    result: dict[str, Any] = {k: v for k, v in draft.items() if k not in fields}
    for field in fields:
        value = answers.get(field)
        if value not in (None, ""):
            result[field] = value.strip() if isinstance(value, str) else value
    before = draft.get(NO_ANSWER)
    earlier: list[str] = [f for f in before if f not in fields] if isinstance(before, list) else []
    result[NO_ANSWER] = [*earlier, *(f for f in page.fields if f in declined)]
    return clean_draft(result, instrument, asked)


def declined_on(page: SurveyPage, posted: Mapping[str, Any]) -> set[str]:
    """The statements of ``page`` answered "No answer" in ``posted``: sent, and empty (a
    statement left alone is not sent at all)."""
    fields = (item.id.lower() for item in page.items)
    return {field for field in fields if posted.get(field) == ""}


def asked_by(invitation: Invitation) -> dict[str, list[str]]:
    """The respondent attributes the invitation's round asks, with their choices."""
    return asked_of(invitation.round.attributes)


def open_draft(invitation: Invitation, token: str) -> dict[str, Any]:
    """The respondent's saved answers, opened with their link's token."""
    opened = drafts.unseal(canonical(token), invitation.sealed_draft)
    return clean_draft(opened, invitation.round.questions(), asked_by(invitation))


def opened_at(invitation: Invitation, token: str) -> int | None:
    """When the link first showed the survey, as its sealed draft notes it (:mod:`.timing`)."""
    return timing.opened_at(drafts.unseal(canonical(token), invitation.sealed_draft))


def note_opening(invitation: Invitation, token: str) -> None:
    """Note in the sealed draft that the survey is being shown for the first time: the start of
    the time taken (:mod:`.timing`). Nothing when the draft holds a note or answers already (a
    survey begun before the time was recorded keeps no start). The draft's "saved" time is left
    alone: nothing the respondent wrote was saved."""
    if drafts.unseal(canonical(token), invitation.sealed_draft):
        return
    noted = {timing.OPENED: timing.now()}
    Invitation.objects.filter(
        pk=invitation.pk,
        used_at__isnull=True,
        voided_at__isnull=True,
        round__closes_at__gt=timezone.now(),
        sealed_draft=invitation.sealed_draft,
    ).update(sealed_draft=drafts.seal(canonical(token), noted))


def save_draft(invitation: Invitation, token: str, draft: dict[str, Any]) -> bool:
    """Keep ``draft`` on the invitation, sealed with ``token`` with the note of when the survey
    was first shown; False if the link was used or the round closed meanwhile (nothing is
    saved)."""
    opened = opened_at(invitation, token)
    if opened is not None:
        draft = {**draft, timing.OPENED: opened}
    now = timezone.now()
    saved = Invitation.objects.filter(
        pk=invitation.pk, used_at__isnull=True, voided_at__isnull=True, round__closes_at__gt=now
    ).update(sealed_draft=drafts.seal(canonical(token), draft), draft_saved_at=now)
    return bool(saved)


def submit(invitation: Invitation, answers: dict[str, Any], opened: int | None = None) -> bool:
    """Put ``answers`` in the ballot box, whole or not at all; False if the link was used,
    voided or the round closed meanwhile.

    The invitation keeps only the day it was used: matching the times at which e-mail
    invitations were used with anything else would hint at whose answers are whose. The ballot
    keeps only the time taken since ``opened`` (:func:`opened_at`), as a coarse duration; the
    moment itself goes with the draft (:mod:`.timing`).
    """
    clean = clean_draft(answers, invitation.round.questions(), asked_by(invitation))
    clean.pop(NO_ANSWER, None)  # "No answer" is no answer: the ballot holds answers only
    seconds = timing.seconds_taken(opened, timing.now())
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    with transaction.atomic():
        locked = _locked_against_sealing(invitation)
        if locked.sealed_at is not None or locked.state is not RoundState.OPEN:
            return False
        claimed = Invitation.objects.filter(
            pk=invitation.pk, used_at__isnull=True, voided_at__isnull=True
        ).update(used_at=today, sealed_draft="", draft_saved_at=None)
        if not claimed:
            return False
        promise_thresholds(locked)
        Ballot.objects.create(
            round_id=invitation.round_id,
            relationship_id=invitation.relationship_id,
            party_id=invitation.party_id,
            about=about(invitation),
            answers=clean,
            seconds=seconds,
        )
    _mix_if_due(invitation, locked)
    return True


def _locked_against_sealing(invitation: Invitation) -> Round:
    """The invitation's round, its row locked for the rest of the transaction so that sealing
    (at close) and this ballot never cross.

    Sealing and mixing take the row exclusively (``FOR UPDATE``). A submission has only to
    keep them out, not the other submissions: once the round's thresholds are promised (at
    its first answer, which writes them into the row), PostgreSQL takes the row in share mode
    (``FOR SHARE``), so the submissions of a round no longer wait for each other, one at a
    time, on its row. The first answers, and SQLite (one writer at a time anyway), lock it
    exclusively. (A promise, once made, is never withdrawn, so the round as loaded with the
    invitation tells which case this is.) In share mode the submission must not write the
    round's row: two of them would wait for each other's share. The promise is its only write,
    and it is made on the exclusive path.
    """
    rounds = Round.objects.select_related("organization")
    loaded = invitation.round
    promised = loaded.score_threshold is not None and loaded.text_threshold is not None
    if not promised or connection.vendor != "postgresql":
        return rounds.select_for_update().get(pk=invitation.round_id)
    table = connection.ops.quote_name(Round._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR SHARE", [invitation.round_id])
    return rounds.get(pk=invitation.round_id)


def _mix_if_due(invitation: Invitation, round_: Round) -> None:
    """:func:`.sealing.mix_if_due` for the invitation's side, called only when the side's
    ballots have reached the threshold, so that the other submissions do not take the round's
    row exclusively for nothing. The count is read after this ballot's transaction committed:
    of two submissions that together reach the threshold, the later count sees both, so no
    side that is due is left unmixed (:func:`.sealing.mix_if_due` counts again, locked)."""
    waiting = Ballot.objects.filter(
        round_id=invitation.round_id,
        relationship_id=invitation.relationship_id,
        party_id=invitation.party_id,
    ).count()
    if waiting >= thresholds_of(round_).score:
        mix_if_due(invitation.round_id, invitation.relationship_id, invitation.party_id)
