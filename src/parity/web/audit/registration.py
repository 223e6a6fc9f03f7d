"""What django-auditlog records: the map and the rounds as facilitators and owners shape them.

Recorded, field by field (from what to what, by whom, when): an organization's name, address
and thresholds; its parties, relationships and members' roles; its rounds' names, dates,
survey, relationships and release. Nothing a respondent gives or receives is ever recorded:
answers, ballots, drafts, invitations (their tokens, codes and e-mail addresses) and the
respondent attributes of a round are models or fields that are simply not registered.

Each entry carries the organization's id in ``additional_data``, so that the record of one
organization is read with one query, deleted parties and relationships included. auditlog asks
each saved instance for it through ``get_additional_data``, which is given to the models here
rather than in their own module.
"""

from __future__ import annotations

from typing import Any

from auditlog.context import auditlog_value
from auditlog.registry import auditlog
from django.contrib.auth.models import User
from django.db import models

from parity.web.orgs.models import Membership, Organization, Party, Relationship
from parity.web.surveys.models import Round

#: The fields recorded for each model; every other field, and every other model, is not.
RECORDED_FIELDS: dict[type[models.Model], list[str]] = {
    Organization: ["name", "slug", "score_threshold", "text_threshold"],
    Party: ["organization", "name", "kind", "function", "description"],
    Relationship: ["organization", "party_a", "party_b", "label", "scope"],
    Membership: ["organization", "user", "role"],
    Round: [
        "organization",
        "name",
        "opens_at",
        "closes_at",
        "instrument",
        "keep_flagged",
        "released_at",
    ],
}
#: Many-to-many fields recorded as added and removed members.
RECORDED_M2M: dict[type[models.Model], set[str]] = {Round: {"relationships"}}


def _organization_of(instance: models.Model) -> dict[str, Any]:
    if isinstance(instance, Organization):
        return {"organization": instance.pk}
    return {"organization": getattr(instance, "organization_id", None)}


def register_models() -> None:
    """Register the recorded models with auditlog (once, at start-up)."""
    for model, fields in RECORDED_FIELDS.items():
        if auditlog.contains(model):
            continue
        model.get_additional_data = _organization_of  # type: ignore[attr-defined]
        auditlog.register(model, include_fields=fields, m2m_fields=RECORDED_M2M.get(model))


def record_actor(user: User) -> None:
    """Name ``user`` as the author of this request's changes.

    auditlog's middleware reads the user when the request arrives: enough for a browser
    session, but an API call with a personal token is signed in later, by the API itself.
    """
    try:
        context = auditlog_value.get()
    except LookupError:
        return
    context["actor"] = user
