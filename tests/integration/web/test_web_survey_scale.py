"""A statement's radio buttons, made once per field, points and language (surveys/scales.py),
are the buttons the survey page's template wrote, escaped, with the respondent's choice."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from parity.web.surveys.scales import scale_buttons

#: The template the buttons replaced, word for word: the reference they must equal.
TEMPLATE_BUTTONS = Template(
    """{% load i18n %}{% for value, label in points %}
      <label class="point" for="{{ name }}-{{ value }}">
        <input type="radio" name="{{ name }}" id="{{ name }}-{{ value }}" value="{{ value }}"{% if chosen == value|stringformat:"d" %} checked{% endif %}>
        <span class="point-value">{{ value }}</span><span class="visually-hidden"> {{ label }}</span>
      </label>
      {% endfor %}
      <label class="point no-answer" for="{{ name }}-none">
        <input type="radio" name="{{ name }}" id="{{ name }}-none" value=""{% if unanswered %} checked{% endif %}>
        <span>{% translate "No answer" %}</span>
      </label>"""  # noqa: E501
)
POINTS = [(1, "strongly disagree"), (2, 'a "tricky" <label> & more'), (3, "agree")]


def _words(html: str) -> str:
    return " ".join(html.split())


@pytest.mark.parametrize(
    ("chosen", "unanswered"), [("", False), ("2", False), ("3", False), ("", True)]
)
@pytest.mark.parametrize("language", ["en", "de"])
def test_the_buttons_are_the_templates(chosen: str, unanswered: bool, language: str) -> None:
    with translation.override(language):
        made = scale_buttons("out1", POINTS, chosen, unanswered)
        context = {"points": POINTS, "name": "out1", "chosen": chosen, "unanswered": unanswered}
        expected = TEMPLATE_BUTTONS.render(Context(context))
    assert _words(made) == _words(expected)


def test_only_the_choice_is_checked_and_labels_are_escaped() -> None:
    made = scale_buttons("out1", POINTS, "2", False)
    assert re.findall(r'id="([^"]+)" value="[^"]*" checked', made) == ["out1-2"]
    assert "a &quot;tricky&quot; &lt;label&gt; &amp; more" in made
    assert "<label>" not in made.replace('<label class="point', "")


def test_one_field_in_two_languages_says_each() -> None:
    """The buttons are kept per language: the German page does not get the English words."""
    with translation.override("en"):
        english = scale_buttons("out2", POINTS, "", False)
    with translation.override("de"):
        german = scale_buttons("out2", POINTS, "", False)
    assert "No answer" in english
    assert "Keine Antwort" in german
    assert "No answer" not in german


def test_a_choice_outside_the_scale_checks_nothing() -> None:
    made = scale_buttons("out1", POINTS, "9", False)
    assert " checked" not in made
