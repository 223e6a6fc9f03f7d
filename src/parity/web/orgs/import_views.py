"""Import from CSV in two steps: upload and preview, then confirm and save.

The checked plan waits in the session between the two steps, so the confirmed save is exactly
what the preview showed, and the file is not uploaded twice.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext

from parity.io.errors import InputFileError
from parity.web import worker
from parity.web.orgs import import_jobs
from parity.web.orgs.forms import ImportForm
from parity.web.orgs.importing import (
    ImportConflictError,
    ImportPlan,
    apply_plan,
    plan_parties,
    plan_relationships,
)
from parity.web.orgs.models import ImportJob
from parity.web.orgs.tenancy import Tenant, signed_in, tenant_view


def _session_key(tenant: Tenant) -> str:
    return f"parity-import-{tenant.organization.pk}"


@tenant_view(edit=True)
def import_upload(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "organization": tenant.organization, "problems": None}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        planner = plan_parties if form.cleaned_data["kind"] == form.PARTIES else plan_relationships
        try:
            plan = planner(
                upload.read(),
                upload.name or "upload.csv",
                tenant,
                ignore_unknown=form.cleaned_data["ignore_unknown"],
                existing=form.cleaned_data["existing"],
            )
        except InputFileError as error:
            context["problems"] = error
        else:
            request.session[_session_key(tenant)] = plan.to_json()
            return redirect("orgs:import-preview", slug=tenant.organization.slug)
    return render(request, "orgs/import.html", context, status=400 if context["problems"] else 200)


@tenant_view(edit=True)
def import_preview(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    stored = request.session.get(_session_key(tenant))
    if stored is None:
        messages.info(request, gettext("There is no import waiting; upload a file first."))
        return redirect("orgs:import", slug=tenant.organization.slug)
    plan = ImportPlan.from_json(stored)
    if request.method == "POST":
        return _confirm(request, tenant, plan)
    return render(
        request,
        "orgs/import_preview.html",
        {"plan": plan, "organization": tenant.organization, **_preview_pages(request, plan)},
    )


#: Rows of each table of the preview on one page, as every long list of the pages.
PREVIEW_ROWS = 50
#: The preview's tables: the plan's list each shows, by the name of its page parameter.
PREVIEW_TABLES = ("parties", "relationships", "updated_parties", "updated_relationships")


def _preview_pages(request: HttpRequest, plan: ImportPlan) -> dict[str, Any]:
    """Each table of the preview as a page of :data:`PREVIEW_ROWS` rows, with the query that
    keeps the other tables' pages (past their first) on its links: a file of thirty thousand
    relationships made a preview of 3 MB."""
    pages = {
        name: Paginator(getattr(plan, name), PREVIEW_ROWS).get_page(request.GET.get(f"{name}_page"))
        for name in PREVIEW_TABLES
    }
    return {
        "pages": pages,
        "queries": {
            name: urlencode(
                {
                    f"{other}_page": page.number
                    for other, page in pages.items()
                    if other != name and page.number > 1
                }
            )
            for name in pages
        },
    }


def _confirm(request: HttpRequest, tenant: Tenant, plan: ImportPlan) -> HttpResponse:
    del request.session[_session_key(tenant)]
    if import_jobs.rows_of(plan) > import_jobs.SAVED_IN_REQUEST:
        job = import_jobs.queue_import(plan, tenant, signed_in(request), translation.get_language())
        return redirect("orgs:import-job", slug=tenant.organization.slug, job_id=job.pk)
    try:
        apply_plan(plan, tenant)
    except ImportConflictError as conflict:
        messages.error(request, str(conflict))
        return redirect("orgs:import", slug=tenant.organization.slug)
    messages.success(request, plan.summary())
    return redirect("orgs:detail", slug=tenant.organization.slug)


@tenant_view(edit=True)
def import_job(request: HttpRequest, tenant: Tenant, job_id: int) -> HttpResponse:
    """A large import the worker saves: a page that looks again every few seconds until it is
    saved, then says what it did, or why nothing was saved."""
    job = get_object_or_404(ImportJob, pk=job_id, organization=tenant.organization)
    plan = ImportPlan.from_json(job.plan)
    context = {
        "organization": tenant.organization,
        "job": job,
        "summary": plan.summary(),
        "rows": import_jobs.rows_of(plan),
        "late": import_jobs.late(job),
        "look_again": worker.LOOK_AGAIN_SECONDS,
    }
    return render(request, "orgs/import_job.html", context)
