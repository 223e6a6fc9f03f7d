"""An invitation for a colleague to join an organization, sent as a single-use link."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from parity.core.wording import with_article
from parity.web.orgs.models import Organization, Role
from parity.web.tokens import hash_token, new_token

#: How long an invitation link works.
INVITE_DAYS = 7


class Invite(models.Model):
    """The link's token is stored only as its SHA-256 hash (see :mod:`parity.web.tokens`)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invites")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One open invitation per address and organization: a new one replaces the old
            # (parity.web.accounts.colleague_invites.send_invite), even when two are sent at once.
            models.UniqueConstraint(
                "organization",
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True),
                name="one_open_invite_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.organization} as {self.role}"

    def is_for(self, user: User) -> bool:
        """Whether ``user``'s e-mail address is the invited one (in any letter case)."""
        return bool(user.email) and user.email.strip().lower() == self.email.strip().lower()

    @property
    def usable(self) -> bool:
        return self.accepted_at is None and timezone.now() < self.expires_at

    @property
    def role_in_words(self) -> str:
        """The role as a sentence names it: "an owner", "a viewer"."""
        return with_article(self.role)


def create_invite(
    organization: Organization, email: str, role: str, invited_by: User | None
) -> tuple[Invite, str]:
    """A saved invite and the token for its link (the only time the token exists in clear)."""
    token, digest = new_token()
    invite = Invite.objects.create(
        organization=organization,
        email=email,
        role=role,
        token_hash=digest,
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=INVITE_DAYS),
    )
    return invite, token


def find_invite(token: str) -> Invite | None:
    return (
        Invite.objects.select_related("organization").filter(token_hash=hash_token(token)).first()
    )


class ApiToken(models.Model):
    """A personal API token for scripts: it acts as its user, with the user's memberships.

    Only the SHA-256 hash of the token is stored (see :mod:`parity.web.accounts.api_tokens`);
    ``prefix`` keeps its first characters so the user can tell their tokens apart.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. a script.")
    prefix = models.CharField(max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) of {self.user}"
