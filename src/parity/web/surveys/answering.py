"""A respondent's link: finding its invitation, keeping a draft, and submitting exactly once.

The response is written with no reference to the invitation (see :mod:`.models`): in one
transaction the invitation is claimed by a conditional update (``used_at`` still empty), its
draft is emptied, and the response row is created. Two clicks or two tabs race for the same
update; the database lets one of them change the row and the other finds it already used, on
SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any

from django.db import transaction
from django.utils import timezone

from parity.core.instrument import Item, OpenQuestion, default_instrument
from parity.web.orgs.models import Party
from parity.web.surveys.models import ITEM_FIELDS, TEXT_FIELDS, Invitation, Response
from parity.web.surveys.rounds import other_party
from parity.web.tokens import hash_token

#: A token longer than this is not one of ours; it is refused before it is hashed.
MAX_TOKEN_LENGTH = 100
#: The longest answer to an open question that is kept (about two pages of text).
MAX_TEXT_LENGTH = 5000


class LinkState(Enum):
    USABLE = "usable"
    UNKNOWN = "unknown"
    USED = "used"
    NOT_YET_OPEN = "not_yet_open"
    CLOSED = "closed"


def find_invitation(token: str) -> Invitation | None:
    """The invitation whose token hashes to the same SHA-256, or None; nothing else is compared."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return (
        Invitation.objects.select_related(
            "round__organization", "relationship__party_a", "relationship__party_b", "party"
        )
        .filter(token_hash=hash_token(token))
        .first()
    )


def link_state(invitation: Invitation | None) -> LinkState:
    if invitation is None:
        return LinkState.UNKNOWN
    if invitation.used_at is not None:
        return LinkState.USED
    now = timezone.now()
    if now < invitation.round.opens_at:
        return LinkState.NOT_YET_OPEN
    if now >= invitation.round.closes_at:
        return LinkState.CLOSED
    return LinkState.USABLE


def about(invitation: Invitation) -> Party:
    """The party the respondent answers about: the other side of the relationship."""
    return other_party(invitation.relationship, invitation.party)


@dataclass(frozen=True)
class SurveyPage:
    """One page of the survey: a few constructs' items, or the open questions."""

    title: str
    items: tuple[Item, ...] = ()
    questions: tuple[OpenQuestion, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(i.id.lower() for i in self.items) + tuple(q.id for q in self.questions)


#: Pages by construct. The titles are neutral on purpose: naming "deference" or "power" would
#: colour the answers.
_PAGE_PLAN: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("What you work toward", ("OUT", "STK", "COM")),
    ("What you need", ("ALT", "NEED", "ONEED")),
    ("How you decide", ("VAL", "VOI", "DEF", "DIR")),
    ("How you work together", ("TRX", "TRS")),
)


@cache
def survey_pages() -> tuple[SurveyPage, ...]:
    instrument = default_instrument()
    pages = [
        SurveyPage(title, tuple(i for c in constructs for i in instrument.items_of(c)))
        for title, constructs in _PAGE_PLAN
    ]
    pages.append(SurveyPage("In your own words", questions=instrument.open_questions))
    planned = [item.id for page in pages for item in page.items]
    assert planned == list(instrument.item_ids), "every item on exactly one page, in order"
    return tuple(pages)


def clean_draft(raw: Any) -> dict[str, int | str]:
    """The answers of a stored draft that are still valid (a draft is never trusted blindly)."""
    if not isinstance(raw, dict):
        return {}
    draft: dict[str, int | str] = {}
    for field in ITEM_FIELDS:
        value = raw.get(field)
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 7:
            draft[field] = value
    for field in TEXT_FIELDS:
        text = raw.get(field)
        if isinstance(text, str) and text.strip():
            draft[field] = text.strip()[:MAX_TEXT_LENGTH]
    return draft


def merged(
    draft: dict[str, int | str], page: SurveyPage, answers: dict[str, Any]
) -> dict[str, Any]:
    """``draft`` with this page's fields replaced by ``answers`` (an empty answer removes one)."""
    result = {k: v for k, v in draft.items() if k not in page.fields}
    for field in page.fields:
        value = answers.get(field)
        if value not in (None, ""):
            result[field] = value.strip() if isinstance(value, str) else value
    return clean_draft(result)


def save_draft(invitation: Invitation, draft: dict[str, Any]) -> bool:
    """Keep ``draft`` on the invitation; False if it was used meanwhile (nothing is saved)."""
    saved = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
        draft=draft, draft_saved_at=timezone.now()
    )
    return bool(saved)


def submit(invitation: Invitation, answers: dict[str, Any]) -> bool:
    """Record ``answers`` as one response, whole or not at all; False if already used.

    The invitation keeps only the day it was used, like the response: matching the order of
    the times at which e-mail invitations were used with the order of responses would otherwise
    hint at whose answers are whose.
    """
    clean = clean_draft(answers)
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    with transaction.atomic():
        claimed = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
            used_at=today, draft={}, draft_saved_at=None
        )
        if not claimed:
            return False
        Response.objects.create(
            round_id=invitation.round_id,
            relationship_id=invitation.relationship_id,
            party_id=invitation.party_id,
            about=about(invitation),
            **{field: clean.get(field) for field in ITEM_FIELDS},
            **{field: str(clean.get(field, "")) for field in TEXT_FIELDS},
        )
    return True
