"""Two `parity serve` processes on one PostgreSQL database and one Redis, behind one address.

The small scale of ``bench/bench_load.py``, with its machinery: respondents answering through
the real survey pages, each request on the next server in turn, and the database counted
afterwards. What must hold with more than one server:

- every submission the respondent saw acknowledged is stored exactly once, also when one
  server is killed (SIGKILL) in the middle of the load;
- a guesser's failed look-ups on one server count on the other (the shared rate limit);
- a round's results computed on one server are read from the cache on the other.

It needs PostgreSQL (the server of ``DATABASE_URL``, as in the PostgreSQL pass of `make test`)
and Redis on 127.0.0.1:6379, and makes its own database (``parity_two_servers``) and empties
its own Redis database (12). Without them it skips, saying why, unless
``PARITY_REQUIRE_POSTGRES=1`` (for PostgreSQL) or ``PARITY_REQUIRE_REDIS=1`` (for Redis) makes
that a failure. The servers collect their static files as
plain copies (``tests/support/serve_settings.py``); everything else is Parity's own settings.
"""

from __future__ import annotations

import asyncio
import http.client
import os
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from bench import bench_load as load

from parity.web.environment import DEFAULT_PUBLIC_RATE_LIMIT
from parity.web.insights.results import CACHE_PREFIX

pytestmark = pytest.mark.slow

DATABASE = "parity_two_servers"
REDIS = "redis://127.0.0.1:6379/12"
#: Submissions through both servers, and those of the run in which one is killed.
SUBMISSIONS = 200
KILLED_RUN = 100
CONCURRENCY = 50
#: Another address on this machine: the guesser's, so that its failures are its own.
GUESSER = "127.0.0.2"
ROOT = Path(__file__).resolve().parents[3]


def _unavailable(reason: str, required_by: str = "PARITY_REQUIRE_POSTGRES") -> None:
    """Skip, saying why, unless ``required_by`` is set to 1 (as in CI): then fail."""
    if os.environ.get(required_by) == "1":
        pytest.fail(f"{reason} ({required_by}=1 requires it)", pytrace=False)
    pytest.skip(reason)


def _postgres() -> str:
    """The PostgreSQL server of the test run's ``DATABASE_URL``, if it answers."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "").strip()
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip(
            "two servers need a database they share: this test runs in the PostgreSQL pass "
            "(DATABASE_URL=postgres://…)"
        )
    server = load.postgres_server(url)
    try:
        psycopg.connect(f"{server}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError as error:
        where = urlsplit(url)
        _unavailable(f"PostgreSQL at {where.hostname}:{where.port} is not reachable: {error}")
    return server


def _redis() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        _unavailable(f"Redis at {REDIS} is not reachable: {error}", "PARITY_REQUIRE_REDIS")


@dataclass(frozen=True)
class Site:
    """The stores, seeded, and what every server process of the test is started with."""

    env: dict[str, str]
    folder: Path
    rounds: list[dict[str, Any]]
    results_token: str


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    stores = load.Stores(_postgres(), DATABASE, REDIS)
    _redis()
    folder = tmp_path_factory.mktemp("two-servers")
    with load.fresh_stores(stores):
        env = load.environment(stores, secrets.token_urlsafe(50), folder / "seed") | {
            "DJANGO_SETTINGS_MODULE": "tests.support.serve_settings",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        }
        # Two load rounds of 5 relationships with 25 codes a side: 250 links each.
        seeded = load.run_child(env, "seed", "5", "25", "2", "1")
        yield Site(env, folder, seeded["rounds"], seeded["results_token"])


@pytest.fixture(scope="module")
def started(site: Site) -> Iterator[list[load.Server]]:
    with load.servers(site.env, site.folder / "servers", workers=1, threads=4) as running:
        yield running


@pytest.fixture
def servers(started: list[load.Server]) -> list[load.Server]:
    """The module's two servers, both running (the test that kills one comes last)."""
    assert all(server.alive() for server in started), "a server of this module was killed"
    return started


