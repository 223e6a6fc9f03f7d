"""Whether the database in the settings can be reached, said in one sentence when it cannot.

``parity serve`` and the management commands (``parity manage``, ``python -m parity.web``) ask
before they start, so that a wrong or unreachable ``DATABASE_URL`` reads as what is wrong and
how to fix it rather than as a page of traceback. The sentence never repeats the password.
"""

from __future__ import annotations

from typing import Any

from django.db import OperationalError, connections


def database_problem() -> str | None:
    """None if the default database answers, else a sentence naming it, the reason and the fix."""
    connection = connections["default"]
    try:
        connection.ensure_connection()
    except OperationalError as error:
        return describe(connection.settings_dict, error)
    finally:
        connection.close()
    return None


def describe(settings: dict[str, Any], error: BaseException) -> str:
    """The sentence for a database in ``settings`` that could not be opened with ``error``."""
    reason = _reason(error)
    if settings.get("ENGINE", "").endswith("sqlite3"):
        return (
            f"Parity cannot open its SQLite database {settings.get('NAME')} ({reason}). Check "
            "that PARITY_DATA_DIR is a folder the user running Parity may write to, or set "
            "DATABASE_URL to a PostgreSQL database."
        )
    host = settings.get("HOST") or "the local socket"
    port = settings.get("PORT") or "5432"
    name = settings.get("NAME") or "parity"
    user = settings.get("USER") or "(none)"
    return (
        f'Parity cannot reach the PostgreSQL database "{name}" at {host}, port {port}, as user '
        f"{user} ({reason}). Check DATABASE_URL (postgres://user:password@host:port/name): "
        "that the server is running there and accepts connections, that the database exists "
        "and that the user name and password are right."
    )


def _reason(error: BaseException) -> str:
    """The driver's own words, on one line, without its hint lines."""
    text = str(error.__cause__ or error).strip() or type(error).__name__
    first = text.splitlines()[0].strip()
    for prefix in ("connection failed: ",):
        first = first.removeprefix(prefix)
    return first.rstrip(".")
