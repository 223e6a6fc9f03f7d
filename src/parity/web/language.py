"""Which language a page speaks: the respondent's pages in theirs, every other page in English.

Django's LocaleMiddleware, just before this one, picks the browser's language (Accept-Language).
On a survey's pages (under ``/s/``) a language the respondent chose with the survey's switch
takes its place: it is kept in a cookie whose path is that survey's own link, so it applies to
that survey only, lives in the respondent's browser until the survey closes, and is never stored
with the answers (docs/privacy.md). The facilitator's pages are not translated yet, so they stay
in English whatever the browser asks, rather than mixing Django's German with Parity's English.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

#: The cookie holding the language chosen on one survey (its path is the survey's link).
SURVEY_LANGUAGE_COOKIE = "parity_survey_language"


def supported(language: str | None) -> str | None:
    """``language`` if it is one of :setting:`LANGUAGES`, else None."""
    return language if language in dict(settings.LANGUAGES) else None


def current_language() -> str:
    """The language of this request's page, as listed in :setting:`LANGUAGES`."""
    return supported(translation.get_language()) or settings.LANGUAGE_CODE


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


class SurveyLanguageMiddleware:
    """A survey's chosen language on its pages; English on every page but the respondent's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(reverse("surveys:enter")):
            _use(request, settings.LANGUAGE_CODE)
        elif chosen := supported(request.COOKIES.get(SURVEY_LANGUAGE_COOKIE)):
            _use(request, chosen)
        return self.get_response(request)


def _use(request: HttpRequest, language: str) -> None:
    translation.activate(language)
    request.LANGUAGE_CODE = language
