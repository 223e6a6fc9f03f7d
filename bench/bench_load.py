"""Benchmark: survey submissions through two `parity serve` processes sharing one PostgreSQL and
one Redis, and what happens to them when one of the servers is killed.

A fresh database (``parity_load``, dropped and made again) gets, through Parity's own functions,
an organization with 200 relationships and an open round with enough single-use printed codes
for every submission (25 a side for 10,000). Two ``parity serve --no-demo`` processes on two
ports share that database, one Redis database and one secret key, with the public rate limits
on as shipped: every respondent comes from the same address, as an office behind one router
does, and honest answering makes no failed look-ups. A bounded asyncio client plays the
respondents, a fixed number at a time: each opens its link, reads every page's form (its CSRF
token, its questions), pauses as a person answering it would (``--pause``: an exponential time
of mean one second by default), posts the page's answers, follows the redirect to the next
page, submits on the last one and reads the thanks page, as a browser does.

The pauses are what make the p99 target meaningful. People take tens of seconds over a page of
eight statements; one second is a crowd far denser than any real one (50 respondents then
send about 100 requests a second). Without pauses (``--pause 0``) the client measures the
machine's capacity instead: each respondent sends its next request the moment the last is
answered, so every request waits for the 49 others, and by Little's law the time of a request
is the number of respondents over the throughput, whatever the code does.

Each request goes to the next server in turn (a round-robin in the client stands for the
address in front of them); a server that refuses connections is left out.

It prints the throughput (acknowledged submissions a second), the p50, p95 and p99 of the
submitting request, and then counts in the database that every acknowledged submission (the
client saw the redirect to the thanks page) is stored exactly once: its link is used, and for
every side the ballots and responses equal the links used, so nothing was stored twice.

``--kill`` sends SIGKILL to one server's process group once half of the submissions are
acknowledged. The client retries a failed request on the other server; a submission whose
answer was lost with the server may have been stored or not, and its retry finds the link used
(stored, unacknowledged) or submits it (acknowledged): either way it is stored at most once.

    .venv/bin/python bench/bench_load.py [--submissions 10000] [--concurrency 50] [--kill]
        [--pause 1.0]

The tests drive the same machinery on a small scale (tests/integration/web/test_two_servers.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

if TYPE_CHECKING:  # Django is set up only in the children
    from django.db.models import QuerySet

    from parity.core.instrument import Instrument
    from parity.web.orgs.models import Organization
    from parity.web.surveys.models import Round

#: Targets for two servers on PostgreSQL at 50 concurrent respondents.
P99_TARGET_MS = 150.0
#: The mean pause of a respondent before posting a page (reading it, choosing the answers).
PAUSE_SECONDS = 1.0
RELATIONSHIPS = 200
POSTGRES = "postgres://postgres@127.0.0.1:5432"
DATABASE = "parity_load"
REDIS = "redis://127.0.0.1:6379/11"
#: Seconds for a server to answer /healthz after its start (each start collects and compresses
#: the static files: minutes on a busy small machine), and to exit after SIGTERM.
START_SECONDS = 600
STOP_SECONDS = 30
#: Tries of one request (each on the next server) before the respondent gives up.
ATTEMPTS = 5
REQUEST_SECONDS = 60.0
#: What an open answer says: any short text does.
_SENTENCES = ("We work well together.", "Meetings could be shorter.", "They listen to us.")
#: Variables of the calling process that must not reach a server or a child: the tests' own,
#: and those that would change the limits, which run as shipped.
_NOT_INHERITED = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "PARITY_REDIS_URL",
    "PARITY_DEBUG",
    "PARITY_PUBLIC_RATE_LIMIT",
    "PARITY_PROXY_COUNT",
)


# The stores: one PostgreSQL database and one Redis database, fresh for each run.


@dataclass(frozen=True)
class Stores:
    """Where the servers keep everything: ``postgres`` is a server's URL without a database."""

    postgres: str
    database: str
    redis: str

    @property
    def database_url(self) -> str:
        return f"{self.postgres.rstrip('/')}/{self.database}"


