"""Validating the instrument: its constructs as a confirmatory factor analysis of the answers.

:mod:`parity.core.cfa` fits any model; this module decides what it is asked on Parity's data and
says in words what came of it, so that the terminal, the JSON and the report say the same:

- the model is the instrument's constructs with their items, the answers keyed as
  :func:`parity.core.scoring.keyed_answers` keys them (a reverse-keyed item turned round, so
  every loading of a sound item is positive);
- a construct with a single item cannot be a factor (its variance and the item's error cannot
  be told apart); it is left out of the model, with a sentence;
- a respondent who skipped any of the model's items is left out (listwise deletion), and the
  numbers used and dropped are reported;
- fewer complete respondents than free parameters is refused with a sentence;
- groups (``by``) are compared at three levels of invariance; a group with fewer complete
  respondents than :func:`minimum_group_size` is refused by name.

The formulas and the cut-offs are in docs/method.md, "Validating the instrument".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from parity.core.cfa import (
    CFAError,
    CFAModel,
    CFAResult,
    Factor,
    FitIndices,
    Invariance,
    InvarianceStep,
    fit_cfa,
    invariance,
    parameter_count,
)
from parity.core.instrument import Instrument
from parity.core.policy import DEFAULT_SCORE_THRESHOLD
from parity.core.schema import WAVE
from parity.core.scoring import keyed_answers, side_keys
from parity.core.screen import flagged, screen

#: Fewer complete respondents per free parameter than this and the sentences advise caution
#: (Bentler & Chou 1987 suggest at least five).
RESPONDENTS_PER_PARAMETER = 5
#: The usual cut-offs of good fit (Hu & Bentler 1999).
GOOD_CFI = 0.95
GOOD_RMSEA = 0.06
GOOD_SRMR = 0.08
#: Omega below this is weak reliability for comparing groups (Nunnally's .70).
GOOD_OMEGA = 0.70
#: Factors correlating beyond this are hardly told apart by the answers (Brown 2015).
DISTINCT_CORRELATION = 0.85
#: The chi-square difference tests of invariance reject at this level.
INVARIANCE_ALPHA = 0.05


class ValidationError(ValueError):
    """A validation that cannot be run on these answers; the message says why, in words."""


@dataclass(frozen=True)
class Comparison:
    """Invariance across the groups of one column, and what it means in words."""

    column: str
    invariance: Invariance
    #: Complete respondents without a value in the column (they are in no group).
    ungrouped: int
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Validation:
    """The CFA of an instrument on a responses file, with its sentences."""

    instrument: Mapping[str, str]
    names: Mapping[str, str]
    reversed_items: tuple[str, ...]
    result: CFAResult
    rows: int
    used: int
    left_out: tuple[str, ...]
    summary: tuple[str, ...]
    notes: tuple[str, ...]
    comparison: Comparison | None = None

    @property
    def dropped(self) -> int:
        return self.rows - self.used


# ----------------------------------------------------------------------------------------------
# The model and the respondents
# ----------------------------------------------------------------------------------------------


def construct_model(
    instrument: Instrument, constructs: Sequence[str] | None = None
) -> tuple[CFAModel, tuple[str, ...]]:
    """One factor per construct (chosen, or all) with two items or more; and the constructs
    left out for having a single item."""
    chosen = list(dict.fromkeys(constructs)) if constructs else list(instrument.construct_codes)
    unknown = [code for code in chosen if code not in instrument.constructs]
    if unknown:
        known = ", ".join(instrument.construct_codes)
        raise ValidationError(
            f"{', '.join(unknown)}: not a construct of {instrument.id} (its constructs are "
            f"{known})."
        )
    factors, single = [], []
    for code in chosen:
        items = tuple(item.id for item in instrument.items_of(code))
        if len(items) >= 2:
            factors.append(Factor(code, items))
        elif items:
            single.append(code)
    if not factors:
        raise ValidationError("None of these constructs has two items or more: nothing to fit.")
    try:
        return CFAModel(tuple(factors)), tuple(single)
    except CFAError as error:
        raise ValidationError(str(error)) from None


def minimum_group_size(model: CFAModel) -> int:
    """One more complete respondent than items, so that a group's covariance matrix can be
    inverted; never fewer than the anonymity policy's default threshold."""
    return max(len(model.items) + 1, DEFAULT_SCORE_THRESHOLD)


def _complete(responses: pd.DataFrame, instrument: Instrument, model: CFAModel) -> pd.DataFrame:
    """The keyed answers of the model's items, respondents with every one answered."""
    answers = keyed_answers(responses, instrument).loc[:, list(model.items)]
    return answers[answers.notna().all(axis=1)]


