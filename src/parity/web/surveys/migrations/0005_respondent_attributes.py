"""The respondent attributes a round asks (role, level, location, tenure, each with its
choices) and, on a response, those its respondent gave (parity.web.surveys.attributes)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0004_time_taken_and_keep_flagged"),
    ]

    operations = [
        migrations.AddField(
            model_name="round",
            name="attributes",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name="response",
            name="attributes",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
    ]
