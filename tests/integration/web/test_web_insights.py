"""The Read journey: a round's results per relationship and across the organization, on the
pages and in the API, under the anonymity thresholds."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.integration.web.builders import World, make_party, make_relationship, page_text
from tests.integration.web.insights_builders import (
    PARTNER,
    answer,
    counting_analyses,
    make_results_round,
)

from parity.core.vocabulary import ARCHETYPE_PHRASES
from parity.demo import DemoDataset
from parity.web.demo_loader import DEMO_SLUG
from parity.web.insights import results as results_module
from parity.web.insights.pages import ARCHETYPE_NAMES
from parity.web.orgs.models import Function, Organization, Relationship, Scope
from parity.web.surveys.models import Round

SERVANT = {**PARTNER, "def1": 7, "def2": 7, "voi1": 1, "voi2": 1, "val1": 2, "val2": 2}
MASTER = {**PARTNER, "dir1": 7, "dir2": 7, "voi1": 7, "voi2": 7}


def _org_url(round_: Round) -> str:
    return reverse("insights:organization", args=[round_.organization.slug, round_.pk])


def _rel_url(round_: Round, relationship: Relationship) -> str:
    return reverse(
        "insights:relationship", args=[round_.organization.slug, round_.pk, relationship.pk]
    )


def _api_url(round_: Round) -> str:
    return f"/api/orgs/{round_.organization.slug}/rounds/{round_.pk}/results"


# --- The demo round: every relationship shows the archetype it was built to show -----------


def test_the_demo_relationship_pages_show_the_expected_archetypes(
    demo_client: Client, demo_data: DemoDataset
) -> None:
    org = Organization.objects.get(slug=DEMO_SLUG)
    finished = Round.objects.get(organization=org, name="Spring review")
    expected = demo_data.expected
    relationships = {
        frozenset((r.party_a.name, r.party_b.name)): r
        for r in org.relationships.select_related("party_a", "party_b")
    }
    for row in expected.itertuples(index=False):
        relationship = relationships[frozenset((row.party_a, row.party_b))]
        page = page_text(demo_client, _rel_url(finished, relationship))
        name = ARCHETYPE_NAMES[row.archetype]
        assert f'class="archetype archetype-{row.archetype}">{name}<' in page, (row, name)
        for pair in filter(None, str(row.roles).split(";")):
            party, role = pair.split(":")
            assert f"{party}: {role}" in page
        if row.archetype == "insufficient_data":
            assert "fewer than 5 respondents: not shown" in page
            assert "has 2 respondents" not in page
    overview = page_text(demo_client, _org_url(finished))
    assert "relationships called partner are partners in name only" in overview
    assert overview.count('class="archetype archetype-') == len(expected)


def test_the_demo_results_are_linked_from_the_organization_page(demo_client: Client) -> None:
    page = page_text(demo_client, reverse("orgs:detail", args=[DEMO_SLUG]))
    finished = Round.objects.get(name="Spring review")
    assert _org_url(finished) in page
    assert reverse("insights:release", args=[DEMO_SLUG, finished.pk]) in page


def test_the_demo_api_agrees_with_the_answer_key(
    demo_client: Client, demo_data: DemoDataset
) -> None:
    finished = Round.objects.get(name="Spring review")
    data = demo_client.get(_api_url(finished)).json()
    assert data["min_respondents"] == 5
    assert data["status"] == "closed"
    got = {frozenset(r["parties"]): r["archetype"] for r in data["relationships"]}
    expected = demo_data.expected
    assert got == {
        frozenset((r.party_a, r.party_b)): r.archetype for r in expected.itertuples(index=False)
    }
    legal = next(r for r in data["relationships"] if r["archetype"] == "insufficient_data")
    assert legal["sides"]["Legal"] == {
        "about": "Nimbus Cloud Services",
        "respondents": None,
        "shown": False,
        "fewer_than": 5,
    }
    assert not any("2 respondents" in reason for reason in legal["reasons"])


def test_the_demo_api_has_the_whole_organization(demo_client: Client) -> None:
    """The organization-wide views of the page are in the API too, as in `parity analyze`."""
    finished = Round.objects.get(name="Spring review")
    organization = demo_client.get(_api_url(finished)).json()["organization"]
    assert set(organization) == {"wave", "round_robin", "network", "internal_external", "trends"}
    findings = " ".join(f["sentence"] for f in organization["round_robin"]["findings"])
    # The demo's built-in effects: IT rates everyone low on voice, everyone rates Legal low.
    assert "IT rates everyone low" in findings
    assert "Legal" in findings
    page = page_text(demo_client, reverse("insights:network", args=[DEMO_SLUG, finished.pk]))
    network = organization["network"]
    assert network["sentences"][0].startswith(f"Most central: {network['central'][0]}")
    assert network["sentences"][0] in page.replace("&#x27;", "'")


# --- Anonymity: a side under a threshold --------------------------------------------------


@pytest.fixture
def small(world: World) -> Round:
    """Sales (6 respondents) and IT (3) on the world's relationship: IT is under 5."""
    round_ = make_results_round(world.org_a, [world.relationship])
    answer(round_, world.relationship, world.sales, 6)
    answer(round_, world.relationship, world.it, 3, text="IT's secret words about Sales.")
    return round_


