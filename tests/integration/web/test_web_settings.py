"""The settings' safety rules: a secret nobody else knows, the database the operator named, and
a deploy check that is clean once the operator has made the HTTPS choices."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from parity.web.environment import (
    database,
    env_int,
    env_list,
    env_switch,
    log_format,
    postgres_from_url,
    secret_key,
    stance_reader,
)

#: A key as an operator would make one (``secrets.token_urlsafe(50)``).
STRONG_KEY = "q7Vd2_LxR0pWm9ZtKc4eHsYbN1uGfJ8aQiTo6vXrE3yDlSnMh5wBkCzUjP-gO"


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
    monkeypatch.setenv("PARITY_SECRET_KEY", STRONG_KEY)
    assert secret_key(tmp_path) == STRONG_KEY
    assert not (tmp_path / "secret-key").exists()


@pytest.mark.parametrize(
    "key",
    [
        "short",
        STRONG_KEY[:40],
        "abab" * 20,
        "django-insecure-" + STRONG_KEY,
        "change-me" + STRONG_KEY,
        "your-secret-key-" + STRONG_KEY,
    ],
)
def test_weak_keys_are_refused(key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARITY_SECRET_KEY", key)
    with pytest.raises(ImproperlyConfigured, match="PARITY_SECRET_KEY"):
        secret_key(tmp_path)


def test_an_empty_key_file_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARITY_SECRET_KEY", raising=False)
    (tmp_path / "secret-key").write_text("")
    with pytest.raises(ImproperlyConfigured, match="delete it"):
        secret_key(tmp_path)


def test_a_folder_that_cannot_hold_a_key_is_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PARITY_SECRET_KEY", raising=False)
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("")
    with pytest.raises(ImproperlyConfigured, match="set PARITY_SECRET_KEY"):
        secret_key(not_a_folder)


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
        {"sslmode": "require", "connect_timeout": 10},
    )


def test_a_socket_folder_is_the_host() -> None:
    config = postgres_from_url("postgres://%2Fvar%2Frun%2Fpostgresql/parity")
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("/var/run/postgresql", "", "parity")
    assert config["OPTIONS"] == {"connect_timeout": 10}


def test_a_url_without_a_host_uses_the_local_socket() -> None:
    config = postgres_from_url("postgresql:///parity_db?connect_timeout=3")
    assert (config["HOST"], config["NAME"]) == ("", "parity_db")
    assert config["OPTIONS"] == {"connect_timeout": 3}
    assert (config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == (60, True)


def test_a_url_without_a_name_uses_parity() -> None:
    assert postgres_from_url("postgres://ann@db.example/")["NAME"] == "parity"


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("postgres://ann:secret-pw@db.example:port/parity", "a port that is not a number"),
        ("postgres://ann:secret-pw@db.example:99999/parity", "a port that is not a number"),
        ("postgres://ann:secret-pw@[db.example/parity", "not a URL that names a database"),
    ],
)
def test_a_bad_database_url_is_one_sentence_without_the_password(url: str, said: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=said) as refused:
        postgres_from_url(url)
    assert "secret-pw" not in str(refused.value)


def test_other_database_urls_are_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match='must start with "postgres://"'):
        postgres_from_url("mysql://root@localhost/parity")


def test_lists_come_from_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARITY_ALLOWED_HOSTS", "parity.example, intranet ,")
    assert env_list("PARITY_ALLOWED_HOSTS", ["x"]) == ["parity.example", "intranet"]


def test_switches_know_unset_from_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARITY_HSTS_PRELOAD", raising=False)
    assert env_switch("PARITY_HSTS_PRELOAD") is None
    for value, expected in (("1", True), ("yes", True), ("0", False), ("off", False)):
        monkeypatch.setenv("PARITY_HSTS_PRELOAD", value)
        assert env_switch("PARITY_HSTS_PRELOAD") is expected
    monkeypatch.setenv("PARITY_HSTS_PRELOAD", "maybe")
    with pytest.raises(ImproperlyConfigured, match="must be 1 or 0"):
        env_switch("PARITY_HSTS_PRELOAD")


def test_numbers_are_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARITY_PUBLIC_RATE_LIMIT", "30")
    assert env_int("PARITY_PUBLIC_RATE_LIMIT", 120) == 30
    monkeypatch.setenv("PARITY_PUBLIC_RATE_LIMIT", "")
    assert env_int("PARITY_PUBLIC_RATE_LIMIT", 120) == 120
    monkeypatch.setenv("PARITY_PUBLIC_RATE_LIMIT", "-1")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("PARITY_PUBLIC_RATE_LIMIT", 120)


def _deploy_check(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    """``parity manage check --deploy`` in a fresh process with production settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PARITY_") and key != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        PARITY_DATA_DIR=str(tmp_path),
        PARITY_HTTPS="1",
        PARITY_ALLOWED_HOSTS="parity.example.com",
        PARITY_CSRF_TRUSTED_ORIGINS="https://parity.example.com",
        **variables,
    )
    return subprocess.run(
        [sys.executable, "-m", "parity.web", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(("preload", "silenced"), [("1", 0), ("0", 1)])
def test_the_deploy_check_is_clean_once_preloading_is_decided(
    preload: str, silenced: int, tmp_path: Path
) -> None:
    result = _deploy_check(tmp_path, PARITY_HSTS_PRELOAD=preload)
    assert result.returncode == 0, result.stderr
    assert f"System check identified no issues ({silenced} silenced)." in result.stdout


def test_the_deploy_check_asks_about_preloading_until_decided(tmp_path: Path) -> None:
    result = _deploy_check(tmp_path)
    assert result.returncode == 1
    assert "(security.W021)" in result.stderr
    assert "(security.W005)" not in result.stderr
    reported = [line for line in result.stderr.splitlines() if "(security." in line]
    assert len(reported) == 1


def test_an_explicit_no_silences_its_warning_and_is_counted(tmp_path: Path) -> None:
    result = _deploy_check(tmp_path, PARITY_HSTS_PRELOAD="0", PARITY_HSTS_SUBDOMAINS="0")
    assert "System check identified no issues (2 silenced)." in result.stdout


def test_the_stance_reader_is_checked_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARITY_STANCE_READER", raising=False)
    assert stance_reader() == "light"
    monkeypatch.setenv("PARITY_STANCE_READER", "clever")
    with pytest.raises(ImproperlyConfigured, match="PARITY_STANCE_READER must be one of light"):
        stance_reader()
    monkeypatch.setenv("PARITY_STANCE_READER", " Embeddings ")
    monkeypatch.setattr("parity.core.language.embedding.available", lambda: False)
    with pytest.raises(ImproperlyConfigured, match=r"pip install 'parity\[embeddings\]'"):
        stance_reader()
    monkeypatch.setattr("parity.core.language.embedding.available", lambda: True)
    assert stance_reader() == "embeddings"


def test_the_log_format_is_text_or_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARITY_LOG_FORMAT", raising=False)
    assert log_format() == "text"
    monkeypatch.setenv("PARITY_LOG_FORMAT", " JSON ")
    assert log_format() == "json"
    monkeypatch.setenv("PARITY_LOG_FORMAT", "xml")
    with pytest.raises(ImproperlyConfigured, match="PARITY_LOG_FORMAT must be one of text, json"):
        log_format()
