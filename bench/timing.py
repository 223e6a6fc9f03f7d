"""What the benchmarks share: timing a whole process, and finding the `parity` command."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


def timed(command: list[str]) -> float:
    """Wall-clock seconds of one whole process, output discarded."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def parity_command() -> str:
    """The `parity` console script of the environment running the benchmark."""
    return str(Path(sys.executable).with_name("parity"))
