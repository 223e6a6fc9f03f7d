"""The whole analysis of a set of responses: one call from data to findings.

``analyze`` is the entry point for the CLI, the web application and notebooks. It returns an
:class:`Analysis` holding frozen results per relationship (for people) and DataFrames (for
analysts). Anonymity is applied here, once: a side with fewer respondents than the threshold
contributes no score to any output, so no caller can leak it by accident.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from parity.core import archetypes, dyads, policy, reasons
from parity.core import intervals as spread
from parity.core import screen as screening
from parity.core import segments as segmenting
from parity.core.agreement import AlphaResult
from parity.core.analysis_html import analysis_html
from parity.core.instrument import CORE_CONSTRUCTS, Construct, Instrument, default_instrument
from parity.core.language.stance import DEFAULT_READER
from parity.core.language.words import (
    SideWords,
    contradictions,
    questions_answered_by,
    statements_frame,
    words_by_side,
)
from parity.core.memory import giving_back
from parity.core.reliability import side_alphas, within_sides
from parity.core.schema import (
    ABOUT,
    LABEL,
    PARTY,
    PARTY_A,
    PARTY_B,
    RELATIONSHIP_KEY,
    RESPONDENT,
    SCOPE,
    TEXT_COLUMNS,
    WAVE,
)
from parity.core.scoring import (
    LOW_AGREEMENT,
    forget_frames,
    forget_scores,
    one_analysis,
    respondent_counts,
    respondent_scores,
    side_codes,
    side_keys,
    side_scores,
)

DEFAULT_MIN_RESPONDENTS = policy.DEFAULT_SCORE_THRESHOLD
#: Roles named first: the side with the power.
LEADS = ("customer", "master")


@dataclass(frozen=True)
class SideResult:
    """One party's view of the other. Scores are absent when the side is below threshold."""

    party: str
    about: str
    respondents: int
    shown: bool
    scores: Mapping[str, float] = field(default_factory=dict)
    sd: Mapping[str, float] = field(default_factory=dict)
    ci: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    agreement: Mapping[str, float] = field(default_factory=dict)
    low_agreement: tuple[str, ...] = ()
    partnering_score: float | None = None
    words: SideWords | None = None
    #: Per construct shown, how many of the side's respondents answered it: the count behind
    #: the number (:func:`parity.core.policy.measure_shown`).
    answered: Mapping[str, int] = field(default_factory=dict)
    #: Cronbach's alpha of each construct with two items or more, within this side, over the
    #: respondents who answered all its items (:mod:`parity.core.reliability`).
    reliability: Mapping[str, AlphaResult] = field(default_factory=dict)
    #: The side's segments by role, level, location and tenure, when its respondents gave any
    #: (:mod:`parity.core.segments`); ``None`` otherwise.
    segments: segmenting.SideSegments | None = None
    #: The 95% interval of ``partnering_score`` (:mod:`parity.core.intervals`), when it may be
    #: shown (:func:`parity.core.policy.interval_shown`).
    partnering_interval: spread.Interval | None = None


@dataclass(frozen=True)
class RelationshipResult:
    parties: tuple[str, str]
    wave: str | None
    label: str | None
    scope: str | None
    archetype: str
    roles: Mapping[str, str]
    confidence: float | None
    partnering_index: float | None
    name_only: bool
    sides: tuple[SideResult, SideResult]
    gaps: Mapping[str, float]
    power: Mapping[str, Any]
    mutual_need: Mapping[str, Any]
    parity: Mapping[str, float]
    reasons: tuple[str, ...]
    contradictions: tuple[str, ...] = ()
    #: The words of the constructs scored (the instrument's), for every output to name them by.
    constructs: Mapping[str, Construct] = field(default_factory=dict)
    #: The caller's id of the relationship (``relationship_key`` of the relationships frame).
    key: str | None = None
    #: The 95% intervals of the index, the gaps, the misreadings and the power gap, and which
    #: gaps and misreadings are named (:mod:`parity.core.intervals`, docs/method.md §4a).
    intervals: spread.Intervals = spread.NO_INTERVALS

    @property
    def declared_partner(self) -> bool:
        return declares_partner(self.label)


