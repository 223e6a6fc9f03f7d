"""Checks for the coaching content file: every field, placeholder and condition.

A coach edits the content file by hand, so each check ends in a sentence that names the entry
and says what to write instead ("did you mean 'trust'?").
"""

from __future__ import annotations

import difflib
import string
import tomllib
from collections.abc import Iterable, Mapping
from typing import Any

from parity.core.coaching.findings import FINDINGS
from parity.core.coaching.triggers import Compare, Literal, Name, Node, TriggerError, parse, walk


class CoachingContentError(ValueError):
    """A content file that cannot be used; the message names the entry and what to fix."""


# --- Reading tables ------------------------------------------------------------------------


class Table:
    """One TOML table being read: every field is checked, and an unknown one is an error
    (a misspelt ``qeustion`` would otherwise be silently ignored)."""

    def __init__(self, raw: Any, where: str, fields: Iterable[str]) -> None:
        if not isinstance(raw, Mapping):
            raise CoachingContentError(f"{where} must be a table of fields.")
        self.raw, self.where = raw, where
        allowed = tuple(fields)
        for key in raw:
            if key not in allowed:
                raise CoachingContentError(f"{where}: unknown field '{key}'{hint(key, allowed)}.")

    def has(self, key: str) -> bool:
        return key in self.raw

    def text(self, key: str, default: str | None = None) -> str:
        if key not in self.raw:
            if default is not None:
                return default
            raise CoachingContentError(f"{self.where}: the field '{key}' is missing.")
        value = self.raw[key]
        if not isinstance(value, str) or not value.strip():
            raise CoachingContentError(f"{self.where}: '{key}' must be a text that is not empty.")
        return " ".join(value.split())

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if key in self.raw else None

    def integer(self, key: str, low: int, high: int, default: int | None = None) -> int:
        if key not in self.raw and default is not None:
            return default
        value = self.raw.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise CoachingContentError(
                f"{self.where}: '{key}' must be a whole number from {low} to {high}."
            )
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: str | None = None) -> str:
        value = self.text(key, default)
        if value not in choices:
            raise CoachingContentError(
                f"{self.where}: '{key}' is {value!r}{hint(value, choices)}; "
                f"choose one of {', '.join(repr(c) for c in choices)}."
            )
        return value

    def tables(self, key: str) -> list[Any]:
        value = self.raw.get(key, [])
        if not isinstance(value, list):
            raise CoachingContentError(f"{self.where}: '{key}' must be a list of tables.")
        return value


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """A content file's text read as TOML (the caller opens the file: the core does no I/O)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CoachingContentError(f"{source}: not valid TOML ({error}).") from None


def hint(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def word_table(raw: Any, where: str, required: Iterable[str]) -> dict[str, str]:
    keys = tuple(required)
    table = Table(raw, where, keys)
    return {key: table.text(key) for key in keys}


# --- Templates and conditions ----------------------------------------------------------------


def check_template(text: str, where: str, fields: Iterable[str]) -> set[str]:
    """The placeholders of ``text``; each must be a plain name from ``fields``."""
    allowed = frozenset(fields)
    used: set[str] = set()
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        raise CoachingContentError(
            f"{where}: a '{{' or '}}' without its pair; write '{{{{' or '}}}}' for a brace."
        ) from None
    for _, field, spec, conversion in parts:
        if field is None:
            continue
        if spec or conversion or not field.isidentifier():
            raise CoachingContentError(
                f"{where}: '{{{field}{'!' + conversion if conversion else ''}"
                f"{':' + spec if spec else ''}}}' is not a placeholder; write a plain name such "
                "as {side}."
            )
        if field not in allowed:
            raise CoachingContentError(
                f"{where}: the placeholder {{{field}}} is not known here{hint(field, allowed)}."
            )
        used.add(field)
    return used


def _number_kind(kind: str) -> str:
    return "number" if kind in ("score", "gap", "share", "count") else kind


def _operand_kind(operand: Name | Literal) -> str:
    if isinstance(operand, Name):
        return _number_kind(FINDINGS[operand.name].kind)
    value = operand.value
    return "flag" if isinstance(value, bool) else "text" if isinstance(value, str) else "number"


def check_condition(condition: str, where: str) -> Node:
    """Parse a trigger and check it against the findings: names, types and text values."""
    try:
        node = parse(condition)
    except TriggerError as error:
        raise CoachingContentError(f"{where}: {error}.") from None
    parts = list(walk(node))
    for part in parts:
        if isinstance(part, Name) and part.name not in FINDINGS:
            raise CoachingContentError(
                f"{where}: the condition mentions '{part.name}', which is not a finding"
                f"{hint(part.name, FINDINGS)}; docs/coaching.md lists them."
            )
    for part in parts:
        if isinstance(part, Compare):
            _check_compare(part, where)
    return node


def _check_compare(node: Compare, where: str) -> None:
    left, right = _operand_kind(node.left), _operand_kind(node.right)
    if left != right:
        raise CoachingContentError(
            f"{where}: '{_show(node.left)} {node.op} {_show(node.right)}' compares a {left} "
            f"with a {right}."
        )
    if left != "number" and node.op not in ("==", "!="):
        raise CoachingContentError(
            f"{where}: a {left} can only be compared with == or !=, not {node.op}."
        )
    for name, literal in ((node.left, node.right), (node.right, node.left)):
        if isinstance(name, Name) and isinstance(literal, Literal):
            choices = FINDINGS[name.name].choices
            if choices and literal.value not in choices:
                raise CoachingContentError(
                    f"{where}: {literal.value!r} is not a value of '{name.name}'"
                    f"{hint(str(literal.value), choices)}; it is one of "
                    f"{', '.join(repr(c) for c in choices)}."
                )


def _show(operand: Name | Literal) -> str:
    return operand.name if isinstance(operand, Name) else repr(operand.value)
