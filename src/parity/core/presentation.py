"""What every output shows of a relationship and of an organization, built once.

The terminal, the reports and the web pages each used to draw the same relationship from the
engine's result in their own way (their own row types, their own names, their own way to find
a result's relationship); they now render one :class:`RelationshipView`, made by
:func:`relationship_view` from the result *after* the anonymity gate, and one
:class:`OrganizationPresentation`. The JSON output is the result itself
(:mod:`parity.io.analysis_json`), also after the gate. Rows are found by the caller's id
(``key``), never by party names.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from parity.core.analysis import RelationshipResult
from parity.core.archetypes import INSUFFICIENT
from parity.core.disclosure import (
    NOTHING_WITHHELD,
    SideView,
    Thresholds,
    Withheld,
    disclose,
    reasons_of,
    side_view,
)
from parity.core.dyads import PARITY_PARTS
from parity.core.instrument import Construct
from parity.core.intervals import Interval
from parity.core.segment_view import SideSegmentsView, segment_views
from parity.core.translation import gettext, ngettext, term
from parity.core.vocabulary import archetype_name, archetype_words, constructs_or_tpi1, role_words

Pair = tuple[float | None, float | None]


def number(value: Any) -> float | None:
    """A figure as shown: None for missing or NaN."""
    if value is None:
        return None
    found = float(value)
    return None if math.isnan(found) else found


def _whole(value: float) -> str:
    return f"{value:.0f}"


def _signed(value: float) -> str:
    rounded = round(value)
    return "0" if rounded == 0 else f"+{rounded}" if rounded > 0 else f"−{abs(rounded)}"


def with_interval(value: float | None, interval: Interval | None, *, signed: bool = False) -> str:
    """A figure with its 95% interval in the compact form every output shows it: a score
    "62 (55–70)", a gap (``signed``) "−18 (−30 to −6)"; the figure alone where no interval may
    be shown, a dash where there is no figure. Whole points, as every figure is published."""
    found = number(value)
    if found is None:
        return "–"
    form = _signed if signed else _whole
    if interval is None:
        return form(found)
    low, high = interval
    if signed:
        return gettext("{figure} ({low} to {high})").format(
            figure=form(found), low=form(low), high=form(high)
        )
    return f"{form(found)} ({form(low)}–{form(high)})"


@dataclass(frozen=True)
class ConstructRow:
    """One construct of the profile: both sides' scores (None where hidden or unanswered)."""

    code: str
    name: str
    words: str
    scores: Pair
    #: Each side's Cronbach's alpha of the construct, where it has one.
    alphas: Pair = (None, None)
    #: The gap's 95% interval, where it may be shown, and whether the gap is named
    #: (:func:`parity.core.dyads.named`).
    interval: Interval | None = None
    named: bool = False

    @property
    def gap(self) -> float | None:
        a, b = self.scores
        return None if a is None or b is None else a - b

    @property
    def gap_text(self) -> str:
        """The gap with its interval: "−18 (−30 to −6)"."""
        return with_interval(self.gap, self.interval, signed=True)


@dataclass(frozen=True)
class PowerRow:
    party: str
    alternatives: float | None
    need: float | None
    leverage: float | None
    direction: float | None


@dataclass(frozen=True)
class NeedRow:
    """One side's own need, its estimate of the other's need, and how far that is off."""

    party: str
    other: str
    need: float | None
    estimate: float | None
    other_says: float | None
    misreading: float | None
    #: The misreading's 95% interval, where it may be shown, and whether the misreading is
    #: named (:func:`parity.core.dyads.named`).
    interval: Interval | None = None
    named: bool = False

    @property
    def notable(self) -> bool:
        """The misreading is named: flagged and told in a sentence."""
        return self.named

    @property
    def misreading_text(self) -> str:
        """The misreading with its interval: "+25 (+8 to +40)"."""
        return with_interval(self.misreading, self.interval, signed=True)


@dataclass(frozen=True)
class ParityRow:
    name: str
    scores: Pair
    parity: float


