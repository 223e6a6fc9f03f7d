"""What a name may hold: the one rule for the names people give organizations, parties, rounds
and relationship labels, whether typed on a page, sent to the API or read from a CSV file.

A name is one line of text. Control characters (a newline, a tab, a carriage return, an escape
or any other of Unicode's category Cc) and the Unicode line and paragraph separators are
refused: they break e-mail subjects, CSV exports and tables, and nobody sees them on screen.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop

_REFUSED_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})

#: The refusal of a control character, one whole sentence per field a name is typed into (so
#: that each language can give the field its own article and case).
_CONTROL_CHARACTER_IN = {
    "name": gettext_noop(
        "The name contains a line break, tab or other control character (%(character)s); "
        "write it on one line, with plain spaces."
    ),
    "label": gettext_noop(
        "The label contains a line break, tab or other control character (%(character)s); "
        "write it on one line, with plain spaces."
    ),
    "party's name": gettext_noop(
        "The party's name contains a line break, tab or other control character "
        "(%(character)s); write it on one line, with plain spaces."
    ),
    "round's name": gettext_noop(
        "The round's name contains a line break, tab or other control character "
        "(%(character)s); write it on one line, with plain spaces."
    ),
    "organization's name": gettext_noop(
        "The organization's name contains a line break, tab or other control character "
        "(%(character)s); write it on one line, with plain spaces."
    ),
}
_CHARACTER_NAMES = {
    "\n": gettext_noop("a newline"),
    "\r": gettext_noop("a carriage return"),
    "\t": gettext_noop("a tab"),
}


def control_character_problem(value: str, field: str) -> str | None:
    """The sentence that refuses ``value`` for the field named ``field`` (a key of
    ``_CONTROL_CHARACTER_IN``: "name", "label", "party's name", "round's name" or
    "organization's name"), or None if it is fine."""
    for character in value:
        if unicodedata.category(character) in _REFUSED_CATEGORIES:
            return gettext(_CONTROL_CHARACTER_IN[field]) % {"character": _describe(character)}
    return None


def refuse_control_characters(value: str, field: str) -> str:
    """``value`` unchanged, or a ValidationError naming the field (for forms and models)."""
    problem = control_character_problem(value, field)
    if problem is not None:
        raise ValidationError(problem, code="control_character")
    return value


def one_line(value: str) -> str:
    """``value`` with any run of whitespace or control characters made one space: for a name
    stored before the rule existed, where it goes into a single line such as a mail subject."""
    cleaned = "".join(" " if unicodedata.category(c) in _REFUSED_CATEGORIES else c for c in value)
    return " ".join(cleaned.split())


def _describe(character: str) -> str:
    named = _CHARACTER_NAMES.get(character)
    return gettext(named) if named else f"U+{ord(character):04X}"


#: The longest label a relationship may carry ("managed service provider", "strategic alliance").
LABEL_LENGTH = 60
#: The labels most organizations use, offered as suggestions; any other label is welcome.
USUAL_LABELS = (
    "partner",
    "business partner",
    "supplier",
    "service provider",
    "customer",
    "none",
)


def clean_label(value: str) -> str:
    """A relationship's label as the organization writes it, on one line with single spaces;
    a usual label in any case is written as usual ("Partner" is "partner"); empty is "none".

    Labels are free text: the analysis reads a label containing "partner" as a declared
    partnership (docs/method.md), whatever else it says.
    """
    cleaned = " ".join(value.split())
    if not cleaned:
        return "none"
    usual = {label.casefold(): label for label in USUAL_LABELS}
    return usual.get(cleaned.casefold(), cleaned)


def label_problem(value: str) -> str | None:
    """The sentence that refuses ``value`` as a relationship's label, or None if it is fine."""
    problem = control_character_problem(value, "label")
    if problem is not None:
        return problem
    if len(clean_label(value)) > LABEL_LENGTH:
        return gettext("The label is longer than %(most)s characters.") % {"most": LABEL_LENGTH}
    return None
