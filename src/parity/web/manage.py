"""Django's management commands for Parity (`parity manage ...` or `python -m parity.web`)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def run(args: Sequence[str], prog: str = "parity manage") -> None:
    """Run the management command in ``args`` (e.g. ``["migrate"]``) with Parity's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parity.web.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    try:
        execute_from_command_line([prog, *args])
    except ImproperlyConfigured as error:
        _stop(str(error))
    except OperationalError:
        # A command that needed the database: one sentence if it cannot be reached at all.
        from parity.web.reachable import database_problem

        problem = database_problem()
        if problem is None:
            raise
        _stop(problem)


def _stop(sentence: str) -> None:
    """The problem on stderr, as the other commands say it, and exit code 2."""
    sys.stderr.write(f"{sentence}\n")
    raise SystemExit(2)
