"""What a facilitator maps: an organization, its parties, and who relates to whom under which label.

Every row below an organization carries its ``organization`` so that one filter scopes it (see
:mod:`parity.web.orgs.tenancy`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parity.core.policy import DEFAULT_SCORE_THRESHOLD, DEFAULT_TEXT_THRESHOLD, MIN_THRESHOLD
from parity.web.names import LABEL_LENGTH


class Organization(models.Model):
    """A workspace: one company (or one client of a consultant) and everything mapped in it."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    score_threshold = models.PositiveSmallIntegerField(
        _("anonymity threshold for scores"),
        default=DEFAULT_SCORE_THRESHOLD,
        validators=[MinValueValidator(MIN_THRESHOLD)],
        help_text=_("A side with fewer respondents than this never has its scores shown."),
    )
    text_threshold = models.PositiveSmallIntegerField(
        _("anonymity threshold for quoted text"),
        default=DEFAULT_TEXT_THRESHOLD,
        validators=[MinValueValidator(MIN_THRESHOLD)],
        help_text=_("Words are easier to recognise than numbers, so quotes need a larger group."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score_threshold__gte=MIN_THRESHOLD)
                & models.Q(text_threshold__gte=MIN_THRESHOLD),
                name="orgs_threshold_at_least_3",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """What a member may do; each role may do everything of the roles below it.

    The owner also decides about the organization itself (its settings, its members, deleting
    it); facilitators map, invite and run rounds; viewers read. The rules are enforced in
    :mod:`parity.web.orgs.tenancy`.
    """

    OWNER = "owner", _("Owner")
    FACILITATOR = "facilitator", _("Facilitator")
    VIEWER = "viewer", _("Viewer")


#: A role as a sentence names it ("… join as facilitator"), in the page's language.
ROLE_IN_A_SENTENCE = {
    Role.OWNER: pgettext_lazy("role in a sentence", "owner"),
    Role.FACILITATOR: pgettext_lazy("role in a sentence", "facilitator"),
    Role.VIEWER: pgettext_lazy("role in a sentence", "viewer"),
}

#: Roles from the most to the least a member may do.
ROLES_BY_RANK: tuple[Role, ...] = (Role.OWNER, Role.FACILITATOR, Role.VIEWER)


def outranks(role: str, other: str) -> bool:
    """True when ``role`` may do more than ``other``."""
    return ROLES_BY_RANK.index(Role(role)) < ROLES_BY_RANK.index(Role(other))


class Membership(models.Model):
    """A user's place in an organization, with the :class:`Role` that says what they may do."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="orgs_one_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organization} ({self.role})"


class PartyKind(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    OUTSIDE_FIRM = "outside_firm", _("Outside firm")


class Function(models.TextChoices):
    IT = "it", "IT"
    HR = "hr", "HR"
    FINANCE = "finance", _("Finance")
    LEGAL = "legal", _("Legal")
    SALES = "sales", _("Sales")
    OPERATIONS = "operations", _("Operations")
    PROCUREMENT = "procurement", _("Procurement")
    MARKETING = "marketing", _("Marketing")
    OTHER = "other", _("Other")


class Party(models.Model):
    """One side of relationships: a department, team or outside firm."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=PartyKind.choices, default=PartyKind.DEPARTMENT)
    function = models.CharField(max_length=20, choices=Function.choices, default=Function.OTHER)
    description = models.TextField(blank=True)
    #: Archived: hidden from the map and from new rounds, kept in the rounds that asked about
    #: it (:mod:`parity.web.orgs.services`).
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="orgs_party_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Scope(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    EXTERNAL = "external", _("External")


class Relationship(models.Model):
    """Two parties of one organization and the label their relationship carries.

    The pair is unordered ("IT and Sales" is "Sales and IT"), so uniqueness is on the smaller
    and the larger party id; ``party_a`` is only the side the facilitator named first.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="relationships"
    )
    party_a = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    party_b = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    #: What the organization calls the relationship, in its own words (web/names.py: free
    #: text on one line; a label containing "partner" declares a partnership).
    label = models.CharField(max_length=LABEL_LENGTH, default="none")
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.INTERNAL)
    #: Archived: hidden from the map and from new rounds, kept in the rounds that asked about it.
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["party_a__name", "party_b__name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(party_a=models.F("party_b")),
                name="orgs_relationship_two_parties",
                violation_error_message="A relationship needs two different parties.",
            ),
            models.UniqueConstraint(
                Least("party_a", "party_b"),
                Greatest("party_a", "party_b"),
                name="orgs_relationship_pair_unique",
                violation_error_message="These two parties already have a relationship.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party_a} – {self.party_b}"


class ImportJob(models.Model):
    """A confirmed import too large to save within its request, saved by the background worker
    (:mod:`parity.web.orgs.import_jobs`). ``plan`` is what the preview showed (party names,
    labels and scopes: the map, nothing a respondent gives); the row is deleted a day after it
    finished."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    #: Whoever confirmed it: the record of changes names them, and their role is checked again
    #: when the worker saves.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    plan = models.JSONField()
    #: The page's language when it was confirmed, in which a problem is told.
    language = models.CharField(max_length=10, default="en")
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    #: Why nothing was saved, told to whoever looks at the import's page; blank when it was.
    failure = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Import {self.pk} into {self.organization}"
