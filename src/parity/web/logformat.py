"""``PARITY_LOG_FORMAT=json``: one JSON object a line, for a log collector that reads fields.

Each object has ``time`` (ISO 8601, UTC), ``level``, ``logger`` and ``message``; the server's
access log adds the request's ``method``, ``path``, ``status``, ``bytes`` and ``duration_ms``
(:mod:`parity.web.server`), and a traceback comes as ``exc_info``.

The mask applies as to the text lines (:mod:`parity.web.logmask`): the handlers' filter masks
the message and traceback first, and this formatter masks every string it writes once more,
because a record also carries fields that no filter formats (Django's request logger adds the
request itself, whose text is its path). The request object is left out altogether.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from parity.web.logmask import mask

#: The formats ``PARITY_LOG_FORMAT`` may name.
LOG_FORMATS = ("text", "json")
#: Record attributes never written: objects whose text a reader does not need.
_LEFT_OUT = ("request", "server_time")


def masked(value: Any) -> Any:
    """``value`` with every string in it masked, inside lists and dictionaries too."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {key: masked(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [masked(item) for item in value]
    if isinstance(value, int | float | bool) or value is None:
        return value
    return mask(str(value))


class JsonLineFormatter(JsonFormatter):
    """python-json-logger's formatter with Parity's field names and the mask on every value."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            reserved_attrs=[*RESERVED_ATTRS, *_LEFT_OUT],
            json_ensure_ascii=False,
        )

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        moment = datetime.fromtimestamp(record.created, tz=UTC)
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        return {key: masked(value) for key, value in log_data.items()}


def formatters() -> dict[str, dict[str, Any]]:
    """The formatters of ``settings.LOGGING``, by the names of :data:`LOG_FORMATS`."""
    return {
        "text": {"format": "%(message)s"},
        "json": {"()": "parity.web.logformat.JsonLineFormatter"},
    }
