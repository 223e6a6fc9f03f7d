"""Confirmatory factor analysis by maximum likelihood, fitted as lavaan's ``cfa()`` fits it.

Why a CFA at all: construct scores are means of items, which is only sound if the items of a
construct measure one thing and the constructs are told apart by the answers. A psychometrician
judges that from a CFA's fit, loadings and reliability, and whether two groups can be compared
from its invariance across them. The conventions are lavaan's defaults, so that every number can
be checked against lavaan (``tests/reference/test_cfa_reference.py`` reproduces its tutorial):

- the first loading of each factor is fixed to 1; factor variances and covariances, the other
  loadings and the residual variances are free; residuals are uncorrelated;
- the discrepancy is F = log|Σ| + tr(SΣ⁻¹) − log|S| − p, with S the covariance divided by N
  (not N − 1), plus (x̄ − μ)'Σ⁻¹(x̄ − μ) with a mean structure; chi-square = Σ N_g F_g;
- in several groups every model has a mean structure: item intercepts are free in each group
  (configural, metric) or equal across groups (scalar), where the latent means are then free
  except in the first group (fixed 0).

Estimation is Fisher scoring with step halving (the expected Hessian of F is the Gram matrix of
the model's derivatives, positive definite whenever the model is identified), switching to
Newton steps on the analytic observed Hessian wherever that is positive definite, so the fit
converges quadratically to the precision lavaan's printed values need. The expected Hessian
also gives the standard errors (expected information, lavaan's default). The formulas are in
docs/method.md, "Validating the instrument". Pure numpy and scipy: no I/O, no pandas.

SciPy is imported inside the functions that need it, and the chi-square distributions are
taken from ``scipy.special`` (the functions ``scipy.stats`` itself evaluates): `parity analyze`
fits a model per construct for omega, and the second-long import of ``scipy.stats`` would
otherwise be on its path.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float64]
Ids = npt.NDArray[np.intp]

#: The invariance levels, each adding equality constraints to the one before.
LEVELS = ("configural", "metric", "scalar")
#: The fit stops when no gradient element of F exceeds this (F is per respondent).
GRADIENT_TOLERANCE = 1e-10
MAX_ITERATIONS = 200
#: Below this largest gradient element, Newton steps on the observed Hessian take over.
NEWTON_FROM = 1.0
#: A step promising to lower F by less than this is convergence: F is a sum of terms of the
#: order of the number of items, so rounding hides smaller changes.
DECREASE_FLOOR = 1e-14
#: A Cholesky pivot of the unit-diagonal Hessian below this (squared) makes it singular.
PIVOT_FLOOR = 1e-12
#: The RMSEA interval, as lavaan prints it.
RMSEA_LEVEL = 0.90


class CFAError(ValueError):
    """A model that cannot be fitted to these data; the message says why in words."""


class _NotPositiveDefiniteError(ArithmeticError):
    """A trial step left the implied covariance matrix without a Cholesky factor."""


# ----------------------------------------------------------------------------------------------
# The model and the results
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Factor:
    """A latent variable and its indicators; the first indicator is its marker (loading 1)."""

    name: str
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class CFAModel:
    """Simple structure: every item loads on exactly one factor, residuals uncorrelated."""

    factors: tuple[Factor, ...]

    def __post_init__(self) -> None:
        if not self.factors:
            raise CFAError("The model has no factor.")
        for factor in self.factors:
            if len(factor.indicators) < 2:
                raise CFAError(
                    f"The factor {factor.name} has {len(factor.indicators)} item; a factor "
                    "needs at least two (with one, its variance and the item's residual "
                    "variance cannot be told apart)."
                )
        items = [item for factor in self.factors for item in factor.indicators]
        repeated = sorted({item for item in items if items.count(item) > 1})
        if repeated:
            raise CFAError(f"Items on more than one factor: {', '.join(repeated)}.")
        names = [factor.name for factor in self.factors]
        if len(set(names)) != len(names):
            raise CFAError("Two factors have the same name.")

    @property
    def items(self) -> tuple[str, ...]:
        """The observed variables, factor by factor: the column order of the data."""
        return tuple(item for factor in self.factors for item in factor.indicators)

    @property
    def factor_names(self) -> tuple[str, ...]:
        return tuple(factor.name for factor in self.factors)

    def loading_pattern(self) -> tuple[Ids, Ids]:
        """(item index, factor index) of every loading, markers included."""
        rows = np.arange(len(self.items))
        cols = np.repeat(np.arange(len(self.factors)), [len(f.indicators) for f in self.factors])
        return rows, cols

    def markers(self) -> Ids:
        """The item index of each factor's marker (its first indicator)."""
        sizes = [len(f.indicators) for f in self.factors]
        return np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp)


@dataclass(frozen=True)
class Estimate:
    """One parameter as lavaan's ``parameterEstimates()`` lists it.

    ``op`` is ``=~`` (loading), ``~~`` (variance or covariance) or ``~1`` (intercept or mean);
    ``std`` is the completely standardized value (lavaan's ``std.all``); ``se`` is None for a
    fixed parameter.
    """

    lhs: str
    op: str
    rhs: str
    group: int
    estimate: float
    se: float | None
    std: float


