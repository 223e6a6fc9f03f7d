"""`parity serve` and `parity manage` as a user calls them (without starting a server)."""

from __future__ import annotations

import os

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
