"""The limits on the public token pages: per link for honest traffic, per address for guessing.

The tests count where production counts: in the database cache (the default) or in Redis,
never in the per-process memory cache the other web tests use.
"""

from __future__ import annotations

import os
import re
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from django.core.cache import cache, caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from tests.integration.web.builders import World
from tests.integration.web.serve_process import running
from tests.integration.web.survey_builders import make_code, make_round

from parity.core.instrument import default_instrument
from parity.web import environment, ratelimit
from parity.web.environment import CACHE_TABLE
from parity.web.ratelimit import client_address, over_limit
from parity.web.surveys.answering import survey_pages
from parity.web.surveys.models import Response, item_fields

ITEM_FIELDS = item_fields(default_instrument())


SURVEY = "/s/some-unknown-token/"
DATABASE_CACHE = {"BACKEND": "parity.web.cache.AtomicDatabaseCache", "LOCATION": CACHE_TABLE}
REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture(autouse=True)
def _database_cache(db: None) -> Iterator[None]:
    """Every test here counts in the database cache, as production does without Redis."""
    with override_settings(CACHES={"default": DATABASE_CACHE}):
        yield


@pytest.fixture(autouse=True)
def _one_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    """The limits count per clock minute: the tests' requests all fall in the middle of one,
    so none is split by the minute turning over (a test may set its own clock)."""
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_030.0)


def _get(path: str, address: str = "203.0.113.7", **headers: str) -> int:
    return Client(REMOTE_ADDR=address, **headers).get(path).status_code


@override_settings(PUBLIC_RATE_LIMIT=3)
def test_a_guesser_is_refused_after_the_failure_budget() -> None:
    assert [_get(f"/s/guess-{n}/") for n in range(3)] == [404, 404, 404]
    refused = Client(REMOTE_ADDR="203.0.113.7").post(SURVEY, {"page": "1"})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Too many requests" in refused.content.decode()
    assert refused["Content-Type"].startswith("text/html")
    # For the rest of the minute the address's public pages are refused, code entry included.
    assert _get(reverse("surveys:enter")) == 429
    assert _get(reverse("insights:released", args=["another-guess"])) == 429


@override_settings(PUBLIC_RATE_LIMIT=2)
def test_each_address_has_its_own_failure_count() -> None:
    for _ in range(3):
        _get(SURVEY)
    assert _get(SURVEY) == 429
    assert _get(SURVEY, address="198.51.100.4") == 404


@override_settings(PUBLIC_RATE_LIMIT=2)
def test_unknown_results_links_and_mistyped_codes_are_failures_too() -> None:
    assert _get(reverse("surveys:enter")) == 200  # the entry page itself is no look-up
    assert _get(reverse("insights:released", args=["nothing"])) == 404
    assert _get(f"{reverse('surveys:enter')}?code=ABCD-EFGH-JKMN") == 400  # wrong check symbol
    assert _get(SURVEY) == 429


@override_settings(PUBLIC_RATE_LIMIT=2)
def test_working_links_are_never_failures(world: World) -> None:
    round_ = make_round(world.org_a, [world.relationship])
    links = [reverse("surveys:answer", args=[make_code(round_, world.relationship, world.it)])]
    for _ in range(10):
        assert _get(links[0]) == 200
    assert _get(SURVEY) == 404


@override_settings(PUBLIC_RATE_LIMIT=2)
def test_one_link_opened_too_often_is_refused_alone(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ratelimit, "PER_LINK_LIMIT", 3)
    round_ = make_round(world.org_a, [world.relationship])
    busy, calm = (
        reverse("surveys:answer", args=[make_code(round_, world.relationship, world.it)])
        for _ in range(2)
    )
    assert [_get(busy) for _ in range(4)] == [200, 200, 200, 429]
    assert _get(busy, address="198.51.100.4") == 429  # counted per link, whatever the address
    assert _get(calm) == 200


@override_settings(PUBLIC_RATE_LIMIT=1)
def test_signed_in_pages_and_the_api_are_not_limited(world: World, facilitator: Client) -> None:
    for _ in range(3):
        assert facilitator.get(reverse("orgs:detail", args=["org-a"])).status_code == 200
        assert facilitator.get("/api/orgs").status_code == 200
        assert Client().get(reverse("healthz")).status_code == 200


@override_settings(PUBLIC_RATE_LIMIT=0)
def test_zero_turns_the_limits_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ratelimit, "PER_LINK_LIMIT", 1)
    assert {_get(SURVEY) for _ in range(10)} == {404}


