"""The engine's and the reports' words in the reader's language.

The sentences Parity writes (the reasons for an archetype, the coaching questions, a report's
headings) are English in the code and translated from a GNU gettext catalog shipped in the
package (``parity/locale/<language>/LC_MESSAGES/parity.mo``, made by ``make messages`` from the
``.po`` beside it; docs/development.md). The standard library reads it, so the engine needs
neither Django nor any other framework to speak German.

Which language: the one a :func:`speaking` block names (a report made in its round's language,
``parity report --language de``); else the one the language source gives (the web application
sets it to Django's active language, so a page and the sentences on it speak alike); else
English. The JSON and the API stay English whatever is active: a :class:`Sentence` *is* its
English text, and only its ``str()`` and its HTML speak the reader's language.

A sentence that is computed once and read in several languages (the reasons inside a cached
analysis) is a :class:`Sentence`: the English template and its values, translated when shown.
"""

from __future__ import annotations

import gettext as gnu_gettext
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from markupsafe import escape

#: The language the code is written in, and the fallback for any other.
SOURCE_LANGUAGE = "en"
#: The gettext domain of the engine's and the reports' catalog.
DOMAIN = "parity"

_SPOKEN: ContextVar[str | None] = ContextVar("parity_language", default=None)
_source: Callable[[], str | None] = lambda: None  # noqa: E731 - replaced by set_language_source


def N_(message: str) -> str:  # noqa: N802 - the name gettext's tools look for
    """Marks ``message`` for the catalog without translating it here: for a constant read in
    a language chosen later (translate it with :func:`gettext` where it is shown)."""
    return message


def _base(language: str | None) -> str:
    """``de`` for "de", "de-at" or "de_AT"; "" for none."""
    return (language or "").replace("_", "-").split("-")[0].lower()


def set_language_source(source: Callable[[], str | None]) -> None:
    """Where :func:`current_language` looks when no :func:`speaking` block is open (the web
    application's Django language)."""
    global _source
    _source = source


def current_language() -> str:
    """The language sentences are shown in now: a :func:`speaking` block's, else the source's,
    else English; one without a catalog is English."""
    language = _base(_SPOKEN.get()) or _base(_source())
    return language if language in available_languages() else SOURCE_LANGUAGE


@contextmanager
def speaking(language: str | None) -> Iterator[str]:
    """Show sentences in ``language`` inside the block (English if Parity has no catalog for
    it); yields the language used."""
    token = _SPOKEN.set(_base(language) or SOURCE_LANGUAGE)
    try:
        yield current_language()
    finally:
        _SPOKEN.reset(token)


def _locale_dir() -> str:
    return str(resources.files("parity").joinpath("locale"))


@cache
def available_languages() -> frozenset[str]:
    """English and every language whose compiled catalog ships with Parity."""
    found = {SOURCE_LANGUAGE}
    locale = resources.files("parity").joinpath("locale")
    if locale.is_dir():
        for entry in locale.iterdir():
            if entry.joinpath("LC_MESSAGES", f"{DOMAIN}.mo").is_file():
                found.add(entry.name)
    return frozenset(found)


@cache
def catalog(language: str) -> gnu_gettext.NullTranslations:
    """The compiled catalog of ``language`` (nothing translated for English)."""
    if language == SOURCE_LANGUAGE:
        return gnu_gettext.NullTranslations()
    return gnu_gettext.translation(DOMAIN, _locale_dir(), languages=[language], fallback=True)


def gettext(message: str) -> str:
    """``message`` in the current language (as it is where the catalog lacks it)."""
    return catalog(current_language()).gettext(message) if message else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural of a message, as the current language counts."""
    return catalog(current_language()).ngettext(singular, plural, count)


_ = gettext


def localized(words: str) -> str:
    """Words of the vocabulary or an instrument as plain text in the current language: a
    :class:`Sentence` translates itself, plain words are their own catalog message."""
    return str(words) if isinstance(words, Sentence) else gettext(words)


def _shown(value: object) -> object:
    """A value as a sentence shows it: a nested sentence in the current language."""
    return str(value) if isinstance(value, Sentence) else value


class Sentence(str):
    """A sentence made in English and shown in the reader's language.

    As a ``str`` it is the English text (what the JSON, the API and equality see). ``str()``,
    ``format()`` and the HTML of templates (``__html__``, used by Django and Jinja alike)
    translate its template from the catalog and fill in its values, each nested sentence in
    the same language. The template is a ``str.format`` pattern with named fields, marked for
    the catalog where it is written: ``Sentence(N_("{name} holds the power."), name=...)``.
    """

    template: str
    values: tuple[tuple[str, Any], ...]

    def __new__(cls, template: str, /, **values: Any) -> Sentence:
        english = {k: str.__str__(v) if isinstance(v, str) else v for k, v in values.items()}
        text = template.format(**english)
        made = super().__new__(cls, text)
        made.template = template
        made.values = tuple(values.items())
        return made

    def __str__(self) -> str:
        language = current_language()
        if language == SOURCE_LANGUAGE:
            return str.__str__(self)
        values = {k: _shown(v) for k, v in self.values}
        return gettext(self.template).format(**values)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __html__(self) -> str:
        return str(escape(str(self)))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_remade, (self.template, self.values))

    @property
    def english(self) -> str:
        """The sentence in English, whatever the current language."""
        return str.__str__(self)


def _remade(template: str, values: tuple[tuple[str, Any], ...]) -> Sentence:
    return Sentence(template, **dict(values)) if values else _fixed(template)


@lru_cache(maxsize=4096)
def _fixed(template: str) -> Sentence:
    """The sentence of a template without values, kept once: a sentence never changes once
    made, and a large round's pages and analyses name the same few terms tens of thousands
    of times."""
    return Sentence(template)


def term(words: str) -> Sentence:
    """A word or phrase with no values, translated where it is shown ("shared outcome")."""
    return _fixed(words.replace("{", "{{").replace("}", "}}"))
