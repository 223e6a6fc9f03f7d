"""Segments: one side's respondents grouped by role, level, location or tenure.

A side is read as one voice, its mean. When its members disagree (HR business partners rate
their voice high, HR administrators low) the mean is a voice nobody has. Respondents may carry
attributes (:data:`~parity.core.schema.SEGMENT_COLUMNS`); per side, per attribute, per value,
this module gives the construct means and their n, within the anonymity rules of
:mod:`parity.core.policy`:

- a value's segment is shown only when it has at least the score threshold of respondents and
  so has the rest of the side (:func:`~parity.core.policy.segment_shown`): otherwise the rest
  would follow from the side's and the segment's numbers by subtraction;
- values below the threshold are pooled into :data:`OTHER`, which must pass the same rule, or
  the attribute is not shown for the side (the small values would be the side less the shown
  ones);
- attributes are taken in the order of ``SEGMENT_COLUMNS``, each only if every cell of its
  crossing with those already shown has at least the threshold
  (:func:`~parity.core.policy.cells_shown`): senior staff less business partners is then no
  small group's score;
- a construct is shown for an attribute only if the same holds among the respondents who
  answered it, as a side's construct is (:func:`~parity.core.policy.measure_shown`).

A side is *split* on an attribute when two of its shown segments differ on a construct by at
least :data:`SPLIT_POINTS` with the difference's 95% Welch interval excluding 0
(docs/method.md §2b).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import pandas as pd

from parity.core.instrument import Construct, Instrument
from parity.core.policy import cells_shown, segment_shown
from parity.core.schema import SEGMENT_COLUMNS, TENURE, TENURE_BANDS
from parity.core.scoring import answered_mask, respondent_scores, side_codes

#: Two segments of a side this many points apart (0-100) on a construct, with the interval
#: of the difference excluding 0, split the side: a fifth of the scale, beyond the 15 points
#: that make a gap between the two sides of a relationship a real difference (docs/method.md §4),
#: because a side offers many pairs of segments and constructs to compare.
SPLIT_POINTS = 20.0
#: The level of the difference's interval.
SPLIT_LEVEL = 0.95
#: The pooled segment of the values each held by fewer than the threshold. A value written
#: "other" in the file (any case) is pooled with them: it means the same.
OTHER = "other"
#: The value of a respondent who left the attribute empty: a group like any other, since the
#: side less everyone who gave a value is a group too.
NOT_GIVEN = "not given"
#: How a tenure band reads in a sentence.
TENURE_WORDS = dict(
    zip(TENURE_BANDS, ("under 1 year", "1–3 years", "3–10 years", "10 years or more"), strict=True)
)


@dataclass(frozen=True)
class Segment:
    """The respondents of a side with one value of an attribute (or :data:`OTHER`)."""

    value: str
    respondents: int
    #: Mean 0-100 of each construct shown for the attribute, over the segment's answerers.
    scores: Mapping[str, float] = field(default_factory=dict)
    answered: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class AttributeSegments:
    """One attribute's segments of a side, largest first, :data:`OTHER` last."""

    attribute: str
    segments: tuple[Segment, ...]
    #: The smallest cell (respondents) of this attribute crossed with the attributes shown
    #: before it, and per construct shown the smallest among its answerers: what a stricter
    #: threshold is checked against (:func:`shown_under`).
    smallest: int
    smallest_answered: Mapping[str, int] = field(default_factory=dict)

    @property
    def constructs(self) -> tuple[str, ...]:
        return tuple(self.smallest_answered)


@dataclass(frozen=True)
class Split:
    """Two segments of a side far apart on a construct: ``high`` rates it higher than ``low``."""

    attribute: str
    construct: str
    high: str
    low: str
    scores: tuple[float, float]
    difference: float
    ci: tuple[float, float]


@dataclass(frozen=True)
class SideSegments:
    """A side's segments: the attributes shown, those the side's respondents gave but that
    may not be shown, and the splits found."""

    attributes: tuple[AttributeSegments, ...] = ()
    withheld: tuple[str, ...] = ()
    splits: tuple[Split, ...] = ()

    def of(self, attribute: str) -> AttributeSegments | None:
        return next((a for a in self.attributes if a.attribute == attribute), None)


