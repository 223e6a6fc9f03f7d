"""The German catalog of the web pages: shipped compiled (so that an install needs no msgfmt),
the .mo being the .po compiled, every message translated, and nothing marked in the code
missing from it (docs/development.md, "Translations": `make messages`)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import polib
import pytest
from django.core.management import call_command
from tests.support.catalogs import (
    assert_all_translated,
    assert_mo_is_po_compiled,
    messages,
)
from tests.support.machine import need

import parity.web

WEB = Path(parity.web.__file__).parent
CATALOG = WEB / "locale" / "de" / "LC_MESSAGES"
#: A Python-format placeholder, named ("%(party)s") or not ("%d"), as Django's messages use.
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sd]")


def _po() -> polib.POFile:
    return polib.pofile(str(CATALOG / "django.po"))


def test_the_shipped_mo_is_the_po_compiled(tmp_path: Path) -> None:
    assert_mo_is_po_compiled(CATALOG, "django", tmp_path)


def test_every_message_has_a_german_translation_that_is_not_fuzzy() -> None:
    assert_all_translated(_po())


def test_every_translation_keeps_the_placeholders() -> None:
    for entry in _po():
        expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        said = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in said:
            assert sorted(PLACEHOLDER.findall(text)) == expected, entry.msgid


def test_the_catalog_holds_every_message_marked_in_the_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    """`make messages` run on a copy of the web package would neither add nor drop a message."""
    need(shutil.which("xgettext") is not None, "GNU gettext is not installed")
    copy = tmp_path / "web"
    shutil.copytree(WEB, copy, ignore=shutil.ignore_patterns("static", "__pycache__", "*.mo"))
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["de"], no_obsolete=True, verbosity=0)
    extracted = polib.pofile(str(copy / "locale" / "de" / "LC_MESSAGES" / "django.po"))
    assert sorted(messages(extracted)) == sorted(messages(_po()))
