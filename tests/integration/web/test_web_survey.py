"""Answer: a respondent opens a link, saves, comes back and submits once, anonymously."""

from __future__ import annotations

import csv
import re
import string
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.integration.web.builders import World
from tests.integration.web.survey_builders import make_code, make_round

from parity.core.instrument import default_instrument
from parity.web.demo_loader import CODES_FILE, ensure_demo, example_survey
from parity.web.surveys.answering import find_invitation, open_draft, submit, survey_pages
from parity.web.surveys.models import Ballot, Invitation, Response, Round, item_fields
from parity.web.tokens import hash_token, new_token

ITEM_FIELDS = item_fields(default_instrument())


@pytest.fixture
def survey(world: World) -> Round:
    return make_round(world.org_a, [world.relationship])


@pytest.fixture
def link(world: World, survey: Round) -> str:
    """A code for IT's side: IT's members answer about Sales."""
    return reverse("surveys:answer", args=[make_code(survey, world.relationship, world.it)])


def _draft(link: str) -> dict[str, int | str]:
    """The saved draft, opened with the link's token (the database holds it sealed)."""
    return open_draft(Invitation.objects.get(), link.strip("/").rsplit("/", 1)[1])


def _stored() -> list[dict[str, Any]]:
    """Every submitted answer set: ballots still in the box, and mixed responses."""
    ballots = [dict(b.answers) for b in Ballot.objects.all()]
    return ballots + [{**r.answers, "purpose": r.purpose} for r in Response.objects.all()]


def _page_fields(number: int) -> tuple[str, ...]:
    return survey_pages()[number - 1].fields


def _answers(number: int, value: int = 5) -> dict[str, Any]:
    page = survey_pages()[number - 1]
    data: dict[str, Any] = {field: str(value) for field in page.fields if field in ITEM_FIELDS}
    data.update({q.id: f"Our {q.id} answer." for q in page.questions})
    return data


def _post(client: Client, url: str, number: int, action: str, **data: Any) -> Any:
    return client.post(url, {"page": str(number), "action": action, **data})


def _answer_all(client: Client, url: str) -> Any:
    count = len(survey_pages())
    for number in range(1, count):
        assert _post(client, url, number, "next", **_answers(number)).status_code == 302
    return _post(client, url, count, "submit", **_answers(count))


def test_the_survey_names_the_other_party_in_every_item(link: str) -> None:
    instrument = default_instrument()
    pages = survey_pages()
    assert [i.id for p in pages for i in p.items] == list(instrument.item_ids)
    client = Client()
    seen = []
    for number in range(1, len(pages) + 1):
        response = client.get(f"{link}?page={number}")
        assert response.status_code == 200
        page = response.content.decode()
        assert f"Page {number} of {len(pages)}" in page
        assert f'<progress id="progress" max="{len(pages)}" value="{number}">' in page
        for item in pages[number - 1].items:
            assert item.wording("Sales").replace("'", "&#x27;") in page
            seen.append(item.id)
        legends = re.findall(r"<legend>(.*?)</legend>", page, flags=re.S)
        assert len(legends) == len(pages[number - 1].items)
        assert all("Sales" in legend for legend in legends)
    assert seen == list(instrument.item_ids)
    assert "a member of <strong>IT</strong>" in client.get(link).content.decode()


def test_the_survey_page_is_accessible_without_javascript(link: str) -> None:
    page = Client().get(link).content.decode()
    assert '<html lang="en">' in page
    assert 'class="skip" href="#main"' in page
    assert "<script" not in page
    assert page.count("<fieldset") == page.count("<legend>") == len(_page_fields(1))
    assert "<h1>Working with Sales</h1>" in page
    assert "Strongly disagree" in page
    assert "Strongly agree" in page
    for value in range(1, 8):
        assert f'<label class="point" for="out1-{value}">' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_open_questions_name_the_other_party(link: str) -> None:
    last = len(survey_pages())
    page = Client().get(f"{link}?page={last}").content.decode()
    assert "If Sales were a person" in page
    assert "Submit my answers" in page
    assert "<textarea" in page


def test_a_draft_is_saved_and_comes_back_with_the_same_link(link: str) -> None:
    response = _post(Client(), link, 1, "save", out1="6", out2="2")
    assert response.status_code == 200
    assert "Your answers are saved" in response.content.decode()
    invitation = Invitation.objects.get()
    assert _draft(link) == {"out1": 6, "out2": 2}
    assert "out1" not in invitation.sealed_draft
    assert invitation.draft_saved_at is not None
    assert invitation.used_at is None
    again = Client().get(link).content.decode()
    assert re.search(r'id="out1-6" value="6" checked', again)
    assert re.search(r'id="out2-2" value="2" checked', again)
    assert not re.search(r'id="out1-5" value="5" checked', again)
    assert not _stored()


def test_an_answer_can_be_taken_back(link: str) -> None:
    client = Client()
    _post(client, link, 1, "save", out1="6")
    _post(client, link, 1, "save", out1="")
    assert _draft(link) == {"no_answer": ["out1"]}  # "No answer": no number, the choice noted