def test_a_side_under_the_score_threshold_shows_nothing(
    world: World, small: Round, facilitator: Client
) -> None:
    page = page_text(facilitator, _rel_url(small, world.relationship))
    assert "IT</strong> about Sales: fewer than 5 respondents: not shown" in page
    assert "Sales</strong> about IT: 6 respondents" in page
    assert "secret words" not in page
    assert "3 respondents" not in page
    assert not re.search(r"\b9\b", page)  # no total over both sides
    assert "Too few answers to tell" in page
    assert "How Sales sees IT" in page  # the chart has one side only
    overview = page_text(facilitator, _org_url(small))
    assert "IT: fewer than 5" in overview
    assert "Sales: 6" in overview
    assert not re.search(r">\s*(3|9)\s*<", overview)


def test_the_api_hides_a_side_under_the_score_threshold(
    world: World, small: Round, viewer: Client
) -> None:
    (relationship,) = viewer.get(_api_url(small)).json()["relationships"]
    assert relationship["relationship_id"] == world.relationship.pk
    assert relationship["archetype"] == "insufficient_data"
    assert relationship["sides"]["IT"] == {
        "about": "Sales",
        "respondents": None,
        "shown": False,
        "fewer_than": 5,
    }
    assert relationship["sides"]["Sales"]["respondents"] == 6
    assert relationship["gaps"] == {}
    assert relationship["partnering_index"] is None
    assert "secret" not in str(relationship)
    assert "3" not in " ".join(relationship["reasons"])
    organization = viewer.get(_api_url(small)).json()["organization"]
    assert "secret" not in str(organization)
    assert organization["round_robin"] is None
    assert all(node["strength"] == 0 for node in organization["network"]["nodes"])


def test_quotes_need_the_text_threshold(world: World, facilitator: Client) -> None:
    round_ = make_results_round(world.org_a, [world.relationship])
    answer(round_, world.relationship, world.sales, 7)  # meets the text threshold of 7
    answer(round_, world.relationship, world.it, 6, text="We co-own the roadmap with {other}.")
    page = page_text(facilitator, _rel_url(round_, world.relationship))
    assert "We own the outcome jointly with IT, as equals" in page
    assert "co-own the roadmap" not in page
    assert "Quotes are shown for groups of at least 7 respondents." in page
    assert "Stance of 6 statements" in page  # IT's stance counts: it meets the score threshold
    data = facilitator.get(_api_url(round_)).json()["relationships"][0]
    assert data["sides"]["IT"]["words"]["quotes"] == []
    assert data["sides"]["IT"]["words"]["statements"] == 6
    assert data["sides"]["Sales"]["words"]["quotes"]


