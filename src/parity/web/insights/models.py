"""The links through which each side of a relationship reads its released results."""

from __future__ import annotations

from django.db import models

from parity.web.orgs.models import Party, Relationship
from parity.web.surveys.models import Round


class ReleaseLink(models.Model):
    """One side's read-only link to one relationship's results in one round.

    Like an invitation, the token is stored only as its SHA-256 hash (see
    :mod:`parity.web.tokens`): it is shown to the facilitator once, when the links are made.
    The link opens nothing until the round is released (``Round.released_at``), and then both
    sides' links open at the same moment.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="release_links")
    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "relationship", "party"], name="insights_one_link_per_side"
            ),
        ]

    def __str__(self) -> str:
        return f"Results link for {self.party} in {self.round}"
