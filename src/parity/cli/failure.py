"""How a command stops on bad input: the problem in words on stderr, and exit code 2.

One home for it, so every command (and the helpers they share) fails the same way without
importing the command group (`parity.cli.main`), which imports them.
"""

from __future__ import annotations

import sys
from typing import NoReturn

from rich.console import Console

EXIT_BAD_INPUT = 2


def stderr() -> Console:
    return Console(stderr=True)


def fail(title: str, detail: str) -> NoReturn:
    """Print ``title`` and ``detail`` for the user and exit with :data:`EXIT_BAD_INPUT`."""
    console = stderr()
    console.print(f"[bold red]{title}[/]")
    console.print(detail, highlight=False, markup=False, soft_wrap=True)
    sys.exit(EXIT_BAD_INPUT)
