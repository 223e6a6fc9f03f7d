"""The organization report's PDF in a real browser, as a facilitator gets it when the
background worker draws it: the link opens a page that says the PDF is being drawn, that page
looks again by itself, and the file downloads once the worker has drawn it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from tests.browser.chromium import NO_PLAYWRIGHT

pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT)

from playwright.sync_api import BrowserContext, expect
from tests.browser.accessibility import assert_accessible
from tests.browser.people import sign_in
from tests.integration.web.builders import make_org, make_party, make_relationship
from tests.integration.web.insights_builders import answer, make_results_round

from parity.web.environment import TASK_BACKENDS
from parity.web.orgs.models import Role
from parity.web.worker import WorkerOptions, run_worker

QUEUED = {"default": {"BACKEND": TASK_BACKENDS["database"], "QUEUES": ["default"]}}


def _closed_round(username: str) -> str:
    """A closed round of one relationship; its results page's URL."""
    org = make_org("Harbour Retail", "harbour", **{username: Role.FACILITATOR})
    hr, stores = make_party(org, "HR"), make_party(org, "Store Operations")
    relationship = make_relationship(hr, stores)
    round_ = make_results_round(org, [relationship])
    answer(round_, relationship, hr, 7)
    answer(round_, relationship, stores, 7)
    return reverse("insights:organization", args=["harbour", round_.pk])


def test_the_pdf_is_drawn_in_the_background_and_downloads_by_itself(
    base_url: str,
    facilitator_account: tuple[str, str],
    new_context: Any,
    settings: Any,
) -> None:
    settings.TASKS = QUEUED
    url = _closed_round(facilitator_account[0])
    context: BrowserContext = new_context(accept_downloads=True)
    page = context.new_page()
    sign_in(page, base_url, *facilitator_account)
    page.goto(base_url + url)
    page.get_by_role("link", name="Download the organization report (PDF)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The organization report of Spring")
    expect(page.get_by_role("status")).to_contain_text("Drawing the PDF.")
    assert_accessible(page, "the page that waits for the report")
    with page.expect_download() as download:
        run_worker(WorkerOptions(batch=True, interval=0))
    assert download.value.suggested_filename == "parity-harbour-spring-report.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
