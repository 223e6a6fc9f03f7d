"""Where the shared reference data live, and what to do when they are not there.

The reference data (published values and the data sets they were computed on) are kept
outside the repository, in a folder shared between projects, and are never copied in: some
of them are GPL-licensed, and one source of truth avoids silently diverging copies. The folder
is ``$PARITY_REFERENCE_DIR`` or ``../shared/reference``, relative to the repository root.

A developer without the folder gets a *skip* that says why; CI sets
``PARITY_REQUIRE_REFERENCE=1`` so that a missing folder *fails* instead of passing silently.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_REFERENCE_DIR = "../shared/reference"


def _reference_root() -> Path:
    raw = os.environ.get("PARITY_REFERENCE_DIR", DEFAULT_REFERENCE_DIR)
    # An absolute path stays as it is; a relative one is taken from the repository root, not
    # from wherever pytest happens to be started.
    return (REPO_ROOT / Path(raw).expanduser()).resolve()


def _reference_required() -> bool:
    return os.environ.get("PARITY_REQUIRE_REFERENCE", "").strip().lower() in {"1", "true", "yes"}


def _missing(reason: str) -> None:
    """Skip for a developer, fail in CI (``PARITY_REQUIRE_REFERENCE=1``)."""
    if _reference_required():
        pytest.fail(f"{reason} (PARITY_REQUIRE_REFERENCE is set, so this is an error)")
    pytest.skip(
        f"{reason}; set PARITY_REFERENCE_DIR to the shared reference folder to run these tests"
    )


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """The root of the shared reference data (skips or fails when it is missing)."""
    root = _reference_root()
    if not root.is_dir():
        _missing(f"shared reference data not found at {root}")
    return root


@pytest.fixture(scope="session")
def reference_file(reference_dir: Path) -> Callable[[str], Path]:
    """A function ``relative path -> Path`` that skips or fails when that file is missing.

    Checking each file, not only the folder, turns a renamed or half-synchronised reference
    folder into a clear message instead of a ``FileNotFoundError`` deep in a test.
    """

    def get(relative: str) -> Path:
        path = reference_dir / relative
        if not path.is_file():
            _missing(f"reference file {relative} not found in {reference_dir}")
        return path

    return get
