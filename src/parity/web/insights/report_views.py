"""Downloads of a round's results: the relationship and organization reports (HTML or PDF) and
the workshop pack (PDF).

They are the results pages in another form, so they follow the pages' rules exactly: the
organization is resolved by the tenancy guard (:func:`tenant_view`: an outsider gets
404, a viewer may read), rounds and relationships are read only within it, a round is
downloadable whenever its page is (marked provisional while it is open), and every result
passes the same anonymity gate (:mod:`parity.core.disclosure`) under the organization's own
thresholds.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from parity import reports
from parity.reports.model import ReportContext, RoundSnapshot
from parity.reports.network_chart import organization_sections
from parity.reports.pdf import html_to_pdf
from parity.web.insights.disclosure import Thresholds
from parity.web.insights.network_views import whole_organization
from parity.web.insights.results import (
    NotPublished,
    relationship_result,
    round_results,
)
from parity.web.insights.round_status import not_published
from parity.web.orgs.tenancy import Tenant, tenant_view
from parity.web.surveys.models import Round
from parity.web.surveys.rounds import organization_rounds, round_of

FORMATS = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}
#: The trend goes back this many earlier rounds (each is one cached analysis).
HISTORY_ROUNDS = 6


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


def _context(tenant: Tenant, round_: Round) -> ReportContext:
    return ReportContext(
        organization=tenant.organization.name,
        round=round_.name,
        status=round_.status,
    )


def _history(round_: Round) -> list[RoundSnapshot]:
    """The organization's earlier rounds, oldest first, for the trends."""
    earlier = list(
        organization_rounds(round_.organization)
        .filter(opens_at__lt=round_.opens_at)
        .select_related("organization")[:HISTORY_ROUNDS]
    )
    snapshots = []
    for before in reversed(earlier):
        results = round_results(before)
        snapshots.append(
            RoundSnapshot(before.name, tuple(result for _, result in results.ordered()))
        )
    return snapshots


def _download(html: str, fmt: str, name: str) -> HttpResponse:
    content: bytes | str = html_to_pdf(html) if fmt == "pdf" else html
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


def _name(tenant: Tenant, round_: Round, *parts: str) -> str:
    return "-".join(
        slugify(p) for p in ("parity", tenant.organization.slug, round_.name, *parts) if p
    )


@require_GET
@tenant_view()
@published_only
def organization_report(
    request: HttpRequest, tenant: Tenant, round_id: int, fmt: str
) -> HttpResponse:
    fmt = _format(fmt)
    round_ = round_of(tenant, round_id)
    results = round_results(round_)
    network, round_robin = organization_sections(whole_organization(results))
    report = reports.organization_report(
        [result for _, result in results.ordered()],
        results.thresholds,
        _context(tenant, round_),
        history=_history(round_),
        network=network,
        round_robin=round_robin,
    )
    return _download(reports.organization_html(report), fmt, _name(tenant, round_, "report"))


@require_GET
@tenant_view()
@published_only
def relationship_report(
    request: HttpRequest, tenant: Tenant, round_id: int, relationship_id: int, fmt: str
) -> HttpResponse:
    fmt = _format(fmt)
    round_ = round_of(tenant, round_id)
    _, result = relationship_result(round_, relationship_id)
    report = reports.relationship_report(
        result,
        Thresholds.of(round_),
        _context(tenant, round_),
        history=_history(round_),
    )
    name = _name(tenant, round_, *result.parties)
    return _download(reports.relationship_html(report), fmt, name)


@require_GET
@tenant_view()
@published_only
def workshop_pack(
    request: HttpRequest, tenant: Tenant, round_id: int, relationship_id: int
) -> HttpResponse:
    round_ = round_of(tenant, round_id)
    _, result = relationship_result(round_, relationship_id)
    pack = reports.workshop_pack([result], Thresholds.of(round_), _context(tenant, round_))
    name = _name(tenant, round_, *result.parties, "workshop")
    return _download(reports.workshop_html(pack), "pdf", name)
