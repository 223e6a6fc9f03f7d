"""The results pages: a round across the organization, one relationship, and the release.

Every organization page resolves its organization through :func:`tenant_view` (the
tenancy guard) and reads rounds and relationships only within it; the released page is public
and is found by its link's hashed token alone.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from parity.web.insights.memo import Memo
from parity.web.insights.models import ReleaseLink
from parity.web.insights.network_views import whole_organization
from parity.web.insights.pages import (
    ARCHETYPE_CHOICES,
    DEFAULT_SORT,
    SORTS,
    Filters,
    OrgRow,
    headline,
    organization_rows,
    relationship_page,
    sort_rows,
)
from parity.web.insights.results import (
    NotPublished,
    RoundResults,
    index_changes,
    previous_results,
    relationship_result,
    round_relationships,
    round_results,
)
from parity.web.insights.round_status import not_published, round_context
from parity.web.insights.screening import screen_view
from parity.web.orgs.models import Function, Scope
from parity.web.orgs.tenancy import Tenant, tenant_view
from parity.web.ratelimit import count_failure
from parity.web.surveys.models import Round, RoundState
from parity.web.surveys.rounds import organization_rounds, round_of
from parity.web.surveys.services import RoundStateError, release_round
from parity.web.tokens import hash_token, new_token


@require_GET
@tenant_view()
def organization_results(request: HttpRequest, tenant: Tenant, round_id: int) -> HttpResponse:
    round_ = round_of(tenant, round_id)
    try:
        results = round_results(round_)
    except NotPublished:
        return not_published(request, tenant, round_)
    thresholds = results.thresholds
    earlier = previous_results(results)
    rows = table_rows(results, earlier)
    filters = Filters.from_query(request.GET)
    column = request.GET.get("sort", DEFAULT_SORT)
    column = column if column in SORTS else DEFAULT_SORT
    descending = request.GET.get("dir") == "desc"
    ordered = SORTED.get_or_make(
        (table_key(results, earlier), column, descending),
        lambda: sort_rows(rows, column, descending),
    )
    shown = [r for r in ordered if filters.keep(r)] if filters.query() else ordered
    page = Paginator(shown, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    query = {**filters.query(), "sort": column, "dir": "desc" if descending else "asc"}
    headings = [
        {
            "column": key,
            "title": gettext(title),
            "sorted": key == column,
            "numeric": key in ("confidence", "index", "change"),
            "descending": key == column and descending,
            "url": "?"
            + urlencode(
                {
                    **filters.query(),
                    "sort": key,
                    "dir": "desc" if key == column and not descending else "asc",
                }
            ),
        }
        for key, (title, _) in SORTS.items()
    ]
    context = {
        **round_context(tenant, round_),
        "rows": page.object_list,
        "page": page,
        "page_query": urlencode(query),
        "matching": len(shown),
        "total": len(rows),
        "headline": headline(rows),
        "headings": headings,
        "filters": filters,
        "sort": column,
        "direction": "desc" if descending else "asc",
        "scopes": Scope.choices,
        "functions": Function.choices,
        "archetypes": ARCHETYPE_CHOICES,
        "has_previous": earlier is not None or _has_previous(round_),
        "thresholds": thresholds,
        "whole": whole_organization(results),
        "screen": screen_view(results),
    }
    return render(request, "insights/organization.html", context)


#: Rows of the organization's results table on one page.
ROWS_PER_PAGE = 50
#: The rows of the last few results tables built in this process.
TABLES: Memo[list[OrgRow]] = Memo(size=8)
#: Those tables sorted by a column, by the table (as long as it is kept) and the sort.
SORTED: Memo[list[OrgRow]] = Memo(size=32)


def table_key(results: RoundResults, earlier: RoundResults | None) -> tuple[object, ...]:
    """What the organization's results table shows is made of: the keys of the results it
    shows, and the names of the parties renamed since."""
    renamed = sorted(
        (party.pk, party.now)
        for rel in results.relationships.values()
        for party in (rel.party_a, rel.party_b)
        if party.now
    )
    return (results.key, earlier.key if earlier else None, tuple(renamed))


def table_rows(results: RoundResults, earlier: RoundResults | None) -> list[OrgRow]:
    """Every relationship's row of the organization's results table, kept in this process
    under :func:`table_key`."""
    return TABLES.get_or_make(
        table_key(results, earlier),
        lambda: organization_rows(results, results.thresholds, index_changes(results, earlier)),
    )


def _has_previous(round_: Round) -> bool:
    return organization_rounds(round_.organization).filter(opens_at__lt=round_.opens_at).exists()


@require_GET
@tenant_view()
def relationship_results(
    request: HttpRequest, tenant: Tenant, round_id: int, relationship_id: int
) -> HttpResponse:
    round_ = round_of(tenant, round_id)
    try:
        results = round_results(round_)
    except NotPublished:
        return not_published(request, tenant, round_)
    relationship, result = relationship_result(round_, relationship_id)
    context = {
        "tenant": tenant,
        "organization": tenant.organization,
        "round": round_,
        "status": round_.status,
        "page": relationship_page(relationship, result, results.thresholds, results.withheld),
        "screen": screen_view(results, [(side.party, side.about) for side in result.sides]),
    }
    return render(request, "insights/relationship.html", context)


@tenant_view(edit=True)
def release(request: HttpRequest, tenant: Tenant, round_id: int) -> HttpResponse:
    """Make each side's results link, and release the results to both sides at once."""
    round_ = round_of(tenant, round_id)
    closed = round_.state is RoundState.CLOSED
    new_links: list[dict[str, str]] = []
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "release":
            try:
                if release_round(round_):
                    messages.success(
                        request, gettext("Released: both sides' links open the results now.")
                    )
            except RoundStateError as error:
                messages.error(request, str(error))
            return redirect("insights:release", slug=tenant.organization.slug, round_id=round_.pk)
        if action == "links":
            new_links = _make_links(request, round_)
        else:
            messages.error(
                request, gettext("Choose what to do: make the links or release the results.")
            )
    context = {
        "tenant": tenant,
        "organization": tenant.organization,
        "round": round_,
        "status": round_.status,
        "closed": closed,
        "links_made": ReleaseLink.objects.filter(round=round_).count(),
        "new_links": new_links,
    }
    return render(request, "insights/release.html", context)


