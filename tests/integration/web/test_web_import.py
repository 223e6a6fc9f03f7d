"""Importing from CSV: a preview, then all or nothing; errors name the file, row and column."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.receivers import log_create
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.integration.web.builders import World, make_party, make_relationship

from parity.web.orgs import services
from parity.web.orgs.models import Party, Relationship, Role
from parity.web.orgs.tenancy import Tenant
from parity.web.surveys.asked import recorded_asked
from parity.web.surveys.models import Round


def _upload(
    client: Client,
    text: str,
    kind: str = "relationships",
    name: str = "map.csv",
    **choices: str,
) -> str:
    upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    form = {"kind": kind, "file": upload, **choices}
    response = client.post(reverse("orgs:import", args=["org-a"]), form)
    if response.status_code == 302:
        return str(response["Location"])
    return response.content.decode()


def _counts() -> tuple[int, int]:
    return Party.objects.count(), Relationship.objects.count()


def test_relationships_are_previewed_then_saved(world: World, facilitator: Client) -> None:
    text = (
        "party_a,party_b,label,scope\n"
        "Finance,IT,business partner,internal\n"
        "IT,Nimbus,strategic partner,external\n"
    )
    assert _upload(facilitator, text) == reverse("orgs:import-preview", args=["org-a"])
    assert _counts() == (3, 1)
    preview = facilitator.get(reverse("orgs:import-preview", args=["org-a"])).content.decode()
    assert "2 new parties" in preview
    assert "Finance – IT" in preview
    facilitator.post(reverse("orgs:import-preview", args=["org-a"]))
    nimbus = Relationship.objects.get(party_b__name="Nimbus")
    assert (nimbus.label, nimbus.scope, nimbus.party_b.kind) == (
        "strategic partner",
        "external",
        "department",
    )
    assert _counts() == (5, 3)


def test_an_empty_scope_follows_the_parties(world: World, facilitator: Client) -> None:
    Party.objects.create(organization=world.org_a, name="Quayside", kind="outside_firm")
    _upload(facilitator, "party_a,party_b,label,scope\nIT,Quayside,supplier,\nHR,IT,,\n")
    facilitator.post(reverse("orgs:import-preview", args=["org-a"]))
    scopes = dict(Relationship.objects.values_list("party_a__name", "scope"))
    labels = dict(Relationship.objects.values_list("party_a__name", "label"))
    assert (scopes["IT"], scopes["HR"], labels["HR"]) == ("external", "internal", "none")


def test_errors_name_row_and_column_and_nothing_is_saved(world: World, facilitator: Client) -> None:
    text = (
        "party_a,party_b,label,scope\n"
        "Finance,IT,partner,internal\n"
        "HR,Legal,partner,sideways\n"
        "HR,HR,partner,internal\n"
    )
    page = _upload(facilitator, text)
    assert "Nothing was imported: 2 problems in the file" in page
    assert "map.csv, row 3, column scope: &quot;sideways&quot; is not a scope" in page
    assert "map.csv, row 4, column party_b:" in page
    assert _counts() == (3, 1)


def test_any_label_is_taken_as_written(world: World, facilitator: Client) -> None:
    text = (
        "party_a,party_b,label,scope\n"
        "HR,IT,strategic alliance,\n"
        "Finance,IT,  Managed   Service Provider ,\n"
        "Legal,IT,Partner,\n"
    )
    _upload(facilitator, text)
    facilitator.post(reverse("orgs:import-preview", args=["org-a"]))
    labels = dict(Relationship.objects.values_list("party_a__name", "label"))
    assert (labels["HR"], labels["Finance"], labels["Legal"]) == (
        "strategic alliance",
        "Managed Service Provider",
        "partner",
    )


def test_existing_pairs_are_listed_when_refused(world: World, facilitator: Client) -> None:
    text = "party_a,party_b,label,scope\nIT,Sales,supplier,\nIT,HR,vendor,\n"
    page = _upload(facilitator, text, existing="refuse")
    assert (
        "map.csv, row 2: &quot;IT&quot; and &quot;Sales&quot; already have a relationship" in page
    )
    assert _counts() == (3, 1)


def test_every_problem_is_listed_at_once(world: World, facilitator: Client) -> None:
    """The file's own problems (a scope, an empty party) and the organization's (a pair it
    has, a label too long) come in one list, not one wave per upload."""
    text = (
        "party_a,party_b,label,scope\n"
        "IT,Sales,supplier,\n"
        "HR,,partner,\n"
        "HR,Legal,partner,sideways\n"
        f"Finance,Legal,{'x' * 61},\n"
    )
    page = _upload(facilitator, text, existing="refuse")
    assert "4 problems in the file" in page
    assert "row 2: &quot;IT&quot; and &quot;Sales&quot; already have" in page
    assert "row 3, column party_b: the cell is empty" in page
    assert "row 4, column scope: &quot;sideways&quot; is not a scope" in page
    assert "row 5, column label: The label is longer than 60 characters." in page
    assert _counts() == (3, 1)


def test_the_same_file_twice_skips_or_updates_what_it_added(
    world: World, facilitator: Client
) -> None:
    text = "party_a,party_b,label,scope\nFinance,IT,supplier,internal\n"
    _upload(facilitator, text)
    facilitator.post(reverse("orgs:import-preview", args=["org-a"]))
    assert _counts() == (4, 2)

    assert _upload(facilitator, text, existing="skip").endswith("/import/preview/")
    preview = facilitator.get(reverse("orgs:import-preview", args=["org-a"])).content.decode()
    assert "1 row the organization already has is left as it is." in preview
    saved = facilitator.post(reverse("orgs:import-preview", args=["org-a"]), follow=True)
    assert "skipped 1 row it already had" in saved.content.decode()
    assert _counts() == (4, 2)

    edited = "party_a,party_b,label,scope\nIT,Finance,business partner,external\n"
    _upload(facilitator, edited, existing="update")
    preview = facilitator.get(reverse("orgs:import-preview", args=["org-a"])).content.decode()
    assert "1 relationship updated from the file" in preview
    facilitator.post(reverse("orgs:import-preview", args=["org-a"]))
    finance = Relationship.objects.get(party_a__name="Finance")
    assert (finance.label, finance.scope) == ("business partner", "external")
    assert _counts() == (4, 2)


def test_unknown_columns_are_ignored_on_request(world: World, facilitator: Client) -> None:
    text = "party_a,party_b,label,scope,notes\nFinance,IT,supplier,,ask Ana\n"
    refused = _upload(facilitator, text)
    assert "the column &quot;notes&quot; is not a known column" in refused
    assert _upload(facilitator, text, ignore_unknown="on").endswith("/import/preview/")


def test_parties_update_on_request(world: World, facilitator: Client) -> None:
    text = "name,kind,function,description\nIT,department,it,Runs the platforms\n"
    _upload(facilitator, text, kind="parties", existing="update")
    facilitator.post(reverse("orgs:import-preview", args=["org-a"]))
    it = Party.objects.get(pk=world.it.pk)
    assert (it.function, it.description) == ("it", "Runs the platforms")
    refused = _upload(facilitator, text, kind="parties", existing="refuse")
    assert "map.csv, row 2, column name: &quot;IT&quot; is already a party" in refused


def test_a_file_that_is_not_csv_is_explained(world: World, facilitator: Client) -> None:
    upload = SimpleUploadedFile("map.xlsx", b"PK\x03\x04rest", content_type="application/zip")
    page = facilitator.post(
        reverse("orgs:import", args=["org-a"]), {"kind": "relationships", "file": upload}
    ).content.decode()
    assert "map.xlsx: this file is an Excel workbook" in page


def test_a_change_after_the_preview_saves_nothing(world: World, facilitator: Client) -> None:
    _upload(facilitator, "party_a,party_b,label,scope\nFinance,Legal,partner,\nHR,IT,partner,\n")
    make_relationship(Party.objects.create(organization=world.org_a, name="HR"), world.it)
    response = facilitator.post(reverse("orgs:import-preview", args=["org-a"]), follow=True)
    assert "nothing was imported" in response.content.decode()
    assert not world.org_a.parties.filter(name__in=["Finance", "Legal"]).exists()
    assert Relationship.objects.count() == 2


def test_an_update_whose_row_went_meanwhile_saves_nothing(
    world: World, facilitator: Client
) -> None:
    """Updates are saved together, and together refused: a relationship removed between the
    preview and the confirmation leaves the other rows of the file as they were."""
    hr = make_party(world.org_a, "HR")
    gone = make_relationship(hr, world.it)
    text = "party_a,party_b,label,scope\nSales,IT,alliance,\nHR,IT,alliance,\n"
    _upload(facilitator, text, existing="update")
    before = LogEntry.objects.count()
    gone.delete()
    response = facilitator.post(reverse("orgs:import-preview", args=["org-a"]), follow=True)
    assert "nothing was imported" in response.content.decode()
    kept = Relationship.objects.get(pk=world.relationship.pk)
    assert (kept.label, kept.scope) == (world.relationship.label, world.relationship.scope)
    assert LogEntry.objects.count() == before + 1  # the removal's record, no update's


def test_parties_are_imported_with_kind_and_function(world: World, facilitator: Client) -> None:
    text = (
        "name,kind,function,description\n"
        "Legal,department,Legal,Contracts\n"
        "Nimbus,outside firm,it,\n"
        "IT,department,IT,\n"
    )
    _upload(facilitator, text, kind="parties", name="parties.csv")
    preview = facilitator.get(reverse("orgs:import-preview", args=["org-a"])).content.decode()
    assert "2 new parties" in preview
    facilitator.post(reverse("orgs:import-preview", args=["org-a"]))
    nimbus = Party.objects.get(name="Nimbus")
    assert (nimbus.kind, nimbus.function) == ("outside_firm", "it")
    assert Party.objects.get(name="Legal").description == "Contracts"


def test_party_errors_name_row_and_column(world: World, facilitator: Client) -> None:
    text = (
        "name,kind,function\n"
        "Legal,department,Lawyers\n"
        ",department,\n"
        "Audit,agency,\n"
        "Audit,department,\n"
    )
    page = _upload(facilitator, text, kind="parties", name="parties.csv")
    assert "parties.csv, row 2, column function: &quot;Lawyers&quot; is not a function" in page
    assert "parties.csv, row 3, column name: the cell is empty" in page
    assert "parties.csv, row 4, column kind: &quot;agency&quot; is not a kind of party" in page
    assert _counts() == (3, 1)


def test_a_confirm_without_an_upload_goes_back(world: World, facilitator: Client) -> None:
    response = facilitator.post(reverse("orgs:import-preview", args=["org-a"]))
    assert response["Location"] == reverse("orgs:import", args=["org-a"])


def _record_fields(entry: LogEntry) -> dict[str, object]:
    """What a record says, without what differs between any two records (id, time)."""
    fields = [f.name for f in LogEntry._meta.concrete_fields if f.name not in ("id", "timestamp")]
    return {name: getattr(entry, name) for name in fields}


def test_an_import_records_each_new_row_as_auditlog_records_it(
    world: World, facilitator: Client
) -> None:
    """The import saves its rows together and makes their records itself: each record is the
    one auditlog's own receiver makes for the same row, in the same request's context (the
    facilitator as the actor)."""
    before = LogEntry.objects.count()
    _upload(facilitator, "party_a,party_b,label,scope\nTreasury,IT,business partner,internal\n")
    facilitator.post(reverse("orgs:import-preview", args=["org-a"]))
    made = [
        Party.objects.get(name="Treasury"),
        Relationship.objects.get(party_a__name="Treasury"),
    ]
    records = LogEntry.objects.filter(pk__gt=0).order_by("pk")[before:]
    assert [r.object_pk for r in records] == [str(row.pk) for row in made]
    for row, record in zip(made, records, strict=True):
        assert record.actor == world.facilitator
        assert record.action == LogEntry.Action.CREATE
        assert record.additional_data == {"organization": world.org_a.pk}
        with set_actor(world.facilitator):
            log_create(sender=type(row), instance=row, created=True)
        own = LogEntry.objects.get_for_object(row).latest("pk")
        assert own.pk != record.pk
        assert _record_fields(record) == _record_fields(own)


def test_an_import_records_each_updated_row_as_auditlog_records_it(
    world: World, facilitator: Client
) -> None:
    """Rows written over are saved together, and each record is the one auditlog's own
    receiver makes when the same change is saved alone; an unchanged row gets no record."""
    finance = Party.objects.create(organization=world.org_a, name="Finance")
    kept = make_relationship(finance, world.it)
    kept_before = (kept.label, kept.scope)
    old = (world.relationship.label, world.relationship.scope)
    before = LogEntry.objects.count()
    text = (
        "party_a,party_b,label,scope\n"
        "IT,Sales,strategic partner,external\n"
        f"Finance,IT,{kept.label},{kept.scope}\n"
    )
    _upload(facilitator, text, existing="update")
    facilitator.post(reverse("orgs:import-preview", args=["org-a"]))
    changed = Relationship.objects.get(pk=world.relationship.pk)
    assert (changed.label, changed.scope) == ("strategic partner", "external")
    assert (Relationship.objects.get(pk=kept.pk).label, kept.scope) == kept_before
    records = list(LogEntry.objects.filter(pk__gt=0).order_by("pk")[before:])
    assert [(r.object_pk, r.action) for r in records] == [(str(changed.pk), LogEntry.Action.UPDATE)]
    record = records[0]
    assert record.actor == world.facilitator
    # The same change saved alone, through auditlog's own receiver.
    Relationship.objects.filter(pk=changed.pk).update(label=old[0], scope=old[1])
    alone = Relationship.objects.get(pk=changed.pk)
    alone.label, alone.scope = "strategic partner", "external"
    with set_actor(world.facilitator):
        alone.save()
    own = LogEntry.objects.get_for_object(alone).latest("pk")
    assert own.pk != record.pk
    assert _record_fields(record) == _record_fields(own)


def _waiting_round(world: World) -> Round:
    """A round of org A that has not opened yet, asking about its one relationship."""
    waiting = Round.objects.create(
        organization=world.org_a,
        name="Next",
        opens_at=timezone.now() + timedelta(days=2),
        closes_at=timezone.now() + timedelta(days=9),
    )
    waiting.relationships.set([world.relationship])
    return waiting


def test_an_update_brings_the_rounds_not_yet_open_up_to_date(
    world: World, facilitator: Client
) -> None:
    """A round that has not opened asks about the map as it is when it opens: an import's new
    label reaches it, as a label changed on the relationship's page does."""
    waiting = _waiting_round(world)
    assert [r.label for r in recorded_asked(waiting)] == [world.relationship.label]
    _upload(facilitator, "party_a,party_b,label,scope\nIT,Sales,alliance,\n", existing="update")
    facilitator.post(reverse("orgs:import-preview", args=["org-a"]))
    assert [r.label for r in recorded_asked(Round.objects.get(pk=waiting.pk))] == ["alliance"]