def test_no_answer_is_still_chosen_when_the_respondent_comes_back(link: str) -> None:
    """ "No answer" is a choice: a respondent who made it and comes back to the page sees it
    made, not a statement they seem to have missed; a number chosen later replaces it, and the
    ballot holds neither the note nor a number for a statement answered "No answer"."""
    client = Client()
    _post(client, link, 1, "next", out1="", out2="3")
    page = client.get(link).content.decode()
    assert re.search(r'id="out1-none" value="" checked', page)
    assert not re.search(r'id="out3-none" value="" checked', page)  # left alone: not chosen
    assert re.search(r'id="out2-3" value="3" checked', page)
    _post(client, link, 2, "back", alt1="")  # another page's choice keeps this one's
    assert _draft(link) == {"out2": 3, "no_answer": ["alt1", "out1"]}
    _post(client, link, 1, "next", out1="5", out2="3")
    assert _draft(link) == {"out1": 5, "out2": 3, "no_answer": ["alt1"]}
    count = len(survey_pages())
    assert _post(client, link, count, "submit", purpose="Ours.").status_code == 302
    (stored,) = _stored()
    assert "no_answer" not in stored
    assert stored.get("alt1") is None
    assert stored["out1"] == 5


def test_pages_move_forward_and_back_keeping_answers(link: str) -> None:
    client = Client()
    forward = _post(client, link, 1, "next", out1="3")
    assert forward["Location"].endswith("?page=2#survey")
    back = _post(client, link, 2, "back", alt1="7")
    assert back["Location"].endswith("?page=1#survey")
    assert _draft(link) == {"out1": 3, "alt1": 7}


def test_submitting_stores_one_anonymous_response(world: World, link: str) -> None:
    client = Client()
    response = _answer_all(client, link)
    assert response.status_code == 302
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    text = " ".join(thanks.content.decode().split())
    assert "at least 5 people from IT" in text
    assert "at least 7 have" in text
    ballot = Ballot.objects.get()
    assert (ballot.party, ballot.about, ballot.relationship) == (
        world.it,
        world.sales,
        world.relationship,
    )
    assert all(ballot.answers[field] == 5 for field in ITEM_FIELDS)
    assert ballot.answers["purpose"] == "Our purpose answer."
    assert not Response.objects.exists()  # one ballot is not a group: it waits in the box
    invitation = Invitation.objects.get()
    assert invitation.used_at is not None
    assert invitation.sealed_draft == ""
    assert invitation.draft_saved_at is None
    for model in (Ballot, Response):
        columns = [f.name for f in model._meta.get_fields()]
        assert not any("invitation" in c or "email" in c or "_at" in c for c in columns)
        assert not any(f.related_model is Invitation for f in model._meta.get_fields())
    assert invitation.token_hash not in str(Ballot.objects.values().get())


def test_skipped_items_are_stored_empty(link: str) -> None:
    count = len(survey_pages())
    _post(Client(), link, count, "submit", purpose="To keep the lights on.")
    (stored,) = _stored()
    assert all(stored.get(field) is None for field in ITEM_FIELDS)
    assert stored["purpose"] == "To keep the lights on."
    assert "persona" not in stored


def test_a_second_submit_is_refused_and_stores_nothing(link: str) -> None:
    count = len(survey_pages())
    client = Client()
    assert _answer_all(client, link).status_code == 302
    again = _post(Client(), link, count, "submit", **_answers(count, 1))
    assert again.status_code == 410
    assert "This link has been used" in again.content.decode()
    assert len(_stored()) == 1
    assert Client().get(link).status_code == 410


