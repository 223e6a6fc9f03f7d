"""Quotes a facilitator hides before both sides see the results.

The automatic rules keep back the quotes of too few writers and those that name someone
(:mod:`parity.core.policy`), but only a person who knows the organization can tell that "the
only one of us who works nights" points at one colleague. A facilitator can therefore hide any
quote of a relationship, and show it again, until and after the results are released.

A hidden quote is stored as its key (:func:`parity.core.policy.quote_key`), a digest of the
side, the question and the words, never as the words. The disclosure gate
(:mod:`parity.core.disclosure`) receives the keys and leaves the quotes out of every view: the
pages, the reports, the workshop pack and the API. To offer "Show it again", the words are found
again among the round's answers by the same key, for the facilitator's page only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from parity.core.analysis import RelationshipResult, SideResult
from parity.core.disclosure import Withheld, quotable
from parity.core.language.words import Quote
from parity.core.policy import Thresholds, quote_key
from parity.web.insights.models import HiddenQuote
from parity.web.surveys.asked import AskedRelationship, asked_party_names, not_people
from parity.web.surveys.models import TEXT_FIELDS, Response, Round


@dataclass(frozen=True)
class HiddenQuoteView:
    """A hidden quote as its facilitator's page lists it, with what "Show it again" posts."""

    key: str
    party: str
    about: str
    question: str
    text: str


def hidden_quote_keys(round_: Round, relationship: AskedRelationship) -> frozenset[str]:
    """The keys of the quotes hidden from ``relationship``'s results in ``round_``."""
    rows = HiddenQuote.objects.filter(round=round_, relationship_id=relationship.pk)
    return frozenset(rows.values_list("key", flat=True))


def key_of(side: SideResult, quote: Quote) -> str:
    """The key of one quote of one side, as the disclosure gate computes it."""
    return quote_key(side.party, side.about, quote.column, quote.text)


def shown_quote_keys(result: RelationshipResult) -> frozenset[str]:
    """The keys of the quotes a disclosed result shows (its quotes, its portraits' and its
    themes'): the only ones that can be hidden."""
    return frozenset(
        key_of(side, quote) for side in result.sides if side.words for quote in _quotes(side)
    )


def _quotes(side: SideResult) -> list[Quote]:
    words = side.words
    if words is None:
        return []
    return [
        *words.quotes,
        *(p.quote for p in words.portraits),
        *(t.quote for t in words.themes if t.quote is not None),
    ]


def hide(round_: Round, relationship: AskedRelationship, key: str, user: User) -> bool:
    """Hide the quote with ``key``; False if it was hidden already."""
    try:
        with transaction.atomic():
            HiddenQuote.objects.create(
                round=round_, relationship_id=relationship.pk, key=key, hidden_by=user
            )
    except IntegrityError:
        return False
    return True


def show_again(round_: Round, relationship: AskedRelationship, key: str) -> bool:
    """Show the quote with ``key`` again; False if it was not hidden."""
    rows = HiddenQuote.objects.filter(round=round_, relationship_id=relationship.pk, key=key)
    deleted, _ = rows.delete()
    return deleted > 0


def hidden_quotes(
    round_: Round,
    relationship: AskedRelationship,
    result: RelationshipResult,
    thresholds: Thresholds,
) -> list[HiddenQuoteView]:
    """The quotes hidden from ``relationship``, with their words, for the facilitator.

    The words are found among the round's answers by their key, and a quote is listed only if
    it would be shown but for being hidden (enough writers, names no one), so this list never
    shows the facilitator words that no page may show.
    """
    keys = hidden_quote_keys(round_, relationship)
    if not keys:
        return []
    sides = {(side.party, side.about): side for side in result.sides}
    withheld = Withheld(not_people=not_people(round_))
    found: dict[str, HiddenQuoteView] = {}
    for party, about, question, text in _answers(round_, relationship):
        key = quote_key(party, about, question, text)
        side = sides.get((party, about))
        if key not in keys or key in found or side is None:
            continue
        if quotable(side, Quote(question, text.strip(), "", 0.0), thresholds, withheld):
            found[key] = HiddenQuoteView(key, party, about, question, text.strip())
    return sorted(found.values(), key=lambda q: (q.party, TEXT_FIELDS.index(q.question), q.text))


def _answers(round_: Round, relationship: AskedRelationship) -> list[tuple[str, str, str, str]]:
    """Every written answer about ``relationship`` in ``round_``: party, about (named as the
    round asked about them), question, text."""
    names = asked_party_names(round_)
    rows = Response.objects.filter(round=round_, relationship_id=relationship.pk).values_list(
        "party_id", "about_id", *TEXT_FIELDS
    )
    return [
        (names[party], names[about], question, str(text))
        for party, about, *texts in rows
        for question, text in zip(TEXT_FIELDS, texts, strict=True)
        if text and str(text).strip()
    ]
