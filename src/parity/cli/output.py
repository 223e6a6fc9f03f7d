"""Where a command's text goes: standard output, or the file given with ``--output``."""

from __future__ import annotations

import sys
from collections.abc import Iterable
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


def write_parts(parts: Iterable[bytes], output: Path | None) -> None:
    """UTF-8 ``parts`` one after the other, where :func:`write_output` writes a text: a large
    document is never held whole."""
    if output is None:
        sys.stdout.flush()
        stream = sys.stdout.buffer
        for part in parts:  # one write each: writelines bypasses a wrapper's own write
            stream.write(part)
        stream.flush()
        return
    with output.open("wb") as handle:
        handle.writelines(parts)
    stderr().print(f"Wrote {output}.")
