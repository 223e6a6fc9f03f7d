"""The respondent screen: answers that cannot be read as anyone's view, found before scoring.

Five rules, each a flag with its reason, per respondent (one row of the canonical responses
frame, :mod:`parity.core.schema`); docs/method.md §2a explains them in plain words:

- ``straight_line``: every rated answer is the same (at least :data:`STRAIGHT_LINE_MIN_ANSWERS`
  of them). The items pull in opposite directions (deference against direction, alternatives
  against need, and TRS3 is reverse-keyed), so one answer throughout cannot be a view: all 7s
  says "we trust them" and "our dealings end in escalation" at the same time.
- ``acquiescence``: agreeing with both sides of enough (:func:`acquiescence_min_pairs`) of the
  instrument's contradictions (:func:`contradictions_of`: TPI-1's :data:`CONTRADICTIONS`, and
  each construct's statements against its reverse-keyed ones), statements that cannot both be
  true (we set their priorities / we do
  what they ask without question).
- ``too_few_answers``: fewer than :data:`MIN_ANSWERED_SHARE` of the rated items answered.
- ``duplicate``: the same answers (rated items and texts) as an earlier respondent of the same
  side; the first is kept.
- ``speeder``: answered in fewer than :data:`SECONDS_PER_ITEM` seconds per rated item answered,
  where the time taken is known (the optional ``seconds`` column; the web survey records it).

Every threshold is a named constant here, and only here. The engine
(:func:`parity.core.analysis.analyze`) leaves flagged respondents out of every score, count and
word unless asked to keep them, and reports how many each shown side had
(:class:`ScreenSummary`); asked to leave out only groups (:func:`left_out`), it keeps a side's
flagged respondents when fewer than a given number of them were flagged. Pure: no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from parity.core.instrument import Instrument
from parity.core.schema import ABOUT, PARTY, SECONDS, TEXT_COLUMNS, WAVE
from parity.core.translation import N_, Sentence, term

STRAIGHT_LINE = "straight_line"
ACQUIESCENCE = "acquiescence"
TOO_FEW_ANSWERS = "too_few_answers"
DUPLICATE = "duplicate"
SPEEDER = "speeder"
#: The reasons, in the order every output lists them.
REASONS: tuple[str, ...] = (STRAIGHT_LINE, ACQUIESCENCE, TOO_FEW_ANSWERS, DUPLICATE, SPEEDER)

SECONDS_PER_ITEM = 2.0
"""A respondent who took fewer than this many seconds per rated item answered (the whole
survey's time over the number of rated answers) is a speeder. Two seconds an item is the
cut-off of Huang, Curran, Keeney, Poposki and DeShon (2012), "Detecting and deterring
insufficient effort responding to surveys", Journal of Business and Psychology 27(1), 99-114:
reading a statement and choosing an answer takes longer, so answers given faster were not
read. The time covers the open questions too, so a respondent who wrote is judged leniently."""

#: Each reason in a few words after a count, for the terminal ("left out 3 respondents:
#: 2 gave the same answer to every item, ...") and the pages; shown in the reader's language.
REASON_WORDS: Mapping[str, Sentence] = {
    STRAIGHT_LINE: term(N_("gave the same answer to every item")),
    ACQUIESCENCE: term(N_("agreed with statements that contradict each other")),
    TOO_FEW_ANSWERS: term(N_("answered fewer than half the items")),
    DUPLICATE: term(N_("repeated an earlier respondent's answers")),
    SPEEDER: Sentence(
        N_("answered faster than {seconds} seconds a statement"), seconds=f"{SECONDS_PER_ITEM:g}"
    ),
}

MIN_ANSWERED_SHARE = 0.5
"""A respondent must answer at least this share of the instrument's rated items (12 of TPI-1's
24). With fewer, most constructs rest on one item or none, so the respondent's scores are not
comparable with the side's others and their answers weigh on a few constructs only; a row with
a single answer is more likely a test, an abandoned survey or a mistake than a view."""

STRAIGHT_LINE_MIN_ANSWERS = 8
"""Identical answers are a straight line only from this many rated answers on. The survey's
first page asks six statements that all lean the same way (shared outcome, stake, commitment),
so six equal answers can be honest; eight reach items that pull the other way."""

AGREE_POINTS = 2
"""Agreeing is an answer (the mean of a statement group's answered items) in the top this many
points of the scale: 6 ("Agree") or 7 ("Strongly agree") on 1-7. "Somewhat agree" is not
counted: a hedged answer to each of two opposite statements can be a fair picture of a mixed
relationship."""

ACQUIESCENCE_MIN_PAIRS = 2
"""Agreeing with both sides of one contradiction can be a real tension (a supplier that sets a
customer's priorities yet finds it hard to refuse it); agreeing with both sides of two or more
is a pattern of agreeing with whatever is asked."""

ACQUIESCENCE_MIN_SHARE = 0.2
"""With many contradictions to agree with (TPI-2 has one in nearly every construct), two can be
honest tensions; the pattern is both sides of at least this share of them (4 of TPI-2's 18),
and never fewer than :data:`ACQUIESCENCE_MIN_PAIRS` (2 of TPI-1's 3)."""


@dataclass(frozen=True)
class Contradiction:
    """Two groups of statements (raw answers, before reverse keying) that cannot both be true."""

    name: str
    first: tuple[str, ...]
    second: tuple[str, ...]
    why: str


#: The contradictory pairs of TPI-1 (whose item IDs every instrument keeps).
CONTRADICTIONS: tuple[Contradiction, ...] = (
    Contradiction(
        "direction_and_deference",
        ("DIR1", "DIR2"),
        ("DEF1", "DEF2"),
        "they carry out what we decide and we set their priorities, yet we do what they ask "
        "without question and find it hard to say no",
    ),
    Contradiction(
        "alternatives_and_need",
        ("ALT1", "ALT2"),
        ("NEED1", "NEED2"),
        "we could easily go elsewhere and replacing them would cost little, yet we need them "
        "and our results would suffer badly without them",
    ),
    Contradiction(
        "trust_and_escalation",
        ("TRS1", "TRS2"),
        ("TRS3",),
        "we trust them and disagreements end constructively, yet our dealings often end in "
        "escalation, dispute or legal threat",
    ),
)


def contradictions_of(instrument: Instrument) -> tuple[Contradiction, ...]:
    """The contradictions an instrument asks: those of :data:`CONTRADICTIONS` whose two groups
    it has items of, and, for each construct with both, its statements against its
    reverse-keyed statements (comparisons aside: they are not agreed with)."""
    asked = set(instrument.item_ids)
    found = [
        c for c in CONTRADICTIONS if asked.intersection(c.first) and asked.intersection(c.second)
    ]
    seen = {(frozenset(c.first) & asked, frozenset(c.second) & asked) for c in found}
    for code in instrument.construct_codes:
        statements = [i for i in instrument.items_of(code) if not i.compares]
        plain = tuple(i.id for i in statements if not i.reverse)
        reverse = tuple(i.id for i in statements if i.reverse)
        if plain and reverse and (frozenset(plain), frozenset(reverse)) not in seen:
            name = instrument.constructs[code].short
            found.append(
                Contradiction(f"{code.lower()}_reversed", plain, reverse, f"{name} both ways")
            )
    return tuple(found)


def acquiescence_min_pairs(count: int) -> int:
    """How many of ``count`` contradictions agreed both ways flag a respondent."""
    return max(ACQUIESCENCE_MIN_PAIRS, math.ceil(ACQUIESCENCE_MIN_SHARE * count))


def screen(
    responses: pd.DataFrame, instrument: Instrument, *, one_answer_each: bool = False
) -> pd.DataFrame:
    """One row per row of ``responses`` (same index), one boolean column per reason in
    :data:`REASONS`: True where the respondent is flagged for it.

    ``one_answer_each``: every row is known to be a different person (the web survey's
    single-use ballots), so two identical rows are two people who answered alike, not one
    row twice: nothing is flagged as a duplicate.

    Never raises on answers: skipped items, blank rows, answers off the scale and an empty
    frame all give flags (or none).
    """
    items = [i for i in instrument.item_ids if i in responses.columns]
    answers = _answers(responses, items)
    answered = np.isfinite(answers).sum(axis=1)
    flags = {
        STRAIGHT_LINE: _straight_line(answers, answered),
        ACQUIESCENCE: _acquiescence(answers, items, instrument),
        TOO_FEW_ANSWERS: answered < MIN_ANSWERED_SHARE * len(instrument.item_ids),
        DUPLICATE: (
            np.zeros(len(responses), dtype=bool)
            if one_answer_each
            else _duplicate(responses, items)
        ),
        SPEEDER: _speeder(responses, answered),
    }
    return pd.DataFrame(flags, index=responses.index, columns=list(REASONS), dtype=bool)


def _answers(responses: pd.DataFrame, items: list[str]) -> np.ndarray:
    """The answers to ``items`` as floats, NaN where not a number. Columns the reader already
    made numbers are taken as they are: converting them cell by cell again would cost a copy
    of the whole file."""
    frame = responses.loc[:, items]
    numeric = all(isinstance(t, np.dtype) and t.kind in "fiu" for t in frame.dtypes)
    if not numeric:
        frame = frame.apply(pd.to_numeric, errors="coerce")
    return np.asarray(frame, dtype="float64").reshape(len(responses), len(items))


def flagged(flags: pd.DataFrame) -> pd.Series:
    """True for a respondent flagged for any reason."""
    return flags.any(axis=1)


def left_out(
    responses: pd.DataFrame, flags: pd.DataFrame, *, keep: bool = False, smallest_group: int = 1
) -> np.ndarray:
    """The rows the analysis leaves out: the flagged ones (none when ``keep``), and only on
    sides where at least ``smallest_group`` respondents were flagged.

    Whoever knows how many of a side answered (the web's round page counts the responses) and
    sees how many the results count would otherwise learn, by subtraction, how many were left
    out: with ``smallest_group`` at the anonymity threshold, that number is 0 or a group that
    may be shown (docs/method.md §2a).
    """
    out = np.asarray(flagged(flags).to_numpy(), dtype=bool)
    if keep:
        return np.zeros(len(responses), dtype=bool)
    if smallest_group <= 1 or not out.any():
        return out
    keys = [responses[c].to_numpy() for c in (WAVE, PARTY, ABOUT) if c in responses.columns]
    per_side = pd.Series(out, dtype=int).groupby(keys, dropna=False).transform("sum")
    return np.asarray(out & (per_side.to_numpy() >= smallest_group), dtype=bool)


def _straight_line(answers: np.ndarray, answered: np.ndarray) -> np.ndarray:
    """All answered items the same, and at least :data:`STRAIGHT_LINE_MIN_ANSWERS` of them."""
    finite = np.isfinite(answers)
    high = np.where(finite, answers, -np.inf).max(axis=1, initial=-np.inf)
    low = np.where(finite, answers, np.inf).min(axis=1, initial=np.inf)
    return np.asarray((high == low) & (answered >= STRAIGHT_LINE_MIN_ANSWERS), dtype=bool)


def _agrees(
    answers: np.ndarray, items: list[str], statements: tuple[str, ...], agree_from: float
) -> np.ndarray:
    """The mean of the answered ``statements`` is an agreeing answer (False when none of them
    was answered)."""
    columns = [items.index(s) for s in statements if s in items]
    values = answers[:, columns]
    finite = np.isfinite(values)
    count = finite.sum(axis=1)
    total = np.where(finite, values, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / count
    return np.asarray((count > 0) & (mean >= agree_from), dtype=bool)


def _acquiescence(answers: np.ndarray, items: list[str], instrument: Instrument) -> np.ndarray:
    """Both sides of enough of the instrument's contradictions agreed with
    (:func:`acquiescence_min_pairs` of :func:`contradictions_of`)."""
    agree_from = instrument.scale_max - AGREE_POINTS + 1
    both = np.zeros(len(answers), dtype=int)
    contradictions = contradictions_of(instrument)
    for c in contradictions:
        first = _agrees(answers, items, c.first, agree_from)
        second = _agrees(answers, items, c.second, agree_from)
        both += first & second
    return both >= acquiescence_min_pairs(len(contradictions))


def _speeder(responses: pd.DataFrame, answered: np.ndarray) -> np.ndarray:
    """Fewer than :data:`SECONDS_PER_ITEM` seconds per rated item answered; never flagged
    without a known time or without a rated answer."""
    if SECONDS not in responses.columns:
        return np.zeros(len(responses), dtype=bool)
    seconds = np.asarray(pd.to_numeric(responses[SECONDS], errors="coerce"), dtype="float64")
    with np.errstate(invalid="ignore"):
        fast = np.isfinite(seconds) & (seconds < SECONDS_PER_ITEM * answered)
    return np.asarray(fast & (answered > 0), dtype=bool)


def _duplicate(responses: pd.DataFrame, items: list[str]) -> np.ndarray:
    """The same side, the same answers and the same texts as an earlier row (the respondent's
    id aside); an answer skipped by both counts as the same."""
    keys = [c for c in (WAVE, PARTY, ABOUT) if c in responses.columns]
    texts = [c for c in TEXT_COLUMNS if c in responses.columns]
    subset = [*keys, *items, *texts]
    if responses.empty or not subset:
        return np.zeros(len(responses), dtype=bool)
    return np.asarray(responses.duplicated(subset=subset, keep="first"), dtype=bool)


@dataclass(frozen=True)
class ScreenedSide:
    """How many respondents of one side the screen flagged, in all and by reason (a respondent
    flagged for two reasons counts once in ``flagged`` and under each reason), and whether they
    were kept in the side's scores (:func:`left_out`)."""

    party: str
    about: str
    wave: Any
    flagged: int
    reasons: Mapping[str, int] = field(default_factory=dict)
    kept: bool = False

    @property
    def key(self) -> tuple[Any, str, str]:
        return (self.wave, self.party, self.about)


@dataclass(frozen=True)
class ScreenSummary:
    """The screen of one analysis: the flagged respondents of each shown side, and whether
    they were left out (the default) or kept (``keep_flagged``).

    Only shown sides are listed, and only those with at least one flagged respondent: a hidden
    side's count would tell who answered (docs/privacy.md). No total includes a hidden side.
    """

    kept: bool = False
    sides: tuple[ScreenedSide, ...] = ()

    @property
    def flagged(self) -> int:
        return sum(s.flagged for s in self.sides)

    @property
    def reasons(self) -> dict[str, int]:
        """Flagged respondents by reason over the listed sides, in :data:`REASONS` order."""
        totals = {r: sum(s.reasons.get(r, 0) for s in self.sides) for r in REASONS}
        return {r: n for r, n in totals.items() if n}

    def only(self, keys: Iterable[tuple[Any, str, str]]) -> ScreenSummary:
        """The summary of the given sides only ((wave, party, about) each): what a view that
        hides more sides may still show."""
        wanted = set(keys)
        return ScreenSummary(self.kept, tuple(s for s in self.sides if s.key in wanted))


#: The summary of an analysis in which nobody was flagged (an immutable default).
NOTHING_SCREENED = ScreenSummary()


def summarize(
    responses: pd.DataFrame,
    flags: pd.DataFrame,
    shown: pd.Index,
    *,
    kept: bool,
    out: np.ndarray | None = None,
) -> ScreenSummary:
    """The flagged respondents of each side in ``shown`` (an index of side keys: (wave,)
    party, about), by reason; sides without any flagged respondent are not listed. ``out`` is
    :func:`left_out`'s mask (by default every flagged row, unless ``kept``): a side none of
    whose rows it leaves out is listed as kept."""
    any_flag = flagged(flags)
    if not any_flag.any() or not len(shown):
        return ScreenSummary(kept=kept)
    if out is None:
        out = np.zeros(len(flags), dtype=bool) if kept else any_flag.to_numpy()
    keys = [c for c in (WAVE, PARTY, ABOUT) if c in responses.columns]
    mask = any_flag.to_numpy()
    rows = flags[mask].reset_index(drop=True).astype(int)
    rows["_all"] = 1
    rows["_out"] = np.asarray(out, dtype=int)[mask]
    where = responses.loc[mask, keys].reset_index(drop=True)
    counts = rows.groupby([where[k] for k in keys], sort=True).sum()
    listed = []
    for key, row in counts.iterrows():
        parts: tuple[Any, ...] = key if isinstance(key, tuple) else (key,)
        if parts not in shown:
            continue
        wave, party, about = parts if len(parts) == 3 else (None, *parts)
        listed.append(
            ScreenedSide(
                party=str(party),
                about=str(about),
                wave=wave,
                flagged=int(row["_all"]),
                reasons={r: int(row[r]) for r in REASONS if int(row[r])},
                kept=not int(row["_out"]),
            )
        )
    return ScreenSummary(kept=kept, sides=tuple(listed))
