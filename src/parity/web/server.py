"""Getting the app ready and serving it with gunicorn, a production WSGI server.

Django's ``runserver`` is for development only; gunicorn runs several worker processes (each
with a few threads), so a company can run Parity on PostgreSQL as it is, and whitenoise serves
the static files from the same processes.

Two things are added to gunicorn. Its logs are masked like Django's (:mod:`parity.web.logmask`):
the access log keeps the time, method, path, status, size and duration of each request, with
survey and results tokens, codes and addresses hidden, and leaves out the client's address and
browser. And each worker runs the periodic jobs (sealing closed rounds) in a thread of its own,
so no cron job is needed.

Before gunicorn forks its workers, the engine is readied in the main process (:func:`prepare`,
:mod:`parity.web.warmup`), so that each worker inherits it rather than paying for it on its
first results page.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from gunicorn.app.base import BaseApplication
from gunicorn.config import Config
from gunicorn.glogging import Logger, SafeAtoms
from gunicorn.workers.base import Worker

from parity.web.demo_loader import DemoLogin, ensure_demo
from parity.web.health import PROBE_PATHS
from parity.web.logformat import JsonLineFormatter
from parity.web.logmask import MaskFilter, mask
from parity.web.warmup import warm_up

#: The access log: time, request line, status, bytes sent, duration.
ACCESS_LOG_FORMAT = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'
#: How often each worker seals the rounds that have closed (parity.web.surveys.sealing).
SEAL_EVERY_SECONDS = 60

_log = logging.getLogger(__name__)


def prepare(*, demo: bool) -> DemoLogin | None:
    """Apply migrations, collect static files, (unless ``demo`` is off) load the demo, and
    ready the engine (:mod:`parity.web.warmup`): all before the address is given out and
    gunicorn forks its workers, which inherit the readied engine."""
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)  # the rate limits' counts (settings.CACHES)
    collect_static()
    login = ensure_demo(settings.DATA_DIR) if demo else None
    warm_up()
    connections.close_all()  # the workers open their own connections after the fork
    return login


#: Static files never served: the API's second documentation viewer (the API docs use Swagger UI)
#: and its source map, which together were a third of a first start's collecting.
NOT_COLLECTED = ["redoc.standalone.js*"]

#: Beside the collected files: the fingerprint of the files they were collected from.
COLLECTED_STAMP = ".parity-collected"


def static_fingerprint() -> str:
    """A digest of every static file Parity serves (its path, size and modification time) and
    of the storage that collects them: the same on every start until Parity is upgraded or a
    file changes."""
    from django.contrib.staticfiles import finders

    digest = hashlib.sha256(str(settings.STORAGES["staticfiles"]["BACKEND"]).encode())
    digest.update(repr((NOT_COLLECTED, settings.WHITENOISE_SKIP_COMPRESS_EXTENSIONS)).encode())
    found = []
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            found.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    for line in sorted(found):
        digest.update(line.encode())
    return digest.hexdigest()


def collect_static() -> None:
    """Django's ``collectstatic``, unless the files were collected from these very files
    already: hashing and compressing them takes most of a minute on a small machine, which
    every start of every server would otherwise pay."""
    stamp = Path(settings.STATIC_ROOT) / COLLECTED_STAMP
    fingerprint = static_fingerprint()
    if stamp.is_file() and stamp.read_text() == fingerprint:
        return
    call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=NOT_COLLECTED)
    stamp.write_text(fingerprint)


class _MaskedAtoms(SafeAtoms):
    """gunicorn's access-log values, each masked as the log format reads it."""

    def __getitem__(self, k: str) -> Any:
        value: Any = super().__getitem__(k)
        return mask(value) if isinstance(value, str) else value


def _request_fields(atoms: _MaskedAtoms) -> dict[str, Any]:
    """The request line's fields for a JSON access log line, from the masked atoms."""
    query, status = atoms["q"], str(atoms["s"])
    return {
        "method": atoms["m"],
        "path": atoms["U"] + (f"?{query}" if query and query != "-" else ""),
        "status": int(status) if status.isdigit() else status,
        "bytes": atoms["B"],
        "duration_ms": atoms["M"],
    }


