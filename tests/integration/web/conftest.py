"""Personas and builders for the web tests, and the PostgreSQL switch.

The same tests run on SQLite (the default) and on PostgreSQL: `make test` runs this folder a
second time with ``DATABASE_URL`` set (see docs/development.md). When that database is not
reachable the tests skip with the reason, unless ``PARITY_REQUIRE_POSTGRES=1`` (as in CI)
makes that a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from tests.integration.web.builders import (
    World,
    make_org,
    make_party,
    make_relationship,
    make_user,
)
from tests.support.survey_clock import SurveyClock

from parity.web.demo_loader import ensure_demo
from parity.web.insights.memo import forget_everything
from parity.web.orgs.models import Membership, Role


@pytest.fixture(scope="session", autouse=True)
def _postgres_reachable() -> None:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        return
    import psycopg

    try:
        psycopg.connect(
            host=database["HOST"] or None,
            port=database["PORT"] or None,
            user=database["USER"] or None,
            password=database["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.OperationalError as error:
        reason = f"PostgreSQL at {database['HOST']}:{database['PORT']} is not reachable: {error}"
        if os.environ.get("PARITY_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{reason} (PARITY_REQUIRE_POSTGRES=1 requires it)", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def _respondents_take_their_time(survey_clock: SurveyClock) -> None:
    """Each respondent takes ten minutes from the first page to the submission, whatever the
    test client's speed (``tests/support/survey_clock.py``); the speeder tests set the step."""


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with no cached counts (the public pages' rate limit lives there) and
    nothing in the process's memos, as a server that just started."""
    cache.clear()
    forget_everything()


@pytest.fixture
def world(db: None) -> World:
    facilitator, viewer, outsider = (make_user(n) for n in ("fiona", "victor", "olga"))
    org_a = make_org("Org A", "org-a", fiona=Role.FACILITATOR, victor=Role.VIEWER)
    org_b = make_org("Org B", "org-b", olga=Role.FACILITATOR)
    it, sales = make_party(org_a, "IT"), make_party(org_a, "Sales")
    make_party(org_b, "Finance")
    return World(
        org_a, org_b, facilitator, viewer, outsider, it, sales, make_relationship(sales, it)
    )


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def facilitator(world: World) -> Client:
    """A facilitator of org A, signed in."""
    return _signed_in(world.facilitator)


@pytest.fixture
def viewer(world: World) -> Client:
    """A viewer of org A, signed in."""
    return _signed_in(world.viewer)


@pytest.fixture
def outsider(world: World) -> Client:
    """A facilitator of org B, signed in, who has nothing to do with org A."""
    return _signed_in(world.outsider)


@pytest.fixture
def owner(world: World) -> Client:
    """The owner of org A, signed in (org A's facilitator and viewer are not owners)."""
    user = make_user("oona")
    Membership.objects.create(user=user, organization=world.org_a, role=Role.OWNER)
    return _signed_in(user)


#: The demo facilitator's password in the tests (the demo otherwise makes a random one).
DEMO_PASSWORD = "harbour-demo-password"


@pytest.fixture
def demo_client(tmp_path: Path, db: None, monkeypatch: pytest.MonkeyPatch) -> Client:
    """The demo organization, loaded as on a first start, and its facilitator signed in."""
    monkeypatch.setenv("PARITY_DEMO_PASSWORD", DEMO_PASSWORD)
    ensure_demo(tmp_path)
    client = Client()
    assert client.login(username="facilitator", password=DEMO_PASSWORD)
    return client
