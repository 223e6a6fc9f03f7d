"""Linkable rows: what a copy of the database tells about who answered what.

The attacker here holds a dump (a backup, a replica, a curious administrator). Invitations know
who was asked; responses must not be traceable to them by anything the database keeps: not by
the transaction that wrote both rows (PostgreSQL's ``xmin``), not by the physical order of the
rows (``ctid``, SQLite's ``rowid``) against the order in which e-mailed people answered, not by
a date of submission, and not by a draft or an address left behind after the round closed.

The round "closes" here by its closing moment passing, with nobody pressing a button; the
results are then read once, as a member would, which is when a lazy design mixes the answers.
These tests write real transactions (``transactional_db``): in the usual test transaction every
row would share one transaction id and the ``xmin`` attack would prove nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, time
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from tests.integration.web.attacks.kit import (
    PARTNER,
    Scene,
    answer,
    api_results,
    database_bytes,
    engine,
    on_postgres,
    resumed,
    rows_containing,
    signed_in,
)
from tests.integration.web.builders import World
from tests.support.survey_clock import SurveyClock

from parity.web.surveys.timing import SECONDS_CEILING, SECONDS_STEP

pytestmark = pytest.mark.usefixtures("transactional_db")

#: Enough respondents that a shuffle leaves them in submission order by chance once in 12!.
SUBMITTED = 12
DRAFT_MARKER = "DRAFT-MARKER-7f3c1e9a-the-respondent-wrote-this-and-never-sent-it"


def _addresses(n: int, prefix: str = "person") -> list[str]:
    return [f"{prefix}.{k:02d}@respondents.example" for k in range(n)]


def _twelve_emailed_answers(world: World, facilitator: Client) -> tuple[Scene, list[str]]:
    """Twelve e-mailed IT members answer one after another, each with a comment that says when
    they answered; five Sales members answer with codes. Returns the comments in order."""
    scene = Scene.open(facilitator, "org-a", world.relationship)
    links = scene.email_links(world.it, _addresses(SUBMITTED))
    comments = []
    for k, (_, link) in enumerate(links.items()):
        comment = f"ORDER-{k:02d} we decide together as equals"
        answer(link, PARTNER, {"comment": comment})
        comments.append(comment)
    for link in scene.codes(world.sales, 5):
        answer(link, PARTNER)
    return scene, comments


def _close_and_read(world: World, scene: Scene) -> None:
    scene.let_expire()
    results = api_results(signed_in(world.facilitator), "org-a", scene.round_id)
    assert results is not None, "a closed round's results can be read"


@pytest.mark.skipif(not on_postgres(), reason="xmin is PostgreSQL's; SQLite has no such column")
def test_a_response_cannot_be_joined_to_its_invitation_by_transaction(
    world: World, facilitator: Client
) -> None:
    scene, _ = _twelve_emailed_answers(world, facilitator)
    _close_and_read(world, scene)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.email, r.comment FROM surveys_response r "
            "JOIN surveys_invitation i ON i.xmin = r.xmin"
        )
        pairs = cursor.fetchall()
        cursor.execute(
            "SELECT r.id, count(i.id), "
            "(SELECT count(*) FROM surveys_invitation WHERE round_id = r.round_id) "
            "FROM surveys_response r LEFT JOIN surveys_invitation i ON i.xmin = r.xmin "
            "GROUP BY r.id, r.round_id"
        )
        per_response = cursor.fetchall()
    named = [(email, comment) for email, comment in pairs if email]
    assert not named, f"{len(named)} answers joined to their e-mail address, e.g. {named[:3]}"
    # Even without the address, an invitation row says whose it was (the facilitator knows the
    # order in which the addresses were given), so no response may share its transaction with
    # a few invitations only.
    singled = [n for _, n, total in per_response if 0 < n < total]
    assert not singled, f"responses joined to {singled} invitation(s) each by their xmin"


def test_rows_are_not_stored_in_the_order_people_answered(
    world: World, facilitator: Client
) -> None:
    scene, submitted = _twelve_emailed_answers(world, facilitator)
    _close_and_read(world, scene)
    physical = "ctid" if on_postgres() else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT comment FROM surveys_response WHERE comment LIKE %s ORDER BY {physical}",
            ["ORDER-%"],
        )
        stored = [row[0] for row in cursor.fetchall()]
    assert sorted(stored) == sorted(submitted), "every submitted answer is kept"
    assert stored != submitted, (
        f"the rows' {physical} order is the order in which the e-mailed people answered"
    )


def test_a_response_keeps_no_date_or_time(world: World, facilitator: Client) -> None:
    """A day (or a moment) of submission, set against who was reminded when, says who
    answered; only the round's own dates may be kept, on the round."""
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, "surveys_response")
    dated = {
        column.name: kind
        for column in columns
        if (kind := connection.introspection.get_field_type(column.type_code, column))
        in ("DateField", "DateTimeField", "TimeField", "DurationField")
    }
    assert not dated, f"surveys_response keeps when each answer came: {dated}"