@override_settings(PUBLIC_RATE_LIMIT=2, PROXY_COUNT=1)
def test_behind_a_proxy_the_forwarded_address_counts() -> None:
    proxy = "10.0.0.2"
    for n in range(2):
        assert _get(f"/s/guess-{n}/", proxy, HTTP_X_FORWARDED_FOR="203.0.113.7") == 404
    assert _get(SURVEY, proxy, HTTP_X_FORWARDED_FOR="203.0.113.7") == 429
    # Another client behind the same proxy is not held up; a forged first entry changes nothing.
    assert _get(SURVEY, proxy, HTTP_X_FORWARDED_FOR="198.51.100.4") == 404
    assert _get(SURVEY, proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7") == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.2"),
        (1, "1.2.3.4, 203.0.113.7", "203.0.113.7"),
        (2, "1.2.3.4, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (2, "", "10.0.0.2"),
    ],
)
def test_the_client_address(proxies: int, forwarded: str, expected: str) -> None:
    request = RequestFactory().get(SURVEY, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request, proxies) == expected


def test_the_count_starts_again_each_minute() -> None:
    start = 1_800_000_000.0  # a whole minute
    assert [over_limit("192.0.2.1", 2, start + s) for s in (0, 1, 2)] == [0, 0, 58]
    assert over_limit("192.0.2.1", 2, start + 60) == 0


def test_the_cache_holds_no_address_and_no_link() -> None:
    over_limit("some-survey-token", 5)
    ratelimit.count_failure(RequestFactory().get(SURVEY, REMOTE_ADDR="203.0.113.7"))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {CACHE_TABLE}")
        keys = " ".join(row[0] for row in cursor.fetchall())
    assert keys.count("parity-ratelimit") == 2
    assert "some-survey-token" not in keys
    assert "203.0.113.7" not in keys


