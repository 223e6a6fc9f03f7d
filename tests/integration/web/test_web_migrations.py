"""Migrations: complete for the models, and applied on this run's database (either engine)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration() -> None:
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_the_tables_exist() -> None:
    tables = set(connection.introspection.table_names())
    expected = {"orgs_organization", "orgs_relationship", "surveys_response", "accounts_invite"}
    assert expected <= tables


def test_the_deploy_checks_pass_behind_https(tmp_path: object) -> None:
    """With PARITY_HTTPS=1 only the two HSTS choices left to the operator remain."""
    env = {**os.environ, "PARITY_HTTPS": "1", "PARITY_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "parity.web", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    warnings = {line.split()[1] for line in result.stderr.splitlines() if "(security." in line}
    assert warnings <= {"(security.W005)", "(security.W021)"}
