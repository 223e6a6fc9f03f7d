"""Where a command's text goes: standard output, or the file given with ``--output``."""

from __future__ import annotations

from pathlib import Path

import click

from parity.cli.failure import stderr


def write_output(text: str, output: Path | None) -> None:
    """``text`` to standard output, or to ``output`` with a line on standard error saying so
    (standard output stays clean for a pipe)."""
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    stderr().print(f"Wrote {output}.")
