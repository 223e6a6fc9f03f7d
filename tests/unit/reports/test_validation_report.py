"""The validation report (``parity.reports.validation``): the CFA's numbers and sentences as one
self-contained page, rendered with the reports' escaping environment."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from markupsafe import escape

from parity.core.instrument import default_instrument
from parity.core.validation import Validation, validate
from parity.demo import DemoDataset
from parity.reports.model import ReportContext
from parity.reports.validation import validation_html, validation_report

TPI = default_instrument()
GROUPS = ("<b>North</b>", "South & Co")


@pytest.fixture(scope="module")
def compared(demo_data: DemoDataset) -> Validation:
    responses = demo_data.responses
    rng = np.random.default_rng(3)
    site = pd.Series(rng.choice(GROUPS, size=len(responses)), index=responses.index, name="site")
    return validate(responses, TPI, constructs=["OUT", "COM", "VAL", "VOI"], by=site)


def test_every_table_has_a_row_per_item_level_or_pair(compared: Validation) -> None:
    report = validation_report(compared, ReportContext(source="responses.csv"))
    assert len(report.loadings.rows) == 8
    assert len(report.correlations.rows) == 6
    assert report.invariance is not None
    assert [row[0] for row in report.invariance.rows] == ["configural", "metric", "scalar"]
    assert report.group_loadings is not None
    assert set(report.group_loadings.headers[1:]) == set(GROUPS)
    assert report.latent_means is not None
    assert len(report.latent_means.rows) == 4  # four constructs, one group against the first


def test_the_page_is_self_contained_and_escapes_names(compared: Validation) -> None:
    html = validation_html(validation_report(compared, ReportContext(source="responses.csv")))
    assert "&lt;b&gt;North&lt;/b&gt;" in html
    assert "<b>North</b>" not in html
    assert "South &amp; Co" in html
    assert "<style>" in html
    assert "src=" not in html
    assert "href=" not in html
    for sentence in (*compared.summary, *compared.notes):
        assert str(escape(sentence)) in html
