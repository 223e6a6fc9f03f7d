"""The JSON form of `parity validate`: the CFA of the instrument, for other tools.

The shape is documented in docs/file-formats.md, "JSON output of `parity validate`". Estimates
and indices are rounded to four decimals (one more than lavaan prints, so a reader can round
as lavaan does), p-values to four significant digits; NaN becomes null.
"""

from __future__ import annotations

import json
import math
from typing import Any

from parity.core.cfa import CFAResult, Estimate, FitIndices, Invariance
from parity.core.validation import Comparison, Validation, delta_cfi

FORMAT_VERSION = 1
#: What was fitted, in words a psychometrician recognises.
ESTIMATOR = (
    "maximum likelihood (lavaan cfa() defaults: first loading of each factor fixed to 1, "
    "factor variances and covariances free, chi-square = N × F_min)"
)


def _round(value: float | None, places: int = 4) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), places)


def _p(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(f"{value:.4g}")


def fit_dict(fit: FitIndices, result: CFAResult) -> dict[str, Any]:
    """The model test and the indices under lavaan's ``fitMeasures()`` names."""
    return {
        "chisq": _round(fit.chisq),
        "df": fit.df,
        "pvalue": _p(fit.pvalue),
        "cfi": _round(fit.cfi),
        "tli": _round(fit.tli),
        "rmsea": _round(fit.rmsea),
        "rmsea_ci90": [_round(fit.rmsea_ci_lower), _round(fit.rmsea_ci_upper)],
        "srmr": _round(fit.srmr),
        "baseline_chisq": _round(fit.baseline_chisq),
        "baseline_df": fit.baseline_df,
        "parameters": result.parameters,
        "group_chisq": {g: _round(c) for g, c in zip(result.groups, fit.group_chisq, strict=True)},
    }


def _estimate(e: Estimate) -> dict[str, Any]:
    return {"estimate": _round(e.estimate), "se": _round(e.se), "std": _round(e.std)}


def loading_rows(result: CFAResult, group: int = 0) -> list[dict[str, Any]]:
    """Each item's loading and residual variance, unstandardized and standardized."""
    residuals = result.residual_variances(group)
    rows = []
    for e in result.loadings(group):
        residual = residuals[e.rhs]
        rows.append(
            {
                "construct": e.lhs,
                "item": e.rhs,
                **_estimate(e),
                "fixed": e.se is None,
                "residual_variance": _round(residual.estimate),
                "residual_std": _round(residual.std),
            }
        )
    return rows


def covariance_rows(result: CFAResult, group: int = 0) -> list[dict[str, Any]]:
    return [
        {
            "a": e.lhs,
            "b": e.rhs,
            "covariance": _round(e.estimate),
            "se": _round(e.se),
            "correlation": _round(e.std),
        }
        for e in result.factor_covariances(group)
    ]


def invariance_dict(comparison: Comparison) -> dict[str, Any]:
    """The three levels with their tests, the configural loadings per group and the latent
    means of the scalar model."""
    result: Invariance = comparison.invariance
    configural, _, scalar = (step.result for step in result.steps)
    models = []
    for i, step in enumerate(result.steps):
        model = {"level": step.level, **fit_dict(step.result.fit, step.result)}
        model |= {
            "chisq_diff": _round(step.chisq_diff),
            "df_diff": step.df_diff,
            "p_value": _p(step.p_value),
            "delta_cfi": _round(delta_cfi(step, result.steps[i - 1])) if i else None,
        }
        models.append(model)
    return {
        "column": comparison.column,
        "groups": [{"name": g, "n": n} for g, n in zip(result.groups, result.n, strict=True)],
        "ungrouped": comparison.ungrouped,
        "models": models,
        "loadings_by_group": [
            {"group": name, **row}
            for g, name in enumerate(result.groups)
            for row in loading_rows(configural, g)
        ],
        "latent_means": [
            {"group": name, "construct": e.lhs, **_estimate(e)}
            for g, name in enumerate(result.groups)
            for e in scalar.latent_means(g)
        ],
        "sentences": list(comparison.sentences),
    }


def validation_dict(validation: Validation, file: str) -> dict[str, Any]:
    """Everything `parity validate` found, as plain data."""
    result = validation.result
    return {
        "format_version": FORMAT_VERSION,
        "file": file,
        "instrument": dict(validation.instrument),
        "estimator": ESTIMATOR,
        "respondents": {
            "rows": validation.rows,
            "used": validation.used,
            "dropped": validation.dropped,
        },
        "model": {
            "factors": [
                {
                    "construct": f.name,
                    "name": validation.names.get(f.name, f.name),
                    "items": list(f.indicators),
                    "reversed": [i for i in f.indicators if i in validation.reversed_items],
                }
                for f in result.model.factors
            ],
            "left_out": list(validation.left_out),
        },
        "fit": fit_dict(result.fit, result),
        "loadings": loading_rows(result),
        "factor_covariances": covariance_rows(result),
        "omega": {code: _round(value) for code, value in result.omega[0].items()},
        "improper": list(result.improper),
        "summary": list(validation.summary),
        "notes": list(validation.notes),
        "invariance": invariance_dict(validation.comparison) if validation.comparison else None,
    }


def validation_json(validation: Validation, file: str) -> str:
    return json.dumps(validation_dict(validation, file), indent=2, ensure_ascii=False) + "\n"
