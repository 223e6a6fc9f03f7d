"""From a long table of ratings to one square round-robin matrix per group.

The input has one row per directed pair: who rated (perceiver), whom (target), the rating, and
optionally the group. A round robin needs everybody to be both: a member who never rated anyone
(or was never rated) has no perceiver (or target) effect and would bias everybody else's.
Members are therefore excluded the way TripleR's ``long2matrix`` does it, so that a file
analysed here and with TripleR uses the same people:

1. only ids that appear both as perceiver and as target in their group are members;
2. then, repeatedly until nothing changes, every member who gave or received fewer than
   ``min_data`` ratings (off the diagonal) is removed, since removing one person can leave
   another one short.

With two indicators of one construct, a person excluded on either indicator is excluded on
both, so that both matrices describe the same people. Rows where perceiver == target are self
ratings: kept aside, never part of the model.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from parity.core.srm._effects import FloatArray

#: Cell texts read as "no rating" besides an empty cell (R writes NA, spreadsheets #N/A).
MISSING_TOKENS = ("", "na", "n/a", "#n/a", "nan", "null")

#: Fewer members than this and the effect formulas divide by zero or leave no residual.
MIN_MEMBERS = 4


class SRMInputError(ValueError):
    """Data that cannot be analysed as a round robin, with where the problem is.

    ``rows`` are positions (0-based) in the table passed in, ``column`` the column concerned,
    so that a caller reading a file can point at the line a person has to fix.
    """

    def __init__(
        self, message: str, *, column: str | None = None, rows: Iterable[Any] = ()
    ) -> None:
        super().__init__(message)
        self.column = column
        self.rows = tuple(int(r) for r in rows)


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A person left out of a group's analysis, and why (in words for the report)."""

    group: Hashable
    id: Hashable
    reason: str


@dataclass(frozen=True, slots=True)
class GroupData:
    """One group's round robin: member ids and, per indicator, the matrix and self ratings."""

    group: Hashable
    ids: npt.NDArray[Any]
    matrices: tuple[FloatArray, ...]
    self_ratings: tuple[FloatArray, ...]


@dataclass(frozen=True, slots=True)
class Prepared:
    groups: tuple[GroupData, ...]
    exclusions: tuple[Exclusion, ...]


def _check_columns(data: pd.DataFrame, columns: Sequence[str]) -> None:
    for column in columns:
        if column not in data.columns:
            known = ", ".join(map(str, data.columns))
            raise SRMInputError(
                f"there is no column {column!r} (the columns are: {known})", column=column
            )


def _check_ids(data: pd.DataFrame, columns: Sequence[str]) -> None:
    for column in columns:
        values = data[column]
        blank = values.isna()
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            blank |= values.astype("string").str.strip() == ""
        if blank.any():
            raise SRMInputError(
                "the id is empty; every row needs a perceiver, a target (and a group)",
                column=column,
                rows=np.flatnonzero(blank.to_numpy()),
            )


def numeric_values(values: pd.Series[Any], column: str) -> FloatArray:
    """The ratings as floats: blanks (and ``NA``) are missing, anything else must be a number.

    A column of ratings holds few distinct texts ("1" to "7", blanks), so each distinct text is
    classified once (stripped, compared with :data:`MISSING_TOKENS`, parsed) and the answer is
    spread back to the rows by their codes: the same result as doing it cell by cell, without
    a Python call per cell.
    """
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return values.to_numpy(dtype=np.float64, na_value=np.nan)
    # Factorized as text, so that cells equal as values but not as texts (True and 1) stay apart.
    codes, uniques = pd.factorize(values.astype("string"), use_na_sentinel=True)
    # One slot more than there are texts: code -1 (a missing cell) reads the last slot.
    text = pd.Series(uniques).str.strip()
    blank = np.append((text.isna() | text.str.lower().isin(MISSING_TOKENS)).to_numpy(), True)
    parsed = pd.to_numeric(text.where(~blank[:-1]), errors="coerce")
    numbers = np.append(parsed.to_numpy(dtype=np.float64, na_value=np.nan), np.nan)
    bad = (np.isnan(numbers) & ~blank)[codes]
    if bad.any():
        rows = np.flatnonzero(bad)
        raise SRMInputError(
            f"{text.iloc[codes[rows[0]]]!r} is not a number; ratings must be numbers "
            "(leave the cell empty if missing)",
            column=column,
            rows=rows,
        )
    out = numbers[codes]
    if not np.isfinite(out[~np.isnan(out)]).all():
        raise SRMInputError(
            "a rating is infinite", column=column, rows=np.flatnonzero(np.isinf(out))
        )
    return out


