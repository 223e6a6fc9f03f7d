"""Reading statements to classify: JSON Lines objects with ``text`` and an optional ``id``,
and the answer's context: ``question`` (which open question it answers), ``party`` (the
writer's party), ``about`` (the other party) and ``label`` (the relationship's declared label).

The whole input is checked before anything is classified, and every bad line is named, so a
batch is never half-processed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from parity.core.schema import TEXT_COLUMNS
from parity.core.translation import N_, Sentence, term
from parity.io.errors import MAX_PROBLEMS, InputFileError, Problem

#: The context a line may carry besides its text, all optional strings.
CONTEXT_KEYS = ("question", "party", "about", "label")


@dataclass(frozen=True)
class Statement:
    id: str
    text: str
    question: str | None = None
    party: str | None = None
    about: str | None = None
    label: str | None = None

    def context(self) -> dict[str, str]:
        """The context given with the statement, for the output."""
        return {k: v for k in CONTEXT_KEYS if (v := getattr(self, k)) is not None}


def _problem(name: str, line: int, message: str) -> Problem:
    return Problem(file=name, row=line, column=None, message=message)


def _parse_line(raw: str, name: str, line: int) -> Statement | Problem:
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as error:
        invalid = N_("not valid JSON ({reason}); each line holds one object.")
        return _problem(name, line, Sentence(invalid, reason=error.msg))
    if not isinstance(value, dict):
        not_object = N_('each line must be a JSON object such as {{"text": "..."}}.')
        return _problem(name, line, Sentence(not_object))
    text = value.get("text")
    if not isinstance(text, str):
        return _problem(name, line, term(N_('the object has no "text" string to classify.')))
    ident = value.get("id", line)
    if not isinstance(ident, str | int):
        return _problem(name, line, term(N_('"id" must be a string or a whole number.')))
    context = {key: value.get(key) for key in CONTEXT_KEYS}
    for key, given in context.items():
        if given is not None and not isinstance(given, str):
            return _problem(name, line, Sentence(N_('"{key}" must be a string.'), key=key))
    question = context["question"]
    if question is not None and question not in TEXT_COLUMNS:
        wrong = N_('"question" is {question}; it must be one of {choices}.')
        choices = ", ".join(TEXT_COLUMNS)
        return _problem(name, line, Sentence(wrong, question=repr(question), choices=choices))
    return Statement(id=str(ident), text=text, **context)


def read_jsonl(lines: Iterable[str], name: str) -> list[Statement]:
    """Statements from JSON Lines; blank lines are skipped; ids default to the line number."""
    statements: list[Statement] = []
    problems: list[Problem] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        parsed = _parse_line(raw, name, number)
        if isinstance(parsed, Problem):
            problems.append(parsed)
        else:
            statements.append(parsed)
    if problems:
        raise InputFileError(problems[:MAX_PROBLEMS], total=len(problems))
    return statements


def read_lines(lines: Iterable[str]) -> list[Statement]:
    """Plain text, one statement per non-blank line, numbered from 1."""
    return [
        Statement(id=str(number), text=raw.rstrip("\n"))
        for number, raw in enumerate(lines, start=1)
        if raw.strip()
    ]