def test_a_rounds_thresholds_are_raised_with_the_organization_never_lowered(
    world: World, facilitator: Client
) -> None:
    round_ = make_results_round(world.org_a, [world.relationship])
    answer(round_, world.relationship, world.sales, 6)
    answer(round_, world.relationship, world.it, 4)
    assert "fewer than 5 respondents: not shown" in page_text(
        facilitator, _rel_url(round_, world.relationship)
    )
    Organization.objects.filter(pk=world.org_a.pk).update(score_threshold=3, text_threshold=3)
    page = page_text(facilitator, _rel_url(round_, world.relationship))
    assert "fewer than 5 respondents: not shown" in page
    assert "We own the outcome jointly" not in page
    Organization.objects.filter(pk=world.org_a.pk).update(score_threshold=7, text_threshold=9)
    page = page_text(facilitator, _rel_url(round_, world.relationship))
    assert page.count("fewer than 7 respondents: not shown") == 2


# --- Tenancy and roles --------------------------------------------------------------------


def _all_urls(round_: Round, relationship: Relationship) -> list[str]:
    return [
        _org_url(round_),
        _rel_url(round_, relationship),
        reverse("insights:release", args=[round_.organization.slug, round_.pk]),
        _api_url(round_),
    ]


def test_an_outsider_gets_404_on_every_results_url(
    world: World, small: Round, outsider: Client
) -> None:
    for url in _all_urls(small, world.relationship):
        assert outsider.get(url).status_code == 404, url
        assert outsider.post(url, {"action": "release"}).status_code in {404, 405}, url
    small.refresh_from_db()
    assert small.released_at is None


def test_a_round_of_another_organization_is_not_found(
    world: World, small: Round, outsider: Client
) -> None:
    """Org B's facilitator asks for org A's round under org B's own slug."""
    other = Client()
    other.force_login(world.outsider)
    for url in _all_urls(small, world.relationship):
        assert other.get(url.replace("/org-a/", "/org-b/")).status_code == 404, url


def test_a_relationship_outside_the_round_is_not_found(
    world: World, small: Round, facilitator: Client
) -> None:
    finance = make_party(world.org_a, "Finance")
    elsewhere = make_relationship(finance, world.it)
    assert facilitator.get(_rel_url(small, elsewhere)).status_code == 404


def test_a_viewer_reads_but_cannot_release(world: World, small: Round, viewer: Client) -> None:
    assert viewer.get(_org_url(small)).status_code == 200
    assert viewer.get(_rel_url(small, world.relationship)).status_code == 200
    assert viewer.get(_api_url(small)).status_code == 200
    release = reverse("insights:release", args=[world.org_a.slug, small.pk])
    assert viewer.get(release).status_code == 403
    assert viewer.post(release, {"action": "release"}).status_code == 403
    assert viewer.post(release, {"action": "links"}).status_code == 403
    small.refresh_from_db()
    assert small.released_at is None
    assert "Release the results" not in page_text(viewer, _org_url(small))


def test_the_api_needs_a_session(small: Round) -> None:
    assert Client().get(_api_url(small)).status_code == 401
    assert Client().get(_org_url(small)).status_code == 302


def test_the_results_route_is_in_the_openapi_document(world: World) -> None:
    paths = Client().get("/api/openapi.json").json()["paths"]
    assert "/api/orgs/{slug}/rounds/{round_id}/results" in paths


# --- The organization page ----------------------------------------------------------------


