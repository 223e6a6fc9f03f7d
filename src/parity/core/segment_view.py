"""A side's segments as every output shows them: a table per attribute shown, the split named.

Built from a *disclosed* result (:func:`parity.core.disclosure.disclose`), whose segments are
only those the anonymity rules allow (:mod:`parity.core.segments`, docs/method.md §2b): nothing
here decides what may be shown, it only lays out what survived the gate. A hidden side has no
segments in the disclosed copy, so it has no view here either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from parity.core.analysis import RelationshipResult, SideResult
from parity.core.instrument import Construct
from parity.core.segments import AttributeSegments, split_sentence, value_words
from parity.core.translation import term


@dataclass(frozen=True)
class SegmentRow:
    """One construct: the whole side's score, then each segment's (None where not shown)."""

    code: str
    name: str
    side: float | None
    segments: tuple[float | None, ...]


@dataclass(frozen=True)
class SegmentTable:
    """One attribute of one side: its segments' names and respondents, a row per construct
    shown for it, and the engine's sentence when the attribute splits the side."""

    attribute: str
    columns: tuple[tuple[str, int], ...]
    rows: tuple[SegmentRow, ...]
    split: str | None


@dataclass(frozen=True)
class SideSegmentsView:
    """A shown side's segments: a table per attribute shown (in the engine's order), the
    engine's sentence for each attribute that splits the side (largest split first), and the
    attributes its respondents gave that may not be shown (``withheld``)."""

    party: str
    about: str
    respondents: int
    tables: tuple[SegmentTable, ...]
    splits: tuple[str, ...]
    withheld: tuple[str, ...]

    @property
    def split(self) -> bool:
        """The side is divided: two of its shown segments differ clearly (§2b)."""
        return bool(self.splits)


def segment_views(
    disclosed: RelationshipResult, words: Mapping[str, Construct]
) -> tuple[SideSegmentsView, ...]:
    """Each shown side of ``disclosed`` whose respondents gave an attribute, in the result's
    order of sides."""
    return tuple(
        _side_view(side, words)
        for side in disclosed.sides
        if side.shown and side.segments is not None
    )


def _side_view(side: SideResult, words: Mapping[str, Construct]) -> SideSegmentsView:
    found = side.segments
    assert found is not None
    sentences = {s.attribute: split_sentence(side.party, s, words) for s in found.splits}
    tables = tuple(_table(side, a, words, sentences.get(a.attribute)) for a in found.attributes)
    splits = tuple(sentences[s.attribute] for s in found.splits)
    return SideSegmentsView(
        side.party, side.about, side.respondents, tables, splits, tuple(found.withheld)
    )


def _table(
    side: SideResult,
    found: AttributeSegments,
    words: Mapping[str, Construct],
    split: str | None,
) -> SegmentTable:
    columns = tuple((value_words(found.attribute, s.value), s.respondents) for s in found.segments)
    rows = tuple(
        SegmentRow(
            code,
            term(words[code].name) if code in words else code,
            side.scores.get(code),
            tuple(s.scores.get(code) for s in found.segments),
        )
        for code in found.constructs
    )
    return SegmentTable(found.attribute, columns, rows, split)