def test_two_tabs_submitting_together_record_one_response(link: str) -> None:
    """Both tabs loaded the invitation before either submitted."""
    token = link.strip("/").rsplit("/", 1)[1]
    first, second = find_invitation(token), find_invitation(token)
    assert first is not None
    assert second is not None
    assert submit(first, {"out1": 4})
    assert not submit(second, {"out1": 1})
    assert [stored["out1"] for stored in _stored()] == [4]


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submits_record_one_response(link: str) -> None:
    """Two requests at the same moment, each on its own database connection."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database is not shared between threads")
    token = link.strip("/").rsplit("/", 1)[1]
    barrier = threading.Barrier(2)
    results: list[bool] = []

    def tab(value: int) -> None:
        try:
            invitation = find_invitation(token)
            assert invitation is not None
            barrier.wait(timeout=10)
            results.append(submit(invitation, {"out1": value}))
        finally:
            connection.close()

    threads = [threading.Thread(target=tab, args=(v,)) for v in (2, 6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(results) == [False, True]
    assert len(_stored()) == 1


def test_a_value_out_of_range_is_refused_by_name(link: str) -> None:
    response = _post(Client(), link, 1, "next", out1="8", out2="4")
    assert response.status_code == 400
    page = response.content.decode()
    assert "OUT1" in page
    assert "choose a number from 1 to 7" in page
    assert 'href="#q-out1"' in page
    assert _draft(link) == {}


def test_a_submission_out_of_range_stores_nothing(link: str) -> None:
    count = len(survey_pages())
    response = _post(Client(), link, count, "submit", purpose="x" * 6000)
    assert response.status_code == 400
    assert "5000 characters" in response.content.decode()
    assert not _stored()
    assert Invitation.objects.get().used_at is None


def test_an_unknown_link_says_so_and_reveals_nothing(link: str) -> None:
    response = Client().get(reverse("surveys:answer", args=["not-a-real-code"]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "Link not found" in page
    assert "Sales" not in page
    assert "Org A" not in page
    huge = Client().get(reverse("surveys:answer", args=["x" * 5000]))
    assert huge.status_code == 404
    assert Client().post(reverse("surveys:answer", args=["nope"]), {}).status_code == 404


def test_a_closed_round_says_the_link_expired(survey: Round, link: str) -> None:
    Round.objects.filter(pk=survey.pk).update(
        opens_at=timezone.now() - timedelta(days=10), closes_at=timezone.now() - timedelta(days=1)
    )
    response = Client().get(link)
    assert response.status_code == 410
    assert "This survey has closed" in response.content.decode()
    post = _post(Client(), link, 1, "save", out1="3")
    assert post.status_code == 410
    assert _draft(link) == {}


def test_a_round_not_yet_open_says_when_it_opens(survey: Round, link: str) -> None:
    Round.objects.filter(pk=survey.pk).update(
        opens_at=timezone.now() + timedelta(days=2), closes_at=timezone.now() + timedelta(days=9)
    )
    response = Client().get(link)
    assert response.status_code == 404
    assert "not open yet" in response.content.decode()


def test_the_form_works_with_csrf_checks(link: str) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(link, {"page": "1", "action": "save", "out1": "2"}).status_code == 403
    page = client.get(link).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    data = {"csrfmiddlewaretoken": token.group(1), "page": "1", "action": "save", "out1": "2"}
    assert client.post(link, data).status_code == 200
    assert _draft(link) == {"out1": 2}


def test_survey_pages_are_never_cached(link: str) -> None:
    assert "no-store" in Client().get(link)["Cache-Control"]


def test_a_printed_code_is_typed_in_with_spaces(world: World, survey: Round) -> None:
    token = make_code(survey, world.relationship, world.sales)
    spaced = " ".join(token[i : i + 4] for i in range(0, len(token), 4))
    response = Client().get(reverse("surveys:enter"), {"code": spaced})
    assert response["Location"] == reverse("surveys:answer", args=[token])
    assert Client().get(reverse("surveys:enter")).status_code == 200


def test_tokens_have_at_least_32_random_bytes_and_are_stored_hashed(
    world: World, survey: Round
) -> None:
    tokens = [new_token() for _ in range(200)]
    assert len({token for token, _ in tokens}) == 200
    alphabet = set(string.ascii_letters + string.digits + "-_")
    for token, digest in tokens:
        assert len(token) >= 43  # 32 bytes in URL-safe base64
        assert set(token) <= alphabet
        assert digest == hash_token(token)
        assert re.fullmatch(r"[0-9a-f]{64}", digest)
    token = make_code(survey, world.relationship, world.it)
    assert Invitation.objects.filter(token_hash=hash_token(token)).exists()
    assert not Invitation.objects.filter(token_hash=token).exists()


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(guess=st.text(alphabet=string.ascii_letters + string.digits + "-_", max_size=120))
def test_random_tokens_never_resolve(world: World, survey: Round, link: str, guess: str) -> None:
    assert find_invitation(guess) is None
    assert find_invitation(hash_token(link.strip("/").rsplit("/", 1)[1])) is None


def test_a_demo_code_works_end_to_end(tmp_path: Path, db: None) -> None:
    ensure_demo(tmp_path)
    with (tmp_path / CODES_FILE).open(encoding="utf-8") as handle:
        first = next(csv.DictReader(handle))
    example = example_survey(tmp_path)
    assert example is not None
    assert example.path == f"/s/{first['code']}/"
    assert example.side == first["side"]
    client = Client()
    page = client.get(example.path)
    assert page.status_code == 200
    party, other = (p.strip() for p in first["relationship"].split("–"))
    if first["side"] == other:
        party, other = other, party
    assert f"Working with {other}" in page.content.decode()
    assert _answer_all(client, example.path).status_code == 302
    stored = Ballot.objects.get(round__name="Autumn review")
    assert (stored.party.name, stored.about.name) == (first["side"], other)
    following = example_survey(tmp_path)
    assert following is not None
    assert following.path != example.path


def test_serve_prints_a_demo_survey_link(
    tmp_path: Path, db: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from django.conf import settings as django_settings
    from django.db import connections

    from parity.cli.serve_command import _show_example_survey

    ensure_demo(tmp_path)
    monkeypatch.setattr(django_settings, "DATA_DIR", tmp_path)
    monkeypatch.setattr(connections, "close_all", lambda: None)  # keep the test's transaction
    _show_example_survey("http://127.0.0.1:8000")
    printed = capsys.readouterr().out
    link = re.search(r"http://127\.0\.0\.1:8000(/s/[\w-]+/)", printed)
    assert link is not None
    assert printed.startswith("Try the survey as a member of ")
    assert Client().get(link.group(1)).status_code == 200
