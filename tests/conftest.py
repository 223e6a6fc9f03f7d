"""Test-wide settings: in CI, hypothesis explores the same examples on every run, so a
failure is reproducible from the log; locally it keeps searching new ones."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
