"""Parity's own round robin: the Social Relations Model on the parties' ratings of each other.

When many parties of one organization rate each other with the TPI-1, a side's score mixes
three things: how the rating party rates *everyone* (its perceiver effect), how *everyone*
rates the rated party (its target effect), and what is special about this pair. The SRM
(:mod:`parity.core.srm`) takes them apart; this module decides when the data allow it, runs it
per construct on the side means, and says in words which effects are large enough to name.

**When the data allow it.** A round robin is a set of at least :data:`MIN_PARTIES` parties in
which every party rated, and was rated by, at least :data:`MIN_SHARE` of the others (sides
below the anonymity threshold do not count: they have no scores). It is found by leaving out,
one at a time, the party with the smallest share (then the fewest ratings, then the name),
until everybody left meets the rule or fewer than four are left. Each wave is looked at on
its own.

**What is named.** A perceiver or target effect when, on that construct, its variance is
present (the SRM does not set it to missing), the reliability of such effects is at least
:data:`MIN_RELIABILITY` and the effect is at least :data:`MIN_EFFECT` points (0-100) away from
zero; the :data:`MAX_FINDINGS` largest are named. A pair's relationship effect is named when
it is at least :data:`MIN_PAIR_EFFECT` points; the largest of each pair, for at most
:data:`MAX_PAIR_FINDINGS` pairs.
``docs/method.md`` ("The whole organization") has the formulas.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from parity.core.dyads import COUNTER, PARTNERING, partnering_score
from parity.core.schema import ABOUT, PARTY, WAVE
from parity.core.srm import COMPONENTS, SRMResult, srm_each
from parity.core.vocabulary import construct as words_of

#: Fewer parties and the SRM's formulas divide by zero (its own minimum).
MIN_PARTIES = 4
#: Every member rated, and was rated by, at least this share of the other members.
MIN_SHARE = 2 / 3
#: A perceiver or target effect smaller than this (points on 0-100; one answer step on the
#: 1-7 scale is 16.7 points) is not named.
MIN_EFFECT = 15.0
#: Effects of a construct whose reliability is below this are mostly noise: not named.
MIN_RELIABILITY = 0.5
#: At most this many perceiver and target effects are named, the largest first.
MAX_FINDINGS = 6
#: A relationship effect (this pair in particular) smaller than this is not named.
MIN_PAIR_EFFECT = 20.0
#: Relationship effects are named for at most this many pairs (the largest effect of each).
MAX_PAIR_FINDINGS = 3
#: The side's partnering score (docs/method.md §4) is analysed as one more "construct".
PARTNERING_CODE = "P"

Kind = Literal["perceiver", "target", "relationship"]

#: The partnering score's words, beside the constructs' own (from the instrument file).
PARTNERING_WORDS = "the partnering score"
PARTNERING_GLOSS = "all the partnering constructs together"


def construct_words(code: str) -> str:
    """The construct as a sentence names it, the partnering score included."""
    return PARTNERING_WORDS if code == PARTNERING_CODE else words_of(code).short


def construct_gloss(code: str) -> str:
    """The construct in the rating party's own voice ("we trust them")."""
    return PARTNERING_GLOSS if code == PARTNERING_CODE else words_of(code).gloss


def favourable(construct: str) -> int:
    """+1 where a high score is a partnering signal, -1 where it works against partnering,
    0 where it is neither (their need as seen, transactional)."""
    if construct in PARTNERING or construct == PARTNERING_CODE:
        return 1
    return -1 if construct in COUNTER else 0


@dataclass(frozen=True)
class ConstructSRM:
    """The SRM of one construct over the round robin's members.

    ``shares`` are the standardized variances (``perceiver``, ``target``, ``relationship``;
    they add up to 1 over the components present); ``generalized_reciprocity`` and
    ``dyadic_reciprocity`` are the two correlations; effects are in points (0-100) and are
    empty for a component whose variance the SRM found absent.
    """

    construct: str
    shares: Mapping[str, float | None]
    generalized_reciprocity: float | None
    dyadic_reciprocity: float | None
    reliability: Mapping[str, float | None]
    perceiver_effects: Mapping[str, float]
    target_effects: Mapping[str, float]
    relationship_effects: Mapping[tuple[str, str], float]
    warnings: tuple[str, ...] = ()

    @property
    def words(self) -> str:
        return construct_words(self.construct)