@dataclass(frozen=True)
class RelationshipView:
    """One relationship as every output shows it. ``result`` is the disclosed copy; ``sides``
    come from the original, so a side can say that its words were withheld.

    The tables (profile, power, need, parity) are made from the disclosed copy when first
    read: a results table of a thousand relationships shows none of them, and making them
    for every row was a sixth of a large round's first page."""

    result: RelationshipResult
    thresholds: Thresholds
    sides: tuple[SideView, SideView]
    reasons: tuple[str, ...]

    def fields(self) -> dict[str, Any]:
        """The view's fields, for a page's row that extends it with its own."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(RelationshipView)}

    @cached_property
    def profile(self) -> tuple[ConstructRow, ...]:
        return profile_rows(self.result)

    @cached_property
    def power_rows(self) -> tuple[PowerRow, ...]:
        return _power_rows(self.result) if self.classified else ()

    @cached_property
    def need_rows(self) -> tuple[NeedRow, ...]:
        return _need_rows(self.result) if self.classified else ()

    @cached_property
    def parity(self) -> tuple[ParityRow, ...]:
        return _parity_rows(self.result) if self.classified else ()

    @property
    def parties(self) -> tuple[str, str]:
        return self.result.parties

    @property
    def key(self) -> str | None:
        return self.result.key

    @property
    def title(self) -> str:
        """ "IT and Sales": a heading."""
        return gettext("{first} and {second}").format(first=self.parties[0], second=self.parties[1])

    @property
    def name(self) -> str:
        """ "IT – Sales": a row of a table."""
        return " – ".join(self.parties)

    @property
    def classified(self) -> bool:
        return self.result.archetype != INSUFFICIENT

    @property
    def archetype_name(self) -> str:
        return archetype_name(self.result.archetype)

    @property
    def archetype_words(self) -> str:
        return archetype_words(self.result.archetype)

    @property
    def roles(self) -> tuple[tuple[str, str], ...]:
        return tuple(self.result.roles.items())

    @property
    def roles_text(self) -> str:
        """ "Sales: master; IT: servant" (empty without roles)."""
        return "; ".join(f"{party}: {role_words(role)}" for party, role in self.roles)

    @property
    def power(self) -> Mapping[str, Any]:
        return self.result.power

    @property
    def constructs(self) -> Mapping[str, Construct]:
        return constructs_or_tpi1(self.result.constructs)

    @property
    def statements(self) -> int:
        """How many statements each side rated: the items of the constructs scored."""
        return statements(self.constructs)

    @property
    def index_text(self) -> str:
        """The partnering index with its interval: "62 (55–70)"."""
        return with_interval(self.result.partnering_index, self.result.intervals.partnering_index)

    @property
    def partnering_texts(self) -> tuple[str, str]:
        """Each side's partnering score with its interval, as :attr:`index_text`."""
        a, b = (with_interval(s.partnering_score, s.partnering_interval) for s in self.sides)
        return a, b

    @property
    def power_gap_text(self) -> str:
        """The power gap (the holder's lead) with its interval: "24 (9–38)"."""
        return with_interval(self.result.power.get("gap"), self.result.intervals.power_gap)

    @property
    def segments(self) -> tuple[SideSegmentsView, ...]:
        """Each shown side's segments by role, level, location and tenure, as the anonymity
        gate left them (docs/method.md §2b)."""
        return segment_views(self.result, self.constructs)

    @property
    def splits(self) -> tuple[str, ...]:
        """The engine's sentence for each attribute that splits a side, side by side."""
        return tuple(line for side in self.segments for line in side.splits)


def statements(constructs: Mapping[str, Construct]) -> int:
    return sum(len(c.items) for c in constructs.values())


def _pair(result: RelationshipResult, code: str) -> Pair:
    a, b = result.sides
    return number(a.scores.get(code)), number(b.scores.get(code))


def profile_rows(result: RelationshipResult) -> tuple[ConstructRow, ...]:
    """Every construct the result was scored on, in the instrument's order and words."""
    return tuple(
        ConstructRow(
            code,
            term(words.name),
            term(words.short),
            _pair(result, code),
            _alphas(result, code),
            interval=result.intervals.gaps.get(code),
            named=code in result.intervals.named_gaps,
        )
        for code, words in constructs_or_tpi1(result.constructs).items()
    )


