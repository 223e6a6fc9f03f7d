"""Which column of a survey tool's export becomes which column of Parity's responses file.

Found automatically (:func:`automatic_mapping`), in this order of strength: a header named as a
Parity column (``party``, ``about``, an item id), a header holding an item id (``OUT1 - …``,
``[OUT1]``, ``Q3[OUT1]``, a Qualtrics export tag or import id), a header worded as an item's
statement or an open question (with any name in place of the other party's), and the tool's
own id and duration columns. A mapping file (TOML, ``"tool column" = "parity column"`` under
``[columns]``, ``""`` to leave a column out) overrides what it names.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field

from parity.core.instrument import Instrument
from parity.core.schema import ID_COLUMNS, SECONDS, SEGMENT_COLUMNS, TEXT_COLUMNS, WAVE
from parity.core.translation import N_, Sentence
from parity.io.errors import Problem
from parity.io.survey_tools.answers import normalised
from parity.io.survey_tools.export import Column, Export

#: Targets that are not columns of the responses file: the seconds are the difference.
START, END = "start", "end"
#: A mapping file's name for "leave this column out".
LEFT_OUT = ""


def targets(instrument: Instrument) -> tuple[str, ...]:
    """Every Parity column a tool column may become, in the responses file's order."""
    texts = tuple(dict.fromkeys((*TEXT_COLUMNS, *instrument.open_question_ids)))
    return (*ID_COLUMNS, WAVE, SECONDS, START, END, *instrument.item_ids, *texts, *SEGMENT_COLUMNS)


@dataclass
class ColumnMapping:
    """The mapping found: ``targets`` by tool column key; ``notes`` say how each column was
    matched or why it is left out; ``problems`` are conflicts to settle."""

    targets: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def source_of(self, target: str) -> str | None:
        return next((k for k, t in self.targets.items() if t == target), None)


@dataclass(frozen=True)
class _Matcher:
    instrument: Instrument
    names: Mapping[str, str]
    item_id: re.Pattern[str]
    wordings: tuple[tuple[str, re.Pattern[str], int], ...]

    @classmethod
    def of(cls, instrument: Instrument) -> _Matcher:
        names = {t.lower(): t for t in targets(instrument) if t not in (START, END)}
        ids = sorted(instrument.item_ids, key=len, reverse=True)
        item_id = re.compile(
            r"(?:^\[?|\[)(" + "|".join(map(re.escape, ids)) + r")(?![A-Za-z0-9])", re.IGNORECASE
        )
        statements = [(i.id, i.text) for i in instrument.items] + [
            (q.id, q.text) for q in instrument.open_questions
        ]
        wordings = tuple(
            (ident, _wording_pattern(text), len(text.replace("{other}", "")))
            for ident, text in statements
        )
        return cls(instrument, names, item_id, wordings)

    def match(self, column: Column) -> tuple[str, int, str] | None:
        """The target of ``column``, the strength of the match, and how it was found."""
        for text in column.texts:
            named = self.names.get(text.strip().strip("[]").lower())
            if named is not None:
                return named, 3, "named so"
        for text in column.texts:
            found = self.item_id.search(text.strip())
            if found is not None:
                ident = found.group(1).upper()
                return ident, 2, "the header holds the item id"
        for text in column.texts:
            plain = normalised(text)
            hits = [
                (size, ident) for ident, pattern, size in self.wordings if pattern.search(plain)
            ]
            if hits:
                return max(hits)[1], 1, "worded as its statement or question"
        return None


def _wording_pattern(text: str) -> re.Pattern[str]:
    """A statement's words with any name (of up to 80 characters) for ``{other}``."""
    parts = [re.escape(normalised(part)) for part in text.rstrip(" .?!").split("{other}")]
    return re.compile(r".{1,80}?".join(parts))


_TOOL_COLUMNS = {
    "respondent": "the tool's response id",
    "seconds": "the tool's duration",
    "start": "the tool's start time (seconds = end - start)",
    "end": "the tool's end time (seconds = end - start)",
}
_ROLE_NOTES = {
    "personal": "left out: personal data, never written",
    "tool": "left out: the survey tool's own data",
}


def automatic_mapping(export: Export, instrument: Instrument) -> ColumnMapping:
    """The mapping of ``export`` found from its headers; conflicts become problems."""
    matcher = _Matcher.of(instrument)
    found: dict[str, list[tuple[int, Column, str]]] = {}
    mapping = ColumnMapping()
    for column in export.columns:
        if column.role in _ROLE_NOTES:
            mapping.notes[column.key] = _ROLE_NOTES[column.role]
            continue
        match = matcher.match(column)
        if match is None and column.role:
            match = (column.role, 0, _TOOL_COLUMNS[column.role])
        if match is None:
            mapping.notes[column.key] = (
                "left out: empty column" if not column.texts else "left out: not recognised"
            )
            continue
        target, strength, how = match
        found.setdefault(target, []).append((strength, column, how))
    for target, candidates in found.items():
        best = max(strength for strength, _, _ in candidates)
        winners = [(c, how) for strength, c, how in candidates if strength == best]
        for strength, column, _ in candidates:
            if strength < best:
                mapping.notes[column.key] = f"left out: {winners[0][0].key!r} is {target}"
        if len(winners) > 1:
            mapping.problems.append(_duplicate(export, target, [c for c, _ in winners]))
        for column, how in winners:
            mapping.targets[column.key] = target
            mapping.notes[column.key] = how
    if SECONDS in mapping.targets.values():
        for key in [k for k, t in mapping.targets.items() if t in (START, END)]:
            del mapping.targets[key]
            mapping.notes[key] = "left out: the duration column gives the seconds"
    return mapping


