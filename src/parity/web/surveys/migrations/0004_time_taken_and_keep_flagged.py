"""The time a respondent took, as a coarse duration on the ballot and the response (never a
moment: parity.web.surveys.timing), for the respondent screen's speeders; and a round's choice
to keep the respondents the screen flags in its scores."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0003_answers_of_the_instrument"),
    ]

    operations = [
        migrations.AddField(
            model_name="ballot",
            name="seconds",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="response",
            name="seconds",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="round",
            name="keep_flagged",
            field=models.BooleanField(default=False),
        ),
    ]
