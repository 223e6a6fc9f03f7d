"""The results in the reader's language: a page's engine sentences follow the page, a report
follows its round, and the API stays English; one cached analysis serves every language."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.test import Client
from django.urls import reverse
from tests.integration.web.builders import World
from tests.integration.web.insights_builders import answered_round

from parity.core import translation
from parity.core.vocabulary import ARCHETYPE_NAMES
from parity.web.insights import results as results_module
from parity.web.surveys.models import Round

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


@pytest.fixture
def published(world: World) -> Round:
    """Both sides large enough to be shown and quoted."""
    return answered_round(world.relationship, 7)


def _rel_url(round_: Round, world: World) -> str:
    args = [round_.organization.slug, round_.pk, world.relationship.pk]
    return reverse("insights:relationship", args=args)


def _report_url(round_: Round, world: World) -> str:
    args = [round_.organization.slug, round_.pk, world.relationship.pk, "html"]
    return reverse("insights:relationship_report", args=args)


def _text(content: bytes) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]*>", " ", content.decode())).split())


def _reasons(page: bytes) -> list[str]:
    """The "why Parity says so" sentences of a relationship page, as the reader sees them."""
    found = re.search(r'<ul class="reasons">(.*?)</ul>', page.decode(), flags=re.S)
    assert found is not None
    return [_text(li.encode()) for li in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)]


def _german(english: str) -> str:
    with translation.speaking("de"):
        return translation.gettext(english)


def test_a_german_page_shows_the_engine_s_sentences_in_german(
    world: World, published: Round, viewer: Client
) -> None:
    english_page = viewer.get(_rel_url(published, world), **ENGLISH)
    german_page = viewer.get(_rel_url(published, world), **GERMAN)
    assert english_page.status_code == german_page.status_code == 200
    english, german = _reasons(english_page.content), _reasons(german_page.content)
    assert len(english) == len(german) > 0
    # Every reason changes language, and keeps the numbers it cites.
    for e, g in zip(english, german, strict=True):
        assert e != g
        assert re.findall(r"\d+", e) == re.findall(r"\d+", g)
    result = published_result(published)
    name = ARCHETYPE_NAMES[result.archetype]
    assert _german(name) in _text(german_page.content)
    assert str.__str__(name) in _text(english_page.content)


def published_result(round_: Round) -> object:
    (_, result), *_ = results_module.round_results(round_).ordered()
    return result


def test_one_cached_analysis_serves_both_languages(
    world: World, published: Round, viewer: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    viewer.get(_rel_url(published, world), **GERMAN)
    ran = []
    monkeypatch.setattr(results_module, "analyze", lambda *a, **k: ran.append(1))
    results_module.DISCLOSED.clear()
    assert viewer.get(_rel_url(published, world), **ENGLISH).status_code == 200
    assert ran == []  # read back from the shared cache, not analysed again for English


def test_a_report_speaks_its_round_s_language_whatever_the_page_s(
    world: World, published: Round, viewer: Client
) -> None:
    english_round = viewer.get(_report_url(published, world), **GERMAN)
    assert '<html lang="en">' in english_round.content.decode()
    published.language = "de"
    published.save(update_fields=["language"])
    german_round = viewer.get(_report_url(published, world), **ENGLISH)
    page = german_round.content.decode()
    assert '<html lang="de">' in page
    heading = "Why Parity says so"
    assert heading in _text(english_round.content)
    assert heading not in _text(german_round.content)
    assert _german(heading) in _text(german_round.content)
    reasons = _reasons(viewer.get(_rel_url(published, world), **ENGLISH).content)
    assert reasons
    assert not any(reason in _text(german_round.content) for reason in reasons)


def test_the_api_answers_in_english_on_a_german_request(
    world: World, published: Round, viewer: Client
) -> None:
    url = f"/api/orgs/{published.organization.slug}/rounds/{published.pk}/results"
    german = viewer.get(url, **GERMAN).json()
    english = viewer.get(url, **ENGLISH).json()
    assert german == english
    page = _reasons(viewer.get(_rel_url(published, world), **ENGLISH).content)
    assert page == list(german["relationships"][0]["reasons"])
