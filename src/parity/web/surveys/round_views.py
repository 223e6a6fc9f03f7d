"""The facilitator's side of a round: open it, invite each side, watch the counts, close it.

Every view resolves its organization through :func:`tenant_view` (outsiders get 404,
viewers get 403 on anything that changes a round) and its round through :func:`round_of`.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache

from parity.web.orgs.tenancy import Tenant, tenant_view
from parity.web.surveys.attributes import described
from parity.web.surveys.batches import batches_of, remember
from parity.web.surveys.forms import CodeBatchForm, EmailInvitationsForm, RoundDatesForm, RoundForm
from parity.web.surveys.mail import waiting
from parity.web.surveys.models import Round
from parity.web.surveys.reminders import ReminderRefusedError, ask_for_reminders
from parity.web.surveys.rounds import (
    Side,
    round_of,
    rounds_of,
    side_by_key,
    side_counts,
    sides_of,
)
from parity.web.surveys.sealing import thresholds_of
from parity.web.surveys.services import (
    InvitationError,
    Mailing,
    RoundStateError,
    close_round,
    invite_by_email,
    invite_with_codes,
    open_round,
    send_waiting,
)


def _context(tenant: Tenant, **more: object) -> dict[str, object]:
    found = more.get("round")
    promised = {"thresholds": thresholds_of(found)} if isinstance(found, Round) else {}
    return {"tenant": tenant, "organization": tenant.organization, **promised, **more}


@tenant_view()
def round_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    rounds = [(r, r.state.value) for r in rounds_of(tenant)]
    return render(request, "surveys/round_list.html", _context(tenant, rounds=rounds))


@tenant_view(edit=True)
def round_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = RoundForm(
        request.POST or None, instance=Round(organization=tenant.organization), tenant=tenant
    )
    if request.method == "POST" and form.is_valid() and form.plan is not None:
        created = open_round(tenant, form.plan)
        messages.success(
            request,
            gettext("Opened the round %(round)s. Now invite both sides.") % {"round": created},
        )
        return redirect("surveys:round-invite", slug=tenant.organization.slug, pk=created.pk)
    if not tenant.relationships().exists():
        messages.info(
            request, gettext("Add a relationship first: a round asks about relationships.")
        )
    return render(request, "surveys/round_form.html", _context(tenant, form=form))


@tenant_view()
def round_detail(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    found = round_of(tenant, pk)
    context = _context(
        tenant,
        round=found,
        state=found.state.value,
        counts=side_counts(found),
        attributes=described(found.attributes),
        waiting=waiting(found),
    )
    return render(request, "surveys/round_detail.html", context)


@tenant_view(edit=True)
def round_edit(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    found = round_of(tenant, pk)
    form = RoundDatesForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        form.save()
        if waiting(found):  # invitations queued for the old opening go out at the new one
            send_waiting(found, _site(request))
        messages.success(
            request, gettext("Saved the dates and language of %(round)s.") % {"round": found}
        )
        return redirect("surveys:round-detail", slug=tenant.organization.slug, pk=found.pk)
    return render(request, "surveys/round_edit.html", _context(tenant, round=found, form=form))


@tenant_view(edit=True)
def round_close(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    found = round_of(tenant, pk)
    if request.method == "POST":
        try:
            close_round(found)
        except RoundStateError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                gettext("Closed %(round)s: its links no longer work and its results are ready.")
                % {"round": found},
            )
        return redirect("surveys:round-detail", slug=tenant.organization.slug, pk=found.pk)
    context = _context(tenant, round=found, state=found.state.value)
    return render(request, "surveys/round_close.html", context)


@tenant_view(edit=True)
def round_remind(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    """Queue reminders to everyone invited by e-mail who has not answered (POST only); the
    message says nothing of how many or who (:mod:`.reminders`)."""
    found = round_of(tenant, pk)
    if request.method != "POST":
        return redirect("surveys:round-detail", slug=tenant.organization.slug, pk=found.pk)
    try:
        ask_for_reminders(found, _site(request))
    except ReminderRefusedError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            gettext(
                "Reminders are on their way to everyone invited by e-mail who has not answered "
                "yet. Parity does not say how many, or to whom."
            ),
        )
    return redirect("surveys:round-detail", slug=tenant.organization.slug, pk=found.pk)


@tenant_view(edit=True)
def round_send(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    """Queue the e-mail invitations that have not gone out again (POST only)."""
    found = round_of(tenant, pk)
    if request.method == "POST":
        try:
            send_waiting(found, _site(request))
        except InvitationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, gettext("The invitations not sent yet are on their way again.")
            )
    return redirect("surveys:round-detail", slug=tenant.organization.slug, pk=found.pk)


@never_cache
@tenant_view(edit=True)
def round_invite(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    """Invitations for one side: e-mailed links, or a batch of codes for a printed sheet."""
    found = round_of(tenant, pk)
    sides = sides_of(found)
    posted = request.POST if request.method == "POST" else None
    chosen = {"side": request.GET.get("side", "")}
    mail_form = EmailInvitationsForm(
        posted if "send" in request.POST else None, sides=sides, initial=chosen
    )
    code_form = CodeBatchForm(
        posted if "make" in request.POST else None, sides=sides, initial=chosen
    )
    if mail_form.is_bound and mail_form.is_valid():
        side = side_by_key(found, mail_form.cleaned_data["side"])
        assert side is not None  # the form's choices are the sides
        emails: list[str] = mail_form.cleaned_data["emails"]
        try:
            mailing = invite_by_email(found, side, emails, _site(request))
        except InvitationError as error:
            mail_form.add_error("emails", str(error))
        else:
            messages.success(request, _queued(mailing, side))
            return redirect("surveys:round-detail", slug=tenant.organization.slug, pk=found.pk)
    if code_form.is_bound and code_form.is_valid():
        side = side_by_key(found, code_form.cleaned_data["side"])
        assert side is not None
        return _make_codes(request, tenant, found, side, code_form.cleaned_data["count"])
    context = _context(
        tenant,
        round=found,
        mail_form=mail_form,
        code_form=code_form,
        state=found.state.value,
        sheets=batches_of(found),
    )
    return render(request, "surveys/round_invite.html", context)


def _site(request: HttpRequest) -> str:
    """The address this server is reached at, which the links in e-mails start with."""
    return request.build_absolute_uri("/")


def _queued(mailing: Mailing, side: Side) -> str:
    names = {"n": mailing.count, "party": side.party.name}
    if mailing.goes_out_at > timezone.now():
        names["when"] = formats.date_format(
            timezone.localtime(mailing.goes_out_at), gettext("j F, H:i")
        )
        return (
            ngettext(
                "%(n)s invitation to %(party)s will go out when the round opens, %(when)s.",
                "%(n)s invitations to %(party)s will go out when the round opens, %(when)s.",
                mailing.count,
            )
            % names
        )
    return (
        ngettext(
            "Sending %(n)s invitation to %(party)s: they go out in a moment.",
            "Sending %(n)s invitations to %(party)s: they go out in a moment.",
            mailing.count,
        )
        % names
    )


def _make_codes(
    request: HttpRequest, tenant: Tenant, found: Round, side: Side, count: int
) -> HttpResponse:
    """One new batch of codes, kept in the session for its sheet, which the browser is sent to
    (POST/redirect/GET: reloading the sheet shows the same codes, see :mod:`.sheet_views`)."""
    batch, codes = invite_with_codes(found, side, count)
    remember(request.session, batch, codes)
    return redirect("surveys:code-sheet", slug=tenant.organization.slug, pk=found.pk, batch=batch)