def by_side(
    responses: pd.DataFrame, instrument: Instrument, sides: pd.Index, threshold: int
) -> dict[Hashable, SideSegments]:
    """Per side in ``sides`` (keys as :func:`~parity.core.scoring.side_codes` gives them) whose
    respondents gave any attribute, its segments. The respondents are the side's anonymity
    count: those who answered a rated item, after the respondent screen (the caller's rows)."""
    present = [c for c in SEGMENT_COLUMNS if c in responses.columns]
    if not present or responses.empty:
        return {}
    codes, all_sides = side_codes(responses)
    answered = answered_mask(responses, instrument).to_numpy()
    scores = _Answers.of(respondent_scores(responses, instrument))
    values = {c: _cells(responses[c]) for c in present}
    order = np.argsort(codes, kind="stable")
    ends = np.cumsum(np.bincount(codes, minlength=len(all_sides)))
    out: dict[Hashable, SideSegments] = {}
    for i in np.flatnonzero(np.asarray(all_sides.isin(sides))).tolist():
        rows = order[(ends[i - 1] if i else 0) : ends[i]]
        rows = rows[answered[rows]]
        found = _segments({c: v[rows] for c, v in values.items()}, scores.rows(rows), threshold)
        if found is not None:
            out[all_sides[i]] = found
    return out


def _cells(column: pd.Series) -> np.ndarray:
    """An attribute's values as text, :data:`NOT_GIVEN` where empty, "other" pooled; each
    distinct value is cleaned once (a column holds few)."""
    codes, distinct = pd.factorize(column)
    words = [str(v).strip() for v in distinct]
    labels = [OTHER if w.casefold() == OTHER else w or NOT_GIVEN for w in words]
    return np.asarray([*labels, NOT_GIVEN], dtype=object)[codes]


def side_segments(
    attributes: Mapping[str, np.ndarray], scores: pd.DataFrame, threshold: int
) -> SideSegments | None:
    """One side's segments from its respondents' attribute values (in the order to try them)
    and construct scores (0-100, NaN where not answered); ``None`` if no one gave any."""
    return _segments(attributes, _Answers.of(scores), threshold)


def _segments(
    attributes: Mapping[str, np.ndarray], answers: _Answers, threshold: int
) -> SideSegments | None:
    given = {a: v for a, v in attributes.items() if (v != NOT_GIVEN).any()}
    if not given:
        return None
    crossing = _Crossing(answers, threshold)
    shown, withheld, splits = [], [], []
    for attribute, values in given.items():
        pooled = _pooled(values, threshold)
        groups = None if pooled is None else crossing.admit(attribute, pooled)
        if groups is None:
            withheld.append(attribute)
            continue
        shown.append(groups.segments(crossing.smallest))
        split = groups.split()
        if split is not None:
            splits.append(split)
    splits.sort(key=lambda s: -abs(s.difference))
    return SideSegments(tuple(shown), tuple(withheld), tuple(splits))


class _Crossing:
    """The cells of the attributes shown so far for one side: among all its respondents, and
    among each construct's answerers (a construct may be shown for fewer attributes)."""

    def __init__(self, answers: _Answers, threshold: int) -> None:
        self.answers = answers
        self.threshold = threshold
        self.cells = np.zeros(answers.n, dtype=np.int64)
        self.of = dict.fromkeys(answers.constructs, self.cells)

    @property
    def smallest(self) -> int:
        """The fewest respondents in a cell of the attributes shown so far."""
        sizes: list[int] = np.bincount(self.cells).tolist()
        return min(k for k in sizes if k)

    def admit(self, attribute: str, pooled: np.ndarray) -> _Groups | None:
        """The attribute's groups if its cells crossed with those shown pass
        (:func:`~parity.core.policy.cells_shown`), with the constructs that pass among their
        answerers; ``None`` (and nothing changed) otherwise."""
        names, codes = np.unique(pooled, return_inverse=True)
        codes = codes.reshape(-1)
        cells = _crossed(self.cells, codes)
        if not cells_shown(np.bincount(cells).tolist(), self.threshold):
            return None
        # Constructs share a crossing when they start from the same one (usually all of them):
        # crossed once, and its cells counted once for those everyone answered.
        crossings = {id(self.cells): (self.cells, cells)}  # the start kept alive: ids stay apart
        everyone: dict[int, list[int]] = {}
        smallest = {}
        for j, construct in enumerate(self.answers.constructs):
            among = self.answers.answered[:, j]
            base = self.of[construct]
            if id(base) not in crossings:
                crossings[id(base)] = (base, _crossed(base, codes))
            crossed = crossings[id(base)][1]
            if not among.all():
                sizes = np.bincount(crossed[among]).tolist()
            elif id(base) in everyone:
                sizes = everyone[id(base)]
            else:
                sizes = everyone[id(base)] = np.bincount(crossed).tolist()
            if self._passes(codes[among], len(names), sizes):
                self.of[construct] = crossed
                smallest[construct] = min(k for k in sizes if k)
        self.cells = cells
        return _Groups(attribute, [str(v) for v in names], codes, self.answers, smallest)

    def _passes(self, codes: np.ndarray, groups: int, cells: list[int]) -> bool:
        counts = np.bincount(codes, minlength=groups).tolist()
        every = all(segment_shown(k, len(codes), self.threshold) for k in counts)
        return every and cells_shown(cells, self.threshold)