@dataclass(frozen=True)
class Analysis:
    instrument: Mapping[str, str]
    min_respondents: int
    relationships: tuple[RelationshipResult, ...]
    side_scores: pd.DataFrame
    dyads: pd.DataFrame
    reliability: pd.DataFrame
    #: The words of every construct scored, in the instrument's order: what each output names
    #: a score by, a custom instrument's own constructs included.
    constructs: Mapping[str, Construct] = field(default_factory=dict)
    #: The respondent screen (docs/method.md §2a): how many respondents each shown side had
    #: flagged, by reason, and whether they were left out (the default) or kept. A plain
    #: (immutable) default, so an analysis pickled before the field existed (the web cache)
    #: still reads as one with nothing flagged.
    screen: screening.ScreenSummary = screening.NOTHING_SCREENED

    def _repr_html_(self) -> str:
        """A compact table of the verdicts and key scores, for notebooks."""
        return analysis_html(self)

    def to_frame(self) -> pd.DataFrame:
        """One row per relationship with the headline figures."""
        rows = [
            {
                "party_a": r.parties[0],
                "party_b": r.parties[1],
                "wave": r.wave,
                "label": r.label,
                "scope": r.scope,
                "archetype": r.archetype,
                "roles": ";".join(f"{p}:{role}" for p, role in r.roles.items()),
                "confidence": r.confidence,
                "partnering_index": r.partnering_index,
                "name_only": r.name_only,
                "respondents_a": r.sides[0].respondents,
                "respondents_b": r.sides[1].respondents,
                "power_holder": r.power.get("holder"),
            }
            for r in self.relationships
        ]
        return pd.DataFrame(rows)


@dataclass(frozen=True)
class _SideTable:
    """The shown sides' statistics as arrays, one row per side and one column per construct
    scored (in the instrument's order): a side's result reads its row of each at once."""

    rows: Mapping[Any, int]
    mean: np.ndarray
    sd: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    rwg_j: np.ndarray
    n: np.ndarray


@dataclass(frozen=True)
class _Tables:
    """The frames of one analysis as plain dicts keyed like their index: building a result
    per relationship then costs dict look-ups, not pandas indexing."""

    sides: _SideTable
    counts: Mapping[Any, int]
    a: Mapping[Any, Mapping[Any, Any]]
    b: Mapping[Any, Mapping[Any, Any]]
    metrics: Mapping[Any, Mapping[Any, Any]]
    classes: Mapping[Any, Mapping[Any, Any]]
    declared: Mapping[tuple[str, str], tuple[Any, Any, Any]]
    constructs: list[str]
    words_of: Mapping[str, Construct]
    scored: Mapping[str, Construct]
    alphas: Mapping[Any, Mapping[str, AlphaResult]]
    threshold: int
    words: Mapping[Any, SideWords]
    segments: Mapping[Any, segmenting.SideSegments]
    #: Per relationship, ``<figure>_low`` and ``<figure>_high`` of every figure's interval.
    intervals: Mapping[Any, Mapping[Any, Any]] = field(default_factory=dict)


def declares_partner(label: str | None) -> bool:
    """A label that contains "partner" declares a partnership (instrument.md)."""
    return bool(label) and "partner" in str(label).casefold()


def _by_row(frame: pd.DataFrame) -> dict[Any, dict[Any, Any]]:
    """``frame.to_dict(orient="index")``, the same keys and Python values, read a column at a
    time (on a large file, pandas' row by row reading is a noticeable share of the run)."""
    columns = list(frame.columns)
    if not columns:
        return {key: {} for key in frame.index}
    values = zip(*(frame[c].tolist() for c in columns), strict=True)
    return {
        key: dict(zip(columns, row, strict=True))
        for key, row in zip(frame.index, values, strict=True)
    }


