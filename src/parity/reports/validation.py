"""The validation report: the CFA of the instrument as a self-contained HTML page, for a
psychometrician judging the instrument.

Built from :class:`parity.core.validation.Validation` alone (its numbers and its sentences), so
the report says what the terminal and the JSON say; rendered with the reports' Jinja2
environment, stylesheet and macros (:mod:`parity.reports.html`).
"""

from __future__ import annotations

from dataclasses import dataclass

from parity.core.cfa import CFAResult, Estimate, FitIndices
from parity.core.translation import N_, _
from parity.core.validation import Comparison, Validation, decimals, delta_cfi, p_text
from parity.reports.charts.svg import DataTable, decimal_point
from parity.reports.html import environment, stylesheet
from parity.reports.model import ReportContext


@dataclass(frozen=True)
class ValidationReport:
    """What the template shows: sentences, and tables of already formatted numbers."""

    context: ReportContext
    instrument: str
    summary: tuple[str, ...]
    notes: tuple[str, ...]
    respondents: str
    fit: DataTable
    loadings: DataTable
    correlations: DataTable
    invariance: DataTable | None
    group_loadings: DataTable | None
    latent_means: DataTable | None
    comparison: tuple[str, ...]

    @property
    def title(self) -> str:
        return _("Validating {instrument}").format(instrument=self.instrument)


def _raw(value: float | None) -> str:
    """An unstandardized estimate or standard error, which may exceed 1: 0.985, or a dash."""
    return "–" if value is None else decimals(value, bounded=False)


def _p_cell(p: float | None) -> str:
    """A p-value for a table cell: < .001, or .034."""
    return "–" if p is None else p_text(p).removeprefix("p = ").removeprefix("p ")


def _rmsea(fit: FitIndices) -> str:
    return f"{decimals(fit.rmsea)} ({decimals(fit.rmsea_ci_lower)}–{decimals(fit.rmsea_ci_upper)})"


def _numbers(label: str, *cells: str) -> tuple[str, ...]:
    """A table row: its label, then its numbers with the current language's decimal sign."""
    return (label, *(decimal_point(cell) for cell in cells))


def _fit_row(name: str, fit: FitIndices) -> tuple[str, ...]:
    return _numbers(
        name,
        f"{fit.chisq:.3f}",
        str(fit.df),
        _p_cell(fit.pvalue),
        decimals(fit.cfi),
        decimals(fit.tli),
        _rmsea(fit),
        decimals(fit.srmr),
    )


FIT_HEADERS = (N_("Model"), "χ²", "df", "p", "CFI", "TLI", N_("RMSEA (90% CI)"), "SRMR")


def _loadings(result: CFAResult, validation: Validation) -> DataTable:
    """Each item under its construct: loading, SE, standardized loading, residual, omega."""
    residuals = result.residual_variances()
    omega = result.omega[0]
    rows = []
    for e in result.loadings():
        keyed = " " + _("(reversed)") if e.rhs in validation.reversed_items else ""
        rows.append(
            _numbers(
                f"{validation.names.get(e.lhs, e.lhs)}: {e.rhs}{keyed}",
                _raw(e.estimate),
                _raw(e.se),
                decimals(e.std),
                decimals(residuals[e.rhs].std),
                decimals(omega[e.lhs], 2),
            )
        )
    headers = (
        _("Construct: item"),
        _("Loading"),
        _("SE"),
        _("Standardized"),
        _("Residual (std.)"),
        _("Omega"),
    )
    return DataTable(_("Loadings, by construct"), headers, tuple(rows))


def _correlations(covariances: tuple[Estimate, ...]) -> DataTable:
    rows = tuple(
        _numbers(f"{e.lhs} – {e.rhs}", _raw(e.estimate), _raw(e.se), decimals(e.std))
        for e in covariances
    )
    headers = (_("Constructs"), _("Covariance"), _("SE"), _("Correlation"))
    return DataTable(_("Factor covariances and correlations"), headers, rows)


def _invariance(comparison: Comparison) -> DataTable:
    """Each level's fit and its test against the level before."""
    steps = comparison.invariance.steps
    rows = []
    for i, step in enumerate(steps):
        fit = step.result.fit
        test = ("–", "–", "–", "–")
        if i:
            test = (
                f"{step.chisq_diff or 0.0:.3f}",
                str(step.df_diff),
                _p_cell(step.p_value),
                decimals(delta_cfi(step, steps[i - 1])),
            )
        level = (step.level, f"{fit.chisq:.3f}", str(fit.df), decimals(fit.cfi), _rmsea(fit))
        rows.append(_numbers(*level, *test))
    headers = (_("Level"), "χ²", "df", "CFI", _("RMSEA (90% CI)"), "Δχ²", "Δdf", "p", "ΔCFI")
    return DataTable(_("Invariance: each level against the one before"), headers, tuple(rows))


def _group_loadings(comparison: Comparison) -> DataTable:
    """Standardized loadings per group in the configural model: where the groups differ."""
    configural = comparison.invariance.steps[0].result
    groups = comparison.invariance.groups
    per_group = [configural.loadings(g) for g in range(len(groups))]
    rows = tuple(
        _numbers(
            f"{first.lhs}: {first.rhs}", *(decimals(loadings[i].std) for loadings in per_group)
        )
        for i, first in enumerate(per_group[0])
    )
    headers = (_("Construct: item"), *groups)
    return DataTable(_("Standardized loadings per group (configural model)"), headers, rows)


def _latent_means(comparison: Comparison) -> DataTable:
    """The scalar model's latent means of the later groups, against the first (0)."""
    scalar = comparison.invariance.steps[-1].result
    groups = comparison.invariance.groups
    rows = tuple(
        _numbers(
            f"{e.lhs}: {groups[g]}", _raw(e.estimate), _raw(e.se), decimals(e.std, 2, bounded=False)
        )
        for g in range(1, len(groups))
        for e in scalar.latent_means(g)
    )
    headers = (_("Construct: group"), _("Mean"), _("SE"), _("In SDs"))
    caption = _("Latent means against {group} (scalar model; {group} is 0)").format(group=groups[0])
    return DataTable(caption, headers, rows)


def validation_report(validation: Validation, context: ReportContext) -> ValidationReport:
    result = validation.result
    comparison = validation.comparison
    instrument = f"{validation.instrument['id']} v{validation.instrument['version']}"
    return ValidationReport(
        context=context,
        instrument=instrument,
        summary=validation.summary,
        notes=validation.notes,
        respondents=_(
            "{used} of {rows} respondents used ({dropped} left out for a skipped item)"
        ).format(used=validation.used, rows=validation.rows, dropped=validation.dropped),
        fit=DataTable(
            _("Fit of the model"),
            tuple(_(header) for header in FIT_HEADERS),
            (_fit_row(_("All respondents"), result.fit),),
        ),
        loadings=_loadings(result, validation),
        correlations=_correlations(result.factor_covariances()),
        invariance=_invariance(comparison) if comparison else None,
        group_loadings=_group_loadings(comparison) if comparison else None,
        latent_means=_latent_means(comparison) if comparison else None,
        comparison=comparison.sentences if comparison else (),
    )


def validation_html(report: ValidationReport) -> str:
    template = environment().get_template("validation.html")
    return template.render(report=report, context=report.context, css=stylesheet())
