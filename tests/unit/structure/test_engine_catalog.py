"""The German catalog of the engine and the reports (parity/locale, docs/development.md,
"Translations"): shipped compiled, the .mo being the .po compiled, every message translated,
each translation keeping its template's fields, and nothing marked in the code missing from it.

A translation that drops, renames or adds a ``{field}`` would fail only when that sentence is
shown in German (a KeyError, or a name missing from a reason), so it is caught here instead.
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Formatter
from typing import Any

import polib
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from tests.support.catalogs import (
    assert_all_translated,
    assert_mo_is_po_compiled,
    said,
)

import parity

ROOT = Path(__file__).resolve().parents[3]
CATALOG = Path(parity.__file__).parent / "locale" / "de" / "LC_MESSAGES"
#: A Python %-format placeholder, as the reports' templates use ("%(party)s").
PERCENT = re.compile(r"%(?:\([a-z_]+\))?[sd]")


def _po() -> polib.POFile:
    return polib.pofile(str(CATALOG / "parity.po"))


def _fields(template: str) -> set[str]:
    """The named fields of a ``str.format`` template ("{side}" → {"side"})."""
    return {name for _, name, _, _ in Formatter().parse(template) if name is not None}


def test_the_shipped_mo_is_the_po_compiled(tmp_path: Path) -> None:
    assert_mo_is_po_compiled(CATALOG, "parity", tmp_path)


def test_every_message_has_a_german_translation_that_is_not_fuzzy() -> None:
    assert_all_translated(_po())


def test_every_translation_keeps_the_fields_of_its_template() -> None:
    """A sentence's German names the same ``{fields}`` as its English (in any order), so
    :class:`parity.core.translation.Sentence` fills in every value it was given."""
    for entry in _po():
        if "python-brace-format" not in entry.flags:
            continue
        expected = _fields(entry.msgid_plural or entry.msgid)
        assert expected >= _fields(entry.msgid), entry.msgid
        for text in filter(None, said(entry)):  # an empty one fails the test above
            assert _fields(text) == expected, entry.msgid


def test_every_translation_keeps_the_placeholders() -> None:
    for entry in _po():
        if "python-format" not in entry.flags:
            continue
        expected = sorted(PERCENT.findall(entry.msgid_plural or entry.msgid))
        for text in filter(None, said(entry)):
            assert sorted(PERCENT.findall(text)) == expected, entry.msgid


def _under_src(path: str) -> bool:
    """Only the package's own folders are read (not the virtual environment, not caches)."""
    parts = Path(path).resolve().relative_to(ROOT).parts
    return parts[:1] == ("src",) and not any(p.startswith((".", "_")) for p in parts)


def test_the_catalog_holds_every_message_marked_in_the_code(monkeypatch: Any) -> None:
    """`make messages` would neither add nor drop a message (babel.cfg says what it reads)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    monkeypatch.chdir(ROOT)
    marked = set()
    for _, _, message, _, _ in extract_from_dir(
        str(ROOT), method_map, options_map, directory_filter=_under_src
    ):
        marked.add(message if isinstance(message, str) else message[0])
    shipped = {entry.msgid for entry in _po() if entry.msgid}
    assert sorted(marked - shipped) == []
    assert sorted(shipped - marked) == []
