"""The Social Relations Model against published TripleR and SOREMO output (reference/srm).

Every number is compared at the precision at which it was printed: within half a unit of the
last printed digit (significant digits for p-values printed as 4.49e-06). The expected values
are read from the shared CSVs *as text*, so the printed precision comes with them; the few
facts that are only in PROVENANCE.md (excluded persons, group sizes) are written out below.

Sources (see PROVENANCE.md):

* A = the TripleR 1.5.4 vignette (published with the package) — reproduced in full.
* B = ``test/Kenny/tests.pdf``, a 2015 development version of TripleR on Kenny's 4-person data
  and on ``multiLikingLong``. Point estimates, standardized values, reliabilities and SOREMO
  (between-groups) tests are reproduced. Two things are not, and the tests say why:
  the latent model's Lashley–Bond SEs (that version used the perceiver–target covariance
  where the formula, and TripleR 1.5.4, use the relationship covariance — shown by
  reproducing them with that substitution) and the latent model's multi-group reliabilities
  (0.002 apart; no documented formula gives them).

Not covered: the *bivariate* analysis of two different constructs (A3/A4/B2/B3 "bivariate"
rows), which Parity does not offer; its Lashley–Bond formulas, which the latent model uses, are
checked against A4's 9-digit output in ``test_bivariate_standard_errors_9_digits``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from parity.core.srm import SRMResult, srm
from parity.core.srm import _fit as fit_module
from parity.core.srm._effects import cross_components, effects
from parity.core.srm._fit import _univariate
from parity.core.srm._lashley_bond import bivariate_sevar
from parity.core.srm._prepare import prepare

pytestmark = pytest.mark.reference

SRM = "srm"
FileGetter = Callable[[str], Path]
IDS = {"perceiver": "perceiver.id", "target": "target.id"}

#: From PROVENANCE.md (vignette warnings and RR.summary in test/old_results.txt): persons
#: TripleR excludes from multiGroup ``ex`` with na.rm=TRUE, minData=1, and the group sizes left.
MULTIGROUP_EXCLUDED = {
    "2": {"90202", "90204", "90208", "90217"},
    "5": {"90509", "90504", "90521"},
    "6": {"90606", "90608", "90614", "90616"},
    "8": {"90811"},
    "9": {"90918"},
    "12": {"91213"},
    "14": {"91404", "91405", "91406", "91408", "91424", "91421"},
    "18": {"91807", "91808", "91810", "91821"},
    "20": {"92002", "92009", "92013", "92019"},
}
MULTIGROUP_SIZES = {
    "2": 21, "5": 22, "6": 19, "8": 24, "9": 24, "12": 24, "13": 24, "14": 19, "18": 20, "20": 20,
}  # fmt: skip


# --------------------------------------------------------------------------------------------
# Printed precision
# --------------------------------------------------------------------------------------------


def printed(text: str, decimals: int | None = None) -> Any:
    """Equality with a printed number: half a unit of its last digit (or significant digit)."""
    value = float(text)
    if "e" in text.lower():
        mantissa = text.lower().split("e")[0].replace("-", "").replace(".", "").lstrip("0")
        unit = 10.0 ** (math.floor(math.log10(abs(value))) - len(mantissa) + 1)
    else:
        places = decimals if decimals is not None else len(text.split(".")[1]) if "." in text else 0
        unit = 10.0**-places
    return pytest.approx(value, abs=0.5 * unit + 1e-12, rel=0)


def _is_na(text: Any) -> bool:
    return not isinstance(text, str) or text.strip() in ("", "NA", "NaN")


def _expected(reference_file: FileGetter, name: str) -> pd.DataFrame:
    return pd.read_csv(reference_file(f"{SRM}/{name}"), dtype=str, keep_default_na=False)


def _case(reference_file: FileGetter, case_id: str, se_method: str | None = None) -> pd.DataFrame:
    table = _expected(reference_file, "expected_srm_tripler.csv")
    rows = table[table["case_id"] == case_id]
    if se_method is not None:
        rows = rows[rows["se_method"] == se_method]
    assert len(rows) > 0, f"{case_id} {se_method or ''} is not in expected_srm_tripler.csv"
    return rows


def _data(reference_file: FileGetter, name: str) -> pd.DataFrame:
    return pd.read_csv(reference_file(f"{SRM}/{name}"))


# --------------------------------------------------------------------------------------------
# Comparing a case's rows with a result
# --------------------------------------------------------------------------------------------

_ALIASES = {"actor_partner": "perceiver_target", "actor": "perceiver", "partner": "target"}
_FIELDS = {
    "estimate": "estimate",
    "standardized": "standardized",
    "se": "se",
    "t_value": "t",
    "p_value": "p",
}


def _component(name: str) -> str:
    for old, new in _ALIASES.items():
        if name.startswith(old + "_"):
            return new + name[len(old) :]
    return name


def _check_rows(result: SRMResult, rows: pd.DataFrame, skip: frozenset[str] = frozenset()) -> int:
    """Compare every printed field of ``rows`` with ``result``; returns how many were compared."""
    checked = 0
    for row in rows.itertuples(index=False):
        name = _component(str(row.component))
        if name in skip:
            continue
        if name.endswith("_effect_reliability"):
            role = name.removesuffix("_effect_reliability")
            assert getattr(result.reliability, role) == printed(row.estimate), name
            checked += 1
        elif name.endswith("_4dp"):  # str(): 4 decimals with trailing zeros dropped
            comp = result.components.loc[name.removesuffix("_4dp")]
            for field in ("estimate", "se", "p_value"):
                text = getattr(row, field)
                if not _is_na(text):
                    decimals = None if "e" in text else 4
                    assert comp[_FIELDS[field]] == printed(text, decimals), f"{name} {field}"
                    checked += 1
        elif name.startswith("SEVAR_"):
            se = result.components.loc[name.removeprefix("SEVAR_"), "se"]
            assert se**2 == printed(row.estimate), name
            checked += 1
        else:
            comp = result.components.loc[name]
            for field, ours in _FIELDS.items():
                if f"{name}.{field}" in skip:
                    continue
                text = getattr(row, field)
                if _is_na(text):
                    assert math.isnan(comp[ours]), f"{name} {field}: expected no value"
                else:
                    assert comp[ours] == printed(text), f"{name} {field}"
                checked += 1
    return checked


# --------------------------------------------------------------------------------------------
# Source A: TripleR 1.5.4 vignette
# --------------------------------------------------------------------------------------------


#: A4's target-effect reliability is printed as .761; the formula that reproduces A2's three
#: reliabilities and A4's other two gives 0.7602 here (TripleR prints with sprintf("%.3f"), so
#: this is not rounding). The printed value comes out of TripleR's joint analysis of two latent
#: constructs, which Parity does not offer; we leave this one number unexplained and untested.
_A4_SKIP = frozenset({"target_effect_reliability"})


@pytest.mark.parametrize(
    ("case_id", "value", "value2", "skip"),
    [
        ("A1_liking_a", "liking_a", None, frozenset()),
        ("A2_liking_latent", "liking_a", "liking_b", frozenset()),
        ("A3_metaliking_a", "metaliking_a", None, frozenset()),
        ("A4_metaliking_latent", "metaliking_a", "metaliking_b", _A4_SKIP),
    ],
)
def test_liking_single_group_published(
    reference_file: FileGetter,
    case_id: str,
    value: str,
    value2: str | None,
    skip: frozenset[str],
) -> None:
    """One round robin of 54 freshmen: components, SE, t, p, reliabilities as printed."""
    data = _data(reference_file, "tripler_likingLong.csv")
    result = srm(data, **IDS, value=value, value2=value2)
    assert result.df == 53
    assert _check_rows(result, _case(reference_file, case_id), skip=skip) >= 30


def test_liking_effects_published(reference_file: FileGetter) -> None:
    """The first perceiver and target effects of liking_a (ids sorted as text by TripleR)."""
    data = _data(reference_file, "tripler_likingLong.csv")
    result = srm(data, **IDS, value="liking_a")
    expected = _expected(reference_file, "expected_srm_effects_tripler.csv")
    expected = expected[expected["case_id"] == "A1_liking_a"]
    ours = result.effects.set_index(result.effects["id"].astype(str))
    for row in expected.itertuples(index=False):
        assert ours.loc[row.id, "perceiver"] == printed(row.perceiver_effect), row.id
        assert ours.loc[row.id, "target"] == printed(row.target_effect), row.id
    assert len(expected) == 6


def test_multigroup_exclusions_follow_tripler(reference_file: FileGetter) -> None:
    """Who is left out of multiGroup ``ex`` (never rated anyone, or no rating left), per group."""
    data = _data(reference_file, "tripler_multiGroup.csv")
    result = srm(data, **IDS, value="ex", group="group.id")
    excluded: dict[str, set[str]] = {}
    for group, person in result.excluded[["group", "id"]].itertuples(index=False):
        excluded.setdefault(str(group), set()).add(str(person))
    assert excluded == MULTIGROUP_EXCLUDED
    sizes = {str(g): int(n) for g, n in result.groups[["group", "n"]].itertuples(index=False)}
    assert sizes == MULTIGROUP_SIZES
    assert np.mean(list(sizes.values())) == pytest.approx(21.7)


def test_multigroup_components_published(reference_file: FileGetter) -> None:
    """Ten groups with missing ratings, pooled with Lashley–Bond SEs (df = Σ(n_g − 1) = 207)."""
    data = _data(reference_file, "tripler_multiGroup.csv")
    result = srm(data, **IDS, value="ex", group="group.id")
    rows = _case(reference_file, "A5_multiGroup_ex")
    component_rows = rows[~rows["component"].str.startswith("partialcor")]
    assert _check_rows(result, component_rows) >= 27
    assert result.df == 207


def test_multigroup_self_rating_partial_correlations_published(reference_file: FileGetter) -> None:
    """Self ratings with perceiver/target effects, controlling for group: r, t, df = 206."""
    data = _data(reference_file, "tripler_multiGroup.csv")
    result = srm(data, **IDS, value="ex", group="group.id")
    assert result.self_correlation is not None
    rows = _case(reference_file, "A5_multiGroup_ex").set_index("component")
    for role in ("perceiver", "target"):
        row = rows.loc[f"partialcor_self_with_{role}_effect_r"]
        ours = result.self_correlation.loc[role]
        assert ours["r"] == printed(row["estimate"])
        assert ours["t"] == printed(row["t_value"])
        assert ours["p"] == printed(row["p_value"])
        assert ours["df"] == float(rows.loc[f"partialcor_self_with_{role}_effect_df", "estimate"])


def test_multigroup_group2_effects_published(reference_file: FileGetter) -> None:
    """Group 2 (no missing rating once 4 non-raters are out): effects, self ratings, dyads."""
    data = _data(reference_file, "tripler_multiGroup.csv")
    result = srm(data, **IDS, value="ex", group="group.id")
    effects_ = result.effects[result.effects["group"].astype(str) == "2"]
    ours = effects_.set_index(effects_["id"].astype(str))
    expected = _expected(reference_file, "expected_srm_effects_tripler.csv")
    expected = expected[expected["case_id"] == "A5_multiGroup_ex"]
    for row in expected.itertuples(index=False):
        assert ours.loc[row.id, "perceiver"] == printed(row.perceiver_effect), row.id
        assert ours.loc[row.id, "target"] == printed(row.target_effect), row.id
        assert ours.loc[row.id, "self"] == printed(row.self_rating_centered), row.id
    rel = result.relationship_effects
    rel = rel[rel["group"].astype(str) == "2"].astype({"perceiver": str, "target": str})
    rel = rel.set_index(["perceiver", "target"])["relationship"]
    dyads = _expected(reference_file, "expected_srm_relationship_effects_tripler.csv")
    for row in dyads.itertuples(index=False):
        assert rel.loc[(row._4, row._5)] == printed(row.relationship_effect)
    assert len(dyads) == 6


def test_group2_alone_self_correlations_published(reference_file: FileGetter) -> None:
    """Group 2 analysed alone: plain correlations with df = n − 2 = 19."""
    data = _data(reference_file, "tripler_multiGroup.csv")
    result = srm(data[data["group.id"] == 2], **IDS, value="ex")
    assert result.self_correlation is not None
    rows = _case(reference_file, "A5b_multiGroup_group2_selfcor").set_index("component")
    for role in ("perceiver", "target"):
        row = rows.loc[f"cor_self_with_{role}_effect_r"]
        ours = result.self_correlation.loc[role]
        assert ours["r"] == printed(row["estimate"])
        assert ours["t"] == printed(row["t_value"])
        assert ours["p"] == printed(row["p_value"])
        assert ours["df"] == float(rows.loc["df", "estimate"])


def test_bivariate_standard_errors_9_digits(reference_file: FileGetter) -> None:
    """A4's bivariate latent output, printed to 9 digits, pins down the Bond–Lashley formulas.

    TripleR gets it from a manifest bivariate analysis of the two constructs' indicator means;
    the same internal steps here must give the same covariances and squared SEs (biSEVAR).
    """
    data = _data(reference_file, "tripler_likingLong.csv")
    cols = ("liking_a", "liking_b", "metaliking_a", "metaliking_b")
    (group,) = prepare(data, "perceiver.id", "target.id", cols, None).groups
    one = effects((group.matrices[0] + group.matrices[1]) / 2)
    two = effects((group.matrices[2] + group.matrices[3]) / 2)
    cross = cross_components(one, two)
    sevar = bivariate_sevar(
        _univariate(cross_components(one, one)), _univariate(cross_components(two, two)), cross, 54
    )
    ours = {
        "actor_actor": (cross.perceiver, sevar[0]),
        "actor_partner": (cross.perceiver_target, sevar[1]),
        "partner_actor": (cross.target_perceiver, sevar[2]),
        "partner_partner": (cross.target, sevar[3]),
        "intrapersonal": (cross.relationship, sevar[4]),
        "interpersonal": (cross.relationship_cov, sevar[5]),
    }
    rows = _case(reference_file, "A4_bivariate_latent").set_index("component")
    for name, (estimate, se2) in ours.items():
        full = name if name in ("intrapersonal", "interpersonal") else f"{name}_covariance"
        full = f"{full}_relationship_covariance" if "personal" in name else full
        assert estimate == printed(rows.loc[full, "estimate"]), name
        assert math.sqrt(se2) == printed(rows.loc[full, "se"]), name
        assert se2 == printed(rows.loc[f"biSEVAR_{name}", "estimate"]), name


# --------------------------------------------------------------------------------------------
# Source B: TripleR development version (2015) on Kenny's data and multiLikingLong
# --------------------------------------------------------------------------------------------


SE_METHODS = pytest.mark.parametrize(
    ("se_method", "ours"), [("SOREMO", "between_groups"), ("LashleyBond", "lashley_bond")]
)


@SE_METHODS
def test_kenny_four_person_groups_published(
    reference_file: FileGetter, se_method: str, ours: str
) -> None:
    """15 groups of 4: both SE methods (SOREMO between-groups SEs 1.221/.985/.524/.337/.500)."""
    data = _data(reference_file, "kenny_roundrobin_4person.csv")
    result = srm(data, perceiver="actor", target="partner", value="y", group="group", se=ours)
    assert result.df == (14 if ours == "between_groups" else 45)
    assert _check_rows(result, _case(reference_file, "B1_kenny_roundrobin", se_method)) >= 27


@pytest.mark.parametrize("variable", ["liking_a", "metaliking_a"])
@SE_METHODS
def test_multi_liking_manifest_published(
    reference_file: FileGetter, variable: str, se_method: str, ours: str
) -> None:
    """Five groups of 10, one indicator: everything printed, with both SE methods."""
    data = _data(reference_file, "tripler_multiLikingLong.csv")
    result = srm(data, **IDS, value=variable, group="group.id", se=ours)
    rows = _case(reference_file, f"B2_multi_{variable}", se_method)
    assert _check_rows(result, rows) >= 27


#: The development version tested the error variance between groups; TripleR 1.5.4 (and we)
#: report no test for it, and its multi-group latent reliabilities differ by 0.002 from the
#: formula that reproduces the single-group ones (A2, A4) — neither is compared.
_B3_SKIP = frozenset({"error_variance.p_value"})


LATENT_B3 = pytest.mark.parametrize(
    ("case_id", "value", "value2"),
    [
        ("B3_multi_liking_latent", "liking_a", "liking_b"),
        ("B3_multi_metaliking_latent", "metaliking_a", "metaliking_b"),
    ],
)


@LATENT_B3
def test_multi_liking_latent_between_groups_published(
    reference_file: FileGetter, case_id: str, value: str, value2: str
) -> None:
    """Five groups, two indicators, SOREMO tests: components, error variance, SEs, t, p."""
    data = _data(reference_file, "tripler_multiLikingLong.csv")
    result = srm(data, **IDS, value=value, value2=value2, group="group.id", se="between_groups")
    rows = _case(reference_file, case_id, "SOREMO")
    rows = rows[~rows["component"].str.endswith("_reliability")]
    assert _check_rows(result, rows, skip=_B3_SKIP) >= 27
    reliability = _case(reference_file, case_id, "SOREMO").set_index("component")
    assert result.reliability.relationship == printed(
        reliability.loc["relationship_effect_reliability", "estimate"]
    )


@LATENT_B3
def test_multi_liking_latent_lashley_bond_of_the_development_version(
    reference_file: FileGetter,
    monkeypatch: pytest.MonkeyPatch,
    case_id: str,
    value: str,
    value2: str,
) -> None:
    """The 2015 latent Lashley–Bond SEs differ from TripleR 1.5.4's (and ours): explained here.

    That version put each indicator's perceiver–target covariance where Bond & Lashley's
    bivariate formula has the relationship covariance. Making the same substitution
    reproduces every printed SE, t and p — so the rest of the computation agrees; our own
    formula is the one that reproduces TripleR 1.5.4 (A2, A4 above).
    """
    original = fit_module.bivariate_sevar

    def as_in_2015(one: Any, two: Any, cross: Any, n: float) -> Any:
        return original(
            dataclasses.replace(one, relationship_cov=one.perceiver_target),
            dataclasses.replace(two, relationship_cov=two.perceiver_target),
            cross,
            n,
        )

    monkeypatch.setattr(fit_module, "bivariate_sevar", as_in_2015)
    data = _data(reference_file, "tripler_multiLikingLong.csv")
    result = srm(data, **IDS, value=value, value2=value2, group="group.id")
    rows = _case(reference_file, case_id, "LashleyBond")
    rows = rows[~rows["component"].str.endswith("_reliability")]
    assert _check_rows(result, rows) >= 27


# --------------------------------------------------------------------------------------------
# An independent estimator: SPSS MIXED (REML) on Kenny's data — consistency, not equality
# --------------------------------------------------------------------------------------------


def test_kenny_data_agrees_with_spss_mixed_consistency(reference_file: FileGetter) -> None:
    """REML with a symmetric dyad effect (Kenny's SPSS run) lands within 0.01 of our ANOVA.

    Not the same estimator, so not the same numbers: actor/partner variances, dyad variance
    ≈ relationship covariance, dyad + residual ≈ relationship variance.
    """
    spss = _data(reference_file, "expected_kenny_roundrobin_spss_mixed.csv").set_index("parameter")
    value = spss["estimate"].astype(float)
    data = _data(reference_file, "kenny_roundrobin_4person.csv")
    est = srm(data, perceiver="actor", target="partner", value="y", group="group").components
    est = est["estimate"]
    assert est["perceiver_variance"] == pytest.approx(value["var_intercept_actor"], abs=0.01)
    assert est["target_variance"] == pytest.approx(value["var_intercept_partner"], abs=0.01)
    assert est["relationship_covariance"] == pytest.approx(value["var_intercept_dyad"], abs=0.01)
    total = value["var_intercept_dyad"] + value["residual"]
    assert est["relationship_variance"] == pytest.approx(total, abs=0.01)