def _a_draft_and_five_answers(world: World, facilitator: Client) -> tuple[Scene, list[str], str]:
    """Six IT members invited by e-mail: five answer, the sixth saves a draft with a comment
    and never comes back. Returns the six addresses and the sixth's link."""
    scene = Scene.open(facilitator, "org-a", world.relationship)
    addresses = _addresses(6, "invited")
    links = list(scene.email_links(world.it, addresses).values())
    for link in links[:5]:
        answer(link, PARTNER, {"comment": "We decide together."})
    answer(links[5], PARTNER, {"comment": DRAFT_MARKER}, save_at_end=True)
    for link in scene.codes(world.sales, 5):
        answer(link, PARTNER)
    return scene, addresses, links[5]


def test_a_draft_cannot_be_read_from_the_database_while_the_round_is_open(
    world: World, facilitator: Client
) -> None:
    _, _, link = _a_draft_and_five_answers(world, facilitator)
    assert not rows_containing(DRAFT_MARKER), "a saved draft is readable in the database"
    assert DRAFT_MARKER in resumed(link), "the draft comes back to whoever holds the link"


def test_no_draft_and_no_address_is_left_once_the_round_has_closed(
    world: World, facilitator: Client
) -> None:
    scene, addresses, _ = _a_draft_and_five_answers(world, facilitator)
    _close_and_read(world, scene)
    assert not rows_containing(DRAFT_MARKER), "an unsent draft outlived the round"
    left = rows_containing(*addresses)
    assert not left, f"invitation addresses outlived the round: {left[:3]}"


_SQLITE_ONLY = pytest.mark.skipif(
    engine() != "django.db.backends.sqlite3", reason="the raw bytes of SQLite's database file"
)


@_SQLITE_ONLY
def test_the_sqlite_file_keeps_no_trace_of_a_draft(world: World, facilitator: Client) -> None:
    """Deleted values stay in SQLite's free pages and cells until overwritten; a file copy
    shows them. The test database lives in memory; its serialization is what a file of it
    would hold, byte for byte (see :func:`kit.database_bytes`)."""
    scene, _, _ = _a_draft_and_five_answers(world, facilitator)
    _close_and_read(world, scene)
    raw = database_bytes()
    assert raw is not None
    assert DRAFT_MARKER.encode() not in raw, "the database file still holds the unsent draft"


@_SQLITE_ONLY
def test_the_sqlite_file_keeps_no_trace_of_the_addresses(world: World, facilitator: Client) -> None:
    scene, addresses, _ = _a_draft_and_five_answers(world, facilitator)
    _close_and_read(world, scene)
    raw = database_bytes()
    assert raw is not None
    left = [a for a in addresses if a.encode() in raw]
    assert not left, f"the database file still holds {len(left)} invitation address(es)"


def _numbers_in(value: Any) -> Iterator[float]:
    """Every number a stored value holds, in JSON text and nested containers too."""
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        yield float(value)
    elif isinstance(value, str):
        try:
            decoded = json.loads(value)
        except ValueError:
            yield from (float(n) for n in re.findall(r"\d{6,}", value))
        else:
            if not isinstance(decoded, str):
                yield from _numbers_in(decoded)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _numbers_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _numbers_in(item)


def test_no_response_column_holds_a_moment_of_answering(
    world: World, facilitator: Client, survey_clock: SurveyClock
) -> None:
    """The survey records how long each respondent took, for the respondent screen: a reader
    of the responses table finds a coarse duration, never the moment a survey was opened or
    sent (which, set against who was reminded when, would say whose answer it is), nor
    anything that orders the respondents."""
    scene = Scene.open(facilitator, "org-a", world.relationship)
    first = survey_clock.moment
    links = scene.email_links(world.it, _addresses(SUBMITTED))
    for k, link in enumerate(links.values()):
        survey_clock.step = 61 + 37 * k  # every respondent at their own pace
        answer(link, PARTNER)
    for link in scene.codes(world.sales, 5):
        answer(link, PARTNER)
    moments = (first, survey_clock.moment)
    _close_and_read(world, scene)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM surveys_response")
        names = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    assert len(rows) == SUBMITTED + 5
    for row in rows:
        stored = dict(zip(names, row, strict=True))
        moments_found = [
            (name, value)
            for name, value in stored.items()
            if isinstance(value, date | time)
            or any(moments[0] - 86_400 <= n <= moments[1] + 86_400 for n in _numbers_in(value))
            or (isinstance(value, str) and re.search(r"\d{4}-\d{2}-\d{2}|\d{2}:\d{2}", value))
        ]
        assert not moments_found, f"a response keeps a moment: {moments_found}"
        # Each respondent took their own time; what is kept is a coarse step of it.
        assert stored["seconds"] % SECONDS_STEP == 0
        assert stored["seconds"] <= SECONDS_CEILING
    assert not rows_containing('"opened"'), "the moment of opening outlived the submission"
