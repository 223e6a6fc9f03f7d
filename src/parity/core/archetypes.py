"""Which kind of relationship is it? Prototype matching on both sides at once.

Each archetype of the instrument is written down as a prototype: for each side, a target level
per construct (high, low, middling) and how much that construct matters to the archetype.
A relationship is compared with every prototype, in both orientations for the asymmetric ones
(which side is the customer?), and the nearest prototype wins.

Survey answers drift toward the middle of the scale (central tendency, polite answering), which
would make every relationship look "developing". So before measuring the distance the
prototype's departure from the scale middle may be shrunk or stretched by a factor s in
[:data:`MIN_SCALE`, :data:`MAX_SCALE`], fitted by weighted least squares: a muted partnership
still matches the partnership pattern, while a flat relationship stays nearest to developing.
The full formula is in docs/method.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from parity.core.instrument import CORE_CONSTRUCTS

ARCHETYPES = (
    "partnership",
    "developing",
    "customer_supplier",
    "master_servant",
    "adversarial",
    "detached",
)
INSUFFICIENT = "insufficient_data"
PARTNERING_ARCHETYPES = ("partnership", "developing")

HIGH, MID_HIGH, MID, MID_LOW, LOW = 80.0, 65.0, 50.0, 35.0, 20.0
#: Weight of a construct the archetype's description does not mention.
UNSPECIFIED_WEIGHT = 0.25
MIN_SCALE, MAX_SCALE = 0.5, 1.25
#: Softness of the separation: p(k) is proportional to exp(-d(k)^2 / (2 * TEMPERATURE^2)).
TEMPERATURE = 6.0
#: How many bootstrap resamples of the respondents an archetype's confidence rests on: the
#: confidence is the share of them that give the same archetype and roles, so it moves in steps
#: of 1/200 = 0.005, finer than the two decimals it is published with, and its Monte Carlo
#: error is at most sqrt(0.25 / 200) = 0.035 (0.015 at a confidence of 0.95).
BOOTSTRAP_RESAMPLES = 200
#: Fixed part of every side's seed; the rest is drawn from the side's own scores, so a side
#: gets the same resamples on every run and whatever else is in the file.
BOOTSTRAP_SEED = 2026
#: The fewest constructs that must be measured on *both* sides before a relationship is given
#: an archetype; with fewer it is ``insufficient_data``. Every archetype is a pattern of the two
#: sides read together (a gap, a mirror, both sides high or low), and the most sparsely drawn
#: prototype side, the master's, is named by three constructs (direction, voice, deference).
#: Below three shared constructs no prototype's pattern can be seen on both sides, and the
#: distance would rest on each side's own few answers: two sides that each answered a single,
#: different construct would otherwise be a near-certain "partnership" (docs/method.md §5).
MIN_SHARED_CONSTRUCTS = 3

Level = tuple[float, float]  # (target 0-100, weight)


def _side(**levels: float | Level) -> dict[str, Level]:
    """A side's prototype: constructs named get weight 1 unless given (target, weight)."""
    side: dict[str, Level] = dict.fromkeys(CORE_CONSTRUCTS, (MID, UNSPECIFIED_WEIGHT))
    for code, level in levels.items():
        side[code] = level if isinstance(level, tuple) else (level, 1.0)
    return side


