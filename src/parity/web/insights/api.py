"""The results API: one round's results per relationship, under the same anonymity rules as
the pages (see :mod:`parity.web.insights.disclosure`).

The routes live on the project's one ninja API object (:data:`parity.web.api.routes.api`, with
its authentication), which mounts this :data:`router` with the others.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from parity.io.analysis_json import JSON_VERSION, organization_dict
from parity.io.raw_export import long_rows
from parity.web.insights.api_schemas import RoundResultsOut
from parity.web.insights.disclosure import Thresholds, relationship_json, rounded
from parity.web.insights.network_views import whole_organization
from parity.web.insights.raw_data import raw_data
from parity.web.insights.results import NotPublished, round_results
from parity.web.insights.screening import (
    ScreenChoiceClosedError,
    choice_open,
    choose_keep_flagged,
    screen_json,
    screen_view,
)
from parity.web.orgs.tenancy import tenant_for
from parity.web.surveys.models import Round
from parity.web.surveys.rounds import round_of

router = Router(tags=["results"])


@router.get(
    "/orgs/{slug}/rounds/{round_id}/results",
    response=RoundResultsOut,
    by_alias=True,
    exclude_unset=True,
    summary="A round's results per relationship",
    description=(
        "Each relationship as in the JSON output of `parity analyze` (docs/json-output.md), "
        "plus `relationship_id`. A side below the organization's score threshold has only "
        '`about`, `"respondents": null`, `"shown": false` and `fewer_than`; quotes, '
        "portraits and themes appear only for questions at least the text threshold of a side "
        "wrote on. Where the round asks respondent attributes, a shown side has `segments` "
        "(docs/method.md §2b): only the groups the anonymity rules allow, and the `splits`. "
        "`status` is `provisional` while the "
        "round is open, then `closed` or `released`; results are published only once the "
        "round has closed (an open round has no `relationships` and an empty `organization`), "
        "and every number is rounded as the pages show it. `organization` holds the "
        "organization-wide views as in `parity analyze`'s JSON (round robin, network, "
        "internal against external, and the trend from the previous round), computed from the "
        "shown sides only. `screen` is the respondent screen as the pages show it: "
        "`kept_flagged` (the round's choice), `threshold`, and per shown side with at least "
        "`threshold` respondents flagged, `flagged`, `kept` and the `reasons` (codes) that at "
        "least `threshold` of them met; empty `sides` until the round has closed."
    ),
)
def round_results_api(request: HttpRequest, slug: str, round_id: int) -> dict[str, Any]:
    tenant = tenant_for(request.user, slug)
    round_ = round_of(tenant, round_id)
    thresholds = Thresholds.of(round_)
    head = {
        "format_version": JSON_VERSION,
        "round": round_.pk,
        "name": round_.name,
        "status": round_.status,
        "instrument": round_.questions().reference(),
        "min_respondents": thresholds.score,
        "text_threshold": thresholds.text,
        "gap_convention": "gaps are the first party's score minus the second party's",
    }
    try:
        results = round_results(round_)
    except NotPublished:
        unpublished = {"kept_flagged": round_.keep_flagged, "threshold": thresholds.score}
        return {
            **head,
            "relationships": [],
            "organization": {},
            "screen": unpublished | {"sides": []},
        }
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
        "screen": screen_json(screen_view(results)),
    }


class ScreenChoiceIn(Schema):
    keep_flagged: bool = Field(
        description="True keeps the respondents the screen flags in the round's scores; false "
        "leaves them out (the default)."
    )


class ScreenChoiceOut(Schema):
    round: int
    keep_flagged: bool
    open: bool = Field(
        description="The choice can still change: the round has not closed. It is fixed at the "
        "close, so that results are published one way only."
    )


def _choice(round_: Round) -> dict[str, Any]:
    return {"round": round_.pk, "keep_flagged": round_.keep_flagged, "open": choice_open(round_)}


@router.get(
    "/orgs/{slug}/rounds/{round_id}/screen",
    response=ScreenChoiceOut,
    summary="Whether a round keeps the respondents the screen flags",
)
def get_screen_choice(request: HttpRequest, slug: str, round_id: int) -> dict[str, Any]:
    return _choice(round_of(tenant_for(request.user, slug), round_id))


@router.put(
    "/orgs/{slug}/rounds/{round_id}/screen",
    response=ScreenChoiceOut,
    summary="Keep or leave out the respondents the screen flags (facilitators)",
    description=(
        "Only while the round is open (409 once it has closed): results are published one "
        "way only, since comparing them with and without the flagged respondents would show "
        "what those respondents answered. The same choice as the switch on the round's results "
        "page."
    ),
)
def put_screen_choice(
    request: HttpRequest, slug: str, round_id: int, data: ScreenChoiceIn
) -> dict[str, Any]:
    tenant = tenant_for(request.user, slug, edit=True)
    round_ = round_of(tenant, round_id)
    try:
        choose_keep_flagged(round_, data.keep_flagged)
    except ScreenChoiceClosedError as closed:
        raise HttpError(409, str(closed)) from closed
    return _choice(round_)


class RawRowOut(Schema):
    respondent: int = Field(description="Numbered afresh in every export; never a stored id.")
    relationship: int = Field(description="Numbered afresh in every export.")
    party: str
    about: str
    role: str | None
    level: str | None
    location: str | None
    tenure: str | None
    question: str
    construct_code: str = Field(alias="construct", description="The item's construct.")
    rating: int | None = Field(description="The answer; null where skipped or not shown.")


class RawDataOut(Schema):
    round: int
    score_threshold: int
    text_threshold: int
    kept_flagged: bool
    rows: list[RawRowOut]


@router.get(
    "/orgs/{slug}/rounds/{round_id}/results/raw",
    response=RawDataOut,
    by_alias=True,
    summary="A round's anonymised raw data (long format)",
    description=(
        'The rows of the raw-data CSV download (docs/reports.md, "Raw data for '
        'researchers"): one per respondent and rated item, under the anonymity rules. A side '
        "below the score threshold has no rows; no words (a respondent's words are never "
        "joined to their ratings); an attribute only where its group could be shown. "
        "Respondents are numbered afresh, rows ordered by party, side and content. "
        "404 while the round is open (results are published only once it has closed)."
    ),
)
def raw_data_api(request: HttpRequest, slug: str, round_id: int) -> dict[str, Any]:
    round_ = round_of(tenant_for(request.user, slug), round_id)
    try:
        data = raw_data(round_)
    except NotPublished as unpublished:
        raise HttpError(404, "The results of this round appear when it closes.") from unpublished
    return {
        "round": round_.pk,
        "score_threshold": data.score_threshold,
        "text_threshold": data.text_threshold,
        "kept_flagged": data.kept_flagged,
        "rows": list(long_rows(data)),
    }
