"""The checks every shipped gettext catalog passes, the web pages' (Django's ``django.po``) and
the engine's and reports' (``parity.po``) alike: the .mo is the .po compiled, and every message
has a translation that is neither empty nor fuzzy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib


def messages(catalog: polib.POFile | polib.MOFile) -> dict[tuple[str, str, str], Any]:
    """What a catalog says, message by message (its header aside)."""
    return {
        (entry.msgctxt or "", entry.msgid, entry.msgid_plural): (
            tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
        )
        for entry in catalog
        if entry.msgid
    }


def said(entry: polib.POEntry) -> list[str]:
    """Every translation of an entry: its one, or each of its plural forms."""
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def assert_mo_is_po_compiled(folder: Path, domain: str, scratch: Path) -> None:
    """The shipped ``<domain>.mo`` says what its ``.po`` compiles to, message by message, with
    German plurals."""
    compiled = scratch / f"{domain}.mo"
    polib.pofile(str(folder / f"{domain}.po")).save_as_mofile(str(compiled))
    shipped = polib.mofile(str(folder / f"{domain}.mo"))
    assert messages(shipped) == messages(polib.mofile(str(compiled)))
    assert shipped.metadata.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"


def assert_all_translated(catalog: polib.POFile) -> None:
    """No fuzzy, untranslated or blank message, nor a fuzzy header."""
    assert not catalog.metadata_is_fuzzy
    assert [e.msgid for e in catalog.fuzzy_entries()] == []
    assert [e.msgid for e in catalog.untranslated_entries()] == []
    for entry in catalog:
        assert all(text.strip() for text in said(entry)), entry.msgid
