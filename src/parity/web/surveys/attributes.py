"""The respondent attributes a round may ask: role, level, location and tenure.

The engine reads a side by these attributes (:mod:`parity.core.segments`, docs/method.md §2b)
and shows a group only within the anonymity rules. The web survey asks them as choice lists
written by the facilitator when the round is opened (tenure: the fixed bands of
:data:`~parity.core.schema.TENURE_BANDS`), never as free text, each with "Prefer not to say".

What is kept is as little as the analysis needs (docs/privacy.md): a response holds only the
attributes its round asks, only a value among the round's choices, and nothing at all for
"Prefer not to say" (:func:`given_attributes`, applied to the draft, the ballot and the
response alike).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext, gettext_noop

from parity.core.schema import LEVEL, LOCATION, ROLE, SEGMENT_COLUMNS, TENURE, TENURE_BANDS
from parity.core.segments import NOT_GIVEN, TENURE_WORDS

#: The attributes whose choices the facilitator writes; tenure's are the fixed bands.
WRITTEN: tuple[str, ...] = (ROLE, LEVEL, LOCATION)
#: The answer every attribute offers; it is stored as nothing. The survey shows it, and the
#: questions below, in the respondent's language (marked here, translated by the survey's form).
PREFER_NOT_TO_SAY = gettext_noop("Prefer not to say")
#: Each written attribute offers from two choices (one would put everyone who answers in one
#: group) up to this many (more choices, smaller groups: the small ones are pooled anyway).
MIN_CHOICES = 2
MAX_CHOICES = 12
MAX_CHOICE_LENGTH = 60
#: The question the survey asks for each attribute.
QUESTIONS: dict[str, str] = {
    ROLE: gettext_noop("Which best describes your role?"),
    LEVEL: gettext_noop("Which best describes your level?"),
    LOCATION: gettext_noop("Where do you work?"),
    TENURE: gettext_noop("How long have you been with the organization?"),
}
#: An attribute as the facilitator's pages name it.
NAMES: dict[str, str] = {
    ROLE: gettext_noop("Role"),
    LEVEL: gettext_noop("Level"),
    LOCATION: gettext_noop("Location"),
    TENURE: gettext_noop("Years in the organization"),
}
#: Choices that would read as something else: the survey's own "Prefer not to say", and the
#: engine's name for a respondent who gave no value.
_RESERVED = frozenset({PREFER_NOT_TO_SAY.casefold(), NOT_GIVEN.casefold()})

Asked = Mapping[str, Sequence[str]]


class AttributeChoicesError(ValueError):
    """Choices a round cannot ask, said as a sentence naming the attribute."""

    def __init__(self, attribute: str, message: str) -> None:
        super().__init__(message)
        self.attribute = attribute


def asked_attributes(given: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The attributes a new round asks, each with its choices, in the engine's order.

    ``given`` maps an attribute to the facilitator's choices (trimmed; empty lines dropped);
    an attribute with no choice is not asked. Tenure takes no choices of its own: an empty
    list, or its bands, asks it with the bands.
    """
    unknown = sorted(set(given) - set(SEGMENT_COLUMNS))
    if unknown:
        known = ", ".join(SEGMENT_COLUMNS)
        raise AttributeChoicesError(
            unknown[0],
            gettext("A round can ask %(known)s; not %(unknown)s.")
            % {"known": known, "unknown": ", ".join(unknown)},
        )
    out = {}
    for attribute in SEGMENT_COLUMNS:
        if attribute not in given:
            continue
        if attribute == TENURE:
            out[TENURE] = _tenure_choices(given[TENURE])
            continue
        choices = _written_choices(attribute, given[attribute])
        if choices:
            out[attribute] = choices
    return out


def _tenure_choices(given: Sequence[str]) -> list[str]:
    written = [str(c).strip() for c in given if str(c).strip()]
    if written and sorted(written) != sorted(TENURE_BANDS):
        raise AttributeChoicesError(
            TENURE,
            gettext(
                "Tenure is asked in fixed bands (%(bands)s years): give no choices of its own, "
                "or exactly those."
            )
            % {"bands": ", ".join(TENURE_BANDS)},
        )
    return list(TENURE_BANDS)


def _written_choices(attribute: str, given: Sequence[str]) -> list[str]:
    choices = [" ".join(str(c).split()) for c in given]
    choices = [c for c in choices if c]
    if not choices:
        return []
    name = gettext(NAMES[attribute])
    if len(choices) < MIN_CHOICES:
        raise AttributeChoicesError(
            attribute,
            gettext("%(name)s: give at least %(least)s choices, or none not to ask it.")
            % {"name": name, "least": MIN_CHOICES},
        )
    if len(choices) > MAX_CHOICES:
        raise AttributeChoicesError(
            attribute,
            gettext("%(name)s: give at most %(most)s choices (there are %(count)s).")
            % {"name": name, "most": MAX_CHOICES, "count": len(choices)},
        )
    seen: set[str] = set()
    for choice in choices:
        _check_choice(attribute, name, choice, seen)
        seen.add(choice.casefold())
    return choices


def _check_choice(attribute: str, name: str, choice: str, seen: set[str]) -> None:
    """Refuse one written choice: too long, reserved, or given before (``seen``, casefolded)."""
    if len(choice) > MAX_CHOICE_LENGTH:
        raise AttributeChoicesError(
            attribute,
            gettext("%(name)s: “%(start)s…” is longer than %(most)s characters.")
            % {"name": name, "start": choice[:20], "most": MAX_CHOICE_LENGTH},
        )
    key = choice.casefold()
    if key in _RESERVED:
        raise AttributeChoicesError(
            attribute,
            gettext(
                "%(name)s: “%(choice)s” cannot be a choice; every question already offers "
                "“%(reserved)s”."
            )
            % {"name": name, "choice": choice, "reserved": gettext(PREFER_NOT_TO_SAY)},
        )
    if key in seen:
        raise AttributeChoicesError(
            attribute,
            gettext("%(name)s: “%(choice)s” is listed twice.") % {"name": name, "choice": choice},
        )


def choice_labels(attribute: str, choices: Sequence[str]) -> list[tuple[str, str]]:
    """The choices as the survey offers them, (stored value, words): tenure's bands in words."""
    if attribute == TENURE:
        return [(band, TENURE_WORDS.get(band, band).capitalize()) for band in choices]
    return [(choice, choice) for choice in choices]


def described(stored: Any) -> list[str]:
    """A round's attributes as its page lists them: "Role: Business partner, Administrator"."""
    return [
        f"{gettext(NAMES[a])}: {', '.join(label for _, label in choice_labels(a, choices))}"
        for a, choices in asked_of(stored).items()
    ]


def given_attributes(asked: Asked, answers: Mapping[str, Any]) -> dict[str, str]:
    """What a respondent's answers say of the attributes, as little as is needed: only the
    attributes ``asked``, only a value among its choices; nothing for "Prefer not to say"
    (an empty answer), nor for anything else."""
    out = {}
    for attribute, choices in asked.items():
        value = answers.get(attribute)
        if isinstance(value, str) and value and value in choices:
            out[attribute] = value
    return out


def asked_of(stored: Any) -> dict[str, list[str]]:
    """A round's stored attributes, read defensively (a JSON field is never trusted blindly):
    only known attributes, each with its text choices."""
    if not isinstance(stored, dict):
        return {}
    return {
        attribute: [c for c in stored[attribute] if isinstance(c, str)]
        for attribute in SEGMENT_COLUMNS
        if isinstance(stored.get(attribute), list)
    }
