"""Each round records what it asks about (``Round.asked``); existing rounds are back-filled from
the map as it stands when the migration runs, which is the best record there is of them."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models


def _party(party: Any) -> dict[str, Any]:
    return {"id": party.pk, "name": party.name, "kind": party.kind, "function": party.function}


def back_fill(apps: Any, schema_editor: Any) -> None:
    from parity.core import instrument as instruments

    Round = apps.get_model("surveys", "Round")
    Party = apps.get_model("orgs", "Party")
    for round_ in Round.objects.select_related("organization").iterator():
        organization = round_.organization
        relationships = round_.relationships.select_related("party_a", "party_b").order_by("pk")
        try:
            reference = instruments.shipped_instrument(round_.instrument).reference()
        except instruments.InstrumentError:
            reference = {"id": str(round_.instrument), "version": ""}
        names = Party.objects.filter(organization=organization).values_list("name", flat=True)
        round_.asked = {
            "version": 1,
            "relationships": [
                {
                    "id": r.pk,
                    "party_a": _party(r.party_a),
                    "party_b": _party(r.party_b),
                    "label": r.label,
                    "scope": r.scope,
                }
                for r in relationships
            ],
            "party_names": sorted(names),
            "instrument": reference,
            "thresholds": {
                "score": round_.score_threshold or organization.score_threshold,
                "text": round_.text_threshold or organization.text_threshold,
            },
        }
        round_.save(update_fields=["asked"])


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_owner_role"),
        ("surveys", "0005_respondent_attributes"),
    ]

    operations = [
        migrations.AddField(
            model_name="round",
            name="asked",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.RunPython(back_fill, migrations.RunPython.noop),
    ]