def _duplicate(export: Export, target: str, columns: list[Column]) -> Problem:
    named = [Sentence(N_('"{key}" (column {letter})'), key=c.key, letter=c.letter) for c in columns]
    listed = named[0]
    for more in named[1:-1]:
        listed = Sentence("{listed}, {more}", listed=listed, more=more)
    return Problem(
        export.file,
        1,
        columns[-1].key,
        Sentence(
            N_(
                "the columns {listed} and {last} are all mapped to {target}; keep one of them, "
                "or say which one is which in a mapping file (--mapping)."
            ),
            listed=listed,
            last=named[-1],
            target=target,
        ),
    )


def read_mapping_file(
    text: str, name: str, export: Export, instrument: Instrument
) -> tuple[dict[str, str], list[Problem]]:
    """The ``[columns]`` of a mapping file, checked against the export and the instrument."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        invalid = N_("the mapping file is not valid TOML ({reason}).")
        return {}, [Problem(name, None, None, Sentence(invalid, reason=str(error)))]
    columns = data.get("columns")
    if not isinstance(columns, dict):
        no_table = N_(
            'the mapping file needs a [columns] table: "tool column" = "parity column" on each '
            "line."
        )
        return {}, [Problem(name, None, None, Sentence(no_table))]
    known = {t.lower(): t for t in targets(instrument)}
    entries: dict[str, str] = {}
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for key, value in columns.items():
        column = export.column(key)
        if column is None:
            not_there = N_('"{key}" is not a column of {file}.')
            problems.append(
                Problem(name, None, key, Sentence(not_there, key=key, file=export.file))
            )
            continue
        raw = str(value).strip() if isinstance(value, str) else None
        target = known.get(raw.lower()) if raw else (LEFT_OUT if raw == "" else None)
        if target is None:
            problems.append(
                Problem(
                    name,
                    None,
                    key,
                    Sentence(
                        N_(
                            "{value} is not a Parity column; use respondent, party, about, "
                            "wave, seconds, start, end, an item id ({item} …), an open "
                            'question, role, level, location, tenure, or "" to leave it out.'
                        ),
                        value=repr(value),
                        item=instrument.item_ids[0],
                    ),
                )
            )
            continue
        if target and column.role == "personal":
            problems.append(
                Problem(
                    name,
                    None,
                    key,
                    Sentence(N_('"{key}" holds personal data, which is never written.'), key=key),
                )
            )
            continue
        if target and target in seen:
            problems.append(
                Problem(
                    name,
                    None,
                    key,
                    Sentence(
                        N_('"{first}" and "{key}" are both mapped to {target}; keep one.'),
                        first=seen[target],
                        key=key,
                        target=target,
                    ),
                )
            )
            continue
        if target:
            seen[target] = key
        entries[key] = target
    return entries, problems


def apply_mapping_file(
    automatic: ColumnMapping, entries: Mapping[str, str], name: str, export: Export
) -> ColumnMapping:
    """``automatic`` with the file's entries in place of what it found for those columns and
    targets; automatic matches that still claim one target twice remain problems."""
    chosen = {t for t in entries.values() if t}
    result = ColumnMapping(notes=dict(automatic.notes))
    for key, target in automatic.targets.items():
        if key in entries:
            continue
        if target in chosen:
            result.notes[key] = f"left out: {name} maps {target} elsewhere"
            continue
        result.targets[key] = target
    for key, target in entries.items():
        result.notes[key] = f"from {name}" if target else f"left out by {name}"
        if target:
            result.targets[key] = target
    claimed: dict[str, list[Column]] = {}
    for key, target in result.targets.items():
        column = export.column(key)
        if column is not None:
            claimed.setdefault(target, []).append(column)
    result.problems = [
        _duplicate(export, target, columns)
        for target, columns in claimed.items()
        if len(columns) > 1
    ]
    return result


def mapping_toml(mapping: ColumnMapping, export: Export, tool: str) -> str:
    """The mapping as a file to edit and give back with --mapping."""
    lines = [
        f"# How the columns of {export.file} become Parity's responses file.",
        '# "tool column" = "parity column"; "" leaves a column out. Personal columns are never',
        "# written, whatever this file says.",
        f"tool = {json.dumps(tool)}",
        "",
        "[columns]",
    ]
    for column in export.columns:
        target = mapping.targets.get(column.key, LEFT_OUT)
        note = mapping.notes.get(column.key, "")
        comment = f"  # {' '.join(note.split())}" if note else ""
        lines.append(
            f"{json.dumps(column.key, ensure_ascii=False)} = {json.dumps(target)}{comment}"
        )
    return "\n".join(lines) + "\n"
