"""E-mail invitations are mailed by the background worker: ``mailed_at`` says which went out.

The invitations made before this change were mailed as they were made, so they are marked as
mailed at their making; otherwise the worker would mail them a second time.
"""

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import F


def mark_mailed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """The e-mail invitations made so far went out as they were made."""
    invitation = apps.get_model("surveys", "Invitation")
    invitation.objects.filter(kind="email").update(mailed_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0008_round_reminded_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="mailed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(mark_mailed, migrations.RunPython.noop),
    ]
