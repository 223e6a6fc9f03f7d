"""Drawing a PDF leaves nothing in the logs: every rule of the report's stylesheet that the PDF
reads is one WeasyPrint supports, so an operator's logs do not fill with its warnings on every
report the background worker or a page draws."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from tests.unit.reports.conftest import CONTEXT, THRESHOLDS

from parity.core.analysis import Analysis, RelationshipResult
from parity.reports import (
    html_to_pdf,
    organization_html,
    organization_report,
    relationship_html,
    relationship_report,
    workshop_html,
    workshop_pack,
)


@pytest.mark.slow
def test_no_report_kind_makes_weasyprint_warn(
    demo_analysis: Analysis,
    find: Callable[[str, str], RelationshipResult],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # IT and Sales have words on both sides: the report's words and portraits are drawn.
    result = find("IT", "Sales")
    documents = {
        "relationship": relationship_html(relationship_report(result, THRESHOLDS, CONTEXT)),
        "workshop": workshop_html(workshop_pack([result], THRESHOLDS, CONTEXT)),
        "organization": organization_html(
            organization_report(demo_analysis.relationships, THRESHOLDS, CONTEXT)
        ),
    }
    assert 'class="words"' in documents["relationship"]
    warned: dict[str, list[str]] = {}
    for kind, html in documents.items():
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="weasyprint"):
            html_to_pdf(html)
        warned[kind] = [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")]
    assert warned == {kind: [] for kind in documents}
