"""Reading the settings from the environment, with the decisions that keep a new install safe.

Kept apart from ``settings.py`` so that the settings file stays a plain list of values and the
rules behind them (where the data lives, where the secret key comes from, which database) can
be tested on their own.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

#: Name of the generated secret key inside the data folder.
SECRET_KEY_FILE = "secret-key"
#: Failed look-ups a client address may make in a minute on the public pages
#: (:mod:`parity.web.ratelimit`; docs/rounds-and-surveys.md gives the guessing margin).
DEFAULT_PUBLIC_RATE_LIMIT = 30
#: Name of the SQLite database inside the data folder.
SQLITE_FILE = "parity.sqlite3"
#: Django's own rule for a strong key (``check --deploy``, security.W009): at least 50
#: characters, at least 5 different ones, and not one of its "insecure" development keys.
MIN_SECRET_KEY_LENGTH = 50
MIN_SECRET_KEY_CHARACTERS = 5
#: Beginnings of keys copied from templates and tutorials: known to everybody.
_PLACEHOLDER_KEYS = ("django-insecure", "change-me", "changeme", "change_me", "secret", "your-")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_flag(name: str) -> bool:
    """True only when the variable is ``1``, ``true``, ``yes`` or ``on``: anything else is off."""
    return os.environ.get(name, "").strip().lower() in _TRUE


def env_switch(name: str) -> bool | None:
    """A decision the operator may or may not have made: True, False, or None when unset."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return None
    if value in _TRUE | _FALSE:
        return value in _TRUE
    raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r}.")


def env_int(name: str, default: int) -> int:
    """A whole number of at least 0 from the environment; ``default`` when unset or empty."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number of 0 or more, not {value!r}.")
    return int(value)


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated variable as a list; ``default`` when it is unset or empty."""
    items = [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
    return items or default


def stance_reader() -> str:
    """How the web application reads free text: ``light`` (the default) or ``embeddings``.

    Checked at start-up, so that a server asked for the embeddings reader without its extra
    says so at once instead of failing on the first results page.
    """
    from parity.core.language import embedding
    from parity.core.language.stance import DEFAULT_READER, READERS

    value = os.environ.get("PARITY_STANCE_READER", "").strip().lower() or DEFAULT_READER
    if value not in READERS:
        raise ImproperlyConfigured(
            f"PARITY_STANCE_READER must be one of {', '.join(READERS)}, not {value!r}."
        )
    if value == "embeddings" and not embedding.available():
        raise ImproperlyConfigured(f"PARITY_STANCE_READER=embeddings: {embedding.INSTALL_HINT}")
    return value


def log_format() -> str:
    """How log lines are written (``PARITY_LOG_FORMAT``): ``text`` (the default) or ``json``,
    one JSON object a line (:mod:`parity.web.logformat`)."""
    from parity.web.logformat import LOG_FORMATS

    value = os.environ.get("PARITY_LOG_FORMAT", "").strip().lower() or "text"
    if value not in LOG_FORMATS:
        raise ImproperlyConfigured(
            f"PARITY_LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, not {value!r}."
        )
    return value


#: Where long work goes (``PARITY_TASKS``): a queue in the database, drawn from by the worker
#: that ``parity serve`` starts (or ``parity worker``), or done there and then in the request.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}


def tasks() -> dict[str, Any]:
    """The task backend: ``database`` by default, ``immediate`` to do the work in the request
    (an install that cannot run a second process)."""
    value = os.environ.get("PARITY_TASKS", "").strip().lower() or "database"
    if value not in TASK_BACKENDS:
        raise ImproperlyConfigured(
            f"PARITY_TASKS must be one of {', '.join(TASK_BACKENDS)}, not {value!r}."
        )
    return {"default": {"BACKEND": TASK_BACKENDS[value], "QUEUES": ["default"]}}


def data_dir() -> Path:
    """The folder holding the SQLite file, the generated secret key and the demo login."""
    folder = Path(os.environ.get("PARITY_DATA_DIR", "").strip() or "data").resolve()
    # Only its owner may list it: it holds the answers, the secret key and the demo login.
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def secret_key(folder: Path) -> str:
    """``PARITY_SECRET_KEY`` if set (and not a placeholder), else the key stored in ``folder``.

    A self-hosted install must never run with a key that someone else knows, so there is no
    built-in default: a missing key is generated once and kept in the data folder, and a key
    from the environment that is weak or copied from a template stops the start, in
    development too (a key that is good enough there costs nothing).
    """
    given = os.environ.get("PARITY_SECRET_KEY", "").strip()
    if not given:
        return stored_secret_key(folder / SECRET_KEY_FILE)
    if weak_secret_key(given):
        raise ImproperlyConfigured(
            f"PARITY_SECRET_KEY is too short, too repetitive or a placeholder; use at least "
            f"{MIN_SECRET_KEY_LENGTH} random characters (python -c 'import secrets; "
            f"print(secrets.token_urlsafe(50))'), or unset it to let Parity generate one."
        )
    return given


def weak_secret_key(key: str) -> bool:
    """True for a key that Django's deploy check would flag, or one known from templates."""
    return (
        len(key) < MIN_SECRET_KEY_LENGTH
        or len(set(key)) < MIN_SECRET_KEY_CHARACTERS
        or key.lower().startswith(_PLACEHOLDER_KEYS)
    )


def stored_secret_key(path: Path) -> str:
    """The key in ``path``, created with mode 0600 on first use.

    ``O_EXCL`` makes the creation atomic: when two processes start together, one writes the key
    and the other reads it.
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)
    except OSError as error:
        raise ImproperlyConfigured(
            f"No secret key: PARITY_SECRET_KEY is unset and {path} cannot be created "
            f"({error.strerror}). Make the data folder writable or set PARITY_SECRET_KEY."
        ) from error
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secrets.token_urlsafe(50))
    return _read_key(path)


def _read_key(path: Path) -> str:
    key = path.read_text(encoding="ascii").strip()
    if weak_secret_key(key):
        raise ImproperlyConfigured(
            f"The secret key file {path} is empty, too short or a placeholder; delete it and "
            "start again to generate a new one "
            "(signed-in users will have to sign in again)."
        )
    return key


def database(folder: Path) -> dict[str, Any]:
    """SQLite in the data folder, or PostgreSQL when ``DATABASE_URL`` names one."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return _sqlite(private_file(folder / SQLITE_FILE))
    return postgres_from_url(url)


def private_file(path: Path) -> Path:
    """``path``, created empty with mode 0600 if missing, and made 0600 if others could read it.

    For the SQLite database (answers, e-mail addresses, password hashes): SQLite gives its
    journal and WAL files the database file's own mode, so they stay private too.
    """
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
    except OSError as error:
        raise ImproperlyConfigured(
            f"{path} cannot be created ({error.strerror}); make the data folder "
            "(PARITY_DATA_DIR) writable by the user that runs Parity."
        ) from error
    return path


def _sqlite(path: Path) -> dict[str, Any]:
    # IMMEDIATE transactions and a generous timeout let a few server threads write without
    # "database is locked" errors. secure_delete overwrites deleted rows (ballots once mixed,
    # drafts, addresses) instead of leaving them in the file's free pages (docs/privacy.md).
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA secure_delete = ON;",
        },
    }


