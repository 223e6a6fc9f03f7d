"""The tables of the results pages as a facilitator reads them on a laptop: every column is at
least as wide as its longest word, so that no word is broken ("Departme/nt", "Relationshi/ps")
where the screen has room for it. (On a phone a table's cells may break anywhere so that its
actions stay on screen: parity.css.)"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from tests.browser.chromium import NO_PLAYWRIGHT

pytest.importorskip("playwright.sync_api", reason=NO_PLAYWRIGHT)

from playwright.sync_api import Page, expect
from tests.browser.people import sign_in
from tests.integration.web.builders import make_org, make_party, make_relationship
from tests.integration.web.insights_builders import answer, make_results_round

from parity.web.orgs.models import PartyKind, Role, Scope

#: Each table cell whose longest word is wider than the cell's room for text, as "text: word".
_BROKEN_WORDS = """() => {
  const measure = document.createElement("canvas").getContext("2d");
  const broken = [];
  for (const cell of document.querySelectorAll("main th, main td")) {
    const style = getComputedStyle(cell);
    measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    for (const word of cell.innerText.split(/\\s+|(?<=-)/).filter(Boolean)) {
      if (measure.measureText(word).width > room + 1) broken.push(`${cell.innerText}: ${word}`);
    }
  }
  return broken;
}"""

#: A label as long as some are: the widest column, which the others must still make room beside.
LABEL = (
    "strategic partner for warehousing, transport and the returns of the northern stores, "
    "under the framework agreement signed for three years"
)
PARTIES = (
    ("Finance", PartyKind.DEPARTMENT),
    ("Human Resources", PartyKind.DEPARTMENT),
    ("Procurement", PartyKind.DEPARTMENT),
    ("Nimbus Cloud Services", PartyKind.OUTSIDE_FIRM),
    ("Quayside Logistics", PartyKind.OUTSIDE_FIRM),
)


def _closed_round(username: str) -> tuple[str, str]:
    """A closed round over a small map with long names; its results and network pages."""
    org = make_org("Harbour Retail", "harbour", **{username: Role.FACILITATOR})
    parties = [make_party(org, name, kind) for name, kind in PARTIES]
    hub = parties[0]
    relationships = [
        make_relationship(
            hub,
            other,
            label=LABEL,
            scope=Scope.EXTERNAL if other.kind == PartyKind.OUTSIDE_FIRM else Scope.INTERNAL,
        )
        for other in parties[1:]
    ]
    round_ = make_results_round(org, relationships)
    for relationship in relationships:
        answer(round_, relationship, relationship.party_a, 5)
        answer(round_, relationship, relationship.party_b, 5)
    results = reverse("insights:organization", args=["harbour", round_.pk])
    return results, results + "network/"


def _no_word_is_broken(page: Page, what: str) -> None:
    broken = page.evaluate(_BROKEN_WORDS)
    assert not broken, f"{what}: words broken inside a table cell: {broken[:6]}"


def test_no_word_is_broken_in_the_results_tables_on_a_laptop(
    base_url: str, facilitator_account: tuple[str, str], laptop: Page, settings: Any
) -> None:
    results, network = _closed_round(facilitator_account[0])
    sign_in(laptop, base_url, *facilitator_account)
    laptop.goto(base_url + network)
    expect(laptop.get_by_role("heading", name="Who is central")).to_be_visible()
    _no_word_is_broken(laptop, "the network page")
    laptop.goto(base_url + results)
    expect(laptop.get_by_role("heading", level=1)).to_contain_text("Spring")
    _no_word_is_broken(laptop, "the organization's results page")