class MaskedLogger(Logger):
    """gunicorn's logger with the request's path, query and headers masked in the access log,
    and every line of the error log masked ("Error handling request /s/…/").

    Successful answers to the health checks (:data:`parity.web.health.PROBE_PATHS`) are not
    written: a load balancer asks every few seconds. With ``PARITY_LOG_FORMAT=json`` both logs
    write JSON lines (:mod:`parity.web.logformat`), the access log with the request's fields.
    """

    atoms_wrapper_class = _MaskedAtoms

    def setup(self, cfg: Config) -> None:
        super().setup(cfg)
        if not any(isinstance(f, MaskFilter) for f in self.error_log.filters):
            self.error_log.addFilter(MaskFilter())
        if getattr(settings, "LOG_FORMAT", "text") == "json":
            for log in (self.error_log, self.access_log):
                for handler in log.handlers:
                    handler.setFormatter(JsonLineFormatter())

    def access(
        self, resp: Any, req: Any, environ: MutableMapping[str, Any], request_time: Any
    ) -> None:
        if not self.access_log_enabled or _successful_probe(resp, environ):
            return
        atoms = self.atoms_wrapper_class(dict(self.atoms(resp, req, environ, request_time)))
        try:
            self.access_log.info(self.cfg.access_log_format, atoms, extra=_request_fields(atoms))
        except Exception:
            self.exception("The access log line could not be written.")


def _successful_probe(resp: Any, environ: Mapping[str, Any]) -> bool:
    status = str(getattr(resp, "status", "")).split(" ", 1)[0]
    return environ.get("PATH_INFO") in PROBE_PATHS and status.startswith("2")


def run_job(job: Callable[[], object]) -> None:
    """Run ``job`` once: an exception is logged (masked, like every line) and swallowed, so the
    next run still comes; the thread's database connection is closed either way, rather than
    held open by an idle thread until the next run."""
    try:
        job()
    except Exception:
        _log.exception("The periodic job %s failed; it runs again later.", _name(job))
    finally:
        connection.close()


def _name(job: Callable[[], object]) -> str:
    return str(getattr(job, "__name__", job))


def repeat(job: Callable[[], object], seconds: float, stop: threading.Event) -> threading.Thread:
    """A daemon thread that runs ``job`` now and every ``seconds`` until ``stop`` is set."""

    def loop() -> None:
        while True:
            run_job(job)
            if stop.wait(seconds):
                return

    thread = threading.Thread(target=loop, name=f"parity-{_name(job)}", daemon=True)
    thread.start()
    return thread


def seal_due_rounds() -> None:
    """Seal the rounds that have closed. Imported when it runs, so that a failing import is
    logged and tried again a minute later instead of stopping the worker."""
    from parity.web.surveys.sealing import seal_due_rounds as seal

    seal()


def warm_results() -> None:
    """Analyse the rounds sealed lately into the shared cache (imported when it runs, as
    :func:`seal_due_rounds`)."""
    from parity.web.insights.results import warm_recent_results

    warm_recent_results()


def forget_old_work() -> None:
    """Delete the report files kept past their hour, the imports finished a day ago and the
    finished tasks' records (imported when it runs, as :func:`seal_due_rounds`)."""
    from parity.web.insights.prepared import forget_old_reports
    from parity.web.orgs.import_jobs import forget_old_imports
    from parity.web.worker import forget_finished_tasks

    forget_old_reports()
    forget_old_imports()
    forget_finished_tasks()


def seal_and_warm() -> None:
    """The periodic job: seal the rounds that closed, forget old work, then analyse the rounds
    sealed lately."""
    run_job(seal_due_rounds)
    run_job(forget_old_work)
    warm_results()


def _start_jobs(worker: Worker) -> None:
    """gunicorn's ``post_worker_init``: each worker seals on its own (sealing is idempotent and
    safe to run from several processes at once), so a round is sealed within a minute of
    closing even when nobody opens it, and its results are analysed off the request path."""
    repeat(seal_and_warm, SEAL_EVERY_SECONDS, threading.Event())


@dataclass(frozen=True)
class ServerOptions:
    host: str
    port: int
    workers: int
    threads: int


class _Gunicorn(BaseApplication):
    """Gunicorn running our WSGI app with options from the command line, not a config file."""

    def __init__(self, options: ServerOptions) -> None:
        self._settings = {
            "bind": f"{options.host}:{options.port}",
            "workers": options.workers,
            "threads": options.threads,
            "worker_class": "gthread",
            "accesslog": "-",
            "errorlog": "-",
            "logger_class": MaskedLogger,
            "access_log_format": ACCESS_LOG_FORMAT,
            "post_worker_init": _start_jobs,
            "control_socket_disable": True,
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._settings.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from parity.web.wsgi import application

        return application


def serve(options: ServerOptions) -> None:
    """Serve until interrupted (Ctrl-C)."""
    _Gunicorn(options).run()
