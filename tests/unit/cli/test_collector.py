"""The command line and the server's workers collect Python's garbage less often than Python's
default, for the large analyses they keep (parity.collector, docs/method.md §8)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from parity.cli import main as cli_main
from parity.collector import YOUNG_GENERATION, for_large_analyses


@pytest.fixture
def python_default() -> Iterator[None]:
    """Python's own thresholds during the test, whatever they were before and after."""
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


@pytest.mark.usefixtures("python_default")
def test_only_the_youngest_generation_changes() -> None:
    for_large_analyses()
    assert gc.get_threshold() == (YOUNG_GENERATION, 10, 10)


@pytest.mark.usefixtures("python_default")
def test_the_command_line_sets_it_before_any_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["parity", "--help"])
    with pytest.raises(SystemExit):
        cli_main.main()
    assert gc.get_threshold()[0] == YOUNG_GENERATION


def test_the_server_application_sets_it_when_loaded(tmp_path: Path) -> None:
    """A worker of `parity serve` loads ``parity.web.wsgi``: in a fresh interpreter, loading it
    is enough."""
    code = (
        "import gc; assert gc.get_threshold()[0] == 700;"
        "import parity.web.wsgi; print(gc.get_threshold()[0])"
    )
    env = {**os.environ, "PARITY_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, env=env
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == str(YOUNG_GENERATION)