PARTNER_SIDE = _side(
    OUT=HIGH,
    STK=HIGH,
    COM=HIGH,
    NEED=HIGH,
    VAL=HIGH,
    VOI=HIGH,
    TRS=HIGH,
    ALT=LOW,
    DEF=LOW,
    DIR=LOW,
    ONEED=(HIGH, 0.5),
    TRX=(MID_LOW, 0.5),
)
DEVELOPING_SIDE = _side(
    OUT=57.0,
    STK=55.0,
    COM=57.0,
    NEED=57.0,
    VAL=55.0,
    VOI=55.0,
    TRS=57.0,
    ALT=42.0,
    DEF=40.0,
    DIR=40.0,
    ONEED=(55.0, 0.5),
    TRX=(MID, 0.5),
)
CUSTOMER_SIDE = _side(
    ALT=HIGH, NEED=LOW, TRX=HIGH, VOI=MID_HIGH, DEF=LOW, ONEED=(HIGH, 0.5), STK=(MID_LOW, 0.5)
)
SUPPLIER_SIDE = _side(ALT=LOW, NEED=HIGH, TRX=HIGH, VOI=MID_LOW, VAL=MID_LOW, ONEED=(LOW, 0.5))
MASTER_SIDE = _side(DIR=HIGH, VOI=HIGH, DEF=LOW, ONEED=(HIGH, 0.5))
SERVANT_SIDE = _side(DEF=HIGH, VOI=LOW, VAL=LOW, DIR=LOW, ALT=(LOW, 0.5))
HOSTILE_SIDE = _side(TRS=(LOW, 1.5), COM=LOW, VAL=LOW, OUT=MID_LOW)
WARY_SIDE = _side(TRS=(MID_LOW, 1.0))
DETACHED_SIDE = _side(NEED=LOW, OUT=LOW, STK=LOW, COM=LOW, ONEED=LOW, ALT=(MID_HIGH, 0.5))


@dataclass(frozen=True)
class Prototype:
    """One orientation of one archetype: what side A and side B should look like."""

    archetype: str
    side_a: Mapping[str, Level]
    side_b: Mapping[str, Level]
    role_a: str = ""
    role_b: str = ""


def _both_ways(
    archetype: str,
    first: dict[str, Level],
    second: dict[str, Level],
    roles: tuple[str, str] = ("", ""),
) -> list[Prototype]:
    return [
        Prototype(archetype, first, second, roles[0], roles[1]),
        Prototype(archetype, second, first, roles[1], roles[0]),
    ]


PROTOTYPES: tuple[Prototype, ...] = (
    Prototype("partnership", PARTNER_SIDE, PARTNER_SIDE),
    Prototype("developing", DEVELOPING_SIDE, DEVELOPING_SIDE),
    *_both_ways("customer_supplier", CUSTOMER_SIDE, SUPPLIER_SIDE, ("customer", "supplier")),
    *_both_ways("master_servant", MASTER_SIDE, SERVANT_SIDE, ("master", "servant")),
    Prototype("adversarial", HOSTILE_SIDE, HOSTILE_SIDE),
    *_both_ways("adversarial", HOSTILE_SIDE, WARY_SIDE),
    Prototype("detached", DETACHED_SIDE, DETACHED_SIDE),
)


def _prototype_arrays(proto: Prototype) -> tuple[np.ndarray, np.ndarray]:
    targets = [proto.side_a[c][0] for c in CORE_CONSTRUCTS]
    targets += [proto.side_b[c][0] for c in CORE_CONSTRUCTS]
    weights = [proto.side_a[c][1] for c in CORE_CONSTRUCTS]
    weights += [proto.side_b[c][1] for c in CORE_CONSTRUCTS]
    return np.array(targets), np.array(weights)


