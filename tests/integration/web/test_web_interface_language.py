"""The facilitator's pages in German: they follow the browser's language, or the one chosen with
the header's switch (kept across pages); a round's language writes its invitation e-mails and
starts its survey; English stays English, and the API always answers in English."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.integration.web.builders import World
from tests.integration.web.survey_builders import make_code, make_round

from parity.web.surveys.models import Round

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.5"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}
MOMENT = "%Y-%m-%dT%H:%M"
#: Sentences of the main facilitator pages in English: none may be left on a German page.
ENGLISH_SENTINELS = (
    "My organizations",
    "Sign out",
    "Add a party",
    "Add a relationship",
    "Assessment rounds",
    "Invite respondents",
    "Change the dates",
    "Participation",
    "invitations used",
    "Skip to the content",
    "Cancel",
    "Save",
    "Opens",
    "Closes",
    "Name of the round",
    "By e-mail",
    "With printed codes",
    "Results",
    "Release",
    "Not yet",
)


def _text(response: object) -> str:
    content = response.content.decode()  # type: ignore[attr-defined]
    return str(content)


def _visible(page: str) -> str:
    """The page's words: without tags, attribute values or the language switch's own names."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


def _round_url(name: str, round_: Round) -> str:
    return reverse(f"surveys:{name}", args=[round_.organization.slug, round_.pk])


@pytest.fixture
def survey(world: World) -> Round:
    return make_round(world.org_a, [world.relationship])


def test_a_german_browser_gets_the_organization_and_round_pages_in_german(
    facilitator: Client, survey: Round
) -> None:
    organization = _text(facilitator.get(reverse("orgs:detail", args=["org-a"]), **GERMAN))
    assert '<html lang="de">' in organization
    assert "Meine Organisationen" in organization
    assert "Partei hinzufügen" in organization
    assert "Befragungsrunde eröffnen" in organization
    round_page = _text(facilitator.get(_round_url("round-detail", survey), **GERMAN))
    assert "Befragte einladen" in round_page
    assert "Beteiligung" in round_page
    assert "Läuft" in round_page


def test_an_english_browser_still_sees_english(facilitator: Client, survey: Round) -> None:
    for url in (reverse("orgs:detail", args=["org-a"]), _round_url("round-detail", survey)):
        page = _text(facilitator.get(url, **ENGLISH))
        assert '<html lang="en">' in page
        assert "My organizations" in page
        assert "Meine Organisationen" not in page
    round_page = _text(facilitator.get(_round_url("round-detail", survey)))
    assert "Invite respondents" in round_page


def test_the_header_switch_changes_the_language_and_it_sticks(
    facilitator: Client, survey: Round
) -> None:
    here = reverse("orgs:detail", args=["org-a"])
    page = _text(facilitator.get(here, **ENGLISH))
    assert 'action="/i18n/setlang/"' in page
    assert 'name="language" value="de"' in page
    switched = facilitator.post(
        reverse("set_language"), {"language": "de", "next": here}, **ENGLISH
    )
    assert switched.status_code == 302
    assert switched["Location"] == here
    # The choice wins over the browser's English, on this page and the next ones; each
    # language keeps its own name on the switch.
    german = _text(facilitator.get(here, **ENGLISH))
    assert "Partei hinzufügen" in german
    assert 'lang="en" class="link">English</button>' in german
    assert "Befragte einladen" in _text(
        facilitator.get(_round_url("round-detail", survey), **ENGLISH)
    )
    facilitator.post(reverse("set_language"), {"language": "en", "next": here}, **GERMAN)
    assert "Add a party" in _text(facilitator.get(here, **GERMAN))


def test_the_switch_needs_the_forms_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.facilitator)
    refused = client.post(reverse("set_language"), {"language": "de", "next": "/orgs/"})
    assert refused.status_code == 403


def test_no_main_facilitator_page_mixes_languages(
    world: World, facilitator: Client, survey: Round
) -> None:
    facilitator.post(reverse("set_language"), {"language": "de", "next": "/"})
    make_code(survey, world.relationship, world.it)
    pages = [
        reverse("orgs:list"),
        reverse("orgs:detail", args=["org-a"]),
        reverse("orgs:party-create", args=["org-a"]),
        reverse("orgs:relationship-create", args=["org-a"]),
        reverse("surveys:round-list", args=["org-a"]),
        reverse("surveys:round-create", args=["org-a"]),
        _round_url("round-detail", survey),
        _round_url("round-invite", survey),
        _round_url("round-edit", survey),
        _round_url("round-close", survey),
        reverse("accounts:tokens"),
        reverse("accounts:two-factor"),
        reverse("insights:organization", args=["org-a", survey.pk]),
        reverse("insights:release", args=["org-a", survey.pk]),
    ]
    for url in pages:
        response = facilitator.get(url)
        assert response.status_code == 200, url
        words = _visible(_text(response))
        left = [sentence for sentence in ENGLISH_SENTINELS if re.search(rf"\b{sentence}\b", words)]
        assert left == [], (url, left)


def test_dates_on_a_german_page_are_written_the_german_way(
    facilitator: Client, survey: Round
) -> None:
    survey.opens_at = timezone.make_aware(timezone.datetime(2026, 3, 5, 9, 30))
    survey.closes_at = survey.opens_at + timedelta(days=400)
    survey.save()
    page = _text(facilitator.get(reverse("surveys:round-list", args=["org-a"]), **GERMAN))
    assert "5. März 2026, 09:30 Uhr" in page
    english = _text(facilitator.get(reverse("surveys:round-list", args=["org-a"]), **ENGLISH))
    assert "5 March 2026, 09:30" in english