def _side_table(visible: pd.DataFrame, constructs: list[str]) -> _SideTable:
    """The statistics of the shown sides (:func:`per_measure` of :func:`side_scores`) as
    arrays, columns ``constructs``."""

    def stat(name: str) -> np.ndarray:
        values = pd.DataFrame(visible.xs(name, axis=1, level=1))
        return values.reindex(columns=constructs).to_numpy(float)

    return _SideTable(
        rows={key: i for i, key in enumerate(visible.index)},
        mean=stat("mean"),
        sd=stat("sd"),
        ci_low=stat("ci_low"),
        ci_high=stat("ci_high"),
        rwg_j=stat("rwg_j"),
        n=stat("n"),
    )


def analyze(
    responses: pd.DataFrame,
    relationships: pd.DataFrame | None = None,
    instrument: Instrument | None = None,
    *,
    min_respondents: int = DEFAULT_MIN_RESPONDENTS,
    stance_reader: str = DEFAULT_READER,
    keep_flagged: bool = False,
    one_answer_each: bool = False,
    smallest_left_out: int = 1,
) -> Analysis:
    """Score both sides of every relationship and classify it.

    ``responses`` is the canonical frame (see :mod:`parity.core.schema`); ``relationships``
    optionally declares labels and scopes and adds relationships nobody has answered yet.
    ``stance_reader`` chooses how free text is read (:data:`parity.core.language.stance.READERS`).
    The respondent screen (:mod:`parity.core.screen`) runs first: flagged respondents are left
    out of every score, count and word unless ``keep_flagged``; ``Analysis.screen`` says how
    many each shown side had, and why. ``smallest_left_out``: a side's flagged respondents are
    left out only when at least this many were flagged (the web passes its score threshold:
    :func:`parity.core.screen.left_out`). ``one_answer_each`` says every row is a different
    person (single-use ballots), so identical rows are not duplicates.
    """
    if min_respondents < policy.MIN_THRESHOLD:
        raise ValueError(
            f"min_respondents must be at least {policy.MIN_THRESHOLD}: no smaller group is "
            "ever shown."
        )
    instrument = instrument or default_instrument()
    with one_analysis():
        # A fixed row order makes every sum, and so every rounded figure, independent of the order
        # of rows in the file.
        responses = responses.sort_values([*side_keys(responses), RESPONDENT], kind="stable")
        give_back = giving_back(len(responses))  # after each large step: parity.core.memory
        # The screen comes first, so the anonymity count of a side is that of the respondents who
        # remain: a side the screen takes below the threshold is hidden.
        flags = screening.screen(responses, instrument, one_answer_each=one_answer_each)
        # Of every respondent, only the sides are read again: keeping those alone lets the whole
        # frame go once the left-out rows are dropped (on a large file, a copy of it is most of
        # the memory the analysis takes).
        everyone = responses.loc[:, side_keys(responses)]
        out = screening.left_out(
            responses, flags, keep=keep_flagged, smallest_group=smallest_left_out
        )
        if out.any():
            responses = responses[~out]
        counts = respondent_counts(responses, instrument)
        sides = per_measure(side_scores(responses, instrument), min_respondents)
        give_back()
        shown = counts.reindex(sides.index).fillna(0) >= min_respondents
        visible = sides[shown.to_numpy()]
        means = pd.DataFrame(sides.xs("mean", axis=1, level=1)[shown.to_numpy()])
        a, b = dyads.pair_sides(means)
        a, b = _add_declared(a, b, relationships, everyone)
        metrics = dyads.dyad_metrics(a, b)
        classes = archetypes.classify(a, b)
        # No archetype, gap or index without shared evidence: both sides must measure at least
        # MIN_SHARED_CONSTRUCTS of the same constructs, or the relationship is insufficient_data.
        enough = archetypes.shared_constructs(a, b) >= archetypes.MIN_SHARED_CONSTRUCTS
        metrics = metrics[enough]
        # One set of resamples gives the archetype's confidence and every figure's interval.
        columns = [*CORE_CONSTRUCTS, *(c for c in a.columns if c not in CORE_CONSTRUCTS)]
        pairs = _side_rows(responses, instrument, a[enough], b[enough], columns)
        confidence, bounds = _bootstrap(pairs, classes[enough], metrics, columns)
        del pairs  # every respondent's scores, side by side: read by the resamples alone
        give_back()
        classes["confidence"] = np.nan
        classes.loc[enough, "confidence"] = confidence
        bounds = spread.with_named(metrics, bounds)
        metrics = dyads.named_power(metrics, bounds["power_gap_low"], bounds["power_gap_high"])
        scored = {c: w for c, w in instrument.constructs.items() if instrument.items_of(c)}
        segments = segmenting.by_side(responses, instrument, visible.index, min_respondents)
        # The segments are the last to read the respondents' scores: they need not be kept.
        forget_scores(responses)
        # Before the results are made, so that its passing arrays and theirs are never held
        # at once (on a large file, the analysis's peak in memory).
        reliability = within_sides(responses, instrument, visible.index)
        give_back()
        alphas = side_alphas(responses, instrument, visible.index, min_respondents)
        give_back()
        words = _words_by_side(responses, visible.index, stance_reader, min_respondents)
        give_back()
        tables = _Tables(
            sides=_side_table(visible, list(scored)),
            counts=counts.to_dict(),
            a=_by_row(a),
            b=_by_row(b),
            metrics=_by_row(metrics),
            classes=_by_row(classes),
            declared=_declared_lookup(relationships),
            constructs=list(scored),
            words_of=instrument.constructs,
            scored=scored,
            alphas=alphas,
            segments=segments,
            intervals=_by_row(bounds),
            threshold=min_respondents,
            words=words,
        )
        screen = screening.summarize(everyone, flags, visible.index, kept=keep_flagged, out=out)
        # Nothing reads the respondents any more: on a large file their answers would take a
        # third of the memory the results are made in.
        forget_frames()
        del responses, everyone
        give_back()
        results = tuple(_relationship(key, tables) for key in a.index)
        return Analysis(
            instrument=instrument.reference(),
            min_respondents=min_respondents,
            relationships=results,
            side_scores=visible,
            dyads=metrics,
            reliability=reliability,
            constructs=scored,
            screen=screen,
        )