def postgres_server(url: str) -> str:
    """The server part of a database URL (``postgres://user@host:port``), without its name."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _admin(stores: Stores, statement: str) -> None:
    import psycopg
    from psycopg import sql

    query = sql.SQL(statement).format(name=sql.Identifier(stores.database))
    with psycopg.connect(
        f"{stores.postgres.rstrip('/')}/postgres", autocommit=True, connect_timeout=5
    ) as connection:
        connection.execute(query)


def _flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url, socket_connect_timeout=5).flushdb()


@contextmanager
def fresh_stores(stores: Stores) -> Iterator[Stores]:
    """The database made anew and the Redis database emptied; both cleaned up afterwards."""
    _admin(stores, "DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _admin(stores, "CREATE DATABASE {name}")
    _flush_redis(stores.redis)
    try:
        yield stores
    finally:
        with suppress(Exception):
            _flush_redis(stores.redis)
        _admin(stores, "DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def environment(stores: Stores, secret: str, data_dir: Path) -> dict[str, str]:
    """What every process of one run shares: the stores and the secret key (the printed codes
    are stored as keyed hashes, and the rate limits count under keyed names)."""
    inherited = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    return inherited | {
        "DATABASE_URL": stores.database_url,
        "PARITY_REDIS_URL": stores.redis,
        "PARITY_SECRET_KEY": secret,
        "PARITY_DATA_DIR": str(data_dir),
        "PYTHONUNBUFFERED": "1",
    }


# Children: the Django side of the bench (seeding and counting) runs in a process of its
# own, so that the caller (this script or a test with its own Django settings) needs none.


def run_child(env: dict[str, str], command: str, *args: str) -> dict[str, Any]:
    """``bench_load.py <command> <args>`` with Django set up on ``env``; its JSON answer."""
    done = subprocess.run(
        [sys.executable, __file__, command, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench_load.py {command} failed:\n{done.stderr[-4000:]}")
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parity.web.settings")
    import django

    django.setup()


def _organization(relationships: int) -> tuple[Organization, list[int]]:
    """An organization with ``relationships`` relationships among as few parties as that takes;
    the organization and the relationships' ids."""
    from parity.web.orgs.models import Organization, Party, Relationship

    organization = Organization.objects.create(name="Load Company", slug="load-company")
    count = math.ceil((1 + math.sqrt(1 + 8 * relationships)) / 2)
    parties = Party.objects.bulk_create(
        Party(organization=organization, name=f"Unit {n:03d}") for n in range(1, count + 1)
    )
    pairs = [(a, b) for i, a in enumerate(parties) for b in parties[i + 1 :]][:relationships]
    made = Relationship.objects.bulk_create(
        Relationship(organization=organization, party_a=a, party_b=b, label="partner")
        for a, b in pairs
    )
    return organization, [r.pk for r in made]


def _open_round(organization: Organization, name: str, relationship_ids: Sequence[int]) -> Round:
    from datetime import timedelta

    from django.utils import timezone

    from parity.web.orgs.models import Role
    from parity.web.orgs.tenancy import Tenant
    from parity.web.surveys.services import create_round

    now = timezone.now()
    tenant = Tenant(organization, Role.OWNER)
    opens, closes = now - timedelta(hours=1), now + timedelta(days=7)
    return create_round(tenant, name, opens, closes, relationship_ids)


def _codes(round_: Round, per_side: int) -> list[str]:
    """``per_side`` printed codes for each side of ``round_``, as they reach ``/s/<code>/``."""
    from parity.web.surveys.codes import normalize
    from parity.web.surveys.rounds import sides_of
    from parity.web.surveys.services import invite_with_codes

    codes: list[str] = []
    for side in sides_of(round_):
        _, printed = invite_with_codes(round_, side, per_side)
        codes.extend(normalize(code) or code for code in printed)
    return codes


def _answered(instrument: Instrument, rng: random.Random) -> dict[str, Any]:
    from parity.web.surveys.models import TEXT_FIELDS, item_fields

    low, high = instrument.scale_min, instrument.scale_max
    answers: dict[str, Any] = {f: rng.randint(low, high) for f in item_fields(instrument)}
    answers.update({f: rng.choice(_SENTENCES) for f in TEXT_FIELDS})
    return answers


