"""Downloading a round's anonymised raw data (CSV, Excel, SPSS, and the API's JSON): for the
organization's members only, once the round is published, and under the anonymity rules, each
checked here as an attack that would succeed if the rule were missing."""

from __future__ import annotations

import csv
import io
import os
import tempfile
import time
from typing import Any

import pyreadstat
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from tests.integration.web.builders import World
from tests.integration.web.insights_builders import PARTNER, answer, make_results_round

from parity.io.raw_export import _csv_cell
from parity.web.insights.memo import forget_everything
from parity.web.orgs.models import Party, Relationship
from parity.web.surveys.models import Response, Round, item_fields

FORMATS = ("csv", "xlsx", "sav")
IT_WORDS = "We serve Sales and do whatever they ask, we never say no to Sales."
IT_FRAGMENT = "we never say no to Sales"
KEPT_WORDS = "We plan the quarter together and both sides keep their promises."
HIDDEN_WORDS = "The night shift carries the whole release and nobody thanks them for it."
ROLES = ["Business partner", "Administrator"]


def _url(round_: Round, fmt: str) -> str:
    return reverse("insights:raw_data", args=[round_.organization.slug, round_.pk, fmt])


def _api(round_: Round) -> str:
    return f"/api/orgs/{round_.organization.slug}/rounds/{round_.pk}/results/raw"


def _respond(
    round_: Round,
    relationship: Relationship,
    party: Party,
    *,
    text: str = "",
    attributes: dict[str, str] | None = None,
    answers: dict[str, int] | None = None,
) -> Response:
    """One response of ``party`` about the other side of ``relationship``."""
    other = relationship.party_b if party == relationship.party_a else relationship.party_a
    values = answers or PARTNER
    return Response.objects.create(
        round=round_,
        relationship=relationship,
        party=party,
        about=other,
        purpose=text,
        answers={item: values[item] for item in item_fields(round_.questions()) if item in values},
        attributes=attributes or {},
    )


def _download(client: Client, round_: Round, fmt: str) -> bytes:
    response = client.get(_url(round_, fmt))
    assert response.status_code == 200, fmt
    assert response["Content-Disposition"].startswith("attachment;"), fmt
    assert response["Cache-Control"] == "no-store"
    return bytes(response.content)


