"""`parity serve` and `parity manage`: the commands that run the web application.

They are the only CLI commands that touch Django, and import it inside the command, so the file
commands and `parity --help` never pay for it.
"""

from __future__ import annotations

import os

import click

_LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def _allow_host(host: str) -> None:
    """Let Django answer on the address we bind to, unless the operator listed the hosts."""
    if os.environ.get("PARITY_ALLOWED_HOSTS") or host in _LOCAL_HOSTS or host in {"0.0.0.0", "::"}:
        return
    os.environ["PARITY_ALLOWED_HOSTS"] = ",".join((*_LOCAL_HOSTS, host))


def _setup_django() -> None:
    """Django, set up from the environment; a setting it refuses is one sentence, not a trace."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parity.web.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    from parity.cli.failure import fail

    try:
        django.setup()
    except ImproperlyConfigured as error:
        fail("Parity cannot start with these settings.", str(error))

    from parity.web.reachable import database_problem

    problem = database_problem()
    if problem is not None:
        fail("Parity cannot start without its database.", problem)


def _show_example_survey(base: str) -> None:
    """Print one demo survey link, so a new user can try answering as a respondent."""
    from django.conf import settings
    from django.db import connections

    from parity.web.demo_loader import example_survey

    example = example_survey(settings.DATA_DIR)
    connections.close_all()  # the server's workers open their own connections after the fork
    if example is not None:
        click.echo(
            f"Try the survey as a member of {example.side} ({example.relationship}): "
            f"{base}{example.path}"
        )


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--workers", type=click.IntRange(min=1), default=2, show_default=True, help="Processes."
)
@click.option(
    "--threads", type=click.IntRange(min=1), default=4, show_default=True, help="Per process."
)
@click.option("--no-demo", is_flag=True, help="Do not load the demo organization on first start.")
@click.option(
    "--no-background-worker",
    is_flag=True,
    help="Do not start the background worker beside the server (run `parity worker` elsewhere).",
)
def serve(
    host: str, port: int, workers: int, threads: int, no_demo: bool, no_background_worker: bool
) -> None:
    """Run the web application: migrate, load the demo on first start, start the background
    worker, and serve."""
    _allow_host(host)
    _setup_django()
    from django.conf import settings

    from parity.web.server import ServerOptions, prepare
    from parity.web.server import serve as run_server

    login = prepare(demo=not no_demo)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Parity is running at http://{shown}:{port}/  (Ctrl-C stops it)")
    click.echo(f"Data folder: {settings.DATA_DIR}")
    if login is not None:
        password = login.password or f"(not kept; see {settings.DATA_DIR})"
        click.echo(f"Demo facilitator: {login.username} / {password}")
        _show_example_survey(f"http://{shown}:{port}")
    if host in {"0.0.0.0", "::"} and not os.environ.get("PARITY_ALLOWED_HOSTS"):
        click.echo("Set PARITY_ALLOWED_HOSTS to the names users type, or Django refuses them.")
    options = ServerOptions(host, port, workers, threads)
    if no_background_worker or not _queued_in_database():
        run_server(options)
        return
    from parity.web import worker

    child = worker.start_beside()
    click.echo(
        "Background worker started (it draws large reports, saves large imports and sends "
        "invitations and reminders)."
    )
    try:
        run_server(options)
    finally:
        worker.stop(child)


def _queued_in_database() -> bool:
    """Whether long work waits for a worker (PARITY_TASKS=database, the default)."""
    from django.conf import settings

    from parity.web.environment import TASK_BACKENDS

    return bool(settings.TASKS["default"]["BACKEND"] == TASK_BACKENDS["database"])


@click.command()
@click.option("--batch", is_flag=True, help="Do what is queued, then stop.")
@click.option("--parent", type=int, hidden=True, help="Stop when this process has gone.")
def worker(batch: bool, parent: int | None) -> None:
    """Run the background worker: long work the pages queue (large reports, reminders).
    `parity serve` starts one; run this where the server was started with
    --no-background-worker."""
    _setup_django()
    from parity.web.worker import WorkerOptions, run_worker

    if not batch and parent is None:
        click.echo("Parity's background worker is running  (Ctrl-C stops it)")
    run_worker(WorkerOptions(batch=batch, parent=parent))


@click.command(
    context_settings={"ignore_unknown_options": True, "help_option_names": []},
    add_help_option=False,
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Django's management commands (migrate, createsuperuser, check --deploy, ...)."""
    from parity.web.manage import run

    run(args)
