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

**Cache.** An analysis takes seconds for a large round, so it is kept in Django's default
cache (``settings.CACHES``: shared by every server process) for :data:`CACHE_SECONDS`, as
the bytes :func:`pickled` writes, and the disclosed result also in the process itself
(:mod:`parity.web.insights.memo`), so that a page does not fetch and unpickle it on every
request. The key (:func:`results_key`) is read with one small query and no answer: the round's
:attr:`~parity.web.surveys.models.Round.revision`
(which grows whenever its asked facts are recorded, its ballots mixed or it is sealed), the
number of its responses, when it was sealed, its instrument, threshold and choice to keep
flagged respondents, and the stance reader (``settings.PARITY_STANCE_READER``). Responses are
never changed in place, and a sealed round takes no new answer, so any new or changed input
makes a new key: nothing needs invalidating, and several server processes never serve each
other stale results. The process's memo adds the text threshold and the quotes a facilitator
hid, which the disclosure reads.
"""

from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import io
import itertools
import json
import operator
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import orjson
import pandas as pd
from django.conf import settings
from django.core.cache import cache
from django.db.models import CharField, TextField
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone

from parity.core import schema
from parity.core.agreement import AlphaResult
from parity.core.analysis import Analysis, RelationshipResult, SideResult, analyze
from parity.core.disclosure import Withheld, disclose_analysis
from parity.core.intervals import Intervals
from parity.core.policy import Thresholds
from parity.core.screen import ScreenedSide, ScreenSummary
from parity.web.after_response import after_response
from parity.web.insights.memo import Memo
from parity.web.insights.models import HiddenQuote
from parity.web.surveys.asked import (
    AskedRelationship,
    asked_party_names,
    asked_relationships,
    named_today,
    not_people,
    recorded_asked,
)
from parity.web.surveys.attributes import asked_of, given_attributes
from parity.web.surveys.models import TEXT_FIELDS, Response, Round
from parity.web.surveys.rounds import organization_rounds
from parity.web.surveys.sealing import published, thresholds_of

CACHE_SECONDS = 24 * 60 * 60


#: Raised when what a cached field holds changes while its name and type stay: 2 since the
#: reasons are sentences translated when shown (:class:`parity.core.translation.Sentence`),
#: so a page in German never reads an older cache's English-only reasons.
RESULTS_FORMAT = 2


def shape_of(*classes: type) -> str:
    """A fingerprint of the fields of the cached result classes and their types: a value cached
    by a Parity whose results had another shape is never read back (it would lack the new
    fields)."""
    names = [f"{c.__name__}.{f.name}:{f.type}" for c in classes for f in dataclasses.fields(c)]
    names.append(f"format {RESULTS_FORMAT}")
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
    #: Names everything the results were computed and disclosed from: what views derived from
    #: them may be kept under (:mod:`parity.web.insights.memo`).
    key: str

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
    results = round_results(round_)
    relationship = results.relationships.get(relationship_id)
    if relationship is None:
        raise Http404("This relationship is not in this round.")
    result = results.by_relationship.get(relationship.pk)
    if result is None:
        raise Http404("This relationship has no results in this round.")
    return relationship, result


def responses_frame(round_: Round, relationships: list[AskedRelationship]) -> pd.DataFrame:
    """The canonical responses frame of the round's answers about its relationships: the time
    taken (NaN where not known), a column per item of the round's instrument (NaN where
    skipped), per open question, and per respondent attribute the round asks (missing where
    the respondent preferred not to say), by which the engine reads segments. The parties are
    named as the round asked about them, whatever they are called today.

    Built a column at a time: the answers come from the database as their JSON text and are
    decoded in one call, since tens of thousands of small decodes, and a Python loop over
    every answer, would cost more than the analysis itself."""
    items = list(round_.questions().item_ids)
    asked = asked_of(round_.attributes)
    names = asked_party_names(round_)
    rows = list(
        Response.objects.filter(round=round_, relationship__in=[r.pk for r in relationships])
        .order_by("id")
        .annotate(
            respondent=Cast("id", CharField()),
            answers_text=Cast("answers", TextField()),
            attributes_text=Cast("attributes", TextField()),
        )
        .values_list(
            "respondent",
            "party_id",
            "about_id",
            "seconds",
            "answers_text",
            "attributes_text",
            *TEXT_FIELDS,
        )
    )
    columns = list(zip(*rows, strict=True)) if rows else [()] * (6 + len(TEXT_FIELDS))
    ident, party, about, seconds, answers, given, *texts = columns
    frame = pd.DataFrame(
        {
            schema.RESPONDENT: pd.Series(ident, dtype="object").astype(str),
            schema.PARTY: pd.Series(party, dtype="object").map(names).astype(str),
            schema.ABOUT: pd.Series(about, dtype="object").map(names).astype(str),
            schema.SECONDS: pd.to_numeric(pd.Series(seconds, dtype="object"), errors="coerce"),
        }
    )
    frame[schema.SECONDS] = frame[schema.SECONDS].astype("float64")
    added: dict[str, Any] = dict(
        zip(items, _rated(_decoded(answers, fast=True), items), strict=True)
    )
    for column, values in zip(TEXT_FIELDS, texts, strict=True):
        # Blank (or only spaces) is no answer.
        added[column] = pd.Series(
            [None if v is None or not str(v).strip() else v for v in values], dtype="string"
        )
    given_by_row = [given_attributes(asked, g) for g in _decoded(given)] if asked else []
    for attribute in asked:
        added[attribute] = pd.Series([g.get(attribute) for g in given_by_row], dtype="string")
    # Added in one go: a column at a time would copy the frame's blocks every few columns.
    return pd.concat([frame, pd.DataFrame(added, index=frame.index)], axis=1)


def _rated(answers: list[dict[str, Any]], items: list[str]) -> list[Any]:
    """Each item's answers (keys: the item in lower case) as floats, NaN where skipped or not
    a number: all in one array when they are all numbers or missing (what the survey stores),
    else item by item as pandas reads them."""
    keys = [item.lower() for item in items]
    grid = [list(map(answer.get, keys)) for answer in answers]
    if set(map(type, itertools.chain.from_iterable(grid))) <= _PLAIN_NUMBERS:
        values = np.array(grid, dtype=np.float64).reshape(len(grid), len(keys))
        return list(values.T)
    return [
        pd.to_numeric(pd.Series(list(column), dtype="object"), errors="coerce")
        .astype("float64")
        .to_numpy()
        for column in (zip(*grid, strict=True) if grid else [()] * len(keys))
    ]


#: The types of answer :func:`_rated` converts directly (``None``: skipped).
_PLAIN_NUMBERS = frozenset({int, float, type(None)})


def _decoded(texts: tuple[str, ...], *, fast: bool = False) -> list[dict[str, Any]]:
    """Each JSON object of ``texts`` (one per response), decoded in one call; anything but an
    object reads as no answer. ``fast`` decodes with orjson where it can (numbers it reads as
    floats where ``json`` keeps them as integers too large for one: fine for answers, which
    become floats), ``json`` reading what orjson does not (``NaN``, for one)."""
    text = "[" + ",".join(t or "{}" for t in texts) + "]"
    decoded = None
    if fast:
        try:
            decoded = orjson.loads(text)
        except orjson.JSONDecodeError:
            decoded = None
    if decoded is None:
        decoded = json.loads(text)
    return [d if isinstance(d, dict) else {} for d in decoded]


def relationships_frame(relationships: list[AskedRelationship]) -> pd.DataFrame:
    """The round's relationships as it asked about them, each carrying its id, which its result
    comes back with."""
    rows = [(r.party_a.name, r.party_b.name, r.label, r.scope, str(r.pk)) for r in relationships]
    return pd.DataFrame(rows, columns=[*schema.RELATIONSHIP_COLUMNS, schema.RELATIONSHIP_KEY])


def withheld_of(round_: Round) -> Withheld:
    """The quotes a facilitator hid in ``round_``, and the organization's party names when the
    round was made (which are not people's names)."""
    hidden = HiddenQuote.objects.filter(round=round_).values_list("key", flat=True)
    names = NOT_PEOPLE.get_or_make((round_.pk, round_.revision), lambda: not_people(round_))
    return Withheld(hidden=frozenset(hidden), not_people=names)


#: The party names of the last few rounds looked at, by round and revision (they are among the
#: facts a round records, and reading them back reads all of them).
NOT_PEOPLE: Memo[frozenset[str]] = Memo(size=32)


def results_key(round_: Round, thresholds: Thresholds) -> str:
    """The cache key of ``round_``'s analysis under ``thresholds``: everything the engine reads,
    stamped with one counting query (see the module's docstring)."""
    responses = Response.objects.filter(round=round_).count()
    sealed = round_.sealed_at.isoformat() if round_.sealed_at else "open"
    reader = str(settings.PARITY_STANCE_READER)
    keep = "keep" if round_.keep_flagged else "screen"
    return (
        f"{CACHE_PREFIX}:{round_.pk}:r{round_.revision}:n{responses}:{sealed}:"
        f"{round_.instrument}:t{thresholds.score}:{reader}:{keep}"
    )


@dataclass(frozen=True)
class _Disclosed:
    """What the process keeps of a round's results: all but the round's row itself."""

    key: str
    analysis: Analysis
    relationships: tuple[AskedRelationship, ...]
    by_relationship: dict[int, RelationshipResult]


#: The disclosed results of the last few rounds looked at in this process.
DISCLOSED: Memo[_Disclosed] = Memo(size=8)


def _analysis(
    round_: Round, relationships: list[AskedRelationship], thresholds: Thresholds, key: str
) -> Analysis:
    """The round's analysis from the shared cache, or run (and kept there)."""
    found = cache.get(key)
    if isinstance(found, bytes):
        found = pickle.loads(found)
    if isinstance(found, Analysis):
        return found
    analysis = analyze(
        responses_frame(round_, relationships),
        relationships_frame(relationships),
        round_.questions(),
        min_respondents=thresholds.score,
        stance_reader=str(settings.PARITY_STANCE_READER),
        # Single-use ballots: two identical answers are two people who answered alike.
        one_answer_each=True,
        keep_flagged=bool(round_.keep_flagged),
        # The round page counts the responses: leaving out fewer than the threshold would
        # tell, by subtraction, how many of a side were flagged (docs/method.md §2a).
        smallest_left_out=thresholds.score,
    )
    # Added, not set: another process that analysed the same inputs meanwhile stored the same
    # analysis, and its entry (with its expiry) stays as it is. Stored once the page has gone:
    # the reader needs the analysis, not its pickle (parity.web.after_response).
    after_response(lambda: cache.add(key, pickled(analysis), CACHE_SECONDS))
    return analysis


def pickled(analysis: Analysis) -> bytes:
    """The analysis as the shared cache keeps it: pickled with each of its small frozen
    classes (:data:`BY_FIELDS`) as the call that makes it again, since pickle's own way with a
    slotted dataclass looks its fields up for every instance, and a large round's analysis
    holds tens of thousands of them (a reliability per construct per side)."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(analysis)
    return out.getvalue()


#: The slotted dataclasses of an analysis, each with the names of its fields, in the order of
#: their class's constructor (which takes every field).
BY_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in (AlphaResult,)
}


def _by_fields(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    """The reducer of ``cls``: its fields taken in one call (``attrgetter`` of two or more
    names gives them as a tuple)."""
    values = operator.attrgetter(*BY_FIELDS[cls])
    return lambda obj: (cls, values(obj))


_DISPATCH: dict[type, Any] = {
    **copyreg.dispatch_table,
    **{cls: _by_fields(cls) for cls in BY_FIELDS},
}


def _disclosed(round_: Round, thresholds: Thresholds, withheld: Withheld) -> _Disclosed:
    analysis_key = results_key(round_, thresholds)
    hidden = hashlib.sha256("\n".join(sorted(withheld.hidden)).encode()).hexdigest()[:16]
    key = f"{analysis_key}:x{thresholds.text}:h{hidden}"

    def make() -> _Disclosed:
        relationships = recorded_asked(round_)
        analysis = _analysis(round_, relationships, thresholds, analysis_key)
        analysis = disclose_analysis(analysis, thresholds, withheld)
        by_relationship = {int(r.key): r for r in analysis.relationships if r.key is not None}
        return _Disclosed(key, analysis, tuple(relationships), by_relationship)

    return DISCLOSED.get_or_make(key, make)


def round_results(round_: Round) -> RoundResults:
    """The disclosed analysis of ``round_`` under its thresholds, from the cache when nothing
    it depends on has changed; :class:`NotPublished` while the round is open."""
    if not published(round_):
        raise NotPublished("The results of this round appear when it closes.")
    thresholds = thresholds_of(round_)
    withheld = withheld_of(round_)
    found = _disclosed(round_, thresholds, withheld)
    # Names are the only live facts on a results page: a party renamed since shows both.
    relationships = named_today(list(found.relationships))
    return RoundResults(
        round=round_,
        analysis=found.analysis,
        relationships={rel.pk: rel for rel in relationships},
        by_relationship=found.by_relationship,
        thresholds=thresholds,
        withheld=withheld,
        key=found.key,
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


def index_changes(current: RoundResults, earlier: RoundResults | None = None) -> dict[int, float]:
    """Change of the partnering index since ``earlier`` (by default the previous round's
    results), per relationship id, where both rounds give the relationship an index."""
    if earlier is None:
        before = previous_round(current.round)
        if before is None:
            return {}
        earlier = round_results(before)
    out = {}
    for pk, result in current.by_relationship.items():
        old = earlier.by_relationship.get(pk)
        if result.partnering_index is not None and old and old.partnering_index is not None:
            out[pk] = result.partnering_index - old.partnering_index
    return out


def previous_results(current: RoundResults) -> RoundResults | None:
    """The results of the round before ``current``'s, if there is one (:func:`previous_round`)."""
    before = previous_round(current.round)
    return None if before is None else round_results(before)


def warm_recent_results(now: datetime | None = None) -> int:
    """Analyse, into the shared cache, the rounds sealed in the last day whose analysis is not
    there yet: run by every server's periodic job (:mod:`parity.web.server`), so the first
    facilitator to open a large round's results after it closed does not wait for the
    analysis. Another process already at a round is left to it; how many were analysed."""
    since = (now or timezone.now()) - timedelta(seconds=CACHE_SECONDS)
    warmed = 0
    recent = Round.objects.filter(sealed_at__gte=since).select_related("organization")
    for round_ in recent.defer("asked").order_by("sealed_at"):
        key = results_key(round_, thresholds_of(round_))
        if cache.get(key) is not None or not cache.add(f"{key}:warming", 1, WARMING_SECONDS):
            continue
        round_results(round_)
        warmed += 1
    return warmed


#: How long a process may take to analyse a round before another may start it too.
WARMING_SECONDS = 10 * 60