#: Relationships resampled together. A block's draws, and the arrays that classify them and
#: bound their figures, stay at tens of megabytes however many relationships the file has; no
#: relationship's numbers depend on the block it falls in (each side seeds its own draws).
BOOTSTRAP_BLOCK = 256


def _bootstrap(
    pairs: list[tuple[np.ndarray, np.ndarray]],
    classes: pd.DataFrame,
    metrics: pd.DataFrame,
    columns: list[str],
) -> tuple[np.ndarray, pd.DataFrame]:
    """The archetype's confidence (:func:`archetypes.bootstrap_confidence`) and the figures'
    intervals (:func:`spread.figure_intervals`) of every relationship of ``pairs`` (rows of
    ``classes`` and ``metrics``, in order), from one set of resamples drawn block by block."""
    resamples, core = archetypes.BOOTSTRAP_RESAMPLES, len(CORE_CONSTRUCTS)
    confidence: list[np.ndarray] = []
    bounds: list[pd.DataFrame] = []
    for start in range(0, max(len(pairs), 1), BOOTSTRAP_BLOCK):
        block = slice(start, start + BOOTSTRAP_BLOCK)
        drawn = archetypes.resampled_sides(pairs[block], resamples, seeded_by=core)
        confidence.append(
            archetypes.bootstrap_confidence(
                drawn[0][:, :core], drawn[1][:, :core], classes.iloc[block], resamples
            )
        )
        bounds.append(spread.figure_intervals(*drawn, columns, metrics.iloc[block], resamples))
    return np.concatenate(confidence), pd.concat(bounds) if len(bounds) > 1 else bounds[0]