def _pooled(values: np.ndarray, threshold: int) -> np.ndarray | None:
    """The values with those held by fewer than ``threshold`` respondents pooled into
    :data:`OTHER`; ``None`` when a group (the pool included) or the rest of the side beside it
    is below the threshold."""
    counts = Counter(values.tolist())
    small = [v for v, n in counts.items() if n < threshold or v == OTHER]
    pooled = np.where(np.isin(values, small), OTHER, values)
    sizes = Counter(pooled.tolist()).values()
    if all(segment_shown(n, len(values), threshold) for n in sizes):
        return pooled
    return None


def _crossed(cells: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """The cells of a crossing with one more grouping, numbered 0, 1, … again."""
    combined = cells * (int(codes.max(initial=0)) + 1) + codes
    return np.unique(combined, return_inverse=True)[1].reshape(-1)


@dataclass(frozen=True)
class _Answers:
    """A side's respondent scores (respondents x constructs) and where they are answered."""

    constructs: list[str]
    values: np.ndarray
    answered: np.ndarray

    @classmethod
    def of(cls, scores: pd.DataFrame) -> _Answers:
        values = scores.to_numpy(dtype=float)
        return cls([str(c) for c in scores.columns], values, ~np.isnan(values))

    def rows(self, rows: np.ndarray) -> _Answers:
        return _Answers(self.constructs, self.values[rows], self.answered[rows])

    @property
    def n(self) -> int:
        return len(self.values)


@dataclass(frozen=True)
class _Groups:
    """One attribute's groups of a side, with each group's n, mean and variance per construct
    shown (``smallest`` names them), from sums: no Python loop over respondents."""

    attribute: str
    names: list[str]
    codes: np.ndarray
    answers: _Answers
    smallest: Mapping[str, int]

    @cached_property
    def moments(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per group (rows) and construct shown (columns, in the order of ``smallest``): the
        answerers, their mean and their variance, as sums over a one-hot matrix."""
        columns = [self.answers.constructs.index(c) for c in self.smallest]
        answered = self.answers.answered[:, columns]
        values = np.where(answered, self.answers.values[:, columns], 0.0)
        onehot = (self.codes[:, None] == np.arange(len(self.names))).astype(float)
        n = onehot.T @ answered
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = (onehot.T @ values) / n
            deviations = np.where(answered, values - mean[self.codes], 0.0)
            variance = (onehot.T @ (deviations * deviations)) / (n - 1)
        return n, mean, variance

    def segments(self, smallest: int) -> AttributeSegments:
        respondents = np.bincount(self.codes, minlength=len(self.names)).tolist()
        n, mean, _ = self.moments
        order = sorted(
            range(len(self.names)),
            key=lambda g: (self.names[g] == OTHER, -respondents[g], self.names[g]),
        )
        found = tuple(
            Segment(
                self.names[g],
                respondents[g],
                {c: float(mean[g, j]) for j, c in enumerate(self.smallest)},
                {c: int(n[g, j]) for j, c in enumerate(self.smallest)},
            )
            for g in order
        )
        return AttributeSegments(self.attribute, found, smallest, dict(self.smallest))

    def split(self) -> Split | None:
        """The largest difference between two groups on a construct shown, if it reaches
        :data:`SPLIT_POINTS` and its interval excludes 0; every pair and construct at once."""
        if not self.smallest:
            return None
        n, mean, variance = self.moments
        first, second = np.triu_indices(len(self.names), k=1)
        signed = mean[first] - mean[second]
        pair, column = np.nonzero(np.abs(signed) >= SPLIT_POINTS)
        if not len(pair):
            return None  # the commonest case: no interval is needed
        ahead = signed[pair, column] >= 0
        high = np.where(ahead, first[pair], second[pair])
        low = np.where(ahead, second[pair], first[pair])
        difference = np.abs(signed[pair, column])
        bounds = welch_bounds(
            difference,
            (variance[high, column], n[high, column]),
            (variance[low, column], n[low, column]),
        )
        if not (bounds[0] > 0).any():
            return None
        k = int(np.argmax(np.where(bounds[0] > 0, difference, -np.inf)))
        h, lo = int(high[k]), int(low[k])
        return Split(
            self.attribute,
            list(self.smallest)[int(column[k])],
            self.names[h],
            self.names[lo],
            (float(mean[h, column[k]]), float(mean[lo, column[k]])),
            float(difference[k]),
            (float(bounds[0][k]), float(bounds[1][k])),
        )


Moments = tuple[np.ndarray, np.ndarray]


def welch_bounds(
    difference: np.ndarray, x: Moments, y: Moments, level: float = SPLIT_LEVEL
) -> tuple[np.ndarray, np.ndarray]:
    """The Welch t interval of differences of means, from each side's (variance, n):
    ± t(df) × √(s²ₓ/nₓ + s²ᵧ/nᵧ), df by Welch–Satterthwaite; when neither group varies the
    interval is the difference itself."""
    from scipy.special import stdtrit

    vx, vy = x[0] / x[1], y[0] / y[1]
    se = np.sqrt(vx + vy)
    varies = se > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        df = np.where(varies, (vx + vy) ** 2 / (vx**2 / (x[1] - 1) + vy**2 / (y[1] - 1)), 1.0)
    half = np.where(varies, stdtrit(df, 0.5 + level / 2) * se, 0.0)
    return difference - half, difference + half


def welch_interval(x: np.ndarray, y: np.ndarray, level: float) -> tuple[float, float, float]:
    """mean(x) − mean(y) with its Welch t interval (:func:`welch_bounds`)."""
    difference = np.array([x.mean() - y.mean()])
    moments = [(np.array([v.var(ddof=1)]), np.array([float(len(v))])) for v in (x, y)]
    low, high = welch_bounds(difference, moments[0], moments[1], level)
    return float(difference[0]), float(low[0]), float(high[0])


def shown_under(found: SideSegments | None, threshold: int) -> SideSegments | None:
    """What of ``found`` may be shown under ``threshold`` (a view may ask more than the
    analysis did): an attribute only if its smallest cell reaches it, a construct only if its
    smallest cell of answerers does. Leaving attributes out only merges cells, so the
    attributes kept have no cell smaller than their recorded one."""
    if found is None:
        return None
    kept, withheld = [], list(found.withheld)
    for attribute in found.attributes:
        if attribute.smallest < threshold:
            withheld.append(attribute.attribute)
            continue
        kept.append(_constructs_under(attribute, threshold))
    shown = {(a.attribute, c) for a in kept for c in a.constructs}
    splits = tuple(s for s in found.splits if (s.attribute, s.construct) in shown)
    order = {c: i for i, c in enumerate(SEGMENT_COLUMNS)}
    withheld.sort(key=lambda a: order.get(a, len(order)))
    return SideSegments(tuple(kept), tuple(withheld), splits)


def _constructs_under(attribute: AttributeSegments, threshold: int) -> AttributeSegments:
    smallest = {c: n for c, n in attribute.smallest_answered.items() if n >= threshold}
    segments = tuple(
        replace(
            s,
            scores={c: v for c, v in s.scores.items() if c in smallest},
            answered={c: v for c, v in s.answered.items() if c in smallest},
        )
        for s in attribute.segments
    )
    return replace(attribute, segments=segments, smallest_answered=smallest)


def value_words(attribute: str, value: str) -> str:
    """A segment's value as a sentence names it: "1–3 years", "other roles"."""
    if value == OTHER:
        return f"other {attribute}s"
    if value == NOT_GIVEN:
        return f"{attribute} not given"
    if attribute == TENURE:
        return TENURE_WORDS.get(value, value)
    return value


def split_sentence(party: str, split: Split, words: Mapping[str, Construct]) -> str:
    """ "HR: split by role — business partners rate voice 72, administrators 31 (41 points
    apart; 95% interval 30 to 52)." """
    construct = words[split.construct].short if split.construct in words else split.construct
    high, low = (value_words(split.attribute, v) for v in (split.high, split.low))
    return (
        f"{party}: split by {split.attribute} — {high} rate {construct} "
        f"{split.scores[0]:.0f}, {low} {split.scores[1]:.0f} ({split.difference:.0f} points "
        f"apart; 95% interval {split.ci[0]:.0f} to {split.ci[1]:.0f})."
    )


def split_sentences(
    party: str, found: SideSegments | None, words: Mapping[str, Construct]
) -> tuple[str, ...]:
    """One sentence per attribute the side is split by, the largest split first."""
    if found is None:
        return ()
    return tuple(split_sentence(party, s, words) for s in found.splits)
