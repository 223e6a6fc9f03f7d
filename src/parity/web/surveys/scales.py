"""The radio buttons of one statement's scale, as HTML made once and reused.

A survey page holds a scale of eight buttons for each of its statements. Written as template
tags, every button is a dozen variable lookups, each escaped and localized: about 300 a page,
most of a page's time. Only which button is checked differs between respondents, so the
buttons are made once per field, points and language (:func:`_parts`) and joined with the
checked mark where it belongs. The HTML is the one the template wrote.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

_POINT = (
    '<label class="point" for="{name}-{value}">\n'
    '        <input type="radio" name="{name}" id="{name}-{value}" value="{value}"{checked}>\n'
    '        <span class="point-value">{value}</span>'
    '<span class="visually-hidden"> {label}</span>\n'
    "      </label>"
)
_NO_ANSWER = (
    '<label class="point no-answer" for="{name}-none">\n'
    '        <input type="radio" name="{name}" id="{name}-none" value=""{checked}>\n'
    "        <span>{words}</span>\n"
    "      </label>"
)
#: Where a part may take the checked mark: format_html escapes the values, not this.
_SLOT = "\x00"
CHECKED = " checked"


def scale_buttons(
    name: str, points: Sequence[tuple[int, str]], value: str, unanswered: bool
) -> SafeString:
    """The buttons of field ``name``'s scale, point ``value`` checked ("" for none), and the
    "No answer" button checked when ``unanswered`` (the respondent chose it)."""
    shown = tuple((int(point), str(label)) for point, label in points)
    parts = _parts(name, shown, get_language() or "")
    chosen = [value == str(point) for point, _ in shown] + [unanswered]
    # Every part was escaped by format_html; only the checked marks are added.
    return mark_safe(
        "\n      ".join(
            part.replace(_SLOT, CHECKED if on else "")
            for part, on in zip(parts, chosen, strict=True)
        )
    )


@lru_cache(maxsize=2048)
def _parts(name: str, points: tuple[tuple[int, str], ...], language: str) -> tuple[str, ...]:
    """Each button of the scale, escaped, with a slot for the checked mark. ``language``
    keys the cache: the "No answer" words are the page's language."""
    del language  # only a key: gettext reads the active language
    buttons = [
        format_html(_POINT, name=name, value=point, label=label, checked=_SLOT)
        for point, label in points
    ]
    buttons.append(format_html(_NO_ANSWER, name=name, words=gettext("No answer"), checked=_SLOT))
    return tuple(str(b) for b in buttons)
