"""Downloads of a round's results: the relationship and organization reports (HTML or PDF) and
the workshop pack (PDF).

They are the results pages in another form, so they follow the pages' rules exactly: the
organization is resolved by the tenancy guard (:func:`tenant_view`: an outsider gets
404, a viewer may read), rounds and relationships are read only within it, a round is
downloadable whenever its page is (marked provisional while it is open), and every result
passes the same anonymity gate (:mod:`parity.core.disclosure`) under the organization's own
thresholds. The organization report's PDF is drawn by the background worker
(:mod:`parity.web.insights.prepared`): the download waits on a page that looks again by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from parity import reports
from parity.web import worker
from parity.web.insights import prepared
from parity.web.insights.disclosure import Thresholds
from parity.web.insights.report_files import (
    file_name,
    history,
    in_round_language,
    organization_report_html,
    organization_report_name,
    rendered,
    report_context,
)
from parity.web.insights.results import NotPublished, relationship_result
from parity.web.insights.round_status import not_published, round_context
from parity.web.orgs.tenancy import Tenant, tenant_view
from parity.web.surveys.models import Round
from parity.web.surveys.rounds import round_of

FORMATS = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}


def published_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """An open round's download answers with the page that says when results appear."""

    @wraps(view)
    def wrapper(request: HttpRequest, tenant: Tenant, round_id: int, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, tenant, round_id, **kwargs)
        except NotPublished:
            return not_published(request, tenant, round_of(tenant, round_id))

    return wrapper


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404("Reports are HTML or PDF.")
    return fmt


def _download(content: bytes | str, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


def _prepared(
    request: HttpRequest, tenant: Tenant, round_: Round, found: prepared.Preparation
) -> HttpResponse:
    """The file once the worker has drawn it; until then a page that waits for it.

    ``?status=1`` (the waiting page's script) answers with the status alone: 200 once the file
    is there, 202 while it is drawn, 500 if drawing it failed.
    """
    status = 500 if found.failed else 202 if found.content is None else 200
    if request.GET.get("status") == "1":
        return HttpResponse(status=status, headers={"Cache-Control": "no-store"})
    if found.content is not None:
        return _download(found.content, "pdf", found.filename)
    context = round_context(tenant, round_) | {
        "preparation": found,
        "look_again": worker.LOOK_AGAIN_SECONDS,
    }
    return render(request, "insights/preparing.html", context, status=status)


@require_GET
@tenant_view()
@published_only
def organization_report(
    request: HttpRequest, tenant: Tenant, round_id: int, fmt: str
) -> HttpResponse:
    fmt = _format(fmt)
    round_ = round_of(tenant, round_id)
    if fmt == "pdf":
        return _prepared(request, tenant, round_, prepared.organization_pdf(round_))
    html = organization_report_html(round_)
    return _download(html, fmt, organization_report_name(round_))


@require_GET
@tenant_view()
@published_only
def relationship_report(
    request: HttpRequest, tenant: Tenant, round_id: int, relationship_id: int, fmt: str
) -> HttpResponse:
    fmt = _format(fmt)
    round_ = round_of(tenant, round_id)
    _, result = relationship_result(round_, relationship_id)
    trend = history(round_)
    with in_round_language(round_):
        report = reports.relationship_report(
            result, Thresholds.of(round_), report_context(round_), history=trend
        )
        content = rendered(reports.relationship_html(report), fmt)
    return _download(content, fmt, file_name(round_, *result.parties))


@require_GET
@tenant_view()
@published_only
def workshop_pack(
    request: HttpRequest, tenant: Tenant, round_id: int, relationship_id: int
) -> HttpResponse:
    round_ = round_of(tenant, round_id)
    _, result = relationship_result(round_, relationship_id)
    with in_round_language(round_):
        pack = reports.workshop_pack([result], Thresholds.of(round_), report_context(round_))
        content = rendered(reports.workshop_html(pack), "pdf")
    return _download(content, "pdf", file_name(round_, *result.parties, "workshop"))
