"""The links through which each side of a relationship reads its released results, and the
quotes a facilitator hid before both sides see them."""

from __future__ import annotations

from django.conf import settings
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


class HiddenQuote(models.Model):
    """A quote a facilitator hid from one relationship's results in one round.

    The quote is stored as its key (:func:`parity.core.policy.quote_key`, a SHA-256 digest of
    the side, the question and the words), not as its words: the row that keeps a quote out of
    sight does not repeat it. The disclosure gate leaves every hidden quote out of the pages,
    the reports, the workshop pack and the API (:mod:`parity.web.insights.quotes`).
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="hidden_quotes")
    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "relationship", "key"], name="insights_quote_hidden_once"
            ),
        ]

    def __str__(self) -> str:
        return f"A quote hidden from {self.relationship} in {self.round}"


class PreparedReport(models.Model):
    """A report file drawn by the background worker, kept until it is fetched or an hour passes.

    A large organization's PDF takes longer to draw than a request should wait, so the worker
    draws it (:mod:`parity.web.insights.prepared`). The row is keyed by everything the report is
    drawn from (the round's results key, the names, the earlier rounds), so a change to the
    round, a rename or a quote hidden since gives a new report, never the old file. The file
    holds only what the download would: the disclosed results.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    key = models.CharField(max_length=64)
    content = models.BinaryField(null=True, editable=False)
    filename = models.CharField(max_length=255, blank=True)
    failed = models.BooleanField(default=False)
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "kind", "key"], name="insights_one_prepared_report_per_key"
            ),
        ]

    def __str__(self) -> str:
        return f"A prepared {self.kind} of {self.round}"