def _released_results(
    organization: Organization, relationship_ids: Sequence[int], per_side: int
) -> str:
    """A round of its own, answered by ``per_side`` respondents a side through Parity's
    submission, closed (so sealed) and released; one side's results link token."""
    from parity.web.insights.models import ReleaseLink
    from parity.web.surveys.answering import find_invitation, submit
    from parity.web.surveys.services import close_round, release_round
    from parity.web.tokens import new_token

    round_ = _open_round(organization, "Results", relationship_ids)
    rng = random.Random(17)
    for code in _codes(round_, per_side):
        invitation = find_invitation(code)
        assert invitation is not None
        submit(invitation, _answered(round_.questions(), rng))
    close_round(round_)
    release_round(round_)
    token, digest = new_token()
    relationship = round_.relationships.order_by("pk").first()
    assert relationship is not None
    ReleaseLink.objects.create(
        round=round_, relationship=relationship, party=relationship.party_a, token_hash=digest
    )
    return token


def seed(relationships: int, per_side: int, rounds: int, results: bool) -> dict[str, Any]:
    """The organization and ``rounds`` open rounds with ``per_side`` codes a side (each round's
    id and codes with their stored hashes); with ``results``, also a released round's link."""
    from django.core.management import call_command

    from parity.web.surveys.codes import link_hash

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    organization, relationship_ids = _organization(relationships)
    made = []
    for number in range(1, rounds + 1):
        round_ = _open_round(organization, f"Load {number}", relationship_ids)
        codes = _codes(round_, per_side)
        made.append({"round": round_.pk, "links": {c: link_hash(c) for c in codes}})
    answer: dict[str, Any] = {"rounds": made}
    if results:
        answer["results_token"] = _released_results(organization, relationship_ids[:3], 6)
    return answer


def tally(round_id: int) -> dict[str, Any]:
    """What the database holds for the round: the hashes of the links used; per side the
    links used, the answers stored (ballots still in the box plus responses) and the ballots
    still in the box; and the round's score threshold, at which a side's ballots are mixed."""
    from django.db.models import Count

    from parity.web.surveys.models import Ballot, Invitation, Response, Round
    from parity.web.surveys.sealing import thresholds_of

    used = Invitation.objects.filter(round_id=round_id, used_at__isnull=False)

    def by_side(rows: QuerySet[Any]) -> dict[str, int]:
        counted = Counter[str]()
        for row in rows.values("relationship_id", "party_id").annotate(n=Count("pk")):
            counted[f"{row['relationship_id']}-{row['party_id']}"] += row["n"]
        return dict(counted)

    waiting = by_side(Ballot.objects.filter(round_id=round_id))
    stored = Counter(waiting)
    stored.update(by_side(Response.objects.filter(round_id=round_id)))
    round_ = Round.objects.select_related("organization").get(pk=round_id)
    return {
        "used": list(used.values_list("token_hash", flat=True)),
        "used_by_side": by_side(used),
        "stored_by_side": dict(stored),
        "waiting_by_side": waiting,
        "threshold": thresholds_of(round_).score,
    }


def child_main(argv: list[str]) -> None:
    """The children's entry: ``seed <relationships> <per side> <rounds> <results 0|1>`` or
    ``tally <round id>``; one line of JSON on stdout."""
    _setup_django()
    command, *args = argv
    if command == "seed":
        answer = seed(int(args[0]), int(args[1]), int(args[2]), args[3] == "1")
    else:
        answer = tally(int(args[0]))
    print(json.dumps(answer))


# The servers: `parity serve` processes, each in a process group of its own.


@dataclass
class Server:
    port: int
    log: Path
    process: subprocess.Popen[bytes]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole group, gunicorn's workers with their master: a machine lost."""
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=STOP_SECONDS)

    def stop(self) -> None:
        """SIGTERM to the group and a bounded wait; SIGKILL if it does not exit."""
        if self.alive():
            with suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.kill()
        with suppress(ProcessLookupError):  # a worker that outlived its master
            os.killpg(self.process.pid, signal.SIGKILL)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(env: dict[str, str], log: Path, workers: int, threads: int, *more: str) -> Server:
    """`parity serve --no-demo` on a free port, with ``more`` options, its output in ``log``."""
    port = free_port()
    command = [sys.executable, "-m", "parity", "serve", "--no-demo", "--port", str(port)]
    options = ["--workers", str(workers), "--threads", str(threads), *more]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*command, *options],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    return Server(port, log, process)


def wait_ready(server: Server) -> None:
    from urllib.error import URLError
    from urllib.request import urlopen

    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if not server.alive():
            raise RuntimeError(f"parity serve exited early:\n{server.log.read_text()[-4000:]}")
        with suppress(URLError, OSError), urlopen(f"{server.base}/healthz", timeout=5) as answer:
            if answer.status == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"parity serve did not answer within {START_SECONDS} s")


