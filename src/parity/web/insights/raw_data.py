"""The anonymised raw data of a published round: what the downloads and the API give.

One function, :func:`raw_data`, chooses every value under the anonymity policy
(:mod:`parity.core.policy`), from the round's answers (:func:`responses_frame`) and its
disclosed results (:func:`round_results`); :mod:`parity.io.raw_export` writes it as files.
The rules (docs/reports.md, "Raw data for researchers"; docs/privacy.md):

- **Published only.** An open round raises :class:`NotPublished`, as its results pages do.
- **The respondents the results count.** The respondent screen is applied as the results
  pages apply it (the round's choice to keep or leave out flagged respondents, and a side's
  flagged respondents left out only when at least the score threshold were flagged).
- **Shown sides only.** A side the results do not show (below the score threshold) has no
  respondent row: it appears among the sides with no count and no score. A shown side's item
  is blank for all its respondents when fewer than the score threshold answered it.
- **No words.** A respondent's written answers are never in a row: joined to their ratings and
  attributes, words (a turn of phrase, a project only they know) would tell who gave those
  ratings, and no threshold can make a text anonymous. The words go out as the pages and
  reports quote them, apart from anyone's ratings.
- **Attributes** (role, level, location, tenure) only as its segments could be shown: a value
  held by fewer than the score threshold of the side, or by all but fewer than that, is blank;
  so is the whole attribute when its blanks are a smaller group than that; and attributes are
  given together only while every cell of their crossing (blanks included) has at least the
  score threshold (:func:`parity.core.policy.cells_shown`): no row is singled out by its
  attributes.
- **Nothing from storage.** Respondents and relationships are numbered afresh in every file;
  rows are sorted by party, the side answered about and then their own content (so the order
  says nothing about when anyone answered, and two exports are the same); no time is given.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import pandas as pd

from parity.core import schema
from parity.core import screen as screening
from parity.core.analysis import SideResult
from parity.core.instrument import Instrument, Item
from parity.core.policy import (
    PUBLISHED_SHARE_DECIMALS,
    cells_shown,
    measure_shown,
    publish,
    segment_shown,
)
from parity.io.raw_export import (
    ATTRIBUTES,
    RatedItem,
    RawData,
    RelationshipRow,
    RespondentRow,
    SideRow,
)
from parity.web.insights.results import NotPublished, RoundResults, responses_frame, round_results
from parity.web.surveys.attributes import asked_of
from parity.web.surveys.models import Round

__all__ = ["NotPublished", "raw_data"]

#: The words of the other side in an item's statement, for a label that names no one.
OTHER = "the other side"


def raw_data(round_: Round) -> RawData:
    """The round's anonymised raw data; :class:`NotPublished` while it is open."""
    results = round_results(round_)
    instrument = round_.questions()
    thresholds = results.thresholds
    frame = _counted(round_, results)
    asked = asked_of(round_.attributes)
    items = list(instrument.item_ids)
    constructs = tuple((code, c.name) for code, c in results.analysis.constructs.items())

    relationship_rows: list[RelationshipRow] = []
    side_rows: list[SideRow] = []
    shown_sides: list[tuple[int, SideResult]] = []
    for number, (_, result) in enumerate(results.ordered(), start=1):
        relationship_rows.append(
            RelationshipRow(
                relationship=number,
                party_a=result.parties[0],
                party_b=result.parties[1],
                label=result.label,
                scope=result.scope,
                archetype=result.archetype,
                partnering_index=publish(result.partnering_index),
                confidence=publish(result.confidence, PUBLISHED_SHARE_DECIMALS),
                name_only=bool(result.name_only),
            )
        )
        for side in sorted(result.sides, key=lambda s: (s.party, s.about)):
            side_rows.append(_side_row(number, side, [c for c, _ in constructs], thresholds.score))
            if side.shown:
                shown_sides.append((number, side))

    respondents: list[tuple[int, str, str, tuple[Any, ...], tuple[Any, ...]]] = []
    by_side = frame.groupby([schema.PARTY, schema.ABOUT], sort=False).indices
    for number, side in sorted(shown_sides, key=lambda pair: (pair[1].party, pair[1].about)):
        rows = frame.iloc[by_side.get((side.party, side.about), [])]
        ratings = _ratings(rows, items, thresholds.score)
        attributes = _attributes(rows, list(asked), thresholds.score)
        found = [
            (number, side.party, side.about, a, r) for a, r in zip(attributes, ratings, strict=True)
        ]
        respondents += sorted(found, key=_content_order)

    return RawData(
        organization=round_.organization.name,
        round=round_.name,
        status=round_.status,
        instrument=f"{instrument.id} {instrument.version}",
        score_threshold=thresholds.score,
        text_threshold=thresholds.text,
        kept_flagged=bool(round_.keep_flagged),
        items=tuple(_rated_item(instrument, item) for item in instrument.items),
        constructs=constructs,
        respondents=tuple(
            RespondentRow(i, number, party, about, a, r)
            for i, (number, party, about, a, r) in enumerate(respondents, start=1)
        ),
        sides=tuple(side_rows),
        relationships=tuple(relationship_rows),
    )


