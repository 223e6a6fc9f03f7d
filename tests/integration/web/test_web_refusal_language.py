"""A refusal speaks the reader's language: the same sentence is German on a German page and
English through the API, whatever language the caller's browser or cookie asks for. The
problems of an imported file, read by :mod:`parity.io` without Django, are German on a German
page too, with the words that locate them ("Zeile 3, Spalte scope")."""

from __future__ import annotations

from html import unescape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from tests.integration.web.builders import World
from tests.integration.web.survey_builders import make_round

from parity.web.orgs.models import Relationship
from parity.web.surveys.models import Round

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.5"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}
#: A relationships file with three problems: two found by the file's reader (a scope, the same
#: party twice) and one by the organization's rules (a tab inside the label).
BAD_RELATIONSHIPS = (
    "party_a,party_b,label,scope\n"
    "Finance,IT,partner,internal\n"
    "HR,Legal,partner,sideways\n"
    "HR,HR,partner,internal\n"
    'Legal,IT,"strategic\tpartner",internal\n'
)


def _upload(client: Client, text: str, **headers: str) -> str:
    upload = SimpleUploadedFile("map.csv", text.encode("utf-8"), content_type="text/csv")
    response = client.post(
        reverse("orgs:import", args=["org-a"]), {"kind": "relationships", "file": upload}, **headers
    )
    assert response.status_code == 400
    return unescape(response.content.decode())


def test_the_problems_of_an_import_are_german_on_a_german_page(
    world: World, facilitator: Client
) -> None:
    page = _upload(facilitator, BAD_RELATIONSHIPS, **GERMAN)
    assert "Nichts wurde importiert: 3 Probleme in der Datei" in page
    assert (
        "map.csv, Zeile 3, Spalte scope: „sideways“ ist kein Geltungsbereich; verwenden Sie "
        "„internal“ oder „external“, oder lassen Sie die Zelle leer."
    ) in page
    assert "map.csv, Zeile 4, Spalte party_b: „HR“ ist auch party_a" in page
    assert (
        "map.csv, Zeile 5, Spalte label: Die Bezeichnung enthält einen Zeilenumbruch, "
        "Tabulator oder ein anderes Steuerzeichen (ein Tabulator)"
    ) in page
    for english in ("row 3", "column scope", "is not a scope", "The label contains"):
        assert english not in page
    assert Relationship.objects.count() == 1


def test_the_same_problems_stay_english_on_an_english_page(
    world: World, facilitator: Client
) -> None:
    page = _upload(facilitator, BAD_RELATIONSHIPS, **ENGLISH)
    assert "Nothing was imported: 3 problems in the file" in page
    assert (
        'map.csv, row 3, column scope: "sideways" is not a scope; use "internal" or "external", '
        "or leave the cell empty."
    ) in page
    assert "map.csv, row 5, column label: The label contains a line break, tab" in page


def test_the_refused_label_is_english_through_the_api_even_for_a_german_caller(
    world: World, facilitator: Client
) -> None:
    facilitator.post(reverse("set_language"), {"language": "de", "next": "/"})
    refused = facilitator.post(
        "/api/orgs/org-a/relationships",
        {"party_a_id": world.it.pk, "party_b_id": world.sales.pk, "label": "strategic\tpartner"},
        content_type="application/json",
        **GERMAN,
    )
    assert refused.status_code == 422
    said = refused.content.decode()
    assert "The label contains a line break, tab or other control character (a tab)" in said
    assert "Bezeichnung" not in said


def _invite(client: Client, found: Round, world: World, **headers: str) -> str:
    side = f"{world.relationship.pk}-{world.it.pk}"
    response = client.post(
        reverse("surveys:round-invite", args=["org-a", found.pk]),
        {"send": "1", "mail-side": side, "mail-emails": "ann@example.org"},
        **headers,
    )
    return unescape(response.content.decode())


def test_a_round_refusal_is_german_on_the_page_and_english_through_the_api(
    world: World, facilitator: Client
) -> None:
    found = make_round(world.org_a, [world.relationship])
    _invite(facilitator, found, world, **GERMAN)
    page = _invite(facilitator, found, world, **GERMAN)
    assert "Bereits zu dieser Runde eingeladen: ann@example.org." in page
    assert "Already invited" not in page
    facilitator.post(reverse("set_language"), {"language": "de", "next": "/"})
    refused = facilitator.post(
        f"/api/orgs/org-a/rounds/{found.pk}/invitations/emails",
        {
            "relationship_id": world.relationship.pk,
            "party_id": world.it.pk,
            "emails": ["ann@example.org"],
        },
        content_type="application/json",
        **GERMAN,
    )
    assert refused.status_code == 409
    assert refused.json() == {"detail": "Already invited to this round: ann@example.org."}
