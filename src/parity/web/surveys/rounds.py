"""Running a round: its rows scoped to one organization, invitations per side, and counts.

Every query here starts from a :class:`~parity.web.orgs.tenancy.Tenant` (or from a round found
through one), so a round of another organization is never reached.

What a facilitator sees of participation is decided in :func:`side_counts`: numbers per side,
never who answered (see :class:`SideCount` for the rule).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.translation import gettext

from parity.web.orgs.models import Organization, Party, Relationship
from parity.web.orgs.tenancy import Tenant
from parity.web.surveys.models import (
    Ballot,
    Invitation,
    InvitationKind,
    Response,
    Round,
    RoundState,
)
from parity.web.surveys.sealing import seal, thresholds_of

#: The most invitations made in one go (a sheet of codes or a list of addresses).
MAX_BATCH = 500


def organization_rounds(organization: Organization) -> QuerySet[Round]:
    """An organization's rounds, newest first (the one query every list of rounds starts
    from; callers pass the signed-in tenant's organization). What each round asked is read
    on demand: on a large round it is most of the row, and a list of rounds needs none of it."""
    rounds = Round.objects.filter(organization=organization).defer("asked")
    return rounds.order_by("-opens_at", "-pk")


def rounds_of(tenant: Tenant) -> QuerySet[Round]:
    """The tenant's rounds, newest first."""
    return organization_rounds(tenant.organization)


def round_of(tenant: Tenant, pk: int) -> Round:
    """The tenant's round ``pk``; 404 for any other organization's round. The one way every
    page and API route finds a round."""
    return get_object_or_404(rounds_of(tenant).select_related("organization"), pk=pk)


@dataclass(frozen=True)
class Side:
    """One side of one relationship in a round: ``party`` answers about ``other``."""

    relationship: Relationship
    party: Party
    other: Party

    @property
    def key(self) -> str:
        return f"{self.relationship.pk}-{self.party.pk}"

    def __str__(self) -> str:
        return gettext("%(party)s, about %(other)s") % {
            "party": self.party.name,
            "other": self.other.name,
        }


def sides_of(round_: Round) -> list[Side]:
    """Both sides of every relationship in the round, in the relationships' order."""
    relationships = round_.relationships.select_related("party_a", "party_b")
    return [
        side
        for r in relationships
        for side in (Side(r, r.party_a, r.party_b), Side(r, r.party_b, r.party_a))
    ]


def side_by_key(round_: Round, key: str) -> Side | None:
    return next((side for side in sides_of(round_) if side.key == key), None)


def other_party(relationship: Relationship, party: Party) -> Party:
    return relationship.party_b if relationship.party_a_id == party.pk else relationship.party_a


def invitation_for(
    round_: Round,
    side: Side,
    token_hash: str,
    *,
    email: str | None = None,
    batch: UUID | None = None,
) -> Invitation:
    """An unsaved invitation of ``side``: by e-mail to ``email``, else a printed code of ``batch``.

    Both ways of inviting build their rows here, so that the kind always matches the address.
    """
    return Invitation(
        round=round_,
        relationship=side.relationship,
        party=side.party,
        kind=InvitationKind.CODE if email is None else InvitationKind.EMAIL,
        email=email,
        token_hash=token_hash,
        batch=batch,
    )


class AddressError(ValueError):
    """Addresses that cannot be invited, said as a sentence for the person who typed them."""


def checked_addresses(addresses: Iterable[str]) -> list[str]:
    """The addresses without repeats (ignoring case), in the order given: one rule for the
    invitation page and the API. Refused, naming up to ten, if any is not an address, or if
    there are more than :data:`MAX_BATCH`."""
    unique: dict[str, str] = {}
    wrong = []
    for address in (a.strip() for a in addresses):
        try:
            validate_email(address)
        except ValidationError:
            wrong.append(address)
        else:
            unique.setdefault(address.lower(), address)
    if wrong:
        raise AddressError(
            gettext("Not an e-mail address: %(addresses)s.") % {"addresses": ", ".join(wrong[:10])}
        )
    if len(unique) > MAX_BATCH:
        raise AddressError(gettext("At most %(most)s addresses at a time.") % {"most": MAX_BATCH})
    return list(unique.values())


def already_invited(round_: Round, side: Side, emails: list[str]) -> list[str]:
    """Those of ``emails`` that have an invitation for this relationship in this round."""
    taken = Invitation.objects.filter(
        round=round_, relationship=side.relationship, email__isnull=False
    ).values_list("email", flat=True)
    lowered = {str(address).lower() for address in taken}
    return [address for address in emails if address.lower() in lowered]


@dataclass(frozen=True)
class DayCount:
    """One day of a side's participation: the invitations used that day, and by then."""

    day: date
    used: int
    total: int


#: The height, in pixels, of a side's bars of responses by day on the round page.
DAY_BARS_HEIGHT = 32