@contextmanager
def servers(
    env: dict[str, str], folder: Path, count: int = 2, workers: int = 2, threads: int = 4
) -> Iterator[list[Server]]:
    """``count`` servers on the same stores, each with its own data folder, all ready; stopped
    (their whole process groups) afterwards, whatever happened."""
    started: list[Server] = []
    folder.mkdir(parents=True, exist_ok=True)
    try:
        for n in range(count):
            data = folder / f"server-{n}"
            started.append(
                start_server(
                    env | {"PARITY_DATA_DIR": str(data)},
                    folder / f"server-{n}.log",
                    workers,
                    threads,
                )
            )
        for server in started:
            wait_ready(server)
        yield started
    finally:
        for server in started:
            server.stop()


# The client: HTTP/1.1 over asyncio streams, one connection per request.


class AnswerLostError(ConnectionError):
    """The server went away before its whole answer arrived."""


@dataclass(frozen=True)
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k == name), "")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def cookies(self) -> dict[str, str]:
        found = {}
        for key, value in self.headers:
            if key == "set-cookie":
                name, _, rest = value.partition("=")
                found[name.strip()] = rest.split(";", 1)[0]
        return found


def _dechunked(body: bytes) -> bytes:
    out, rest = bytearray(), body
    while True:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            return bytes(out)
        if len(rest) < size:
            raise AnswerLostError("chunked body cut short")
        out += rest[:size]
        rest = rest[size + 2 :]


def parse_reply(raw: bytes) -> Reply:
    """A whole HTTP/1.1 answer read until the server closed; :class:`AnswerLostError` if cut
    short."""
    head, found, body = raw.partition(b"\r\n\r\n")
    if not found:
        raise AnswerLostError("no complete answer")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = [
        (k.strip().lower(), v.strip()) for k, _, v in (line.partition(":") for line in lines)
    ]
    reply = Reply(int(status_line.split()[1]), headers, body)
    if reply.header("transfer-encoding").lower() == "chunked":
        return Reply(reply.status, headers, _dechunked(body))
    length = reply.header("content-length")
    if length and len(body) < int(length):
        raise AnswerLostError("body cut short")
    return reply


async def fetch(
    port: int,
    method: str,
    path: str,
    headers: dict[str, str],
    body: bytes = b"",
    source: str | None = None,
) -> Reply:
    """One request on a new connection (``Connection: close``, so no stale keep-alive
    connection can blur whether a submission reached the server); from ``source`` if given."""
    local = (source, 0) if source else None
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection("127.0.0.1", port, local_addr=local), REQUEST_SECONDS
    )
    try:
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), REQUEST_SECONDS)
    finally:
        writer.close()
        with suppress(OSError):
            await writer.wait_closed()
    return parse_reply(raw)


#: What a request that never got its answer raises.
FAILURES = (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError)


class Cluster:
    """The servers' ports behind one address: each request goes to the next in turn; a port
    that refuses connections is left out (while another remains)."""

    def __init__(self, ports: Sequence[int]) -> None:
        self.ports = list(ports)
        self.down: set[int] = set()
        self._turn = 0

    def next(self) -> int:
        up = [p for p in self.ports if p not in self.down] or self.ports
        self._turn += 1
        return up[self._turn % len(up)]

    def failed(self, port: int, error: BaseException) -> None:
        if isinstance(error, ConnectionRefusedError):
            self.down.add(port)


async def send(
    cluster: Cluster,
    method: str,
    path: str,
    headers: dict[str, str],
    body: bytes = b"",
    source: str | None = None,
) -> tuple[Reply, bool]:
    """The request on the next server, tried again on the next one when it fails; the answer,
    and whether a try failed (its request may have reached a server that then died)."""
    retried = False
    for attempt in range(ATTEMPTS):
        port = cluster.next()
        try:
            return await fetch(port, method, path, headers, body, source), retried
        except FAILURES as error:
            cluster.failed(port, error)
            retried = True
            await asyncio.sleep(0.05 * attempt)
    raise AnswerLostError(f"{method} {path.split('?')[0][:4]}… failed {ATTEMPTS} times")


# A respondent, reading and posting the survey's forms.


