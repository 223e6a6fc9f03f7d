"""Getting the app ready and serving it with gunicorn, a production WSGI server.

Django's ``runserver`` is for development only; gunicorn runs several worker processes (each
with a few threads), so a company can run Parity on PostgreSQL as it is, and whitenoise serves
the static files from the same processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from gunicorn.app.base import BaseApplication

from parity.web.demo_loader import DemoLogin, ensure_demo


def prepare(*, demo: bool) -> DemoLogin | None:
    """Apply migrations, collect static files and (unless ``demo`` is off) load the demo."""
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    login = ensure_demo(settings.DATA_DIR) if demo else None
    connections.close_all()  # the workers open their own connections after the fork
    return login


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
