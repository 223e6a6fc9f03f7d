"""`parity serve` as a real process, for the tests that need what only a running server shows:
gunicorn's logs, and several processes sharing one rate limit.

The server gets a clean environment (no test settings, no PostgreSQL of the test run unless
asked), writes stdout and stderr together to one file, and is stopped with SIGTERM and a
bounded wait, as an operator's service manager would.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.request import urlopen

#: Seconds to wait for the first answer of a starting server, and for a stopping one to exit.
START_SECONDS = 120
STOP_SECONDS = 30
#: Variables of the test run that must not reach the server.
_NOT_INHERITED = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "PARITY_REDIS_URL", "PARITY_DEBUG")


@dataclass(frozen=True)
class Server:
    base: str
    output: Path
    process: subprocess.Popen[bytes]

    def text(self) -> str:
        return self.output.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, pattern: str, seconds: float = START_SECONDS) -> str:
        """The first line of the output matching ``pattern``, once written (the background
        worker's work shows there a moment after the page that queued it)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = re.search(pattern, self.text(), flags=re.M)
            if found:
                return found.group(0)
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"{pattern!r} not in the output within {seconds} s:\n{self.text()}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _environment(data_dir: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    return env | {"PARITY_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1", **extra}


def _wait_ready(server: Server) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"parity serve exited early:\n{server.text()}")
        try:
            with urlopen(f"{server.base}/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (HTTPError, URLError, OSError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"parity serve did not answer within {START_SECONDS} s:\n{server.text()}")


def stop(server: Server) -> int:
    """SIGTERM, then at most :data:`STOP_SECONDS` for a graceful exit; its exit code."""
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
    try:
        return server.process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=STOP_SECONDS)
        raise AssertionError("parity serve did not stop on SIGTERM") from None


@contextmanager
def running(
    data_dir: Path,
    output: Path,
    *args: str,
    env: dict[str, str] | None = None,
    python: str | os.PathLike[str] = sys.executable,
) -> Iterator[Server]:
    """``parity serve --port <free> --workers 1 *args``, ready to answer; stopped afterwards.
    ``python`` is the interpreter whose Parity runs (an installed release's, say)."""
    port = free_port()
    command = [str(python), "-m", "parity", "serve", "--port", str(port), "--workers", "1"]
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [*command, *args],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=_environment(data_dir, env or {}),
        )
    server = Server(f"http://127.0.0.1:{port}", output, process)
    try:
        _wait_ready(server)
        yield server
    finally:
        stop(server)