@pytest.fixture
def three(world: World) -> Round:
    """Sales–IT a partnership; Finance (master) and IT (servant), called business partner and
    external; HR–Sales with too few answers."""
    finance = make_party(world.org_a, "Finance")
    hr = make_party(world.org_a, "HR")
    finance.function = Function.FINANCE
    finance.save()
    world.it.function = Function.IT
    world.it.save()
    servant = make_relationship(finance, world.it, "business partner", Scope.EXTERNAL)
    thin = make_relationship(hr, world.sales, "partner")
    round_ = make_results_round(world.org_a, [world.relationship, servant, thin])
    answer(round_, world.relationship, world.sales, 5)
    answer(round_, world.relationship, world.it, 5)
    answer(round_, servant, finance, 5, answers=MASTER)
    answer(round_, servant, world.it, 5, answers=SERVANT)
    answer(round_, thin, hr, 2)
    return round_


def _row_names(page: str) -> list[str]:
    return re.findall(r'/results/\d+/">([^<]+)</a></td>', page)


def test_the_organization_page_has_a_headline(three: Round, facilitator: Client) -> None:
    page = page_text(facilitator, _org_url(three))
    assert "1 of 2 relationships called partner are partners in name only." in page
    assert "1 more called partner has too few answers to tell." in page
    assert "Master–servant" in page


def test_the_organization_page_sorts_on_the_server(three: Round, facilitator: Client) -> None:
    by_name = _row_names(page_text(facilitator, _org_url(three)))
    assert by_name == ["Finance – IT", "HR – Sales", "IT – Sales"]
    by_index = _row_names(page_text(facilitator, _org_url(three) + "?sort=index&dir=desc"))
    assert by_index == ["IT – Sales", "Finance – IT", "HR – Sales"]  # no index: last
    ascending = _row_names(page_text(facilitator, _org_url(three) + "?sort=index&dir=asc"))
    assert ascending == ["Finance – IT", "IT – Sales", "HR – Sales"]
    page = page_text(facilitator, _org_url(three) + "?sort=index&dir=desc")
    assert 'aria-sort="descending"' in page
    assert _row_names(page_text(facilitator, _org_url(three) + "?sort=nonsense")) == by_name


def test_the_organization_page_filters(three: Round, facilitator: Client) -> None:
    url = _org_url(three)
    assert _row_names(page_text(facilitator, url + "?scope=external")) == ["Finance – IT"]
    assert _row_names(page_text(facilitator, url + "?function=finance")) == ["Finance – IT"]
    both = ["Finance – IT", "IT – Sales"]
    assert _row_names(page_text(facilitator, url + "?function=it")) == both
    assert _row_names(page_text(facilitator, url + "?archetype=partnership")) == ["IT – Sales"]
    page = page_text(facilitator, url + "?archetype=detached")
    assert "No relationship matches these filters." in page
    assert "1 of 2 relationships called partner" in page  # the headline counts the whole round


def test_the_change_since_the_previous_round(world: World, facilitator: Client) -> None:
    before = make_results_round(world.org_a, [world.relationship], name="Spring", days_ago=90)
    answer(before, world.relationship, world.sales, 5, answers=SERVANT)
    answer(before, world.relationship, world.it, 5, answers=MASTER)
    after = make_results_round(world.org_a, [world.relationship], name="Autumn", days_ago=30)
    answer(after, world.relationship, world.sales, 5)
    answer(after, world.relationship, world.it, 5)
    old = results_module.round_results(before).by_relationship[world.relationship.pk]
    new = results_module.round_results(after).by_relationship[world.relationship.pk]
    assert old.partnering_index is not None
    assert new.partnering_index is not None
    change = round(new.partnering_index - old.partnering_index)
    assert change > 0
    assert f'<td class="num">+{change}</td>' in page_text(facilitator, _org_url(after))
    assert "first round, so there is no change" in page_text(facilitator, _org_url(before))


# --- The relationship page ----------------------------------------------------------------


def test_the_relationship_page_shows_every_finding(
    world: World, three: Round, facilitator: Client
) -> None:
    servant = Relationship.objects.get(party_a__name="Finance")
    page = page_text(facilitator, _rel_url(three, servant))
    for text in (
        "Master–servant",
        "Finance: master; IT: servant",
        "Partner in name only.",
        "Confidence",
        "Partnering index",
        "holds the power through",
        "Mutual need",
        "Thinks the other needs it",
        "Parity of",
        "In their own words",
        "Finance</strong> about IT: 5 respondents",
    ):
        assert text in page, text
    assert ARCHETYPE_PHRASES["master_servant"] in page  # the engine's reasons


