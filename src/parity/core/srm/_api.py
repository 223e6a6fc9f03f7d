"""The public entry point :func:`srm` and its result."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from parity.core.srm._effects import FloatArray
from parity.core.srm._fit import GroupFit, fit_group, summarize
from parity.core.srm._pool import SE_METHODS
from parity.core.srm._prepare import GroupData, Prepared, prepare, prepare_each

#: The six rows of :attr:`SRMResult.components`, in TripleR's order.
COMPONENTS: tuple[str, ...] = (
    "perceiver_variance",
    "target_variance",
    "relationship_variance",
    "error_variance",
    "perceiver_target_covariance",
    "relationship_covariance",
)


@dataclass(frozen=True, slots=True)
class Reliability:
    """How reliably one member's effect is measured (relationship only in the latent model)."""

    perceiver: float
    target: float
    relationship: float


@dataclass(frozen=True, slots=True)
class SRMResult:
    """A Social Relations Model of one or several round-robin groups.

    * ``components``: one row per :data:`COMPONENTS` entry with ``estimate``, ``standardized``
      (variance: share of the summed variances; covariance: correlation), ``se``, ``t`` and
      ``p``. ``error_variance`` is NaN unless two indicators were given (``latent``).
    * ``df``: degrees of freedom of the tests.
    * ``effects``: one row per member (``group``, ``id``, ``perceiver``, ``target``, and
      ``self``, the group-centred self rating, when the data have self ratings).
    * ``relationship_effects``: one row per rated pair (``group``, ``perceiver``, ``target``,
      ``relationship``); NaN where the rating was missing.
    * ``groups``: ``group``, ``n`` members analysed, ``missing`` ratings between them.
    * ``group_components``: each group's own estimates (columns :data:`COMPONENTS`).
    * ``excluded``: ``group``, ``id``, ``reason`` of every person left out.
    * ``self_correlation``: when there are self ratings, their correlation with the
      perceiver and target effects (partial correlation controlling for group when there are
      several groups): rows ``perceiver``/``target``, columns ``r``, ``t``, ``df``, ``p``.
    * ``warnings``: sentences for the reader, e.g. a group with more missing ratings than
      Schönbrodt, Back & Schmukle (2012) found safe.
    """

    components: pd.DataFrame
    df: float
    reliability: Reliability
    effects: pd.DataFrame
    relationship_effects: pd.DataFrame
    groups: pd.DataFrame
    group_components: pd.DataFrame
    excluded: pd.DataFrame
    self_correlation: pd.DataFrame | None
    latent: bool
    se_method: str
    warnings: tuple[str, ...]


def _effects_frame(groups: tuple[GroupData, ...], fits: list[GroupFit]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "group": np.concatenate(
                [np.full(f.n, g.group, dtype=object) for g, f in zip(groups, fits, strict=True)]
            ),
            "id": np.concatenate([g.ids for g in groups]),
            "perceiver": np.concatenate([f.perceiver for f in fits]),
            "target": np.concatenate([f.target for f in fits]),
        }
    )
    selves = np.concatenate([f.self_centered for f in fits])
    if not np.isnan(selves).all():
        frame["self"] = selves
    return frame


def _relationship_frame(groups: tuple[GroupData, ...], fits: list[GroupFit]) -> pd.DataFrame:
    """Every ordered pair of members with its relationship effect, built in one go."""
    group, perceiver, target, effect = [], [], [], []
    for g, f in zip(groups, fits, strict=True):
        rows, cols = np.nonzero(~np.eye(f.n, dtype=bool))
        group.append(np.full(len(rows), g.group, dtype=object))
        perceiver.append(g.ids[rows])
        target.append(g.ids[cols])
        effect.append(f.relationship[rows, cols])
    return pd.DataFrame(
        {
            "group": np.concatenate(group),
            "perceiver": np.concatenate(perceiver),
            "target": np.concatenate(target),
            "relationship": np.concatenate(effect),
        }
    )


