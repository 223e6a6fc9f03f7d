"""A small per-address limit on the public pages that take a token in the URL.

Respondents have no account, so the survey pages (``/s/…``) and the released results
(``/results/<token>/``) are open to anyone who holds a link. Guessing a 256-bit token is
hopeless, but a client that sends thousands of requests a minute still costs the server; this
middleware answers it with ``429 Too Many Requests`` and a short page instead.

The rule: at most ``PARITY_PUBLIC_RATE_LIMIT`` requests (default 120) per client address per
minute, counted in fixed one-minute windows in Django's cache; ``0`` turns the limit off. A
respondent needs about three requests per survey page, so the default leaves room for a whole
office answering together from one address. Behind a reverse proxy, every request comes from
the proxy: set ``PARITY_PROXY_COUNT`` to the number of proxies in front of Parity, and the
client's address is read from ``X-Forwarded-For`` (the entry that the outermost proxy of
yours added, so a client cannot choose it).

The default cache keeps its counts in each server process, so with ``--workers N`` a client
may send up to N times the limit; that is still a limit, and needs no shared store.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

#: URL routes (as Django's resolver names them) under the limit.
LIMITED_ROUTE_PREFIXES = ("s/", "results/")
WINDOW_SECONDS = 60

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Too many requests · Parity</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Too many requests</h1>
<p>This address has sent too many requests in the last minute. Please wait a minute and try
again; your saved answers are kept.</p></main></body></html>
"""


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


def _limited(request: HttpRequest) -> bool:
    match = request.resolver_match
    return match is not None and match.route.startswith(LIMITED_ROUTE_PREFIXES)


def over_limit(address: str, limit: int, now: float | None = None) -> int:
    """Count one request from ``address``; seconds to wait if it is over ``limit``, else 0."""
    moment = time.time() if now is None else now
    window = int(moment // WINDOW_SECONDS)
    key = f"parity-ratelimit:{address}:{window}"
    # add() is a no-op when the key exists, so only the window's first request sets it.
    cache.add(key, 0, timeout=WINDOW_SECONDS + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=WINDOW_SECONDS + 1)
        count = 1
    if count <= limit:
        return 0
    return max(1, int((window + 1) * WINDOW_SECONDS - moment))


class PublicRateLimitMiddleware:
    """Applies :func:`over_limit` to the public token pages, before their view runs."""

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
        wait = over_limit(client_address(request, settings.PROXY_COUNT), limit)
        if not wait:
            return None
        response = HttpResponse(_PAGE, status=429, content_type="text/html; charset=utf-8")
        response["Retry-After"] = str(wait)
        response["Cache-Control"] = "no-store"
        return response