def test_the_relationship_page_shows_the_intervals_beside_the_numbers(
    world: World, three: Round, facilitator: Client
) -> None:
    """The index, each side's partnering score, each gap, each misreading and the power gap,
    each with its 95% interval in brackets (docs/method.md §4a)."""
    servant = Relationship.objects.get(party_a__name="Finance")
    page = page_text(facilitator, _rel_url(three, servant))
    index = re.search(r"Partnering index</dt><dd>(\d+) \((\d+)–(\d+)\)", page)
    assert index, "the index has its interval"
    value, low, high = (int(x) for x in index.groups())
    assert low <= value <= high
    assert "in brackets, its 95% interval" in page
    assert re.search(r"Partnering score: Finance \d+ \(\d+–\d+\), IT \d+ \(\d+–\d+\)", page)
    assert "Gap (Finance − IT, 95% interval)" in page
    gap = r"[+−]?\d+ \([+−]?\d+ to [+−]?\d+\)"
    assert re.search(rf'<th scope="row">deference</th>.*?<strong>{gap}</strong>', page, re.S)
    misreading = rf'<td class="num">{gap}(?: <strong class="flag">misread</strong>)?</td>'
    assert re.search(misreading, page)
    assert re.search(r"a power gap of \d+ \(\d+–\d+\) points", page)


def test_the_chart_has_a_title_and_a_text_alternative(
    world: World, three: Round, facilitator: Client
) -> None:
    servant = Relationship.objects.get(party_a__name="Finance")
    page = page_text(facilitator, _rel_url(three, servant))
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg
    assert 'aria-labelledby="chart-title chart-desc"' in svg
    title = re.search(r'<title id="chart-title">([^<]+)</title>', svg)
    assert title
    assert title.group(1).startswith("Finance and IT differ most on")
    assert '<desc id="chart-desc">Scores from 0 to 100 per construct.' in svg
    for tick in ("0", "25", "50", "75", "100"):
        assert f">{tick}</text>" in svg
    assert "<circle" in svg
    assert "<polygon" in svg
    assert "The numbers behind the chart" in page
    assert '<th scope="row">deference</th>' in page


def test_an_open_round_publishes_nothing_but_its_date(world: World, viewer: Client) -> None:
    round_ = make_results_round(world.org_a, [world.relationship], closed=False)
    answer(round_, world.relationship, world.sales, 5)
    answer(round_, world.relationship, world.it, 5)
    for url in (_rel_url(round_, world.relationship), _org_url(round_)):
        page = page_text(viewer, url)
        assert "results when the round closes" in page
        assert "True partnership" not in page
        assert "We own the outcome jointly" not in page
    data = viewer.get(_api_url(round_)).json()
    assert data["status"] == "provisional"
    assert data["relationships"] == []
    assert data["organization"] == {}


def test_a_round_without_answers_reads_cleanly(world: World, facilitator: Client) -> None:
    round_ = make_results_round(world.org_a, [world.relationship])
    page = page_text(facilitator, _rel_url(round_, world.relationship))
    assert page.count("fewer than 5 respondents: not shown") == 2
    assert "<svg" not in page


# --- The cache ------------------------------------------------------------------------------