@dataclass(frozen=True)
class FitIndices:
    """The model test and the indices lavaan's ``fitMeasures()`` reports by these names."""

    chisq: float
    df: int
    pvalue: float
    cfi: float
    tli: float
    rmsea: float
    rmsea_ci_lower: float
    rmsea_ci_upper: float
    srmr: float
    baseline_chisq: float
    baseline_df: int
    #: Each group's share of the chi-square, N_g F_g.
    group_chisq: tuple[float, ...]


@dataclass(frozen=True)
class CFAResult:
    """A fitted model: fit, every estimate, and McDonald's omega of each factor per group."""

    model: CFAModel
    level: str
    groups: tuple[str, ...]
    n: tuple[int, ...]
    fit: FitIndices
    estimates: tuple[Estimate, ...]
    omega: tuple[dict[str, float], ...]
    parameters: int
    iterations: int
    #: Estimates outside their admissible range (a negative variance, a correlation beyond
    #: ±1), as ``lhs op rhs`` with the group's name when there are several groups.
    improper: tuple[str, ...] = field(default=())

    def loadings(self, group: int = 0) -> tuple[Estimate, ...]:
        return tuple(e for e in self.estimates if e.op == "=~" and e.group == group)

    def residual_variances(self, group: int = 0) -> dict[str, Estimate]:
        """Each item's residual variance (``item ~~ item``), by item."""
        items = set(self.model.items)
        return {
            e.lhs: e
            for e in self.estimates
            if e.op == "~~" and e.group == group and e.lhs == e.rhs and e.lhs in items
        }

    def latent_means(self, group: int) -> tuple[Estimate, ...]:
        """The factors' means (``factor ~1``) in one group; 0 and fixed in the first."""
        names = set(self.model.factor_names)
        return tuple(
            e for e in self.estimates if e.op == "~1" and e.group == group and e.lhs in names
        )

    def factor_covariances(self, group: int = 0) -> tuple[Estimate, ...]:
        names = set(self.model.factor_names)
        return tuple(
            e
            for e in self.estimates
            if e.op == "~~" and e.group == group and e.lhs in names and e.lhs != e.rhs
        )


@dataclass(frozen=True)
class InvarianceStep:
    """One level of measurement invariance and its test against the level before."""

    result: CFAResult
    chisq_diff: float | None = None
    df_diff: int | None = None
    p_value: float | None = None

    @property
    def level(self) -> str:
        return self.result.level


@dataclass(frozen=True)
class Invariance:
    """Configural, metric and scalar models of the same factors in several groups."""

    groups: tuple[str, ...]
    n: tuple[int, ...]
    steps: tuple[InvarianceStep, ...]


# ----------------------------------------------------------------------------------------------
# Which matrix element each parameter fills
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Slots:
    """One group's free matrix elements and the parameter filling each one.

    A parameter id shared by several groups is an equality constraint.
    """

    lam: tuple[Ids, Ids, Ids]  # item, factor, parameter (free loadings)
    phi: tuple[Ids, Ids, Ids]  # factor k <= factor l, parameter
    theta: tuple[Ids, Ids]  # item, parameter (residual variances)
    nu: tuple[Ids, Ids]  # item, parameter (intercepts)
    alpha: tuple[Ids, Ids]  # factor, parameter (latent means)


class _Counter:
    """Hands out parameter ids; a key already seen gets its earlier id (an equality)."""

    def __init__(self) -> None:
        self.count = 0
        self.shared: dict[tuple[str, int, int], int] = {}

    def new(self, key: tuple[str, int, int] | None = None) -> int:
        if key is not None and key in self.shared:
            return self.shared[key]
        self.count += 1
        if key is not None:
            self.shared[key] = self.count - 1
        return self.count - 1


def _ids(values: list[int]) -> Ids:
    return np.asarray(values, dtype=np.intp)


def _group_slots(model: CFAModel, counter: _Counter, group: int, level: str, means: bool) -> _Slots:
    """The free elements of one group under ``level`` (keys shared across groups are equal)."""
    rows, cols = model.loading_pattern()
    markers = set(model.markers().tolist())
    free = [(int(i), int(k)) for i, k in zip(rows, cols, strict=True) if int(i) not in markers]
    equal_loadings = level in ("metric", "scalar")
    lam = [counter.new(("lam", i, k) if equal_loadings else None) for i, k in free]
    m, p = len(model.factors), len(model.items)
    pairs = [(k, ll) for k in range(m) for ll in range(k, m)]
    phi = [counter.new() for _ in pairs]
    theta = [counter.new() for _ in range(p)]
    intercepts = range(p) if means else range(0)
    nu = [counter.new(("nu", i, 0) if level == "scalar" else None) for i in intercepts]
    latent = list(range(m)) if means and level == "scalar" and group > 0 else []
    alpha = [counter.new() for _ in latent]
    return _Slots(
        lam=(_ids([i for i, _ in free]), _ids([k for _, k in free]), _ids(lam)),
        phi=(_ids([k for k, _ in pairs]), _ids([ll for _, ll in pairs]), _ids(phi)),
        theta=(_ids(list(range(p))), _ids(theta)),
        nu=(_ids(list(intercepts)), _ids(nu)),
        alpha=(_ids(latent), _ids(alpha)),
    )


