"""What the API takes and returns: the mapped organization, its rounds and invitations, and
participation as counts; never anyone's answers (results are in :mod:`parity.web.insights.api`).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from ninja import Field, Schema
from pydantic import field_validator

from parity.web.names import control_character_problem
from parity.web.orgs.models import Relationship
from parity.web.surveys.asked import AskedRelationship, asked_relationships
from parity.web.surveys.attributes import MAX_CHOICES, MIN_CHOICES, asked_of
from parity.web.surveys.models import Round
from parity.web.surveys.rounds import MAX_BATCH


class OrganizationOut(Schema):
    slug: str
    name: str
    score_threshold: int
    text_threshold: int


class PartyOut(Schema):
    id: int
    name: str
    kind: str
    function: str
    description: str


class RelationshipOut(Schema):
    id: int
    party_a: str
    party_b: str
    label: str
    scope: str

    @staticmethod
    def resolve_party_a(relationship: Relationship | AskedRelationship) -> str:
        return relationship.party_a.name

    @staticmethod
    def resolve_party_b(relationship: Relationship | AskedRelationship) -> str:
        return relationship.party_b.name


class RoundOut(Schema):
    id: int
    name: str
    opens_at: datetime
    closes_at: datetime
    state: str = Field(description="`scheduled`, `open` or `closed`.")
    instrument: str = Field(description="The instrument the round asks, such as `TPI-1`.")
    language: str = Field(
        description="The language of its invitations, reminders and survey: `en` or `de`."
    )
    released_at: datetime | None = Field(
        description="When the results were released to both sides; null until then."
    )
    relationships: list[RelationshipOut]
    attributes: dict[str, list[str]] = Field(
        description=(
            "The respondent attributes the round asks (`role`, `level`, `location`, `tenure`), "
            "each with the choices the survey offers besides “Prefer not to say”; tenure's are "
            "its fixed bands. Empty when none is asked."
        )
    )

    @staticmethod
    def resolve_state(round_: Round) -> str:
        return round_.state.value

    @staticmethod
    def resolve_attributes(round_: Round) -> dict[str, list[str]]:
        return asked_of(round_.attributes)

    @staticmethod
    def resolve_relationships(round_: Round) -> list[AskedRelationship]:
        """As the round asks about them, whatever the map says today."""
        return asked_relationships(round_)


class RoundIn(Schema):
    name: str = Field(min_length=1, max_length=120)

    @field_validator("name")
    @classmethod
    def _one_line(cls, name: str) -> str:
        problem = control_character_problem(name, "round's name")
        if problem is not None:
            raise ValueError(problem)
        return name

    opens_at: datetime = Field(
        description="ISO 8601; without an offset, the server's time zone (PARITY_TIME_ZONE)."
    )
    closes_at: datetime = Field(description="Must be after `opens_at`.")
    instrument: str | None = Field(
        None,
        description=(
            "The instrument the round asks: one that Parity ships (`TPI-1`, `TPI-2`). By "
            "default the instrument of the organization's latest round, or `TPI-2` for a first."
        ),
    )
    language: str | None = Field(
        None,
        description=(
            "The language of the round's invitations and reminders, and of its survey for a "
            "respondent whose browser asks for none Parity has: `en` (the default) or `de`."
        ),
    )
    relationship_ids: list[int] = Field(
        min_length=1, description="Relationships of the organization that the round asks about."
    )
    attributes: dict[str, list[str]] = Field(
        default_factory=dict,
        description=(
            "The respondent attributes the round asks, each with its choices: `role`, `level`, "
            f"`location` with {MIN_CHOICES} to {MAX_CHOICES} choices written by the facilitator "
            "(a choice list only, no free text; the survey adds “Prefer not to say”, stored as "
            "nothing), `tenure` with `[]` (its fixed bands). Fixed once the round is opened; "
            "groups smaller than the score threshold are never shown (docs/method.md §2b)."
        ),
        examples=[{"role": ["Business partner", "Administrator"], "tenure": []}],
    )


class SideIn(Schema):
    """One side of a relationship in the round: the members of ``party_id`` answer."""

    relationship_id: int
    party_id: int = Field(description="The party whose members answer (one of the two).")


class CodeBatchIn(SideIn):
    count: int = Field(ge=1, le=MAX_BATCH, description="How many single-use codes to make.")


class CodeOut(Schema):
    code: str = Field(
        description=(
            "As printed, `XXXX-XXXX-XXXX`: 12 characters of Crockford's base32, the last a "
            "check. Typed in any case, with or without spaces and hyphens."
        )
    )
    link: str = Field(description="The survey address with the code in it.")


class CodeBatchOut(Schema):
    round_id: int
    batch_id: uuid.UUID = Field(description="The batch, to void its unused codes later.")
    relationship_id: int
    party_id: int
    party: str
    about: str = Field(description="The other party, whom the survey is about.")
    entry_url: str = Field(description="Where a respondent types a printed code.")
    codes: list[CodeOut] = Field(description="Shown this once: only their hashes are kept.")


class CodeVoidOut(Schema):
    round_id: int
    batch_id: uuid.UUID
    codes: int = Field(description="How many codes the batch has, used or not.")
    voided: int | None = Field(
        description=(
            "How many unused codes were voided; never which were used. Null for a batch of "
            "fewer codes than the score threshold: with so few, the number would tell who "
            "answered."
        )
    )


class EmailBatchIn(SideIn):
    emails: list[str] = Field(min_length=1, max_length=MAX_BATCH)


class EmailBatchOut(Schema):
    round_id: int
    relationship_id: int
    party_id: int
    sent: int = Field(description="How many invitations were made and queued for e-mail.")
    goes_out_at: datetime = Field(
        description=(
            "When the background worker mails them: now, or the round's opening when it has not "
            "opened yet."
        )
    )


class DayCountOut(Schema):
    """Invitations of one side used by the end of one day of the round."""

    day: date
    used: int = Field(description="Invitations used that day.")
    total: int = Field(description="Invitations used by the end of that day.")


class SideCountOut(Schema):
    """Participation of one side, as numbers only (the rule of the round page)."""

    relationship_id: int
    party_id: int
    party: str
    about: str
    invitations: int
    email_invitations: int
    code_invitations: int
    responses: int | None = Field(
        description=(
            "Null while fewer invitations than the score threshold were made for the side: "
            "with so few, the number would tell who answered."
        )
    )
    threshold: int = Field(description="The organization's anonymity threshold for scores.")
    reaches_threshold: bool = Field(description="Enough responses for the side's scores.")
    emails_not_sent: int = Field(
        description=(
            "E-mail invitations not mailed yet (the round has not opened, the worker has not "
            "reached them, or the mail server refused them)."
        )
    )
    by_day: list[DayCountOut] = Field(
        description=(
            "Every day of the round so far (days only, never times); empty while the count "
            "itself is not shown."
        )
    )
