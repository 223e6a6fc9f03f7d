"""The shape of `parity analyze --format json`, as pydantic models: the one description from
which docs/analysis.schema.json is generated and which the API's results reuse.

The writer (:mod:`parity.io.analysis_json`) builds plain dicts and never goes through these
models: validating millions of numbers would dominate the run time of a large file. The models
describe the output; the tests check the demo's output against the schema made from them, and
that the committed schema is the one they make (``parity schema``; docs/json-output.md).

Every model forbids keys it does not name, so a key the writer adds without adding it here
fails those tests. Mappings keyed by data (a construct code, a party's name) are typed by
their values, never left free-form.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

#: The JSON Schema dialect of the published file.
DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: A number that is null where it cannot be computed (too few answers, no variance).
Number = float | None

#: A 95% interval, [low, high]; either end null where it cannot be computed.
Interval = Annotated[list[Number], Field(min_length=2, max_length=2)]

#: Construct code (or party, or other key named in the field's description) to a number.
Numbers = dict[str, Number]


class Contract(BaseModel):
    """A part of the contract: no key beyond those named."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Instrument(Contract):
    id: str = Field(description="The instrument, such as `TPI-1`.")
    version: str


class Alpha(Contract):
    """Cronbach's alpha of one construct with what it rests on."""

    alpha: Number
    ci95: Interval
    n: int = Field(description="Respondents who answered all the construct's items.")
    items: int


class Quote(Contract):
    question: str
    text: str
    stance: str
    confidence: float = Field(description="How sure the reader is of the stance, 0-1.")


class Portrait(Quote):
    image: str | None = Field(description="The image the respondent chose, if any.")
    traits: list[str]
    feelings: list[str]


class Theme(Contract):
    label: str = Field(description='The theme\'s words, or `"other"` for answers in no theme.')
    words: list[str]
    answers: int
    other: bool
    quote: str | None = Field(description="One answer of the theme, where one may be quoted.")


class Words(Contract):
    """What a side wrote, read for stance; quotes only where the text threshold allows."""

    statements: int
    stances: dict[str, int] = Field(description="Stance to the number of statements read so.")
    by_question: dict[str, dict[str, int]] = Field(
        description="Question to its stances, each with its number of statements."
    )
    quotes: list[Quote]
    portraits: list[Portrait]
    themes: list[Theme]


class Segment(Contract):
    value: str = Field(description="The attribute's value (a role, a level, ...).")
    respondents: int
    scores: Numbers = Field(description="Construct code to the group's mean score, 0-100.")
    answered: dict[str, int] = Field(description="Construct code to respondents who answered.")


class Split(Contract):
    """A difference between two groups of a side that is clear of noise."""

    attribute: str
    construct_code: str = Field(alias="construct")
    high: str
    low: str
    scores: Interval = Field(description="The high group's score and the low group's, 0-100.")
    difference: Number
    ci95: Interval


class Segments(Contract):
    """A side's groups by respondent attribute (docs/method.md §2b)."""

    attributes: dict[str, list[Segment]] = Field(
        description="Attribute to its groups that the anonymity rules allow showing."
    )
    withheld: list[str] = Field(description="Attributes given but not shown.")
    splits: list[Split]


class ShownSide(Contract):
    """One side (a party's view of the other) with at least the score threshold answering."""

    about: str = Field(description="The other party, whom this side answered about.")
    respondents: int
    shown: Literal[True]
    partnering_score: Number = Field(description="0-100.")
    partnering_score_ci95: Interval | None
    scores: Numbers = Field(description="Construct code to the side's mean score, 0-100.")
    answered: dict[str, int] = Field(description="Construct code to respondents who answered.")
    sd: Numbers = Field(description="Construct code to the standard deviation, in points.")
    ci95: dict[str, Interval] = Field(description="Construct code to its score's interval.")
    agreement_rwg_j: Numbers = Field(description="Construct code to rwg(j), 0-1.")
    low_agreement: list[str] = Field(description="Constructs the side disagrees on.")
    reliability: dict[str, Alpha] = Field(description="Construct code to its alpha.")
    words: Words | None = None
    segments: Segments | None = None


class HiddenSide(Contract):
    """A side below the score threshold: nothing of it is shown, not even its count."""

    about: str
    respondents: None
    shown: Literal[False]


class Power(Contract):
    """Who holds the power and on what; empty for a relationship without results."""

    holder: str | None = None
    basis: str | None = None
    gap: Number = None
    leverage: Numbers = Field(default_factory=dict, description="Party to its leverage.")
    direction: Numbers = Field(default_factory=dict, description="Party to its direction.")


class MutualNeed(Contract):
    """How much each party needs the other and how well it reads the other's need; empty for a
    relationship without results."""

    need: Numbers = Field(default_factory=dict, description="Party to its need, 0-100.")
    estimate_of_other_need: Numbers = Field(
        default_factory=dict, description="Party to its estimate of the other's need, 0-100."
    )
    misreading: Numbers = Field(
        default_factory=dict, description="Party to its estimate less the other's own need."
    )


class Named(Contract):
    """What the rule names: at least the notable size, with the interval clear of 0."""

    gaps: list[str]
    misreadings: list[str]