@dataclass(frozen=True)
class _Matrices:
    lam: Matrix
    phi: Matrix
    theta: Matrix  # the diagonal of Θ
    nu: Matrix
    alpha: Matrix

    @property
    def sigma(self) -> Matrix:
        implied: Matrix = self.lam @ self.phi @ self.lam.T + np.diag(self.theta)
        return implied

    @property
    def mu(self) -> Matrix:
        implied: Matrix = self.nu + self.lam @ self.alpha
        return implied


def _matrices(model: CFAModel, slots: _Slots, params: Matrix) -> _Matrices:
    """One group's Λ, Φ, diag Θ, ν and α from the parameter vector."""
    p, m = len(model.items), len(model.factors)
    lam = np.zeros((p, m))
    lam[model.markers(), np.arange(m)] = 1.0
    rows, cols, ids = slots.lam
    lam[rows, cols] = params[ids]
    phi = np.zeros((m, m))
    k, ll, ids = slots.phi
    phi[k, ll] = params[ids]
    phi[ll, k] = params[ids]
    theta = np.zeros(p)
    theta[slots.theta[0]] = params[slots.theta[1]]
    nu = np.zeros(p)
    nu[slots.nu[0]] = params[slots.nu[1]]
    alpha = np.zeros(m)
    alpha[slots.alpha[0]] = params[slots.alpha[1]]
    return _Matrices(lam, phi, theta, nu, alpha)


def _jacobian(slots: _Slots, mats: _Matrices, q: int) -> tuple[Matrix, Matrix]:
    """dΣ/dθ (q × p × p) and dμ/dθ (q × p) of one group, from Σ = ΛΦΛ' + Θ, μ = ν + Λα."""
    p = len(mats.theta)
    d_sigma = np.zeros((q, p, p))
    d_mu = np.zeros((q, p))
    rows, cols, ids = slots.lam
    lam_phi = (mats.lam @ mats.phi)[:, cols].T  # one row per free loading
    np.add.at(d_sigma, (ids, rows), lam_phi)
    np.add.at(d_sigma.transpose(0, 2, 1), (ids, rows), lam_phi)  # the symmetric half
    np.add.at(d_mu, (ids, rows), mats.alpha[cols])
    k, ll, ids = slots.phi
    outer = mats.lam[:, k].T[:, :, None] * mats.lam[:, ll].T[:, None, :]
    symmetric = outer + np.where((k != ll)[:, None, None], outer.transpose(0, 2, 1), 0.0)
    np.add.at(d_sigma, ids, symmetric)
    items, ids = slots.theta
    np.add.at(d_sigma, (ids, items, items), 1.0)
    items, ids = slots.nu
    np.add.at(d_mu, (ids, items), 1.0)
    factors, ids = slots.alpha
    np.add.at(d_mu, ids, mats.lam[:, factors].T)
    return d_sigma, d_mu


# ----------------------------------------------------------------------------------------------
# The discrepancy function, its gradient and expected Hessian
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sample:
    """One group's moments: covariance divided by N, means, N, and log|S|."""

    cov: Matrix
    mean: Matrix
    n: int
    logdet: float


def _inverse_and_logdet(sigma: Matrix) -> tuple[Matrix, float]:
    try:
        chol = np.linalg.cholesky(sigma)
    except np.linalg.LinAlgError:
        raise _NotPositiveDefiniteError from None
    inv_chol = np.linalg.inv(chol)
    return inv_chol.T @ inv_chol, 2.0 * float(np.log(np.diag(chol)).sum())


@dataclass(frozen=True)
class _State:
    """One group at θ: its matrices, Σ⁻¹, the mean residual d = x̄ − μ and
    W = Σ⁻¹ − Σ⁻¹(S + dd')Σ⁻¹, the derivative of F_g with respect to Σ."""

    slots: _Slots
    mats: _Matrices
    inverse: Matrix
    d: Matrix
    w_mat: Matrix


