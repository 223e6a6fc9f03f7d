"""The relationship report says where a side is divided, only when it is (docs/method.md
§2b), and only from segments that may be shown."""

from __future__ import annotations

import html as html_lib

from tests.support.segments import ALIKE, hr_side

from parity.core.analysis import analyze
from parity.core.disclosure import Thresholds
from parity.reports import relationship_html, relationship_report

HEADING = "Where a side is divided"
DEFAULT = Thresholds()


def _report_text(frame_args: tuple = (), thresholds: Thresholds = DEFAULT) -> str:
    (result,) = analyze(hr_side(*frame_args)).relationships
    return html_lib.unescape(relationship_html(relationship_report(result, thresholds)))


def test_a_split_side_has_its_section_with_the_sentence() -> None:
    text = _report_text()
    assert HEADING in text
    assert "HR: split by role — business partner rate voice" in text
    assert "by 20 points or more" in text


def test_no_section_without_a_split() -> None:
    assert HEADING not in _report_text(ALIKE)


def test_no_section_when_the_report_asks_more_than_the_groups_have() -> None:
    """Seven administrators: under a threshold of 8 the role is not shown, nor its split."""
    text = _report_text(thresholds=Thresholds(score=8))
    assert HEADING not in text
    assert "administrator" not in text
