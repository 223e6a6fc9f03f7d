"""Downloads of a round's anonymised raw data: CSV (long format), Excel and SPSS.

The same guard as the report downloads (:mod:`parity.web.insights.report_views`): the
organization is resolved by :func:`tenant_view` (an outsider gets 404, a viewer may read), the
round only within it, and an open round answers with the page that says when results appear.
What the files hold is chosen by :func:`parity.web.insights.raw_data.raw_data`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from parity.io import raw_export
from parity.io.raw_export import RawData
from parity.web.insights.raw_data import raw_data
from parity.web.insights.report_files import file_name
from parity.web.insights.report_views import published_only
from parity.web.orgs.tenancy import Tenant, tenant_view
from parity.web.surveys.rounds import round_of

#: Each format: its writer and its content type.
FORMATS: dict[str, tuple[Callable[[RawData], bytes], str]] = {
    "csv": (raw_export.to_csv, "text/csv; charset=utf-8"),
    "xlsx": (
        raw_export.to_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "sav": (raw_export.to_sav, "application/x-spss-sav"),
}


@require_GET
@tenant_view()
@published_only
def raw_data_download(
    request: HttpRequest, tenant: Tenant, round_id: int, fmt: str
) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("Raw data is CSV, XLSX or SAV.")
    round_ = round_of(tenant, round_id)
    writer, content_type = FORMATS[fmt]
    content = writer(raw_data(round_))
    response = HttpResponse(content, content_type=content_type)
    name = file_name(round_, "raw-data")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
