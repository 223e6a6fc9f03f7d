"""Parity's files, in and out: reading responses, relationships, custom instruments and
statements, and writing the JSON contract (:mod:`parity.io.analysis_json`).

Every reader either returns a frame in the canonical shape of :mod:`parity.core.schema` or raises
an error whose message tells the user what to fix, cell by cell.

The names below are imported when first used, not with the package: a command that needs only
:mod:`parity.io.errors` (as `parity stance` does) does not pay for pandas.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from parity.io.errors import InputFileError, Problem
    from parity.io.instrument_file import load_instrument
    from parity.io.relationships import read_relationships, read_relationships_bytes
    from parity.io.responses import read_responses, read_responses_bytes

#: Each public name and the module it comes from.
_HOMES = {
    "InputFileError": "parity.io.errors",
    "Problem": "parity.io.errors",
    "load_instrument": "parity.io.instrument_file",
    "read_relationships": "parity.io.relationships",
    "read_relationships_bytes": "parity.io.relationships",
    "read_responses": "parity.io.responses",
    "read_responses_bytes": "parity.io.responses",
}

__all__ = [
    "InputFileError",
    "Problem",
    "load_instrument",
    "read_relationships",
    "read_relationships_bytes",
    "read_responses",
    "read_responses_bytes",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'parity.io' has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
