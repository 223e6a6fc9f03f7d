"""The facilitator's switch on a round's results page: keep the respondents the screen flags in
the scores, or leave them out (the default).

Only facilitators and owners reach it (:func:`tenant_view` with ``edit``); a viewer gets 403 and
a non-member 404, as on every organization page. The choice is made by
:func:`parity.web.insights.screening.choose_keep_flagged`, as through the API, and only while
the round is open.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext

from parity.web.insights.screening import ScreenChoiceClosedError, choose_keep_flagged
from parity.web.orgs.tenancy import Tenant, tenant_view
from parity.web.surveys.rounds import round_of

#: Where the results page shows the switch.
_ANCHOR = "#screen-heading"


@tenant_view(edit=True)
def keep_flagged(request: HttpRequest, tenant: Tenant, round_id: int) -> HttpResponse:
    """``keep=1`` keeps the flagged respondents in the round's scores, ``keep=0`` leaves them
    out; then back to the round's results page."""
    round_ = round_of(tenant, round_id)
    url = reverse("insights:organization", args=[tenant.organization.slug, round_.pk])
    if request.method != "POST":
        return redirect(url)
    keep = request.POST.get("keep")
    if keep not in ("0", "1"):
        messages.error(
            request, gettext("Choose to keep the flagged respondents or to leave them out.")
        )
        return redirect(url + _ANCHOR)
    try:
        choose_keep_flagged(round_, keep == "1")
    except ScreenChoiceClosedError as closed:
        messages.error(request, str(closed))
    else:
        messages.success(
            request,
            gettext("When the round closes, its scores will keep the respondents the screen flags.")
            if keep == "1"
            else gettext(
                "When the round closes, its scores will leave out the respondents the screen flags."
            ),
        )
    return redirect(url + _ANCHOR)
