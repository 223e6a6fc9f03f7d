"""A page as its reader meets it: requested over HTTP from a `parity serve` that just started.

Django's test client (what `bench_pages.py` times otherwise) counts everything the request
does, including what the server does after the last byte of the answer has gone
(:mod:`parity.web.after_response`). Here the time is the reader's: from sending the request
to reading the last byte of the answer. The server's own CPU seconds for the request, what it
did after the answer included, are read from ``/proc`` for its whole process group.

Each cold request has a server of its own, started on the bench's data folder with the shared
cache emptied, so that nothing of the round is kept anywhere: a server that just started meets
a round nobody analysed yet. Before the request the server is warmed on another page (its
imports, its templates) and left until its start-up work (the periodic job) is done.
"""

from __future__ import annotations

import http.client
import os
import time
from dataclasses import dataclass
from pathlib import Path

from bench_load import _NOT_INHERITED, Server, start_server, wait_ready

#: How long a server's process group must use no CPU to count as idle, and how long to wait.
IDLE_SECONDS = 1.0
IDLE_LIMIT_SECONDS = 120.0


@dataclass(frozen=True)
class Served:
    """One cold request: the reader's wall-clock seconds, and the server's CPU seconds from the
    request until it was idle again (what it did after the answer included); and the seconds of
    the server's very first page, the warming one (a round nobody analysed yet either)."""

    wall: float
    server_cpu: float
    first: float


def start(folder: Path, database_url: str) -> Server:
    """`parity serve` on ``folder`` (the bench's own data folder and database): one process,
    no background worker, no demo to load."""
    env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    env |= {"PARITY_DATA_DIR": str(folder), "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    server = start_server(env, folder / "serve.log", 1, 2, "--no-background-worker")
    wait_ready(server)
    return server


def group_cpu_seconds(group: int) -> float:
    """CPU seconds (user and system) used so far by the live processes of a process group."""
    ticks = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        if int(fields[2]) == group:  # state, ppid, pgrp, ...
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def idle(group: int) -> float:
    """Wait until the group has used no CPU for :data:`IDLE_SECONDS`; its CPU seconds then."""
    deadline = time.monotonic() + IDLE_LIMIT_SECONDS
    used = group_cpu_seconds(group)
    while time.monotonic() < deadline:
        time.sleep(IDLE_SECONDS)
        now = group_cpu_seconds(group)
        if now == used:
            return now
        used = now
    raise RuntimeError("the server did not become idle")


def get(server: Server, path: str, session: str) -> float:
    """Wall-clock seconds from sending ``GET path`` to reading the last byte of its answer."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    try:
        start = time.perf_counter()
        connection.request("GET", path, headers={"Cookie": f"sessionid={session}"})
        answer = connection.getresponse()
        body = answer.read()
        elapsed = time.perf_counter() - start
    finally:
        connection.close()
    if answer.status != 200 or not body:
        raise SystemExit(f"{path} answered {answer.status} through parity serve")
    return elapsed


def cold(folder: Path, database_url: str, warm_path: str, path: str, session: str) -> Served:
    """``path`` requested cold from a server that just started (see the module's docstring)."""
    from django.core.cache import cache

    cache.clear()
    server = start(folder, database_url)
    try:
        group = server.process.pid  # the server leads its own process group
        first = get(server, warm_path, session)
        before = idle(group)
        wall = get(server, path, session)
        return Served(wall, idle(group) - before, first)
    finally:
        server.stop()
