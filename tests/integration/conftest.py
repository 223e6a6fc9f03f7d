"""Fixtures for running Parity as its users do: the CLI on files in a temporary folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from parity.cli.main import cli
from parity.cli.running import write_demo_data


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo organization written as an analyst would receive it."""
    return write_demo_data(tmp_path_factory.mktemp("demo"), seed=7)


@pytest.fixture
def run() -> Callable[..., Result]:
    def invoke(*args: str) -> Result:
        return CliRunner().invoke(cli, list(args), catch_exceptions=False, env={"COLUMNS": "240"})

    return invoke