def test_a_party_update_reaches_the_rounds_not_yet_open_and_is_recorded(
    world: World, facilitator: Client
) -> None:
    """As a party changed on its page: the round that has not opened asks about the party as
    it is now, and the change is recorded in the facilitator's name."""
    waiting = _waiting_round(world)
    assert {r.party_a.function for r in recorded_asked(waiting)} == {world.sales.function}
    text = "name,kind,function,description\nSales,department,finance,Keeps the books\n"
    _upload(facilitator, text, kind="parties", existing="update")
    facilitator.post(reverse("orgs:import-preview", args=["org-a"]))
    asked = recorded_asked(Round.objects.get(pk=waiting.pk))
    assert [(r.party_a.name, r.party_a.function) for r in asked] == [("Sales", "finance")]
    record = LogEntry.objects.get_for_object(world.sales).latest("pk")
    assert (record.action, record.actor) == (LogEntry.Action.UPDATE, world.facilitator)
    assert record.changes_dict["function"] == [world.sales.function, "finance"]


def test_an_update_previews_only_the_rows_that_change(world: World, facilitator: Client) -> None:
    """A whole map exported, edited in one place and imported again lists that one place."""
    relationship = world.relationship
    text = (
        "party_a,party_b,label,scope\n"
        f"{relationship.party_a.name},{relationship.party_b.name},"
        f"{relationship.label},{relationship.scope}\n"
        "IT,Legal,supplier,internal\n"
    )
    _upload(facilitator, text)
    facilitator.post(reverse("orgs:import-preview", args=["org-a"]))
    edited = text.replace("supplier", "alliance")
    _upload(facilitator, edited, existing="update")
    preview = facilitator.get(reverse("orgs:import-preview", args=["org-a"])).content.decode()
    assert "1 relationship updated from the file" in preview
    assert "1 row the organization already has is left as it is." in preview
    assert "IT – Legal" in preview
    assert f"{relationship.party_a.name} – {relationship.party_b.name}" not in preview
    parties = "name,kind,function,description\nIT,department,other,\nSales,department,hr,\n"
    _upload(facilitator, parties, kind="parties", existing="update")
    preview = facilitator.get(reverse("orgs:import-preview", args=["org-a"])).content.decode()
    assert "1 party updated from the file" in preview
    assert "1 row the organization already has is left as it is." in preview


