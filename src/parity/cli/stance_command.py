"""`parity stance`: the stance, feelings and traits in statements, with the evidence."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click
from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:
    from parity.core.language.stance import StanceReading
    from parity.io.statements import Statement

STANCE_STYLE = {
    "servant": "bold yellow",
    "master": "bold magenta",
    "provider": "cyan",
    "customer": "blue",
    "partner": "bold green",
    "adversary": "bold red",
    "neutral": "dim",
}


def _statements(
    texts: tuple[str, ...], jsonl: str | None, question: str | None = None
) -> list[Statement]:
    """The statements to read; ``question`` applies to statements given without one."""
    from dataclasses import replace

    found = _given(texts, jsonl)
    if question is None:
        return found
    return [s if s.question else replace(s, question=question) for s in found]


def _given(texts: tuple[str, ...], jsonl: str | None) -> list[Statement]:
    from parity.io.statements import Statement, read_jsonl, read_lines

    if texts:
        return [Statement(id=str(i), text=t) for i, t in enumerate(texts, start=1)]
    if jsonl == "-":
        return read_jsonl(sys.stdin, "<stdin>")
    if jsonl is not None:
        path = Path(jsonl)
        try:
            with path.open(encoding="utf-8-sig") as handle:
                return read_jsonl(handle, path.name)
        except (OSError, UnicodeDecodeError) as error:
            message = f"{path.name}: cannot be read as UTF-8 text ({error})."
            raise click.UsageError(message) from error
    if sys.stdin.isatty():
        raise click.UsageError("Give a statement, --jsonl FILE, or pipe text in (one per line).")
    return read_lines(sys.stdin)


def reading_dict(statement: Statement, reading: StanceReading) -> dict[str, Any]:
    from parity.core.language.feelings import read_feelings

    feelings = read_feelings(statement.text)
    out: dict[str, Any] = {"id": statement.id, **reading.as_dict()}
    if statement.context():
        out["context"] = statement.context()
    out["feelings"] = [
        {"name": f.name, "polarity": f.polarity, "evidence": [s.phrase for s in f.evidence]}
        for f in feelings.feelings
    ]
    out["traits"] = [
        {"name": t.name, "polarity": t.polarity, "evidence": [s.phrase for s in t.evidence]}
        for t in feelings.traits
    ]
    return out


def _highlighted(text: str, reading: StanceReading) -> Text:
    shown = Text(text)
    for evidence in reading.evidence:
        shown.stylize("bold underline", evidence.start, evidence.end)
    return shown


def _print_reading(
    console: Console, data: dict[str, Any], reading: StanceReading, text: str
) -> None:
    if reading.clear:
        label = Text(f"{reading.label}", style=STANCE_STYLE[reading.label])
    else:
        label = Text("unclear", style="dim")
        label.append(" (best guess: ")
        label.append(reading.label, style=STANCE_STYLE[reading.label])
        label.append(")")
    label.append(f"  confidence {reading.confidence:.2f}", style="dim")
    console.print(label)
    console.print(_highlighted(text, reading))
    if reading.evidence:
        phrases = ", ".join(
            f"'{e.phrase}'" + (" (negated)" if e.negated else "") for e in reading.evidence[:5]
        )
        console.print(f"  because of {phrases}", style="dim", highlight=False)
    for key in ("traits", "feelings"):
        if data[key]:
            words = ", ".join(
                f"{item['name']} ({'+' if item['polarity'] > 0 else '−'})" for item in data[key]
            )
            console.print(f"  {key}: {words}", highlight=False)
    console.print()


#: Statements are read in batches: the embeddings reader encodes a batch at once (sorted by
#: length inside it, so a larger batch pads less), and output starts before a long file ends.
BATCH = 1024


def run_stance(
    texts: tuple[str, ...],
    jsonl: str | None,
    fmt: str,
    out: TextIO,
    reader: str = "light",
    question: str | None = None,
) -> None:
    from parity.cli.progress import steps
    from parity.core.language.stance import classify_many

    statements = _statements(texts, jsonl, question)
    console = Console(file=out) if fmt == "table" else None
    with steps(len(statements), "Reading the statements") as done:
        for first in range(0, len(statements), BATCH):
            batch = statements[first : first + BATCH]
            readings = classify_many([s.text for s in batch], reader, [s.question for s in batch])
            for statement, reading in zip(batch, readings, strict=True):
                data = reading_dict(statement, reading)
                if console is None:
                    out.write(json.dumps(data, ensure_ascii=False) + "\n")
                else:
                    _print_reading(console, data, reading, statement.text)
            done.advance(len(batch))
