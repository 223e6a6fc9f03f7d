"""Work left until the answer has gone (parity.web.after_response): the first results page of a
round does not wait for its analysis to be pickled into the shared cache."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.core.handlers.base import BaseHandler
from django.core.signals import request_finished
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.test import Client, RequestFactory
from django.urls import reverse
from tests.integration.web.builders import World
from tests.integration.web.insights_builders import answered_round

from parity.web.after_response import AfterResponseMiddleware, after_response
from parity.web.insights import results as results_module
from parity.web.insights.memo import forget_everything
from parity.web.surveys.models import Round


def _handler() -> BaseHandler:
    """Django's whole middleware stack, without a server: what the WSGI server calls before it
    writes the answer and closes the response."""
    handler = BaseHandler()
    handler.load_middleware()
    return handler


def _close(response: HttpResponseBase) -> None:
    """What the WSGI server does once the answer is written, as Django's test client does it:
    without closing the test's own database connection at the end of the request."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def _request(client: Client, url: str) -> HttpRequest:
    factory = RequestFactory()
    factory.cookies = client.cookies  # the signed-in member's session
    return factory.get(url)


@pytest.fixture
def answered(world: World) -> Round:
    return answered_round(world.relationship, 5)


def test_the_first_results_page_is_answered_before_its_analysis_is_stored(
    answered: Round, facilitator: Client
) -> None:
    cache.clear()
    forget_everything()
    url = reverse("insights:organization", args=[answered.organization.slug, answered.pk])
    response = _handler().get_response(_request(facilitator, url))
    assert response.status_code == 200
    assert answered.name.encode() in response.content  # the whole page is there
    sealed = Round.objects.get(pk=answered.pk)  # the page sealed the round it found closed
    key = results_module.results_key(sealed, results_module.thresholds_of(sealed))
    assert cache.get(key) is None, "stored before the answer was sent"
    _close(response)  # what the server does once the answer is written
    assert isinstance(cache.get(key), bytes)
    forget_everything()  # another server process takes it from the shared cache
    again = results_module.round_results(Round.objects.get(pk=answered.pk))
    assert again.key.startswith(key)


def test_outside_a_request_the_work_runs_at_once(answered: Round) -> None:
    """The periodic job warms the shared cache with no response to wait for."""
    cache.clear()
    forget_everything()
    found = results_module.round_results(answered)
    key = results_module.results_key(found.round, results_module.thresholds_of(found.round))
    assert isinstance(cache.get(key), bytes)


def _view_leaving(*work: Callable[[], object]) -> AfterResponseMiddleware:
    def view(request: HttpRequest) -> HttpResponse:
        for step in work:
            after_response(step)
        return HttpResponse("the page")

    return AfterResponseMiddleware(view)


def test_the_work_runs_when_the_response_closes_before_django_finishes_the_request(
    db: None,
) -> None:
    done: list[str] = []

    def finished(**_: object) -> None:
        done.append("request finished")

    request_finished.connect(finished)
    try:
        response = _view_leaving(lambda: done.append("first"), lambda: done.append("second"))(
            RequestFactory().get("/")
        )
        assert done == []
        _close(response)
    finally:
        request_finished.disconnect(finished)
    assert done == ["first", "second", "request finished"]


def test_failing_work_is_logged_and_the_rest_still_runs(
    db: None, caplog: pytest.LogCaptureFixture
) -> None:
    done: list[str] = []

    def failing() -> None:
        raise RuntimeError("the cache went away")

    response = _view_leaving(failing, lambda: done.append("after"))(RequestFactory().get("/"))
    with caplog.at_level(logging.ERROR, logger="parity.web.after_response"):
        _close(response)
    assert done == ["after"]
    assert "Work left until after a response failed." in caplog.text


def test_work_is_not_carried_into_the_next_request(db: None) -> None:
    """Each request collects its own work; after it, work runs at once again."""
    done: list[str] = []
    first = _view_leaving(lambda: done.append("first"))(RequestFactory().get("/"))
    second = _view_leaving()(RequestFactory().get("/"))
    _close(second)
    assert done == []
    after_response(lambda: done.append("outside"))
    assert done == ["outside"]
    _close(first)
    assert done == ["outside", "first"]
