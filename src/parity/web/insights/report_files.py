"""The report files of a round, drawn the same way for a download and for the background worker.

A file is drawn from the round's disclosed results (:func:`round_results`), so a report never
shows more than the results pages; its name and its key (everything it is drawn from) live here
too, so that the worker's copy (:mod:`parity.web.insights.prepared`) is the download's.
"""

from __future__ import annotations

import hashlib
from contextlib import AbstractContextManager

from django.utils import translation
from django.utils.text import slugify

from parity import reports
from parity.reports.model import ReportContext, RoundSnapshot
from parity.reports.network_chart import organization_sections
from parity.reports.pdf import html_to_pdf
from parity.web.insights.network_views import whole_organization
from parity.web.insights.results import round_results
from parity.web.surveys.models import Round
from parity.web.surveys.rounds import organization_rounds

#: The trend goes back this many earlier rounds (each is one cached analysis).
HISTORY_ROUNDS = 6


def report_context(round_: Round) -> ReportContext:
    return ReportContext(
        organization=round_.organization.name,
        round=round_.name,
        status=round_.status,
    )


def in_round_language(round_: Round) -> AbstractContextManager[None]:
    """Reports speak their round's language (its invitations' and survey's), whichever
    language the facilitator's pages are in: a report is handed to both sides."""
    return translation.override(round_.language)


def _earlier_rounds(round_: Round) -> list[Round]:
    """The organization's earlier rounds that the trends go back to, newest first."""
    return list(
        organization_rounds(round_.organization)
        .filter(opens_at__lt=round_.opens_at)
        .select_related("organization")[:HISTORY_ROUNDS]
    )


def history(round_: Round) -> list[RoundSnapshot]:
    """The organization's earlier rounds, oldest first, for the trends."""
    snapshots = []
    for before in reversed(_earlier_rounds(round_)):
        results = round_results(before)
        snapshots.append(
            RoundSnapshot(before.name, tuple(result for _, result in results.ordered()))
        )
    return snapshots


def rendered(html: str, fmt: str) -> bytes | str:
    return html_to_pdf(html) if fmt == "pdf" else html


def file_name(round_: Round, *parts: str) -> str:
    return "-".join(
        slugify(p) for p in ("parity", round_.organization.slug, round_.name, *parts) if p
    )


def organization_report_html(round_: Round) -> str:
    """The organization report of a published round, as HTML: what the download and the
    background worker (:mod:`parity.web.insights.prepared`) both draw."""
    results = round_results(round_)
    with in_round_language(round_):
        network, round_robin = organization_sections(whole_organization(results))
        report = reports.organization_report(
            [result for _, result in results.ordered()],
            results.thresholds,
            report_context(round_),
            history=history(round_),
            network=network,
            round_robin=round_robin,
        )
        return reports.organization_html(report)


def organization_report_key(round_: Round) -> str:
    """Names everything :func:`organization_report_html` draws from: the round's results key
    and language, and the results keys of the earlier rounds its trends show."""
    keys = [round_results(round_).key, round_.language]
    keys += [round_results(before).key for before in _earlier_rounds(round_)]
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()


def organization_report_name(round_: Round) -> str:
    return file_name(round_, "report")
