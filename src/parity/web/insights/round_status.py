"""Where a round stands for its results pages: provisional, closed or released, and the page an
open round shows instead of results. One module the pages, the network page, the report
downloads and the API all import (none of them imports another's views).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from parity.web.orgs.tenancy import Tenant
from parity.web.surveys.models import Round
from parity.web.surveys.rounds import organization_rounds


def round_context(tenant: Tenant, round_: Round) -> dict[str, object]:
    """What every results page of a round shows around its results."""
    return {
        "tenant": tenant,
        "organization": tenant.organization,
        "round": round_,
        "status": round_.status,
        "rounds": organization_rounds(tenant.organization),
    }


def not_published(request: HttpRequest, tenant: Tenant, round_: Round) -> HttpResponse:
    """An open round's results page: when they will appear (its round page has the counts)."""
    return render(request, "insights/not_published.html", round_context(tenant, round_))