def test_without_redis_the_cache_is_a_table_of_the_database(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PARITY_REDIS_URL", raising=False)
    assert environment.cache() == {**DATABASE_CACHE, "OPTIONS": {"MAX_ENTRIES": 20_000}}


@pytest.mark.parametrize(
    "url", ["redis://127.0.0.1:6379/0", "rediss://:pass@cache.example:6380", "unix:///run/r.sock"]
)
def test_parity_redis_url_puts_the_cache_in_redis(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARITY_REDIS_URL", f" {url} ")
    backend = "django.core.cache.backends.redis.RedisCache"
    assert environment.cache() == {"BACKEND": backend, "LOCATION": url}


@pytest.mark.parametrize(
    ("url", "sentence"),
    [
        (
            "http://127.0.0.1:6379",
            'PARITY_REDIS_URL must start with "redis://", "rediss://" or "unix://", not '
            '"http://" (for example redis://127.0.0.1:6379/0).',
        ),
        ("127.0.0.1:6379", 'PARITY_REDIS_URL must start with "redis://"'),
        ("redis://:secret@", "PARITY_REDIS_URL names no host, as in redis://host:6379/0."),
        (
            "redis://:secret@host:port/0",
            "PARITY_REDIS_URL has a port that is not a number from 0 to 65535.",
        ),
        (
            "redis://host:6379/cache",
            "PARITY_REDIS_URL must end with a database number such as /0, or nothing.",
        ),
    ],
)
def test_a_wrong_redis_url_is_one_sentence_without_the_password(
    url: str, sentence: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARITY_REDIS_URL", url)
    with pytest.raises(ImproperlyConfigured) as refused:
        environment.cache()
    assert str(refused.value).startswith(sentence)
    assert "secret" not in str(refused.value)


# An office: a hundred respondents behind one address, answering within ten minutes.

RESPONDENTS = 100
MINUTES = 10


def _answers(number: int) -> dict[str, Any]:
    page = survey_pages()[number - 1]
    data: dict[str, Any] = {field: "5" for field in page.fields if field in ITEM_FIELDS}
    data.update({q.id: "Fine." for q in page.questions})
    return data


def _steps(link: str) -> list[tuple[str, dict[str, Any] | None, int]]:
    """One respondent's requests: each page read, then posted; then the thanks page."""
    count = len(survey_pages())
    steps: list[tuple[str, dict[str, Any] | None, int]] = []
    for number in range(1, count + 1):
        action = "submit" if number == count else "next"
        steps.append((f"{link}?page={number}", None, 200))
        steps.append((link, {"page": str(number), "action": action, **_answers(number)}, 302))
    steps.append((f"{link}thanks/", None, 200))
    return steps


@pytest.mark.slow
def test_an_office_behind_one_address_is_never_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Side by side, step by step: about 110 requests a minute from one address, and a few
    mistyped links, against the default budget of 30 failed look-ups a minute."""
    round_ = make_round(world.org_a, [world.relationship])
    links = [
        reverse("surveys:answer", args=[make_code(round_, world.relationship, world.it)])
        for _ in range(RESPONDENTS)
    ]
    plans = [_steps(link) for link in links]
    total = sum(len(plan) for plan in plans)
    moments = iter(1_800_000_000.0 + MINUTES * 60 * n / total for n in range(total + 10))
    now = [next(moments)]
    monkeypatch.setattr(ratelimit, "clock", lambda: now[0])
    office = Client(REMOTE_ADDR="192.0.2.50")
    for typo in range(10):  # a tenth of them first mistype their link
        assert office.get(f"/s/mistyped-{typo}/").status_code == 404
    statuses: list[int] = []
    for step in range(len(plans[0])):
        for plan in plans:
            path, data, expected = plan[step]
            now[0] = next(moments)
            answer = office.get(path) if data is None else office.post(path, data)
            statuses.append(answer.status_code)
            assert answer.status_code == expected, (path, answer.status_code)
    assert 429 not in statuses
    assert len(statuses) / MINUTES > 100  # requests a minute from the one address
    assert Response.objects.count() + _ballots() == RESPONDENTS


def _ballots() -> int:
    """Answers still in the ballot box (not yet mixed into responses), where there is one."""
    from parity.web.surveys import models

    box = getattr(models, "Ballot", None)
    return 0 if box is None else int(box.objects.count())


# Sharing: several connections and processes, one count.


def _count_in_threads(key: str, threads: int, times: int, together: bool) -> None:
    """``times`` increments of ``key`` in each of ``threads`` threads, each with its own
    database connection: all at once, or one thread after the other."""

    def count() -> None:
        try:
            for _ in range(times):
                cache.incr(key)
        finally:
            connection.close()

    workers = [threading.Thread(target=count) for _ in range(threads)]
    for worker in workers:
        worker.start()
        if not together:
            worker.join(timeout=60)
    for worker in workers:
        worker.join(timeout=60)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("together", [False, True], ids=["in-turn", "at-once"])
def test_the_database_cache_is_one_count_for_every_connection(together: bool) -> None:
    """Increments from other connections all land in one count, and none is lost."""
    if together and connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's in-memory test database locks tables without waiting; the PostgreSQL pass "
            "runs this, and the two-process test counts in parallel on a SQLite file"
        )
    key = f"parity-test-{uuid.uuid4().hex}"
    cache.add(key, 0, timeout=60)
    _count_in_threads(key, threads=4, times=25, together=together)
    cache.incr(key)
    assert cache.get(key) == 101
    cache.delete(key)


def _redis_reachable() -> None:
    """Skip when no Redis answers at 127.0.0.1:6379, unless PARITY_REQUIRE_REDIS=1 (as in CI)."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        reason = f"Redis at {REDIS_URL} is not reachable: {error}"
        if os.environ.get("PARITY_REQUIRE_REDIS") == "1":
            pytest.fail(f"{reason} (PARITY_REQUIRE_REDIS=1 requires it)", pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def redis_cache() -> Iterator[None]:
    """The default cache in Redis, under a key prefix of this test's own."""
    _redis_reachable()
    backend = "django.core.cache.backends.redis.RedisCache"
    config = {"BACKEND": backend, "LOCATION": REDIS_URL, "KEY_PREFIX": uuid.uuid4().hex}
    with override_settings(CACHES={"default": config}):
        yield
        caches["default"].clear()


@override_settings(PUBLIC_RATE_LIMIT=3)
def test_in_redis_a_guesser_is_refused_too(redis_cache: None) -> None:
    assert [_get(f"/s/guess-{n}/") for n in range(3)] == [404, 404, 404]
    assert _get(SURVEY) == 429


def _status(url: str) -> tuple[int, str]:
    try:
        with urlopen(url, timeout=30) as answer:
            return answer.status, ""
    except HTTPError as error:
        return error.code, str(error.headers.get("Retry-After", ""))


def _early_in_a_minute() -> None:
    """Wait for the next minute if this one ends soon: the guesses must share one window."""
    left = 60 - time.time() % 60
    if left < 15:
        time.sleep(left + 0.5)


@pytest.mark.slow
@pytest.mark.parametrize("store", ["database", "redis"])
def test_two_server_processes_share_the_count(tmp_path: Path, store: str) -> None:
    """A guesser's failures, sent in parallel to two `parity serve` on the same data, make one
    count: the next guess is refused, which it would not be had an increment been lost."""
    budget = 16
    env = {"PARITY_PUBLIC_RATE_LIMIT": str(budget)}
    if store == "redis":
        _redis_reachable()
        env["PARITY_REDIS_URL"] = REDIS_URL
    data = tmp_path / "data"
    with (
        running(data, tmp_path / "one.log", "--no-demo", env=env) as one,
        running(data, tmp_path / "two.log", "--no-demo", env=env) as two,
    ):
        _early_in_a_minute()
        urls = [f"{(one, two)[n % 2].base}/s/guess-{n}/" for n in range(budget)]
        with ThreadPoolExecutor(max_workers=8) as pool:
            assert [status for status, _ in pool.map(_status, urls)] == [404] * budget
        status, retry = _status(f"{one.base}/s/one-more-guess/")
        assert status == 429
        assert 1 <= int(retry) <= 60
        assert _status(f"{two.base}/s/and-another/")[0] == 429
        assert _status(f"{two.base}/healthz")[0] == 200
    assert re.search(r'"GET /s/…/ HTTP/1.1" 429', (tmp_path / "two.log").read_text())
