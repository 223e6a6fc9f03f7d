"""``GET /livez``, ``/readyz`` and ``/healthz`` for monitors, load balancers and Kubernetes."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client, override_settings

from parity.web.environment import CACHE_TABLE
from parity.web.health import unapplied_migrations


@pytest.mark.django_db
def test_health_reports_the_database() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] in {"sqlite", "postgresql"}


@pytest.mark.django_db
def test_health_is_503_without_a_database(monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable(*_: object) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", unreachable)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


def _unreachable(*_: object) -> None:
    raise OperationalError("connection refused")


def test_liveness_asks_nothing_of_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", _unreachable)
    response = Client().get("/livez")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_ready_when_everything_answers() -> None:
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_not_ready_without_a_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", _unreachable)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "not ready", "failing": ["database"]}


@pytest.mark.django_db
def test_not_ready_while_a_migration_is_not_applied() -> None:
    """Django's record of one applied migration is removed (inside the test's transaction):
    the database now looks like one made by the previous version, before ``migrate``."""
    assert unapplied_migrations() == []
    recorder = MigrationRecorder(connection)
    last = recorder.migration_qs.filter(app="accounts").order_by("-id").first()
    assert last is not None
    last.delete()
    assert unapplied_migrations() == [f"accounts.{last.name}"]
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "not ready", "failing": ["migrations"]}


@pytest.mark.django_db
def test_ready_with_the_database_cache() -> None:
    shared = {
        "default": {
            "BACKEND": "parity.web.cache.AtomicDatabaseCache",
            "LOCATION": CACHE_TABLE,
        }
    }
    with override_settings(CACHES=shared):
        assert Client().get("/readyz").status_code == 200


@pytest.mark.django_db
def test_not_ready_when_redis_does_not_answer() -> None:
    redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    with override_settings(CACHES=redis):
        response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "not ready", "failing": ["cache"]}


@pytest.mark.django_db
@override_settings(PUBLIC_RATE_LIMIT=1)
def test_probes_are_not_rate_limited() -> None:
    client = Client()
    for _ in range(5):
        client.get("/s/not-a-real-token/")
    assert client.get("/s/another-unknown-token/").status_code == 429
    for path in ("/livez", "/readyz", "/healthz"):
        assert client.get(path).status_code == 200
