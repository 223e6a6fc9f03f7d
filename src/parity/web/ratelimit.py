"""Rate limits on the public pages that take a token: generous for a link, strict for guessing.

Respondents have no account, so the survey pages (``/s/…``, also reached with a printed code)
and the released results (``/results/<token>/``) are open to anyone who holds a link. Two
limits, counted in fixed one-minute windows in the cache that every server process shares
(``settings.CACHES``: a database table, or Redis), answer ``429 Too Many Requests`` with
``Retry-After`` and a short page:

- **Failed look-ups per client address**: an unknown link or code, or a code with a wrong check
  symbol, counts against the address that sent it; once ``PARITY_PUBLIC_RATE_LIMIT`` (default
  30) failures were counted in the current minute, the address's public requests are refused
  until the minute ends. This is what stops a guesser, and the only count an address has: an
  office of a hundred respondents behind one address makes few failures (a mistyped code now
  and then), however many requests its working links make.
- **Requests per link**: a link or code, whether it works or not, may be opened at most
  :data:`PER_LINK_LIMIT` times a minute (a respondent needs about ten requests for the whole
  survey), which keeps one link from being used to load the server.

``PARITY_PUBLIC_RATE_LIMIT=0`` turns both off. The failure budget is checked before the view and
the view reports a failure (:func:`count_failure`) after its look-up, so parallel guesses may
overshoot the budget by the number of requests the server handles at once, no more.

Behind a reverse proxy every request comes from the proxy: set ``PARITY_PROXY_COUNT`` to the
number of proxies in front of Parity, and the client's address is read from
``X-Forwarded-For`` (the entry that the outermost proxy of yours added, so a client cannot
choose it). Counts are kept under keyed hashes of the address and the link, so the cache holds
neither addresses nor anything that opens a survey.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

#: URL routes (as Django's resolver names them) under the limits.
LIMITED_ROUTE_PREFIXES = ("s/", "results/")
WINDOW_SECONDS = 60
#: Requests a minute for one link or code.
PER_LINK_LIMIT = 60
_PREFIX = "parity-ratelimit"

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Too many requests · Parity</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Too many requests</h1>
<p>Too many requests came from this address or for this link in the last minute. Please wait
a minute and try again; your saved answers are kept.</p></main></body></html>
"""

#: The clock of the windows; the tests replace it to play through minutes.
clock: Callable[[], float] = time.time


def client_address(request: HttpRequest, proxies: int) -> str:
    """The client's address: ``REMOTE_ADDR``, or with ``proxies`` in front, the address the
    outermost of them saw (the ``proxies``-th entry of ``X-Forwarded-For`` from the right)."""
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return str(forwarded[-proxies])
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def _key(kind: str, name: str, window: int) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{name}".encode(), hashlib.sha256)
    return f"{_PREFIX}:{kind}:{digest.hexdigest()[:32]}:{window}"


def _window(moment: float) -> int:
    return int(moment // WINDOW_SECONDS)


def _wait(moment: float) -> int:
    """Seconds until the current window ends (at least 1)."""
    return max(1, int((_window(moment) + 1) * WINDOW_SECONDS - moment))


def _count(key: str) -> int:
    """One more in ``key``'s count, atomically in the shared cache; the new count."""
    # add() is a no-op when the key exists, so only the window's first request sets it; the key
    # outlives its window, so it cannot expire between add() and incr().
    cache.add(key, 0, timeout=WINDOW_SECONDS + 1)
    try:
        return int(cache.incr(key))
    except ValueError:  # evicted between add() and incr()
        cache.add(key, 1, timeout=WINDOW_SECONDS + 1)
        return 1


def over_limit(link: str, limit: int, now: float | None = None) -> int:
    """Count one request for ``link``; seconds to wait if it is over ``limit``, else 0."""
    moment = clock() if now is None else now
    if _count(_key("link", link, _window(moment))) <= limit:
        return 0
    return _wait(moment)


def failures_wait(address: str, limit: int, now: float | None = None) -> int:
    """Seconds to wait if ``address`` has used up its failed look-ups this minute, else 0."""
    moment = clock() if now is None else now
    failures = cache.get(_key("failed", address, _window(moment)), 0)
    return _wait(moment) if int(failures) >= limit else 0


def count_failure(request: HttpRequest) -> None:
    """Called by a public view whose link or code matched nothing: one failure for the address."""
    if settings.PUBLIC_RATE_LIMIT > 0:
        address = client_address(request, settings.PROXY_COUNT)
        _count(_key("failed", address, _window(clock())))


def _limited(request: HttpRequest) -> bool:
    match = request.resolver_match
    return match is not None and match.route.startswith(LIMITED_ROUTE_PREFIXES)


def _refused(wait: int) -> HttpResponse:
    response = HttpResponse(_PAGE, status=429, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    return response


class PublicRateLimitMiddleware:
    """Applies both limits to the public token pages, before their view runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., HttpResponse],
        args: tuple[object, ...],
        kwargs: dict[str, object],
    ) -> HttpResponse | None:
        limit: int = settings.PUBLIC_RATE_LIMIT
        if limit <= 0 or not _limited(request):
            return None
        now = clock()
        wait = failures_wait(client_address(request, settings.PROXY_COUNT), limit, now)
        token = kwargs.get("token")
        if not wait and isinstance(token, str):
            wait = over_limit(token, PER_LINK_LIMIT, now)
        return _refused(wait) if wait else None
