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

from collections.abc import Mapping
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
#: Softness of the confidence: p(k) is proportional to exp(-d(k)^2 / (2 * TEMPERATURE^2)).
TEMPERATURE = 6.0

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


def classify(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Archetype, roles and confidence for each relationship (rows of the aligned A/B frames).

    Returns columns ``archetype``, ``role_a``, ``role_b``, ``confidence``, ``scale`` and one
    ``distance_<archetype>`` per archetype (the best orientation's distance).
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
    confidence = _softmax_confidence(by_archetype)
    out = pd.DataFrame(
        {
            "archetype": [p.archetype for p in protos],
            "role_a": [p.role_a for p in protos],
            "role_b": [p.role_b for p in protos],
            "confidence": confidence,
            "scale": scale[np.arange(rows), best_variant],
        },
        index=a.index,
    )
    for i, name in enumerate(ARCHETYPES):
        out[f"distance_{name}"] = by_archetype[:, i]
    return out


def _min_over(dist: np.ndarray, archetype: str) -> np.ndarray:
    columns = [i for i, p in enumerate(PROTOTYPES) if p.archetype == archetype]
    return np.asarray(dist[:, columns].min(axis=1))


def _softmax_confidence(by_archetype: np.ndarray) -> np.ndarray:
    """The winner's share of exp(-d^2 / 2T^2) over the archetypes' best distances."""
    logits = -(by_archetype**2) / (2.0 * TEMPERATURE**2)
    logits -= logits.max(axis=1, keepdims=True)
    weights = np.exp(logits)
    return np.asarray(weights.max(axis=1) / weights.sum(axis=1))
