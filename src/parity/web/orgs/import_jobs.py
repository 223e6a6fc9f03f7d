"""Large imports saved off the request path, by the background worker.

A confirmed import of up to :data:`SAVED_IN_REQUEST` rows is saved while the facilitator
waits, as it always was: a few seconds at most. A larger one (the upload limit of 2 MB holds
about thirty thousand relationships, about ten seconds to save) is handed to the task queue
(django-tasks, run by ``parity worker``, which ``parity serve`` starts), and the confirmation
answers at once with the import's page, which looks again every few seconds until it is saved
or tells why nothing was. The worker saves it all or nothing, as the request would have, in the
name of whoever confirmed it (the record of changes names them) and only while they may still
edit the organization.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from auditlog.context import set_actor
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from parity.web import worker
from parity.web.orgs.importing import ImportConflictError, ImportPlan, apply_plan
from parity.web.orgs.models import ImportJob
from parity.web.orgs.tenancy import Tenant, tenant_for

#: A confirmed import of more rows than this (parties and relationships, new and updated) is
#: saved by the background worker.
SAVED_IN_REQUEST = 2_000
#: An import's row is deleted this long after it finished.
KEEP_HOURS = 24

_log = logging.getLogger(__name__)


def rows_of(plan: ImportPlan) -> int:
    """The rows an import writes: what decides where it is saved."""
    return (
        len(plan.parties)
        + len(plan.relationships)
        + len(plan.updated_parties)
        + len(plan.updated_relationships)
    )


def queue_import(plan: ImportPlan, tenant: Tenant, user: User, language: str) -> ImportJob:
    """A new :class:`ImportJob` for ``plan``, and the task that saves it (queued once the row is
    committed: requests are not atomic, so the worker never looks for a row not there yet)."""
    job = ImportJob.objects.create(
        organization=tenant.organization,
        requested_by=user,
        plan=plan.to_json(),
        language=language,
        requested_at=timezone.now(),
    )
    save_import.enqueue(job.pk)
    job.refresh_from_db()
    return job


@task()
def save_import(job_id: int) -> None:
    """Save the plan of one :class:`ImportJob` (the worker's task), all or nothing.

    A job already finished, or deleted meanwhile, is left alone. Nothing is saved if whoever
    confirmed it may no longer edit the organization, or if the organization changed since the
    preview (:class:`ImportConflictError`); the job then says why, in their page's language.
    """
    job = ImportJob.objects.select_related("organization", "requested_by").filter(pk=job_id)
    found = job.first()
    if found is None or found.finished_at is not None:
        return
    with translation.override(found.language):
        failure = _saved(found)
    job.update(finished_at=timezone.now(), failure=failure)


def _saved(job: ImportJob) -> str:
    """Save ``job``'s plan; why it was not saved, or "" when it was."""
    try:
        # The pages' own rule of who may edit: a member no longer, or a viewer now, may not.
        if job.requested_by is None:
            raise PermissionDenied
        tenant = tenant_for(job.requested_by, job.organization.slug, edit=True)
    except (Http404, PermissionDenied):
        return gettext(
            "Nothing was imported: whoever confirmed it may no longer change this organization."
        )
    try:
        with set_actor(job.requested_by):
            apply_plan(ImportPlan.from_json(job.plan), tenant)
    except ImportConflictError as conflict:
        return str(conflict)
    except Exception:
        _log.exception("Saving an import failed.")
        ImportJob.objects.filter(pk=job.pk).update(
            finished_at=timezone.now(),
            failure=gettext("Nothing was imported: the server failed to save it."),
        )
        raise
    return ""


def late(job: ImportJob) -> bool:
    """Waiting longer than saving takes: the worker may not be running."""
    return job.finished_at is None and worker.late(job.requested_at)


def forget_old_imports(now: datetime | None = None) -> int:
    """Delete the imports that finished more than :data:`KEEP_HOURS` ago (run by the periodic
    job); how many."""
    before = (now or timezone.now()) - timedelta(hours=KEEP_HOURS)
    deleted, _ = ImportJob.objects.filter(finished_at__lt=before).delete()
    return deleted