def _check_duplicates(data: pd.DataFrame, keys: list[str]) -> None:
    dup = data.duplicated(subset=keys, keep=False).to_numpy()
    if dup.any():
        raise SRMInputError(
            "the same perceiver rates the same target more than once; keep one row per pair "
            "(or average the raters of a side first)",
            column=keys[0],
            rows=np.flatnonzero(dup),
        )


def _sorted_unique(values: pd.Series[Any]) -> npt.NDArray[Any]:
    """Unique ids in natural order: numerically when they are all numbers written as text.

    Ids read from a file are text; "10" should come after "9", not after "1". Ids that cannot
    be compared keep their order of appearance.
    """
    uniques = pd.unique(values)
    as_numbers = pd.to_numeric(pd.Series(uniques, dtype=object), errors="coerce")
    if len(uniques) and as_numbers.notna().all():
        order = np.argsort(as_numbers.to_numpy(dtype=np.float64), kind="stable")
        return np.asarray(uniques, dtype=object)[order]
    try:
        return np.asarray(sorted(uniques), dtype=object)
    except TypeError:
        return np.asarray(uniques, dtype=object)


def _thin_members(matrix: FloatArray, min_data: int) -> list[tuple[int, int, int]]:
    """Positions of members to drop for too few ratings, with their given/received counts."""
    keep = np.ones(matrix.shape[0], dtype=bool)
    dropped: list[tuple[int, int, int]] = []
    while keep.sum() > 1:
        idx = np.flatnonzero(keep)
        observed = ~np.isnan(matrix[np.ix_(idx, idx)])
        np.fill_diagonal(observed, False)
        given, received = observed.sum(axis=1), observed.sum(axis=0)
        short = (given < min_data) | (received < min_data)
        if not short.any():
            break
        for pos in np.flatnonzero(short):
            dropped.append((int(idx[pos]), int(given[pos]), int(received[pos])))
        keep[idx[short]] = False
    return dropped


@dataclass(frozen=True, slots=True)
class _Coded:
    """The table as integer codes: ids ranked in natural order, one row list per group."""

    ids: npt.NDArray[Any]
    perceiver: npt.NDArray[np.intp]
    target: npt.NDArray[np.intp]
    values: tuple[FloatArray, ...]


def _code(data: pd.DataFrame, perceiver: str, target: str, values: list[FloatArray]) -> _Coded:
    """Ids as ranks once for the whole table, so that each group is plain integer work."""
    ids = _sorted_unique(pd.concat([data[perceiver], data[target]], ignore_index=True))
    index = pd.Index(ids)
    return _Coded(
        ids,
        index.get_indexer(data[perceiver]),
        index.get_indexer(data[target]),
        tuple(values),
    )


def _role_exclusions(
    group: Hashable,
    ids: npt.NDArray[Any],
    raters: npt.NDArray[np.intp],
    rated: npt.NDArray[np.intp],
) -> list[Exclusion]:
    out = [
        Exclusion(group, ids[c], "rated others but was never rated")
        for c in np.setdiff1d(raters, rated)
    ]
    out += [
        Exclusion(group, ids[c], "was rated but never rated anyone")
        for c in np.setdiff1d(rated, raters)
    ]
    return out


def _build_group(
    group: Hashable, coded: _Coded, rows: npt.NDArray[np.intp], min_data: int
) -> tuple[GroupData, list[Exclusion]]:
    raters, rated = coded.perceiver[rows], coded.target[rows]
    excluded = _role_exclusions(group, coded.ids, raters, rated)
    members = np.intersect1d(raters, rated)  # sorted codes = natural order of the ids
    p_pos = np.searchsorted(members, raters)
    t_pos = np.searchsorted(members, rated)
    n = len(members)
    inside = (p_pos < n) & (t_pos < n)
    inside[inside] = (members[p_pos[inside]] == raters[inside]) & (
        members[t_pos[inside]] == rated[inside]
    )
    full: list[FloatArray] = []
    for vals in coded.values:
        m = np.full((n, n), np.nan)
        m[p_pos[inside], t_pos[inside]] = vals[rows][inside]
        full.append(m)
    drop: dict[int, str] = {}
    for m in full:
        for pos, given, received in _thin_members(m, min_data):
            drop.setdefault(pos, f"too many missing ratings (gave {given}, received {received})")
    ids = coded.ids[members]
    excluded += [Exclusion(group, ids[pos], why) for pos, why in sorted(drop.items())]
    keep = np.setdiff1d(np.arange(n), list(drop))
    matrices, selves = [], []
    for m in full:
        sub = m[np.ix_(keep, keep)]
        selves.append(np.diagonal(sub).copy())
        np.fill_diagonal(sub, np.nan)
        matrices.append(sub)
    return GroupData(group, ids[keep], tuple(matrices), tuple(selves)), excluded


