"""A round's answers, analysed once and kept: the service behind every results page and the API.

The round's :class:`~parity.web.surveys.models.Response` rows become the engine's canonical
responses frame (:mod:`parity.core.schema`: ``respondent``, ``party``, ``about``, ``seconds``,
one float column per item, the text columns, the respondent attributes the round asks) and its
relationships the relationships frame; the engine runs with the round's score threshold
(:func:`parity.web.surveys.sealing.thresholds_of`), so a side below it has no score in the
result (nor a segment below it: :mod:`parity.core.segments`), and every result is disclosed
(:func:`parity.core.disclosure.disclose`) before any page, API answer or report sees it.

**Published only when final.** Results exist only for a round that has closed and been sealed
(:func:`parity.web.surveys.sealing.published`); for an open round :func:`round_results` raises
:class:`NotPublished`, and the views show counts only. Nobody can therefore compare two
snapshots a few respondents apart (docs/privacy.md).

**Cache.** An analysis takes about a second, so it is kept in Django's default cache
(``settings.CACHES``; without that setting, a per-process in-memory cache) for
:data:`CACHE_SECONDS`. The key is the round's id, its number of responses and a SHA-256 digest
of everything the engine reads (the two frames, the threshold, the stance reader,
``settings.PARITY_STANCE_READER``, and the round's choice to keep flagged respondents). Any new
or changed answer, a new threshold or another choice therefore makes a new key: nothing
needs invalidating, and several app processes never serve each other stale results.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

import pandas as pd
from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.utils import timezone

from parity.core import schema
from parity.core.analysis import Analysis, RelationshipResult, SideResult, analyze
from parity.core.disclosure import Withheld, disclose_analysis
from parity.core.intervals import Intervals
from parity.core.policy import Thresholds
from parity.core.screen import ScreenedSide, ScreenSummary
from parity.web.insights.models import HiddenQuote
from parity.web.surveys.asked import (
    AskedRelationship,
    asked_party_names,
    asked_relationships,
    not_people,
)
from parity.web.surveys.attributes import asked_of, given_attributes
from parity.web.surveys.models import TEXT_FIELDS, Response, Round
from parity.web.surveys.rounds import organization_rounds
from parity.web.surveys.sealing import published, thresholds_of

CACHE_SECONDS = 24 * 60 * 60


def shape_of(*classes: type) -> str:
    """A fingerprint of the fields of the cached result classes: a value cached by a Parity
    whose results had another shape is never read back (it would lack the new fields)."""
    names = [f"{c.__name__}.{f.name}" for c in classes for f in dataclasses.fields(c)]
    return hashlib.sha256(",".join(names).encode()).hexdigest()[:12]


#: The classes a cached analysis is made of (the respondent screen's among them).
CACHED_CLASSES: tuple[type, ...] = (
    Analysis,
    RelationshipResult,
    SideResult,
    ScreenSummary,
    ScreenedSide,
    Intervals,
)
CACHE_PREFIX = "parity:insights:round:" + shape_of(*CACHED_CLASSES)


class NotPublished(Http404):
    """The round is still open: its results are not published yet (counts only)."""


@dataclass(frozen=True)
class RoundResults:
    """The disclosed analysis of one round, with each result found by its relationship's id,
    and the thresholds and withheld quotes every view of it applies."""

    round: Round
    analysis: Analysis
    relationships: dict[int, AskedRelationship]
    by_relationship: dict[int, RelationshipResult]
    thresholds: Thresholds
    withheld: Withheld

    def ordered(self) -> list[tuple[AskedRelationship, RelationshipResult]]:
        """Every relationship of the round with its result, in the engine's order."""
        found = [(self.relationships[pk], r) for pk, r in self.by_relationship.items()]
        return sorted(found, key=lambda pair: pair[1].parties)


def round_relationships(round_: Round) -> list[AskedRelationship]:
    """The round's relationships as it asked about them (:mod:`parity.web.surveys.asked`)."""
    return asked_relationships(round_)


def relationship_result(
    round_: Round, relationship_id: int
) -> tuple[AskedRelationship, RelationshipResult]:
    """A relationship of ``round_`` and its result, or 404 when it is not in the round."""
    found = [r for r in round_relationships(round_) if r.pk == relationship_id]
    if not found:
        raise Http404("This relationship is not in this round.")
    relationship = found[0]
    result = round_results(round_).by_relationship.get(relationship.pk)
    if result is None:
        raise Http404("This relationship has no results in this round.")
    return relationship, result