def _within_sides(responses: pd.DataFrame, answers: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """``answers`` less their side's item means, and how many sides: the two sides of a
    relationship answer differently by design, and pooled, that difference would pass for
    items that measure one thing (as it did for alpha, docs/method.md §3)."""
    keys = responses.loc[answers.index, side_keys(responses)]
    side = pd.Series(pd.MultiIndex.from_frame(keys.astype(str)).to_flat_index(), index=keys.index)
    centred = answers - answers.groupby(side).transform("mean")
    return centred, int(side.nunique())


def _basis_sentence(within: bool, sides: int, used: int) -> str:
    if not within:
        return (
            "Fitted on the answers with the sides pooled: a difference between the sides "
            "counts as if the items shared it, which flatters the fit and omega; "
            "--within-sides fits the within-side covariance instead."
        )
    return (
        f"Fitted within sides: each answer less its side's item mean, the pooled within-side "
        f"covariance of {sides} sides on N − G = {used - sides} (Muthén, 1994), so a difference "
        "between the sides does not pass for items that measure one thing."
    )


def _enough(used: int, parameters: int, what: str) -> None:
    if used < parameters:
        raise ValidationError(
            f"{what} has {parameters} free parameters but only {used} complete respondents; a "
            "confirmatory factor analysis needs at least as many respondents as parameters. "
            "Fit fewer constructs or collect more answers."
        )


# ----------------------------------------------------------------------------------------------
# The whole sample
# ----------------------------------------------------------------------------------------------


def validate(
    responses: pd.DataFrame,
    instrument: Instrument,
    *,
    constructs: Sequence[str] | None = None,
    by: pd.Series | None = None,
    groups: Sequence[str] | None = None,
    within_sides: bool = False,
    keep_flagged: bool = False,
) -> Validation:
    """Fit the instrument's constructs to ``responses`` (the reader's canonical frame); with
    ``by`` (a text column aligned with ``responses``, named) also compare its ``groups``
    (default: the two largest) at the configural, metric and scalar levels.

    The respondents the screen flags (docs/method.md §2a) are left out unless ``keep_flagged``:
    a row of 7s or of agreement with everything is nobody's view, and a handful of them is
    enough to bend a covariance matrix."""
    screened = len(responses)
    if not keep_flagged:
        kept = ~flagged(screen(responses, instrument)).to_numpy()
        responses = responses[kept]
        by = by[kept] if by is not None else None
    screened -= len(responses)
    model, single = construct_model(instrument, constructs)
    answers = _complete(responses, instrument, model)
    parameters = parameter_count(model)
    _enough(len(answers), parameters, "The model")
    data, sides = _within_sides(responses, answers) if within_sides else (answers, 0)
    try:
        result = fit_cfa(data.to_numpy(dtype=np.float64), model, centred_groups=sides)
    except CFAError as error:
        raise ValidationError(str(error)) from None
    names = {code: instrument.name_of(code) for code in instrument.construct_codes}
    notes = _notes(responses, instrument, model, single, result, len(answers))
    notes = (_basis_sentence(within_sides, sides, len(answers)), *_screen_note(screened), *notes)
    comparison = None
    if by is not None:
        comparison = compare(answers, by, model, groups)
    return Validation(
        instrument=instrument.reference(),
        names=names,
        reversed_items=tuple(i for i in instrument.reverse_item_ids if i in model.items),
        result=result,
        rows=len(responses),
        used=len(answers),
        left_out=single,
        summary=(fit_sentence(result.fit), *reliability_sentences(result, names)),
        notes=notes,
        comparison=comparison,
    )


def _screen_note(left_out: int) -> tuple[str, ...]:
    if not left_out:
        return ()
    who = "respondent" if left_out == 1 else "respondents"
    return (
        f"{left_out} {who} flagged by the respondent screen (docs/method.md §2a) left out; "
        "--keep-flagged keeps them.",
    )


def _notes(
    responses: pd.DataFrame,
    instrument: Instrument,
    model: CFAModel,
    single: Sequence[str],
    result: CFAResult,
    used: int,
) -> tuple[str, ...]:
    """What a reader must know to weigh the numbers: who was left out and why, cautions."""
    notes = []
    for code in single:
        item = instrument.items_of(code)[0].id
        notes.append(
            f"{instrument.name_of(code)} ({code}) has a single item ({item}), so it cannot be "
            "a factor of its own (its variance and the item's error cannot be told apart); it "
            "is left out of the model."
        )
    dropped = len(responses) - used
    notes.append(
        f"{used} of {len(responses)} respondents answered every item of the model and are "
        f"used; {dropped} who skipped at least one are left out (listwise deletion)."
        if dropped
        else f"All {used} respondents answered every item of the model."
    )
    notes.extend(_caution(used, result.parameters))
    if result.improper:
        notes.append(_improper_sentence(result.improper))
    if WAVE in responses.columns and responses[WAVE].nunique() > 1:
        notes.append(
            f"The file holds {responses[WAVE].nunique()} waves; a respondent who answered in "
            "two waves counts twice, which the model treats as two independent people."
        )
    return tuple(notes)


def _caution(used: int, parameters: int) -> list[str]:
    ratio = used / parameters
    if ratio >= RESPONDENTS_PER_PARAMETER:
        return []
    return [
        f"{used} complete respondents for {parameters} free parameters ({ratio:.1f} per "
        f"parameter) is fewer than the {RESPONDENTS_PER_PARAMETER} per parameter often asked "
        "for: the estimates and the chi-square are less trustworthy than with more answers."
    ]


def _improper_sentence(improper: Sequence[str]) -> str:
    shown = ", ".join(improper[:6]) + (
        f" and {len(improper) - 6} more" if len(improper) > 6 else ""
    )
    return (
        f"Improper estimates (a negative variance or a correlation beyond ±1): {shown}. The "
        "model does not describe these answers well there; read those numbers with care."
    )


# ----------------------------------------------------------------------------------------------
# Sentences
# ----------------------------------------------------------------------------------------------


def decimals(value: float, places: int = 3, *, bounded: bool = True) -> str:
    """.931 for a figure that cannot exceed 1 (an index, a correlation, a p-value: APA style
    drops the leading zero), 0.985 for one that can (``bounded=False``); −.096 when negative."""
    if math.isnan(value):
        return "–"
    text = f"{value:.{places}f}"
    if bounded and abs(value) < 1.0 and round(abs(value), places) < 1.0:
        text = text.replace("0.", ".", 1)
    return text.replace("-", "−")


def p_text(p: float) -> str:
    """p < .001, or p = .034."""
    if math.isnan(p):
        return "p not defined"
    return "p < .001" if p < 0.001 else f"p = {decimals(p)}"


def fit_sentence(fit: FitIndices) -> str:
    """The indices in one line and a verdict by the usual cut-offs."""
    numbers = (
        f"χ² = {fit.chisq:.1f} on {fit.df} df ({p_text(fit.pvalue)}); CFI {decimals(fit.cfi)}, "
        f"TLI {decimals(fit.tli)}, RMSEA {decimals(fit.rmsea)} (90% CI "
        f"{decimals(fit.rmsea_ci_lower)}–{decimals(fit.rmsea_ci_upper)}), SRMR "
        f"{decimals(fit.srmr)}."
    )
    good = [fit.cfi >= GOOD_CFI, fit.rmsea <= GOOD_RMSEA, fit.srmr <= GOOD_SRMR]
    cut_offs = (
        f"CFI ≥ {decimals(GOOD_CFI, 2)}, RMSEA ≤ {decimals(GOOD_RMSEA, 2)}, SRMR ≤ "
        f"{decimals(GOOD_SRMR, 2)}"
    )
    if all(good):
        verdict = f"By the usual cut-offs ({cut_offs}) the model fits well."
    elif any(good):
        verdict = f"The model meets some of the usual cut-offs ({cut_offs}) but not all."
    else:
        verdict = f"The model misses the usual cut-offs ({cut_offs}): it does not fit."
    return f"{numbers} {verdict}"


def reliability_sentences(result: CFAResult, names: Mapping[str, str]) -> list[str]:
    """Weak omegas and factors the answers hardly tell apart, named."""
    omegas = result.omega[0]
    # Judged as printed: an omega of .6996 reads ".70", which is not "below .70".
    weak = [
        f"{names.get(c, c)} (ω = {decimals(w, 2)})"
        for c, w in omegas.items()
        if round(w, 2) < GOOD_OMEGA
    ]
    lowest = min(omegas.values())
    sentences = [
        f"Reliability (McDonald's omega) is below {decimals(GOOD_OMEGA, 2)} for {', '.join(weak)}."
        if weak
        else f"Reliability (McDonald's omega) is at least {decimals(GOOD_OMEGA, 2)} for every "
        f"construct (lowest {decimals(lowest, 2)})."
    ]
    close = [
        f"{names.get(e.lhs, e.lhs)} and {names.get(e.rhs, e.rhs)} ({decimals(e.std, 2)})"
        for e in result.factor_covariances()
        if abs(e.std) > DISTINCT_CORRELATION
    ]
    if close:
        sentences.append(
            f"Correlating beyond {decimals(DISTINCT_CORRELATION, 2)}, these constructs are "
            f"hardly told apart by the answers: {'; '.join(close)}."
        )
    return sentences


# ----------------------------------------------------------------------------------------------
# Groups
# ----------------------------------------------------------------------------------------------


def _labels(by: pd.Series, index: pd.Index) -> pd.Series:
    """The group of each complete respondent as stripped text, empty as missing."""
    text = by.reindex(index).astype("string").str.strip()
    return text.mask(text == "")


def _chosen_groups(labels: pd.Series, column: str, groups: Sequence[str] | None) -> list[str]:
    """The groups asked for (each must occur), or the two largest (ties by name)."""
    counts = labels.value_counts()
    if groups:
        chosen = list(dict.fromkeys(g.strip() for g in groups if g.strip()))
        absent = [g for g in chosen if g not in counts.index]
        if absent:
            values = ", ".join(f'"{v}"' for v in sorted(counts.index)[:20])
            missing = _and([f'"{a}"' for a in absent])
            raise ValidationError(
                f"No complete respondent has {missing} in column "
                f'"{column}"; its values are {values}.'
            )
    else:
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
        chosen = [str(name) for name, _ in ordered[:2]]
    if len(chosen) < 2:
        raise ValidationError(
            f'Column "{column}" gives fewer than two groups of complete respondents to compare.'
        )
    return chosen


def compare(
    answers: pd.DataFrame, by: pd.Series, model: CFAModel, groups: Sequence[str] | None = None
) -> Comparison:
    """Configural, metric and scalar invariance across ``groups`` of ``by`` (complete
    respondents only); too small groups are refused by name before anything is fitted."""
    column = str(by.name)
    labels = _labels(by, answers.index)
    chosen = _chosen_groups(labels.dropna(), column, groups)
    sizes = {g: int((labels == g).sum()) for g in chosen}
    least = minimum_group_size(model)
    small = [f'"{g}" ({n})' for g, n in sizes.items() if n < least]
    if small:
        raise ValidationError(
            f'Too few complete respondents in column "{column}" for {", ".join(small)}: a group '
            f"needs at least {least} (one more than the model's {len(model.items)} items, so "
            "that its covariance matrix can be inverted)."
        )
    _enough(sum(sizes.values()), parameter_count(model, len(chosen)), f"Comparing {_and(chosen)}")
    data = [answers[labels == g].to_numpy(dtype=np.float64) for g in chosen]
    try:
        result = invariance(data, chosen, model)
    except CFAError as error:
        raise ValidationError(f"Comparing {_and(chosen)} failed: {error}") from None
    improper = [text for step in result.steps for text in step.result.improper]
    cautions = _caution(sum(sizes.values()), result.steps[0].result.parameters)
    if improper:
        cautions.append(_improper_sentence(list(dict.fromkeys(improper))))
    return Comparison(
        column=column,
        invariance=result,
        ungrouped=int(labels.isna().sum()),
        sentences=(*invariance_sentences(result), *cautions),
    )


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def delta_cfi(step: InvarianceStep, before: InvarianceStep) -> float:
    """CFI of this level less the level before (Cheung & Rensvold 2002 read a drop beyond
    .01 as non-invariance, which unlike the chi-square test does not grow with N)."""
    return step.result.fit.cfi - before.result.fit.cfi


def invariance_sentences(result: Invariance) -> list[str]:
    """The configural fit, then whether equal loadings and equal intercepts hold, and what
    that allows a reader to compare."""
    configural, metric, scalar = result.steps
    groups = _and(result.groups)
    fit = configural.result.fit
    sentences = [
        f"Configural (the same constructs in {groups}, everything else free): {fit_sentence(fit)}"
    ]
    loadings_hold = _holds(metric)
    sentences.append(
        f"Equal loadings {'hold' if loadings_hold else 'are rejected'} "
        f"({_test(metric, configural)}): "
        + (
            "the items weigh on the constructs alike in these groups."
            if loadings_hold
            else f"the items do not weigh on the constructs alike in {groups}, so their "
            "construct scores are not on one scale; a gap between them is hard to read."
        )
    )
    intercepts_hold = _holds(scalar)
    sentences.append(
        f"Equal intercepts {'hold' if intercepts_hold else 'are rejected'} "
        f"({_test(scalar, metric)}): "
        + (
            "at the same level of a construct the groups answer the items alike, so their "
            "construct means can be compared."
            if intercepts_hold and loadings_hold
            else "but with unequal loadings the means are still not comparable."
            if intercepts_hold
            else "at the same level of a construct the groups answer some items differently, so "
            "a gap between their means may come from the items, not the construct."
        )
    )
    return sentences


def _holds(step: InvarianceStep) -> bool:
    p = step.p_value
    return p is None or math.isnan(p) or p >= INVARIANCE_ALPHA


def _test(step: InvarianceStep, before: InvarianceStep) -> str:
    p = step.p_value if step.p_value is not None else math.nan
    return (
        f"Δχ² = {step.chisq_diff or 0.0:.1f} on {step.df_diff} df, {p_text(p)}; "
        f"ΔCFI {decimals(delta_cfi(step, before))}"
    )