class _Problem:
    """The weighted discrepancy Σ (N_g/N) F_g of a model in its groups, as a function of θ."""

    def __init__(
        self, model: CFAModel, samples: Sequence[_Sample], slots: Sequence[_Slots], q: int
    ) -> None:
        self.model, self.samples, self.slots, self.q = model, samples, slots, q
        self.means = len(samples) > 1
        total = sum(s.n for s in samples)
        self.weights = [s.n / total for s in samples]

    def group_values(self, params: Matrix) -> list[float]:
        """F_g of each group (raises _NotPositiveDefiniteError off the admissible region)."""
        values = []
        for sample, slots in zip(self.samples, self.slots, strict=True):
            mats = _matrices(self.model, slots, params)
            inverse, logdet = _inverse_and_logdet(mats.sigma)
            f = logdet + float(np.sum(sample.cov * inverse)) - sample.logdet - len(sample.mean)
            if self.means:
                d = sample.mean - mats.mu
                f += float(d @ inverse @ d)
            values.append(f)
        return values

    def value(self, params: Matrix) -> float:
        return sum(w * f for w, f in zip(self.weights, self.group_values(params), strict=True))

    def states(self, params: Matrix) -> list[tuple[float, _State]]:
        out = []
        for w, sample, slots in zip(self.weights, self.samples, self.slots, strict=True):
            mats = _matrices(self.model, slots, params)
            inverse, _ = _inverse_and_logdet(mats.sigma)
            d = sample.mean - mats.mu if self.means else np.zeros_like(sample.mean)
            w_mat = inverse - inverse @ (sample.cov + np.outer(d, d)) @ inverse
            out.append((w, _State(slots, mats, inverse, d, w_mat)))
        return out

    def gradient(self, params: Matrix) -> Matrix:
        """dF/dθ from the matrix derivatives of each F_g, gathered at the slots.

        With g = −2Σ⁻¹d: dF/dΛ = 2WΛΦ + gα', dF/dΦ = Λ'WΛ, dF/dΘ = diag W, dF/dν = g,
        dF/dα = Λ'g; no p² × q Jacobian is needed.
        """
        grad = np.zeros(self.q)
        for w, state in self.states(params):
            grad += w * _group_gradient(state, self.q)
        return grad

    def information(self, params: Matrix) -> Matrix:
        """The expected Hessian of F: Σ_g w_g [tr(Σ⁻¹Σ_iΣ⁻¹Σ_j) + 2 μ_i'Σ⁻¹μ_j].

        It is the Fisher information per N/2, and a Gram matrix: positive definite exactly
        when the model is (locally) identified.
        """
        hess = np.zeros((self.q, self.q))
        for w, state in self.states(params):
            d_sigma, d_mu = _jacobian(state.slots, state.mats, self.q)
            flat = d_sigma.reshape(self.q, -1)
            hess += w * (flat @ (state.inverse @ d_sigma @ state.inverse).reshape(self.q, -1).T)
            hess += w * 2.0 * d_mu @ state.inverse @ d_mu.T
        return hess

    def hessian(self, params: Matrix) -> Matrix:
        """The observed Hessian of F (docs/method.md gives the terms).

        Newton steps on it converge quadratically where Fisher scoring converges only
        linearly, and slowly when the model fits badly (the two matrices then differ).
        """
        hess = np.zeros((self.q, self.q))
        for w, state in self.states(params):
            hess += w * _group_hessian(state, self.q)
        symmetric: Matrix = (hess + hess.T) / 2.0
        return symmetric


def _group_gradient(state: _State, q: int) -> Matrix:
    slots, mats, w_mat = state.slots, state.mats, state.w_mat
    g_mu = -2.0 * state.inverse @ state.d
    g_lam = 2.0 * w_mat @ mats.lam @ mats.phi + np.outer(g_mu, mats.alpha)
    g_phi = mats.lam.T @ w_mat @ mats.lam
    k, ll, phi_ids = slots.phi
    rows, cols, lam_ids = slots.lam
    ids = [lam_ids, phi_ids, slots.theta[1], slots.nu[1], slots.alpha[1]]
    values = [
        g_lam[rows, cols],
        np.where(k == ll, 1.0, 2.0) * g_phi[k, ll],
        np.diag(w_mat)[slots.theta[0]],
        g_mu[slots.nu[0]],
        (mats.lam.T @ g_mu)[slots.alpha[0]],
    ]
    sums = np.bincount(np.concatenate(ids), np.concatenate(values), minlength=q)
    return sums.astype(np.float64)


def _group_hessian(state: _State, q: int) -> Matrix:
    """∂²F_g/∂θ_i∂θ_j = −⟨Σ_i, AΣ_jA⟩ + 2⟨Σ_i, KΣ_jA⟩ + 2(d'AΣ_iAμ_j + d'AΣ_jAμ_i)
    + 2μ_i'Aμ_j + tr(WΣ_ij) − 2d'Aμ_ij, with A = Σ⁻¹, K = A(S + dd')A, and Σ_i, μ_i the
    first and Σ_ij, μ_ij the second derivatives (⟨X, Y⟩ = Σ X_ab Y_ab)."""
    a, d = state.inverse, state.d
    d_sigma, d_mu = _jacobian(state.slots, state.mats, q)
    flat = d_sigma.reshape(q, -1)
    k_mat = a - state.w_mat  # A(S + dd')A
    hess = -flat @ (a @ d_sigma @ a).reshape(q, -1).T
    hess += 2.0 * flat @ (k_mat @ d_sigma @ a).reshape(q, -1).T
    cross = (d_sigma @ (a @ d)) @ a @ d_mu.T
    hess += 2.0 * (cross + cross.T) + 2.0 * d_mu @ a @ d_mu.T
    return hess + _second_order(state, q)


def _second_order(state: _State, q: int) -> Matrix:
    """tr(WΣ_ij) − 2d'Aμ_ij: Σ = ΛΦΛ' is bilinear in (Λ, Φ) and quadratic in Λ, and
    μ = ν + Λα bilinear in (Λ, α); every other second derivative is zero."""
    slots, mats, w_mat = state.slots, state.mats, state.w_mat
    out = np.zeros((q, q))
    rows, cols, lam_ids = slots.lam
    lam_lam = 2.0 * mats.phi[np.ix_(cols, cols)] * w_mat[np.ix_(rows, rows)]
    np.add.at(out, (lam_ids[:, None], lam_ids[None, :]), lam_lam)
    wl = (w_mat @ mats.lam)[rows]
    k1, l1, phi_ids = slots.phi
    on_k1 = cols[:, None] == k1[None, :]
    on_l1 = (cols[:, None] == l1[None, :]) & (k1 != l1)[None, :]
    lam_phi = 2.0 * (wl[:, l1] * on_k1 + wl[:, k1] * on_l1)
    factors, alpha_ids = slots.alpha
    lam_alpha = -2.0 * (state.inverse @ state.d)[rows][:, None] * (cols[:, None] == factors)
    for other, block in ((phi_ids, lam_phi), (alpha_ids, lam_alpha)):
        np.add.at(out, (lam_ids[:, None], other[None, :]), block)
        np.add.at(out, (other[:, None], lam_ids[None, :]), block.T)
    return out