def test_the_analysis_is_cached_until_the_answers_change(
    world: World, small: Round, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = counting_analyses(monkeypatch)
    first = results_module.round_results(small)
    results_module.round_results(small)
    assert len(calls) == 1
    answer(small, world.relationship, world.it, 2)
    again = results_module.round_results(small)
    assert len(calls) == 2
    assert first.by_relationship[world.relationship.pk].archetype == "insufficient_data"
    assert again.by_relationship[world.relationship.pk].archetype != "insufficient_data"


def test_the_configured_stance_reader_reads_the_words(
    world: World, small: Round, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    """PARITY_STANCE_READER chooses the reader, and a change of reader is a new analysis."""
    readers: list[object] = []
    real = results_module.analyze

    def recording(*args: object, **kwargs: object) -> object:
        readers.append(kwargs["stance_reader"])
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(results_module, "analyze", recording)
    results_module.round_results(small)
    settings.PARITY_STANCE_READER = "embeddings"
    results_module.round_results(small)
    results_module.round_results(small)
    assert readers == ["light", "embeddings"]


def test_the_data_table_shows_how_many_answered_each_number(
    world: World, facilitator: Client
) -> None:
    """The count beside each score is the count behind it; a construct too few answered has
    neither (docs/method.md §2)."""
    round_ = make_results_round(world.org_a, [world.relationship])
    answer(round_, world.relationship, world.it, 6)
    skipped_voice = {**PARTNER, "voi1": None, "voi2": None}
    answer(round_, world.relationship, world.it, 2, answers=skipped_voice)
    no_direction = {**PARTNER, "dir1": None, "dir2": None}
    answer(round_, world.relationship, world.sales, 2)
    answer(round_, world.relationship, world.sales, 5, answers=no_direction)
    page = facilitator.get(_rel_url(round_, world.relationship)).content.decode()
    table = page.split("The numbers behind the chart")[1].split("</table>")[0]
    rows = {
        row[0]: row[1:]
        for row in (
            re.findall(r">([^<>]+)</t[hd]>", tr) for tr in re.findall(r"<tr>.*?</tr>", table, re.S)
        )
        if row
    }
    # IT first (the relationship's first party), then Sales: score, answered by, twice.
    assert rows["voice"][1:4:2] == ["6", "7"]
    assert rows["shared outcome"][1:4:2] == ["8", "7"]
    assert rows["direction"][1] == "8"
    assert rows["direction"][2:4] == ["–", "–"]
    # Each side's alpha closes the row (docs/method.md §3): none for a single item, none where
    # fewer than the threshold answered every item (Sales: 5 left DIR blank, 2 answered it).
    assert "Alpha, IT" in table
    assert "Alpha, Sales" in table
    assert rows["their need as seen"][-2:] == ["–", "–"]
    assert rows["direction"][-1] == "–"


def test_a_cached_analysis_of_another_shape_is_never_read_back() -> None:
    """The cache key carries the fields of the result classes: after an upgrade that adds a
    field, an analysis cached by the older Parity (without it) is not found."""
    import dataclasses

    from parity.core.screen import ScreenedSide

    old = dataclasses.make_dataclass("SideResult", [("scores", dict)])
    new = dataclasses.make_dataclass("SideResult", [("scores", dict), ("reliability", dict)])
    same = dataclasses.make_dataclass("SideResult", [("scores", dict)])
    assert results_module.shape_of(old) != results_module.shape_of(new)
    assert results_module.shape_of(old) == results_module.shape_of(same)
    classes = results_module.CACHED_CLASSES
    assert {results_module.Analysis, results_module.SideResult, ScreenedSide} <= set(classes)
    assert results_module.CACHE_PREFIX.endswith(results_module.shape_of(*classes))


def test_the_confidence_says_what_it_is(world: World, facilitator: Client) -> None:
    """The number beside "Confidence" is explained where it stands, in the vocabulary's words."""
    from django.utils.html import escape

    from parity.core.vocabulary import CONFIDENCE_MEANING

    round_ = make_results_round(world.org_a, [world.relationship])
    answer(round_, world.relationship, world.sales, 5)
    answer(round_, world.relationship, world.it, 5)
    page = page_text(facilitator, _rel_url(round_, world.relationship))
    assert f"of 1: {escape(CONFIDENCE_MEANING)}" in " ".join(page.split())
