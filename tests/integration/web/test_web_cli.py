"""`parity serve` and `parity manage` as a user calls them (without starting a server)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from parity.cli.main import cli
from parity.cli.serve_command import _allow_host


def test_serve_documents_its_options() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--workers", "--no-demo"):
        assert option in result.output


@pytest.mark.django_db
def test_manage_passes_through_to_django() -> None:
    result = CliRunner().invoke(cli, ["manage", "check"])
    assert result.exit_code == 0, result.output


def test_a_named_host_is_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARITY_ALLOWED_HOSTS", raising=False)
    _allow_host("parity.intranet")
    assert os.environ["PARITY_ALLOWED_HOSTS"].endswith(",parity.intranet")


def test_a_refused_setting_is_one_sentence(tmp_path: Path) -> None:
    """A bad environment stops `parity serve` before it listens, with the variable named."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= {"PARITY_DATA_DIR": str(tmp_path), "PARITY_STANCE_READER": "clever"}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from parity.cli.main import main; main()",
            "serve",
            "--port",
            "65001",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "Parity cannot start with these settings." in done.stderr
    assert "PARITY_STANCE_READER must be one of light, embeddings, not 'clever'." in done.stderr
    assert "Traceback" not in done.stderr