def _make_links(request: HttpRequest, round_: Round) -> list[dict[str, str]]:
    """A new link for each side of each relationship of the round; older links stop working.

    The tokens are returned once, for the facilitator to hand out: only their hashes are kept.
    """
    out = []
    with transaction.atomic():
        ReleaseLink.objects.filter(round=round_).delete()
        for relationship in round_relationships(round_):
            for party in (relationship.party_a, relationship.party_b):
                token, digest = new_token()
                ReleaseLink.objects.create(
                    round=round_,
                    relationship_id=relationship.pk,
                    party_id=party.pk,
                    token_hash=digest,
                )
                url = request.build_absolute_uri(reverse("insights:released", args=[token]))
                out.append({"relationship": str(relationship), "party": party.name, "url": url})
    return out


@require_GET
def released(request: HttpRequest, token: str) -> HttpResponse:
    """One side's read-only results page; "not released yet" until the round is released."""
    link = (
        ReleaseLink.objects.select_related(
            "round__organization", "relationship__party_a", "relationship__party_b", "party"
        )
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None:
        count_failure(request)  # an unknown results link: the address's failed look-ups
        raise Http404("No such results link.")
    round_ = link.round
    asked = {r.pk: r for r in round_relationships(round_)}
    if link.relationship.pk not in asked:
        raise Http404("This relationship has no results in this round.")
    # The relationship as the round asked about it, whatever the map calls it today.
    context: dict[str, object] = {
        "round": round_,
        "link": link,
        "relationship": asked[link.relationship.pk],
    }
    if round_.released_at is None:
        response = render(request, "insights/not_released.html", context)
    else:
        results = round_results(round_)
        result = results.by_relationship.get(link.relationship.pk)
        if result is None:
            raise Http404("This relationship has no results in this round.")
        context["page"] = relationship_page(
            results.relationships[link.relationship.pk],
            result,
            results.thresholds,
            results.withheld,
        )
        response = render(request, "insights/released.html", context)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    return response