def _alphas(result: RelationshipResult, code: str) -> Pair:
    found = (side.reliability.get(code) for side in result.sides)
    a, b = (None if f is None else number(f.alpha) for f in found)
    return a, b


def _power_rows(result: RelationshipResult) -> tuple[PowerRow, ...]:
    power = result.power
    return tuple(
        PowerRow(
            party=side.party,
            alternatives=number(side.scores.get("ALT")),
            need=number(side.scores.get("NEED")),
            leverage=number(power["leverage"].get(side.party)),
            direction=number(power["direction"].get(side.party)),
        )
        for side in result.sides
    )


def _need_rows(result: RelationshipResult) -> tuple[NeedRow, ...]:
    need = result.mutual_need
    pa, pb = result.parties
    return tuple(
        NeedRow(
            party=me,
            other=other,
            need=number(need["need"].get(me)),
            estimate=number(need["estimate_of_other_need"].get(me)),
            other_says=number(need["need"].get(other)),
            misreading=number(need["misreading"].get(me)),
            interval=result.intervals.misreadings.get(me),
            named=me in result.intervals.named_misreadings,
        )
        for me, other in ((pa, pb), (pb, pa))
    )


def _parity_rows(result: RelationshipResult) -> tuple[ParityRow, ...]:
    words = constructs_or_tpi1(result.constructs)
    return tuple(
        ParityRow(
            term(words[PARITY_PARTS[name]].name) if PARITY_PARTS[name] in words else name,
            _pair(result, PARITY_PARTS[name]),
            value,
        )
        for name, value in result.parity.items()
    )


def relationship_view(
    result: RelationshipResult, thresholds: Thresholds, withheld: Withheld = NOTHING_WITHHELD
) -> RelationshipView:
    """``result`` as every output shows it under ``thresholds``: through the anonymity gate
    first, so nothing below the thresholds reaches a row."""
    shown = disclose(result, thresholds, withheld)
    sides = (
        side_view(result.sides[0], thresholds, withheld),
        side_view(result.sides[1], thresholds, withheld),
    )
    return RelationshipView(shown, thresholds, sides, reasons_of(result, thresholds))


@dataclass(frozen=True)
class Headline:
    """How many relationships called partner are partners in name only."""

    name_only: int
    called_partner: int
    untold: int

    @property
    def sentence(self) -> str:
        """The headline in the current language (made when shown, never kept)."""
        if not self.called_partner and not self.untold:
            return gettext("No relationship in this round is called a partnership.")
        text = ngettext(
            "{name_only} of {called} relationship called partner is a partner in name only.",
            "{name_only} of {called} relationships called partner are partners in name only.",
            self.called_partner,
        ).format(name_only=self.name_only, called=self.called_partner)
        if self.untold:
            more = ngettext(
                "{untold} more called partner has too few answers to tell.",
                "{untold} more called partner have too few answers to tell.",
                self.untold,
            )
            text += " " + more.format(untold=self.untold)
        return text


def headline(results: Sequence[RelationshipResult]) -> Headline:
    partner = [r for r in results if r.declared_partner]
    told = [r for r in partner if r.archetype != INSUFFICIENT]
    return Headline(
        name_only=sum(r.name_only for r in told),
        called_partner=len(told),
        untold=len(partner) - len(told),
    )


@dataclass(frozen=True)
class OrganizationPresentation:
    """Every relationship of one round as the outputs show it, in the engine's order, each
    findable by the caller's id, and the headline they share."""

    rows: tuple[RelationshipView, ...]
    headline: Headline

    def by_key(self) -> dict[str, RelationshipView]:
        return {row.key: row for row in self.rows if row.key is not None}

    @property
    def constructs(self) -> Mapping[str, Construct]:
        """The constructs the results were scored on, for a glossary."""
        return constructs_or_tpi1(self.rows[0].result.constructs if self.rows else {})


def organization_presentation(
    results: Sequence[RelationshipResult],
    thresholds: Thresholds,
    withheld: Withheld = NOTHING_WITHHELD,
) -> OrganizationPresentation:
    rows = tuple(relationship_view(r, thresholds, withheld) for r in results)
    return OrganizationPresentation(rows, headline([row.result for row in rows]))
