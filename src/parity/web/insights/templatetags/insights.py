"""Template helpers of the results pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import formats

from parity.core import vocabulary
from parity.core.analysis import SideResult
from parity.core.segments import SPLIT_POINTS
from parity.web.orgs.tenancy import Tenant
from parity.web.surveys.rounds import organization_rounds

register = template.Library()


@register.inclusion_tag("insights/_round_links.html")
def round_results_links(tenant: Tenant) -> dict[str, Any]:
    """The organization's rounds with links to their results (for the organization page)."""
    return {
        "tenant": tenant,
        "organization": tenant.organization,
        "rounds": organization_rounds(tenant.organization),
    }


@register.filter
def whole(value: float | None) -> str:
    """A 0-100 figure as a whole number, or a dash when there is none."""
    return "–" if value is None or value != value else f"{value:.0f}"


@register.filter
def signed(value: float | None) -> str:
    """A difference as a signed whole number (+12, −3, 0), or a dash when there is none."""
    if value is None or value != value:
        return "–"
    rounded = round(value)
    if rounded == 0:
        return "0"
    return f"+{rounded}" if rounded > 0 else f"−{abs(rounded)}"


@register.filter
def two_places(value: float | None) -> str:
    """A 0-1 figure to two places in the page's language (0.85, 0,85); a negative one (an alpha
    can be) with a true minus sign."""
    if value is None or value != value:
        return "–"
    return formats.number_format(value, 2).replace("-", "−")


@register.filter
def answered_by(side: SideResult, code: str) -> str:
    """How many of the side answered the construct ``code``: the count behind its number
    (docs/method.md §2), or a dash when the construct is not shown."""
    count = side.answered.get(code)
    return "–" if count is None else str(count)


@register.simple_tag
def confidence_meaning() -> str:
    """What the archetype's confidence is, in the words the terminal and the reports use (in
    the page's language)."""
    return vocabulary.confidence_meaning()


@register.filter
def stance_name(code: str) -> str:
    """A stance's name in the page's language ("servant" or „Diener“); its code stays the
    element's class."""
    return vocabulary.stance_name(code)


@register.filter
def role_words(code: str) -> str:
    """A side's role ("servant") in the page's language."""
    return vocabulary.role_words(code)


@register.filter
def archetype_words(code: str) -> str:
    """An archetype's name inside a sentence ("master–servant"), in the page's language."""
    return vocabulary.archetype_words(code)


@register.simple_tag
def split_points() -> str:
    """How far apart two segments of a side must be to split it (docs/method.md §2b)."""
    return f"{SPLIT_POINTS:.0f}"