def _not_identified() -> CFAError:
    return CFAError(
        "The model cannot be estimated on these answers: its information matrix is singular, "
        "so some parameters cannot be told apart (a factor whose items do not covary, or "
        "estimates running off to an improper solution, as happens with few respondents for "
        "many parameters)."
    )


def _solve(hess: Matrix, grad: Matrix) -> Matrix | None:
    """The step H⁻¹g by Cholesky, or None when H is not positive definite to working precision.

    H is scaled to a unit diagonal first; every Cholesky pivot bounds the smallest eigenvalue
    from above, so a pivot below PIVOT_FLOOR means H is singular (no SVD needed).
    """
    diagonal = np.diag(hess)
    if not np.all(np.isfinite(hess)) or np.any(diagonal <= 0.0):
        return None
    from scipy import linalg

    scale = 1.0 / np.sqrt(diagonal)
    try:
        chol = linalg.cholesky(hess * np.outer(scale, scale), lower=True)
    except linalg.LinAlgError:
        return None
    if float(np.min(np.diag(chol))) ** 2 < PIVOT_FLOOR:
        return None
    step = scale * linalg.cho_solve((chol, True), scale * grad)
    return step if np.all(np.isfinite(step)) else None


def _line_search(problem: _Problem, params: Matrix, step: Matrix, value: float) -> Matrix:
    """The longest step of 1, 1/2, 1/4, ... that lowers F and keeps Σ positive definite."""
    size = 1.0
    while size > 1e-12:
        trial = params - size * step
        try:
            if problem.value(trial) <= value:
                return trial
        except _NotPositiveDefiniteError:
            pass
        size /= 2.0
    return params


def _direction(problem: _Problem, params: Matrix, grad: Matrix) -> Matrix:
    """A Newton step where the observed Hessian is positive definite, else a scoring step;
    an information matrix that is singular too means the model is not identified."""
    if float(np.max(np.abs(grad))) < NEWTON_FROM:
        try:
            newton = _solve(problem.hessian(params), grad)
        except _NotPositiveDefiniteError:
            newton = None
        if newton is not None:
            return newton
    scoring = _solve(problem.information(params), grad)
    if scoring is None:
        raise _not_identified()
    return scoring


def _minimize(problem: _Problem, start: Matrix) -> tuple[Matrix, int]:
    """Fisher scoring, then Newton, until the gradient is below GRADIENT_TOLERANCE or the step
    promises to lower F by less than DECREASE_FLOOR, which F cannot resolve: the last step is
    then taken without a line search (near the minimum a Newton step is exact)."""
    params = start
    for iteration in range(1, MAX_ITERATIONS + 1):
        grad = problem.gradient(params)
        if float(np.max(np.abs(grad))) < GRADIENT_TOLERANCE:
            return params, iteration
        step = _direction(problem, params, grad)
        if 0.5 * float(grad @ step) < DECREASE_FLOOR:
            return params - step, iteration
        moved = _line_search(problem, params, step, problem.value(params))
        if np.array_equal(moved, params):
            break
        params = moved
    raise CFAError(
        "The estimates did not converge; the model does not describe these answers well "
        "enough to be fitted."
    )


# ----------------------------------------------------------------------------------------------
# Starting values and checks on the data
# ----------------------------------------------------------------------------------------------


def _start(model: CFAModel, samples: Sequence[_Sample], slots: Sequence[_Slots], q: int) -> Matrix:
    """Φ half the markers' covariance matrix, loadings from each item's covariance with its
    marker, Θ = S/2.

    The start is inside the admissible region (Φ and Θ positive definite), so Σ is too. The
    factors must start correlated: a factor with two items is identified only through its
    covariances with the other factors, and at zero the information matrix is singular.
    """
    params = np.zeros(q)
    markers = model.markers()
    _, factor_of = model.loading_pattern()
    for sample, group in zip(samples, slots, strict=True):
        variances = np.diag(sample.cov)
        marker = markers[factor_of]
        phi = variances[markers] / 2.0
        rows, cols, ids = group.lam
        ratio = sample.cov[rows, marker[rows]] / phi[cols]
        bound = np.sqrt(variances[rows] / phi[cols])
        params[ids] = np.clip(ratio, -bound, bound)
        k, ll, ids = group.phi
        params[ids] = sample.cov[markers[k], markers[ll]] / 2.0
        params[group.theta[1]] = variances / 2.0
        params[group.nu[1]] = sample.mean[group.nu[0]]
    if len(samples) > 1 and np.array_equal(slots[0].nu[1], slots[-1].nu[1]):
        pooled = np.average([s.mean for s in samples], axis=0, weights=[s.n for s in samples])
        params[slots[0].nu[1]] = pooled[slots[0].nu[0]]  # equal intercepts: the pooled mean
    return params


