"""Synthetic relationships for the engine's accuracy tests, independent of the demo.

The classifier must not be tested against its own prototypes, nor against the demo's profile
table (whoever tunes one may tune the other). So this generator starts from the archetype
*descriptions* in ``instrument.md`` and turns each into qualitative levels: H (high), M
(middling), L (low), or ``?`` for a construct the description does not mention. Every level is
drawn afresh for each relationship, side and construct from a wide band, so no two cases share a
prototype and the sides of a symmetric archetype are not copies of each other. Respondents are
then sampled with the simple code below, which deliberately shares nothing with
``parity.demo.sampling``.

Bands on the 0–100 scale: H = 68–92, M = 38–62, L = 8–32, ? = 30–70 (all uniform). A code such
as ``L|M`` picks one of the two bands at random first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from parity.core.archetypes import ARCHETYPES as ARCHETYPE_CODES
from parity.core.instrument import CORE_CONSTRUCTS, TPI1_ITEM_IDS

BANDS: Mapping[str, tuple[float, float]] = {
    "H": (68.0, 92.0),
    "M": (38.0, 62.0),
    "L": (8.0, 32.0),
    "?": (30.0, 70.0),
}

ARCHETYPES = ARCHETYPE_CODES  # only the codes are shared; the levels below are independent

_PARTNERING = ("OUT", "STK", "COM", "NEED", "VAL", "VOI", "TRS")


def _table(**codes: str) -> dict[str, str]:
    """A side's level codes; constructs the description leaves out are ``?``."""
    unknown = set(codes) - set(CORE_CONSTRUCTS)
    if unknown:
        raise ValueError(f"not constructs: {sorted(unknown)}")
    return {construct: codes.get(construct, "?") for construct in CORE_CONSTRUCTS}


#: Level codes per side, read from the archetype descriptions in instrument.md.
LEVEL_TABLE: Mapping[str, Mapping[str, str]] = {
    # "both sides high on OUT, STK, COM, NEED, VAL, VOI, TRS; low ALT, DEF, DIR"
    "partnership": _table(
        **dict.fromkeys(_PARTNERING, "H"), ALT="L", DEF="L", DIR="L", ONEED="H", TRX="L|M"
    ),
    # "middling on the partnering constructs, ... no strong power or conflict signal"
    "developing": _table(
        **dict.fromkeys(_PARTNERING, "M"), ONEED="M", ALT="M", DEF="L|M", DIR="L|M"
    ),
    # "the customer has high ALT and low NEED and judges on service (high TRX)"
    "customer": _table(ALT="H", NEED="L", TRX="H", VOI="M|H", ONEED="H"),
    # "the supplier has low ALT, high NEED, less voice"
    "supplier": _table(ALT="L", NEED="H", VOI="L", ONEED="L", TRX="H"),
    # "the master sets priorities (high DIR, high VOI)"
    "master": _table(DIR="H", VOI="H", DEF="L", ONEED="H"),
    # "the servant defers (high DEF), has little voice and feels of less value"
    "servant": _table(DEF="H", VOI="L", VAL="L", DIR="L", ALT="L"),
    # "low trust and constructive conflict on at least one side"
    "hostile": _table(TRS="L", COM="L", VAL="L"),
    # the other side of a one-sided conflict: the description says nothing about it
    "bystander": _table(),
    # "neither side needs the other or shares an outcome; arm's length"
    "detached": _table(NEED="L", OUT="L", STK="L", ONEED="L", COM="L"),
}

#: Which level table each side uses; roles are the engine's role names where there are any.
_SIDES: Mapping[str, tuple[str, str]] = {
    "partnership": ("partnership", "partnership"),
    "developing": ("developing", "developing"),
    "customer_supplier": ("customer", "supplier"),
    "master_servant": ("master", "servant"),
    "detached": ("detached", "detached"),
}
_ROLES = frozenset({"customer", "supplier", "master", "servant"})

_CONSTRUCT_OF_ITEM = np.array(
    [CORE_CONSTRUCTS.index(i.rstrip("0123456789")) for i in TPI1_ITEM_IDS]
)
_REVERSED = np.array([item == "TRS3" for item in TPI1_ITEM_IDS])


@dataclass(frozen=True, eq=False)
class SyntheticCase:
    """One generated relationship and the truth it was generated from.

    ``roles`` maps a party to its role (empty where the archetype has none); ``levels`` holds
    each side's drawn construct levels (0–100), and ``hostile`` the adversarial side(s), for
    explaining a misclassification.
    """

    responses: pd.DataFrame
    archetype: str
    roles: dict[str, str]
    levels: dict[str, dict[str, float]] = field(default_factory=dict)
    hostile: tuple[str, ...] = ()
    blur: float = 0.0


