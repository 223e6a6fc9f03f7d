"""Rounds, invitations and responses, shaped so that no answer can be traced to a person.

An :class:`Invitation` knows who was asked (an e-mail address, or a code handed out on paper);
a :class:`Response` knows only the round, the relationship and the side. There is no key from
one to the other, the response's id is random (so the order of rows does not mirror the order
of submissions) and it keeps only the day of submission, not the time.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum

from django.conf import settings
from django.db import models
from django.utils import timezone

from parity.core import instrument as instruments
from parity.core.instrument import Instrument
from parity.core.schema import TEXT_COLUMNS
from parity.web.orgs.models import Organization, Party, Relationship

#: The open questions' answers, named as the engine names its text columns.
TEXT_FIELDS: tuple[str, ...] = TEXT_COLUMNS


def item_fields(instrument: Instrument) -> tuple[str, ...]:
    """The instrument's item IDs as the survey's field names (lower case), in its order: the
    keys of a draft, a ballot and a response's ``answers``."""
    return tuple(item_id.lower() for item_id in instrument.item_ids)


#: What a first round asks: the instrument whose items each state one idea (docs/instrument.md).
FIRST_ROUND_INSTRUMENT = "TPI-2"


def instrument_for_new_round(organization: Organization) -> str:
    """What a new round asks unless told otherwise: the instrument of the organization's latest
    round, so that its trends compare like with like, or TPI-2 for a first round."""
    latest = organization.rounds.order_by("-created_at").first()
    if latest is not None:
        return str(latest.instrument)
    known = instruments.shipped_instruments()
    return FIRST_ROUND_INSTRUMENT if FIRST_ROUND_INSTRUMENT in known else next(iter(known))


def instrument_choices() -> list[tuple[str, str]]:
    """The instruments a round may ask: those Parity ships, read when asked."""
    return [
        (ident, f"{ident}: {i.title}, {len(i.items)} statements")
        for ident, i in instruments.shipped_instruments().items()
    ]


def language_choices() -> list[tuple[str, str]]:
    """The languages a round's survey and e-mails can speak: those of :setting:`LANGUAGES`."""
    return list(settings.LANGUAGES)


class RoundState(Enum):
    """Where a round stands in time: the one computation every page, the API and the survey
    read (:attr:`Round.state`)."""

    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"


class Round(models.Model):
    """One assessment of chosen relationships between an opening and a closing moment.

    ``released_at`` marks the simultaneous release: results become visible to both parties'
    members at that moment, so neither side sees them first.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(max_length=120)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    relationships = models.ManyToManyField(Relationship, related_name="rounds")
    #: The shipped instrument the round asks (:func:`parity.core.instrument.shipped_instruments`);
    #: its items are the keys of the round's answers.
    instrument = models.CharField(max_length=20, default="TPI-1", choices=instrument_choices)
    #: The language of the round's invitations and reminders, and of its survey for a
    #: respondent whose browser asks for no language Parity has (parity.web.language).
    language = models.CharField(max_length=10, default="en", choices=language_choices)
    released_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: The organization's thresholds as they stood at the round's first answer: what the
    #: respondents were promised. They can be raised for the round, never lowered
    #: (:func:`parity.web.surveys.sealing.thresholds_of`).
    score_threshold = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    text_threshold = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    #: When the closed round's last mixing step ran: every ballot counted and shuffled, drafts
    #: and addresses deleted. Results are read only from a sealed round.
    sealed_at = models.DateTimeField(null=True, blank=True, editable=False)
    #: When the last reminder to those who had not answered was asked for: the round's, never a
    #: person's (parity.web.surveys.reminders).
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    #: Keep the respondents the screen flags in the scores (docs/method.md §2a) rather than
    #: leave them out. Chosen while the round is open and fixed when it closes, so its results
    #: are only ever published one way (:mod:`parity.web.insights.screening`).
    keep_flagged = models.BooleanField(default=False)
    #: The respondent attributes the round asks (role, level, location, tenure), each with
    #: the choices the survey offers, as :func:`parity.web.surveys.attributes.asked_attributes`
    #: gives them; chosen when the round is opened and fixed from then on. Empty: none asked.
    attributes = models.JSONField(default=dict, blank=True, editable=False)
    #: What the round asks about, as it stood when each relationship joined the round: the two
    #: parties' names, the label and scope, the instrument and thresholds
    #: (:mod:`parity.web.surveys.asked`). Results read these facts, never the live map.
    asked = models.JSONField(default=dict, blank=True, editable=False)
    #: Grows by one whenever what the round asked or what it was answered is written (its
    #: facts recorded, ballots mixed or the round sealed): with the responses' count, the
    #: results' cache key (:func:`parity.web.insights.results.results_key`), so a page finds
    #: its cached results with one small query instead of reading the round's answers.
    revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="surveys_round_closes_after_opening",
                violation_error_message="A round must close after it opens.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def state_at(self, moment: datetime | None = None) -> RoundState:
        """Scheduled before it opens, open until it closes, closed from then on."""
        now = moment or timezone.now()
        if now < self.opens_at:
            return RoundState.SCHEDULED
        return RoundState.OPEN if now < self.closes_at else RoundState.CLOSED

    @property
    def state(self) -> RoundState:
        """The round's :class:`RoundState` now."""
        return self.state_at()

    @property
    def status(self) -> str:
        """How its results stand: ``provisional`` until it closes, then ``closed``, or
        ``released`` once released to both sides."""
        if self.released_at is not None:
            return "released"
        return "closed" if self.state is RoundState.CLOSED else "provisional"

    def questions(self) -> Instrument:
        """The instrument this round asks."""
        return instruments.shipped_instrument(self.instrument)


