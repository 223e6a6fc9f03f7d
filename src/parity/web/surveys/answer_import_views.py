"""Bring a round's answers in from another survey tool: upload and check, preview, confirm.

The checked answers wait in the session between the two steps (:mod:`.answer_import`), so the
confirmed import is exactly what the preview showed and the file is not uploaded twice.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy, ngettext

from parity.io.errors import InputFileError, Problem
from parity.web.orgs.tenancy import Tenant, tenant_view
from parity.web.surveys.answer_import import (
    AnswerImportError,
    AnswerPlan,
    bring_in,
    plan_answers,
    tool_choices,
)
from parity.web.surveys.models import Round, RoundState
from parity.web.surveys.rounds import round_of

#: The largest export taken (a survey tool's export of a few thousand answers is far smaller).
MAX_EXPORT_BYTES = 20 * 1024 * 1024
MAX_MAPPING_BYTES = 100 * 1024


class AnswerImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("The survey tool's export of the answers"),
        help_text=gettext_lazy(
            "CSV from Qualtrics (three header rows or the older two), SurveyMonkey, Google "
            "Forms or LimeSurvey, or Microsoft Forms' Excel file."
        ),
    )
    tool = forms.ChoiceField(
        label=gettext_lazy("Survey tool"), choices=tool_choices, required=False
    )
    mapping = forms.FileField(
        label=gettext_lazy("Mapping file (optional)"),
        required=False,
        help_text=gettext_lazy(
            "A TOML file saying which column holds what, as parity import --save-mapping "
            "writes it; needed only when the columns are not headed by item ids or wordings."
        ),
    )

    def clean_file(self) -> Any:
        return _within(self.cleaned_data["file"], MAX_EXPORT_BYTES, "20 MB")

    def clean_mapping(self) -> Any:
        upload = self.cleaned_data.get("mapping")
        return _within(upload, MAX_MAPPING_BYTES, "100 kB") if upload else None


def _within(upload: Any, most: int, said: str) -> Any:
    if upload.size > most:
        raise forms.ValidationError(
            gettext("The file is larger than %(most)s; is it the right one?") % {"most": said}
        )
    return upload


def _session_key(found: Round) -> str:
    return f"parity-answer-import-{found.pk}"


def _refusal(found: Round) -> str | None:
    if found.state is RoundState.CLOSED:
        return gettext("%(round)s has closed; answers can be brought in only before it closes.") % {
            "round": found.name
        }
    return None


@tenant_view(edit=True)
def answers_upload(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    found = round_of(tenant, pk)
    refused = _refusal(found)
    if refused:
        messages.error(request, refused)
        return redirect("surveys:round-detail", slug=tenant.organization.slug, pk=found.pk)
    form = AnswerImportForm(request.POST or None, request.FILES or None)
    problems: InputFileError | None = None
    if request.method == "POST" and form.is_valid():
        try:
            plan = _plan(form, found)
        except InputFileError as error:
            problems = error
        else:
            request.session[_session_key(found)] = plan.to_json()
            return redirect("surveys:answers-preview", slug=tenant.organization.slug, pk=found.pk)
    context = {"organization": tenant.organization, "round": found, "form": form}
    status = 400 if problems else 200
    return render(
        request, "surveys/answers_import.html", {**context, "problems": problems}, status=status
    )


def _plan(form: AnswerImportForm, found: Round) -> AnswerPlan:
    upload = form.cleaned_data["file"]
    mapping = form.cleaned_data["mapping"]
    mapping_file = None
    if mapping is not None:
        name = mapping.name or "mapping.toml"
        try:
            mapping_file = (mapping.read().decode("utf-8"), name)
        except UnicodeDecodeError:
            problem = Problem(name, None, None, gettext("the mapping file is not UTF-8 text."))
            raise InputFileError([problem]) from None
    return plan_answers(
        upload.read(),
        upload.name or "answers.csv",
        found,
        tool=form.cleaned_data["tool"] or None,
        mapping=mapping_file,
    )


@tenant_view(edit=True)
def answers_preview(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    found = round_of(tenant, pk)
    stored = request.session.get(_session_key(found))
    if stored is None:
        messages.info(request, gettext("There are no answers waiting; upload a file first."))
        return redirect("surveys:answers-import", slug=tenant.organization.slug, pk=found.pk)
    plan = AnswerPlan.from_json(stored)
    if request.method == "POST":
        del request.session[_session_key(found)]
        if "discard" in request.POST:
            return redirect("surveys:answers-import", slug=tenant.organization.slug, pk=found.pk)
        try:
            count = bring_in(plan, found)
        except AnswerImportError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "Brought in %(n)s answer from %(file)s.",
                    "Brought in %(n)s answers from %(file)s.",
                    count,
                )
                % {"n": count, "file": plan.file},
            )
        return redirect("surveys:round-detail", slug=tenant.organization.slug, pk=found.pk)
    context = {"organization": tenant.organization, "round": found, "plan": plan}
    return render(request, "surveys/answers_import_preview.html", context)
