"""Test-wide settings: in CI, hypothesis explores the same examples on every run, so a
failure is reproducible from the log; locally it keeps searching new ones. The demo
organization is generated once per session for all suites (``tests/support/demo_fixture.py``:
``demo_data``, ``demo_analysis``, ``demo_history_analysis``)."""

from __future__ import annotations

import os

from hypothesis import settings

pytest_plugins = ["tests.support.demo_fixture", "tests.support.survey_clock"]

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
