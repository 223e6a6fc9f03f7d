"""From item answers to construct scores, per respondent and per side.

A *side* is one party answering about another (IT about Finance). Everything here is a pandas
groupby over all respondents at once, so the cost grows with the file, not with a Python loop
per respondent or per item.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np
import pandas as pd

from parity.core.agreement import rwg_j
from parity.core.instrument import Instrument
from parity.core.schema import ABOUT, PARTY, WAVE

#: rwg(j) below this means the side does not agree with itself well enough for its mean to be
#: read as "what the side thinks" (LeBreton & Senter 2008 call 0.51-0.70 moderate agreement).
LOW_AGREEMENT = 0.5

SIDE_STATS = ("n", "mean", "sd", "ci_low", "ci_high", "rwg_j")


def side_keys(responses: pd.DataFrame) -> list[str]:
    """The columns that identify a side: (wave,) party, about."""
    return [WAVE, PARTY, ABOUT] if WAVE in responses.columns else [PARTY, ABOUT]


def to_percent(values: pd.DataFrame | pd.Series, instrument: Instrument) -> pd.DataFrame:
    """Map the answer scale onto 0-100: (x - min) / (max - min) * 100."""
    span = instrument.scale_max - instrument.scale_min
    return (values - instrument.scale_min) / span * 100.0  # type: ignore[return-value]


def keyed_answers(responses: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Item answers keyed so that higher always means more of the construct, NaN kept: the
    numbers of :func:`keyed_array`, as a frame with the respondents' index and the items."""
    return pd.DataFrame(
        keyed_array(responses, instrument),
        index=responses.index,
        columns=list(instrument.item_ids),
        copy=False,
    )


def keyed_array(
    responses: pd.DataFrame, instrument: Instrument, items: Sequence[str] | None = None
) -> np.ndarray:
    """The answers to ``items`` (by default every item of ``instrument``, in its order) keyed
    so that higher always means more of the construct, NaN kept: one column per item.

    Reverse-keyed items are turned round (min + max - x). A comparison item scored ``balance``
    is best at the scale's middle: max - 2|x - mid|. One scored ``not_less`` counts in full
    from the middle up: min + 2(min(x, mid) - min). Both stay on the answer scale, so every
    later step (percent, alpha, rwg) treats them like any other item.

    Made in one array, column by column, and keyed in place: converting a frame of keyed
    answers held two copies of every answer at once, and reading a construct's items alone
    holds no more than its own (on a large file, the analysis's largest passing costs in
    memory).
    """
    wanted = list(instrument.item_ids if items is None else items)
    # Column-major, as a frame's numbers come out: each item's answers lie together.
    out = np.empty((len(wanted), len(responses)), dtype=np.float64).T
    low, high = instrument.scale_min, instrument.scale_max
    reverse = set(instrument.reverse_item_ids)
    balance = set(instrument.items_scored("balance"))
    not_less = set(instrument.items_scored("not_less"))
    for j, item in enumerate(wanted):
        column = out[:, j]
        column[:] = responses[item].to_numpy(dtype=np.float64, na_value=np.nan)
        if item in reverse:
            np.subtract(low + high, column, out=column)
        _key_compared(column, item in balance, item in not_less, low, high)
    return out


def _key_compared(
    column: np.ndarray, balance: bool, not_less: bool, low: float, high: float
) -> None:
    """A comparison item's answers (``column``) keyed in place."""
    middle = (low + high) / 2.0
    if balance:
        np.subtract(column, middle, out=column)
        np.abs(column, out=column)
        np.multiply(column, 2.0, out=column)
        np.subtract(high, column, out=column)
    if not_less:
        np.minimum(column, middle, out=column)
        np.subtract(column, low, out=column)
        np.multiply(column, 2.0, out=column)
        np.add(column, low, out=column)