def postgres_from_url(url: str) -> dict[str, Any]:
    """Django's database settings for ``postgres://user:password@host:port/name?options``.

    Read by dj-database-url, as most Django hosts document the variable: a percent-encoded
    host is a socket folder (``postgres://%2Fvar%2Frun%2Fpostgresql/parity``), and the query's
    options (``sslmode=require``) go to the driver. Only PostgreSQL is accepted, and an error
    never repeats the URL, which holds the password.
    """
    try:
        parts = urlsplit(url)
    except ValueError as error:  # an unclosed [ around an IPv6 address
        raise _not_a_database_url() from error
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f'DATABASE_URL must start with "postgres://", not "{parts.scheme}://"; unset it to '
            "use the SQLite file in the data folder."
        )
    if not _valid_port(parts):
        raise ImproperlyConfigured(
            "DATABASE_URL has a port that is not a number from 0 to 65535 (for example "
            "postgres://parity:password@db.example.org:5432/parity)."
        )
    try:
        config: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        )
    except ValueError as error:  # dj-database-url's ParseError is one
        raise _not_a_database_url() from error
    options = dict(config.get("OPTIONS") or {})
    # A host that drops packets answers within seconds, not after the system's minutes.
    options.setdefault("connect_timeout", 10)
    return config | {
        "NAME": config.get("NAME") or "parity",
        "PORT": str(config.get("PORT") or ""),
        "OPTIONS": options,
    }


def _not_a_database_url() -> ImproperlyConfigured:
    return ImproperlyConfigured(
        "DATABASE_URL is not a URL that names a database; write it as "
        "postgres://user:password@host:port/name, with special characters of the password "
        "percent-encoded (%40 for @)."
    )


#: The database table of the shared cache, created on every start (``createcachetable``).
CACHE_TABLE = "parity_cache"
#: Entries kept in that table before the oldest third is dropped: a minute's rate-limit counts of
#: a busy install, and a few analysed rounds.
CACHE_MAX_ENTRIES = 20_000
_REDIS_SCHEMES = ("redis", "rediss", "unix")


def cache() -> dict[str, Any]:
    """The cache every server process shares (the rate limits count in it): Redis when
    ``PARITY_REDIS_URL`` names one, else a table in Parity's database, so that several
    processes or machines never need a store of their own to agree on a count."""
    url = os.environ.get("PARITY_REDIS_URL", "").strip()
    if not url:
        return {
            "BACKEND": "parity.web.cache.AtomicDatabaseCache",
            "LOCATION": CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": CACHE_MAX_ENTRIES},
        }
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url(url)}