@dataclass(frozen=True)
class SideCount:
    """What the round page shows for one side.

    The rule (also in docs/rounds-and-surveys.md):

    - Which invitation was used is never shown, for e-mail links or codes: the facilitator knows
      the names behind the addresses, so it would say who took part.
    - The number of invitations made is always shown: the facilitator made them.
    - The number of responses ("N of M invitations used") is shown only when at least the
      organization's score threshold of invitations were made for the side. With fewer, the
      side's scores can never be shown anyway, and the count would tell who answered ("2 of 2":
      both people invited did). The page asks for more invitations instead.
    """

    side: Side
    invitations: int
    emails: int
    codes: int
    responses: int
    threshold: int
    #: Responses by day (days only, never times), under the same rule as the count.
    by_day: tuple[DayCount, ...] = ()
    #: E-mail invitations not mailed yet: the worker has not reached them, the round has not
    #: opened, or the mail server refused them. Says nothing of answers (an invitation is used
    #: only through a link that was mailed).
    waiting: int = 0
    #: Answers brought in from another survey tool, each counted as an invitation used.
    imported: int = 0

    @property
    def counts_shown(self) -> bool:
        return self.invitations >= self.threshold

    @property
    def day_bars(self) -> list[dict[str, object]]:
        """The bars of :attr:`by_day` as the page draws them (the total by each day, out of
        the invitations), with a sentence for readers who cannot see them."""
        if not self.counts_shown or not self.by_day or not self.by_day[-1].total:
            return []  # nothing used yet: no empty chart
        width = 100 / len(self.by_day)
        return [
            {
                "x": round(i * width, 2),
                "width": round(width * 0.8, 2),
                "height": round(DAY_BARS_HEIGHT * d.total / max(self.invitations, 1), 2),
                "y": round(DAY_BARS_HEIGHT * (1 - d.total / max(self.invitations, 1)), 2),
                "day": d.day,
                "total": d.total,
            }
            for i, d in enumerate(self.by_day)
        ]

    @property
    def by_day_sentence(self) -> str:
        day_format = gettext("j M")
        told = ", ".join(
            f"{formats.date_format(d.day, day_format)}: {d.total}" for d in self.by_day
        )
        return gettext("Responses of %(party)s by the end of each day: %(told)s.") % {
            "party": self.side.party.name,
            "told": told,
        }

    @property
    def reaches_threshold(self) -> bool:
        return self.counts_shown and self.responses >= self.threshold

    @property
    def missing_invitations(self) -> int:
        return max(0, self.threshold - self.invitations)

    @property
    def missing_responses(self) -> int:
        return max(0, self.threshold - self.responses)

    @property
    def percent(self) -> int:
        return round(100 * self.responses / self.invitations) if self.invitations else 0


def side_counts(round_: Round) -> list[SideCount]:
    """Invitations and responses per side; responses only as numbers (see :class:`SideCount`)."""
    invited = Counter[tuple[int, int, str]]()
    for row in (
        Invitation.objects.filter(round=round_)
        .values("relationship_id", "party_id", "kind")
        .annotate(n=Count("id"))
    ):
        invited[(row["relationship_id"], row["party_id"], row["kind"])] = row["n"]
    answered = Counter[tuple[int, int]]()
    for model in (Ballot, Response):
        for row in (
            model.objects.filter(round=round_)
            .values("relationship_id", "party_id")
            .annotate(n=Count("id"))
        ):
            answered[(row["relationship_id"], row["party_id"])] += row["n"]
    threshold = thresholds_of(round_).score
    days = _days_used(round_)
    waiting = _waiting_by_side(round_)
    counts = []
    for side in sides_of(round_):
        at = (side.relationship.pk, side.party.pk)
        emails = invited[(*at, InvitationKind.EMAIL.value)]
        codes = invited[(*at, InvitationKind.CODE.value)]
        imported = invited[(*at, InvitationKind.IMPORTED.value)]
        count = SideCount(
            side,
            emails + codes + imported,
            emails,
            codes,
            answered.get(at, 0),
            threshold,
            waiting=waiting[at],
            imported=imported,
        )
        if count.counts_shown:
            count = replace(count, by_day=_by_day(round_, days.get(at, {})))
        counts.append(count)
    return counts


def _waiting_by_side(round_: Round) -> Counter[tuple[int, int]]:
    """E-mail invitations not mailed yet, per side (see :mod:`parity.web.surveys.mail`)."""
    rows = (
        Invitation.objects.filter(
            round=round_, kind=InvitationKind.EMAIL, mailed_at__isnull=True, email__isnull=False
        )
        .values("relationship_id", "party_id")
        .annotate(n=Count("id"))
    )
    return Counter({(row["relationship_id"], row["party_id"]): row["n"] for row in rows})


def _days_used(round_: Round) -> dict[tuple[int, int], dict[date, int]]:
    """Invitations used per side and day (an invitation keeps only the day it was used)."""
    found: dict[tuple[int, int], dict[date, int]] = {}
    rows = (
        Invitation.objects.filter(round=round_, used_at__isnull=False)
        .annotate(day=TruncDate("used_at", tzinfo=timezone.get_current_timezone()))
        .values("relationship_id", "party_id", "day")
        .annotate(n=Count("id"))
    )
    for row in rows:
        side = found.setdefault((row["relationship_id"], row["party_id"]), {})
        side[row["day"]] = row["n"]
    return found


def _by_day(round_: Round, used: dict[date, int]) -> tuple[DayCount, ...]:
    """Every day of the round up to today (or its close), with the invitations used then."""
    first = timezone.localtime(round_.opens_at).date()
    last = min(timezone.localdate(), timezone.localtime(round_.closes_at).date())
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    total = 0
    counted = []
    for day in days:
        total += used.get(day, 0)
        counted.append(DayCount(day, used.get(day, 0), total))
    return tuple(counted)


def close_now(round_: Round) -> bool:
    """Close an open round at once and seal it (its answers mixed, drafts and addresses
    deleted); False (and nothing changed) unless it is open."""
    now = timezone.now()
    if round_.state_at(now) is not RoundState.OPEN:
        return False
    round_.closes_at = now
    round_.save(update_fields=["closes_at"])
    seal(round_, now)
    return True