def respondent_scores(responses: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """:func:`_respondent_scores`, computed once per frame and instrument while
    :func:`one_analysis` runs (the side scores, the bootstrap and the segments read them)."""
    return _once("scores", responses, instrument, _respondent_scores)


def _respondent_scores(responses: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Construct scores 0-100 per respondent: the mean of the items the respondent answered.

    A construct whose items were all skipped is NaN for that respondent: it does not count in
    the side's n for that construct, and nothing is imputed.
    """
    answers = pd.DataFrame(
        _percent_in_place(keyed_array(responses, instrument), instrument),
        index=responses.index,
        columns=list(instrument.item_ids),
        copy=False,
    )
    scores = {
        code: answers[[item.id for item in instrument.items_of(code)]].mean(axis=1)
        for code in instrument.construct_codes
        if instrument.items_of(code)
    }
    return pd.DataFrame(scores, index=responses.index)


def _percent_in_place(values: np.ndarray, instrument: Instrument) -> np.ndarray:
    """:func:`to_percent` of ``values``, in place, by the same operations in the same order
    (so the same numbers to the last bit) with no copy of a large file's answers."""
    span = instrument.scale_max - instrument.scale_min
    np.subtract(values, instrument.scale_min, out=values)
    np.divide(values, span, out=values)
    np.multiply(values, 100.0, out=values)
    return values


def answered_mask(responses: pd.DataFrame, instrument: Instrument) -> pd.Series:
    """True for respondents who answered at least one rated item."""
    return responses.loc[:, list(instrument.item_ids)].notna().any(axis=1)


#: While :func:`one_analysis` runs, each frame's :func:`side_codes` by ``id`` (with the frame,
#: so that the id cannot be reused): the steps of one analysis share one factorization.
_CODES: ContextVar[dict[int, tuple[pd.DataFrame, tuple[np.ndarray, pd.MultiIndex]]] | None] = (
    ContextVar("side_codes", default=None)
)
#: While :func:`one_analysis` runs, :func:`respondent_scores` of each (frame, instrument) by
#: ``id``, kept with both so that neither id can be reused. (The keyed item answers are not
#: kept: on a large file they would hold twice the scores' memory for the whole analysis.)
_FRAMES: ContextVar[
    dict[tuple[str, int, int], tuple[pd.DataFrame, Instrument, pd.DataFrame]] | None
] = ContextVar("scoring_frames", default=None)


def _once(
    kind: str,
    responses: pd.DataFrame,
    instrument: Instrument,
    compute: Callable[[pd.DataFrame, Instrument], pd.DataFrame],
) -> pd.DataFrame:
    """``compute(responses, instrument)``, once per analysis (:func:`one_analysis`). The
    frame given back is shared by the steps of the analysis, which only read it."""
    memo = _FRAMES.get()
    if memo is None:
        return compute(responses, instrument)
    key = (kind, id(responses), id(instrument))
    found = memo.get(key)
    if found is None or found[0] is not responses or found[1] is not instrument:
        found = memo[key] = (responses, instrument, compute(responses, instrument))
    return found[2]


def forget_frames() -> None:
    """Let every frame, side coding and score kept while :func:`one_analysis` runs go, once the
    analysis reads its respondents no more (the memo holds the frames themselves)."""
    for memo in (_CODES.get(), _FRAMES.get()):
        if memo is not None:
            memo.clear()


def forget_scores(responses: pd.DataFrame) -> None:
    """Let the scores :func:`respondent_scores` keeps of ``responses`` go, once no later step
    of the analysis reads them (on a large file they are a tenth of its memory)."""
    memo = _FRAMES.get()
    if memo is not None:
        for key in [k for k, (frame, _, _) in memo.items() if frame is responses]:
            del memo[key]


@contextmanager
def one_analysis() -> Iterator[None]:
    """Within this block :func:`side_codes` and :func:`respondent_scores` of a frame are
    computed once: the analysis reads the sides and the scores of the same frames in several
    steps, and on a large file each factorization of the party names, and each scoring, costs
    a noticeable share of the run. The frames must not change inside it (the analysis never
    changes its input)."""
    token, frames = _CODES.set({}), _FRAMES.set({})
    try:
        yield
    finally:
        _FRAMES.reset(frames)
        _CODES.reset(token)


def side_codes(responses: pd.DataFrame) -> tuple[np.ndarray, pd.MultiIndex]:
    """One integer per row naming its side, and the sides in sorted order.

    Grouping by a small integer is far cheaper than re-hashing the party names in every
    groupby, which matters with 100,000 respondents.
    """
    memo = _CODES.get()
    if memo is None:
        return _side_codes(responses)
    found = memo.get(id(responses))
    if found is None or found[0] is not responses:
        found = memo[id(responses)] = (responses, _side_codes(responses))
    return found[1]


def _side_codes(responses: pd.DataFrame) -> tuple[np.ndarray, pd.MultiIndex]:
    keys = side_keys(responses)
    factors = [pd.factorize(responses[k], sort=True) for k in keys]
    shape = tuple(max(len(uniques), 1) for _, uniques in factors)
    combined = np.ravel_multi_index(tuple(np.asarray(codes) for codes, _ in factors), shape)
    present, codes = np.unique(combined, return_inverse=True)
    positions = np.unravel_index(present, shape)
    sides = pd.MultiIndex.from_arrays(
        [np.asarray(uniques)[pos] for (_, uniques), pos in zip(factors, positions, strict=True)],
        names=keys,
    )
    return codes.reshape(-1), sides


def respondent_counts(responses: pd.DataFrame, instrument: Instrument) -> pd.Series:
    """Respondents per side who answered at least one rated item (the anonymity count)."""
    codes, sides = side_codes(responses)
    answered = answered_mask(responses, instrument).to_numpy()
    counts = np.bincount(codes[answered], minlength=len(sides))
    return pd.Series(counts, index=sides)[counts > 0]


def _t_quantile(df: np.ndarray, level: float) -> np.ndarray:
    from scipy.special import stdtrit

    with np.errstate(invalid="ignore"):
        return np.asarray(stdtrit(df, 0.5 + level / 2.0), dtype="float64")


def side_scores(
    responses: pd.DataFrame, instrument: Instrument, *, ci: float = 0.95
) -> pd.DataFrame:
    """Per side and construct: n, mean, sd, a t confidence interval and rwg(j).

    Returns a frame indexed by the side keys, with a two-level column index
    (construct, statistic) where statistic is one of :data:`SIDE_STATS`. The interval is
    mean ± t(n-1) * sd / sqrt(n), clipped to 0-100; it is NaN when n < 2.
    """
    codes, sides = side_codes(responses)
    scores = respondent_scores(responses, instrument)
    grouped = scores.groupby(codes, sort=True)
    n = grouped.count()
    mean = grouped.mean()
    sd = grouped.std(ddof=1)
    half = _t_quantile(np.maximum(n.to_numpy() - 1, 0), ci) * sd.to_numpy() / np.sqrt(n)
    half = half.where(n >= 2)
    stats = {
        "n": n,
        "mean": mean,
        "sd": sd,
        "ci_low": (mean - half).clip(lower=0.0, upper=100.0),
        "ci_high": (mean + half).clip(lower=0.0, upper=100.0),
        "rwg_j": _side_agreement(responses, instrument, codes).reindex(mean.index),
    }
    frame = pd.concat(stats, axis=1).swaplevel(0, 1, axis=1)
    columns = pd.MultiIndex.from_product([list(scores.columns), list(SIDE_STATS)])
    result: pd.DataFrame = frame.reindex(columns=columns).set_axis(sides[mean.index], axis=0)
    return result


def _side_agreement(
    responses: pd.DataFrame, instrument: Instrument, codes: np.ndarray
) -> pd.DataFrame:
    """rwg(j) per side for each construct, on the keyed item answers: one construct's answers
    at a time (all of them at once were the largest passing cost in memory of the side
    scores)."""
    points = instrument.scale_max - instrument.scale_min + 1
    values = {
        code: rwg_j(
            keyed_array(responses, instrument, [i.id for i in instrument.items_of(code)]),
            codes,
            points,
        )
        for code in instrument.construct_codes
        if instrument.items_of(code)
    }
    return pd.DataFrame(values)