def test_the_bulk_use_cases_refuse_another_organizations_rows(world: World) -> None:
    """Called with a row of another organization (only a mistake in the code could), the use
    cases change nothing of it."""
    tenant = Tenant(world.org_a, Role.FACILITATOR)
    finance = Party.objects.get(organization=world.org_b, name="Finance")
    theirs = make_relationship(finance, Party.objects.create(organization=world.org_b, name="HR"))
    with pytest.raises(ValueError, match="another organization's"):
        services.relabel_relationships(tenant, [(theirs, "alliance", "external")])
    with pytest.raises(ValueError, match="another organization's"):
        services.describe_parties(tenant, [(finance, "outside_firm", "finance", "Theirs")])
    assert Relationship.objects.get(pk=theirs.pk).label == theirs.label
    assert Party.objects.get(pk=finance.pk).description == finance.description


def test_a_large_import_is_previewed_a_page_at_a_time(world: World, facilitator: Client) -> None:
    rows = "".join(f"Unit {i:03d},Unit {i + 1:03d},partner,internal\n" for i in range(120))
    _upload(facilitator, "party_a,party_b,label,scope\n" + rows)
    url = reverse("orgs:import-preview", args=["org-a"])
    first = facilitator.get(url).content.decode()
    assert "120 new relationships" in first
    assert "Unit 000 – Unit 001" in first
    assert "Unit 050 – Unit 051" not in first  # on the second page
    assert "relationships_page=2" in first
    second = facilitator.get(url, {"relationships_page": 2, "parties_page": 3}).content.decode()
    assert "Unit 050 – Unit 051" in second
    assert "Unit 000 – Unit 001" not in second
    assert "Unit 100 – Unit 101" in facilitator.get(url, {"relationships_page": 3}).content.decode()
    # Each table's links keep the page the other table is on.
    assert "parties_page=3&amp;relationships_page=3" in second
    facilitator.post(url)
    assert Relationship.objects.filter(party_a__name__startswith="Unit ").count() == 120
