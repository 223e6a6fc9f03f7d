"""Confirmatory factor analysis (``parity.core.cfa``): properties that hold whatever the data.

lavaan's own numbers are reproduced in ``tests/reference/test_cfa_reference.py``; here the fit is
checked against what must be true: a model fitted to answers whose covariance is exactly the
model's gives back its loadings with a chi-square of 0; a just-identified model always fits
exactly; the invariance levels nest; the analytic derivatives are the derivatives.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parity.core import cfa
from parity.core.cfa import (
    CFAError,
    CFAModel,
    Factor,
    comparative_indices,
    fit_cfa,
    fit_groups,
    invariance,
    omega,
    parameter_count,
    rmsea,
    rmsea_interval,
)

TWO = CFAModel((Factor("f", ("a1", "a2", "a3")), Factor("g", ("b1", "b2", "b3"))))
PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def implied(loadings: np.ndarray, phi: np.ndarray, residuals: np.ndarray) -> np.ndarray:
    """Σ = ΛΦΛ' + Θ for a simple-structure Λ given as one loading per item (factor order)."""
    sizes = [len(f.indicators) for f in TWO.factors]
    lam = np.zeros((sum(sizes), len(sizes)))
    lam[np.arange(sum(sizes)), np.repeat(np.arange(len(sizes)), sizes)] = loadings
    return lam @ phi @ lam.T + np.diag(residuals)


