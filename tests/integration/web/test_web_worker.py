"""The background worker: the organization report's PDF is queued in the database, drawn by
``parity worker``, and fetched from the page that waits for it; nothing else leaks on the way.

These tests queue the work as a real install does (django-tasks' database backend) and run the
worker in this process until the queue is empty, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import io
import os
import select
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader
from tests.integration.web.builders import World
from tests.integration.web.insights_builders import answer, answered_round, make_results_round

from parity.core.policy import quote_key
from parity.web.environment import TASK_BACKENDS
from parity.web.insights import prepared
from parity.web.insights.models import PreparedReport
from parity.web.surveys.models import Round
from parity.web.worker import (
    LATE_SECONDS,
    LOOK_AGAIN_SECONDS,
    WorkerOptions,
    forget_finished_tasks,
    run_worker,
)

SALES_SAYS = "We own the outcome jointly with IT, as equals, and decide together."
QUEUED = {"default": {"BACKEND": TASK_BACKENDS["database"], "QUEUES": ["default"]}}


@pytest.fixture
def queued(transactional_db: None) -> Iterator[None]:
    """Long work queued in the database, as ``parity serve`` runs it."""
    with override_settings(TASKS=QUEUED):
        yield


@pytest.fixture
def closed(world: World) -> Round:
    return answered_round(world.relationship, 8)


def _url(round_: Round) -> str:
    return reverse(
        "insights:organization_report", args=[round_.organization.slug, round_.pk, "pdf"]
    )


def _work() -> None:
    run_worker(WorkerOptions(batch=True, interval=0))


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content), strict=True)
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def test_the_pdf_waits_for_the_worker_then_downloads(
    queued: None, closed: Round, viewer: Client
) -> None:
    waiting = viewer.get(_url(closed))
    assert waiting.status_code == 202
    page = waiting.content.decode()
    assert "Drawing the PDF." in page
    assert f'data-every="{LOOK_AGAIN_SECONDS}"' in page
    assert "parity/prepared-report.js" in page
    assert ">Look again</a>" in page
    assert "report as a web page" in page
    assert viewer.get(_url(closed) + "?status=1").status_code == 202
    # Asking again while it is queued draws nothing twice.
    assert viewer.get(_url(closed)).status_code == 202
    assert DBTaskResult.objects.count() == 1
    assert PreparedReport.objects.count() == 1

    _work()

    ready = viewer.get(_url(closed) + "?status=1")
    assert (ready.status_code, ready.content) == (200, b"")
    done = viewer.get(_url(closed))
    assert done.status_code == 200
    assert done["Content-Type"] == "application/pdf"
    assert done["Content-Disposition"].endswith('-report.pdf"')
    assert done["Cache-Control"] == "no-store"
    assert "Org A" in _pdf_text(done.content)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_queue_holds_a_row_number_not_the_results(
    queued: None, closed: Round, viewer: Client
) -> None:
    """A database reader finds in the queue which report was asked for, never a result."""
    viewer.get(_url(closed))
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {"args": [PreparedReport.objects.get().pk], "kwargs": {}}
    _work()
    task.refresh_from_db()
    assert task.return_value is None


def test_a_change_to_the_round_draws_a_new_file_and_drops_the_old(
    queued: None, world: World, facilitator: Client
) -> None:
    round_ = make_results_round(world.org_a, [world.relationship])
    answer(round_, world.relationship, world.sales, 8, text=SALES_SAYS)
    answer(round_, world.relationship, world.it, 8)
    facilitator.get(_url(round_))
    _work()
    assert facilitator.get(_url(round_)).status_code == 200
    first = PreparedReport.objects.get()

    quotes = reverse("insights:quotes", args=["org-a", round_.pk, world.relationship.pk])
    key = quote_key("Sales", "IT", "purpose", SALES_SAYS)
    assert facilitator.post(quotes, {"key": key, "action": "hide"}).status_code == 302

    assert facilitator.get(_url(round_)).status_code == 202
    second = PreparedReport.objects.get()
    assert second.pk != first.pk
    assert second.key != first.key
    _work()
    assert facilitator.get(_url(round_)).status_code == 200


def test_a_drawing_that_no_longer_matches_its_round_is_not_kept(
    queued: None, world: World, facilitator: Client
) -> None:
    round_ = make_results_round(world.org_a, [world.relationship])
    answer(round_, world.relationship, world.sales, 8, text=SALES_SAYS)
    answer(round_, world.relationship, world.it, 8)
    facilitator.get(_url(round_))
    quotes = reverse("insights:quotes", args=["org-a", round_.pk, world.relationship.pk])
    key = quote_key("Sales", "IT", "purpose", SALES_SAYS)
    assert facilitator.post(quotes, {"key": key, "action": "hide"}).status_code == 302
    _work()
    assert not PreparedReport.objects.exists()
    assert facilitator.get(_url(round_)).status_code == 202


def test_an_outsider_queues_nothing(queued: None, closed: Round, outsider: Client) -> None:
    assert outsider.get(_url(closed)).status_code == 404
    assert not PreparedReport.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_an_open_round_queues_nothing(queued: None, world: World, viewer: Client) -> None:
    round_ = make_results_round(world.org_a, [world.relationship])
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() + timedelta(days=3))
    round_.refresh_from_db()
    response = viewer.get(_url(round_))
    assert "results when the round closes" in response.content.decode()
    assert not DBTaskResult.objects.exists()


def test_a_failed_drawing_says_so(
    queued: None, closed: Round, viewer: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(round_: Round) -> str:
        raise RuntimeError("no fonts")

    monkeypatch.setattr(prepared, "organization_report_html", broken)
    viewer.get(_url(closed))
    _work()
    response = viewer.get(_url(closed))
    assert response.status_code == 500
    page = response.content.decode()
    assert "The report could not be drawn." in page
    assert "prepared-report.js" not in page
    assert viewer.get(_url(closed) + "?status=1").status_code == 500
    assert DBTaskResult.objects.get().status == "FAILED"


def test_a_long_wait_points_at_the_worker(queued: None, closed: Round, viewer: Client) -> None:
    viewer.get(_url(closed))
    long_ago = timezone.now() - timedelta(seconds=LATE_SECONDS + 1)
    PreparedReport.objects.update(requested_at=long_ago)
    page = viewer.get(_url(closed)).content.decode()
    assert "The background worker may not be running" in page


def test_files_and_task_records_are_forgotten(queued: None, closed: Round, viewer: Client) -> None:
    viewer.get(_url(closed))
    _work()
    now = timezone.now()
    assert prepared.forget_old_reports(now + timedelta(minutes=prepared.KEEP_MINUTES - 1)) == 0
    assert prepared.forget_old_reports(now + timedelta(minutes=prepared.KEEP_MINUTES + 1)) == 1
    assert forget_finished_tasks(now + timedelta(hours=23)) == 0
    assert forget_finished_tasks(now + timedelta(hours=25)) == 1
    assert not DBTaskResult.objects.exists()


def test_without_a_worker_the_pdf_comes_at_once(closed: Round, viewer: Client) -> None:
    """PARITY_TASKS=immediate (the tests' default): drawn in the request, as before."""
    response = viewer.get(_url(closed))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.slow
def test_a_worker_stops_when_its_server_has_gone(tmp_path: Path) -> None:
    """``parity serve`` starts the worker with ``--parent``: killed or not, a server that is gone
    takes its worker with it."""
    env = dict(os.environ, PARITY_DATA_DIR=str(tmp_path), DATABASE_URL="")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, "-m", "parity", "manage", "migrate", "--verbosity", "0"]
    subprocess.run(manage, env=env, check=True, timeout=300)
    # A stand-in for the server: it starts the worker as the server does, prints its pid, exits.
    starter = (
        "import os, subprocess, sys\n"
        "child = subprocess.Popen([sys.executable, '-m', 'parity', 'worker', '--parent', "
        "str(os.getpid())])\n"
        "print(child.pid, flush=True)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", starter], env=env, check=True, capture_output=True, text=True
    )
    pid = int(out.stdout.split()[0])
    assert _ends_within(pid, seconds=60)


def _ends_within(pid: int, seconds: float) -> bool:
    """Whether process ``pid`` ends within ``seconds`` (its pidfd becomes readable when it does)."""
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        ready, _, _ = select.select([handle], [], [], seconds)
    finally:
        os.close(handle)
    return bool(ready)
