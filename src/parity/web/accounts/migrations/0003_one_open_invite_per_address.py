"""One open invitation per address and organization: older duplicates are withdrawn first."""

import django.db.models.functions.text
from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def withdraw_older_duplicates(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Keep the newest open invitation of each address (its link is the one last mailed)."""
    invite_model = apps.get_model("accounts", "Invite")
    seen: set[tuple[int, str]] = set()
    older = []
    open_invites = invite_model.objects.filter(accepted_at__isnull=True)
    for invite in open_invites.order_by("-created_at", "-pk"):
        key = (invite.organization_id, invite.email.strip().lower())
        if key in seen:
            older.append(invite.pk)
        seen.add(key)
    invite_model.objects.filter(pk__in=older).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_owner_role_and_api_tokens"),
    ]

    operations = [
        migrations.RunPython(withdraw_older_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="invite",
            constraint=models.UniqueConstraint(
                models.F("organization"),
                django.db.models.functions.text.Lower("email"),
                condition=models.Q(("accepted_at__isnull", True)),
                name="one_open_invite_per_address",
            ),
        ),
    ]
