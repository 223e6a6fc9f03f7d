"""Real Chromium, driven by Playwright, against Django's live server.

The browser is Debian's ``chromium`` at ``/usr/bin/chromium`` (Playwright's own browser download
is never used). The server is pytest-django's ``live_server``: the application in a thread of
this process, on the test database, so a test can prepare rows with the web tests' builders and
read what the browser did. When Chromium or Playwright is missing the tests skip with the
reason, unless ``PARITY_REQUIRE_BROWSER=1`` (as in CI) makes that a failure.

Nothing here sleeps: Playwright's actions wait for their element and ``expect`` retries its
assertion until it holds or times out.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from importlib import import_module
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth.models import User
from tests.browser.chromium import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LAPTOP,
    NO_PLAYWRIGHT,
    TIMEOUT_MS,
    required,
    unavailable,
)
from tests.support.survey_clock import SurveyClock

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

try:
    import_module("playwright.sync_api")
except ImportError:
    # The test modules skip themselves (pytest.importorskip); CI must not skip them.
    if required():
        raise pytest.UsageError(f"{NO_PLAYWRIGHT} (PARITY_REQUIRE_BROWSER=1 requires it)") from None

FACILITATOR = ("fiona", "a long enough test password")
_ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for one test module.

    Playwright's synchronous API keeps an event loop running on this thread while it is
    started, and Django refuses ORM calls where a loop runs. The tests' own queries are plain
    synchronous code, so that guard is lifted while the browser lives, and only then: a module
    scope (rather than the session) gives the other tests of this process the guard back.
    """
    from playwright.sync_api import expect, sync_playwright

    if not CHROMIUM.exists():
        unavailable(
            f"Chromium is not installed at {CHROMIUM}: install Debian's package "
            "(`apt-get install chromium`, as `make setup` does when run as root)"
        )
    expect.set_options(timeout=TIMEOUT_MS)
    before = os.environ.get(_ASYNC_UNSAFE)
    os.environ[_ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as driver:
            launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield launched
            launched.close()
    finally:
        if before is None:
            del os.environ[_ASYNC_UNSAFE]
        else:
            os.environ[_ASYNC_UNSAFE] = before


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """Makes browser contexts (one per person: own cookies, own screen); closes them after."""
    made: list[BrowserContext] = []
    refused: list[str] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(**{**LAPTOP, **options})
        context.set_default_timeout(TIMEOUT_MS)
        # Anything the Content-Security-Policy refuses (an inline script or style, a file from
        # another site) is a page that works differently for users than it looks in the code.
        context.on(
            "console",
            lambda message: (
                refused.append(f"{message.page and message.page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()
    assert not refused, "the Content-Security-Policy refused:\n" + "\n".join(refused)


@pytest.fixture
def laptop(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context().new_page()


@pytest.fixture
def base_url(live_server: Any) -> str:
    return str(live_server.url)


@pytest.fixture
def facilitator_account(transactional_db: None) -> tuple[str, str]:
    """A user with a password and no organization yet: the facilitator signs in with it."""
    username, password = FACILITATOR
    User.objects.create_user(username, f"{username}@example.org", password=password)
    return username, password


@pytest.fixture(autouse=True)
def _respondents_take_their_time(survey_clock: SurveyClock) -> None:
    """A script answers faster than anyone reads; on the survey's clock each respondent takes
    ten minutes (``tests/support/survey_clock.py``), so the screen finds no speeder."""


@pytest.fixture(autouse=True)
def _no_rate_limit(settings: Any) -> None:
    """Every respondent here answers from 127.0.0.1 within a minute or two, more than the
    public pages' per-address limit allows; the limit has its own tests."""
    settings.PUBLIC_RATE_LIMIT = 0
