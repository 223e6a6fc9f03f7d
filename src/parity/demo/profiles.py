"""Target construct scores for each archetype, one profile per side.

A profile says how one side (a party answering about the other) should score on average, on the
0–100 scale the engine reports (an answer ``x`` on 1–7 maps to ``(x − 1) / 6 × 100``). The demo
organization is built from these targets so that every archetype shows clearly; they are the
demo's *intent*, not the classifier's prototypes. The engine's accuracy tests deliberately use a
different generator (``tests/support/synthetic.py``) that works from the archetype descriptions.

Symmetric archetypes use one profile for both sides; asymmetric ones have one profile per role.
Adversarial has two variants: both sides :data:`ADVERSARIAL_HOSTILE`, or one hostile side facing
:data:`ADVERSARIAL_OTHER`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from parity.core.instrument import CORE_CONSTRUCTS


@dataclass(frozen=True)
class Profile:
    """One side's intended construct means (0–100) in one archetype.

    ``role`` is the role the engine should report for this side (``customer``, ``supplier``,
    ``master``, ``servant``) or ``None`` where the archetype has no roles.
    """

    name: str
    archetype: str
    role: str | None
    targets: Mapping[str, float]

    def target(self, construct: str, default: float = 50.0) -> float:
        """The target for ``construct``; a construct a custom instrument adds sits mid-scale."""
        return float(self.targets.get(construct, default))


#: The constructs TPI-2 adds (docs/instrument.md). TPI-1 does not ask them and the archetypes
#: are not classified from them: their targets only make a TPI-2 demo read as its
#: relationships would (partners communicate, know and respect each other and share risk; a
#: servant is neither respected nor known for its pressures; a customer and its supplier have
#: a contract, so governance, and little else).
ADDED_CONSTRUCTS: tuple[str, ...] = ("COMM", "KNOW", "RESP", "RISK", "EXIT")


def _profile(
    name: str,
    archetype: str,
    role: str | None,
    values: tuple[float, ...],
    added: tuple[float, ...],
) -> Profile:
    """Build a profile from one row of the table, in :data:`CORE_CONSTRUCTS` order, and the
    targets of the :data:`ADDED_CONSTRUCTS` in theirs."""
    if len(values) != len(CORE_CONSTRUCTS) or len(added) != len(ADDED_CONSTRUCTS):
        raise ValueError(f"profile {name!r} needs {len(CORE_CONSTRUCTS)} + 5 targets.")
    targets = dict(zip(CORE_CONSTRUCTS, values, strict=True))
    targets.update(zip(ADDED_CONSTRUCTS, added, strict=True))
    return Profile(name=name, archetype=archetype, role=role, targets=MappingProxyType(targets))


# Columns: OUT STK COM ALT NEED ONEED VAL VOI DEF DIR TRX TRS, then COMM KNOW RESP RISK EXIT

PARTNERSHIP = _profile(
    "partnership",
    "partnership",
    None,
    (85, 80, 85, 20, 80, 78, 80, 80, 20, 20, 30, 82),
    (80, 75, 82, 78, 70),
)
"""`partnership` (both sides): "both sides high on OUT, STK, COM, NEED, VAL, VOI, TRS; low ALT,
DEF, DIR; the two sides close to each other (parity)"."""

DEVELOPING = _profile(
    "developing",
    "developing",
    None,
    (55, 52, 55, 45, 55, 52, 55, 52, 40, 38, 50, 57),
    (55, 52, 55, 52, 50),
)
"""`developing` (both sides): "middling on the partnering constructs, balanced between the sides,
no strong power or conflict signal"."""

CUSTOMER = _profile(
    "customer",
    "customer_supplier",
    "customer",
    (40, 35, 40, 80, 30, 70, 55, 70, 20, 55, 82, 50),
    (50, 35, 50, 45, 68),
)
"""`customer_supplier`, the customer: "power through alternatives: the **customer** has high ALT
and low NEED and judges on service (high TRX)"."""

SUPPLIER = _profile(
    "supplier",
    "customer_supplier",
    "supplier",
    (50, 50, 55, 20, 82, 35, 35, 30, 60, 20, 80, 50),
    (45, 55, 40, 32, 66),
)
"""`customer_supplier`, the supplier: "the **supplier** has low ALT, high NEED, less voice"."""

MASTER = _profile(
    "master",
    "master_servant",
    "master",
    (50, 45, 45, 45, 55, 80, 45, 85, 15, 85, 55, 55),
    (55, 40, 45, 50, 35),
)
"""`master_servant`, the master: "power through direction: the **master** sets priorities (high
DIR, high VOI)"."""

SERVANT = _profile(
    "servant",
    "master_servant",
    "servant",
    (50, 50, 60, 20, 70, 40, 22, 20, 85, 15, 60, 50),
    (38, 30, 25, 30, 30),
)
"""`master_servant`, the servant: "the **servant** defers (high DEF), has little voice and feels
of less value"."""

ADVERSARIAL_HOSTILE = _profile(
    "adversarial_hostile",
    "adversarial",
    None,
    (30, 40, 25, 55, 50, 45, 25, 30, 35, 40, 65, 15),
    (20, 35, 20, 20, 30),
)
"""`adversarial`, a hostile side: "low trust and constructive conflict on at least one side,
escalations and disputes"."""

ADVERSARIAL_OTHER = _profile(
    "adversarial_other",
    "adversarial",
    None,
    (45, 45, 40, 45, 50, 45, 40, 40, 35, 35, 60, 35),
    (40, 45, 40, 40, 40),
)
"""`adversarial`, the other side of a one-sided conflict: wary and cool rather than hostile, so
the conflict signal comes from one side only ("on at least one side")."""

DETACHED = _profile(
    "detached",
    "detached",
    None,
    (20, 20, 20, 60, 15, 15, 45, 40, 20, 20, 50, 45),
    (40, 25, 50, 45, 40),
)
"""`detached` (both sides): "neither side needs the other or shares an outcome; arm's length"."""

#: Every profile by name; the demo company refers to profiles by these names.
PROFILES: Mapping[str, Profile] = MappingProxyType(
    {
        profile.name: profile
        for profile in (
            PARTNERSHIP,
            DEVELOPING,
            CUSTOMER,
            SUPPLIER,
            MASTER,
            SERVANT,
            ADVERSARIAL_HOSTILE,
            ADVERSARIAL_OTHER,
            DETACHED,
        )
    }
)
