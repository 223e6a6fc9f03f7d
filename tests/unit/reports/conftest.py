"""Results to report on: the demo organization (the shared ``demo_analysis``), and small
relationships whose words are known.

The PDFs are rendered once per session (WeasyPrint takes seconds per document) and shared by
the tests that read them.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd
import pytest
from pypdf import PdfReader
from tests.support.builders import responses, side

from parity.core.analysis import Analysis, RelationshipResult, analyze
from parity.core.disclosure import Thresholds
from parity.reports import (
    ReportContext,
    html_to_pdf,
    organization_html,
    organization_report,
    relationship_html,
    relationship_report,
    workshop_html,
    workshop_pack,
)

THRESHOLDS = Thresholds(score=5, text=7)
CONTEXT = ReportContext("Harbour & Vale Group", "Spring review", "closed", "responses.csv")

# Construct levels on the answer scale (1-7): Finance directs, IT serves.
MASTER = {"OUT": 4, "STK": 4, "COM": 4, "NEED": 4, "TRS": 4, "DIR": 7, "VOI": 7, "DEF": 1}
SERVANT = {"OUT": 4, "STK": 4, "COM": 4, "NEED": 5, "TRS": 4, "DEF": 7, "VOI": 1, "VAL": 1}
SERVANT |= {"DIR": 1, "ALT": 2}

#: Words each side writes; below the text threshold they must never appear in any output.
FINANCE_WORDS = "We tell IT what to build and they do it, that is their job."
IT_WORDS = "We serve Finance and do whatever Finance asks, we never say no."


def worded(frame: pd.DataFrame, text: str) -> pd.DataFrame:
    out = frame.copy()
    out["purpose"] = [f"{text} ({n})" if n else text for n in range(len(out))]
    return out


@dataclass(frozen=True)
class Pair:
    """One relationship: Finance with ``finance`` respondents, IT with ``it``."""

    result: RelationshipResult
    analysis: Analysis


def pair(finance: int, it: int, *, min_respondents: int = 3) -> Pair:
    frame = responses(
        worded(side("Finance", "IT", finance, MASTER), FINANCE_WORDS),
        worded(side("IT", "Finance", it, SERVANT), IT_WORDS),
    )
    relationships = pd.DataFrame(
        [{"party_a": "Finance", "party_b": "IT", "label": "business partner", "scope": "internal"}]
    )
    analysis = analyze(frame, relationships, min_respondents=min_respondents)
    return Pair(analysis.relationships[0], analysis)


@pytest.fixture(scope="session")
def find(demo_analysis: Analysis) -> Callable[[str, str], RelationshipResult]:
    """A relationship of the demo (the shared ``demo_analysis``) by its two parties."""
    # The shared analysis uses the default score threshold, which is the reports' own.
    assert demo_analysis.min_respondents == THRESHOLDS.score

    def get(a: str, b: str) -> RelationshipResult:
        return next(r for r in demo_analysis.relationships if set(r.parties) == {a, b})

    return get


@dataclass(frozen=True)
class Rendered:
    html: str
    pdf: bytes

    @property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.pdf))

    @property
    def pages(self) -> list[str]:
        return [" ".join((page.extract_text() or "").split()) for page in self.reader.pages]

    @property
    def text(self) -> str:
        return " ".join(self.pages)


def render(html: str) -> Rendered:
    return Rendered(html, html_to_pdf(html))


@pytest.fixture(scope="session")
def it_sales(find: Callable[[str, str], RelationshipResult]) -> Rendered:
    """The demo's IT and Sales: master–servant, called business partner."""
    return render(relationship_html(relationship_report(find("IT", "Sales"), THRESHOLDS, CONTEXT)))


@pytest.fixture(scope="session")
def organization(demo_analysis: Analysis) -> Rendered:
    assert demo_analysis.min_respondents == THRESHOLDS.score
    report = organization_report(demo_analysis.relationships, THRESHOLDS, CONTEXT)
    return render(organization_html(report))


@pytest.fixture(scope="session")
def between() -> Mapping[str, Rendered]:
    """Finance (8, quotable) and IT (6: scores shown, words not quoted), reported with the
    default thresholds (5 and 7): the relationship report and the workshop pack."""
    result = pair(8, 6).result
    return {
        "report": render(relationship_html(relationship_report(result, THRESHOLDS, CONTEXT))),
        "workshop": render(workshop_html(workshop_pack([result], THRESHOLDS, CONTEXT))),
    }
