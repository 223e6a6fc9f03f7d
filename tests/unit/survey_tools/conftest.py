"""The shared survey-tool exports (real Qualtrics files, kept outside the repository).

They live in ``$PARITY_REFERENCE_DIR/exports/`` (by default ``../shared/reference/exports``,
relative to the repository root) and are read from there, never copied in. Without them a test
is skipped with the reason, or fails when ``PARITY_REQUIRE_REFERENCE`` is set, as the
reference tests do (tests/reference/conftest.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def reference_export() -> Callable[[str], Path]:
    """A function ``file name -> Path`` of a shared export."""

    def get(name: str) -> Path:
        raw = os.environ.get("PARITY_REFERENCE_DIR", "../shared/reference")
        path = (REPO_ROOT / Path(raw).expanduser()).resolve() / "exports" / name
        if not path.is_file():
            required = os.environ.get("PARITY_REQUIRE_REFERENCE", "").strip().lower()
            if required in {"1", "true", "yes"}:
                pytest.fail(f"shared export {path} not found (PARITY_REQUIRE_REFERENCE is set)")
            pytest.skip(f"shared export {path} not found; set PARITY_REFERENCE_DIR")
        return path

    return get