class Relationship(Contract):
    """One relationship of one round: both sides, the archetype and what it rests on."""

    wave: str | None = Field(None, description="The round, in a file of several rounds.")
    parties: list[str] = Field(min_length=2, max_length=2)
    label: str | None
    scope: str | None = Field(description="`internal` or `external`, where declared.")
    archetype: str
    roles: dict[str, str] = Field(description="Party to its role in the archetype.")
    confidence: Number = Field(description="How clearly the archetype fits, 0-1.")
    partnering_index: Number = Field(description="0-100.")
    name_only: bool
    declared_partner: bool
    sides: Mapping[str, ShownSide | HiddenSide] = Field(
        description="Party to its side: what its members answered about the other."
    )
    gaps: Numbers = Field(description="Construct code to the first party's score less the other's.")
    power: Power
    mutual_need: MutualNeed
    parity: Numbers = Field(description="Part of the parity to its value.")
    reasons: list[str] = Field(description="Sentences saying why the archetype was chosen.")
    contradictions: list[str]
    partnering_index_ci95: Interval | None
    gaps_ci95: dict[str, Interval]
    misreadings_ci95: dict[str, Interval] = Field(description="Party to its misreading's interval.")
    power_gap_ci95: Interval | None
    named: Named


class WithinSides(Contract):
    """A construct's reliability over every shown respondent, within sides."""

    items: int
    n: int
    alpha: Number
    ci_low: Number
    ci_high: Number
    omega: Number


class ScreenedSide(Contract):
    wave: str | int | float | None = Field(None, description="The round, with several rounds.")
    party: str
    about: str
    flagged: int
    reasons: dict[str, int] = Field(description="Reason code to respondents flagged for it.")


class ScreenThresholds(Contract):
    min_answered_share: float
    straight_line_min_answers: int
    agree_points: int
    acquiescence_min_pairs: int
    acquiescence_min_share: float
    seconds_per_item: float


class Screen(Contract):
    """The respondent screen (docs/method.md §2a); hidden sides are never listed."""

    kept_flagged: bool
    flagged: int
    reasons: dict[str, int] = Field(description="Reason code to respondents flagged for it.")
    sides: list[ScreenedSide]
    thresholds: ScreenThresholds


class RobinFinding(Contract):
    kind: str = Field(description="`perceiver`, `target` or `relationship`.")
    party: str
    construct_code: str = Field(alias="construct")
    effect: Number = Field(description="In points.")
    sentence: str
    other: str | None = Field(None, description="The other party of a relationship effect.")
    reliability: Number = None


class RobinConstruct(Contract):
    shares: Numbers = Field(description="`perceiver`, `target`, `relationship` to its share.")
    generalized_reciprocity: Number
    dyadic_reciprocity: Number
    reliability: Numbers = Field(description="`perceiver`, `target` to its reliability.")
    perceiver_effects: Numbers = Field(description="Party to its effect, in points.")
    target_effects: Numbers = Field(description="Party to its effect, in points.")
    warnings: list[str]


class RoundRobin(Contract):
    """The social relations model over the parties that all rated one another."""

    wave: str | None
    members: list[str]
    left_out: list[str]
    ratings: int
    possible: int
    findings: list[RobinFinding]
    pair_findings: list[RobinFinding]
    constructs: dict[str, RobinConstruct] = Field(description="Construct code to its model.")


class Node(Contract):
    name: str
    kind: str | None
    relationships: int
    strength: Number
    betweenness: Number
    roles: dict[str, int] = Field(description="Role to the relationships it has it in.")


class Network(Contract):
    wave: str | None
    nodes: list[Node]
    central: list[str]
    servants: dict[str, list[str]] = Field(description="Party to those it serves.")
    masters: dict[str, list[str]] = Field(description="Party to those it directs.")
    clusters: list[list[str]]
    cores: list[list[str]]
    unpartnered: list[str]
    sentences: list[str]


class ScopeSummary(Contract):
    relationships: int
    classified: int
    mean_partnering_index: Number
    partnering: int
    name_only: int
    archetypes: dict[str, int] = Field(description="Archetype to its relationships.")


class Scopes(Contract):
    internal: ScopeSummary
    external: ScopeSummary
    difference: Number
    verdict: str
    sentence: str


class TrendPoint(Contract):
    round: str
    archetype: str
    partnering_index: Number
    asymmetry: Number


class Trend(Contract):
    parties: list[str]
    points: list[TrendPoint]


class TrendWarning(Contract):
    parties: list[str]
    from_round: str = Field(alias="from")
    to: str
    asymmetry: Interval = Field(description="Before and after.")
    driver: str
    sentence: str


class Trends(Contract):
    rounds: list[str]
    relationships: list[Trend]
    warnings: list[TrendWarning]
    sentences: list[str]


class Organization(Contract):
    """The organization-wide views (docs/method.md, "The whole organization")."""

    wave: str | None
    round_robin: RoundRobin | None
    network: Network
    internal_external: Scopes | None
    trends: Trends | None


class Analysis(Contract):
    """The output of `parity analyze --format json`."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, title="Parity analysis")

    format_version: Literal[1]
    instrument: Instrument
    min_respondents: int = Field(description="The score threshold the sides were shown under.")
    gap_convention: str
    reliability: dict[str, WithinSides] = Field(description="Construct code to its reliability.")
    screen: Screen
    organization: Organization
    relationships: list[Relationship]


def analysis_schema() -> dict[str, Any]:
    """The JSON Schema of the analysis JSON, as published in docs/analysis.schema.json."""
    schema = Analysis.model_json_schema(by_alias=True, mode="serialization")
    return {"$schema": DIALECT, **schema}


def analysis_schema_text() -> str:
    """:func:`analysis_schema` as the committed file has it: indented, one newline at the end."""
    return json.dumps(analysis_schema(), indent=2, ensure_ascii=False) + "\n"
