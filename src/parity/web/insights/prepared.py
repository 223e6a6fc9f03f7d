"""Report files drawn off the request path, by the background worker.

An organization report of a few hundred relationships takes WeasyPrint longer to draw than a
browser should wait on one request, so the download asks the task queue (django-tasks, its
database backend, run by ``parity worker``, which ``parity serve`` starts beside the server)
to draw it, and answers with a page that looks again every few seconds until the file is
there. The file is kept under the key of everything it is drawn from
(:func:`organization_report_key`), so two people asking for the same report share one drawing,
and any change to the round gives a new file rather than the old one.

What is kept is exactly what the download gives, the disclosed results, and not for long: a
file is deleted once it is :data:`KEEP_MINUTES` old, by the same periodic job that seals
rounds (:func:`forget_old_reports`), and the older files of a round are deleted as soon as a
newer one is asked for.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from parity.web import worker
from parity.web.insights.models import PreparedReport
from parity.web.insights.report_files import (
    organization_report_html,
    organization_report_key,
    organization_report_name,
    rendered,
)
from parity.web.surveys.models import Round

#: What the worker draws (one kind for now: the organization report as PDF).
ORGANIZATION_PDF = "organization-pdf"
#: A drawn file is deleted this long after it was asked for.
KEEP_MINUTES = 60

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Preparation:
    """Where a report stands: ``content`` once drawn; ``failed`` if drawing it failed."""

    #: The file's name, without its extension.
    filename: str
    requested_at: datetime
    content: bytes | None = None
    failed: bool = False

    @property
    def late(self) -> bool:
        """Waiting longer than a drawing takes: the worker may not be running."""
        return worker.late(self.requested_at)


def organization_pdf(round_: Round) -> Preparation:
    """The organization report of ``round_`` as PDF: drawn already, or asked for now.

    The same request from several people (or twice from one) asks the worker once: the row is
    unique per round and key, and whoever loses the race reads the winner's row.
    """
    key = organization_report_key(round_)
    found = PreparedReport.objects.filter(round=round_, kind=ORGANIZATION_PDF, key=key).first()
    if found is None:
        found = _ask(round_, key)
    return Preparation(
        filename=found.filename,
        requested_at=found.requested_at,
        content=bytes(found.content) if found.content is not None else None,
        failed=found.failed,
    )


def _ask(round_: Round, key: str) -> PreparedReport:
    """A new row for ``key`` (older files of the round go), and the task that draws it.

    The task is queued once the row is committed (requests are not atomic), so a worker never
    looks for a row that is not there yet; with the immediate backend (``PARITY_TASKS=
    immediate``) it runs there and then, and the row is read back drawn.
    """
    try:
        with transaction.atomic():
            PreparedReport.objects.filter(round=round_, kind=ORGANIZATION_PDF).delete()
            row = PreparedReport.objects.create(
                round=round_,
                kind=ORGANIZATION_PDF,
                key=key,
                filename=organization_report_name(round_),
                requested_at=timezone.now(),
            )
    except IntegrityError:
        return PreparedReport.objects.get(round=round_, kind=ORGANIZATION_PDF, key=key)
    draw_organization_pdf.enqueue(row.pk)
    row.refresh_from_db()
    return row


@task()
def draw_organization_pdf(prepared_id: int) -> None:
    """Draw the file of one :class:`PreparedReport` (the worker's task).

    A row deleted meanwhile (a newer report asked for, or an hour passed) is no longer wanted.
    The report is drawn from the round as it is now; if that no longer matches the row's key
    (the round changed since), the file is not kept under the old key: the next request asks
    for a new one. A drawing that fails is marked so, and the waiting page says so.
    """
    row = PreparedReport.objects.select_related("round__organization").filter(pk=prepared_id)
    found = row.first()
    if found is None:
        return
    round_ = found.round
    try:
        if organization_report_key(round_) != found.key:
            row.delete()
            return
        content = rendered(organization_report_html(round_), "pdf")
    except Exception:
        _log.exception("Drawing an organization report failed.")
        row.update(failed=True, finished_at=timezone.now())
        raise
    row.update(content=content, finished_at=timezone.now())


def forget_old_reports(now: datetime | None = None) -> int:
    """Delete the files asked for more than :data:`KEEP_MINUTES` ago; how many went."""
    moment = now or timezone.now()
    old = PreparedReport.objects.filter(requested_at__lt=moment - timedelta(minutes=KEEP_MINUTES))
    deleted, _ = old.delete()
    return deleted