def with_moments(cov: np.ndarray, mean: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    """n rows whose mean is ``mean`` and whose covariance (divided by n) is exactly ``cov``."""
    rng = np.random.default_rng(seed)
    raw = rng.standard_normal((n, len(cov)))
    raw -= raw.mean(axis=0)
    whitened = raw @ np.linalg.inv(np.linalg.cholesky(raw.T @ raw / n)).T
    return whitened @ np.linalg.cholesky(cov).T + mean


def population(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    loadings = np.concatenate([[1.0], rng.uniform(0.5, 1.5, 2), [1.0], rng.uniform(0.5, 1.5, 2)])
    r = rng.uniform(-0.6, 0.6)
    sd = rng.uniform(0.6, 1.4, 2)
    phi = np.array([[sd[0] ** 2, r * sd[0] * sd[1]], [r * sd[0] * sd[1], sd[1] ** 2]])
    return loadings, phi, rng.uniform(0.2, 1.0, 6)


# ----------------------------------------------------------------------------------------------
# Recovery and exact fit
# ----------------------------------------------------------------------------------------------


@PROPERTY
@given(seed=st.integers(0, 10_000), n=st.integers(60, 2_000))
def test_answers_with_the_model_covariance_give_back_its_parameters(seed: int, n: int) -> None:
    loadings, phi, residuals = population(seed)
    data = with_moments(implied(loadings, phi, residuals), np.zeros(6), n, seed)
    result = fit_cfa(data, TWO)
    assert result.fit.chisq == pytest.approx(0.0, abs=1e-7)
    assert result.fit.df == 8
    assert result.fit.rmsea == 0.0
    assert result.fit.cfi == pytest.approx(1.0)
    assert [e.estimate for e in result.loadings()] == pytest.approx(loadings, abs=1e-6)
    (cov,) = result.factor_covariances()
    assert cov.estimate == pytest.approx(phi[0, 1], abs=1e-6)
    first = result.residual_variances()["a1"]
    assert first.estimate == pytest.approx(residuals[0], abs=1e-6)


def test_sampled_answers_recover_the_loadings_within_their_standard_errors() -> None:
    loadings, phi, residuals = population(3)
    rng = np.random.default_rng(11)
    data = rng.multivariate_normal(np.zeros(6), implied(loadings, phi, residuals), size=3_000)
    result = fit_cfa(data, TWO)
    for estimate, true in zip(result.loadings(), loadings, strict=True):
        if estimate.se is not None:
            assert abs(estimate.estimate - true) < 4 * estimate.se
    assert result.fit.pvalue > 0.001  # the model is true: its test rarely rejects


@PROPERTY
@given(seed=st.integers(0, 10_000))
def test_a_just_identified_model_fits_any_answers_exactly(seed: int) -> None:
    """One factor, three items: six parameters for six moments, so df = 0 and χ² = 0."""
    rng = np.random.default_rng(seed)
    mixing = rng.uniform(0.3, 1.0, (3, 3)) + np.eye(3)
    data = rng.standard_normal((200, 3)) @ mixing
    model = CFAModel((Factor("f", ("x", "y", "z")),))
    result = fit_cfa(data, model)
    assert result.fit.df == 0
    assert result.fit.chisq == pytest.approx(0.0, abs=1e-8)
    assert result.fit.srmr == pytest.approx(0.0, abs=1e-6)
    assert result.fit.rmsea == 0.0
    assert result.fit.cfi == pytest.approx(1.0)


def test_the_standardized_solution_is_consistent() -> None:
    loadings, phi, residuals = population(5)
    data = with_moments(implied(loadings, phi, residuals), np.zeros(6), 500)
    result = fit_cfa(data, TWO)
    residual = result.residual_variances()
    for e in result.loadings():
        assert e.std**2 + residual[e.rhs].std == pytest.approx(1.0)
    (cov,) = result.factor_covariances()
    assert cov.std == pytest.approx(phi[0, 1] / math.sqrt(phi[0, 0] * phi[1, 1]))


def test_a_heywood_case_is_named() -> None:
    """r12 = r13 = .8 and r23 = .4 put the first loading at √(.64 / .4) > 1: a negative residual."""
    cov = np.array([[1.0, 0.8, 0.8], [0.8, 1.0, 0.4], [0.8, 0.4, 1.0]])
    data = with_moments(cov, np.zeros(3), 300)
    result = fit_cfa(data, CFAModel((Factor("f", ("x", "y", "z")),)))
    assert result.improper == ("x ~~ x",)


# ----------------------------------------------------------------------------------------------
# Groups
# ----------------------------------------------------------------------------------------------


def test_the_levels_nest_and_their_df_follow_from_the_constraints() -> None:
    loadings, phi, residuals = population(8)
    rng = np.random.default_rng(1)
    sigma = implied(loadings, phi, residuals)
    groups = [rng.multivariate_normal(np.zeros(6), sigma, size=n) for n in (150, 220, 180)]
    result = invariance(groups, ["A", "B", "C"], TWO)
    configural, metric, scalar = (s.result.fit for s in result.steps)
    p, m, g = 6, 2, 3
    assert configural.df == g * (p * (p + 1) // 2 + p) - g * ((p - m) + m * (m + 1) // 2 + 2 * p)
    assert metric.df - configural.df == (p - m) * (g - 1)
    assert scalar.df - metric.df == p * (g - 1) - m * (g - 1)
    assert configural.chisq <= metric.chisq <= scalar.chisq
    assert sum(configural.group_chisq) == pytest.approx(configural.chisq)


def test_scalar_invariance_recovers_a_difference_in_latent_means() -> None:
    loadings, phi, residuals = population(2)
    sigma = implied(loadings, phi, residuals)
    sizes = [len(f.indicators) for f in TWO.factors]
    lam = np.zeros((6, 2))
    lam[np.arange(6), np.repeat(np.arange(2), sizes)] = loadings
    intercepts = np.linspace(3.0, 5.0, 6)
    shift = np.array([0.4, -0.3])
    first = with_moments(sigma, intercepts, 400, seed=1)
    second = with_moments(sigma, intercepts + lam @ shift, 300, seed=2)
    result = fit_groups([first, second], ["A", "B"], TWO, "scalar")
    assert result.fit.chisq == pytest.approx(0.0, abs=1e-7)
    assert [e.estimate for e in result.latent_means(1)] == pytest.approx(shift, abs=1e-6)
    assert [e.estimate for e in result.latent_means(0)] == [0.0, 0.0]
    assert all(e.se is None for e in result.latent_means(0))


def test_parameter_counts() -> None:
    assert parameter_count(TWO) == 4 + 3 + 6
    assert parameter_count(TWO, 2, "configural") == 2 * (13 + 6)
    assert parameter_count(TWO, 2, "metric") == 2 * (13 + 6) - 4
    assert parameter_count(TWO, 2, "scalar") == 2 * (13 + 6) - 4 - 6 + 2


# ----------------------------------------------------------------------------------------------
# The analytic derivatives
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("groups", "level"), [(1, "configural"), (2, "metric"), (2, "scalar")])
def test_gradient_and_hessian_are_the_derivatives(groups: int, level: str) -> None:
    loadings, phi, residuals = population(4)
    rng = np.random.default_rng(7)
    sigma = implied(loadings, phi, residuals)
    samples = [
        cfa._sample(rng.multivariate_normal(np.arange(6.0), sigma, 120), TWO.items, str(g))
        for g in range(groups)
    ]
    counter = cfa._Counter()
    slots = [cfa._group_slots(TWO, counter, g, level, groups > 1) for g in range(groups)]
    problem = cfa._Problem(TWO, samples, slots, counter.count)
    start = cfa._start(TWO, samples, slots, counter.count)
    point = start + 0.05 * rng.standard_normal(counter.count)
    h = 1e-6
    steps = np.eye(counter.count) * h
    numeric_grad = [(problem.value(point + e) - problem.value(point - e)) / (2 * h) for e in steps]
    numeric_hess = [
        (problem.gradient(point + e) - problem.gradient(point - e)) / (2 * h) for e in steps
    ]
    assert problem.gradient(point) == pytest.approx(np.array(numeric_grad), abs=1e-6)
    assert problem.hessian(point) == pytest.approx(np.array(numeric_hess), abs=1e-6)


# ----------------------------------------------------------------------------------------------
# Formulas and refusals
# ----------------------------------------------------------------------------------------------


def test_omega_of_equal_loadings() -> None:
    # Three items loading .7: (2.1)² / ((2.1)² + 3 × .51)
    assert omega(np.array([0.7, 0.7, 0.7])) == pytest.approx(4.41 / (4.41 + 1.53))


def test_fit_index_formulas() -> None:
    assert rmsea(24.0, 24, 301) == 0.0
    assert rmsea(85.306, 24, 301) == pytest.approx(math.sqrt((85.306 - 24) / (24 * 301)))
    assert rmsea(10.0, 0, 100) == 0.0
    assert rmsea_interval(10.0, 0, 100) == (0.0, 0.0)
    low, high = rmsea_interval(20.0, 24, 301)
    assert low == 0.0
    assert 0.0 < high < 0.05
    cfi, tli = comparative_indices(85.306, 24, 918.852, 36)
    assert cfi == pytest.approx(1 - (85.306 - 24) / (918.852 - 36))
    assert tli == pytest.approx((918.852 / 36 - 85.306 / 24) / (918.852 / 36 - 1))


def test_refusals_say_why() -> None:
    with pytest.raises(CFAError, match="needs at least two"):
        CFAModel((Factor("f", ("x",)),))
    with pytest.raises(CFAError, match="more than one factor"):
        CFAModel((Factor("f", ("x", "y")), Factor("g", ("y", "z"))))
    rng = np.random.default_rng(0)
    with pytest.raises(CFAError, match="too few"):
        fit_cfa(rng.standard_normal((6, 6)), TWO)
    constant = rng.standard_normal((50, 6))
    constant[:, 4] = 3.0
    with pytest.raises(CFAError, match="same answer to b2"):
        fit_cfa(constant, TWO)
    missing = rng.standard_normal((50, 6))
    missing[3, 1] = np.nan
    with pytest.raises(CFAError, match="missing"):
        fit_cfa(missing, TWO)
    with pytest.raises(CFAError, match="not identified"):
        fit_cfa(rng.standard_normal((50, 2)), CFAModel((Factor("f", ("x", "y")),)))
