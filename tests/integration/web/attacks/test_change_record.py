"""The record of changes, read by someone holding the database: it must tell who reshaped an
organization, and nothing of who was asked, who answered or what they said.

The attacker reads every row of auditlog's tables after a round has run its whole course:
e-mailed and printed invitations, answers with comments, a draft saved and never sent, the
round closed and released, the map and the members changed along the way.
"""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test import Client
from tests.integration.web.attacks.kit import PARTNER, Scene, answer
from tests.integration.web.builders import World

from parity.web.surveys.models import Round

pytestmark = pytest.mark.usefixtures("transactional_db")

ADDRESSES = [f"respondent.{k}@people.example" for k in range(4)]
COMMENT = "COMMENT-5d1e-we-are-treated-as-a-service-desk"
DRAFT = "DRAFT-9a7c-i-never-sent-this"


def _log_rows() -> list[str]:
    """Every row of every table auditlog keeps, as text."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if not table.startswith("auditlog_"):
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows.extend(" ".join(str(cell) for cell in row) for row in cursor.fetchall())
    return rows


def test_the_record_holds_no_respondent_no_answer_and_no_link(
    world: World, facilitator: Client
) -> None:
    scene = Scene.open(facilitator, "org-a", world.relationship, name="Leaky round")
    links = scene.email_links(world.it, ADDRESSES)
    codes = scene.codes(world.sales, 3)
    for link in list(links.values())[:3]:
        answer(link, PARTNER, {"comment": COMMENT})
    answer(list(links.values())[3], PARTNER, {"comment": DRAFT}, save_at_end=True)
    for link in codes:
        answer(link, PARTNER, {"comment": COMMENT})
    renamed = facilitator.post(
        f"/orgs/org-a/parties/{world.it.pk}/edit/",
        {"name": "IT desk", "kind": "department", "function": "it"},
    )
    assert renamed.status_code == 302
    scene.close()
    scene.release()

    rows = _log_rows()
    assert any("Leaky round" in row for row in rows), "the round is recorded"
    secrets = [*ADDRESSES, COMMENT, DRAFT]
    secrets += [link.strip("/").rsplit("/", 1)[-1] for link in [*links.values(), *codes]]
    leaked = sorted({secret for secret in secrets for row in rows if secret in row})
    assert leaked == [], f"the record of changes holds respondent data: {leaked}"
    recorded = set(LogEntry.objects.values_list("content_type__model", flat=True))
    assert recorded <= {"organization", "party", "relationship", "membership", "round"}
    round_ = Round.objects.get(name="Leaky round")
    # The moment of the first answer (when a round's thresholds are fixed) is not recorded.
    for entry in LogEntry.objects.get_for_object(round_):
        assert not {"score_threshold", "text_threshold", "attributes"} & set(entry.changes_dict)
