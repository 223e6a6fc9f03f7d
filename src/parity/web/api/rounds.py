"""Rounds, their invitation batches and their response counts in the API.

Reading needs membership; everything else needs a facilitator or owner (checked by
:func:`tenant_for` here and, before the body is read, by :mod:`parity.web.api.auth`). Rounds
are reached only through the caller's tenant, so another organization's round is a 404.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router
from ninja.errors import HttpError

from parity.web.api.invitations import make_codes
from parity.web.api.map import Refusal
from parity.web.api.schemas import (
    CodeBatchIn,
    CodeBatchOut,
    CodeVoidOut,
    EmailBatchIn,
    EmailBatchOut,
    RoundIn,
    RoundOut,
    SideCountOut,
    SideIn,
)
from parity.web.orgs.tenancy import tenant_for
from parity.web.surveys.batches import batch_of, void_unused, voided_count_shown
from parity.web.surveys.models import Round
from parity.web.surveys.rounds import Side, round_of, rounds_of, side_counts
from parity.web.surveys.services import (
    InvitationError,
    RoundError,
    RoundStateError,
    checked_side,
    close_round,
    create_round,
    invite_by_email,
    release_round,
)

T = TypeVar("T")
In = TypeVar("In", bound=SideIn)

router = Router(tags=["rounds"])


# A route with one response status answers with it: 201 for the POSTs below.


@router.get("/orgs/{slug}/rounds", response=list[RoundOut], summary="An organization's rounds")
def list_rounds(request: HttpRequest, slug: str) -> list[Round]:
    return list(rounds_of(tenant_for(request.user, slug)).prefetch_related("relationships"))


@router.get("/orgs/{slug}/rounds/{round_id}", response=RoundOut, summary="One round")
def get_round(request: HttpRequest, slug: str, round_id: int) -> Round:
    return round_of(tenant_for(request.user, slug), round_id)


@router.post(
    "/orgs/{slug}/rounds",
    response={201: RoundOut},
    summary="Open a round (facilitators)",
    description="Invitations are made separately, per side, once the round exists.",
)
def create_round_api(request: HttpRequest, slug: str, data: RoundIn) -> Round:
    tenant = tenant_for(request.user, slug, edit=True)
    try:
        created = create_round(
            tenant,
            data.name,
            data.opens_at,
            data.closes_at,
            data.relationship_ids,
            data.instrument,
            data.attributes,
            data.language,
        )
    except RoundError as error:
        raise HttpError(400, str(error)) from error
    return created


@router.post(
    "/orgs/{slug}/rounds/{round_id}/close",
    response={200: RoundOut, 409: Refusal},
    summary="Close an open round now (facilitators)",
    description=(
        "Its links stop working and its answers are sealed; results are published from then "
        "on. 409 unless the round is open."
    ),
)
def close_round_api(request: HttpRequest, slug: str, round_id: int) -> Round:
    found = round_of(tenant_for(request.user, slug, edit=True), round_id)
    try:
        close_round(found)
    except RoundStateError as error:
        raise HttpError(409, str(error)) from error
    return found


@router.post(
    "/orgs/{slug}/rounds/{round_id}/release",
    response={200: RoundOut, 409: Refusal},
    summary="Release a closed round's results to both sides at once (facilitators)",
    description="The sides' results links open the results from then on. 409 until it closes.",
)
def release_round_api(request: HttpRequest, slug: str, round_id: int) -> Round:
    found = round_of(tenant_for(request.user, slug, edit=True), round_id)
    try:
        release_round(found)
    except RoundStateError as error:
        raise HttpError(409, str(error)) from error
    return found


@router.post(
    "/orgs/{slug}/rounds/{round_id}/invitations/codes",
    response={201: CodeBatchOut},
    summary="Make anonymous single-use codes for one side (facilitators)",
    description=(
        "The codes are in this response only: Parity keeps just their hashes. Hand them out "
        "on paper or by any channel; each opens the survey once. Keep `batch_id` to void the "
        "batch's unused codes if they are lost."
    ),
)
def create_code_batch(
    request: HttpRequest, slug: str, round_id: int, data: CodeBatchIn
) -> dict[str, Any]:
    return _invite(request, slug, round_id, data, _make_codes)


@router.post(
    "/orgs/{slug}/rounds/{round_id}/invitations/codes/{batch_id}/void",
    response=CodeVoidOut,
    summary="Void the unused codes of a batch (facilitators)",
    description=(
        "The batch's unused codes stop opening the survey (their link reads as unknown); used "
        "ones keep their answers. Says how many were voided, never which were used."
    ),
)
def void_code_batch(
    request: HttpRequest, slug: str, round_id: int, batch_id: uuid.UUID
) -> dict[str, Any]:
    found = batch_of(round_of(tenant_for(request.user, slug, edit=True), round_id), batch_id)
    voided = void_unused(found)
    return {
        "round_id": found.round.pk,
        "batch_id": found.id,
        "codes": found.size,
        "voided": voided if voided_count_shown(found) else None,
    }


@router.post(
    "/orgs/{slug}/rounds/{round_id}/invitations/emails",
    response={201: EmailBatchOut},
    summary="E-mail single-use survey links to one side (facilitators)",
    description=(
        "Each address gets its own link by e-mail, mailed by the background worker (at once, or "
        "when the round opens). The answer holds only the number queued and when they go out: "
        "links and addresses are not returned."
    ),
)
def create_email_batch(
    request: HttpRequest, slug: str, round_id: int, data: EmailBatchIn
) -> dict[str, Any]:
    return _invite(request, slug, round_id, data, _send_emails)


def _invite(
    request: HttpRequest,
    slug: str,
    round_id: int,
    data: In,
    make: Callable[[HttpRequest, Round, Side, In], dict[str, Any]],
) -> dict[str, Any]:
    """Invite one side of a round of an organization the caller can edit: the ids of the round
    and the side, then what ``make`` says of the invitations it made."""
    found = round_of(tenant_for(request.user, slug, edit=True), round_id)
    side = _invitations(lambda: checked_side(found, data.relationship_id, data.party_id))
    made = _invitations(lambda: make(request, found, side, data))
    ids = {"round_id": found.pk, "relationship_id": side.relationship.pk, "party_id": side.party.pk}
    return {**ids, **made}


def _make_codes(
    request: HttpRequest, found: Round, side: Side, data: CodeBatchIn
) -> dict[str, Any]:
    batch, codes = make_codes(request, found, side, data.count)
    return {
        "batch_id": batch,
        "party": side.party.name,
        "about": side.other.name,
        "entry_url": request.build_absolute_uri(reverse("surveys:enter")),
        "codes": codes,
    }


def _send_emails(
    request: HttpRequest, found: Round, side: Side, data: EmailBatchIn
) -> dict[str, Any]:
    mailing = invite_by_email(found, side, data.emails, request.build_absolute_uri("/"))
    return {"sent": mailing.count, "goes_out_at": mailing.goes_out_at}


def _invitations(make: Callable[[], T]) -> T:
    """Run one invitation batch, turning a refusal into its HTTP error."""
    try:
        return make()
    except InvitationError as error:
        raise HttpError(error.status, str(error)) from error


@router.get(
    "/orgs/{slug}/rounds/{round_id}/response-counts",
    response=list[SideCountOut],
    summary="Invitations and responses per side, as counts",
    description=(
        "Never who answered. `responses` is null for a side with fewer invitations than the "
        "organization's score threshold, as on the round page."
    ),
)
def response_counts(request: HttpRequest, slug: str, round_id: int) -> list[dict[str, Any]]:
    found = round_of(tenant_for(request.user, slug), round_id)
    return [
        {
            "relationship_id": count.side.relationship.pk,
            "party_id": count.side.party.pk,
            "party": count.side.party.name,
            "about": count.side.other.name,
            "invitations": count.invitations,
            "email_invitations": count.emails,
            "code_invitations": count.codes,
            "responses": count.responses if count.counts_shown else None,
            "threshold": count.threshold,
            "reaches_threshold": count.reaches_threshold,
            "emails_not_sent": count.waiting,
            "by_day": [
                {"day": day.day, "used": day.used, "total": day.total} for day in count.by_day
            ],
        }
        for count in side_counts(found)
    ]