def redis_url(url: str) -> str:
    """``url`` if it names a Redis server as the redis client reads it, else a one-sentence error.

    The URL is never repeated in the error: it may hold the server's password.
    """
    parts = urlsplit(url)
    if parts.scheme not in _REDIS_SCHEMES:
        raise ImproperlyConfigured(
            f'PARITY_REDIS_URL must start with "redis://", "rediss://" or "unix://", not '
            f'"{parts.scheme}://" (for example redis://127.0.0.1:6379/0).'
        )
    if not _valid_port(parts):
        raise ImproperlyConfigured(
            "PARITY_REDIS_URL has a port that is not a number from 0 to 65535."
        )
    if parts.scheme != "unix" and not parts.hostname:
        raise ImproperlyConfigured("PARITY_REDIS_URL names no host, as in redis://host:6379/0.")
    number = parts.path.strip("/")
    if parts.scheme != "unix" and number and not number.isdigit():
        raise ImproperlyConfigured(
            "PARITY_REDIS_URL must end with a database number such as /0, or nothing."
        )
    return url


def _valid_port(parts: SplitResult) -> bool:
    try:
        return parts.port is None or parts.port >= 0
    except ValueError:  # urlsplit reads the port only when asked, and refuses a bad one then
        return False


#: The provider's endpoints, each from its ``/.well-known/openid-configuration`` document.
OIDC_ENDPOINTS = {
    "PARITY_OIDC_AUTHORIZATION_URL": "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "PARITY_OIDC_TOKEN_URL": "OIDC_OP_TOKEN_ENDPOINT",
    "PARITY_OIDC_USERINFO_URL": "OIDC_OP_USER_ENDPOINT",
    "PARITY_OIDC_JWKS_URL": "OIDC_OP_JWKS_ENDPOINT",
}
#: Signing algorithms of the provider's ID tokens, all checked with its published keys.
OIDC_ALGORITHMS = ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512")
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class SingleSignOn:
    """An OpenID Connect provider that facilitators may sign in with, as the operator set it."""

    name: str
    email_domains: tuple[str, ...]
    #: mozilla-django-oidc's settings, by their names there.
    client_settings: dict[str, Any]


def single_sign_on() -> SingleSignOn | None:
    """The provider of ``PARITY_OIDC_*``, or None when none of them is set (sign-in is local).

    The endpoints are given one by one rather than discovered from the issuer, so that a
    start needs no answer from the provider. A half-finished configuration stops the start
    with the names of the missing variables, and an endpoint must use HTTPS (plain HTTP only
    on this machine, for a provider under test).
    """
    given = {name: value.strip() for name, value in os.environ.items()}
    required = ["PARITY_OIDC_CLIENT_ID", "PARITY_OIDC_CLIENT_SECRET", *OIDC_ENDPOINTS]
    if not any(value for name, value in given.items() if name.startswith("PARITY_OIDC_")):
        return None
    missing = [name for name in required if not given.get(name)]
    if missing:
        raise ImproperlyConfigured(
            f"Single sign-on needs {', '.join(missing)} as well; unset every PARITY_OIDC_ "
            "variable to sign in with local accounts only."
        )
    for variable in OIDC_ENDPOINTS:
        _check_endpoint(variable, given[variable])
    algorithm = given.get("PARITY_OIDC_SIGN_ALGORITHM", "").upper() or "RS256"
    if algorithm not in OIDC_ALGORITHMS:
        raise ImproperlyConfigured(
            f"PARITY_OIDC_SIGN_ALGORITHM must be one of {', '.join(OIDC_ALGORITHMS)}, "
            f"not {algorithm!r}."
        )
    domains = tuple(d.lower().lstrip("@") for d in env_list("PARITY_OIDC_EMAIL_DOMAINS", []))
    client = {setting: given[variable] for variable, setting in OIDC_ENDPOINTS.items()} | {
        "OIDC_RP_CLIENT_ID": given["PARITY_OIDC_CLIENT_ID"],
        "OIDC_RP_CLIENT_SECRET": given["PARITY_OIDC_CLIENT_SECRET"],
        "OIDC_RP_SIGN_ALGO": algorithm,
        "OIDC_RP_SCOPES": "openid email profile",
        # PKCE as well as the client secret: a code that leaks is useless to anyone else.
        "OIDC_USE_PKCE": True,
        # A provider that hangs must not hold a server thread for ever.
        "OIDC_TIMEOUT": 15,
        "LOGIN_REDIRECT_URL_FAILURE": "/accounts/login/",
    }
    name = given.get("PARITY_OIDC_NAME", "") or "your organization's account"
    return SingleSignOn(name=name, email_domains=domains, client_settings=client)


def _check_endpoint(variable: str, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname in _LOOPBACK:
        return
    raise ImproperlyConfigured(
        f"{variable} must be an https:// address from the provider's "
        "/.well-known/openid-configuration document."
    )
