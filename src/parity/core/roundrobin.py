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
from parity.core.instrument import Construct, default_instrument
from parity.core.network import listed_names
from parity.core.schema import ABOUT, PARTY, WAVE
from parity.core.srm import COMPONENTS, SRMResult, srm_each
from parity.core.translation import N_, Sentence, term

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
PARTNERING_WORDS = N_("the partnering score")
PARTNERING_GLOSS = N_("all the partnering constructs together")


def _english_words(code: str) -> Construct:
    """The construct's English words, as TPI-1's instrument file has them (a code it does not
    know is its own name)."""
    found = default_instrument().constructs.get(code)
    return found or Construct(code, code, code, code, code, code.lower())


def construct_words(code: str) -> Sentence:
    """The construct as a sentence names it, the partnering score included: in English where
    it is kept, in the reader's language where it is shown."""
    return term(PARTNERING_WORDS if code == PARTNERING_CODE else _english_words(code).short)


def construct_gloss(code: str) -> Sentence:
    """The construct in the rating party's own voice ("we trust them"), shown like
    :func:`construct_words`."""
    return term(PARTNERING_GLOSS if code == PARTNERING_CODE else _english_words(code).gloss)


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
    def words(self) -> Sentence:
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
    def headline(self) -> Sentence:
        """Who is in the round robin and how much of it was rated (always four parties or
        more, so the plural fits)."""
        return Sentence(
            N_(
                "{count} parties rated each other ({parties}): {ratings} of the {possible} "
                "possible ratings ({share}), enough to tell how a party rates everyone from how "
                "everyone rates it."
            ),
            count=len(self.members),
            parties=listed_names(self.members),
            ratings=self.ratings,
            possible=self.possible,
            share=_percent(self.coverage),
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


def _percent(share: float) -> Sentence:
    """ "40%" (German "40 %"), rounded as the English sentences always were."""
    return Sentence(N_("{number}%"), number=f"{share:.0%}".removesuffix("%"))


def _points(effect: float) -> Sentence:
    """A signed effect in points: "+18 points", "−21 points" (a true minus sign)."""
    return Sentence(N_("{points} points"), points=f"{effect:+.0f}".replace("-", "−"))


def _construct_phrase(construct: str) -> Sentence:
    """The construct with its gloss: "trust (‘we trust them’)"."""
    return Sentence(
        N_("{construct} (‘{gloss}’)"),
        construct=construct_words(construct),
        gloss=construct_gloss(construct),
    )


#: The first half of an effect's sentence, by kind and by whether the effect is high.
_EFFECT_HEADS = {
    ("perceiver", True): N_(
        "{party} rates everyone high on {construct}: perceiver effect {points}."
    ),
    ("perceiver", False): N_(
        "{party} rates everyone low on {construct}: perceiver effect {points}."
    ),
    ("target", True): N_("Everyone rates {party} high on {construct}: target effect {points}."),
    ("target", False): N_("Everyone rates {party} low on {construct}: target effect {points}."),
}

#: What to make of an effect, by kind and by whether it is unfavourable (-1), favourable (+1)
#: or neither (0) for partnering.
_EFFECT_ADVICE = {
    ("perceiver", -1): N_("Look at {party}'s own stance before blaming its partners."),
    ("perceiver", 1): N_(
        "{party} sees all its relationships this way; check that its partners agree."
    ),
    ("perceiver", 0): N_("A habit of {party}'s, whoever it rates."),
    ("target", -1): N_(
        "The others agree on this, so it is about how {party} works with everyone, not about "
        "one relationship."
    ),
    ("target", 1): N_("A strength the others all see in {party}."),
    ("target", 0): N_("Something the others all see in {party}."),
}

#: A relationship effect's sentence, by whether the pair's rating is higher than predicted.
_PAIR_SENTENCES = {
    True: N_(
        "{rater} rates {rated} higher on {construct} than either party's habits predict: "
        "relationship effect {points}. This is about the pair in particular."
    ),
    False: N_(
        "{rater} rates {rated} lower on {construct} than either party's habits predict: "
        "relationship effect {points}. This is about the pair in particular."
    ),
}


def effect_sentence(kind: str, party: str, construct: str, effect: float) -> Sentence:
    """The plain-language sentence for a perceiver or target effect: what it is, then what
    to make of it. Kept in English with the round robin and shown in the reader's language."""
    side = "perceiver" if kind == "perceiver" else "target"
    good = favourable(construct) * (1 if effect > 0 else -1)
    head = Sentence(
        _EFFECT_HEADS[(side, effect > 0)],
        party=party,
        construct=_construct_phrase(construct),
        points=_points(effect),
    )
    advice = Sentence(_EFFECT_ADVICE[(side, good)], party=party)
    return Sentence("{head} {advice}", head=head, advice=advice)


def pair_sentence(rater: str, rated: str, construct: str, effect: float) -> Sentence:
    """The sentence for a relationship effect: this pair in particular."""
    return Sentence(
        _PAIR_SENTENCES[effect > 0],
        rater=rater,
        rated=rated,
        construct=_construct_phrase(construct),
        points=_points(effect),
    )


#: Where the differences on a construct mostly lie, by the largest share.
_SHARE_SENTENCES = {
    "perceiver": N_("On {construct}, the differences lie mostly in who rates ({detail})."),
    "target": N_("On {construct}, the differences lie mostly in who is rated ({detail})."),
    "relationship": N_(
        "On {construct}, the differences lie mostly in the particular pair ({detail})."
    ),
}

#: The SRM's components as the detail of :func:`share_sentence` names them.
_COMPONENT_WORDS = {
    "perceiver": N_("perceiver"),
    "target": N_("target"),
    "relationship": N_("relationship"),
}


def share_sentence(result: ConstructSRM) -> Sentence:
    """Where the differences on one construct lie, in one sentence."""
    parts = {k: v for k, v in result.shares.items() if v is not None and v > 0}
    if not parts:
        return Sentence(
            N_("On {construct}, the round robin shows no differences to take apart."),
            construct=result.words,
        )
    largest = max(parts, key=lambda k: parts[k])
    shares = {
        f"s{i}": Sentence(
            "{component} {share}",
            component=term(_COMPONENT_WORDS.get(name, name)),
            share=_percent(share),
        )
        for i, (name, share) in enumerate(parts.items())
    }
    detail = Sentence(", ".join("{" + field + "}" for field in shares), **shares)
    return Sentence(_SHARE_SENTENCES[largest], construct=result.words, detail=detail)
