"""The facilitator's "Hide this quote" and "Show it again" on a relationship's results page.

Only facilitators and owners reach it (:func:`tenant_view` with ``edit``); a viewer gets
403 and a non-member 404, as on every organization page. A quote can be hidden only while the
page shows it, so a posted key that is not one of the page's quotes changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext

from parity.web.insights.quotes import hide, show_again, shown_quote_keys
from parity.web.insights.results import relationship_result
from parity.web.orgs.tenancy import Tenant, signed_in, tenant_view
from parity.web.surveys.rounds import round_of

#: Where the page lists the quotes.
_ANCHOR = "#words-heading"


@tenant_view(edit=True)
def quote_visibility(
    request: HttpRequest, tenant: Tenant, round_id: int, relationship_id: int
) -> HttpResponse:
    """Hide one quote from both sides' results (``action=hide``) or show it again
    (``action=show``); then back to the relationship's page."""
    round_ = round_of(tenant, round_id)
    url = reverse(
        "insights:relationship", args=[tenant.organization.slug, round_.pk, relationship_id]
    )
    if request.method != "POST":
        return redirect(url)
    relationship, result = relationship_result(round_, relationship_id)
    key, action = request.POST.get("key", ""), request.POST.get("action")
    if action == "hide" and key in shown_quote_keys(result):
        hide(round_, relationship, key, signed_in(request))
        messages.success(
            request, gettext("Hidden: neither side sees this quote, nor do the reports or the API.")
        )
    elif action == "show" and show_again(round_, relationship, key):
        messages.success(
            request, gettext("Shown again: both sides see this quote when they read the results.")
        )
    else:
        messages.error(
            request, gettext("That quote is not on this page any more: nothing changed.")
        )
    return redirect(url + _ANCHOR)