@dataclass(frozen=True)
class Finding:
    """One effect worth a sentence. ``other`` is the rated party of a relationship effect."""

    kind: Kind
    party: str
    construct: str
    effect: float
    sentence: str
    other: str | None = None
    reliability: float | None = None


@dataclass(frozen=True)
class RoundRobin:
    """The round robin of one wave: who is in it and what the SRM finds."""

    wave: str | None
    members: tuple[str, ...]
    left_out: tuple[str, ...]
    ratings: int
    constructs: tuple[ConstructSRM, ...]
    findings: tuple[Finding, ...]
    pair_findings: tuple[Finding, ...]

    @property
    def possible(self) -> int:
        n = len(self.members)
        return n * (n - 1)

    @property
    def coverage(self) -> float:
        return self.ratings / self.possible

    @property
    def headline(self) -> str:
        names = _join(self.members)
        return (
            f"{len(self.members)} parties rated each other ({names}): {self.ratings} of the "
            f"{self.possible} possible ratings ({self.coverage:.0%}), enough to tell how a party "
            "rates everyone from how everyone rates it."
        )

    def construct(self, code: str) -> ConstructSRM | None:
        return next((c for c in self.constructs if c.construct == code), None)

    @property
    def warnings(self) -> tuple[str, ...]:
        """The SRM's warnings (too many missing ratings), each once."""
        return tuple(dict.fromkeys(w for c in self.constructs for w in c.warnings))


def members_of(pairs: Iterable[tuple[str, str]]) -> tuple[str, ...] | None:
    """The round robin's members among the rated pairs ``(rater, rated)``, or None.

    Leaves out, one at a time, the party with the smallest share of ratings given or received
    (ties: fewer ratings in all, then the name), until every party left rated and was rated by
    at least :data:`MIN_SHARE` of the others; None when fewer than :data:`MIN_PARTIES` are left.
    """
    directed = {(str(a), str(b)) for a, b in pairs if a != b}
    members = {a for a, _ in directed} & {b for _, b in directed}
    while len(members) >= MIN_PARTIES:
        worst = min(_weakness(members, directed))
        if worst[0] >= MIN_SHARE - 1e-12:
            return tuple(sorted(members))
        members.discard(worst[2])
    return None


def _weakness(members: set[str], directed: set[tuple[str, str]]) -> list[tuple[float, int, str]]:
    """Per member: the smaller of its shares of ratings given and received, its number of
    ratings, and its name (the order in which members are left out)."""
    given = dict.fromkeys(members, 0)
    received = dict.fromkeys(members, 0)
    for rater, rated in directed:
        if rater in members and rated in members:
            given[rater] += 1
            received[rated] += 1
    others = len(members) - 1
    return [(min(given[p], received[p]) / others, given[p] + received[p], p) for p in members]


def side_means(analysis_side_scores: pd.DataFrame) -> pd.DataFrame:
    """Construct means per side (index (wave,) party, about) plus the partnering score."""
    if analysis_side_scores.empty:
        return pd.DataFrame()
    means = pd.DataFrame(analysis_side_scores.xs("mean", axis=1, level=1))
    if set(PARTNERING) | set(COUNTER) <= set(means.columns):
        means[PARTNERING_CODE] = partnering_score(means)
    return means


def round_robins(side_scores: pd.DataFrame) -> tuple[RoundRobin, ...]:
    """The round robin of every wave whose data allow one (``Analysis.side_scores``: only the
    sides at or above the anonymity threshold), in wave order."""
    means = side_means(side_scores)
    if means.empty:
        return ()
    if WAVE in means.index.names:
        out = []
        for wave in sorted(means.index.get_level_values(WAVE).unique(), key=str):
            found = round_robin(pd.DataFrame(means.xs(wave, level=WAVE)), wave=str(wave))
            if found is not None:
                out.append(found)
        return tuple(out)
    found = round_robin(means)
    return () if found is None else (found,)


