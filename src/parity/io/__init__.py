"""Parity's files, in and out: reading responses, relationships, custom instruments and
statements, and writing the JSON contract (:mod:`parity.io.analysis_json`).

Every reader either returns a frame in the canonical shape of :mod:`parity.core.schema` or raises
an error whose message tells the user what to fix, cell by cell.
"""

from parity.io.errors import InputFileError, Problem
from parity.io.instrument_file import load_instrument
from parity.io.relationships import read_relationships, read_relationships_bytes
from parity.io.responses import read_responses, read_responses_bytes

__all__ = [
    "InputFileError",
    "Problem",
    "load_instrument",
    "read_relationships",
    "read_relationships_bytes",
    "read_responses",
    "read_responses_bytes",
]