def _sample(
    data: Matrix, items: Sequence[str], group: str | None, centred_groups: int = 0
) -> _Sample:
    """Moments of complete data; refuse what a covariance-based fit cannot use, in words.

    ``centred_groups``: the rows are deviations from that many group means, and the moments
    are the pooled within-group covariance on N − G (Muthén, 1994), N − G its sample size."""
    where = f" in {group}" if group is not None else ""
    values = np.asarray(data, dtype=np.float64)
    if values.ndim != 2 or values.shape[1] != len(items):
        raise CFAError(f"The data need one column per item ({len(items)}){where}.")
    if not np.all(np.isfinite(values)):
        raise CFAError(f"Some answers{where} are missing; drop incomplete respondents first.")
    n, p = values.shape
    n -= centred_groups
    if n <= p:
        raise CFAError(
            f"{n} respondents{where} are too few for {p} items: a covariance matrix of "
            f"{p} items needs more than {p} complete respondents."
        )
    mean = values.mean(axis=0)
    cov = (values - mean).T @ (values - mean) / n
    if centred_groups:
        mean = np.zeros(p)
        cov = values.T @ values / n
    flat = np.flatnonzero(np.diag(cov) <= 1e-12 * max(1.0, float(cov.max())))
    constant = [items[i] for i in flat.tolist()]
    if constant:
        raise CFAError(f"Everyone{where} gave the same answer to {', '.join(constant)}.")
    sign, logdet = np.linalg.slogdet(cov)
    if sign <= 0 or not np.isfinite(logdet) or np.linalg.cond(cov) > 1e12:
        raise CFAError(
            f"The answers{where} are linearly dependent (one item is a combination of others), "
            "so their covariance matrix cannot be inverted."
        )
    return _Sample(cov, mean, n, float(logdet))


# ----------------------------------------------------------------------------------------------
# Fit indices
# ----------------------------------------------------------------------------------------------


def _chi2_cdf(x: float, df: float) -> float:
    """``scipy.stats.chi2.cdf(x, df)``: 0 up to 0, the regularized lower gamma above."""
    from scipy.special import chdtr

    return 0.0 if x <= 0.0 else float(chdtr(df, x))


def _chi2_sf(x: float, df: float) -> float:
    """``scipy.stats.chi2.sf(x, df)``: 1 up to 0, the regularized upper gamma above."""
    from scipy.special import chdtrc

    return 1.0 if x <= 0.0 else float(chdtrc(df, x))


def rmsea_interval(chisq: float, df: int, n: int, groups: int = 1) -> tuple[float, float]:
    """lavaan's 90% RMSEA interval: the noncentralities λ at which the model's chi-square is
    the 95th and 5th percentile of a noncentral chi-square, each as sqrt(λ / (N df)) · sqrt(G)."""
    if df < 1:
        return 0.0, 0.0
    from scipy import optimize
    from scipy.special import chndtr

    upper_p, lower_p = 1.0 - (1.0 - RMSEA_LEVEL) / 2.0, (1.0 - RMSEA_LEVEL) / 2.0

    def cdf(lam: float) -> float:
        if lam <= 0.0:
            return _chi2_cdf(chisq, df)
        return 0.0 if chisq <= 0.0 else float(chndtr(chisq, df, lam))

    def bound(lam: float) -> float:
        return math.sqrt(lam / (n * df)) * math.sqrt(groups)

    lower = 0.0
    if cdf(0.0) >= upper_p:
        lower = bound(optimize.brentq(lambda x: cdf(x) - upper_p, 0.0, chisq, xtol=1e-12))
    top = max(float(n), 4.0 * chisq)
    upper = 0.0
    if cdf(0.0) >= lower_p and cdf(top) <= lower_p:
        upper = bound(optimize.brentq(lambda x: cdf(x) - lower_p, 0.0, top, xtol=1e-12))
    return lower, upper


def rmsea(chisq: float, df: int, n: int, groups: int = 1) -> float:
    """sqrt(max(χ²/(N df) − 1/N, 0)) · sqrt(G) (Steiger's multi-group correction); 0 if df = 0."""
    if df <= 0:
        return 0.0
    return math.sqrt(max(chisq / n / df - 1.0 / n, 0.0)) * math.sqrt(groups)


def comparative_indices(
    chisq: float, df: int, base_chisq: float, base_df: int
) -> tuple[float, float]:
    """CFI and TLI against the independence model, as lavaan computes them."""
    excess = max(chisq - df, 0.0)
    worst = max(chisq - df, base_chisq - base_df, 0.0)
    cfi = 1.0 if worst == 0.0 else 1.0 - excess / worst
    if df == 0 or base_df == 0:
        return cfi, 1.0
    base_ratio = base_chisq / base_df
    tli = (base_ratio - chisq / df) / (base_ratio - 1.0) if base_ratio != 1.0 else 1.0
    return cfi, tli


def _baseline(samples: Sequence[_Sample]) -> tuple[float, int]:
    """The independence model (variances and means free, covariances 0): N_g (Σ log s_ii −
    log|S_g|) summed over groups, on G p(p−1)/2 df."""
    chisq = sum(s.n * (float(np.log(np.diag(s.cov)).sum()) - s.logdet) for s in samples)
    p = len(samples[0].mean)
    return chisq, len(samples) * p * (p - 1) // 2