def round_robin(means: pd.DataFrame, *, wave: str | None = None) -> RoundRobin | None:
    """The SRM of every construct over the round robin in ``means`` (index party, about; one
    column per construct, 0-100), or None when the data do not form a round robin."""
    pairs = [(str(p), str(a)) for p, a in means.index]
    members = members_of(pairs)
    if members is None:
        return None
    inside = set(members)
    long = means.reset_index()
    long = long[long[PARTY].isin(inside) & long[ABOUT].isin(inside) & (long[PARTY] != long[ABOUT])]
    results = _construct_srms(long, [str(code) for code in means.columns])
    findings = findings_of(results)
    return RoundRobin(
        wave=wave,
        members=members,
        left_out=tuple(sorted({p for pair in pairs for p in pair} - inside)),
        ratings=len(long),
        constructs=results,
        findings=findings,
        pair_findings=_pair_findings(results),
    )


def _number(value: Any) -> float | None:
    number = float(value)
    return None if math.isnan(number) else number


def _construct_srms(long: pd.DataFrame, codes: list[str]) -> tuple[ConstructSRM, ...]:
    """The SRM of each construct of ``codes`` that varies over at least :data:`MIN_PARTIES`
    ratings and that the SRM can fit, in the order of ``codes``: one fit per construct, with
    the ratings checked and their parties coded once for all of them."""
    fitted = [
        code
        for code in codes
        if long[code].notna().sum() >= MIN_PARTIES and long[code].nunique() >= 2
    ]
    if not fitted:
        return ()
    data = long[[PARTY, ABOUT, *fitted]]
    try:
        with np.errstate(all="ignore"):
            fits = srm_each(data, perceiver=PARTY, target=ABOUT, values=fitted)
    except ValueError:
        return ()
    return tuple(_summary(code, fit) for code in fitted if isinstance(fit := fits[code], SRMResult))


def _effects(fit: SRMResult, role: str) -> dict[str, float]:
    values = fit.effects[role].to_numpy(dtype=np.float64)
    keep = ~np.isnan(values)
    ids = fit.effects["id"].to_numpy()[keep].tolist()
    return dict(zip(map(str, ids), values[keep].tolist(), strict=True))


def _relationship_effects(fit: SRMResult) -> dict[tuple[str, str], float]:
    frame = fit.relationship_effects
    values = frame["relationship"].to_numpy(dtype=np.float64)
    keep = ~np.isnan(values)
    raters = map(str, frame["perceiver"].to_numpy()[keep].tolist())
    rated = map(str, frame["target"].to_numpy()[keep].tolist())
    return dict(zip(zip(raters, rated, strict=True), values[keep].tolist(), strict=True))


#: Where each of the SRM's components is in its results' rows.
_ROW = {name: row for row, name in enumerate(COMPONENTS)}


def _summary(code: str, fit: SRMResult) -> ConstructSRM:
    std = fit.components["standardized"].to_numpy(dtype=np.float64)
    return ConstructSRM(
        construct=code,
        shares={
            "perceiver": _number(std[_ROW["perceiver_variance"]]),
            "target": _number(std[_ROW["target_variance"]]),
            "relationship": _number(std[_ROW["relationship_variance"]]),
        },
        generalized_reciprocity=_number(std[_ROW["perceiver_target_covariance"]]),
        dyadic_reciprocity=_number(std[_ROW["relationship_covariance"]]),
        reliability={
            "perceiver": _number(fit.reliability.perceiver),
            "target": _number(fit.reliability.target),
        },
        perceiver_effects=_effects(fit, "perceiver"),
        target_effects=_effects(fit, "target"),
        relationship_effects=_relationship_effects(fit),
        warnings=fit.warnings,
    )


