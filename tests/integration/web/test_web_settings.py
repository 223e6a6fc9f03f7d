"""The settings' safety rules: a secret nobody else knows, and the database the operator named."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from parity.web.environment import database, env_list, postgres_from_url, secret_key


def test_a_secret_key_is_generated_once_and_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PARITY_SECRET_KEY", raising=False)
    first = secret_key(tmp_path)
    key_file = tmp_path / "secret-key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first) >= 50
    assert secret_key(tmp_path) == first
    other = tmp_path / "other"
    other.mkdir()
    assert secret_key(other) != first


def test_the_environment_key_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARITY_SECRET_KEY", "k" * 40)
    assert secret_key(tmp_path) == "k" * 40
    assert not (tmp_path / "secret-key").exists()


@pytest.mark.parametrize("key", ["short", "django-insecure-" + "x" * 50, "change-me" + "x" * 40])
def test_weak_keys_are_refused(key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARITY_SECRET_KEY", key)
    with pytest.raises(ImproperlyConfigured, match="PARITY_SECRET_KEY"):
        secret_key(tmp_path)


def test_an_empty_key_file_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARITY_SECRET_KEY", raising=False)
    (tmp_path / "secret-key").write_text("")
    with pytest.raises(ImproperlyConfigured, match="delete it"):
        secret_key(tmp_path)


def test_sqlite_lives_in_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database(tmp_path)["NAME"] == tmp_path / "parity.sqlite3"


def test_database_url_names_postgres() -> None:
    config = postgres_from_url("postgres://ann:p%40ss@db.example:6543/parity?sslmode=require")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("parity", "ann", "p@ss")
    assert (config["HOST"], config["PORT"], config["OPTIONS"]) == (
        "db.example",
        "6543",
        {"sslmode": "require"},
    )


def test_other_database_urls_are_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match='must start with "postgres://"'):
        postgres_from_url("mysql://root@localhost/parity")


def test_lists_come_from_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARITY_ALLOWED_HOSTS", "parity.example, intranet ,")
    assert env_list("PARITY_ALLOWED_HOSTS", ["x"]) == ["parity.example", "intranet"]