def _partial_correlation(
    effect: FloatArray, self_rating: FloatArray, group: np.ndarray[Any, Any]
) -> tuple[float, float, float, float]:
    """r of effect and self rating within groups, with t, df = m − 2 − (G − 1) and two-sided p."""
    from scipy.special import stdtr

    ok = ~np.isnan(effect) & ~np.isnan(self_rating)
    if ok.sum() < 3:
        return (np.nan,) * 4
    codes, _ = pd.factorize(pd.Series(group[ok], dtype=object), use_na_sentinel=False)
    frame = pd.DataFrame({"x": effect[ok], "y": self_rating[ok], "g": codes})
    centred = frame[["x", "y"]] - frame.groupby("g")[["x", "y"]].transform("mean")
    n_groups = frame["g"].nunique()
    df = float(ok.sum() - 2 - (n_groups - 1))
    denom = float(np.sqrt((centred["x"] ** 2).sum() * (centred["y"] ** 2).sum()))
    if df < 1 or denom == 0:
        return (np.nan,) * 4
    r = float((centred["x"] * centred["y"]).sum()) / denom
    t = r * np.sqrt(df / (1.0 - r**2)) if abs(r) < 1 else np.copysign(np.inf, r)
    return r, float(t), df, float(2.0 * stdtr(df, -abs(t)))


def _self_correlation(effects: pd.DataFrame) -> pd.DataFrame | None:
    if "self" not in effects:
        return None
    groups = effects["group"].to_numpy()
    selves = effects["self"].to_numpy(dtype=np.float64)
    rows = {
        role: _partial_correlation(effects[role].to_numpy(dtype=np.float64), selves, groups)
        for role in ("perceiver", "target")
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=["r", "t", "df", "p"])


def _excluded_frame(excluded: tuple[Any, ...]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group": [e.group for e in excluded],
            "id": [e.id for e in excluded],
            "reason": [e.reason for e in excluded],
        },
        columns=["group", "id", "reason"],
    )


#: Most missing ratings a group of n (4 to 9) can have before estimates drift (Schönbrodt, Back
#: & Schmukle, 2012, as printed in the TripleR vignette); from n = 10 on, at most 20 %.
_SAFE_MISSING = {4: 1, 5: 2, 6: 4, 7: 6, 8: 8, 9: 10}


def _missing_warnings(groups: pd.DataFrame) -> tuple[str, ...]:
    out = []
    columns = (groups[c].tolist() for c in ("group", "n", "missing"))
    for group, n, missing in zip(*columns, strict=True):
        safe = _SAFE_MISSING.get(int(n), 0.2 * n * (n - 1))
        if missing > safe:
            where = "The round robin" if group is None else f"Group {group}"
            share = missing / (n * (n - 1))
            out.append(
                f"{where} misses {missing} of {n * (n - 1)} ratings ({share:.0%}), more than "
                f"the {int(safe)} that simulations found harmless: its variances are likely "
                "underestimated. Collect the missing ratings if you can."
            )
    return tuple(out)


def _groups_frame(groups: tuple[GroupData, ...]) -> pd.DataFrame:
    missing = []
    for g in groups:
        observed = ~np.isnan(g.matrices[0])
        for m in g.matrices[1:]:
            observed &= ~np.isnan(m)
        missing.append(len(g.ids) * (len(g.ids) - 1) - int(observed.sum()))
    return pd.DataFrame(
        {
            "group": [g.group for g in groups],
            "n": [len(g.ids) for g in groups],
            "missing": missing,
        }
    )


def _check_arguments(se: str, min_data: int) -> None:
    if se not in (*SE_METHODS, "auto"):
        raise ValueError(f"se must be auto or one of {', '.join(SE_METHODS)}, got {se!r}")
    if isinstance(min_data, bool) or int(min_data) != min_data or min_data < 1:
        raise ValueError(f"min_data must be a whole number >= 1, got {min_data!r}")