def _side_rows(
    responses: pd.DataFrame,
    instrument: Instrument,
    a: pd.DataFrame,
    b: pd.DataFrame,
    columns: list[str],
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The respondents' own scores of both sides of every relationship, what
    :func:`archetypes.resampled_sides` draws from: each side limited to the constructs it
    shows; ``columns`` starts with :data:`CORE_CONSTRUCTS`, which alone seed the draws."""
    codes, all_sides = side_codes(responses)
    scores = respondent_scores(responses, instrument).reindex(columns=columns)
    values = scores.to_numpy(float)
    order = np.argsort(codes, kind="stable")
    ends = np.cumsum(np.bincount(codes, minlength=len(all_sides)))
    position = {key: i for i, key in enumerate(all_sides)}

    def rows(key: tuple[Any, ...], shown: np.ndarray) -> np.ndarray:
        i = position[key]
        start = ends[i - 1] if i else 0
        side = np.where(shown, values[order[start : ends[i]]], np.nan)
        return np.asarray(side[~np.isnan(side).all(axis=1)])

    shown_a = a.reindex(columns=columns).notna().to_numpy()
    shown_b = b.reindex(columns=columns).notna().to_numpy()
    pairs = []
    for j, key in enumerate(a.index):
        wave, pa, pb = key if len(key) == 3 else (None, *key)
        head = () if wave is None else (wave,)
        pairs.append((rows((*head, pa, pb), shown_a[j]), rows((*head, pb, pa), shown_b[j])))
    return pairs


def per_measure(sides: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """``sides`` with every statistic of a construct answered by fewer than ``threshold`` of
    the side's respondents set to NaN (its ``n`` is kept): no number, gap or index anywhere
    rests on fewer people than the threshold (:func:`parity.core.policy.measure_shown`)."""
    out = sides.copy()
    for construct in sides.columns.get_level_values(0).unique():
        n = sides[(construct, "n")].fillna(0).astype(int)
        few = ~n.map(lambda count: policy.measure_shown(count, threshold)).astype(bool)
        if few.any():
            stats = [c for c in sides.columns if c[0] == construct and c[1] != "n"]
            out.loc[few.to_numpy(), stats] = np.nan
    return out


def _rows_of(responses: pd.DataFrame, sides: pd.Index) -> pd.DataFrame:
    """The respondents of the given sides: reliability is computed only from shown sides, so
    no figure anywhere rests on a group below the anonymity threshold."""
    codes, all_sides = side_codes(responses)
    wanted = np.asarray(all_sides.isin(sides))
    if wanted.all():
        return responses  # every side shown: no copy of a large frame
    rows: pd.DataFrame = responses[wanted[codes]]
    return rows


def _sorted_pair(first: pd.Series, second: pd.Series) -> dict[str, pd.Series]:
    lower = first < second
    return {"party_a": first.where(lower, second), "party_b": second.where(lower, first)}


def _add_declared(
    a: pd.DataFrame, b: pd.DataFrame, relationships: pd.DataFrame | None, responses: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Reindex A and B on every relationship seen in the responses or declared in the
    relationships file (in every wave), so an unanswered relationship is still reported."""
    has_wave = WAVE in responses.columns
    seen = responses[side_keys(responses)].drop_duplicates()
    frames = [
        pd.DataFrame(
            {WAVE: seen[WAVE], **_sorted_pair(seen[PARTY], seen[ABOUT])}
            if has_wave
            else _sorted_pair(seen[PARTY], seen[ABOUT])
        )
    ]
    if relationships is not None and len(relationships):
        declared = _sorted_pair(relationships[PARTY_A], relationships[PARTY_B])
        waves = seen[WAVE].unique() if has_wave else [None]
        frames += [
            pd.DataFrame({WAVE: wave, **declared} if has_wave else declared) for wave in waves
        ]
    index = pd.MultiIndex.from_frame(pd.concat(frames, ignore_index=True).drop_duplicates())
    index = index.union(pd.MultiIndex.from_tuples(list(a.index), names=index.names))
    index = index.sort_values()
    return a.reindex(index), b.reindex(index)


def _declared_lookup(
    relationships: pd.DataFrame | None,
) -> dict[tuple[str, str], tuple[Any, Any, Any]]:
    """(label, scope, key) of every declared pair, each None where not given."""
    if relationships is None:
        return {}
    out = {}
    for row in relationships.itertuples(index=False):
        pa, pb = getattr(row, PARTY_A), getattr(row, PARTY_B)
        pair = (min(pa, pb), max(pa, pb))
        given = (getattr(row, name, None) for name in (LABEL, SCOPE, RELATIONSHIP_KEY))
        label, scope, key = (None if _missing(v) else v for v in given)
        out[pair] = (
            None if label is None else str(label),
            scope,
            None if key is None else str(key),
        )
    return out


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _clean(value: Any) -> float | None:
    return None if value is None or _missing(value) else float(value)


def _side_key(party: str, about: str, wave: Any) -> tuple[Any, ...]:
    return (wave, party, about) if wave is not None else (party, about)


def _answered(key: tuple[Any, ...], t: _Tables) -> dict[str, int]:
    """Per construct the side shows, how many of its respondents answered it; empty for a
    side not shown."""
    i = t.sides.rows.get(key)
    if i is None:
        return {}
    means, counts = t.sides.mean[i].tolist(), t.sides.n[i].tolist()
    return {
        c: int(n)
        for c, n, mean in zip(t.constructs, counts, means, strict=True)
        if not math.isnan(mean)
    }


def _side_result(
    party: str,
    about: str,
    wave: Any,
    t: _Tables,
    partnering: Any,
    answered: dict[str, int] | None = None,
    interval: spread.Interval | None = None,
) -> SideResult:
    key = _side_key(party, about, wave)
    respondents = int(t.counts.get(key, 0))
    i = t.sides.rows.get(key)
    if i is None:
        return SideResult(party, about, respondents, shown=False, partnering_interval=interval)
    codes, table = t.constructs, t.sides
    agreement = dict(zip(codes, table.rwg_j[i].tolist(), strict=True))
    ci = zip(table.ci_low[i].tolist(), table.ci_high[i].tolist(), strict=True)
    return SideResult(
        party=party,
        about=about,
        respondents=respondents,
        shown=True,
        scores=dict(zip(codes, table.mean[i].tolist(), strict=True)),
        sd=dict(zip(codes, table.sd[i].tolist(), strict=True)),
        ci=dict(zip(codes, ci, strict=True)),
        agreement=agreement,
        low_agreement=tuple(c for c, v in agreement.items() if v < LOW_AGREEMENT),
        partnering_score=_clean(partnering),
        words=t.words.get(key),
        answered=_answered(key, t) if answered is None else answered,
        reliability=t.alphas.get(key, {}),
        segments=t.segments.get(key),
        partnering_interval=interval,
    )


def _relationship(key: Any, t: _Tables) -> RelationshipResult:
    wave, pa, pb = key if len(key) == 3 else (None, *key)
    label, scope, ident = t.declared.get((pa, pb), (None, None, None))
    m = t.metrics.get(key)
    if m is None:
        side_a = _side_result(pa, pb, wave, t, None)
        side_b = _side_result(pb, pa, wave, t, None)
        found = _insufficient(pa, pb, wave, label, scope, side_a, side_b, t.threshold)
        return replace(found, constructs=t.scored, key=ident)
    answered = (_answered(_side_key(pa, pb, wave), t), _answered(_side_key(pb, pa, wave), t))
    own, bounds = spread.relationship_intervals(
        t.intervals.get(key, {}), (pa, pb), answered, t.constructs
    )
    side_a = _side_result(pa, pb, wave, t, m["partnering_a"], answered[0], own[0])
    side_b = _side_result(pb, pa, wave, t, m["partnering_b"], answered[1], own[1])
    a, b, cls, threshold = t.a[key], t.b[key], t.classes[key], t.threshold
    archetype = str(cls["archetype"])
    pairs = sorted(((pa, cls["role_a"]), (pb, cls["role_b"])), key=lambda x: x[1] not in LEADS)
    roles = {p: str(r) for p, r in pairs if r}
    name_only = declares_partner(label) and archetype not in archetypes.PARTNERING_ARCHETYPES
    holder = {"a": pa, "b": pb}.get(str(m["power_holder"]))
    text = reasons.reasons(
        archetype,
        (_reason_side(side_a, a, m, "a", bounds), _reason_side(side_b, b, m, "b", bounds)),
        (str(cls["role_a"]), str(cls["role_b"])),
        power=(str(m["power_holder"]), str(m["power_basis"])),
        label=label,
        name_only=name_only,
        threshold=threshold,
        constructs=t.words_of,
    )
    return RelationshipResult(
        constructs=t.scored,
        key=ident,
        intervals=bounds,
        parties=(pa, pb),
        wave=wave,
        label=label,
        scope=scope,
        archetype=archetype,
        roles=roles,
        confidence=_clean(cls["confidence"]),
        partnering_index=_clean(m["partnering_index"]),
        name_only=name_only,
        sides=(side_a, side_b),
        gaps={c: float(a[c] - b[c]) for c in a if not np.isnan(a[c] - b[c])},
        power={
            "holder": holder,
            "basis": str(m["power_basis"]) or None,
            "gap": _clean(m["power_gap"]),
            "leverage": {pa: _clean(m["leverage_a"]), pb: _clean(m["leverage_b"])},
            "direction": {pa: _clean(m["direction_a"]), pb: _clean(m["direction_b"])},
        },
        mutual_need={
            "need": {pa: _clean(m["need_a"]), pb: _clean(m["need_b"])},
            "estimate_of_other_need": {
                pa: _clean(m["need_estimate_a"]),
                pb: _clean(m["need_estimate_b"]),
            },
            "misreading": {pa: _clean(m["misreading_a"]), pb: _clean(m["misreading_b"])},
        },
        parity={
            name: float(m[f"parity_{name}"])
            for name in dyads.PARITY_PARTS
            if not np.isnan(m[f"parity_{name}"])
        },
        reasons=tuple(text),
        contradictions=tuple(
            line
            for side, other in ((side_a, side_b), (side_b, side_a))
            if side.words is not None
            for line in contradictions(
                side.party,
                other.party,
                side.words,
                partnering_score=side.partnering_score,
                declared_partner=declares_partner(label),
                label=label,
            )
        ),
    )


def _words_by_side(
    responses: pd.DataFrame, sides: pd.Index, reader: str, threshold: int
) -> dict[Any, SideWords]:
    """The words of every shown side, when the responses carry free text; a question's
    stance counts only where at least ``threshold`` of the side wrote an answer to it."""
    if not any(c in responses.columns for c in TEXT_COLUMNS) or responses.empty:
        return {}
    keys = side_keys(responses)
    shown = _rows_of(responses, sides)
    found = words_by_side(statements_frame(shown, keys, reader), keys)
    return {key: questions_answered_by(words, threshold) for key, words in found.items()}


def _reason_side(
    side: SideResult,
    means: Mapping[str, float],
    m: Mapping[str, Any],
    which: str,
    bounds: spread.Intervals,
) -> reasons.Side:
    return reasons.Side(
        name=side.party,
        scores={str(k): float(v) for k, v in means.items()},
        respondents=side.respondents,
        low_agreement=side.low_agreement,
        partnering=float(m[f"partnering_{which}"]),
        leverage=float(m[f"leverage_{which}"]),
        named_gaps=bounds.named_gaps,
        misreads=side.party in bounds.named_misreadings,
    )


def _insufficient(
    pa: str,
    pb: str,
    wave: str | None,
    label: str | None,
    scope: str | None,
    side_a: SideResult,
    side_b: SideResult,
    threshold: int,
) -> RelationshipResult:
    text = reasons.insufficient(
        (reasons.Side(pa, {}, side_a.respondents), reasons.Side(pb, {}, side_b.respondents)),
        threshold,
    )
    return RelationshipResult(
        parties=(pa, pb),
        wave=wave,
        label=label,
        scope=scope,
        archetype=archetypes.INSUFFICIENT,
        roles={},
        confidence=None,
        partnering_index=None,
        name_only=False,
        sides=(side_a, side_b),
        gaps={},
        power={},
        mutual_need={},
        parity={},
        reasons=tuple(text),
    )