def _counted(round_: Round, results: RoundResults) -> pd.DataFrame:
    """The round's answers less the respondents its results leave out, as the analysis leaves
    them out (:func:`parity.core.analysis.analyze` with the web's settings)."""
    frame = responses_frame(round_, list(results.relationships.values()))
    flags = screening.screen(frame, round_.questions(), one_answer_each=True)
    out = screening.left_out(
        frame, flags, keep=bool(round_.keep_flagged), smallest_group=results.thresholds.score
    )
    return frame[~out]


def _side_row(number: int, side: SideResult, constructs: list[str], threshold: int) -> SideRow:
    if not side.shown:
        return SideRow(
            number, side.party, side.about, False, None, threshold, None, (None,) * len(constructs)
        )
    return SideRow(
        relationship=number,
        party=side.party,
        about=side.about,
        shown=True,
        respondents=side.respondents,
        fewer_than=None,
        partnering_score=publish(side.partnering_score),
        scores=tuple(publish(side.scores.get(c)) for c in constructs),
    )


def _ratings(rows: pd.DataFrame, items: list[str], threshold: int) -> list[tuple[int | None, ...]]:
    """Each respondent's answers, an item blank for everyone when too few of the side
    answered it (its construct's score rests on at least the threshold)."""
    columns: list[list[int | None]] = []
    for item in items:
        values = rows[item].tolist() if item in rows.columns else [math.nan] * len(rows)
        answered = [None if v is None or not math.isfinite(v) else round(v) for v in values]
        if not measure_shown(sum(v is not None for v in answered), threshold):
            answered = [None] * len(rows)
        columns.append(answered)
    return list(zip(*columns, strict=True)) if columns else [() for _ in range(len(rows))]


def _attributes(
    rows: pd.DataFrame, asked: list[str], threshold: int
) -> list[tuple[str | None, ...]]:
    """Each respondent's attributes, as far as the segment rules would show their group."""
    n = len(rows)
    columns: dict[str, list[str | None]] = {}
    for attribute in ATTRIBUTES:
        if attribute not in asked or attribute not in rows.columns:
            columns[attribute] = [None] * n
            continue
        given = [None if pd.isna(v) else str(v) for v in rows[attribute]]
        counts = Counter(v for v in given if v is not None)
        shown = {v for v, c in counts.items() if segment_shown(c, n, threshold)}
        values = [v if v in shown else None for v in given]
        blanks = values.count(None)
        if 0 < blanks < threshold:
            # The blanks would be a group smaller than the threshold (those who did not say,
            # or whose group is too small): nobody's value is given.
            values = [None] * n
        columns[attribute] = values
    together: list[str] = []
    for attribute in ATTRIBUTES:
        if all(v is None for v in columns[attribute]):
            continue
        crossing = Counter(tuple(columns[a][i] for a in [*together, attribute]) for i in range(n))
        if cells_shown(crossing.values(), threshold):
            together.append(attribute)
        else:
            columns[attribute] = [None] * n
    return list(zip(*(columns[a] for a in ATTRIBUTES), strict=True))


def _content_order(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A respondent's place within their side: by what the row says, nothing else."""
    _, _, _, attributes, ratings = row
    return (
        tuple(-1 if r is None else r for r in ratings),
        tuple("" if a is None else a for a in attributes),
    )


def _rated_item(instrument: Instrument, item: Item) -> RatedItem:
    """An item with its statement and the words of its scale."""
    low, high = instrument.scale_min, instrument.scale_max
    if item.anchors is not None:
        left, right = (a.replace("{other}", OTHER) for a in item.anchors)
        labels = {low: left, (low + high) // 2: item.middle, high: right}
    else:
        labels = dict(zip(range(low, high + 1), instrument.scale_labels, strict=False))
    return RatedItem(item.id, item.construct, item.wording(OTHER), labels)
