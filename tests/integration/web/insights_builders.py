"""Builders for the results tests: rounds with answers that read as a chosen archetype."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.support.builders import ITEM_PAIRS, varied

from parity.core.instrument import default_instrument
from parity.web.orgs.models import Organization, Party, Relationship
from parity.web.surveys.models import Response, Round, item_fields

ITEM_FIELDS = item_fields(default_instrument())


#: High on the partnering items, low on alternatives, deference, direction and transactional;
#: TRS3 is reverse-keyed, so a low answer there is high trust.
LOW_ITEMS = {"alt1", "alt2", "def1", "def2", "dir1", "dir2", "trx1", "trx2", "trs3"}
PARTNER = {item: (2 if item in LOW_ITEMS else 6) for item in ITEM_FIELDS}
PARTNER_TEXT = "We own the outcome jointly with {other}, as equals, and decide together."


def make_results_round(
    org: Organization,
    relationships: list[Relationship],
    *,
    name: str = "Spring",
    closed: bool = True,
    days_ago: int = 30,
) -> Round:
    """A round of ``org`` that opened ``days_ago`` days ago and has closed (or is still open)."""
    opens = timezone.now() - timedelta(days=days_ago)
    closes = timezone.now() - timedelta(days=1) if closed else timezone.now() + timedelta(days=7)
    made = Round.objects.create(organization=org, name=name, opens_at=opens, closes_at=closes)
    made.relationships.set(relationships)
    return made


def answered_round(relationship: Relationship, per_side: int) -> Round:
    """A closed round of ``relationship`` alone, each side answering ``per_side`` times as
    partners (:func:`answer`)."""
    round_ = make_results_round(relationship.organization, [relationship])
    for party in (relationship.party_a, relationship.party_b):
        answer(round_, relationship, party, per_side)
    return round_


def answer(
    round_: Round,
    relationship: Relationship,
    party: Party,
    n: int,
    *,
    answers: dict[str, int] | None = None,
    text: str = PARTNER_TEXT,
    written: dict[str, str] | None = None,
) -> None:
    """``n`` responses of ``party`` about the other side of ``relationship``; ``written``
    gives the answers to the other open questions (``persona``, ``mirror``, ``comment``)."""
    other = relationship.party_b if party == relationship.party_a else relationship.party_a
    values = answers or PARTNER
    # The ballots' construct scores are all those of ``values``, their item answers differ:
    # the respondent screen (docs/method.md §2a) leaves none out as a duplicate.
    ballots = varied(values, n, [(a.lower(), b.lower()) for a, b in ITEM_PAIRS])
    Response.objects.bulk_create(
        Response(
            round=round_,
            relationship=relationship,
            party=party,
            about=other,
            purpose=text.format(other=other.name) if text else "",
            **{q: t.format(other=other.name) for q, t in (written or {}).items()},
            answers={item: ballot[item] for item in item_fields(round_.questions())},
        )
        for ballot in ballots
    )


def counting_analyses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one each time the results service runs the engine's analysis."""
    from parity.web.insights import results

    calls: list[int] = []
    real = results.analyze

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(results, "analyze", counting)
    return calls
