"""Reading the settings from the environment, with the decisions that keep a new install safe.

Kept apart from ``settings.py`` so that the settings file stays a plain list of values and the
rules behind them (where the data lives, where the secret key comes from, which database) can
be tested on their own.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

#: Name of the generated secret key inside the data folder.
SECRET_KEY_FILE = "secret-key"
#: Name of the SQLite database inside the data folder.
SQLITE_FILE = "parity.sqlite3"
#: A shorter key from the environment is refused: Django's own keys have 50 characters.
MIN_SECRET_KEY_LENGTH = 32
_PLACEHOLDER_KEYS = ("django-insecure", "change-me", "changeme", "secret")


def env_flag(name: str) -> bool:
    """True only when the variable is ``1``, ``true`` or ``yes``: anything else keeps it off."""
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes"}


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated variable as a list; ``default`` when it is unset or empty."""
    items = [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
    return items or default


def data_dir() -> Path:
    """The folder holding the SQLite file, the generated secret key and the demo login."""
    folder = Path(os.environ.get("PARITY_DATA_DIR", "").strip() or "data").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def secret_key(folder: Path) -> str:
    """``PARITY_SECRET_KEY`` if set (and not a placeholder), else the key stored in ``folder``.

    A self-hosted install must never run with a key that someone else knows, so there is no
    built-in default: a missing key is generated once and kept in the data folder.
    """
    given = os.environ.get("PARITY_SECRET_KEY", "").strip()
    if not given:
        return stored_secret_key(folder / SECRET_KEY_FILE)
    if len(given) < MIN_SECRET_KEY_LENGTH or given.lower().startswith(_PLACEHOLDER_KEYS):
        raise ImproperlyConfigured(
            f"PARITY_SECRET_KEY is too short or a placeholder; use at least "
            f"{MIN_SECRET_KEY_LENGTH} random characters, or unset it to let Parity generate one."
        )
    return given


def stored_secret_key(path: Path) -> str:
    """The key in ``path``, created with mode 0600 on first use.

    ``O_EXCL`` makes the creation atomic: when two processes start together, one writes the key
    and the other reads it.
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secrets.token_urlsafe(50))
    return _read_key(path)


def _read_key(path: Path) -> str:
    key = path.read_text(encoding="ascii").strip()
    if len(key) < MIN_SECRET_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"The secret key file {path} is empty or too short; delete it and start again "
            "(signed-in users will have to sign in again)."
        )
    return key


def database(folder: Path) -> dict[str, Any]:
    """SQLite in the data folder, or PostgreSQL when ``DATABASE_URL`` names one."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return _sqlite(folder / SQLITE_FILE)
    return postgres_from_url(url)


def _sqlite(path: Path) -> dict[str, Any]:
    # IMMEDIATE transactions and a generous timeout let a few server threads write without
    # "database is locked" errors.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
    }


def postgres_from_url(url: str) -> dict[str, Any]:
    """Django's database settings for ``postgres://user:password@host:port/name?options``."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f'DATABASE_URL must start with "postgres://", not "{parts.scheme}://"; unset it to '
            "use the SQLite file in the data folder."
        )
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "parity",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": dict(parse_qsl(parts.query)),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
