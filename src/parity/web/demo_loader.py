"""Harbour & Vale Group in the database, so that a first start shows a working organization.

The data are :func:`parity.demo.company.demo_dataset`, the same the CLI's ``parity demo`` writes
to files: a finished round holds all its answers and texts, a pilot round half a year before it
holds the pilot's answers (so that the results show change and early warnings), and an open
round has fresh code invitations (written to the data folder, since their tokens are stored only
hashed). The demo
is loaded once, on the first start: the demo facilitator's account marks it as loaded, so an
organization the user deleted does not come back.
"""

from __future__ import annotations

import csv
import os
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from parity.core.schema import SECONDS
from parity.demo.company import demo_dataset
from parity.web.orgs.importing import normalise_label
from parity.web.orgs.models import (
    Function,
    Membership,
    Organization,
    Party,
    PartyKind,
    Relationship,
    Role,
)
from parity.web.surveys.batches import make_batch
from parity.web.surveys.codes import canonical, link_hash
from parity.web.surveys.models import TEXT_FIELDS, Invitation, Response, Round, item_fields
from parity.web.surveys.rounds import Side
from parity.web.surveys.timing import seconds_taken

DEMO_SLUG = "harbour-vale"
DEMO_USERNAME = "facilitator"
DEMO_EMAIL = "facilitator@harbour-vale.example"
LOGIN_FILE = "demo-login.txt"
CODES_FILE = "demo-invitation-codes.csv"
#: The finished rounds: the pilot, half a year ago, and the latest one.
PILOT_ROUND = "Pilot review"
FINISHED_ROUND = "Spring review"
#: Codes per side of each relationship in the open round.
CODES_PER_SIDE = 5
#: The demo's outside firms and what they do for the group.
_FIRM_FUNCTIONS = {
    "Nimbus Cloud Services": Function.IT,
    "Quayside Logistics": Function.OPERATIONS,
    "Copper Kite Agency": Function.MARKETING,
}


@dataclass(frozen=True)
class DemoLogin:
    """How to sign in as the demo facilitator; ``password`` is None if it was not kept."""

    username: str
    password: str | None
    loaded_now: bool


def ensure_demo(data_dir: Path) -> DemoLogin:
    """Load the demo unless it was loaded before; either way, say how to sign in."""
    if User.objects.filter(username=DEMO_USERNAME).exists():
        return DemoLogin(DEMO_USERNAME, _stored_password(data_dir), loaded_now=False)
    password = os.environ.get("PARITY_DEMO_PASSWORD") or secrets.token_urlsafe(12)
    codes = load_demo(password)
    _write_private(data_dir / LOGIN_FILE, f"{DEMO_USERNAME}\n{password}\n")
    _write_codes(data_dir / CODES_FILE, codes)
    return DemoLogin(DEMO_USERNAME, password, loaded_now=True)


def load_demo(password: str) -> list[tuple[str, str, str]]:
    """Create the demo in one transaction; returns the open round's (relationship, side, code)."""
    data = demo_dataset()
    with transaction.atomic():
        user = User.objects.create_user(DEMO_USERNAME, DEMO_EMAIL, password)
        org = Organization.objects.create(name=data.name, slug=DEMO_SLUG)
        Membership.objects.create(user=user, organization=org, role=Role.OWNER)
        parties = _parties(org, data.parties)
        relationships = _relationships(org, data.relationships, parties)
        now = timezone.now()
        _closed_round(org, relationships, data.pilot, PILOT_ROUND, now - timedelta(days=182))
        _closed_round(org, relationships, data.responses, FINISHED_ROUND, now - timedelta(days=14))
        return _open_round(org, relationships)


def _parties(org: Organization, frame: pd.DataFrame) -> dict[str, Party]:
    functions = {str(label): value for value, label in Function.choices}
    parties = {}
    for row in frame.itertuples(index=False):
        name = str(row.name)
        external = row.kind == "external"
        parties[name] = Party.objects.create(
            organization=org,
            name=name,
            kind=PartyKind.OUTSIDE_FIRM if external else PartyKind.DEPARTMENT,
            function=_FIRM_FUNCTIONS.get(name, functions.get(name, Function.OTHER)),
            description=str(row.description),
        )
    return parties


