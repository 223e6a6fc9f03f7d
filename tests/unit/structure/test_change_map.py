"""docs/development.md's map of where a change goes, kept true by doing the changes.

A new construct is done end to end in ``tests/integration/web/test_custom_construct.py`` and a
new page in ``tests/integration/web/test_web_new_page.py``; here: every file the map names
exists, every archetype stands in every place the map lists (a new one is named where it is
still missing), and a new output format is written from the presentation model alone.
"""

from __future__ import annotations

import re
from pathlib import Path

from parity.cli.render import ARCHETYPE_COLOUR
from parity.core import reasons
from parity.core.analysis import Analysis
from parity.core.archetypes import ARCHETYPES, INSUFFICIENT, PROTOTYPES
from parity.core.coaching import default_content
from parity.core.coaching.content import shipped_content
from parity.core.disclosure import Thresholds
from parity.core.presentation import OrganizationPresentation, organization_presentation
from parity.core.vocabulary import (
    ARCHETYPE_MEANINGS,
    ARCHETYPE_NAMES,
    ARCHETYPE_PHRASES,
    ARCHETYPE_WORDS,
)

ROOT = Path(__file__).resolve().parents[3]
SRC = ROOT / "src" / "parity"
DOC = (ROOT / "docs" / "development.md").read_text(encoding="utf-8")


def _map_section() -> str:
    return DOC.split("## Where a change goes", 1)[1].split("\n## ", 1)[0]


def test_every_file_the_map_names_exists() -> None:
    named = set(re.findall(r"`([\w./-]+\.(?:py|toml|css|md))`", _map_section()))
    assert len(named) >= 15
    missing = [
        name
        for name in named
        if not any((base / name).exists() for base in (ROOT, SRC, SRC / "core", ROOT / "tests"))
    ]
    assert missing == []


def test_the_map_covers_each_kind_of_change() -> None:
    section = _map_section()
    for kind in ("a new construct", "a new archetype", "a new view", "a new output format"):
        assert f"| {kind}" in section


def missing_places(codes: tuple[str, ...]) -> list[str]:
    """Each place of the map's archetype row that lacks one of ``codes``."""
    text = {
        "parity.css": (SRC / "web/static/parity/parity.css").read_text(encoding="utf-8"),
        "report.css": (SRC / "reports/static/report.css").read_text(encoding="utf-8"),
    }
    instrument_doc = (ROOT / "docs" / "instrument.md").read_text(encoding="utf-8")
    explained = {**reasons._SYMMETRIC, **reasons._BY_ROLE}
    places = {
        "core/archetypes.py PROTOTYPES": {p.archetype for p in PROTOTYPES} | {INSUFFICIENT},
        "core/reasons.py": set(explained) | {INSUFFICIENT},
        "core/vocabulary.py ARCHETYPE_NAMES": set(ARCHETYPE_NAMES),
        "core/vocabulary.py ARCHETYPE_MEANINGS": set(ARCHETYPE_MEANINGS),
        "core/vocabulary.py ARCHETYPE_PHRASES": set(ARCHETYPE_PHRASES),
        "core/vocabulary.py ARCHETYPE_WORDS": set(ARCHETYPE_WORDS),
        "prompts.toml [words.archetypes]": set(default_content().archetypes),
        "prompts.de.toml [words.archetypes]": set(shipped_content("de").archetypes),
        "cli/render.py ARCHETYPE_COLOUR": set(ARCHETYPE_COLOUR),
    }
    out = [
        f"{place}: {code}" for place, known in places.items() for code in codes if code not in known
    ]
    for name, css in text.items():
        out += [f"{name}: {code}" for code in codes if f".archetype-{code}" not in css]
    out += [
        f"docs/instrument.md: {code}" for code in codes if f"| `{code}` |" not in instrument_doc
    ]
    return out


def test_every_archetype_stands_in_every_place_the_map_lists() -> None:
    assert missing_places((*ARCHETYPES, INSUFFICIENT)) == []


def test_a_new_archetype_is_named_where_it_is_still_missing() -> None:
    missing = missing_places(("alliance",))
    assert len(missing) == 12
    assert "core/reasons.py: alliance" in missing
    assert "docs/instrument.md: alliance" in missing


def markdown(presented: OrganizationPresentation) -> str:
    """A new output format, as the map says to write one: from the presentation alone."""
    constructs = list(presented.constructs.values())
    head = ["Relationship", "Archetype", "Roles", *(c.name for c in constructs)]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for row in presented.rows:
        cells = [row.name, row.archetype_name, row.roles_text or "–"]
        for profile in row.profile:
            a, b = profile.scores
            cells.append("–" if a is None or b is None else f"{a:.0f} / {b:.0f}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def test_a_new_output_format_needs_only_the_presentation(demo_analysis: Analysis) -> None:
    presented = organization_presentation(demo_analysis.relationships, Thresholds())
    table = markdown(presented).splitlines()
    assert len(table) == 2 + len(demo_analysis.relationships)
    assert "| Relationship | Archetype | Roles | Shared outcome | Stake |" in table[0]
    assert any("| IT – Sales | Master–servant | Sales: master; IT: servant |" in t for t in table)
    hidden = [t for t in table if "Too few answers to tell" in t]
    assert hidden
    assert all("– | – | –" in t for t in hidden)
