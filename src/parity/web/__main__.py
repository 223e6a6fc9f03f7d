"""``python -m parity.web <command>``: Django's management commands, like ``manage.py``."""

from __future__ import annotations

import sys

from parity.web.manage import run

run(sys.argv[1:], prog="python -m parity.web")
