"""Template helpers for hiding quotes on the facilitator's relationship page.

The relationship page is shared with the sides' released page; these tags are used only where
the signed-in member may edit (``tenant.can_edit``), so the sides never see a button.
"""

from __future__ import annotations

from typing import Any

from django import template

from parity.core.disclosure import SideView
from parity.core.language.words import Quote
from parity.core.policy import quote_key
from parity.web.insights.pages import RelationshipPage
from parity.web.insights.quotes import hidden_quotes

register = template.Library()


@register.simple_tag
def quote_key_of(side: SideView, quote: Quote) -> str:
    """The key "Hide this quote" posts: a digest, so the form does not repeat the words."""
    return quote_key(side.party, side.about, quote.column, quote.text)


@register.inclusion_tag("insights/_hidden_quotes.html", takes_context=True)
def hidden_quotes_of(context: template.Context, page: RelationshipPage) -> dict[str, Any]:
    """The facilitator's note on hidden quotes, and the hidden quotes with "Show it again"."""
    round_ = context["round"]
    return {
        "hidden": hidden_quotes(round_, page.relationship, page.result, page.thresholds),
        "organization": context["organization"],
        "round": round_,
        "page": page,
        "csrf_token": context.get("csrf_token"),
    }