def responses_frame(round_: Round, relationships: list[AskedRelationship]) -> pd.DataFrame:
    """The canonical responses frame of the round's answers about its relationships: the time
    taken (NaN where not known), a column per item of the round's instrument (NaN where
    skipped), per open question, and per respondent attribute the round asks (missing where
    the respondent preferred not to say), by which the engine reads segments. The parties are
    named as the round asked about them, whatever they are called today."""
    items = list(round_.questions().item_ids)
    asked = asked_of(round_.attributes)
    names = asked_party_names(round_)
    rows = (
        Response.objects.filter(round=round_, relationship__in=[r.pk for r in relationships])
        .order_by("id")
        .values_list("id", "party_id", "about_id", "seconds", "answers", "attributes", *TEXT_FIELDS)
    )
    records = [
        (
            ident,
            names[party],
            names[about],
            seconds,
            *(answers.get(i.lower()) for i in items),
            *texts,
            *(given_attributes(asked, given).get(a) for a in asked),
        )
        for ident, party, about, seconds, answers, given, *texts in rows
    ]
    ids = [schema.RESPONDENT, schema.PARTY, schema.ABOUT, schema.SECONDS]
    columns = [*ids, *items, *TEXT_FIELDS, *asked]
    frame = pd.DataFrame.from_records(records, columns=columns)
    frame[schema.SECONDS] = pd.to_numeric(frame[schema.SECONDS], errors="coerce").astype("float64")
    frame[schema.RESPONDENT] = frame[schema.RESPONDENT].astype(str)
    for column in (schema.PARTY, schema.ABOUT):
        frame[column] = frame[column].astype(str)
    for item in items:
        frame[item] = pd.to_numeric(frame[item], errors="coerce").astype("float64")
    for column in TEXT_FIELDS:
        text = frame[column].astype("string")
        frame[column] = text.mask(text.str.strip() == "")
    for attribute in asked:
        frame[attribute] = frame[attribute].astype("string")
    return frame


def relationships_frame(relationships: list[AskedRelationship]) -> pd.DataFrame:
    """The round's relationships as it asked about them, each carrying its id, which its result
    comes back with."""
    rows = [(r.party_a.name, r.party_b.name, r.label, r.scope, str(r.pk)) for r in relationships]
    return pd.DataFrame(rows, columns=[*schema.RELATIONSHIP_COLUMNS, schema.RELATIONSHIP_KEY])


def _digest(responses: pd.DataFrame, relationships: pd.DataFrame, threshold: int) -> str:
    digest = hashlib.sha256(str(threshold).encode())
    for frame in (responses, relationships):
        digest.update(",".join(frame.columns).encode())
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def withheld_of(round_: Round) -> Withheld:
    """The quotes a facilitator hid in ``round_``, and the organization's party names when the
    round was made (which are not people's names)."""
    hidden = HiddenQuote.objects.filter(round=round_).values_list("key", flat=True)
    return Withheld(hidden=frozenset(hidden), not_people=not_people(round_))


def round_results(round_: Round) -> RoundResults:
    """The disclosed analysis of ``round_`` under its thresholds, from the cache when nothing
    it depends on has changed; :class:`NotPublished` while the round is open."""
    if not published(round_):
        raise NotPublished("The results of this round appear when it closes.")
    relationships = round_relationships(round_)
    responses = responses_frame(round_, relationships)
    declared = relationships_frame(relationships)
    thresholds = thresholds_of(round_)
    reader = str(settings.PARITY_STANCE_READER)
    keep = bool(round_.keep_flagged)
    digest = _digest(responses, declared, thresholds.score)
    key = (
        f"{CACHE_PREFIX}:{round_.pk}:{round_.instrument}:{len(responses)}:{reader}:"
        f"{'keep' if keep else 'screen'}:{digest}"
    )
    analysis = cache.get(key)
    if not isinstance(analysis, Analysis):
        analysis = analyze(
            responses,
            declared,
            round_.questions(),
            min_respondents=thresholds.score,
            stance_reader=reader,
            # Single-use ballots: two identical answers are two people who answered alike.
            one_answer_each=True,
            keep_flagged=keep,
            # The round page counts the responses: leaving out fewer than the threshold would
            # tell, by subtraction, how many of a side were flagged (docs/method.md §2a).
            smallest_left_out=thresholds.score,
        )
        cache.set(key, analysis, CACHE_SECONDS)
    withheld = withheld_of(round_)
    analysis = disclose_analysis(analysis, thresholds, withheld)
    by_relationship = {int(r.key): r for r in analysis.relationships if r.key is not None}
    return RoundResults(
        round=round_,
        analysis=analysis,
        relationships={rel.pk: rel for rel in relationships},
        by_relationship=by_relationship,
        thresholds=thresholds,
        withheld=withheld,
    )


def previous_round(round_: Round) -> Round | None:
    """The organization's round that opened last before this one and has closed, if any: only
    a closed round has results to compare with."""
    return (
        organization_rounds(round_.organization)
        .filter(opens_at__lt=round_.opens_at, closes_at__lte=timezone.now())
        .select_related("organization")
        .first()
    )


def index_changes(current: RoundResults) -> dict[int, float]:
    """Change of the partnering index since the previous round, per relationship id, where
    both rounds give the relationship an index."""
    before = previous_round(current.round)
    if before is None:
        return {}
    earlier = round_results(before).by_relationship
    out = {}
    for pk, result in current.by_relationship.items():
        old = earlier.get(pk)
        if result.partnering_index is not None and old and old.partnering_index is not None:
            out[pk] = result.partnering_index - old.partnering_index
    return out
