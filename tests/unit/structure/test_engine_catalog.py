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

import parity

ROOT = Path(__file__).resolve().parents[3]
CATALOG = Path(parity.__file__).parent / "locale" / "de" / "LC_MESSAGES"
#: A Python %-format placeholder, as the reports' templates use ("%(party)s").
PERCENT = re.compile(r"%(?:\([a-z_]+\))?[sd]")


def _po() -> polib.POFile:
    return polib.pofile(str(CATALOG / "parity.po"))


def _messages(catalog: polib.POFile | polib.MOFile) -> dict[tuple[str, str, str], Any]:
    """What a catalog says, message by message (its header aside)."""
    return {
        (entry.msgctxt or "", entry.msgid, entry.msgid_plural): (
            tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
        )
        for entry in catalog
        if entry.msgid
    }


def _said(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def _fields(template: str) -> set[str]:
    """The named fields of a ``str.format`` template ("{side}" → {"side"})."""
    return {name for _, name, _, _ in Formatter().parse(template) if name is not None}


def test_the_shipped_mo_is_the_po_compiled(tmp_path: Path) -> None:
    compiled = tmp_path / "parity.mo"
    _po().save_as_mofile(str(compiled))
    shipped = polib.mofile(str(CATALOG / "parity.mo"))
    assert _messages(shipped) == _messages(polib.mofile(str(compiled)))
    assert shipped.metadata.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"


def test_every_message_has_a_german_translation_that_is_not_fuzzy() -> None:
    catalog = _po()
    assert not catalog.metadata_is_fuzzy
    assert [e.msgid for e in catalog.fuzzy_entries()] == []
    assert [e.msgid for e in catalog.untranslated_entries()] == []
    for entry in catalog:
        assert all(text.strip() for text in _said(entry)), entry.msgid


def test_every_translation_keeps_the_fields_of_its_template() -> None:
    """A sentence's German names the same ``{fields}`` as its English (in any order), so
    :class:`parity.core.translation.Sentence` fills in every value it was given."""
    for entry in _po():
        if "python-brace-format" not in entry.flags:
            continue
        expected = _fields(entry.msgid_plural or entry.msgid)
        assert expected >= _fields(entry.msgid), entry.msgid
        for text in filter(None, _said(entry)):  # an empty one fails the test above
            assert _fields(text) == expected, entry.msgid


def test_every_translation_keeps_the_placeholders() -> None:
    for entry in _po():
        if "python-format" not in entry.flags:
            continue
        expected = sorted(PERCENT.findall(entry.msgid_plural or entry.msgid))
        for text in filter(None, _said(entry)):
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
