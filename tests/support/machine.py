"""What a test needs of the machine beyond Python (a font, GNU gettext, the package index):
skip with the reason on a bare laptop, fail where the machine is promised to have it.

`make setup` installs the Debian packages (scripts/setup.sh), and `.ci/run` sets
``PARITY_REQUIRE_MACHINE=1``, so in CI a missing piece is an error, never a skip.
"""

from __future__ import annotations

import os

import pytest


def required() -> bool:
    return os.environ.get("PARITY_REQUIRE_MACHINE", "").strip().lower() in {"1", "true", "yes"}


def need(present: bool, what: str) -> None:
    """Go on when ``present``; else skip saying ``what`` is missing, or fail when required."""
    if present:
        return
    if required():
        pytest.fail(f"{what}; PARITY_REQUIRE_MACHINE is set, so this is an error")
    pytest.skip(f"{what}; make setup installs it (as root on Debian)")
