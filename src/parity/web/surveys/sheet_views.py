"""The sheet of printed codes: shown from the session, marked printed, or voided.

Making codes is a POST on the invitation page that redirects here (POST/redirect/GET): the
sheet shows the batch's codes from the facilitator's session (:mod:`.batches`), so reloading it
or printing it again never makes a second batch. "Done" forgets the codes; from then on the
sheet says they cannot be shown again and offers to void the unused ones and make new ones.
Every view needs the right to edit the organization, like making the codes.
"""

from __future__ import annotations

import uuid

import segno
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache

from parity.web.orgs.tenancy import Tenant, tenant_view
from parity.web.surveys.batches import (
    Batch,
    batch_of,
    forget,
    is_voided,
    recalled,
    void_unused,
    voided_count_shown,
)
from parity.web.surveys.codes import normalize
from parity.web.surveys.rounds import round_of
from parity.web.surveys.sealing import thresholds_of


def _batch(tenant: Tenant, pk: int, batch: uuid.UUID) -> Batch:
    """The batch of the tenant's round ``pk``; 404 for another organization's round or batch."""
    return batch_of(round_of(tenant, pk), batch)


def _sheet_url(found: Batch) -> str:
    slug = found.round.organization.slug
    return reverse("surveys:code-sheet", args=[slug, found.round.pk, found.id])


@never_cache
@tenant_view(edit=True)
def code_sheet(request: HttpRequest, tenant: Tenant, pk: int, batch: uuid.UUID) -> HttpResponse:
    found = _batch(tenant, pk, batch)
    codes = recalled(request.session, batch)
    if codes is not None and is_voided(found):
        forget(request.session, batch)
        codes = None
    context = {
        "tenant": tenant,
        "organization": tenant.organization,
        "round": found.round,
        "side": found.side,
        "batch": found,
        "state": found.round.state.value,
        "entry": request.build_absolute_uri(reverse("surveys:enter")),
        "slips": None if codes is None else [_slip(request, code) for code in codes],
    }
    return render(request, "surveys/code_sheet.html", context)


@tenant_view(edit=True)
def code_sheet_done(
    request: HttpRequest, tenant: Tenant, pk: int, batch: uuid.UUID
) -> HttpResponse:
    """Forget the sheet's codes (a POST); Parity can then never show them again."""
    found = _batch(tenant, pk, batch)
    if request.method != "POST":
        return redirect(_sheet_url(found))
    if forget(request.session, batch):
        messages.success(
            request,
            gettext(
                "Parity no longer keeps the %(n)s codes for %(party)s: hand out the printed slips."
            )
            % {"n": found.size, "party": found.side.party.name},
        )
    return redirect("surveys:round-detail", slug=tenant.organization.slug, pk=found.round.pk)


@tenant_view(edit=True)
def code_void(request: HttpRequest, tenant: Tenant, pk: int, batch: uuid.UUID) -> HttpResponse:
    """Void the sheet's unused codes (a POST), then offer to make new ones for the side."""
    found = _batch(tenant, pk, batch)
    if request.method != "POST":
        return redirect(_sheet_url(found))
    voided = void_unused(found)
    forget(request.session, batch)
    messages.success(request, voided_message(found, voided))
    invite = reverse("surveys:round-invite", args=[tenant.organization.slug, found.round.pk])
    return redirect(f"{invite}?side={found.side.key}")


def voided_message(found: Batch, voided: int) -> str:
    """What voiding says: how many, unless the sheet is too small (:func:`voided_count_shown`)."""
    party = found.side.party.name
    if not voided_count_shown(found):
        return gettext(
            "Voided the unused codes of the sheet for %(party)s: they no longer open the survey. "
            "How many is not shown for a sheet of fewer than %(score)s codes: it would tell who "
            "answered."
        ) % {"party": party, "score": thresholds_of(found.round).score}
    if not voided:
        return gettext("No code of the sheet for %(party)s was left to void.") % {"party": party}
    return ngettext(
        "Voided %(n)s unused code of the sheet for %(party)s: they no longer open the survey.",
        "Voided %(n)s unused codes of the sheet for %(party)s: they no longer open the survey.",
        voided,
    ) % {"n": voided, "party": party}


def _slip(request: HttpRequest, display: str) -> dict[str, str | SafeString]:
    """One slip: the code as printed, its survey link, and that link as a QR code."""
    code = normalize(display) or display
    link = request.build_absolute_uri(reverse("surveys:answer", args=[code]))
    return {"code": display, "link": link, "qr": qr_svg(link)}


def qr_svg(link: str) -> SafeString:
    """``link`` as an inline SVG QR code, sized by the style sheet.

    Error correction M (15 % of the symbol can be lost) survives a fold or a smudge on a
    paper slip; the quiet zone of four modules is the standard's.
    """
    svg = segno.make(link, error="m").svg_inline(
        border=4, omitsize=True, svgclass="slip-qr", lineclass=None
    )
    return format_html(
        '<span class="slip-qr-box" role="img" aria-label="QR code of {}">{}</span>',
        link,
        mark_safe(svg),  # segno's SVG of our own link: no markup from outside
    )
