"""Pages that cost their template: results found by a one-query key and kept in the process,
long lists in pages, and parties chosen by name on a map of thousands (docs/method.md §8)."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from tests.integration.web.builders import World, make_party, make_relationship, page_text
from tests.integration.web.insights_builders import (
    answer,
    counting_analyses,
    make_results_round,
)

from parity.web.insights import results as results_module
from parity.web.insights import views as insights_views
from parity.web.insights.memo import Memo, forget_everything
from parity.web.orgs import forms as org_forms
from parity.web.orgs import views as org_views
from parity.web.orgs.models import Relationship
from parity.web.surveys import forms as survey_forms
from parity.web.surveys.models import Response, Round
from parity.web.surveys.sealing import seal
from parity.web.surveys.sealing import thresholds_of as sealing_thresholds


def _org_url(round_: Round) -> str:
    return reverse("insights:organization", args=[round_.organization.slug, round_.pk])


@pytest.fixture
def answered(world: World) -> Round:
    """Three relationships of org A, each side with five answers, in a closed round."""
    finance, hr = make_party(world.org_a, "Finance"), make_party(world.org_a, "HR")
    others = [make_relationship(finance, world.it), make_relationship(hr, world.sales)]
    round_ = make_results_round(world.org_a, [world.relationship, *others])
    for rel in (world.relationship, *others):
        answer(round_, rel, rel.party_a, 5)
        answer(round_, rel, rel.party_b, 5)
    return round_


# --- The results' key and the process's memo --------------------------------------------------


def test_a_warm_results_page_reads_no_answer(answered: Round, facilitator: Client) -> None:
    """Once computed, the page finds its results with a count, not by reading the answers."""
    facilitator.get(_org_url(answered))
    with CaptureQueriesContext(connection) as queries:
        assert facilitator.get(_org_url(answered)).status_code == 200
    response_table = Response._meta.db_table
    read = [q["sql"] for q in queries.captured_queries if response_table in q["sql"]]
    assert read, "the key counts the round's responses"
    assert all("COUNT(" in sql.upper() for sql in read), read


def test_another_server_takes_the_results_from_the_shared_cache(
    answered: Round, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = counting_analyses(monkeypatch)
    first = results_module.round_results(answered)
    forget_everything()  # another process: nothing in its memos, the same shared cache
    again = results_module.round_results(Round.objects.get(pk=answered.pk))
    assert len(calls) == 1
    assert again.key == first.key
    assert again.by_relationship.keys() == first.by_relationship.keys()


def test_an_answer_written_elsewhere_is_a_new_key(
    world: World, answered: Round, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A response that another process wrote (here straight into the table) changes the count,
    so no server keeps showing what it memoised before."""
    calls = counting_analyses(monkeypatch)
    before = results_module.round_results(answered)
    answer(answered, world.relationship, world.it, 1)
    after = results_module.round_results(Round.objects.get(pk=answered.pk))
    assert after.key != before.key
    assert len(calls) == 2


def test_the_revision_grows_when_facts_are_recorded_and_when_sealed(world: World) -> None:
    round_ = make_results_round(world.org_a, [world.relationship])
    recorded = Round.objects.get(pk=round_.pk).revision
    assert recorded >= 1  # the relationships joining recorded the facts
    answer(round_, world.relationship, world.it, 5)
    assert seal(round_)
    assert round_.revision > recorded
    assert Round.objects.get(pk=round_.pk).revision == round_.revision


def test_a_party_renamed_after_the_results_were_kept_shows_both_names(
    world: World, answered: Round, facilitator: Client
) -> None:
    url = reverse(
        "insights:relationship", args=[world.org_a.slug, answered.pk, world.relationship.pk]
    )
    assert "(now Technology)" not in page_text(facilitator, url)
    world.it.name = "Technology"
    world.it.save()
    assert "Sales – IT (now Technology)" in page_text(facilitator, url)


def test_the_memo_keeps_only_the_newest() -> None:
    memo: Memo[int] = Memo(size=2)
    memo.put("a", 1)
    memo.put("b", 2)
    assert memo.get("a") == 1  # now the newest
    memo.put("c", 3)
    assert memo.get("b") is None
    assert (memo.get("a"), memo.get("c")) == (1, 3)
    assert memo.get_or_make("d", lambda: 4) == 4
    assert memo.get_or_make("d", lambda: 5) == 4


# --- Long lists in pages ------------------------------------------------------------------


def _row_names(page: str) -> list[str]:
    return re.findall(r'/results/\d+/">([^<]+)</a></td>', page)