class InvitationKind(models.TextChoices):
    EMAIL = "email", "E-mail link"
    CODE = "code", "Printed code"
    #: An answer brought in from another survey tool (:mod:`.answer_import`), used as it is made.
    IMPORTED = "imported", "Imported answer"


class Invitation(models.Model):
    """A single-use right to answer for one side of one relationship in one round.

    The token is stored only as its SHA-256 hash; the link expires when the round closes.
    ``sealed_draft`` keeps unfinished answers so the respondent can come back with the same
    link, encrypted with a key derived from the link's token, which the database never holds;
    it is deleted at submission and when the round closes, and so is ``email``
    (docs/privacy.md). A printed code belongs to the ``batch`` of its sheet and can be voided
    while unused.

    An e-mail invitation is made with a hash no one holds the token of, and ``mailed_at`` empty;
    the background worker mints its link and sets ``mailed_at`` in the transaction that mails it
    (:mod:`parity.web.surveys.mail`), so an invitation the mail server refused is tried again
    and never counted as sent.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    relationship = models.ForeignKey(Relationship, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=InvitationKind.choices)
    email = models.EmailField(null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)
    sealed_draft = models.TextField(blank=True, default="")
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    batch = models.UUIDField(null=True, blank=True, editable=False, db_index=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="email") | models.Q(email__isnull=True),
                name="surveys_invitation_code_has_no_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.party} in {self.round}"

    @property
    def expires_at(self) -> datetime:
        return self.round.closes_at

    def usable(self) -> bool:
        return (
            self.used_at is None and self.voided_at is None and self.round.state is RoundState.OPEN
        )


class Ballot(models.Model):
    """A submitted response waiting in the ballot box for its side's next mixing step.

    The ballot is written in the transaction that claims the invitation, so until it is mixed a
    database reader could pair the two rows by their system columns. Mixing
    (:mod:`parity.web.surveys.sealing`) moves a side's ballots into :class:`Response` rows in
    shuffled order, with fresh ids, in a transaction of its own, and deletes them; the rows
    then say only which group of at least the round's score threshold they came from.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballots")
    relationship = models.ForeignKey(Relationship, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    about = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict)
    #: The time taken, as a response keeps it (:mod:`parity.web.surveys.timing`).
    seconds = models.PositiveIntegerField(null=True, blank=True, editable=False)

    def __str__(self) -> str:
        return f"A ballot of {self.party} in {self.round}"


class Response(models.Model):
    """One respondent's answers about the other party: the items of the round's instrument
    (``answers``, checked against its scale when the ballot is mixed), the open questions, and
    the attributes the round asks that the respondent gave.

    Written only by a mixing step, never at submission, and with no date of its own: the time
    the respondent took is kept as a coarse duration, never as a moment.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    relationship = models.ForeignKey(Relationship, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    about = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    #: The rated items: the field name of each answered item (lower case) -> its whole-number
    #: answer on the instrument's scale; a skipped item is absent.
    answers = models.JSONField(default=dict)
    purpose = models.TextField(blank=True)
    persona = models.TextField(blank=True)
    mirror = models.TextField(blank=True)
    comment = models.TextField(blank=True)
    #: How long the respondent took, in whole seconds rounded up to a step and capped (the
    #: respondent screen's speeders); never a moment (:mod:`parity.web.surveys.timing`). Null
    #: when not known.
    seconds = models.PositiveIntegerField(null=True, blank=True, editable=False)
    #: The respondent's attributes: only those the round asks, each a value among its choices;
    #: an attribute the respondent preferred not to give is absent
    #: (:func:`parity.web.surveys.attributes.given_attributes`).
    attributes = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(party=models.F("about")),
                name="surveys_response_about_other_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} about {self.about} in {self.round}"
