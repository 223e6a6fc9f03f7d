"""How the browser tests start Chromium, and the screens they use."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

#: Debian's Chromium; ``PARITY_CHROMIUM`` names another build of it (another distribution's path).
CHROMIUM = Path(os.environ.get("PARITY_CHROMIUM", "/usr/bin/chromium"))
#: Headless, and nothing that reaches the network or needs a GPU, a sandbox or a large /dev/shm.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LAPTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
PHONE: dict[str, Any] = {
    "viewport": {"width": 375, "height": 740},
    "has_touch": True,
    "is_mobile": True,
    "device_scale_factor": 2,
}
#: How long ``expect`` and actions wait: generous, because CI machines are shared.
TIMEOUT_MS = 15_000
NO_PLAYWRIGHT = "Playwright is not installed: run `make setup`"


def required() -> bool:
    """CI sets ``PARITY_REQUIRE_BROWSER=1``: then a missing browser fails instead of skipping."""
    return os.environ.get("PARITY_REQUIRE_BROWSER") == "1"


def unavailable(reason: str) -> None:
    if required():
        pytest.fail(
            f"{reason} (PARITY_REQUIRE_BROWSER=1 requires the browser tests)", pytrace=False
        )
    pytest.skip(reason)
