"""The attacks run with the web tests' fixtures (``tests/integration/web/conftest.py``: the
personas, the world, the PostgreSQL switch) and settings; this checks they really do."""

from __future__ import annotations

import pytest
from django.conf import settings


@pytest.fixture(scope="session", autouse=True)
def _the_web_tests_settings() -> None:
    assert settings.SETTINGS_MODULE == "tests.integration.web.settings", settings.SETTINGS_MODULE
    assert "parity-tests-" in str(settings.DATA_DIR), "a throw-away data folder"
