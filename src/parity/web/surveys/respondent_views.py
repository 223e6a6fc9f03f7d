"""The respondent's pages behind ``/s/<token>/``: no account, only the link.

Every page works without JavaScript: each button posts the page's answers, which are kept in the
invitation's draft, and the server decides where to go next. Nothing on these pages is cached,
since a shared computer's back button should not show someone else's answers.

The pages speak the browser's language (else the round's), or the one chosen with the survey
page's switch, whose buttons post the page's answers too (so switching loses nothing typed):
they are saved, and the same page comes back in the other language (:mod:`parity.web.language`).
The language is kept in the respondent's browser only, never with the answers.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from parity.core.instrument import Item, instrument_in
from parity.web.language import (
    current_language,
    follow_round_language,
    remember_survey_language,
    supported,
)
from parity.web.ratelimit import count_failure
from parity.web.surveys.answering import (
    MAX_TOKEN_LENGTH,
    NO_ANSWER,
    LinkState,
    SurveyPage,
    about,
    asked_by,
    declined_on,
    find_invitation,
    link_state,
    merged,
    note_opening,
    open_draft,
    opened_at,
    save_draft,
    submit,
    survey_pages,
)
from parity.web.surveys.codes import normalize
from parity.web.surveys.forms import SurveyPageForm
from parity.web.surveys.models import Invitation, item_fields
from parity.web.surveys.scales import scale_buttons
from parity.web.surveys.sealing import thresholds_of

#: HTTP status of each unusable link: unknown is "not found"; used or closed is "gone".
_STATUS = {
    LinkState.UNKNOWN: 404,
    LinkState.NOT_YET_OPEN: 404,
    LinkState.USED: 410,
    LinkState.CLOSED: 410,
}


#: A whole link token (43 URL-safe characters), as e-mailed and as printed before the codes.
_LINK_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


@never_cache
def enter(request: HttpRequest) -> HttpResponse:
    """Where a printed code is typed in: a typo is said here, rather than by a 404 page.

    Case, spaces and hyphens do not matter (:func:`.codes.normalize`); a code that fails its
    check is refused with a sentence. A whole link token is still taken, unchecked.
    """
    typed = request.GET.get("code", "")
    if not typed.strip():
        return render(request, "surveys/enter.html", {"tried": "code" in request.GET})
    compact = "".join(typed.split())
    code = normalize(typed) or (compact if _LINK_TOKEN.fullmatch(compact) else None)
    if code:
        return redirect("surveys:answer", token=code)
    count_failure(request)  # a wrong check symbol is a failed look-up too (guessers send many)
    context = {"invalid": True, "typed": typed[:MAX_TOKEN_LENGTH]}
    return render(request, "surveys/enter.html", context, status=400)


@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    invitation = find_invitation(token)
    if invitation is not None:
        follow_round_language(request, invitation.round.language)
    state = link_state(invitation)
    if invitation is None or state is not LinkState.USABLE:
        return _unusable(request, invitation, state)
    questions = invitation.round.questions()
    pages = survey_pages(questions.id, current_language())
    number = _page_number(request.POST.get("page") or request.GET.get("page"), len(pages))
    page = pages[number - 1]
    other = about(invitation).name
    draft = open_draft(invitation, token)
    asked = asked_by(invitation)
    if request.method != "POST":
        note_opening(invitation, token)
        form = SurveyPageForm(
            initial=draft, page=page, other=other, instrument=questions, asked=asked
        )
        return _page(request, invitation, number, page, form, draft)
    form = SurveyPageForm(request.POST, page=page, other=other, instrument=questions, asked=asked)
    if not form.is_valid():
        return _page(request, invitation, number, page, form, draft, status=400)
    answers = merged(
        draft, page, form.cleaned_data, questions, asked, declined_on(page, request.POST)
    )
    chosen = supported(request.POST.get("language"))
    if chosen is not None:
        return _switch_language(request, invitation, token, number, draft, answers, chosen)
    action = request.POST.get("action", "next")
    if action == "submit" and number == len(pages):
        if not submit(invitation, answers, opened_at(invitation, token)):
            return _unusable(request, invitation, LinkState.USED)
        return redirect("surveys:thanks", token=token)
    if not save_draft(invitation, token, answers):
        return _unusable(request, invitation, LinkState.USED)
    if action == "save":
        return render(request, "surveys/saved.html", _about(invitation))
    target = number - 1 if action == "back" else number + 1
    target = min(max(target, 1), len(pages))
    return redirect(f"{reverse('surveys:answer', args=[token])}?page={target}#survey")


def _switch_language(
    request: HttpRequest,
    invitation: Invitation,
    token: str,
    number: int,
    draft: dict[str, Any],
    answers: dict[str, Any],
    language: str,
) -> HttpResponse:
    """The same page again in ``language``, with the page's answers saved first (as "Save and
    finish later" would); the language is kept in a cookie of this survey's link only."""
    if answers != draft and not save_draft(invitation, token, answers):
        return _unusable(request, invitation, LinkState.USED)
    link = reverse("surveys:answer", args=[token])
    response = redirect(f"{link}?page={number}#survey")
    remember_survey_language(response, language, link, invitation.round.closes_at)
    return response


