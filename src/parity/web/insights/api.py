"""The results API: one round's results per relationship, under the same anonymity rules as
the pages (see :mod:`parity.web.insights.disclosure`).

The routes live on the project's one ninja API object (:data:`parity.web.api.routes.api`, with
its session authentication); :func:`register` mounts them from the app's ``ready()``, before
the URLs are built.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from parity.core.instrument import default_instrument
from parity.io.analysis_json import JSON_VERSION, organization_dict
from parity.web.api.routes import api
from parity.web.insights.disclosure import Thresholds, relationship_json, rounded
from parity.web.insights.network_views import whole_organization
from parity.web.insights.results import NotPublished, round_of, round_results
from parity.web.insights.round_status import round_status
from parity.web.orgs.tenancy import tenant_for

router = Router(tags=["results"])


class RoundResultsOut(Schema):
    format_version: int
    round: int
    name: str
    status: str
    instrument: dict[str, str]
    min_respondents: int
    text_threshold: int
    gap_convention: str
    relationships: list[dict[str, Any]]
    organization: dict[str, Any]


@router.get(
    "/orgs/{slug}/rounds/{round_id}/results",
    response=RoundResultsOut,
    summary="A round's results per relationship",
    description=(
        "Each relationship as in the JSON output of `parity analyze` (docs/file-formats.md), "
        "plus `relationship_id`. A side below the organization's score threshold has only "
        '`about`, `"respondents": null`, `"shown": false` and `fewer_than`; quotes, '
        "portraits and themes appear only for questions at least the text threshold of a side "
        "wrote on. `status` is `provisional` while the "
        "round is open, then `closed` or `released`; results are published only once the "
        "round has closed (an open round has no `relationships` and an empty `organization`), "
        "and every number is rounded as the pages show it. `organization` holds the "
        "organization-wide views as in `parity analyze`'s JSON (round robin, network, "
        "internal against external, and the trend from the previous round), computed from the "
        "shown sides only."
    ),
)
def round_results_api(request: HttpRequest, slug: str, round_id: int) -> dict[str, Any]:
    tenant = tenant_for(request.user, slug)
    round_ = round_of(tenant.organization, round_id)
    thresholds = Thresholds.of(round_)
    head = {
        "format_version": JSON_VERSION,
        "round": round_.pk,
        "name": round_.name,
        "status": round_status(round_),
        "instrument": default_instrument().reference(),
        "min_respondents": thresholds.score,
        "text_threshold": thresholds.text,
        "gap_convention": "gaps are the first party's score minus the second party's",
    }
    try:
        results = round_results(round_)
    except NotPublished:
        return {**head, "relationships": [], "organization": {}}
    return {
        **head,
        "relationships": [
            {
                "relationship_id": relationship.pk,
                **relationship_json(result, results.thresholds, results.withheld),
            }
            for relationship, result in results.ordered()
        ],
        "organization": rounded(organization_dict(whole_organization(results))),
    }


def register() -> None:
    """Mount the results routes on the project's API, once."""
    if any(registered[1] is router for registered in api._router_registrations):
        return
    api.add_router("", router)