def _answered(
    site: Site, round_number: int, count: int, servers: list[load.Server], kill: bool = False
) -> tuple[load.LoadResult, load.Verdict]:
    """``count`` respondents of the round answer through both servers (the first killed
    halfway if ``kill``); what they saw, checked against the database."""
    links: dict[str, str] = site.rounds[round_number]["links"]
    codes = list(links)[:count]
    hook = load.killer(servers[0], count // 2) if kill else None
    cluster = load.Cluster([server.port for server in servers])
    result = asyncio.run(load.run_load(cluster, codes, CONCURRENCY, hook, whole=False))
    counted = load.run_child(site.env, "tally", str(site.rounds[round_number]["round"]))
    return result, load.verify(result, links, counted)


def test_every_acknowledged_submission_is_stored_exactly_once(
    site: Site, servers: list[load.Server]
) -> None:
    result, verdict = _answered(site, 0, SUBMISSIONS, servers)
    assert verdict.problems == []
    assert verdict.acknowledged == verdict.stored_once == verdict.stored == SUBMISSIONS
    assert verdict.unmixed_sides == 0  # every side that reached the threshold was mixed
    assert len(result.of(load.Outcome.ACKNOWLEDGED)) == SUBMISSIONS


def _status(server: load.Server, path: str, source: str | None = None) -> int:
    return asyncio.run(load.fetch(server.port, "GET", path, {}, source=source)).status


def _status_once_done(server: load.Server, path: str) -> int:
    """The status of ``path``, returned once the server has also done what it leaves until
    after the answer (parity.web.after_response): a second request on the same kept-alive
    connection is read only when the first one's response has been closed."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    try:
        connection.request("GET", path)
        answer = connection.getresponse()
        answer.read()
        connection.request("GET", "/healthz")
        after = connection.getresponse()
        after.read()
    finally:
        connection.close()
    assert after.status == 200
    return answer.status


def _early_in_a_minute() -> None:
    """The limits count per clock minute: the guesses (a few seconds) must fall in one."""
    left = 60 - time.time() % 60
    if left < 15:
        time.sleep(left + 0.2)


def test_a_guessers_failures_on_one_server_count_on_the_other(
    site: Site, servers: list[load.Server]
) -> None:
    one, two = servers
    unknown = [f"/s/{secrets.token_urlsafe(32)}/" for _ in range(DEFAULT_PUBLIC_RATE_LIMIT + 2)]
    _early_in_a_minute()
    guesses = [
        _status((one, two)[n % 2], path, GUESSER)
        for n, path in enumerate(unknown[:DEFAULT_PUBLIC_RATE_LIMIT])
    ]
    assert guesses == [404] * DEFAULT_PUBLIC_RATE_LIMIT
    assert _status(one, unknown[-2], GUESSER) == 429
    assert _status(two, unknown[-1], GUESSER) == 429
    # The respondents' own address is not refused for the guesser's failures.
    unused = list(site.rounds[0]["links"])[-1]
    assert _status(two, f"/s/{unused}/") == 200


def test_results_computed_on_one_server_are_read_from_the_cache_on_the_other(
    site: Site, servers: list[load.Server]
) -> None:
    """The analysis is in Redis once the first server has shown the page (it analysed the
    round, or read what a server's periodic job analysed). Its expiry is then shortened to a
    mark that a new entry would replace: the second server reads it and leaves it."""
    import redis

    store = redis.Redis.from_url(REDIS)
    pattern = f"*{CACHE_PREFIX}:*"
    one, two = servers
    page = f"/results/{site.results_token}/"
    assert _status_once_done(one, page) == 200
    cached = list(store.scan_iter(match=pattern))
    assert cached
    mark_ms = 600_000
    for key in cached:
        store.pexpire(key, mark_ms)
    assert _status(two, page) == 200
    assert sorted(store.scan_iter(match=pattern)) == sorted(cached)
    assert all(0 < int(store.pttl(key)) <= mark_ms for key in cached)


def test_with_one_server_killed_no_acknowledged_submission_is_lost_or_doubled(
    site: Site, servers: list[load.Server]
) -> None:
    """Last in the module, since it kills one of its servers: after the SIGKILL every
    respondent goes on with the other one, and a submission whose answer died with the server
    is either stored (its retry finds the link used) or submitted by the retry, never both."""
    result, verdict = _answered(site, 1, KILLED_RUN, servers, kill=True)
    assert not servers[0].alive()
    assert result.retries > 0  # requests were cut off by the kill, and sent again
    assert servers[1].alive()
    assert verdict.problems == []
    assert verdict.acknowledged == verdict.stored_once
    assert verdict.acknowledged + verdict.unacknowledged_stored == verdict.stored == KILLED_RUN
