"""Internal against external relationships, and each relationship across rounds.

**Internal vs external.** The seed expects partnering inside one company to be easier than
between independent firms (everyone is paid for the same outcome). Parity compares the
classified relationships of each scope: their mean partnering index and how many are a
partnership or developing. With at least :data:`MIN_PER_SCOPE` classified relationships in
each scope, a difference of :data:`CLEAR_DIFFERENCE` index points or more in the means is
called clear.

**Trends.** Rounds are waves of one file (ordered by their names) or an organization's
rounds in the web application (ordered by opening date). For each relationship measured in
two consecutive rounds, the partnering index and the asymmetry (docs/method.md §4) are
compared; an **early warning** is raised when the asymmetry grew by :data:`WARNING_GROWTH`
points or more, naming the part of it that grew most.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from parity.core.analysis import RelationshipResult
from parity.core.archetypes import ARCHETYPES, INSUFFICIENT, PARTNERING_ARCHETYPES
from parity.core.dyads import PARITY_CONSTRUCTS
from parity.core.translation import N_, Sentence, gettext, term
from parity.core.vocabulary import SCOPE_WORDS, construct_short

#: Classified relationships each scope needs before the two are compared.
MIN_PER_SCOPE = 2
#: A difference of mean partnering indices this large (points) is called clear.
CLEAR_DIFFERENCE = 10.0
#: Asymmetry growing by this many points between consecutive rounds raises an early warning.
WARNING_GROWTH = 10.0
#: An index moving this many points between the first and last round is called a change.
NOTABLE_CHANGE = 10.0

#: The two power parts of the asymmetry, in words; the other four are constructs, named by
#: the instrument (:func:`part_words`).
POWER_PARTS: Mapping[str, Sentence] = {
    "leverage": term(N_("power through alternatives")),
    "direction": term(N_("power through direction")),
}

#: A relationship's scope in words, where a sentence compares the two.

#: What a relationship "now reads as" in an early warning: its archetype's code in words.
_READS_AS: Mapping[str, Sentence] = {
    "partnership": term(N_("partnership")),
    "developing": term(N_("developing")),
    "customer_supplier": term(N_("customer–supplier")),
    "master_servant": term(N_("master–servant")),
    "adversarial": term(N_("adversarial")),
    "detached": term(N_("detached")),
}


def part_words(part: str) -> Sentence:
    """One of the six parts of the asymmetry, in words (shown in the reader's language)."""
    return POWER_PARTS.get(part) or construct_short(part)


Verdict = Literal["easier_inside", "easier_outside", "no_clear_difference", "too_few"]


@dataclass(frozen=True)
class ScopeSummary:
    """One scope's relationships: how many, how many classified, and how well they partner."""

    scope: str
    relationships: int
    classified: int
    mean_index: float | None
    partnering: int
    name_only: int
    archetypes: Mapping[str, int] = field(default_factory=dict)

    @property
    def partnering_share(self) -> float | None:
        return self.partnering / self.classified if self.classified else None


@dataclass(frozen=True)
class ScopeComparison:
    internal: ScopeSummary
    external: ScopeSummary
    verdict: Verdict
    #: The verdict in words, kept with the view and shown in the reader's language.
    sentence: Sentence

    @property
    def difference(self) -> float | None:
        a, b = self.internal.mean_index, self.external.mean_index
        return None if a is None or b is None else a - b


def _summary(scope: str, rels: Sequence[RelationshipResult]) -> ScopeSummary:
    classified = [r for r in rels if r.archetype != INSUFFICIENT]
    indices = [r.partnering_index for r in classified if r.partnering_index is not None]
    counts = {a: sum(r.archetype == a for r in classified) for a in ARCHETYPES}
    return ScopeSummary(
        scope=scope,
        relationships=len(rels),
        classified=len(classified),
        mean_index=sum(indices) / len(indices) if indices else None,
        partnering=sum(r.archetype in PARTNERING_ARCHETYPES for r in classified),
        name_only=sum(r.name_only for r in classified),
        archetypes={a: n for a, n in counts.items() if n},
    )


def compare_scopes(relationships: Sequence[RelationshipResult]) -> ScopeComparison | None:
    """Internal against external (one round's relationships); None when no relationship has
    a scope."""
    if not any(r.scope in ("internal", "external") for r in relationships):
        return None
    inside = _summary("internal", [r for r in relationships if r.scope == "internal"])
    outside = _summary("external", [r for r in relationships if r.scope == "external"])
    verdict, sentence = _verdict(inside, outside)
    return ScopeComparison(inside, outside, verdict, sentence)


def _figures(inside: ScopeSummary, outside: ScopeSummary) -> Sentence:
    def part(s: ScopeSummary) -> Sentence:
        return Sentence(
            N_("{scope}: mean index {mean}, {partnering} of {classified} partnering"),
            scope=SCOPE_WORDS.get(s.scope) or term(s.scope),
            mean="–" if s.mean_index is None else f"{s.mean_index:.0f}",
            partnering=s.partnering,
            classified=s.classified,
        )

    # The semicolon is the same in every language: the pattern is not in the catalog.
    return Sentence("{inside}; {outside}", inside=part(inside), outside=part(outside))


def _verdict(inside: ScopeSummary, outside: ScopeSummary) -> tuple[Verdict, Sentence]:
    figures = _figures(inside, outside)
    if (
        min(inside.classified, outside.classified) < MIN_PER_SCOPE
        or inside.mean_index is None
        or outside.mean_index is None
    ):
        return "too_few", Sentence(
            N_(
                "Too few classified relationships to compare internal with external (at least "
                "{minimum} of each are needed; {figures})."
            ),
            minimum=MIN_PER_SCOPE,
            figures=figures,
        )
    difference = inside.mean_index - outside.mean_index
    if difference >= CLEAR_DIFFERENCE:
        return "easier_inside", Sentence(
            N_(
                "Yes: partnering is easier inside this organization, as the seed expects "
                "({figures})."
            ),
            figures=figures,
        )
    if difference <= -CLEAR_DIFFERENCE:
        return "easier_outside", Sentence(
            N_(
                "No: here the relationships with outside firms partner better than those "
                "between departments, against the seed's expectation that partnering inside "
                "one company is easier ({figures})."
            ),
            figures=figures,
        )
    return "no_clear_difference", Sentence(
        N_(
            "Not clearly: internal and external relationships partner about as well as each "
            "other ({figures}), although everyone inside is paid for the same outcome."
        ),
        figures=figures,
    )


# --- Trends -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One relationship in one round."""

    round: str
    archetype: str
    partnering_index: float | None
    asymmetry: float | None
    parts: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class EarlyWarning:
    parties: tuple[str, str]
    before: Point
    after: Point
    driver: str
    #: The warning in words, kept with the trends and shown in the reader's language.
    sentence: Sentence

    @property
    def growth(self) -> float:
        return (self.after.asymmetry or 0.0) - (self.before.asymmetry or 0.0)


@dataclass(frozen=True)
class Trend:
    parties: tuple[str, str]
    points: tuple[Point, ...]

    @property
    def index_change(self) -> float | None:
        """Last index minus first, over the rounds that give one."""
        values = [p.partnering_index for p in self.points if p.partnering_index is not None]
        return values[-1] - values[0] if len(values) >= 2 else None


@dataclass(frozen=True)
class Trends:
    rounds: tuple[str, ...]
    relationships: tuple[Trend, ...]
    warnings: tuple[EarlyWarning, ...]

    @property
    def sentences(self) -> tuple[str, ...]:
        """What the trends say, in the current language (made when shown)."""
        changes = [t.index_change for t in self.relationships if t.index_change is not None]
        head = gettext(
            "{relationships} relationships have a partnering index in more than one round "
            "({first} to {last}): {up} rose and {down} fell by {points} points or more."
        ).format(
            relationships=len(changes),
            first=self.rounds[0],
            last=self.rounds[-1],
            up=sum(c >= NOTABLE_CHANGE for c in changes),
            down=sum(c <= -NOTABLE_CHANGE for c in changes),
            points=f"{NOTABLE_CHANGE:.0f}",
        )
        if not self.warnings:
            calm = gettext(
                "No early warning: no relationship's asymmetry grew by {points} points or more "
                "between two rounds."
            ).format(points=f"{WARNING_GROWTH:.0f}")
            return (head, calm)
        return (head, *(str(w.sentence) for w in self.warnings))


def asymmetry_parts(rel: RelationshipResult) -> dict[str, float] | None:
    """The six absolute differences the asymmetry averages (docs/method.md §4), or None when
    the relationship has no classification."""
    if rel.archetype == INSUFFICIENT or not rel.power:
        return None
    parts: dict[str, float] = {}
    for code in PARITY_CONSTRUCTS:
        gap = rel.gaps.get(code)
        if gap is None or math.isnan(gap):
            return None
        parts[code] = abs(float(gap))
    for name in POWER_PARTS:
        values = [rel.power.get(name, {}).get(p) for p in rel.parties]
        if any(v is None or math.isnan(v) for v in values):
            return None
        parts[name] = abs(float(values[0]) - float(values[1]))
    return parts


def point(round_name: str, rel: RelationshipResult) -> Point:
    parts = asymmetry_parts(rel)
    return Point(
        round=round_name,
        archetype=rel.archetype,
        partnering_index=rel.partnering_index,
        asymmetry=None if parts is None else sum(parts.values()) / len(parts),
        parts=parts or {},
    )


def by_wave(
    relationships: Sequence[RelationshipResult],
) -> list[tuple[str, tuple[RelationshipResult, ...]]]:
    """One analysis's relationships per wave, in wave order (empty without waves)."""
    waves = sorted({str(r.wave) for r in relationships if r.wave is not None})
    return [(w, tuple(r for r in relationships if str(r.wave) == w)) for w in waves]


def trends(rounds: Sequence[tuple[str, Sequence[RelationshipResult]]]) -> Trends | None:
    """Each relationship across ``rounds`` (name, relationships), oldest first; None with
    fewer than two rounds."""
    if len(rounds) < 2:
        return None
    series: dict[tuple[str, str], list[Point]] = {}
    for name, rels in rounds:
        for rel in rels:
            series.setdefault(rel.parties, []).append(point(name, rel))
    out = tuple(
        Trend(parties, tuple(points))
        for parties, points in sorted(series.items())
        if len(points) >= 2
    )
    warnings = [w for t in out for w in _warnings(t)]
    warnings.sort(key=lambda w: (-w.growth, w.parties))
    return Trends(tuple(name for name, _ in rounds), out, tuple(warnings))


def _warnings(trend: Trend) -> list[EarlyWarning]:
    out = []
    for before, after in zip(trend.points, trend.points[1:], strict=False):
        if before.asymmetry is None or after.asymmetry is None:
            continue
        if after.asymmetry - before.asymmetry < WARNING_GROWTH:
            continue
        driver = max(after.parts, key=lambda k: (after.parts[k] - before.parts[k], k))
        out.append(
            EarlyWarning(
                trend.parties, before, after, driver, _warning(trend, before, after, driver)
            )
        )
    return out


def _warning(trend: Trend, before: Point, after: Point, driver: str) -> Sentence:
    a, b = trend.parties
    assert before.asymmetry is not None
    assert after.asymmetry is not None
    index = term("")
    if before.partnering_index is not None and after.partnering_index is not None:
        index = Sentence(
            N_("; the partnering index went from {before} to {after}"),
            before=f"{before.partnering_index:.0f}",
            after=f"{after.partnering_index:.0f}",
        )
    moved = term("")
    if before.archetype != after.archetype:
        moved = Sentence(
            N_(", and it now reads as {archetype}"),
            archetype=_READS_AS.get(after.archetype) or term(after.archetype.replace("_", "–")),
        )
    return Sentence(
        N_(
            "Early warning, {a} – {b}: the asymmetry grew from {before} to {after} points "
            "between {first_round} and {second_round}, most in {part} ({part_before} → "
            "{part_after}){index}{moved}. Talk with both sides before the imbalance sets."
        ),
        a=a,
        b=b,
        before=f"{before.asymmetry:.0f}",
        after=f"{after.asymmetry:.0f}",
        first_round=before.round,
        second_round=after.round,
        part=part_words(driver),
        part_before=f"{before.parts[driver]:.0f}",
        part_after=f"{after.parts[driver]:.0f}",
        index=index,
        moved=moved,
    )
