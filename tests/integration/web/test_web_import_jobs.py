"""A large import is saved by the background worker: the confirmation answers at once with the
import's page, which says what was saved, or why nothing was (docs/self-hosting.md,
"Background work"). The test settings run tasks in the request (the immediate backend)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.integration.web.builders import World

from parity.web.orgs import import_jobs
from parity.web.orgs.importing import ImportPlan, NewRelationship
from parity.web.orgs.models import ImportJob, Membership, Party, Relationship, Role

MAP = "party_a,party_b,label,scope\nTreasury,IT,partner,internal\nTreasury,Sales,supplier,\n"


@pytest.fixture(autouse=True)
def _small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three rows (a party, two relationships) count as large here."""
    monkeypatch.setattr(import_jobs, "SAVED_IN_REQUEST", 2)


def _confirm(client: Client, text: str = MAP) -> str:
    upload = SimpleUploadedFile("map.csv", text.encode(), content_type="text/csv")
    client.post(reverse("orgs:import", args=["org-a"]), {"kind": "relationships", "file": upload})
    done = client.post(reverse("orgs:import-preview", args=["org-a"]))
    assert done.status_code == 302
    return str(done["Location"])


def test_a_large_import_is_saved_by_the_worker_in_the_facilitators_name(
    world: World, facilitator: Client
) -> None:
    page = _confirm(facilitator)
    job = ImportJob.objects.get()
    assert page == reverse("orgs:import-job", args=["org-a", job.pk])
    assert (job.finished_at is not None, job.failure) == (True, "")
    text = facilitator.get(page).content.decode()
    assert "Imported." in text
    assert "From map.csv: added 1 party, added 2 relationships." in text
    assert 'http-equiv="refresh"' not in text  # done: it stops looking
    treasury = Party.objects.get(organization=world.org_a, name="Treasury")
    assert Relationship.objects.filter(party_a=treasury).count() == 2
    made = LogEntry.objects.get_for_object(treasury).get()
    assert made.actor == world.facilitator


def test_a_waiting_import_looks_again_and_says_when_no_worker_may_run(
    world: World, facilitator: Client
) -> None:
    plan = ImportPlan("map.csv", (), (NewRelationship("IT", "Sales", "partner", "internal"),))
    job = ImportJob.objects.create(
        organization=world.org_a,
        requested_by=world.facilitator,
        plan=plan.to_json(),
        requested_at=timezone.now(),
    )
    url = reverse("orgs:import-job", args=["org-a", job.pk])
    text = facilitator.get(url).content.decode()
    assert 'http-equiv="refresh"' in text
    assert "Saving the import." in text
    assert "may not be running" not in text
    ImportJob.objects.filter(pk=job.pk).update(requested_at=timezone.now() - timedelta(minutes=5))
    assert "may not be running" in facilitator.get(url).content.decode()


def test_an_organization_changed_meanwhile_gets_nothing_saved_and_is_told(
    world: World, facilitator: Client
) -> None:
    upload = SimpleUploadedFile("map.csv", MAP.encode(), content_type="text/csv")
    facilitator.post(
        reverse("orgs:import", args=["org-a"]), {"kind": "relationships", "file": upload}
    )
    Party.objects.create(organization=world.org_a, name="Treasury")  # added meanwhile
    page = facilitator.post(reverse("orgs:import-preview", args=["org-a"]))["Location"]
    text = facilitator.get(page).content.decode()
    assert "Nothing was imported." in text
    assert "The organization changed since the preview" in text
    assert not Relationship.objects.filter(party_a__name="Treasury").exists()
    assert not Relationship.objects.filter(party_b__name="Treasury").exists()


def _queued_import(world: World, language: str = "en") -> ImportJob:
    """The facilitator's confirmed import of the pair org A had (removed since), queued."""
    plan = ImportPlan("map.csv", (), (NewRelationship("IT", "Sales", "partner", "internal"),))
    Relationship.objects.all().delete()
    return ImportJob.objects.create(
        organization=world.org_a,
        requested_by=world.facilitator,
        plan=plan.to_json(),
        language=language,
        requested_at=timezone.now(),
    )


def test_whoever_lost_the_right_to_edit_meanwhile_gets_nothing_saved(world: World) -> None:
    job = _queued_import(world, "de")
    Membership.objects.filter(user=world.facilitator, organization=world.org_a).update(
        role=Role.VIEWER
    )
    import_jobs.save_import.call(job.pk)
    job.refresh_from_db()
    assert job.finished_at is not None
    assert "Nichts wurde importiert" in job.failure  # told in the page's language
    assert not Relationship.objects.exists()


def test_another_organizations_member_cannot_see_an_import(
    world: World, facilitator: Client, outsider: Client, viewer: Client
) -> None:
    page = _confirm(facilitator)
    assert outsider.get(page).status_code == 404
    assert viewer.get(page).status_code == 403
    job = ImportJob.objects.get()
    other = reverse("orgs:import-job", args=["org-b", job.pk])
    assert outsider.get(other).status_code == 404  # not org B's import


def test_finished_imports_are_forgotten_after_a_day(world: World, facilitator: Client) -> None:
    _confirm(facilitator)
    job = ImportJob.objects.get()
    assert import_jobs.forget_old_imports(now=job.finished_at + timedelta(hours=23)) == 0
    assert import_jobs.forget_old_imports(now=job.finished_at + timedelta(hours=25)) == 1
    assert not ImportJob.objects.exists()


def test_a_small_import_is_still_saved_in_the_request(
    world: World, facilitator: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_jobs, "SAVED_IN_REQUEST", 3)
    assert _confirm(facilitator) == reverse("orgs:detail", args=["org-a"])
    assert not ImportJob.objects.exists()
    assert Relationship.objects.filter(party_a__name="Treasury").count() == 2


def test_whoever_left_the_organization_meanwhile_gets_nothing_saved(world: World) -> None:
    job = _queued_import(world)
    Membership.objects.filter(user=world.facilitator, organization=world.org_a).delete()
    import_jobs.save_import.call(job.pk)
    job.refresh_from_db()
    assert job.failure.startswith("Nothing was imported: whoever confirmed it")
    assert not Relationship.objects.exists()