@dataclass(frozen=True)
class SurveyForm:
    """What the client reads off a survey page: the form's CSRF token, its page number, its
    rating questions with their points, its open questions, and whether it can be submitted."""

    csrf: str
    page: str
    count: int
    ratings: dict[str, list[str]]
    texts: list[str]
    last: bool

    @classmethod
    def read(cls, html: str) -> SurveyForm:
        ratings: dict[str, list[str]] = {}
        for name, value in re.findall(
            r'<input type="radio" name="([^"]+)"[^>]*value="([^"]*)"', html
        ):
            ratings.setdefault(name, []).append(value)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        page = re.search(r'name="page" value="(\d+)"', html)
        count = re.search(r"\(\d+ of (\d+)\)", html)
        if csrf is None or page is None or count is None:
            raise ValueError("not a survey page")
        return cls(
            csrf=csrf.group(1),
            page=page.group(1),
            count=int(count.group(1)),
            ratings=ratings,
            texts=re.findall(r'<textarea name="([^"]+)"', html),
            last='name="action" value="submit"' in html,
        )

    def answers(self, rng: random.Random) -> list[tuple[str, str]]:
        """The form filled in as a person would, posted with the button that ends the page."""
        filled = [("csrfmiddlewaretoken", self.csrf), ("page", self.page)]
        filled += [(name, rng.choice(points)) for name, points in self.ratings.items()]
        filled += [(name, rng.choice(_SENTENCES)) for name in self.texts]
        filled.append(("action", "submit" if self.last else "next"))
        return filled


class Outcome(Enum):
    ACKNOWLEDGED = "acknowledged"
    #: The server died with the submission; on the retry the link was used: stored unseen.
    UNACKNOWLEDGED = "unacknowledged"
    FAILED = "failed"


@dataclass(frozen=True)
class Submission:
    code: str
    outcome: Outcome
    seconds: float = 0.0
    detail: str = ""
    #: Requests of this respondent that failed and were sent again (to the other server).
    retries: int = 0


class Respondent:
    """One person with one link: a cookie jar, and the survey's pages in order; or, not
    ``whole``, the first page, then straight to the last one (the open questions) to submit
    (a quarter of the requests: what the tests use to stay small)."""

    def __init__(self, cluster: Cluster, code: str, whole: bool = True, pause: float = 0.0) -> None:
        self.cluster = cluster
        self.code = code
        self.whole = whole
        self.pause = pause
        self.retries = 0
        self.jar: dict[str, str] = {}
        self.rng = random.Random(code)
        # The pauses have their own draws, so the answers are the same with or without them.
        self.pauses = random.Random(f"pause:{code}")

    async def think(self) -> None:
        """A person's pause before posting a page: reading it and choosing the answers (an
        exponential time of mean ``pause`` seconds; none when ``pause`` is 0)."""
        if self.pause > 0:
            await asyncio.sleep(self.pauses.expovariate(1 / self.pause))

    async def request(self, method: str, path: str, form: Any = None) -> tuple[Reply, bool]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.jar.items())}
        if not self.jar:
            headers = {}
        body = b""
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        reply, retried = await send(self.cluster, method, path, headers, body)
        self.retries += retried
        self.jar.update(reply.cookies())
        return reply, retried

    async def answer(self) -> Submission:
        """Every page read and posted, the last one submitted, the thanks page read."""
        link = f"/s/{self.code}/"
        reply, _ = await self.request("GET", link)
        while reply.status == 200:
            form = SurveyForm.read(reply.text)
            if form.last:
                return await self.submit(link, form)
            if not self.whole:
                reply, _ = await self.request("GET", f"{link}?page={form.count}")
                continue
            answers = form.answers(self.rng)
            await self.think()
            posted, _ = await self.request("POST", link, answers)
            if posted.status != 302:
                return self.failed(f"page {form.page} posted: {posted.status}")
            reply, _ = await self.request("GET", posted.header("location").split("#")[0])
        return self.failed(f"page read: {reply.status}")

    async def submit(self, link: str, form: SurveyForm) -> Submission:
        answers = form.answers(self.rng)
        await self.think()
        started = time.perf_counter()
        reply, retried = await self.request("POST", link, answers)
        seconds = time.perf_counter() - started
        if reply.status == 302 and reply.header("location").endswith("/thanks/"):
            thanks, _ = await self.request("GET", reply.header("location"))
            if thanks.status != 200:
                return self.failed(f"thanks page: {thanks.status}")
            return Submission(self.code, Outcome.ACKNOWLEDGED, seconds, retries=self.retries)
        if reply.status == 410 and retried:
            return Submission(self.code, Outcome.UNACKNOWLEDGED, seconds, retries=self.retries)
        return self.failed(f"submission: {reply.status}")

    def failed(self, detail: str) -> Submission:
        return Submission(self.code, Outcome.FAILED, detail=detail, retries=self.retries)


