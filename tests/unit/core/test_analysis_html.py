"""An analysis shows itself in a notebook as a compact table: each relationship's verdict and
key scores, every text escaped, no number for a hidden side."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser

from parity.core.analysis import Analysis, analyze
from parity.core.analysis_html import MAX_ROWS
from parity.demo import DemoDataset


class Cells(HTMLParser):
    """The text of every table cell, and the tags seen."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.tags: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)
        if tag == "td":
            self._in_cell = True
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.cells[-1] += data


def cells_of(markup: str) -> Cells:
    parsed = Cells()
    parsed.feed(markup)
    return parsed


def test_each_relationship_is_a_row_with_its_verdict_and_scores(demo_analysis: Analysis) -> None:
    markup = demo_analysis._repr_html_()
    first = demo_analysis.relationships[0]
    parsed = cells_of(markup)
    assert parsed.tags.count("tr") == 1 + min(len(demo_analysis.relationships), MAX_ROWS)
    row = parsed.cells[:5]
    assert row[0].startswith(f"{first.parties[0]} ↔ {first.parties[1]}")
    assert row[1] == first.archetype
    assert row[2] == f"{first.partnering_index:.0f}"
    side = first.sides[0]
    assert row[3] == f"{side.party}: {side.partnering_score:.0f} (n={side.respondents})"


def test_every_text_is_escaped(demo_analysis: Analysis) -> None:
    first = demo_analysis.relationships[0]
    hostile = "<script>alert('R&D')</script>"
    sides = (replace(first.sides[0], party=hostile), first.sides[1])
    changed = replace(first, parties=(hostile, first.parties[1]), label="<b>", sides=sides)
    markup = replace(demo_analysis, relationships=(changed,))._repr_html_()
    parsed = cells_of(markup)
    assert "script" not in parsed.tags
    assert "b" not in parsed.tags
    assert parsed.cells[0] == f"{hostile} ↔ {first.parties[1]}: <b>"
    assert parsed.cells[3].startswith(f"{hostile}: ")


def test_a_hidden_side_shows_no_number(demo_data: DemoDataset) -> None:
    strict = analyze(demo_data.responses, demo_data.relationships, min_respondents=40)
    hidden = [
        (index, place, side)
        for index, r in enumerate(strict.relationships[:MAX_ROWS])
        for place, side in enumerate(r.sides)
        if not side.shown
    ]
    assert hidden
    parsed = cells_of(strict._repr_html_())
    for index, place, side in hidden:
        assert parsed.cells[index * 5 + 3 + place] == f"{side.party}: hidden"
