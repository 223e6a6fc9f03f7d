"""Loading a custom instrument (another language, extra items) from a TOML or JSON file.

The file goes through the same validation as the shipped TPI-1, and every failure, including a
missing file or a syntax error, is an :class:`InstrumentError` naming the file, so the user
learns which file to fix rather than seeing a parser traceback.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

from parity.core.instrument import Instrument, InstrumentError, parse_instrument

_FORMATS = (".toml", ".json")


def load_instrument(path: str | os.PathLike[str]) -> Instrument:
    """Read, parse and validate the instrument in ``path`` (``.toml`` or ``.json``)."""
    file = Path(path)
    name = file.name or str(path)
    suffix = file.suffix.lower()
    if suffix not in _FORMATS:
        raise InstrumentError(
            f"{name}: an instrument file must be .toml or .json, not "
            f"{suffix or 'a file without extension'}."
        )
    text = _read_text(file, name)
    data = _parse_toml(text, name) if suffix == ".toml" else _parse_json(text, name)
    return parse_instrument(data, source=name)


def _read_text(file: Path, name: str) -> str:
    try:
        return file.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InstrumentError(f"{name}: the file does not exist ({file}).") from None
    except UnicodeDecodeError as error:
        raise InstrumentError(
            f"{name}: the file is not UTF-8 text (byte {error.start}); save it as UTF-8."
        ) from None
    except OSError as error:
        raise InstrumentError(
            f"{name}: the file cannot be opened ({error.strerror or error})."
        ) from None


def _parse_toml(text: str, name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InstrumentError(f"{name}: not valid TOML ({error}).") from None


def _parse_json(text: str, name: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InstrumentError(
            f"{name}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    if not isinstance(data, dict):
        raise InstrumentError(f"{name}: the JSON must be an object with the instrument's fields.")
    return data
