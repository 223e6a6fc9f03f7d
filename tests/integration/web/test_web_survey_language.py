"""The survey in German: it starts in the browser's language, the respondent can switch it both
ways on any page without losing what they typed, and the answers are the same answers in any
language, stored and logged without it (docs/privacy.md)."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from tests.integration.web.builders import World
from tests.integration.web.survey_builders import make_code, make_round

from parity.core.instrument import instrument_in, shipped_instrument
from parity.web.language import SURVEY_LANGUAGE_COOKIE
from parity.web.surveys.answering import find_invitation, open_draft, survey_pages
from parity.web.surveys.models import Ballot, Invitation, Response, Round, item_fields

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.5"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}
ITEM_FIELDS = item_fields(shipped_instrument("TPI-1"))


@pytest.fixture
def survey(world: World) -> Round:
    return make_round(world.org_a, [world.relationship])


def _link(world: World, survey: Round) -> str:
    """A new code for IT's side: IT's members answer about Sales."""
    return reverse("surveys:answer", args=[make_code(survey, world.relationship, world.it)])


@pytest.fixture
def link(world: World, survey: Round) -> str:
    return _link(world, survey)


def _token(link: str) -> str:
    return link.strip("/").rsplit("/", 1)[1]


def _answers(number: int, value: int = 5) -> dict[str, Any]:
    """Page ``number``'s answers: ``value`` for every statement, a line for every question."""
    page = survey_pages()[number - 1]
    data: dict[str, Any] = {field: str(value) for field in page.fields if field in ITEM_FIELDS}
    data.update({q.id: f"Unsere Antwort auf {q.id}." for q in page.questions})
    return data


def _answer_all(client: Client, link: str, **headers: str) -> None:
    count = len(survey_pages())
    for number in range(1, count + 1):
        action = "submit" if number == count else "next"
        response = client.post(
            link, {"page": str(number), "action": action, **_answers(number)}, **headers
        )
        assert response.status_code == 302, response.content.decode()
    assert response["Location"] == reverse("surveys:thanks", args=[_token(link)])


def _text(response: Any) -> str:
    return str(response.content.decode()).replace("&#x27;", "'")


def test_a_german_browser_gets_the_survey_in_german_with_the_other_party_named(
    link: str,
) -> None:
    response = Client().get(link, **GERMAN)
    page = _text(response)
    assert response["Content-Language"] == "de"
    assert '<html lang="de">' in page
    assert "<h1>Zusammenarbeit mit Sales</h1>" in page
    german = instrument_in("TPI-1", "de")
    for item in survey_pages("TPI-1", "de")[0].items:
        assert item.wording("Sales") in page
    assert german.items[0].wording("Sales") == (
        "Wir und Sales arbeiten auf dasselbe geschäftliche Ergebnis hin."
    )
    assert "Stimme überhaupt nicht zu" in page
    assert "Worauf Sie hinarbeiten" in page
    assert "Seite 1 von 5" in page
    assert "Nächste Seite" in page
    assert "Strongly disagree" not in page
    assert "Next page" not in page
    # The closing date in German words and order, as the German catalog's format says.
    closes = find_invitation(_token(link)).round.closes_at  # type: ignore[union-attr]
    assert re.search(rf"Offen bis {closes.day}\. \w+ {closes.year}, \d\d:\d\d Uhr\.", page)


def test_the_last_page_and_the_refusals_are_in_german_too(link: str) -> None:
    client = Client()
    last = len(survey_pages())
    page = _text(client.get(f"{link}?page={last}", **GERMAN))
    assert "Wenn Sales eine Person wäre" in page
    assert "Meine Antworten abschicken" in page
    assert "In Ihren eigenen Worten" in page
    refused = client.post(link, {"page": "1", "action": "next", "out1": "9"}, **GERMAN)
    assert refused.status_code == 400
    text = _text(refused)
    assert "Bitte prüfen Sie 1 Antwort" in text
    assert "OUT1 („Wir und Sales arbeiten" in text
    assert "Wählen Sie eine Zahl von 1 bis 7 oder „Keine Antwort“." in text


def test_an_english_browser_still_gets_english(link: str) -> None:
    page = _text(Client().get(link, **ENGLISH))
    assert '<html lang="en">' in page
    assert "<h1>Working with Sales</h1>" in page
    assert "We and Sales work toward the same business outcome." in page
    assert "Deutsch" in page  # the switch offers the other language


