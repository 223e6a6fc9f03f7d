"""What `parity serve` adds to gunicorn: masked logs, and the periodic sealing in every worker."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from tests.integration.web.serve_process import running

from parity.web import server
from parity.web.logmask import MaskFilter
from parity.web.server import MaskedLogger, ServerOptions, repeat, run_job


def test_gunicorn_gets_the_masked_logger_and_the_worker_hook() -> None:
    config = server._Gunicorn(ServerOptions("127.0.0.1", 8000, 1, 1)).cfg
    assert config.logger_class is MaskedLogger
    assert config.access_log_format == server.ACCESS_LOG_FORMAT
    assert config.post_worker_init is server._start_jobs


def test_every_django_log_handler_masks() -> None:
    loggers = [logging.getLogger(name) for name in ("", "django", "django.request")]
    handlers = [
        handler
        for logger in loggers
        for handler in logger.handlers
        if not type(handler).__module__.startswith("_pytest")  # pytest's capture
    ]
    assert handlers
    assert all(any(isinstance(f, MaskFilter) for f in h.filters) for h in handlers)


def test_a_failing_job_is_logged_and_runs_again(caplog: pytest.LogCaptureFixture) -> None:
    runs: list[int] = []

    def flaky() -> None:
        runs.append(1)
        if len(runs) == 1:
            raise RuntimeError("the database went away")

    stop = threading.Event()
    with caplog.at_level(logging.ERROR, logger="parity.web.server"):
        thread = repeat(flaky, 0.01, stop)
        deadline = time.monotonic() + 10
        while len(runs) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        stop.set()
        thread.join(timeout=10)
    assert len(runs) >= 3
    assert thread.daemon
    assert not thread.is_alive()
    failures = [r for r in caplog.records if "The periodic job flaky failed" in r.getMessage()]
    assert len(failures) == 1


class _Connection:
    def __init__(self) -> None:
        self.closed = 0

    def close(self) -> None:
        self.closed += 1


def _fail() -> None:
    raise RuntimeError("the database went away")


def test_each_run_closes_its_database_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    spy = _Connection()
    monkeypatch.setattr(server, "connection", spy)
    run_job(lambda: None)
    run_job(_fail)
    assert spy.closed == 2


def test_the_job_is_the_sealing_of_due_rounds(monkeypatch: pytest.MonkeyPatch) -> None:
    from parity.web.surveys import sealing

    calls: list[int] = []
    monkeypatch.setattr(sealing, "seal_due_rounds", lambda: calls.append(1) or 0)
    server.seal_due_rounds()
    assert calls == [1]


def _closed_rounds(database: Path, sealed: bool) -> int:
    condition = "IS NOT NULL" if sealed else "IS NULL"
    with sqlite3.connect(database) as db:
        (count,) = db.execute(
            "SELECT COUNT(*) FROM surveys_round WHERE closes_at <= datetime('now') "
            f"AND sealed_at {condition}"
        ).fetchone()
    return int(count)


@pytest.mark.slow
def test_a_running_server_seals_the_closed_rounds_by_itself(tmp_path: Path) -> None:
    """The demo's two finished rounds are sealed by the worker's thread, with no request."""
    database = tmp_path / "data" / "parity.sqlite3"
    with running(database.parent, tmp_path / "server.log") as started:
        deadline = time.monotonic() + 30
        while _closed_rounds(database, sealed=False) and time.monotonic() < deadline:
            time.sleep(0.2)
    assert _closed_rounds(database, sealed=False) == 0
    assert _closed_rounds(database, sealed=True) == 2
    assert "periodic job" not in started.text()


def test_static_files_are_collected_again_only_when_they_changed(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Collecting (hashing and compressing) takes most of a minute on a small machine: a
    server start skips it when the files are those it collected last time."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    runs: list[str] = []
    monkeypatch.setattr(server, "call_command", lambda name, **_: runs.append(name))
    fingerprints = iter(["first", "first", "changed"])
    monkeypatch.setattr(server, "static_fingerprint", lambda: next(fingerprints))
    server.collect_static()
    server.collect_static()
    assert runs == ["collectstatic"]
    server.collect_static()
    assert runs == ["collectstatic", "collectstatic"]


def test_the_fingerprint_follows_the_static_files(tmp_path: Path, settings: Any) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "note.css").write_text("body { color: black; }")
    settings.STATICFILES_DIRS = [str(extra)]
    before = server.static_fingerprint()
    assert server.static_fingerprint() == before
    (extra / "note.css").write_text("body { color: darkblue; }")
    assert server.static_fingerprint() != before


_ASK_FOR_A_REPORT = """
from parity.web.insights import prepared
from parity.web.surveys.models import Round
found = prepared.organization_pdf(Round.objects.exclude(sealed_at=None).earliest("opens_at"))
print("queued" if found.content is None else "drawn")
"""


def _drawn_reports(database: Path) -> int:
    with sqlite3.connect(database) as db:
        query = "SELECT COUNT(*) FROM insights_preparedreport WHERE content IS NOT NULL"
        (count,) = db.execute(query).fetchone()
    return int(count)


def _children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@pytest.mark.slow
def test_a_running_server_draws_queued_reports_in_its_worker(tmp_path: Path) -> None:
    """`parity serve` (what `make run` starts) starts the background worker beside gunicorn:
    a report queued in its database is drawn without a request, and the worker stops with the
    server."""
    database = tmp_path / "data" / "parity.sqlite3"
    with running(database.parent, tmp_path / "server.log") as started:
        deadline = time.monotonic() + 30
        while _closed_rounds(database, sealed=False) and time.monotonic() < deadline:
            time.sleep(0.2)
        env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
        env |= {"PARITY_DATA_DIR": str(database.parent), "DATABASE_URL": ""}
        asked = subprocess.run(
            [sys.executable, "-m", "parity", "manage", "shell", "-c", _ASK_FOR_A_REPORT],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert asked.stdout.split()[-1:] == ["queued"], asked.stderr
        deadline = time.monotonic() + 120
        while not _drawn_reports(database) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _drawn_reports(database) == 1
        children = _children(started.process.pid)
        worker = [c for c in children if "worker" in _arguments(c)]
        assert len(worker) == 1
    assert not Path(f"/proc/{worker[0]}").exists() or _is_zombie(worker[0])
    assert "Background worker started" in started.text()


def _arguments(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")


def _is_zombie(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status").read_text()
    return "State:\tZ" in status