def _invite_ann(
    facilitator: Client, world: World, round_: Round, browser: dict[str, str]
) -> HttpResponse:
    """The facilitator, reading in ``browser``'s language, e-mails IT's link to one person."""
    side = f"{world.relationship.pk}-{world.it.pk}"
    return facilitator.post(
        _round_url("round-invite", round_),
        {"send": "1", "mail-side": side, "mail-emails": "ann@example.org"},
        **browser,
    )


def test_a_round_is_opened_in_german_and_its_invitation_e_mail_is_german(
    world: World, facilitator: Client
) -> None:
    now = timezone.localtime()
    opened = facilitator.post(
        reverse("surveys:round-create", args=["org-a"]),
        {
            "name": "Herbst",
            "opens_at": (now - timedelta(hours=1)).strftime(MOMENT),
            "closes_at": now.replace(year=now.year + 1, month=3, day=5).strftime(MOMENT),
            "relationships": [world.relationship.pk],
            "language": "de",
        },
    )
    assert opened.status_code == 302, _text(opened)
    made = Round.objects.get(name="Herbst")
    assert made.language == "de"
    sent = _invite_ann(facilitator, world, made, ENGLISH)
    assert sent.status_code == 302
    (message,) = mail.outbox
    assert message.subject == "Eine kurze Umfrage zur Zusammenarbeit mit Sales"
    assert message.body.startswith("Guten Tag,\n\n")
    assert "Ihr persönlicher Link" in message.body
    assert f"5. März {now.year + 1}" in message.body
    assert "Hello" not in message.body
    assert "March" not in message.body
    # The facilitator's own page stays in the facilitator's language.
    assert "Sending 1 invitation to IT" in _text(
        facilitator.get(_round_url("round-detail", made), **ENGLISH)
    )


def test_an_english_round_still_mails_in_english_whatever_the_facilitator_reads(
    world: World, facilitator: Client, survey: Round
) -> None:
    _invite_ann(facilitator, world, survey, GERMAN)
    (message,) = mail.outbox
    assert message.subject == "A short survey about working with Sales"
    assert message.body.startswith("Hello,\n\n")


def test_the_language_can_change_until_the_round_closes(facilitator: Client, survey: Round) -> None:
    local = timezone.localtime
    changed = facilitator.post(
        _round_url("round-edit", survey),
        {
            "opens_at": local(survey.opens_at).strftime(MOMENT),
            "closes_at": local(survey.closes_at).strftime(MOMENT),
            "language": "de",
        },
    )
    assert changed.status_code == 302
    survey.refresh_from_db()
    assert survey.language == "de"
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.save()
    refused = facilitator.post(
        _round_url("round-edit", survey),
        {
            "opens_at": local(survey.opens_at).strftime(MOMENT),
            "closes_at": local(survey.closes_at).strftime(MOMENT),
            "language": "en",
        },
    )
    assert refused.status_code == 200
    survey.refresh_from_db()
    assert survey.language == "de"


def test_a_german_round_starts_its_survey_in_german_unless_the_browser_asks(
    world: World, survey: Round
) -> None:
    survey.language = "de"
    survey.save()
    link = reverse("surveys:answer", args=[make_code(survey, world.relationship, world.it)])
    silent = _text(Client().get(link))
    assert '<html lang="de">' in silent
    english = _text(Client().get(link, **ENGLISH))
    assert '<html lang="en">' in english
    # A browser asking only for a language Parity does not have gets the round's.
    assert '<html lang="de">' in _text(Client().get(link, HTTP_ACCEPT_LANGUAGE="fr-FR,fr"))
    # The respondent's switch still wins.
    client = Client()
    client.post(link, {"page": "1", "language": "en", "action": "next"})
    assert '<html lang="en">' in _text(client.get(link))


def test_the_api_answers_in_english_and_takes_a_rounds_language(
    world: World, facilitator: Client
) -> None:
    facilitator.post(reverse("set_language"), {"language": "de", "next": "/"})
    now = timezone.now()
    body = {
        "name": "API round",
        "opens_at": now.isoformat(),
        "closes_at": (now - timedelta(days=1)).isoformat(),
        "relationship_ids": [world.relationship.pk],
    }
    url = "/api/orgs/org-a/rounds"
    refused = facilitator.post(url, body, content_type="application/json", **GERMAN)
    assert refused.status_code == 400
    assert "The round must close after it opens." in _text(refused)
    body["closes_at"] = (now + timedelta(days=14)).isoformat()
    made = facilitator.post(
        url, {**body, "language": "de"}, content_type="application/json", **GERMAN
    )
    assert made.status_code == 201, _text(made)
    assert made.json()["language"] == "de"
    plain = facilitator.post(
        url, {**body, "name": "Plain"}, content_type="application/json", **GERMAN
    )
    assert plain.json()["language"] == "en"
    wrong = facilitator.post(
        url, {**body, "name": "Wrong", "language": "xx"}, content_type="application/json"
    )
    assert wrong.status_code == 400
    assert "A round's language is one of en, de." in _text(wrong)
