"""What a load balancer, a monitor or Kubernetes asks before sending users here.

- ``GET /livez``: the process answers. Nothing else is asked, so that a database outage does
  not make an orchestrator restart every server (restarting would not bring the database back).
- ``GET /readyz``: this server can serve users now: the database answers a trivial query, every
  migration of this version is applied, and the shared cache (a database table or Redis) answers.
  503 otherwise, with a short JSON body naming what is not ready.
- ``GET /healthz``: the older check, kept for monitors that use it: the database only.

None of them is rate limited (:mod:`parity.web.ratelimit` limits only the public token pages),
and the server does not write a line to its access log for their successful answers
(:mod:`parity.web.server`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

#: The paths of the three checks, which the access log leaves out when they answer 200.
PROBE_PATHS = frozenset({"/livez", "/readyz", "/healthz"})
#: The key the readiness check writes and reads back in the shared cache.
_CACHE_PROBE_KEY = "parity-readyz-probe"


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def unapplied_migrations() -> list[str]:
    """The migrations of this version not yet applied to the database, as ``app.name``.

    Read from Django's own record of applied migrations (the ``django_migrations`` table)
    against the migration files, as ``migrate --plan`` does.
    """
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def _cache_answers() -> bool:
    """Whether the shared cache stores and returns a value; True for a cache of this process
    alone (nothing outside can be down)."""
    cache = caches["default"]
    if not isinstance(cache, DatabaseCache | RedisCache):
        return True
    try:
        cache.set(_CACHE_PROBE_KEY, "ok", timeout=30)
        return bool(cache.get(_CACHE_PROBE_KEY) == "ok")
    except Exception:  # each backend raises its own errors (DatabaseError, redis's ConnectionError)
        return False


def _migrations_applied() -> bool:
    try:
        return not unapplied_migrations()
    except DatabaseError:
        return False


#: The readiness checks, by the name the 503 answer gives them, in the order they are asked.
READINESS_CHECKS: dict[str, Callable[[], bool]] = {
    "database": _database_answers,
    "migrations": _migrations_applied,
    "cache": _cache_answers,
}


@never_cache
@require_safe
def livez(request: HttpRequest) -> JsonResponse:
    """200 as long as the process answers requests."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when every readiness check passes; 503 naming those that fail.

    After the database fails, the other checks are not asked: they would only fail with it.
    """
    failing: list[str] = []
    for name, check in READINESS_CHECKS.items():
        if not check():
            failing.append(name)
            if name == "database":
                break
    if failing:
        return JsonResponse({"status": "not ready", "failing": failing}, status=503)
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not: the app is useless without it."""
    if not _database_answers():
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})