def test_the_results_table_comes_in_pages_that_keep_the_sort(
    answered: Round, facilitator: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(insights_views, "ROWS_PER_PAGE", 2)
    url = _org_url(answered) + "?sort=relationship&dir=desc"
    first = page_text(facilitator, url)
    assert _row_names(first) == ["IT – Sales", "HR – Sales"]
    assert "Showing 1–2 of 3." in first
    assert "Page 1 of 2" in first
    assert "dir=desc&amp;page=2" in first
    second = page_text(facilitator, url + "&page=2")
    assert _row_names(second) == ["Finance – IT"]
    assert _row_names(page_text(facilitator, url + "&page=99")) == ["Finance – IT"]
    assert _row_names(page_text(facilitator, url + "&page=nonsense")) == _row_names(first)


def test_the_map_comes_in_pages_and_finds_a_party(
    world: World, facilitator: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(org_views, "MAP_ROWS_PER_PAGE", 1)
    make_party(world.org_a, "Finance")
    url = reverse("orgs:detail", args=[world.org_a.slug])
    page = page_text(facilitator, url)
    assert "Showing 1–1 of 3." in page  # parties: Finance, IT, Sales
    assert "parties_page=2#parties" in page
    second = page_text(facilitator, url + "?parties_page=2")
    assert "<td>IT</td>" in second
    assert "<td>Finance</td>" not in second
    found = page_text(facilitator, url + "?q=fin")
    assert "<td>Finance</td>" in found
    assert "No relationship has a party of that name." in found
    assert "Sales – IT" in page_text(facilitator, url + "?q=sal")


# --- A party chosen by name -----------------------------------------------------------------


def test_the_suggestions_are_the_organizations_own_parties(
    world: World, facilitator: Client, outsider: Client
) -> None:
    make_party(world.org_a, "Salesforce team")
    url = reverse("orgs:party-names", args=[world.org_a.slug])
    names = json.loads(facilitator.get(url + "?q=sal").content)["names"]
    assert names == ["Sales", "Salesforce team"]
    assert json.loads(facilitator.get(url + "?q=force").content)["names"] == ["Salesforce team"]
    assert outsider.get(url + "?q=sal").status_code == 404
    other = reverse("orgs:party-names", args=[world.org_b.slug])
    assert "Finance" in json.loads(outsider.get(other).content)["names"]


def test_on_a_large_map_a_relationship_names_its_parties(
    world: World, facilitator: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(org_forms, "PICK_BY_NAME_FROM", 2)
    make_party(world.org_a, "Finance")
    url = reverse("orgs:relationship-create", args=[world.org_a.slug])
    page = page_text(facilitator, url)
    assert 'list="party-names"' in page
    assert "<option" not in page.split('name="party_a"')[1].split("</div>")[0]
    refused = facilitator.post(
        url, {"party_a": "Finanse", "party_b": "IT", "label": "partner", "scope": "internal"}
    )
    assert "No party on the map is called “Finanse”" in refused.content.decode()
    assert not Relationship.objects.filter(party_a__name="Finance").exists()
    made = facilitator.post(
        url, {"party_a": "Finance", "party_b": "IT", "label": "partner", "scope": "internal"}
    )
    assert made.status_code == 302
    relationship = Relationship.objects.get(party_a__name="Finance", party_b__name="IT")
    edit = reverse("orgs:relationship-edit", args=[world.org_a.slug, relationship.pk])
    assert 'value="Finance"' in page_text(facilitator, edit)


def test_another_organizations_party_cannot_be_named(
    world: World, facilitator: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(org_forms, "PICK_BY_NAME_FROM", 2)
    url = reverse("orgs:relationship-create", args=[world.org_a.slug])
    refused = facilitator.post(
        url, {"party_a": "Finance", "party_b": "IT", "label": "partner", "scope": "internal"}
    )
    assert "No party on the map is called “Finance”" in refused.content.decode()


def _round_data(**changes: object) -> dict[str, object]:
    now = timezone.localtime()
    return {
        "name": "Big review",
        "opens_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"),
        **changes,
    }


def test_on_a_large_map_a_round_takes_every_relationship_or_those_named(
    world: World, facilitator: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(survey_forms, "PICK_BY_NAME_FROM", 2)
    finance = make_party(world.org_a, "Finance")
    with_finance = make_relationship(finance, world.it)
    url = reverse("surveys:round-create", args=[world.org_a.slug])
    page = page_text(facilitator, url)
    assert "Every relationship on the map" in page
    assert 'name="relationships"' not in page
    named = facilitator.post(url, _round_data(which="named", with_names="fin, nobody"))
    assert named.status_code == 302
    assert list(Round.objects.get(name="Big review").relationships.all()) == [with_finance]
    every = facilitator.post(url, _round_data(name="All of it", which="every"))
    assert every.status_code == 302
    chosen = set(Round.objects.get(name="All of it").relationships.all())
    assert chosen == {with_finance, world.relationship}
    refused = facilitator.post(url, _round_data(name="None", which="named", with_names="zz"))
    assert "Choose at least one relationship." in refused.content.decode()
    assert not Round.objects.filter(name="None").exists()


# --- Results analysed off the request path ------------------------------------------------


def test_the_periodic_job_analyses_a_sealed_round_before_anyone_asks(
    answered: Round, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert seal(answered)
    calls = counting_analyses(monkeypatch)
    assert results_module.warm_recent_results() == 1
    assert results_module.warm_recent_results() == 0  # in the shared cache already
    forget_everything()  # the page is served by another process
    results_module.round_results(Round.objects.get(pk=answered.pk))
    assert len(calls) == 1


def test_a_round_another_process_is_analysing_is_left_to_it(
    answered: Round, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert seal(answered)
    key = results_module.results_key(answered, sealing_thresholds(answered))
    cache.add(f"{key}:warming", 1, 60)
    calls = counting_analyses(monkeypatch)
    assert results_module.warm_recent_results() == 0
    assert calls == []


def test_an_old_round_is_not_analysed_again(
    answered: Round, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert seal(answered)
    Round.objects.filter(pk=answered.pk).update(sealed_at=timezone.now() - timedelta(days=2))
    calls = counting_analyses(monkeypatch)
    assert results_module.warm_recent_results() == 0
    assert calls == []