@never_cache
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    """After the submission; for a link still unused, the survey itself."""
    invitation = find_invitation(token)
    if invitation is None:
        return _unusable(request, None, LinkState.UNKNOWN)
    follow_round_language(request, invitation.round.language)
    if invitation.used_at is None:
        return redirect("surveys:answer", token=token)
    return render(request, "surveys/thanks.html", _about(invitation))


def _page_number(raw: str | None, count: int) -> int:
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), count)


def _about(invitation: Invitation) -> dict[str, Any]:
    return {
        "invitation": invitation,
        "organization": invitation.round.organization,
        "party": invitation.party,
        "other": about(invitation),
        "round": invitation.round,
        "thresholds": thresholds_of(invitation.round),
    }


def _scale_of(item: Item, other: str, labels: tuple[str, ...], low: int) -> dict[str, Any]:
    """The points of an item's scale with their spoken labels, and the words shown at its
    ends: agreement for a statement; for a comparison its two anchors and its middle."""
    if not item.compares:
        return {
            "points": list(enumerate(labels, start=low)),
            "ends": (f"{low} = {labels[0]}", f"{low + len(labels) - 1} = {labels[-1]}"),
        }
    first, last = item.anchor_wording(other)
    high = low + len(labels) - 1
    middle = (low + high) / 2

    def spoken(value: int) -> str:
        if value == low:
            return first
        if value == high:
            return last
        if value == middle:
            return item.middle
        return gettext("closer to “%(end)s”") % {"end": first if value < middle else last}

    centre = (f"{int(middle)} = {item.middle}",) if middle == int(middle) else ()
    return {
        "points": [(value, spoken(value)) for value in range(low, high + 1)],
        "ends": (f"{low} = {first}", *centre, f"{high} = {last}"),
    }


def _page(
    request: HttpRequest,
    invitation: Invitation,
    number: int,
    page: SurveyPage,
    form: SurveyPageForm,
    draft: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    language = current_language()
    questions = instrument_in(invitation.round.questions().id, language)
    pages = survey_pages(questions.id, language)
    asked = [item.id for each in pages for item in each.items]
    low = questions.scale_min
    labels = questions.scale_labels or tuple(str(v) for v in range(low, questions.scale_max + 1))
    other_name = about(invitation).name
    declined = draft.get(NO_ANSWER, ())
    items = [
        _item(form, item, asked, _scale_of(item, other_name, labels, low), declined)
        for item in page.items
    ]
    context = {
        **_about(invitation),
        "number": number,
        "count": len(pages),
        "page": page,
        "form": form,
        "items": items,
        "compares": any(item.compares for item in page.items),
        "questions": [form[q.id] for q in page.questions],
        "low": low,
        "high": questions.scale_max,
        "first_label": labels[0],
        "last_label": labels[-1],
        "answered": sum(1 for field in item_fields(questions) if field in draft),
        "item_count": len(asked),
        "saved_at": invitation.draft_saved_at,
        "last": number == len(pages),
        "attributes": [form[a] for a in page.attributes(asked_by(invitation))],
        # The switch offers the other languages; its buttons post this page's answers.
        "other_languages": [(code, name) for code, name in settings.LANGUAGES if code != language],
        # The promise stated before submitting: quoted only from this many writers on a question.
    }
    return render(request, "surveys/survey_page.html", context, status=status)


def _item(
    form: SurveyPageForm,
    item: Item,
    asked: list[str],
    scale: dict[str, Any],
    declined: Collection[str] = (),
) -> dict[str, Any]:
    """One statement as its page shows it: its field, number, ends and buttons. ``declined``:
    the statements the draft notes as answered "No answer"."""
    field = form[item.id.lower()]
    value = _shown_value(form, item.id.lower())
    # "No answer" is checked when it was chosen (posted now, or noted in the draft), not when
    # the statement is new.
    chosen_none = field.data == "" if field.data is not None else field.name in declined
    return {
        "field": field,
        "id": item.id,
        "number": 1 + asked.index(item.id),
        "names_other": "{other}" in item.text or item.compares,
        "ends": scale["ends"],
        "buttons": scale_buttons(field.name, scale["points"], value, value == "" and chosen_none),
    }


def _shown_value(form: SurveyPageForm, name: str) -> str:
    """The value to show as checked: what was posted, else what the draft holds."""
    value = form[name].value()
    return "" if value is None else str(value)


def _unusable(
    request: HttpRequest, invitation: Invitation | None, state: LinkState
) -> HttpResponse:
    if invitation is None:
        count_failure(request)  # an unknown link or code: the address's failed look-ups
    context: dict[str, Any] = {"reason": state.value}
    if invitation is not None and state is not LinkState.UNKNOWN:
        context["round"] = invitation.round
    return render(request, "surveys/link_unusable.html", context, status=_STATUS[state])