def _srmr(problem: _Problem, params: Matrix) -> float:
    """lavaan's SRMR (Bentler): residual covariances (and means, with a mean structure)
    divided by the observed standard deviations, root mean square over the p(p+1)/2 (+ p)
    moments, averaged over groups with weights N_g/N."""
    total = 0.0
    for w, sample, slots in zip(problem.weights, problem.samples, problem.slots, strict=True):
        mats = _matrices(problem.model, slots, params)
        sd = np.sqrt(np.diag(sample.cov))
        resid = (sample.cov - mats.sigma) / np.outer(sd, sd)
        squares = float(np.sum(resid[np.triu_indices_from(resid)] ** 2))
        count = len(sd) * (len(sd) + 1) // 2
        if problem.means:
            squares += float(np.sum(((sample.mean - mats.mu) / sd) ** 2))
            count += len(sd)
        total += w * math.sqrt(squares / count)
    return total


def _fit_indices(problem: _Problem, params: Matrix) -> FitIndices:
    samples = problem.samples
    n = sum(s.n for s in samples)
    p = len(samples[0].mean)
    moments = len(samples) * (p * (p + 1) // 2 + (p if problem.means else 0))
    df = moments - problem.q
    group_chisq = tuple(s.n * f for s, f in zip(samples, problem.group_values(params), strict=True))
    chisq = max(sum(group_chisq), 0.0)
    base_chisq, base_df = _baseline(samples)
    cfi, tli = comparative_indices(chisq, df, base_chisq, base_df)
    lower, upper = rmsea_interval(chisq, df, n, len(samples))
    return FitIndices(
        chisq=chisq,
        df=df,
        pvalue=_chi2_sf(chisq, df) if df > 0 else math.nan,
        cfi=cfi,
        tli=tli,
        rmsea=rmsea(chisq, df, n, len(samples)),
        rmsea_ci_lower=lower,
        rmsea_ci_upper=upper,
        srmr=_srmr(problem, params),
        baseline_chisq=base_chisq,
        baseline_df=base_df,
        group_chisq=group_chisq,
    )


# ----------------------------------------------------------------------------------------------
# Estimates, the standardized solution and omega
# ----------------------------------------------------------------------------------------------


def omega(std_loadings: Matrix) -> float:
    """McDonald's omega of one factor from its standardized loadings λ*:
    (Σλ*)² / ((Σλ*)² + Σ(1 − λ*²)), the reliability of the sum of the standardized items
    under a congeneric model with uncorrelated residuals."""
    common = float(np.sum(std_loadings)) ** 2
    unique = float(np.sum(1.0 - std_loadings**2))
    return common / (common + unique)


def _standard_errors(hess: Matrix, n: int) -> Matrix:
    """sqrt of the diagonal of (2/N) H⁻¹: ℓ = −(N/2) F, so the expected information is
    (N/2) H (lavaan's default ``se = "standard"``, ``information = "expected"``); NaN when
    H cannot be inverted."""
    try:
        cov = np.linalg.inv(hess) * 2.0 / n
    except np.linalg.LinAlgError:
        return np.full(len(hess), math.nan)
    se: Matrix = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    return se


def _group_estimates(
    model: CFAModel, slots: _Slots, mats: _Matrices, se: Matrix, group: int, means: bool
) -> list[Estimate]:
    """Loadings, factor (co)variances, residual variances (and intercepts, latent means) of
    one group with their standard errors and standardized values."""
    items, factors = model.items, model.factor_names
    sd_item = np.sqrt(np.diag(mats.sigma))
    sd_factor = np.sqrt(np.clip(np.diag(mats.phi), 0.0, None))
    free = {("lam", int(i), int(k)): int(j) for i, k, j in zip(*slots.lam, strict=True)}
    rows, cols = model.loading_pattern()
    out = []
    for i, k in zip(rows.tolist(), cols.tolist(), strict=True):
        j = free.get(("lam", i, k))
        value = float(mats.lam[i, k])
        std = value * sd_factor[k] / sd_item[i]
        out.append(Estimate(factors[k], "=~", items[i], group, value, _se(se, j), float(std)))
    for k, ll, j in zip(*slots.phi, strict=True):
        value = float(mats.phi[k, ll])
        scale = sd_factor[k] * sd_factor[ll]
        std = float(value / scale) if scale > 0 else math.nan
        out.append(Estimate(factors[k], "~~", factors[ll], group, value, _se(se, j), std))
    for i, j in zip(*slots.theta, strict=True):
        value = float(mats.theta[i])
        std = value / sd_item[i] ** 2
        out.append(Estimate(items[i], "~~", items[i], group, value, _se(se, j), float(std)))
    if means:
        out.extend(_mean_estimates(model, slots, mats, se, group, sd_item, sd_factor))
    return out


def _mean_estimates(
    model: CFAModel,
    slots: _Slots,
    mats: _Matrices,
    se: Matrix,
    group: int,
    sd_item: Matrix,
    sd_factor: Matrix,
) -> list[Estimate]:
    out = []
    for i, j in zip(*slots.nu, strict=True):
        value = float(mats.nu[i])
        out.append(Estimate(model.items[i], "~1", "", group, value, _se(se, j), value / sd_item[i]))
    free = dict(zip(slots.alpha[0].tolist(), slots.alpha[1].tolist(), strict=True))
    for k, name in enumerate(model.factor_names):
        value = float(mats.alpha[k])
        std = value / sd_factor[k] if sd_factor[k] > 0 else math.nan
        out.append(Estimate(name, "~1", "", group, value, _se(se, free.get(k)), std))
    return out


def _se(se: Matrix, index: int | None) -> float | None:
    return None if index is None else float(se[index])


def _improper(mats: _Matrices, model: CFAModel, where: str) -> list[str]:
    """Heywood cases: negative variances and factor correlations beyond ±1."""
    residuals = zip(model.items, mats.theta.tolist(), strict=True)
    found = [f"{item} ~~ {item}{where}" for item, value in residuals if value < 0]
    names = model.factor_names
    variances = np.diag(mats.phi)
    found += [f"{names[k]} ~~ {names[k]}{where}" for k in range(len(names)) if variances[k] <= 0]
    if np.all(variances > 0):
        corr = mats.phi / np.sqrt(np.outer(variances, variances))
        found += [
            f"{names[k]} ~~ {names[ll]}{where}"
            for k in range(len(names))
            for ll in range(k + 1, len(names))
            if abs(corr[k, ll]) > 1.0
        ]
    return found


def _omegas(model: CFAModel, estimates: Sequence[Estimate], group: int) -> dict[str, float]:
    loadings = [e for e in estimates if e.op == "=~" and e.group == group]
    return {
        factor.name: omega(np.array([e.std for e in loadings if e.lhs == factor.name]))
        for factor in model.factors
    }


# ----------------------------------------------------------------------------------------------
# Entry points
# ----------------------------------------------------------------------------------------------


def parameter_count(model: CFAModel, groups: int = 1, level: str = "configural") -> int:
    """The free parameters of ``model`` fitted in ``groups`` groups at ``level`` (a mean
    structure in several groups), counting an equality-constrained parameter once."""
    counter = _Counter()
    for g in range(groups):
        _group_slots(model, counter, g, level, groups > 1)
    return counter.count


def fit_cfa(data: Matrix, model: CFAModel, *, centred_groups: int = 0) -> CFAResult:
    """Fit ``model`` to complete data (one row per respondent, columns in ``model.items``
    order) in one group, without a mean structure (lavaan's ``cfa()`` default).
    ``centred_groups``: the rows are deviations from that many group means (a within-group
    fit)."""
    sample = _sample(data, model.items, None, centred_groups)
    return _fit(model, [sample], ("all",), "configural")


def fit_groups(
    data: Sequence[Matrix], groups: Sequence[str], model: CFAModel, level: str = "configural"
) -> CFAResult:
    """Fit ``model`` in several groups with a mean structure, at one level of invariance:
    ``configural`` (everything free per group), ``metric`` (equal loadings) or ``scalar``
    (equal loadings and intercepts; latent means free except in the first group)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}.")
    if len(data) != len(groups) or len(groups) < 2:
        raise CFAError("Give at least two groups, each with its name.")
    samples = [_sample(d, model.items, name) for d, name in zip(data, groups, strict=True)]
    return _fit(model, samples, tuple(groups), level)


def invariance(data: Sequence[Matrix], groups: Sequence[str], model: CFAModel) -> Invariance:
    """Configural, metric and scalar fits with each chi-square difference test against the
    level before (ΔN·F on Δdf; the models are nested)."""
    steps: list[InvarianceStep] = []
    for level in LEVELS:
        result = fit_groups(data, groups, model, level)
        if not steps:
            steps.append(InvarianceStep(result))
            continue
        before = steps[-1].result.fit
        diff = max(result.fit.chisq - before.chisq, 0.0)
        df = result.fit.df - before.df
        p_value = _chi2_sf(diff, df) if df > 0 else math.nan
        steps.append(InvarianceStep(result, diff, df, p_value))
    first = steps[0].result
    return Invariance(first.groups, first.n, tuple(steps))


def _fit(model: CFAModel, samples: list[_Sample], groups: tuple[str, ...], level: str) -> CFAResult:
    means = len(samples) > 1
    counter = _Counter()
    slots = [_group_slots(model, counter, g, level, means) for g in range(len(samples))]
    q = counter.count
    p = len(model.items)
    moments = len(samples) * (p * (p + 1) // 2 + (p if means else 0))
    if q > moments:
        raise CFAError(
            f"The model has {q} free parameters but the answers give only {moments} variances"
            f"{', covariances and means' if means else ' and covariances'} to estimate them "
            "from: it is not identified."
        )
    problem = _Problem(model, samples, slots, q)
    params, iterations = _minimize(problem, _start(model, samples, slots, q))
    n_total = sum(s.n for s in samples)
    se = _standard_errors(problem.information(params), n_total)
    estimates: list[Estimate] = []
    improper: list[str] = []
    for g, group_slots in enumerate(slots):
        mats = _matrices(model, group_slots, params)
        estimates += _group_estimates(model, group_slots, mats, se, g, means)
        improper += _improper(mats, model, f" in {groups[g]}" if means else "")
    return CFAResult(
        model=model,
        level=level,
        groups=groups,
        n=tuple(s.n for s in samples),
        fit=_fit_indices(problem, params),
        estimates=tuple(estimates),
        omega=tuple(_omegas(model, estimates, g) for g in range(len(samples))),
        parameters=q,
        iterations=iterations,
        improper=tuple(improper),
    )
