"""Harbour & Vale Group: the demo organization.

A mid-sized company with eight departments and three outside firms, mapped into fourteen
relationships that between them show every archetype. Several carry a "partner" label that the
behaviour does not earn (IT calls itself Sales's and Finance's "business partner" while acting as
their servant), because that gap between the word and the behaviour is what Parity exists to
reveal. One relationship has too few respondents on one side, to show that small groups are
never reported.

Two extensions show the organization-wide views. A **round robin**: six departments (IT,
Finance, HR, Legal, Marketing, Sales) rate every other one of the six, through nine more
relationships, with two effects built in that the Social Relations Model should find: IT rates
everyone low on voice (a perceiver effect) and everyone rates Legal low on trust (a target
effect). A **pilot round**, half a year earlier, surveyed the same relationships; four of them
have moved since (:attr:`DemoRelationship.pilot`), two of them towards more asymmetry, so that
the trends and their early warnings have something to show.

Everything is drawn from seeded random generators, so a seed always gives the same frames and
the CLI (which writes them) needs no state of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Literal

import numpy as np
import pandas as pd

from parity.core.instrument import Instrument, default_instrument
from parity.core.schema import ABOUT, PARTY_A, PARTY_B, RELATIONSHIP_COLUMNS, WAVE
from parity.demo.careless import with_careless, with_time_taken
from parity.demo.profiles import PROFILES, Profile
from parity.demo.sampling import sample_side
from parity.demo.voices import Scope, sample_voices

COMPANY_NAME = "Harbour & Vale Group"

#: Respondents per side, inclusive; modest teams keep the demo realistic yet clear.
SIDE_SIZE = (5, 12)
#: The two survey rounds as waves (``wave`` column of :meth:`DemoDataset.history`); the
#: engine orders waves by name, so the names sort in time order.
PILOT_WAVE = "1-pilot"
CURRENT_WAVE = "2-spring"

Section = Literal["map", "round_robin"]


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
    ``None`` draws it from :data:`SIDE_SIZE`. ``section`` says whether the relationship belongs
    to the organization's map or was added for the round robin. ``pilot`` is
    ``(archetype, profile_a, profile_b, story)`` where the pilot round showed something else;
    ``None`` means the pilot round looked as this one does.
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
    section: Section = "map"
    pilot: tuple[str, str, str, str] | None = None

    def roles(self) -> str:
        """Expected roles as ``party:role;party:role``, or empty where the archetype has none."""
        role_a, role_b = PROFILES[self.profile_a].role, PROFILES[self.profile_b].role
        if self.archetype == "insufficient_data" or role_a is None or role_b is None:
            return ""
        return f"{self.party_a}:{role_a};{self.party_b}:{role_b}"

    def in_pilot(self) -> DemoRelationship:
        """This relationship as the pilot round intended it."""
        if self.pilot is None:
            return self
        archetype, profile_a, profile_b, story = self.pilot
        return replace(
            self,
            archetype=archetype,
            profile_a=profile_a,
            profile_b=profile_b,
            story=story,
            pilot=None,
        )


@dataclass(frozen=True, eq=False)
class DemoDataset:
    """The demo's frames, ready for the engine or for writing as CSV files.

    ``expected`` is the answer key: the archetype and roles each relationship was built to show.
    ``pilot`` holds the pilot round's responses (same columns as ``responses``, same
    relationships, half a year earlier) and ``pilot_expected`` its answer key;
    :meth:`history` puts both rounds in one frame with a ``wave`` column.
    """

    responses: pd.DataFrame
    relationships: pd.DataFrame
    expected: pd.DataFrame
    parties: pd.DataFrame
    name: str = COMPANY_NAME
    pilot: pd.DataFrame = field(default_factory=pd.DataFrame)
    pilot_expected: pd.DataFrame = field(default_factory=pd.DataFrame)

    def history(self) -> pd.DataFrame:
        """Both rounds in one responses frame, with :data:`WAVE` after ``about``: the pilot
        as :data:`PILOT_WAVE`, this round as :data:`CURRENT_WAVE`."""
        frames = []
        for wave, frame in ((PILOT_WAVE, self.pilot), (CURRENT_WAVE, self.responses)):
            if frame.empty:
                continue
            waved = frame.copy()
            waved.insert(list(waved.columns).index(ABOUT) + 1, WAVE, wave)
            frames.append(waved)
        return pd.concat(frames, ignore_index=True)


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

MAP_RELATIONSHIPS: tuple[DemoRelationship, ...] = (
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
        pilot=(
            "detached",
            "detached",
            "detached",
            "Before the HR business partners moved into the warehouses, HR and Operations "
            "rarely met.",
        ),
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
        pilot=(
            "customer_supplier",
            "supplier",
            "customer",
            "Legal was the sign-off gate at the end of every deal: Sales could take a contract "
            "to outside counsel, and Legal needed the work.",
        ),
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
        pilot=(
            "developing",
            "developing",
            "developing",
            "Procurement and Legal wrote the contract templates together; the outside-counsel "
            "panel did not exist yet.",
        ),
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
        pilot=(
            "developing",
            "developing",
            "developing",
            "Before the CRM programme, Sales and IT planned the quarter together: not yet a "
            "partnership, but balanced.",
        ),
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


#: The six departments of the round robin: each rates every other one of the six.
ROUND_ROBIN_PARTIES: tuple[str, ...] = ("Finance", "HR", "IT", "Legal", "Marketing", "Sales")

#: Built-in perceiver effects, in points (0-100), added to every rating a party gives in the
#: round-robin relationships: IT rates everyone low on voice. (The map already shows why: IT
#: is the servant of Sales and of Finance.)
PERCEIVER_EFFECTS: Mapping[str, Mapping[str, float]] = MappingProxyType(
    {"IT": MappingProxyType({"VOI": -25.0})}
)
#: Built-in target effects, added to every rating a party receives in the round-robin
#: relationships: everyone rates Legal low on trust.
TARGET_EFFECTS: Mapping[str, Mapping[str, float]] = MappingProxyType(
    {"Legal": MappingProxyType({"TRS": -25.0})}
)

ROUND_ROBIN_RELATIONSHIPS: tuple[DemoRelationship, ...] = (
    DemoRelationship(
        "Finance",
        "Sales",
        "partner",
        "internal",
        "partnership",
        "partnership",
        "partnership",
        "A deal desk and one margin target: Finance and Sales price the big bids together and "
        "both answer for the margin.",
        section="round_robin",
    ),
    DemoRelationship(
        "Finance",
        "HR",
        "business partner",
        "internal",
        "developing",
        "developing",
        "developing",
        "Headcount planning moved from a spreadsheet battle to a joint quarterly review; "
        "neither side leads.",
        section="round_robin",
    ),
    DemoRelationship(
        "Finance",
        "Marketing",
        "none",
        "internal",
        "detached",
        "detached",
        "detached",
        "Marketing sends its budget once a year and Finance signs it off; otherwise they "
        "hardly meet.",
        section="round_robin",
    ),
    DemoRelationship(
        "HR",
        "Marketing",
        "none",
        "internal",
        "developing",
        "developing",
        "developing",
        "The employer-brand campaign brought them together; a shared plan is taking shape.",
        section="round_robin",
    ),
    DemoRelationship(
        "HR",
        "IT",
        "business partner",
        "internal",
        "developing",
        "developing",
        "developing",
        "IT is building HR's new people system. Goodwill on both sides, though IT waits to be "
        "told what to do.",
        section="round_robin",
    ),
    DemoRelationship(
        "Marketing",
        "IT",
        "service provider",
        "internal",
        "customer_supplier",
        "customer",
        "supplier",
        "Marketing buys its own marketing technology and calls IT for integrations only, "
        "judged on turnaround.",
        section="round_robin",
    ),
    DemoRelationship(
        "HR",
        "Legal",
        "none",
        "internal",
        "developing",
        "developing",
        "developing",
        "HR brings the employment cases, Legal runs them. Workable, but HR finds Legal slow "
        "and guarded.",
        section="round_robin",
    ),
    DemoRelationship(
        "Finance",
        "Legal",
        "service provider",
        "internal",
        "developing",
        "developing",
        "developing",
        "Legal reviews Finance's financing and supplier contracts; Finance is wary of "
        "surprises in the small print.",
        section="round_robin",
    ),
    DemoRelationship(
        "IT",
        "Legal",
        "none",
        "internal",
        "developing",
        "developing",
        "developing",
        "Data-protection sign-offs bring IT to Legal's door; IT rarely gets a say in the "
        "outcome and doubts Legal will back it.",
        section="round_robin",
    ),
)

#: Every relationship of the demo: the map, then the round robin's additions.
RELATIONSHIPS: tuple[DemoRelationship, ...] = MAP_RELATIONSHIPS + ROUND_ROBIN_RELATIONSHIPS


def demo_dataset(seed: int = 7, instrument: Instrument | None = None) -> DemoDataset:
    """Harbour & Vale Group's survey round and its pilot round, drawn with ``seed``, as
    answered to ``instrument`` (TPI-1 by default; TPI-2 for its demo).

    The map's sides are drawn first, then the round robin's, from one generator, so that the
    map's answers do not depend on the round robin; the pilot round has its own generator.
    """
    instrument = instrument or default_instrument()
    timing = np.random.default_rng([seed, 2])
    answered = _round_responses(RELATIONSHIPS, np.random.default_rng(seed), instrument)
    pilot = _round_responses(
        tuple(r.in_pilot() for r in RELATIONSHIPS),
        np.random.default_rng([seed, 1]),
        instrument,
        prefix="HP",
    )
    return DemoDataset(
        responses=with_careless(with_time_taken(answered, instrument, timing), instrument),
        relationships=_relationships_frame(),
        expected=_expected_frame(RELATIONSHIPS),
        parties=_parties_frame(),
        pilot=with_time_taken(pilot, instrument, timing),
        pilot_expected=_expected_frame(tuple(r.in_pilot() for r in RELATIONSHIPS)),
    )


def _round_responses(
    relationships: tuple[DemoRelationship, ...],
    rng: np.random.Generator,
    instrument: Instrument,
    prefix: str = "HV",
) -> pd.DataFrame:
    sides = [
        side
        for index, relationship in enumerate(relationships, start=1)
        for side in _relationship_responses(relationship, index, rng, instrument, prefix)
    ]
    return pd.concat(sides, ignore_index=True)


@dataclass(frozen=True)
class _SidePlan:
    profile: Profile
    size: int | None
    party: str
    about: str
    id_prefix: str


def _relationship_responses(
    relationship: DemoRelationship,
    index: int,
    rng: np.random.Generator,
    instrument: Instrument,
    prefix: str,
) -> list[pd.DataFrame]:
    r = relationship
    plans = (
        _SidePlan(
            _profile_of(r, r.profile_a, r.party_a, r.party_b),
            r.size_a,
            r.party_a,
            r.party_b,
            f"{prefix}{index:02d}A-",
        ),
        _SidePlan(
            _profile_of(r, r.profile_b, r.party_b, r.party_a),
            r.size_b,
            r.party_b,
            r.party_a,
            f"{prefix}{index:02d}B-",
        ),
    )
    return [_side(plan, r.scope, rng, instrument) for plan in plans]


def _profile_of(relationship: DemoRelationship, name: str, party: str, about: str) -> Profile:
    """The side's profile; in the round robin, shifted by the built-in perceiver effect of the
    rating party and the target effect of the rated one."""
    profile = PROFILES[name]
    if relationship.section != "round_robin":
        return profile
    shifts = {**PERCEIVER_EFFECTS.get(party, {})}
    for code, shift in TARGET_EFFECTS.get(about, {}).items():
        shifts[code] = shifts.get(code, 0.0) + shift
    if not shifts:
        return profile
    targets = {
        code: min(100.0, max(0.0, value + shifts.get(code, 0.0)))
        for code, value in profile.targets.items()
    }
    return replace(profile, targets=MappingProxyType(targets))


def _side(
    plan: _SidePlan, scope: Scope, rng: np.random.Generator, instrument: Instrument
) -> pd.DataFrame:
    """One side's ratings and open answers, side by side in one frame."""
    profile = plan.profile
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


def _expected_frame(relationships: tuple[DemoRelationship, ...]) -> pd.DataFrame:
    rows = [(r.party_a, r.party_b, r.archetype, r.roles(), r.story) for r in relationships]
    return pd.DataFrame(rows, columns=[PARTY_A, PARTY_B, "archetype", "roles", "description"])


def _parties_frame() -> pd.DataFrame:
    rows = [(p.name, p.kind, p.description) for p in PARTIES]
    return pd.DataFrame(rows, columns=["name", "kind", "description"])