def srm(
    data: pd.DataFrame,
    *,
    perceiver: str,
    target: str,
    value: str,
    value2: str | None = None,
    group: str | None = None,
    se: str = "lashley_bond",
    min_data: int = 1,
    drop_small_groups: bool = False,
) -> SRMResult:
    """Fit the Social Relations Model to round-robin ratings in a long table.

    ``se="auto"`` (what the ``parity srm`` command uses) picks Lashley–Bond for one group and
    the between-groups test for several, as Kenny recommends; TripleR's own default is
    Lashley–Bond throughout, which the reference tests ask for explicitly.

    ``data`` has one row per directed pair (``perceiver`` rated ``target`` with ``value``);
    rows with perceiver == target are self ratings. With ``value2`` the two columns are two
    indicators of one construct and the latent model separates relationship variance from
    error. With ``group`` each group is its own round robin and the results are pooled. ``se``
    is ``"lashley_bond"`` (any number of groups) or ``"between_groups"`` (two or more groups).
    Members who gave or received fewer than ``min_data`` ratings are excluded (see
    :mod:`parity.core.srm._prepare`). Missing ratings are allowed.

    Raises :class:`SRMInputError` (a ``ValueError``) for data that cannot be analysed and
    ``ValueError`` for bad arguments.
    """
    _check_arguments(se, min_data)
    values = (value,) if value2 is None else (value, value2)
    prepared = prepare(
        data,
        perceiver,
        target,
        values,
        group,
        min_data=int(min_data),
        drop_small_groups=drop_small_groups,
    )
    return _fitted(prepared, se, latent=value2 is not None)


def srm_each(
    data: pd.DataFrame,
    *,
    perceiver: str,
    target: str,
    values: Sequence[str],
    se: str = "lashley_bond",
    min_data: int = 1,
) -> dict[str, SRMResult | ValueError]:
    """The SRM of each column of ``values`` on its own, as ``srm(data, value=column)`` fits it
    (one group, one indicator), with the table checked and its ids coded once: per column,
    the result or the ``ValueError`` that ``srm`` raises for that column.

    Raises ``ValueError`` for bad arguments and :class:`SRMInputError` for what is wrong with
    the table itself (a missing column, an empty id, a pair rated twice): what ``srm`` would
    raise for every column.
    """
    _check_arguments(se, min_data)
    out: dict[str, SRMResult | ValueError] = {}
    for value, prepared in zip(
        values, prepare_each(data, perceiver, target, values, min_data=int(min_data)), strict=True
    ):
        try:
            if isinstance(prepared, ValueError):
                raise prepared
            out[value] = _fitted(prepared, se, latent=False)
        except ValueError as error:
            out[value] = error
    return out


def _fitted(prepared: Prepared, se: str, *, latent: bool) -> SRMResult:
    """The model of the prepared groups, tested with ``se``."""
    if se == "auto":  # Lashley–Bond within one group; across several, their spread
        se = "lashley_bond" if len(prepared.groups) < 2 else "between_groups"
    if se == "between_groups" and len(prepared.groups) < 2:
        raise ValueError("the between-groups test needs at least two groups; use lashley_bond")
    fits = [fit_group(g) for g in prepared.groups]
    summary = summarize(fits, se)
    pooled = summary.pooled
    components = pd.DataFrame(
        {
            "estimate": pooled.estimate,
            "standardized": summary.standardized,
            "se": pooled.se,
            "t": pooled.t,
            "p": pooled.p,
        },
        index=pd.Index(COMPONENTS, name="component"),
    )
    effects = _effects_frame(prepared.groups, fits)
    # A negative variance means the component is absent: its effects would only be noise
    # (a variance lost in rounding is zero already: _pool.pool).
    for role, row in (("perceiver", 0), ("target", 1)):
        if pooled.estimate[row] < 0:
            effects[role] = np.nan
    group_components = pd.DataFrame(
        np.stack([f.estimates for f in fits]),
        columns=list(COMPONENTS),
        index=pd.Index([g.group for g in prepared.groups], name="group"),
    )
    groups = _groups_frame(prepared.groups)
    return SRMResult(
        components=components,
        df=pooled.df,
        reliability=Reliability(*summary.reliability),
        effects=effects,
        relationship_effects=_relationship_frame(prepared.groups, fits),
        groups=groups,
        group_components=group_components,
        excluded=_excluded_frame(prepared.exclusions),
        self_correlation=_self_correlation(effects),
        latent=latent,
        se_method=se,
        warnings=_missing_warnings(groups),
    )