def synthetic_relationship(
    archetype: str,
    rng: np.random.Generator,
    *,
    n_range: tuple[int, int] = (5, 12),
    skip_rate: float = 0.08,
    blur: float = 0.0,
    respondent_sd: float = 10.0,
    item_sd: float = 0.9,
    names: tuple[str, str] = ("Alpha", "Beta"),
) -> SyntheticCase:
    """Both sides of one relationship of ``archetype``; ``n_range`` is inclusive."""
    if archetype not in ARCHETYPES:
        raise ValueError(f"unknown archetype {archetype!r}; expected one of {ARCHETYPES}")
    tables = _side_tables(archetype, rng)
    if rng.random() < 0.5:
        tables = (tables[1], tables[0])
    frames, levels = [], {}
    for (me, other), table in zip((names, names[::-1]), tables, strict=True):
        levels[me] = _draw_levels(LEVEL_TABLE[table], rng)
        n = int(rng.integers(n_range[0], n_range[1] + 1))
        answers = _answers(levels[me], n, rng, respondent_sd, item_sd, blur, skip_rate)
        frames.append(_frame(answers, me, other))
    return SyntheticCase(
        responses=pd.concat(frames, ignore_index=True),
        archetype=archetype,
        roles={name: t for name, t in zip(names, tables, strict=True) if t in _ROLES},
        levels=levels,
        hostile=tuple(name for name, t in zip(names, tables, strict=True) if t == "hostile"),
        blur=blur,
    )


def synthetic_suite(n_per_archetype: int, seed: int) -> list[SyntheticCase]:
    """``n_per_archetype`` cases of every archetype; a random third answer blurred (0.3–0.5).

    Each case gets its own party names (``Alpha-001``/``Beta-001`` …) so that the cases can be
    concatenated into one responses frame without relationships running into each other.
    """
    rng = np.random.default_rng(seed)
    archetypes = [a for a in ARCHETYPES for _ in range(n_per_archetype)]
    blurred = set(rng.choice(len(archetypes), size=round(len(archetypes) / 3), replace=False))
    cases = []
    for index, archetype in enumerate(archetypes):
        blur = float(rng.uniform(0.3, 0.5)) if index in blurred else 0.0
        names = (f"Alpha-{index + 1:03d}", f"Beta-{index + 1:03d}")
        cases.append(synthetic_relationship(archetype, rng, blur=blur, names=names))
    return cases


def _side_tables(archetype: str, rng: np.random.Generator) -> tuple[str, str]:
    """The level table of each side; adversarial is one-sided or two-sided at random."""
    if archetype == "adversarial":
        return ("hostile", "hostile") if rng.random() < 0.5 else ("hostile", "bystander")
    return _SIDES[archetype]


def _draw_levels(codes: Mapping[str, str], rng: np.random.Generator) -> dict[str, float]:
    levels = {}
    for construct, code in codes.items():
        options = code.split("|")
        low, high = BANDS[options[int(rng.integers(len(options)))]]
        levels[construct] = float(rng.uniform(low, high))
    return levels


def _answers(
    levels: Mapping[str, float],
    n: int,
    rng: np.random.Generator,
    respondent_sd: float,
    item_sd: float,
    blur: float,
    skip_rate: float,
) -> np.ndarray:
    """Whole answers 1–7 (NaN for skipped), TRS3 reversed; draws do not depend on ``blur``."""
    side = np.array([levels[c] for c in CORE_CONSTRUCTS])
    personal = np.clip(side + rng.normal(0, respondent_sd, (n, side.size)), 0, 100)
    x = 1 + personal[:, _CONSTRUCT_OF_ITEM] * 6 / 100 + rng.normal(0, item_sd, (n, _REVERSED.size))
    x = np.clip(np.rint(x + blur * (4 - x)), 1, 7)
    x[:, _REVERSED] = 8 - x[:, _REVERSED]
    skipped = rng.random(x.shape) < skip_rate
    keep = rng.integers(0, x.shape[1], n)
    skipped[np.arange(n), keep] &= ~skipped.all(axis=1)
    x[skipped] = np.nan
    return x


def _frame(answers: np.ndarray, party: str, about: str) -> pd.DataFrame:
    frame = pd.DataFrame(answers, columns=list(TPI1_ITEM_IDS), dtype="float64")
    frame.insert(0, "respondent", [f"{party}-{k:02d}" for k in range(1, len(frame) + 1)])
    frame.insert(1, "party", party)
    frame.insert(2, "about", about)
    return frame
