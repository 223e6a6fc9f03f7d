"""Upgrading an install whose organizations have duplicate open invitations: the newest of each
address is kept, and from then on the database refuses a second one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("accounts", "0002_owner_role_and_api_tokens")]
AFTER = [("accounts", "0003_one_open_invite_per_address")]


@pytest.mark.django_db(transaction=True)
def test_older_duplicates_are_withdrawn_on_upgrade() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    organization = apps.get_model("orgs", "Organization").objects.create(name="Org", slug="org")
    invite = apps.get_model("accounts", "Invite")
    now = timezone.now()

    def make(email: str, token: str, accepted: bool = False) -> int:
        row = invite.objects.create(
            organization_id=organization.pk,
            email=email,
            token_hash=token,
            expires_at=now + timedelta(days=7),
            accepted_at=now if accepted else None,
        )
        return int(row.pk)

    make("nina@example.org", "a" * 64)
    newest = make("NINA@example.org", "b" * 64)
    used = make("nina@example.org", "c" * 64, accepted=True)
    other = make("olga@example.org", "d" * 64)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    invite = apps.get_model("accounts", "Invite")
    assert set(invite.objects.values_list("pk", flat=True)) == {newest, used, other}
    with pytest.raises(IntegrityError), transaction.atomic():
        make("Nina@Example.org", "e" * 64)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
