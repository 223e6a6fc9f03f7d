"""``parity.core.cfa`` against lavaan's printed output on Holzinger & Swineford (1939).

Source of every number: ``cfa/PROVENANCE.md`` and ``cfa/expected_cfa_lavaan.csv`` in the shared
reference folder (see ``conftest.py``): lavaan's tutorial, the three-factor model

    visual  =~ x1 + x2 + x3
    textual =~ x4 + x5 + x6
    speed   =~ x7 + x8 + x9

in all 301 children, and in two groups by ``school`` at three levels of invariance. Every row of
the CSV is compared at the precision lavaan printed it (``printed_decimals``): our value rounded
half away from zero to that many decimals must be the printed text. The expected values are read
as text so that the printed precision comes with them; the few numbers that are only in
PROVENANCE.md (each school's share of the configural chi-square, the difference tests) are
written out below.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

from parity.core.cfa import CFAModel, CFAResult, Factor, Invariance, fit_cfa, invariance

pytestmark = pytest.mark.reference

FileGetter = Callable[[str], Path]
HS3 = CFAModel(
    (
        Factor("visual", ("x1", "x2", "x3")),
        Factor("textual", ("x4", "x5", "x6")),
        Factor("speed", ("x7", "x8", "x9")),
    )
)
#: From PROVENANCE.md: each school's part of the configural chi-square, and the differences.
CONFIGURAL_BY_SCHOOL = {"Grant-White": "51.542", "Pasteur": "64.309"}
LOADINGS_DIFFERENCE = ("8.192", 6)
INTERCEPTS_DIFFERENCE = ("40.059", 6)


def as_printed(value: float, decimals: int) -> str:
    """``value`` as lavaan prints it: rounded half away from zero to ``decimals`` places."""
    exact = Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{exact:.{decimals}f}"


@pytest.fixture(scope="module")
def data(reference_file: FileGetter) -> pd.DataFrame:
    return pd.read_csv(reference_file("cfa/holzinger_swineford1939.csv"))


@pytest.fixture(scope="module")
def expected(reference_file: FileGetter) -> pd.DataFrame:
    return pd.read_csv(
        reference_file("cfa/expected_cfa_lavaan.csv"), dtype=str, keep_default_na=False
    )


@pytest.fixture(scope="module")
def whole(data: pd.DataFrame) -> CFAResult:
    return fit_cfa(data[list(HS3.items)].to_numpy(dtype=float), HS3)


@pytest.fixture(scope="module")
def by_school(data: pd.DataFrame) -> Invariance:
    # lavaan takes the groups in the order they first appear in the data: Pasteur first.
    schools = list(dict.fromkeys(data["school"]))
    groups = [data.loc[data["school"] == s, list(HS3.items)].to_numpy(dtype=float) for s in schools]
    return invariance(groups, schools, HS3)


def _whole_value(result: CFAResult, row: pd.Series) -> float:
    quantity = row["quantity"]
    if quantity == "loading":
        (found,) = [e for e in result.loadings() if (e.lhs, e.rhs) == (row["lhs"], row["rhs"])]
        return found.estimate
    if quantity == "covariance":
        pairs = result.factor_covariances()
        (found,) = [e for e in pairs if {e.lhs, e.rhs} == {row["lhs"], row["rhs"]}]
        return found.estimate
    fit = result.fit
    return {
        "chisq": fit.chisq,
        "df": fit.df,
        "cfi": fit.cfi,
        "tli": fit.tli,
        "rmsea": fit.rmsea,
        "rmsea_ci_lower": fit.rmsea_ci_lower,
        "rmsea_ci_upper": fit.rmsea_ci_upper,
        "srmr": fit.srmr,
    }[quantity]


def _group_value(result: Invariance, quantity: str) -> float:
    level, _, what = quantity.partition("_")
    (step,) = [s for s in result.steps if s.level == level]
    return step.result.fit.chisq if what == "chisq" else step.result.fit.df


def ours(row: pd.Series, whole: CFAResult, by_school: Invariance) -> float:
    """Our value for one row of the expected CSV."""
    assert row["model"] == "hs3", row.to_dict()
    if row["group"] == "all":
        return _whole_value(whole, row)
    assert row["group"] == "school", row.to_dict()
    return _group_value(by_school, row["quantity"])


def test_every_printed_value_is_reproduced(
    expected: pd.DataFrame, whole: CFAResult, by_school: Invariance
) -> None:
    mismatches = []
    for _, row in expected.iterrows():
        got = as_printed(ours(row, whole, by_school), int(row["printed_decimals"]))
        if got != row["value"]:
            mismatches.append(
                f"{row['group']} {row['quantity']} {row['lhs']}{row['op']}"
                f"{row['rhs']}: lavaan {row['value']}, Parity {got}"
            )
    assert not mismatches, "\n".join(mismatches)
    assert len(expected) == 26  # the whole CSV was compared, not a part of it


def test_the_configural_chisq_is_the_sum_of_the_schools(by_school: Invariance) -> None:
    configural = by_school.steps[0].result
    parts = dict(zip(configural.groups, configural.fit.group_chisq, strict=True))
    assert {s: as_printed(parts[s], 3) for s in CONFIGURAL_BY_SCHOOL} == CONFIGURAL_BY_SCHOOL
    assert sum(parts.values()) == pytest.approx(configural.fit.chisq, rel=1e-12)


def test_the_difference_tests_follow_from_the_levels(by_school: Invariance) -> None:
    _, metric, scalar = by_school.steps
    assert (as_printed(metric.chisq_diff or 0.0, 3), metric.df_diff) == LOADINGS_DIFFERENCE
    assert (as_printed(scalar.chisq_diff or 0.0, 3), scalar.df_diff) == INTERCEPTS_DIFFERENCE
