"""The background worker: the process that does the long work the pages queue.

Django's tasks (the django-tasks backport) queue work in Parity's own database
(django-tasks-db), so no broker is needed; this process takes each task in turn, on SQLite as
on PostgreSQL, and several may run at once (each claims a task under a lock). ``parity
serve`` starts one beside the web server (:func:`start_beside`); an operator who runs more
servers, or the worker on a machine of its own, starts ``parity worker`` instead.

A worker started by a server stops with it: if the server dies without telling it (killed,
or its terminal closed), the worker notices that its parent is gone and stops too, rather
than run on alone.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

#: How often an idle worker looks for new tasks, in seconds.
LOOK_EVERY_SECONDS = 1.0
#: How often a worker started by a server checks that the server is still there.
PARENT_CHECK_SECONDS = 2.0
#: A finished task's record (its name, arguments and outcome) is deleted after this long.
KEEP_FINISHED_HOURS = 24
#: A page that waits for the worker (a report being drawn, an import being saved) looks again
#: this often, in seconds.
LOOK_AGAIN_SECONDS = 2
#: After this long without its work done, a waiting page says the worker may not be running.
LATE_SECONDS = 60

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerOptions:
    """``batch``: do what is queued, then stop (for scripts and tests). ``parent``: the process
    whose end also ends this worker."""

    batch: bool = False
    interval: float = LOOK_EVERY_SECONDS
    parent: int | None = None


def run_worker(options: WorkerOptions) -> None:
    """Do the queued tasks until stopped (Ctrl-C or SIGTERM finish the running task first)."""
    worker = Worker(
        queue_names=["*"],
        interval=options.interval,
        batch=options.batch,
        backend_name="default",
        startup_delay=not options.batch,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )
    worker.configure_signals()
    if options.parent is not None:
        _stop_with(options.parent)
    try:
        worker.run()
    finally:
        worker.reset_signals()


def late(asked_at: datetime, now: datetime | None = None) -> bool:
    """Waited for longer than the worker takes (:data:`LATE_SECONDS`) since ``asked_at``: the
    worker may not be running."""
    return (now or timezone.now()) - asked_at > timedelta(seconds=LATE_SECONDS)


def forget_finished_tasks(now: datetime | None = None) -> int:
    """Delete the records of tasks that finished more than :data:`KEEP_FINISHED_HOURS` ago."""
    from django_tasks_db.models import DBTaskResult

    moment = now or timezone.now()
    old = DBTaskResult.objects.filter(finished_at__lt=moment - timedelta(hours=KEEP_FINISHED_HOURS))
    deleted, _ = old.delete()
    return deleted


def _stop_with(parent: int) -> None:
    """A thread that sends this process SIGTERM (a graceful stop) once ``parent`` has gone."""

    def watch() -> None:
        while not threading.Event().wait(PARENT_CHECK_SECONDS):
            if os.getppid() != parent:
                _log.warning("The server that started this worker has stopped; stopping too.")
                os.kill(os.getpid(), signal.SIGTERM)
                return

    threading.Thread(target=watch, name="parity-worker-parent", daemon=True).start()


def start_beside() -> subprocess.Popen[bytes]:
    """Start ``parity worker`` as a child of this process (the server), which stops with it."""
    command = [sys.executable, "-m", "parity", "worker", "--parent", str(os.getpid())]
    return subprocess.Popen(command)


def stop(child: subprocess.Popen[bytes], wait_seconds: float = 30.0) -> None:
    """Ask ``child`` to finish its task and stop; kill it if it has not within the wait."""
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(wait_seconds)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
