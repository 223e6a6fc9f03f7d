"""Tests that need the optional ``embeddings`` extra: skip on a machine without it, fail in CI.

CI sets ``PARITY_REQUIRE_EMBEDDINGS=1``, so a missing extra there is an error, not a skip.
"""

from __future__ import annotations

import importlib.util
import os

import pytest

from parity.core.language import embedding


def require_embeddings(*modules: str) -> None:
    """Skip (or fail, when required) unless the packaged model and ``modules`` are installed."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if embedding.available() and not missing:
        return
    reason = f"parity[embeddings] is not installed ({', '.join(missing) or 'the packaged model'})"
    if os.environ.get("PARITY_REQUIRE_EMBEDDINGS", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(f"{reason}; PARITY_REQUIRE_EMBEDDINGS is set, so this is an error")
    pytest.skip(f"{reason}; make setup-embeddings to run these tests")