def findings_of(results: tuple[ConstructSRM, ...]) -> tuple[Finding, ...]:
    """The perceiver and target effects worth naming (the rules in the module's docstring)."""
    candidates: list[Finding] = []
    for c in results:
        for kind, effects in (("perceiver", c.perceiver_effects), ("target", c.target_effects)):
            reliability = c.reliability.get(kind)
            if reliability is None or reliability < MIN_RELIABILITY:
                continue
            for party, effect in effects.items():
                if abs(effect) >= MIN_EFFECT:
                    candidates.append(
                        Finding(
                            kind="perceiver" if kind == "perceiver" else "target",
                            party=party,
                            construct=c.construct,
                            effect=effect,
                            sentence=effect_sentence(kind, party, c.construct, effect),
                            reliability=reliability,
                        )
                    )
    candidates.sort(key=lambda f: (-abs(f.effect), f.kind, f.party, f.construct))
    return tuple(candidates[:MAX_FINDINGS])


def _pair_findings(results: tuple[ConstructSRM, ...]) -> tuple[Finding, ...]:
    candidates = sorted(
        (-abs(effect), rater, rated, c.construct, effect)
        for c in results
        if c.construct != PARTNERING_CODE
        for (rater, rated), effect in c.relationship_effects.items()
        if abs(effect) >= MIN_PAIR_EFFECT
    )
    named: list[Finding] = []
    pairs: set[frozenset[str]] = set()
    for _, rater, rated, construct, effect in candidates:
        pair = frozenset((rater, rated))
        if pair in pairs:
            continue
        pairs.add(pair)
        named.append(
            Finding(
                kind="relationship",
                party=rater,
                other=rated,
                construct=construct,
                effect=effect,
                sentence=pair_sentence(rater, rated, construct, effect),
            )
        )
        if len(named) == MAX_PAIR_FINDINGS:
            break
    return tuple(named)


def _points(effect: float) -> str:
    return f"{effect:+.0f}".replace("-", "−") + " points"


def _construct_phrase(construct: str) -> str:
    return f"{construct_words(construct)} (‘{construct_gloss(construct)}’)"


def effect_sentence(kind: str, party: str, construct: str, effect: float) -> str:
    """The plain-language sentence for a perceiver or target effect."""
    level = "high" if effect > 0 else "low"
    phrase = _construct_phrase(construct)
    good = favourable(construct) * (1 if effect > 0 else -1)
    if kind == "perceiver":
        head = f"{party} rates everyone {level} on {phrase}: perceiver effect {_points(effect)}."
        if good < 0:
            advice = f"Look at {party}'s own stance before blaming its partners."
        elif good > 0:
            advice = f"{party} sees all its relationships this way; check that its partners agree."
        else:
            advice = f"A habit of {party}'s, whoever it rates."
        return f"{head} {advice}"
    head = f"Everyone rates {party} {level} on {phrase}: target effect {_points(effect)}."
    if good < 0:
        advice = (
            f"The others agree on this, so it is about how {party} works with everyone, "
            "not about one relationship."
        )
    elif good > 0:
        advice = f"A strength the others all see in {party}."
    else:
        advice = f"Something the others all see in {party}."
    return f"{head} {advice}"


def pair_sentence(rater: str, rated: str, construct: str, effect: float) -> str:
    """The sentence for a relationship effect: this pair in particular."""
    direction = "higher" if effect > 0 else "lower"
    return (
        f"{rater} rates {rated} {direction} on {_construct_phrase(construct)} than either party's "
        f"habits predict: relationship effect {_points(effect)}. This is about the pair in "
        "particular."
    )


def share_sentence(result: ConstructSRM) -> str:
    """Where the differences on one construct lie, in one sentence."""
    parts = {k: v for k, v in result.shares.items() if v is not None and v > 0}
    if not parts:
        return f"On {result.words}, the round robin shows no differences to take apart."
    where = {
        "perceiver": "who rates",
        "target": "who is rated",
        "relationship": "the particular pair",
    }
    largest = max(parts, key=lambda k: parts[k])
    detail = ", ".join(f"{name} {share:.0%}" for name, share in parts.items())
    return f"On {result.words}, the differences lie mostly in {where[largest]} ({detail})."


def _join(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
