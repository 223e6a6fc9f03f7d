"""Harbour & Vale Group: the demo organization.

A mid-sized company with eight departments and three outside firms, mapped into fourteen
relationships that between them show every archetype. Several carry a "partner" label that the
behaviour does not earn (IT calls itself Sales's and Finance's "business partner" while acting as
their servant), because that gap between the word and the behaviour is what Parity exists to
reveal. One relationship has too few respondents on one side, to show that small groups are
never reported.

Everything is drawn from one seeded random generator, so a seed always gives the same frames and
the CLI (which writes them) needs no state of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from parity.core.instrument import Instrument, default_instrument
from parity.core.schema import PARTY_A, PARTY_B, RELATIONSHIP_COLUMNS
from parity.demo.profiles import PROFILES
from parity.demo.sampling import sample_side
from parity.demo.voices import Scope, sample_voices

COMPANY_NAME = "Harbour & Vale Group"

#: Respondents per side, inclusive; modest teams keep the demo realistic yet clear.
SIDE_SIZE = (5, 12)


@dataclass(frozen=True)
class DemoParty:
    name: str
    kind: Literal["department", "external"]
    description: str


@dataclass(frozen=True)
class DemoRelationship:
    """A relationship as the demo intends it: the label it carries and how each side behaves.

    ``profile_a`` is the profile of ``party_a``'s members answering about ``party_b``, and the
    other way round for ``profile_b``. ``size_a``/``size_b`` fix a side's respondent count;
    ``None`` draws it from :data:`SIDE_SIZE`.
    """

    party_a: str
    party_b: str
    label: str
    scope: Scope
    archetype: str
    profile_a: str
    profile_b: str
    story: str
    size_a: int | None = None
    size_b: int | None = None

    def roles(self) -> str:
        """Expected roles as ``party:role;party:role``, or empty where the archetype has none."""
        role_a, role_b = PROFILES[self.profile_a].role, PROFILES[self.profile_b].role
        if self.archetype == "insufficient_data" or role_a is None or role_b is None:
            return ""
        return f"{self.party_a}:{role_a};{self.party_b}:{role_b}"


@dataclass(frozen=True, eq=False)
class DemoDataset:
    """The demo's frames, ready for the engine or for writing as CSV files.

    ``expected`` is the answer key: the archetype and roles each relationship was built to show.
    """

    responses: pd.DataFrame
    relationships: pd.DataFrame
    expected: pd.DataFrame
    parties: pd.DataFrame
    name: str = COMPANY_NAME


PARTIES: tuple[DemoParty, ...] = (
    DemoParty("IT", "department", "Runs the group's systems, service desk and data platform."),
    DemoParty("Finance", "department", "Accounting, budgeting, forecasting and payments."),
    DemoParty("HR", "department", "Recruitment, payroll, policy and HR business partners."),
    DemoParty("Legal", "department", "A small in-house team: contracts, disputes, compliance."),
    DemoParty("Marketing", "department", "Brand, campaigns, digital and market research."),
    DemoParty("Sales", "department", "Key accounts and the regional sales teams."),
    DemoParty("Operations", "department", "Warehouses, fulfilment and customer delivery."),
    DemoParty("Procurement", "department", "Supplier selection, contracts and purchasing."),
    DemoParty(
        "Nimbus Cloud Services",
        "external",
        "Hosts the group's applications and runs its infrastructure under an outsourcing deal.",
    ),
    DemoParty(
        "Quayside Logistics",
        "external",
        "Carries the group's goods from the warehouses to customers.",
    ),
    DemoParty(
        "Copper Kite Agency",
        "external",
        "A creative agency on a retainer for campaigns and content.",
    ),
)

RELATIONSHIPS: tuple[DemoRelationship, ...] = (
    DemoRelationship(
        "Sales",
        "Marketing",
        "partner",
        "internal",
        "partnership",
        "partnership",
        "partnership",
        "One revenue target, one pipeline, a joint weekly plan: both sides own the number and "
        "need each other to hit it. The label and the behaviour agree.",
    ),
    DemoRelationship(
        "Operations",
        "Quayside Logistics",
        "strategic partner",
        "external",
        "partnership",
        "partnership",
        "partnership",
        "An open-book, gain-share contract on on-time delivery: the rare partnership between "
        "independent firms that has not ended in dispute.",
    ),
    DemoRelationship(
        "HR",
        "Operations",
        "business partner",
        "internal",
        "developing",
        "developing",
        "developing",
        "HR business partners were embedded in the warehouses last year. Goodwill on both "
        "sides, a shared workforce plan taking shape, no one dominating yet.",
    ),
    DemoRelationship(
        "Legal",
        "Sales",
        "business partner",
        "internal",
        "developing",
        "developing",
        "developing",
        "Legal joined the deal reviews early this year. Moving from sign-off gate to joint "
        "deal team, halfway there and balanced.",
    ),
    DemoRelationship(
        "IT",
        "Nimbus Cloud Services",
        "strategic partner",
        "external",
        "customer_supplier",
        "customer",
        "supplier",
        "Called a strategic partnership in the press release, run as an outsourcing contract: "
        "IT benchmarks Nimbus every quarter and could move clouds; Nimbus needs the account.",
    ),
    DemoRelationship(
        "Marketing",
        "Copper Kite Agency",
        "supplier",
        "external",
        "customer_supplier",
        "customer",
        "supplier",
        "Marketing briefs several agencies and judges them on cost and turnaround; Copper Kite "
        "depends on the retainer and has little say in the plan.",
    ),
    DemoRelationship(
        "Procurement",
        "Legal",
        "service provider",
        "internal",
        "customer_supplier",
        "customer",
        "supplier",
        "Procurement sends contract reviews to Legal or to the outside-counsel panel, "
        "whichever is quicker; Legal needs the work to justify its headcount.",
    ),
    DemoRelationship(
        "Sales",
        "IT",
        "business partner",
        "internal",
        "master_servant",
        "master",
        "servant",
        "IT's purpose statement is 'To serve the Business'. Sales sets IT's priorities and IT "
        "never says no: a 'business partner' in name, a servant in the answers.",
    ),
    DemoRelationship(
        "Finance",
        "IT",
        "business partner",
        "internal",
        "master_servant",
        "master",
        "servant",
        "Finance decides what IT builds for the month-end close and expects it done without "
        "discussion; IT defers and feels undervalued.",
    ),
    DemoRelationship(
        "Sales",
        "HR",
        "business partner",
        "internal",
        "master_servant",
        "master",
        "servant",
        "The HR business partner for Sales recruits on demand to Sales's timetable and is not "
        "asked for a view on the sales organization.",
    ),
    DemoRelationship(
        "Finance",
        "Quayside Logistics",
        "supplier",
        "external",
        "adversarial",
        "adversarial_hostile",
        "adversarial_hostile",
        "A formal dispute over surcharges and three unpaid invoices, with solicitors' letters "
        "both ways. The same firm partners well with Operations.",
    ),
    DemoRelationship(
        "Marketing",
        "Legal",
        "none",
        "internal",
        "adversarial",
        "adversarial_hostile",
        "adversarial_other",
        "Marketing blames Legal for blocking campaigns and escalates every review; Legal is "
        "wary but not hostile. The conflict is one-sided.",
    ),
    DemoRelationship(
        "HR",
        "Procurement",
        "customer",
        "internal",
        "detached",
        "detached",
        "detached",
        "On the org chart HR is Procurement's customer for training spend; in practice HR books "
        "its own courses and the two rarely meet.",
    ),
    DemoRelationship(
        "Legal",
        "Nimbus Cloud Services",
        "supplier",
        "external",
        "insufficient_data",
        "developing",
        "developing",
        "Only two lawyers answered about Nimbus, fewer than the anonymity threshold, so this "
        "relationship is not reported.",
        size_a=2,
    ),
)


def demo_dataset(seed: int = 7) -> DemoDataset:
    """Harbour & Vale Group's survey round, drawn with ``seed``."""
    rng = np.random.default_rng(seed)
    instrument = default_instrument()
    sides = [
        side
        for index, relationship in enumerate(RELATIONSHIPS, start=1)
        for side in _relationship_responses(relationship, index, rng, instrument)
    ]
    return DemoDataset(
        responses=pd.concat(sides, ignore_index=True),
        relationships=_relationships_frame(),
        expected=_expected_frame(),
        parties=_parties_frame(),
    )


