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


@pytest.mark.django_db(transaction=True)
def test_rounds_made_before_they_recorded_their_facts_are_back_filled() -> None:
    """Migrating to ``surveys.0006`` records, for an existing round, what it asks about as the
    map stands: the two parties' names, the label, the scope, the instrument and thresholds."""
    from django.db.migrations.executor import MigrationExecutor

    before = [("surveys", "0005_respondent_attributes"), ("orgs", "0002_owner_role")]
    after = [("surveys", "0006_round_records_what_it_asked")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    org = old.get_model("orgs", "Organization").objects.create(name="Old", slug="old")
    party = old.get_model("orgs", "Party")
    it = party.objects.create(organization=org, name="IT", function="it")
    sales = party.objects.create(organization=org, name="Sales", function="sales")
    pair = old.get_model("orgs", "Relationship").objects.create(
        organization=org, party_a=it, party_b=sales, label="partner", scope="internal"
    )
    made = old.get_model("surveys", "Round").objects.create(
        organization=org,
        name="Spring",
        opens_at="2025-03-01T09:00Z",
        closes_at="2025-03-15T09:00Z",
        instrument="TPI-1",
    )
    made.relationships.set([pair])
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
    asked = new.get_model("surveys", "Round").objects.get(pk=made.pk).asked
    (facts,) = asked["relationships"]
    assert facts["party_a"]["name"] == "IT"
    assert facts["party_b"]["name"] == "Sales"
    assert (facts["label"], facts["scope"]) == ("partner", "internal")
    assert asked["instrument"]["id"] == "TPI-1"
    assert asked["instrument"]["version"]
    assert asked["thresholds"] == {"score": org.score_threshold, "text": org.text_threshold}
    assert asked["party_names"] == ["IT", "Sales"]
