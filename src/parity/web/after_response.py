"""Work a request can leave until its answer has gone: the reader does not wait for it.

A large round's first results page runs the analysis and then stores it in the shared cache for
every other server process: pickling a thousand relationships' results and writing them takes
about a tenth of a second, and the facilitator waiting for the page needs none of it. A view
hands such work to :func:`after_response`; :class:`AfterResponseMiddleware` runs it when the
WSGI server closes the response, which it does once the whole answer is written to the socket
(gunicorn writes the last byte first). The work runs before Django's ``request_finished``
signal, so it uses the request's own database connection, which Django then closes as usual.

Outside a request (the periodic job, the background worker, the command line) the work runs at
once. Work that fails is logged and does not touch the answer already sent.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

LOGGER = logging.getLogger(__name__)


class _Pending(threading.local):
    """The current request's work to do after its response; ``None`` outside a request."""

    work: list[Callable[[], object]] | None = None


_PENDING = _Pending()


def after_response(work: Callable[[], object]) -> None:
    """Run ``work`` once the current response has been sent, or now outside a request."""
    if _PENDING.work is None:
        work()
    else:
        _PENDING.work.append(work)


def _run(work: list[Callable[[], object]]) -> None:
    for step in work:
        try:
            step()
        except Exception:
            LOGGER.exception("Work left until after a response failed.")


class AfterResponseMiddleware:
    """Collects a request's :func:`after_response` work and runs it when its response is closed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        outer, _PENDING.work = _PENDING.work, []
        try:
            response = self.get_response(request)
            work = _PENDING.work
        finally:
            _PENDING.work = outer
        if work:
            _close_after(response, work)
        return response


def _close_after(response: HttpResponseBase, work: list[Callable[[], object]]) -> None:
    """Make ``response.close`` (what the WSGI server calls once the answer is sent) run
    ``work`` first, then close as Django does."""
    close = response.close

    def close_after_work() -> None:
        try:
            _run(work)
        finally:
            close()

    response.close = close_after_work  # type: ignore[method-assign]
