"""Django's management commands for Parity (`parity manage ...` or `python -m parity.web`)."""

from __future__ import annotations

import os
from collections.abc import Sequence


def run(args: Sequence[str], prog: str = "parity manage") -> None:
    """Run the management command in ``args`` (e.g. ``["migrate"]``) with Parity's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parity.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([prog, *args])