@dataclass
class LoadResult:
    submissions: list[Submission] = field(default_factory=list)
    seconds: float = 0.0

    def of(self, outcome: Outcome) -> list[Submission]:
        return [s for s in self.submissions if s.outcome is outcome]

    @property
    def retries(self) -> int:
        return sum(s.retries for s in self.submissions)

    @property
    def throughput(self) -> float:
        return len(self.of(Outcome.ACKNOWLEDGED)) / self.seconds if self.seconds else 0.0

    def percentile_ms(self, percent: int) -> float:
        times = sorted(s.seconds * 1000 for s in self.of(Outcome.ACKNOWLEDGED))
        if not times:
            return math.nan
        if len(times) == 1:
            return times[0]
        return statistics.quantiles(times, n=100, method="inclusive")[percent - 1]


async def _answer_safely(
    cluster: Cluster, code: str, whole: bool, pause: float = 0.0
) -> Submission:
    try:
        return await Respondent(cluster, code, whole, pause).answer()
    except (AnswerLostError, ValueError) as error:
        return Submission(code, Outcome.FAILED, detail=str(error))


async def run_load(
    cluster: Cluster,
    codes: Sequence[str],
    concurrency: int,
    progress: Callable[[int], None] | None = None,
    whole: bool = True,
    pause: float = 0.0,
) -> LoadResult:
    """Every code answered by ``concurrency`` respondents at a time, each starting the next
    link as soon as it is done; ``progress`` hears the number of acknowledged submissions;
    ``whole`` and ``pause`` as for :class:`Respondent`."""
    result = LoadResult()
    pending = iter(codes)
    acknowledged = 0

    async def respondent() -> None:
        nonlocal acknowledged
        for code in pending:
            submission = await _answer_safely(cluster, code, whole, pause)
            result.submissions.append(submission)
            if submission.outcome is Outcome.ACKNOWLEDGED:
                acknowledged += 1
                if progress is not None:
                    progress(acknowledged)

    started = time.perf_counter()
    await asyncio.gather(*(respondent() for _ in range(concurrency)))
    result.seconds = time.perf_counter() - started
    return result


def killer(server: Server, after: int) -> Callable[[int], None]:
    """A progress hook that sends SIGKILL to ``server`` once ``after`` submissions are in."""

    def hear(acknowledged: int) -> None:
        if acknowledged >= after and server.alive():
            server.kill()

    return hear


# The check: every acknowledged submission stored exactly once.


@dataclass(frozen=True)
class Verdict:
    """The check's figures: ``stored_once`` counts the acknowledged submissions whose link is
    used, less any answer stored twice on their sides (none, when ``problems`` is empty)."""

    acknowledged: int
    stored_once: int
    unacknowledged_stored: int
    stored: int
    problems: list[str]
    #: Sides whose ballots reached the threshold and were not mixed: none after a run in which
    #: no server died (one killed between a submission and its mixing may leave one).
    unmixed_sides: int = 0


def verify(result: LoadResult, links: dict[str, str], counted: dict[str, Any]) -> Verdict:
    """Compares what the client saw with what the database holds (:func:`tally`)."""
    used = set(counted["used"])
    acknowledged = {links[s.code] for s in result.of(Outcome.ACKNOWLEDGED)}
    unseen = {links[s.code] for s in result.of(Outcome.UNACKNOWLEDGED)}
    stored_by_side: dict[str, int] = counted["stored_by_side"]
    used_by_side: dict[str, int] = counted["used_by_side"]
    problems = [
        f"side {side}: {stored_by_side.get(side, 0)} answers stored for {n} links used"
        for side, n in used_by_side.items()
        if stored_by_side.get(side, 0) != n
    ]
    problems += [
        f"side {side}: {n} answers stored and no link used"
        for side, n in stored_by_side.items()
        if side not in used_by_side
    ]
    if lost := len(acknowledged - used):
        problems.append(f"{lost} acknowledged submissions are not stored")
    if stray := len(used - acknowledged - unseen):
        problems.append(f"{stray} links were used that no respondent submitted")
    failed = result.of(Outcome.FAILED)
    if failed:
        reasons = Counter(s.detail for s in failed).most_common(3)
        problems.append(f"{len(failed)} respondents failed: {reasons}")
    twice = sum(max(0, n - used_by_side.get(side, 0)) for side, n in stored_by_side.items())
    return Verdict(
        acknowledged=len(acknowledged),
        stored_once=max(0, len(acknowledged & used) - twice),
        unacknowledged_stored=len(used & unseen),
        stored=sum(stored_by_side.values()),
        problems=problems,
        unmixed_sides=sum(n >= counted["threshold"] for n in counted["waiting_by_side"].values()),
    )


