"""A round names the instrument it asks; a response keeps its rated items as one ``answers``
map from the instrument's item field names to the answers, instead of a column per TPI-1 item,
so a new instrument needs no new columns. Existing answers are copied over, then the columns
and their 1-7 checks (now made from the instrument's scale when a ballot is mixed) go."""

from typing import Any

from django.db import migrations, models

import parity.web.surveys.models

#: TPI-1's items as the columns stood before this migration.
TPI1_FIELDS = (
    "out1", "out2", "stk1", "stk2", "com1", "com2", "alt1", "alt2", "need1", "need2", "oneed1",
    "val1", "val2", "voi1", "voi2", "def1", "def2", "dir1", "dir2", "trx1", "trx2",
    "trs1", "trs2", "trs3",
)  # fmt: skip


def columns_to_answers(apps: Any, schema_editor: Any) -> None:
    Response = apps.get_model("surveys", "Response")
    for response in Response.objects.all().iterator():
        values = {f: getattr(response, f) for f in TPI1_FIELDS}
        response.answers = {f: v for f, v in values.items() if v is not None}
        response.save(update_fields=["answers"])


def answers_to_columns(apps: Any, schema_editor: Any) -> None:
    Response = apps.get_model("surveys", "Response")
    for response in Response.objects.all().iterator():
        for field in TPI1_FIELDS:
            setattr(response, field, response.answers.get(field))
        response.save(update_fields=list(TPI1_FIELDS))


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_ballot_box_and_sealing"),
    ]

    operations = [
        migrations.AddField(
            model_name="round",
            name="instrument",
            field=models.CharField(
                choices=parity.web.surveys.models.instrument_choices,
                default="TPI-1",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="response",
            name="answers",
            field=models.JSONField(default=dict),
        ),
        migrations.RunPython(columns_to_answers, answers_to_columns),
        *(
            migrations.RemoveConstraint(
                model_name="response", name=f"surveys_response_{field}_1_to_7"
            )
            for field in TPI1_FIELDS
        ),
        *(migrations.RemoveField(model_name="response", name=field) for field in TPI1_FIELDS),
    ]
