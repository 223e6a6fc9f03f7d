"""Which language a page speaks: the reader's, the respondent's, or English for programs.

Django's LocaleMiddleware, just before this one, picks the language the facilitator chose with
the header's switch (Django's ``set_language`` view keeps it in a cookie), else the browser's
(Accept-Language). On a survey's pages (under ``/s/``) a language the respondent chose with the
survey's switch takes its place: it is kept in a cookie whose path is that survey's own link, so
it applies to that survey only, lives in the respondent's browser until the survey closes, and
is never stored with the answers (docs/privacy.md). When neither the respondent nor the browser
asks for a language Parity has, the survey speaks its round's language
(:func:`follow_round_language`). The API always answers in English: its messages are read by
programs, which should not have to know every language of the interface.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from parity.core import translation as core_translation

#: The cookie holding the language chosen on one survey (its path is the survey's link).
SURVEY_LANGUAGE_COOKIE = "parity_survey_language"


def supported(language: str | None) -> str | None:
    """``language`` if it is one of :setting:`LANGUAGES`, else None."""
    return language if language in dict(settings.LANGUAGES) else None


def current_language() -> str:
    """The language of this request's page, as listed in :setting:`LANGUAGES`."""
    return supported(translation.get_language()) or settings.LANGUAGE_CODE


def engine_follows_pages() -> None:
    """Make the engine's and the reports' sentences (:mod:`parity.core.translation`) speak the
    language Django has active: a page's, an e-mail's under ``translation.override``, or
    English for the API."""
    core_translation.set_language_source(translation.get_language)


def remember_survey_language(
    response: HttpResponse, language: str, survey_path: str, until: datetime
) -> None:
    """Keep ``language`` for the survey at ``survey_path`` until the survey closes."""
    response.set_cookie(
        SURVEY_LANGUAGE_COOKIE,
        language,
        expires=until,
        path=survey_path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def asked_language(request: HttpRequest) -> str | None:
    """The language of :setting:`LANGUAGES` that the request asks for, if it asks for one: the
    survey's switch, then the interface's switch, then the browser's Accept-Language."""
    for cookie in (SURVEY_LANGUAGE_COOKIE, settings.LANGUAGE_COOKIE_NAME):
        if chosen := supported(request.COOKIES.get(cookie)):
            return chosen
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


def follow_round_language(request: HttpRequest, round_language: str) -> None:
    """A survey's page in its round's language, unless the respondent asks for one Parity has."""
    if asked_language(request) is None and supported(round_language):
        _use(request, round_language)


class SurveyLanguageMiddleware:
    """A survey's chosen language on its pages; English for the API; the reader's elsewhere."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(reverse("api:api-root")):
            _use(request, settings.LANGUAGE_CODE)
        elif request.path.startswith(reverse("surveys:enter")) and (
            chosen := supported(request.COOKIES.get(SURVEY_LANGUAGE_COOKIE))
        ):
            _use(request, chosen)
        return self.get_response(request)


def _use(request: HttpRequest, language: str) -> None:
    translation.activate(language)
    request.LANGUAGE_CODE = language