@dataclass(frozen=True)
class _SidePlan:
    profile: str
    size: int | None
    party: str
    about: str
    id_prefix: str


def _relationship_responses(
    relationship: DemoRelationship, index: int, rng: np.random.Generator, instrument: Instrument
) -> list[pd.DataFrame]:
    r = relationship
    plans = (
        _SidePlan(r.profile_a, r.size_a, r.party_a, r.party_b, f"HV{index:02d}A-"),
        _SidePlan(r.profile_b, r.size_b, r.party_b, r.party_a, f"HV{index:02d}B-"),
    )
    return [_side(plan, r.scope, rng, instrument) for plan in plans]


def _side(
    plan: _SidePlan, scope: Scope, rng: np.random.Generator, instrument: Instrument
) -> pd.DataFrame:
    """One side's ratings and open answers, side by side in one frame."""
    profile = PROFILES[plan.profile]
    low, high = SIDE_SIZE
    n = plan.size if plan.size is not None else int(rng.integers(low, high + 1))
    ratings = sample_side(
        profile,
        n,
        rng,
        party=plan.party,
        about=plan.about,
        instrument=instrument,
        blur=0.0,
        skip_rate=0.03,
        id_prefix=plan.id_prefix,
    )
    texts = sample_voices(profile, n, rng, other=plan.about, scope=scope)
    return pd.concat([ratings, texts.drop(columns="stance")], axis=1)


def _relationships_frame() -> pd.DataFrame:
    rows = [(r.party_a, r.party_b, r.label, r.scope) for r in RELATIONSHIPS]
    return pd.DataFrame(rows, columns=list(RELATIONSHIP_COLUMNS))


def _expected_frame() -> pd.DataFrame:
    rows = [(r.party_a, r.party_b, r.archetype, r.roles(), r.story) for r in RELATIONSHIPS]
    return pd.DataFrame(rows, columns=[PARTY_A, PARTY_B, "archetype", "roles", "description"])


def _parties_frame() -> pd.DataFrame:
    rows = [(p.name, p.kind, p.description) for p in PARTIES]
    return pd.DataFrame(rows, columns=["name", "kind", "description"])