def test_the_switch_works_both_ways_and_keeps_what_was_typed(link: str) -> None:
    client = Client()
    assert "Zusammenarbeit mit Sales" in _text(client.get(f"{link}?page=2", **GERMAN))
    switched = client.post(
        link, {"page": "2", "language": "en", "alt1": "3", "need1": "6"}, **GERMAN
    )
    assert switched.status_code == 302
    assert switched["Location"] == f"{link}?page=2#survey"
    cookie = switched.cookies[SURVEY_LANGUAGE_COOKIE]
    assert cookie.value == "en"
    assert cookie["path"] == link  # this survey's pages only
    assert cookie["httponly"]
    assert open_draft(Invitation.objects.get(), _token(link)) == {"alt1": 3, "need1": 6}
    page = _text(client.get(f"{link}?page=2", **GERMAN))  # the browser still says German
    assert '<html lang="en">' in page
    assert "We need Sales to reach our goals." in page
    assert re.search(r'id="need1-6" value="6" checked', page)
    back = client.post(link, {"page": "2", "language": "de", "alt1": "3", "need1": "2"}, **GERMAN)
    assert back.cookies[SURVEY_LANGUAGE_COOKIE].value == "de"
    page = _text(client.get(f"{link}?page=2", **GERMAN))
    assert "Wir brauchen Sales, um unsere Ziele zu erreichen." in page
    assert re.search(r'id="need1-2" value="2" checked', page)
    assert open_draft(Invitation.objects.get(), _token(link)) == {"alt1": 3, "need1": 2}


def test_a_language_that_is_not_offered_changes_nothing(link: str) -> None:
    client = Client()
    response = client.post(link, {"page": "1", "language": "xx", "action": "save"}, **GERMAN)
    assert response.status_code == 200
    assert SURVEY_LANGUAGE_COOKIE not in response.cookies
    assert "Ihre Antworten sind gespeichert" in _text(response)


def test_the_pages_around_the_survey_follow_the_language(link: str) -> None:
    client = Client()
    assert "Geben Sie Ihren Umfrage-Code ein" in _text(
        client.get(reverse("surveys:enter"), **GERMAN)
    )
    unknown = client.get("/s/not-a-code/", **GERMAN)
    assert unknown.status_code == 404
    assert "Link nicht gefunden" in _text(unknown)
    saved = client.post(link, {"page": "1", "action": "save", "out1": "4"}, **GERMAN)
    assert "Ihre Antworten sind gespeichert" in _text(saved)
    _answer_all(client, link, **GERMAN)
    thanks = _text(client.get(reverse("surveys:thanks", args=[_token(link)]), **GERMAN))
    assert "Vielen Dank: Ihre Antworten sind angekommen" in thanks
    assert "Wie Ihre Anonymität geschützt wird" in thanks


def test_the_facilitators_pages_follow_the_browser_too(link: str) -> None:
    """Translated since (test_web_interface_language.py): no longer kept in English."""
    page = _text(Client().get(reverse("accounts:login"), **GERMAN))
    assert '<html lang="de">' in page
    assert "Zum Inhalt springen" in page


def test_answers_given_in_german_are_stored_as_in_english(world: World, survey: Round) -> None:
    german_link, english_link = _link(world, survey), _link(world, survey)
    _answer_all(Client(), german_link, **GERMAN)
    _answer_all(Client(), english_link, **ENGLISH)
    first, second = (dict(ballot.answers) for ballot in Ballot.objects.all())
    assert first == second
    expected = set(ITEM_FIELDS) | {q.id for q in shipped_instrument("TPI-1").open_questions}
    assert set(first) == expected
    assert {first[field] for field in ITEM_FIELDS} == {5}


def test_no_row_and_no_log_line_records_the_language(
    world: World, survey: Round, link: str, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client()
    with caplog.at_level(logging.DEBUG):
        client.post(link, {"page": "1", "language": "de", "out1": "6"}, **GERMAN)
        client.post(link, {"page": "1", "action": "save", "out1": "6"})
        _answer_all(client, link)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for word in ("Deutsch", SURVEY_LANGUAGE_COOKIE, "language", "Accept-Language"):
        assert word not in logged
    rows = [model_to_dict(row) for row in (*Ballot.objects.all(), *Response.objects.all())]
    rows += [model_to_dict(row) for row in Invitation.objects.all()]
    assert rows
    for row in rows:
        assert not any("lang" in name for name in row), row
        assert "de" not in row.values()
        answers = row.get("answers") or {}
        assert "de" not in answers.values()
        assert not any("lang" in key for key in answers)
    tables = connection.introspection.table_names()
    survey_tables = [t for t in tables if t.startswith("surveys_")]
    with connection.cursor() as cursor:
        for table in survey_tables:
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            # The round's own language (its e-mails', chosen by the facilitator) is the same
            # for every respondent: it says nothing of the language one of them answered in.
            kept = [c for c in columns if (table, c) != ("surveys_round", "language")]
            assert not any("lang" in column for column in kept), table