# The run.


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def report(result: LoadResult, verdict: Verdict, wanted: int, kill: bool) -> None:
    p99 = result.percentile_ms(99)
    print(
        f"  {len(result.submissions)} respondents, {result.seconds:.1f} s: "
        f"{result.throughput:.1f} submissions/s"
    )
    print(
        f"  submitting POST: p50 {result.percentile_ms(50):.0f} ms, "
        f"p95 {result.percentile_ms(95):.0f} ms, p99 {p99:.0f} ms "
        f"(target p99 < {P99_TARGET_MS:.0f} ms: {'met' if p99 < P99_TARGET_MS else 'NOT met'})"
    )
    print(
        f"  stored exactly once: {verdict.stored_once} of {verdict.acknowledged} acknowledged "
        f"(target {wanted} of {wanted}); {verdict.stored} answers stored in all; "
        f"{verdict.unmixed_sides} sides left unmixed at the threshold"
    )
    if kill:
        print(
            f"  the kill: {result.retries} requests sent again to the other server; "
            f"{verdict.unacknowledged_stored} submissions stored whose acknowledgement died "
            "with the server (each stored once, its retry refused as used)"
        )
    for problem in verdict.problems:
        print(f"  PROBLEM: {problem}")


def bench(args: argparse.Namespace) -> int:
    stores = Stores(args.postgres, args.database, args.redis)
    per_side = math.ceil(args.submissions / (2 * args.relationships))
    secret = secrets.token_urlsafe(50)
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="parity-load-")))
        stack.enter_context(fresh_stores(stores))
        env = environment(stores, secret, folder / "seed")
        seeded = run_child(env, "seed", str(args.relationships), str(per_side), "1", "0")
        links: dict[str, str] = seeded["rounds"][0]["links"]
        codes = list(links)[: args.submissions]
        running = stack.enter_context(servers(env, folder, 2, args.workers, args.threads))
        cluster = Cluster([s.port for s in running])
        hook = killer(running[0], len(codes) // 2) if args.kill else None
        paced = (
            f"each pausing {args.pause:g} s on average before posting a page"
            if args.pause
            else "without pauses"
        )
        print(
            f"{len(codes)} submissions, {args.concurrency} concurrent respondents {paced}, "
            f"2 servers x {args.workers} workers x {args.threads} threads, "
            f"{args.relationships} relationships"
            f"{', one server killed halfway' if args.kill else ''}"
        )
        print(f"  before: {load_average()}")
        result = asyncio.run(run_load(cluster, codes, args.concurrency, hook, pause=args.pause))
        print(f"  after:  {load_average()}")
        counted = run_child(env, "tally", str(seeded["rounds"][0]["round"]))
        verdict = verify(result, links, counted)
        report(result, verdict, len(codes), args.kill)
    return 1 if verdict.problems else 0


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in {"seed", "tally"}:
        child_main(sys.argv[1:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--relationships", type=int, default=RELATIONSHIPS)
    parser.add_argument("--kill", action="store_true", help="SIGKILL one server halfway")
    parser.add_argument(
        "--pause",
        type=float,
        default=PAUSE_SECONDS,
        help="mean seconds a respondent pauses before posting a page (0: none)",
    )
    parser.add_argument("--workers", type=int, default=2, help="per server (parity serve's)")
    parser.add_argument("--threads", type=int, default=4, help="per worker (parity serve's)")
    parser.add_argument("--postgres", default=POSTGRES, help="server URL, without a database")
    parser.add_argument("--database", default=DATABASE, help="made and dropped by the bench")
    parser.add_argument("--redis", default=REDIS, help="a Redis database the bench empties")
    # A SIGTERM unwinds like Ctrl-C, so the servers and the database are cleaned up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.exit(bench(parser.parse_args()))


if __name__ == "__main__":
    main()