def fitted_distances(
    observed: np.ndarray, targets: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted RMS distance of each row of ``observed`` to one prototype, after fitting s.

    With d = x - 50 and q = target - 50, s = clip(sum(w d q) / sum(w q^2)) and the distance is
    sqrt(sum(w (d - s q)^2) / sum(w)) over the constructs that were answered.
    """
    present = ~np.isnan(observed)
    w = np.where(present, weights, 0.0)
    d = np.where(present, observed - MID, 0.0)
    q = targets - MID
    denom = (w * q * q).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = np.where(denom > 0, (w * d * q).sum(axis=1) / denom, 1.0)
    s = np.clip(s, MIN_SCALE, MAX_SCALE)
    resid = d - s[:, None] * q
    total = w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        dist = np.sqrt((w * resid * resid).sum(axis=1) / total)
    return dist, s


def shared_constructs(a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
    """How many of the constructs the prototypes read are measured (not NaN) on both sides,
    per relationship (rows of the aligned A/B frames)."""
    both = (
        a.reindex(columns=CORE_CONSTRUCTS).notna().to_numpy()
        & b.reindex(columns=CORE_CONSTRUCTS).notna().to_numpy()
    )
    return pd.Series(both.sum(axis=1), index=a.index, dtype=int)


def classify(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Archetype, roles and confidence for each relationship (rows of the aligned A/B frames).

    Returns columns ``archetype``, ``role_a``, ``role_b``, ``separation`` (the winner's share
    of exp(-d^2 / 2T^2) over the archetypes' best distances: how clearly the means fit one
    picture; the confidence of :func:`bootstrap_confidence` is how sure the data make it),
    ``scale`` and one ``distance_<archetype>`` per archetype (the best orientation's distance).
    """
    observed = np.hstack(
        [
            a.reindex(columns=CORE_CONSTRUCTS).to_numpy(float),
            b.reindex(columns=CORE_CONSTRUCTS).to_numpy(float),
        ]
    )
    rows = observed.shape[0]
    results = [fitted_distances(observed, *_prototype_arrays(p)) for p in PROTOTYPES]
    dist = np.column_stack([r[0] for r in results]) if results else np.empty((rows, 0))
    scale = np.column_stack([r[1] for r in results])
    by_archetype = np.column_stack(
        [_min_over(dist, k) for k in ARCHETYPES]
    )  # best orientation per archetype
    best_variant = np.nanargmin(np.where(np.isnan(dist), np.inf, dist), axis=1)
    protos = [PROTOTYPES[i] for i in best_variant]
    separation = _softmax_separation(by_archetype)
    out = pd.DataFrame(
        {
            "archetype": [p.archetype for p in protos],
            "role_a": [p.role_a for p in protos],
            "role_b": [p.role_b for p in protos],
            "separation": separation,
            "scale": scale[np.arange(rows), best_variant],
        },
        index=a.index,
    )
    for i, name in enumerate(ARCHETYPES):
        out[f"distance_{name}"] = by_archetype[:, i]
    return out


#: Rows of resamples classified at a time by :func:`_best_variants`: each product is then small
#: enough that the BLAS computes it on one thread (on a busy machine, waking its threads for
#: products this small costs several times the arithmetic), and the arrays stay in cache.
VARIANT_ROWS = 1024


def _variant_arrays() -> tuple[np.ndarray, np.ndarray]:
    """The prototypes' departures from the middle (q) and weights (w), one column each."""
    arrays = [_prototype_arrays(p) for p in PROTOTYPES]
    return np.column_stack([t for t, _ in arrays]) - MID, np.column_stack([w for _, w in arrays])


def _best_variants(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The index in :data:`PROTOTYPES` of the nearest prototype for each row of A and B.

    The distances of :func:`fitted_distances` for every prototype at once, each sum written as
    a matrix product (sum w (d - s q)^2 = sum w d^2 - 2 s sum w d q + s^2 sum w q^2), so the
    many rows of a bootstrap cost a few products rather than a pass per prototype; the rows
    go :data:`VARIANT_ROWS` at a time.
    """
    q, w = _variant_arrays()
    wq, wqq = w * q, w * q * q
    out = np.empty(a.shape[0], dtype=np.intp)
    for start in range(0, a.shape[0], VARIANT_ROWS):
        rows = slice(start, start + VARIANT_ROWS)
        observed = np.hstack([a[rows], b[rows]])
        present = ~np.isnan(observed)
        d = np.where(present, observed - MID, 0.0)
        mask = present.astype(float)
        num, denom = d @ wq, mask @ wqq
        with np.errstate(invalid="ignore", divide="ignore"):
            s = np.clip(np.where(denom > 0, num / denom, 1.0), MIN_SCALE, MAX_SCALE)
            squares = np.maximum((d * d) @ w - 2.0 * s * num + s * s * denom, 0.0)
            dist = squares / (mask @ w)
        out[rows] = np.nanargmin(np.where(np.isnan(dist), np.inf, dist), axis=1)
    return out


def _outcomes() -> np.ndarray:
    """For each prototype, a number naming its (archetype, role_a, role_b): the variants of
    one-sided adversarial share their outcome with the two-sided one."""
    seen: dict[tuple[str, str, str], int] = {}
    return np.array(
        [seen.setdefault((p.archetype, p.role_a, p.role_b), len(seen)) for p in PROTOTYPES]
    )


def resampled_means(
    scores: np.ndarray, resamples: int = BOOTSTRAP_RESAMPLES, seeded_by: int | None = None
) -> np.ndarray:
    """Side means (resamples x constructs) of one side's respondents drawn with replacement.

    ``scores`` is respondents x constructs (NaN where not answered or not shown). Each resample
    draws as many respondents as the side has; a construct's mean is over the drawn respondents
    who answered it. The draws are seeded by the side's own scores, taken in a fixed row order,
    so they depend neither on the order of the file nor on the other sides. Only the first
    ``seeded_by`` columns (all by default) seed the draws and order the rows: the columns after
    them (a custom instrument's own constructs) ride on the same draws, so adding them changes
    neither the draws of the others nor the archetype's confidence.
    """
    return np.asarray(_resampled_alike(scores[np.newaxis], resamples, seeded_by)[0])


def _resampled_alike(sides: np.ndarray, resamples: int, seeded_by: int | None = None) -> np.ndarray:
    """:func:`resampled_means` of each of ``sides`` (sides x respondents x constructs: sides
    of one size), side by side (sides x resamples x constructs).

    Each side still seeds and draws its own respondents; what is shared is the arithmetic
    around the draws (ordering, counting the draws, the sums), which for a large round's
    thousands of small sides cost more in calls than in numbers. Every value is the one the
    side would get alone: the same draws, the same sums in the same order."""
    count, n, width = sides.shape
    # Scores are finite (0-100), so a missing one is the only value to fill: -1 sorts it
    # first, and + 0.0 makes every -0.0 a 0.0, so that equal scores give equal seeds.
    missing = np.isnan(sides)
    filled = np.where(missing, -1.0, sides) + 0.0
    keys = filled[:, :, :seeded_by] if seeded_by is not None else filled
    # Each side's rows in lexical order of its scores: the side's number is the first key.
    flat = filled.reshape(count * n, width)
    side_of = np.repeat(np.arange(count), n)
    order = np.lexsort((*flat.T[::-1], side_of)).reshape(count, n) - n * np.arange(count)[:, None]
    rows = np.take_along_axis(sides, order[:, :, np.newaxis], axis=1)
    present = ~np.take_along_axis(missing, order[:, :, np.newaxis], axis=1)
    seeds = np.round(np.sort(keys, axis=1), 6)
    picked = np.empty((count, resamples, n), dtype=np.int64)
    for side in range(count):
        digest = hashlib.blake2b(np.ascontiguousarray(seeds[side]).tobytes(), digest_size=8)
        rng = np.random.default_rng([BOOTSTRAP_SEED, int.from_bytes(digest.digest(), "little")])
        picked[side] = rng.integers(0, n, size=(resamples, n))
    picked += n * np.arange(count * resamples).reshape(count, resamples, 1)
    draws = np.bincount(picked.ravel(), minlength=count * resamples * n)
    # How often each respondent is drawn, per resample.
    draws = draws.reshape(count, resamples, n).astype(float)
    sums = draws @ np.where(present, rows, 0.0)
    counts = draws @ present.astype(float)
    means = np.full(sums.shape, np.nan)
    return np.asarray(np.divide(sums, counts, out=means, where=counts > 0))


def resampled_sides(
    sides: Sequence[tuple[np.ndarray, np.ndarray]],
    resamples: int = BOOTSTRAP_RESAMPLES,
    seeded_by: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The resampled means of side A and of side B of every relationship, stacked: rows
    ``j * resamples`` to ``(j + 1) * resamples - 1`` are relationship ``j``'s resamples.

    Drawn once per analysis: the archetype's confidence (:func:`bootstrap_confidence`) and the
    intervals of the relationship's figures (:mod:`parity.core.intervals`) read the same draws.
    Sides of one size are resampled together (:func:`_resampled_alike`).
    """
    width = sides[0][0].shape[1] if sides else len(CORE_CONSTRUCTS)
    if not sides:
        return np.empty((0, width)), np.empty((0, width))
    a = _resampled_each([x for x, _ in sides], resamples, seeded_by, width)
    b = _resampled_each([y for _, y in sides], resamples, seeded_by, width)
    return a, b


def _resampled_each(
    sides: list[np.ndarray], resamples: int, seeded_by: int | None, width: int
) -> np.ndarray:
    """:func:`resampled_means` of every side of ``sides``, stacked in their order."""
    out = np.empty((len(sides), resamples, width))
    by_size: dict[int, list[int]] = {}
    for i, side in enumerate(sides):
        by_size.setdefault(side.shape[0], []).append(i)
    for same in by_size.values():
        for start in range(0, len(same), ALIKE_SIDES):
            chunk = same[start : start + ALIKE_SIDES]
            out[chunk] = _resampled_alike(np.stack([sides[i] for i in chunk]), resamples, seeded_by)
    return out.reshape(len(sides) * resamples, width)


#: Sides of one size resampled in one go: enough to share the arithmetic's calls, few enough
#: that the draws and sums stay in the processor's cache (more at once was slower).
ALIKE_SIDES = 16


def bootstrap_confidence(
    a: np.ndarray,
    b: np.ndarray,
    full: pd.DataFrame,
    resamples: int = BOOTSTRAP_RESAMPLES,
) -> np.ndarray:
    """For each relationship, the share of bootstrap resamples that give its archetype.

    ``a`` and ``b`` are the resampled side means of :func:`resampled_sides` (columns
    :data:`CORE_CONSTRUCTS`, ``resamples`` rows per relationship); ``full`` is :func:`classify`
    of the full data for the same relationships, in the same order. Every resample of every
    relationship is classified in one pass; a resample counts when it gives the same archetype
    with the same roles.
    """
    relationships = len(full)
    if not relationships:
        return np.empty(0)
    outcomes = _outcomes()
    found = outcomes[_best_variants(a, b)].reshape(relationships, resamples)
    index = {
        (p.archetype, p.role_a, p.role_b): int(o) for p, o in zip(PROTOTYPES, outcomes, strict=True)
    }
    target = np.array(
        [
            index[(str(x), str(ra), str(rb))]
            for x, ra, rb in full[["archetype", "role_a", "role_b"]].itertuples(index=False)
        ]
    )
    return np.asarray((found == target[:, None]).mean(axis=1))


def _min_over(dist: np.ndarray, archetype: str) -> np.ndarray:
    columns = [i for i, p in enumerate(PROTOTYPES) if p.archetype == archetype]
    return np.asarray(dist[:, columns].min(axis=1))


def _softmax_separation(by_archetype: np.ndarray) -> np.ndarray:
    """The winner's share of exp(-d^2 / 2T^2) over the archetypes' best distances."""
    logits = -(by_archetype**2) / (2.0 * TEMPERATURE**2)
    logits -= logits.max(axis=1, keepdims=True)
    weights = np.exp(logits)
    return np.asarray(weights.max(axis=1) / weights.sum(axis=1))