def _relationships(
    org: Organization, frame: pd.DataFrame, parties: dict[str, Party]
) -> dict[frozenset[str], Relationship]:
    relationships = {}
    for row in frame.itertuples(index=False):
        a, b = str(row.party_a), str(row.party_b)
        relationships[frozenset((a, b))] = Relationship.objects.create(
            organization=org,
            party_a=parties[a],
            party_b=parties[b],
            label=normalise_label(str(row.label)),
            scope=str(row.scope),
        )
    return relationships


def _closed_round(
    org: Organization,
    relationships: dict[frozenset[str], Relationship],
    frame: pd.DataFrame,
    name: str,
    closes: Any,
) -> None:
    # Loaded whole, as a sealed round's answers are: no ballots, no invitations, no drafts.
    finished = Round.objects.create(
        organization=org,
        name=name,
        opens_at=closes - timedelta(days=28),
        closes_at=closes,
        score_threshold=org.score_threshold,
        text_threshold=org.text_threshold,
        sealed_at=closes,
    )
    finished.relationships.set(relationships.values())
    Response.objects.bulk_create(
        _response(finished, relationships, record) for record in frame.to_dict(orient="records")
    )


def _response(
    finished: Round,
    relationships: dict[frozenset[str], Relationship],
    record: dict[Any, Any],
) -> Response:
    relationship = relationships[frozenset((record["party"], record["about"]))]
    own_is_a = relationship.party_a.name == record["party"]
    party, about = (
        (relationship.party_a, relationship.party_b)
        if own_is_a
        else (relationship.party_b, relationship.party_a)
    )
    fields = item_fields(finished.questions())
    answers = {field: _answer(record.get(field.upper())) for field in fields}
    texts = {field: _text(record.get(field)) for field in TEXT_FIELDS}
    return Response(
        round=finished,
        relationship=relationship,
        party=party,
        about=about,
        answers={field: value for field, value in answers.items() if value is not None},
        seconds=_seconds(record.get(SECONDS)),
        **texts,
    )


def _seconds(value: Any) -> int | None:
    """The demo's time taken, kept as the survey keeps a respondent's (rounded up, capped)."""
    return None if value is None or pd.isna(value) else seconds_taken(0, int(value))


def _answer(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _text(value: Any) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _open_round(
    org: Organization, relationships: dict[frozenset[str], Relationship]
) -> list[tuple[str, str, str]]:
    now = timezone.now()
    current = Round.objects.create(
        organization=org,
        name="Autumn review",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=21),
    )
    current.relationships.set(relationships.values())
    codes: list[tuple[str, str, str]] = []
    for relationship in relationships.values():
        a, b = relationship.party_a, relationship.party_b
        for side in (Side(relationship, a, b), Side(relationship, b, a)):
            # One printed sheet per side; the file keeps each code as it goes in a link.
            _, printed = make_batch(current, side, CODES_PER_SIDE)
            codes.extend((str(relationship), side.party.name, canonical(c)) for c in printed)
    return codes


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` readable by the owner only: it holds a password or invitation codes."""
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def _write_codes(path: Path, codes: list[tuple[str, str, str]]) -> None:
    lines = ["relationship,side,code", *(",".join(_quoted(c) for c in row) for row in codes)]
    _write_private(path, "\n".join(lines) + "\n")


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if any(ch in cell for ch in ',"\n') else cell


@dataclass(frozen=True)
class ExampleSurvey:
    """One unused demo code of an open round, for ``parity serve`` to show as a survey link."""

    relationship: str
    side: str
    path: str


def example_survey(data_dir: Path) -> ExampleSurvey | None:
    """The first demo code (from the codes file) that still opens a survey, if any does."""
    try:
        with (data_dir / CODES_FILE).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError:
        return None
    now = timezone.now()
    open_codes = Invitation.objects.filter(
        token_hash__in=[link_hash(row.get("code") or "") for row in rows],
        used_at__isnull=True,
        round__opens_at__lte=now,
        round__closes_at__gt=now,
    )
    usable = set(open_codes.values_list("token_hash", flat=True))
    for row in rows:
        code = row.get("code") or ""
        if link_hash(code) in usable:
            return ExampleSurvey(row["relationship"], row["side"], f"/s/{code}/")
    return None


def _stored_password(data_dir: Path) -> str | None:
    try:
        lines = (data_dir / LOGIN_FILE).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    return lines[1] if len(lines) > 1 else None