def _group_rows(data: pd.DataFrame, group: str | None) -> list[tuple[Any, npt.NDArray[np.intp]]]:
    """(group key, row positions) per group, groups in natural order; one group if None."""
    if group is None:
        return [(None, np.arange(len(data)))]
    keys = _sorted_unique(data[group])
    codes = pd.Index(keys).get_indexer(data[group])
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(keys) + 1))
    return [(keys[g], order[bounds[g] : bounds[g + 1]]) for g in range(len(keys))]


def _too_small(data: GroupData, column: str | None) -> SRMInputError:
    where = "the data" if data.group is None else f"group {data.group!r}"
    return SRMInputError(
        f"{where} has {len(data.ids)} members who both rate and are rated; a round robin "
        f"needs at least {MIN_MEMBERS}. Add members, or leave the group out",
        column=column,
    )


def _checked(data: pd.DataFrame, keys: list[str], values: Sequence[str]) -> None:
    """The checks of the whole table: its columns, its ids, no pair rated twice."""
    _check_columns(data, [*keys, *values])
    _check_ids(data, keys)
    _check_duplicates(data, keys)


def _nobody_rated(column: str) -> SRMInputError:
    return SRMInputError(
        "there is no rating of one person by another (only self ratings or empty cells)",
        column=column,
    )


def prepare(
    data: pd.DataFrame,
    perceiver: str,
    target: str,
    values: Sequence[str],
    group: str | None,
    *,
    min_data: int = 1,
    drop_small_groups: bool = False,
) -> Prepared:
    """Check the long table and turn it into round-robin matrices, one per group.

    Raises :class:`SRMInputError` for data that cannot be analysed (a missing column, an empty
    id, a rating that is not a number, a pair rated twice, no rating between two different
    people, a group with fewer than four usable members unless ``drop_small_groups``).
    """
    keys = [c for c in (group, perceiver, target) if c is not None]
    _checked(data, keys, values)
    numbers = [numeric_values(data[v], v) for v in values]
    off_diagonal = (data[perceiver] != data[target]).to_numpy()
    rated = np.logical_or.reduce([~np.isnan(v) for v in numbers]) & off_diagonal
    if not rated.any():
        raise _nobody_rated(values[0])
    coded = _code(data, perceiver, target, numbers)
    groups, exclusions = [], []
    for key, rows in _group_rows(data, group):
        built, excluded = _build_group(key, coded, rows, min_data)
        exclusions += excluded
        if len(built.ids) < MIN_MEMBERS:
            if not drop_small_groups:
                raise _too_small(built, group)
            exclusions += [Exclusion(key, i, "group too small") for i in built.ids]
            continue
        groups.append(built)
    if not groups:
        raise SRMInputError(
            f"no group has at least {MIN_MEMBERS} members who both rate and are rated",
            column=group,
        )
    return Prepared(tuple(groups), tuple(exclusions))


def prepare_each(
    data: pd.DataFrame, perceiver: str, target: str, values: Sequence[str], *, min_data: int = 1
) -> list[Prepared | SRMInputError]:
    """Per column of ``values``, what :func:`prepare` gives for that column alone as the one
    indicator of one group, or the :class:`SRMInputError` it raises: the table is checked and
    its ids are coded once for all the columns.

    Raises :class:`SRMInputError` for what is wrong with the table itself (a missing column,
    an empty id, a pair rated twice), which :func:`prepare` would raise for every column.
    """
    _checked(data, [perceiver, target], values)
    off_diagonal = (data[perceiver] != data[target]).to_numpy()
    rows = np.arange(len(data))
    coded: _Coded | None = None
    out: list[Prepared | SRMInputError] = []
    for value in values:
        try:
            numbers = numeric_values(data[value], value)
            if not (~np.isnan(numbers) & off_diagonal).any():
                raise _nobody_rated(value)
            if coded is None:
                coded = _code(data, perceiver, target, [])
            built, excluded = _build_group(None, replace(coded, values=(numbers,)), rows, min_data)
            if len(built.ids) < MIN_MEMBERS:
                raise _too_small(built, None)
        except SRMInputError as error:
            out.append(error)
            continue
        out.append(Prepared((built,), tuple(excluded)))
    return out
