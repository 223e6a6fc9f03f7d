"""Reports: a relationship, an organization and a workshop pack, as self-contained HTML and PDF.

Results go in, documents come out. Every result first passes the one anonymity gate,
:func:`parity.core.disclosure.disclose`, so the reports show exactly what the web pages show
under the same thresholds. This package never imports the web application or Django.

    from parity.core.disclosure import Thresholds
    from parity.reports import ReportContext, relationship_report, relationship_html, html_to_pdf

    report = relationship_report(result, Thresholds(score=5, text=7), ReportContext("Acme"))
    html = relationship_html(report)
    pdf = html_to_pdf(html)
"""

from parity.reports.html import organization_html, relationship_html, workshop_html
from parity.reports.model import ReportContext, ReportSection, RoundSnapshot
from parity.reports.organization import OrganizationReport, organization_report
from parity.reports.pdf import html_to_pdf
from parity.reports.relationship import RelationshipReport, relationship_report
from parity.reports.workshop import WorkshopPack, workshop_pack

__all__ = [
    "OrganizationReport",
    "RelationshipReport",
    "ReportContext",
    "ReportSection",
    "RoundSnapshot",
    "WorkshopPack",
    "html_to_pdf",
    "organization_html",
    "organization_report",
    "relationship_html",
    "relationship_report",
    "workshop_html",
    "workshop_pack",
]
