"""Where a command's text goes: standard output, or the file given with ``--output``."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from parity.cli.failure import stderr


def write_output(text: str, output: Path | None) -> None:
    """``text`` to standard output, or to ``output`` with a line on standard error saying so
    (standard output stays clean for a pipe)."""
    if output is None:
        click.echo(text, nl=False)
        return
    with written_whole(output, text=True) as handle:
        handle.write(text)
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
    write_whole(parts, output)
    stderr().print(f"Wrote {output}.")


def write_whole(parts: Iterable[bytes], output: Path) -> None:
    """``parts`` into ``output``, whole or not at all (:func:`written_whole`)."""
    with written_whole(output) as handle:
        handle.writelines(parts)


@contextmanager
def written_whole(output: Path, *, text: bool = False) -> Iterator[IO[Any]]:
    """A file to write ``output`` through (UTF-8 text if ``text``), which becomes ``output``
    only when the block ends without an error.

    It is a file beside ``output``, renamed once whole: a failure half-way leaves no truncated
    document (nor an earlier one cut short) under the name asked for. A folder that does not
    exist, or cannot be written, is said in a sentence naming the file, not a traceback."""
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed or removed
            "w" if text else "wb",
            encoding="utf-8" if text else None,
            dir=output.parent,
            prefix=f".{output.name}.",
            suffix=".partial",
            delete=False,
        )
    except OSError as error:
        raise click.FileError(str(output), hint=error.strerror) from error
    try:
        with handle:
            yield handle
        os.chmod(handle.name, 0o666 & ~_umask())  # as a file opened for writing would be
        os.replace(handle.name, output)
    except BaseException as error:
        Path(handle.name).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise click.FileError(str(output), hint=error.strerror) from error
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