def _csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def _sheets(content: bytes) -> dict[str, list[list[Any]]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


def _sheet_dicts(rows: list[list[Any]]) -> list[dict[str, Any]]:
    head, *body = rows
    # A row ends at its last value: blank cells after it are not written.
    return [dict(zip(head, row + [None] * (len(head) - len(row)), strict=True)) for row in body]


def _sav(content: bytes) -> tuple[Any, Any]:
    handle, path = tempfile.mkstemp(suffix=".sav")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        return pyreadstat.read_sav(path)
    finally:
        os.unlink(path)


def _all_formats(client: Client, round_: Round) -> dict[str, Any]:
    """Every format's content, read back: CSV rows, the workbook's sheets, the SPSS frame and
    the API's rows, plus each file's bytes."""
    raw = {fmt: _download(client, round_, fmt) for fmt in FORMATS}
    api = client.get(_api(round_))
    assert api.status_code == 200
    frame, meta = _sav(raw["sav"])
    return {
        "raw": raw,
        "csv": _csv_rows(raw["csv"]),
        "xlsx": _sheets(raw["xlsx"]),
        "sav": frame,
        "meta": meta,
        "api": api.json()["rows"],
        "api_text": api.content.decode(),
    }


def _everything_as_text(found: dict[str, Any]) -> str:
    """All the values of every format as one text, for checks that something is nowhere."""
    parts = [found["raw"]["csv"].decode("utf-8-sig"), found["api_text"]]
    parts += [repr(found["xlsx"]), found["sav"].to_csv()]
    return "\n".join(parts)


@pytest.fixture
def small(world: World) -> Round:
    """Sales (8 respondents, all writing) is shown and quoted; IT (3) is under the score
    threshold of 5, and writes words that must appear nowhere."""
    round_ = make_results_round(world.org_a, [world.relationship])
    answer(round_, world.relationship, world.sales, 8, text=KEPT_WORDS)
    answer(round_, world.relationship, world.it, 3, text=IT_WORDS)
    return round_


def test_a_side_under_the_score_threshold_has_no_respondent_rows_in_any_format(
    world: World, small: Round, facilitator: Client
) -> None:
    found = _all_formats(facilitator, small)
    assert {r["party"] for r in found["csv"]} == {"Sales"}
    assert {r["respondent"] for r in found["csv"]} == {str(i) for i in range(1, 9)}
    respondents = _sheet_dicts(found["xlsx"]["respondents"])
    assert [r["party"] for r in respondents] == ["Sales"] * 8
    assert list(found["sav"]["party"]) == ["Sales"] * 8
    assert {r["party"] for r in found["api"]} == {"Sales"}
    text = _everything_as_text(found)
    assert IT_FRAGMENT not in text
    # The side appears among the sides with no count and no score, as the results show it.
    sides = {s["party"]: s for s in _sheet_dicts(found["xlsx"]["sides"])}
    assert sides["IT"]["shown"] is False
    assert sides["IT"]["respondents"] is None
    assert sides["IT"]["fewer_than"] == 5
    assert sides["IT"]["partnering_score"] is None
    assert all(sides["IT"][c] is None for c in ("OUT", "TRS"))
    assert sides["Sales"]["respondents"] == 8
    assert sides["Sales"]["OUT"] is not None


def test_the_workbook_has_a_sheet_per_level(small: Round, viewer: Client) -> None:
    sheets = _sheets(_download(viewer, small, "xlsx"))
    assert list(sheets) == ["respondents", "sides", "relationships", "organization"]
    relationships = _sheet_dicts(sheets["relationships"])
    assert [(r["relationship"], r["party_a"], r["party_b"]) for r in relationships] == [
        (1, "IT", "Sales")
    ]
    assert relationships[0]["archetype"] == "insufficient_data"
    head = sheets["respondents"][0]
    assert head[:8] == [
        "respondent",
        "relationship",
        "party",
        "about",
        "role",
        "level",
        "location",
        "tenure",
    ]
    assert "OUT1" in head
    assert "purpose" not in head  # words are never joined to ratings
    organization = dict(sheets["organization"][1:])
    assert organization["score_threshold"] == 5
    assert organization["text_threshold"] == 7
    assert organization["flagged_respondents"] == "left out"


def test_words_are_never_joined_to_anyones_ratings(world: World, facilitator: Client) -> None:
    """Eight writers pass the text threshold of 7, and the pages quote them; a row that joined
    one person's words to their ratings would tell, by the words, who rated what."""
    round_ = make_results_round(world.org_a, [world.relationship])
    answer(round_, world.relationship, world.sales, 4, text=KEPT_WORDS)
    answer(round_, world.relationship, world.sales, 4, text=HIDDEN_WORDS)
    answer(round_, world.relationship, world.it, 5)
    found = _all_formats(facilitator, round_)
    text = _everything_as_text(found)
    assert KEPT_WORDS not in text
    assert "night shift" not in text
    assert not [r for r in found["csv"] if r["question"] == "purpose"]
    workbook = load_workbook(io.BytesIO(_download(facilitator, round_, "xlsx")))
    head = [c.value for c in workbook["respondents"][1]]
    assert "purpose" not in head
    assert len({r["respondent"] for r in found["csv"]}) == 13  # the rows are all there


def test_an_attribute_group_of_one_is_blank(world: World, facilitator: Client) -> None:
    round_ = make_results_round(world.org_a, [world.relationship])
    Round.objects.filter(pk=round_.pk).update(attributes={"role": ROLES})
    # Sales: five and five, both groups may be shown. IT: five and one administrator.
    for role in ["Business partner"] * 5 + ["Administrator"] * 5:
        _respond(round_, world.relationship, world.sales, attributes={"role": role})
    for role in ["Business partner"] * 5 + ["Administrator"]:
        _respond(round_, world.relationship, world.it, attributes={"role": role})
    found = _all_formats(facilitator, round_)
    csv_roles = {(r["party"], r["respondent"]): r["role"] for r in found["csv"]}
    sales = [role for (party, _), role in csv_roles.items() if party == "Sales"]
    it = [role for (party, _), role in csv_roles.items() if party == "IT"]
    assert sorted(sales) == sorted(["Business partner"] * 5 + ["Administrator"] * 5)
    # Showing IT's five business partners would single out the one left blank.
    assert it == [""] * 6
    for rows in (
        _sheet_dicts(found["xlsx"]["respondents"]),
        found["sav"].to_dict(orient="records"),
        found["api"],
    ):
        assert {r["role"] or "" for r in rows if r["party"] == "IT"} == {""}
        assert {r["role"] or "" for r in rows if r["party"] == "Sales"} == set(ROLES)


def test_attributes_are_given_together_only_when_no_cell_is_small(
    world: World, facilitator: Client
) -> None:
    round_ = make_results_round(world.org_a, [world.relationship])
    Round.objects.filter(pk=round_.pk).update(
        attributes={"role": ROLES, "location": ["North", "South"]}
    )
    # Each role and each location alone has five, but a business partner in the south is one.
    people = [("Business partner", "North")] * 4 + [("Business partner", "South")]
    people += [("Administrator", "South")] * 4 + [("Administrator", "North")]
    for role, location in people:
        _respond(
            round_,
            world.relationship,
            world.sales,
            attributes={"role": role, "location": location},
        )
    answer(round_, world.relationship, world.it, 5)
    rows = [r for r in _all_formats(facilitator, round_)["csv"] if r["party"] == "Sales"]
    assert {r["role"] for r in rows} == set(ROLES)
    assert {r["location"] for r in rows} == {""}


def test_two_exports_are_byte_identical(small: Round, facilitator: Client) -> None:
    first = {fmt: _download(facilitator, small, fmt) for fmt in FORMATS}
    first_api = facilitator.get(_api(small)).content
    # Long enough for a file's own clock (seconds, or a zip's two seconds) to move on, and
    # with the analysis made afresh.
    time.sleep(2.1)
    cache.clear()
    forget_everything()
    for fmt in FORMATS:
        assert _download(facilitator, small, fmt) == first[fmt], fmt
    assert facilitator.get(_api(small)).content == first_api


def _ordered_round(world: World, name: str, order: list[int]) -> Round:
    round_ = make_results_round(world.org_a, [world.relationship], name=name)
    for i in order:
        _respond(round_, world.relationship, world.sales, answers=_told_apart(i))
    answer(round_, world.relationship, world.it, 5)
    return round_


def _told_apart(i: int) -> dict[str, int]:
    """Respondent ``i``'s answers: the partner's, with OUT1 and OUT2 telling them apart."""
    return {**PARTNER, "out1": 1 + i % 7, "out2": 1 + i // 7}


def _pair(answers: dict[str, object]) -> tuple[int, int]:
    """OUT1 and OUT2 of one respondent, from the export (OUT1) or as stored (out1)."""
    low = {key.lower(): value for key, value in answers.items()}
    return (int(float(str(low["out1"]))), int(float(str(low["out2"]))))


def test_the_order_of_the_rows_follows_their_content_not_their_storage(
    world: World, facilitator: Client
) -> None:
    order = [3, 1, 4, 8, 5, 2, 7, 6]
    forwards = _ordered_round(world, "Forwards", order)
    backwards = _ordered_round(world, "Backwards", list(reversed(order)))
    for fmt in ("csv", "sav"):
        # Same answers stored in opposite orders (and under other ids): the same rows.
        a, b = _download(facilitator, forwards, fmt), _download(facilitator, backwards, fmt)
        if fmt == "csv":
            assert a == b
        else:
            assert _sav(a)[0].equals(_sav(b)[0])
    rows = _csv_rows(_download(facilitator, forwards, "csv"))
    sales = [r for r in rows if r["party"] == "Sales"]
    by_respondent: dict[str, dict[str, object]] = {}
    for row in sales:
        by_respondent.setdefault(row["respondent"], {})[row["question"]] = row["rating"]
    written = [_pair(answers) for answers in by_respondent.values()]
    stored_rows = Response.objects.filter(round=forwards, party=world.sales).order_by("id")
    stored = [_pair(r.answers) for r in stored_rows]
    assert sorted(written) == sorted(stored)
    assert written != stored
    assert written != [_pair(dict(_told_apart(i))) for i in order]
    assert len(set(written)) == len(order)  # every respondent told apart: the check can fail


def test_no_stored_id_appears(world: World, small: Round, facilitator: Client) -> None:
    found = _all_formats(facilitator, small)
    text = _everything_as_text(found)
    for response in Response.objects.filter(round=small):
        assert str(response.pk) not in text
        assert response.pk.hex not in text
    numbers = [r["respondent"] for r in _sheet_dicts(found["xlsx"]["respondents"])]
    assert numbers == list(range(1, 9))
    assert sorted({r["respondent"] for r in found["api"]}) == list(range(1, 9))
    # Nor any time: the round's dates are in no file.
    for moment in (small.opens_at, small.closes_at):
        assert moment.date().isoformat() not in text


def test_an_outsider_gets_404_and_a_stranger_must_sign_in(small: Round, outsider: Client) -> None:
    for fmt in FORMATS:
        url = _url(small, fmt)
        response = outsider.get(url)
        assert response.status_code == 404, url
        assert KEPT_WORDS.encode() not in response.content
        assert outsider.get(url.replace("/org-a/", "/org-b/")).status_code == 404, url
        anonymous = Client().get(url)
        assert anonymous.status_code == 302, url
        assert "/login" in anonymous["Location"], url
    api = outsider.get(_api(small))
    assert api.status_code == 404
    assert KEPT_WORDS.encode() not in api.content


def test_an_open_round_is_refused(world: World, viewer: Client) -> None:
    round_ = make_results_round(world.org_a, [world.relationship], closed=False)
    answer(round_, world.relationship, world.sales, 8, text=KEPT_WORDS)
    answer(round_, world.relationship, world.it, 5)
    for fmt in FORMATS:
        response = viewer.get(_url(round_, fmt))
        assert "attachment" not in response.get("Content-Disposition", ""), fmt
        assert "results when the round closes" in response.content.decode(), fmt
        assert KEPT_WORDS.encode() not in response.content
    api = viewer.get(_api(round_))
    assert api.status_code == 404
    assert KEPT_WORDS.encode() not in api.content


def test_unknown_formats_and_posts_are_refused(small: Round, facilitator: Client) -> None:
    assert facilitator.get(_url(small, "json")).status_code == 404
    assert facilitator.post(_url(small, "csv")).status_code == 405


def test_the_spss_file_reads_back_with_its_labels(small: Round, viewer: Client) -> None:
    frame, meta = _sav(_download(viewer, small, "sav"))
    assert len(frame) == 8
    labels = meta.column_names_to_labels
    assert labels["OUT1"] == "We and the other side work toward the same business outcome."
    assert "purpose" not in labels  # words are never joined to ratings
    assert meta.variable_value_labels["OUT1"][1] == "Strongly disagree"
    assert meta.variable_value_labels["OUT1"][7] == "Strongly agree"
    assert set(frame["OUT1"]) <= {float(v) for v in range(1, 8)}
    assert list(frame["respondent"]) == [float(i) for i in range(1, 9)]


def test_the_long_format(small: Round, facilitator: Client) -> None:
    rows = _csv_rows(_download(facilitator, small, "csv"))
    assert list(rows[0]) == [
        "respondent",
        "relationship",
        "party",
        "about",
        "role",
        "level",
        "location",
        "tenure",
        "question",
        "construct",
        "rating",
    ]
    first = [r for r in rows if r["respondent"] == "1"]
    assert len(first) == len(item_fields(small.questions()))
    assert all(r["rating"] in {str(v) for v in range(1, 8)} for r in first)
    assert first[0]["construct"]
    # The API gives the same rows, typed.
    api = facilitator.get(_api(small)).json()
    assert (api["score_threshold"], api["text_threshold"], api["kept_flagged"]) == (5, 7, False)
    as_text = [{k: "" if v is None else str(v) for k, v in row.items()} for row in api["rows"]]
    assert as_text == rows


def test_the_results_page_offers_the_downloads(small: Round, viewer: Client) -> None:
    page = viewer.get(
        reverse("insights:organization", args=[small.organization.slug, small.pk])
    ).content.decode()
    assert "Raw data (anonymised)" in page
    for fmt in FORMATS:
        assert _url(small, fmt) in page


@pytest.mark.parametrize("keep", [False, True])
def test_the_rounds_flagged_respondent_choice_applies_as_on_the_results_pages(
    world: World, facilitator: Client, keep: bool
) -> None:
    round_ = make_results_round(world.org_a, [world.relationship])
    Round.objects.filter(pk=round_.pk).update(keep_flagged=keep)
    answer(round_, world.relationship, world.sales, 5)
    same = dict.fromkeys(PARTNER, 4)  # the same answer throughout: flagged as straight-line
    for _ in range(5):
        _respond(round_, world.relationship, world.sales, answers=same)
    answer(round_, world.relationship, world.it, 5)
    found = _all_formats(facilitator, round_)
    sales = {r["respondent"] for r in found["csv"] if r["party"] == "Sales"}
    sides = {s["party"]: s for s in _sheet_dicts(found["xlsx"]["sides"])}
    assert len(sales) == sides["Sales"]["respondents"] == (10 if keep else 5)
    fours = [r for r in _sheet_dicts(found["xlsx"]["respondents"]) if r["OUT1"] == r["DEF1"] == 4]
    assert len(fours) == (5 if keep else 0)


def test_an_item_too_few_of_a_side_answered_is_blank(world: World, facilitator: Client) -> None:
    round_ = make_results_round(world.org_a, [world.relationship])
    skipped = {item: value for item, value in PARTNER.items() if item != "out1"}
    for i in range(6):
        _respond(round_, world.relationship, world.sales, answers=PARTNER if i < 2 else skipped)
    answer(round_, world.relationship, world.it, 5)
    rows = _sheet_dicts(_sheets(_download(facilitator, round_, "xlsx"))["respondents"])
    sales = [r for r in rows if r["party"] == "Sales"]
    assert len(sales) == 6
    assert [r["OUT1"] for r in sales] == [None] * 6  # two answers: one could be told apart
    assert all(r["OUT2"] is not None for r in sales)


def test_text_that_looks_like_a_formula_stays_text() -> None:
    for formula in ("=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx"):
        assert _csv_cell(formula) == "'" + formula
    assert _csv_cell("We decide together") == "We decide together"
    assert _csv_cell(None) == ""
