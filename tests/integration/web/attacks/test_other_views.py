"""Other views of the same answers: the command line, and words that name someone.

The web application hides sides under 5 respondents and quotes under 7; ``parity analyze``
defaulted to 3 for both and accepted 1, so an analyst given the export saw what the pages hide.
The promise: one policy for every view, never below 3, with the web's defaults. And a quote is
never shown when its words name a person, however large the side.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from django.test import Client
from tests.integration.web.attacks.kit import (
    ITEMS,
    PARTNER,
    PARTNER_TEXT,
    QUESTIONS,
    SERVANT,
    Scene,
    answer,
    ballots,
    side_of,
    signed_in,
)
from tests.integration.web.builders import World

from parity.cli.main import cli

NAMED = "I am Jane Doe, the only controller in Finance, and we decide together as equal partners."
SIX_VOICES = [f"Wombat{k}: " + PARTNER_TEXT.format(other="Sales") for k in "ABCDEF"]


def _analyze(*args: str) -> Result:
    return CliRunner().invoke(cli, ["analyze", *args], env={"COLUMNS": "240"})


def _responses(
    path: Path, sides: dict[tuple[str, str], list[tuple[dict[str, int | None], str]]]
) -> Path:
    """A responses file: for each (party, about), rows of (answers, purpose text)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["respondent", "party", "about", *(i.upper() for i in ITEMS), *QUESTIONS])
        n = 0
        for (party, about), rows in sides.items():
            for values, text in rows:
                n += 1
                cells = ["" if values[i] is None else values[i] for i in ITEMS]
                out.writerow([f"R{n:03d}", party, about, *cells, text, "", "", ""])
    return path


def _relationships(path: Path) -> Path:
    path.write_text("party_a,party_b,label,scope\nSales,IT,partner,internal\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("threshold", ["1", "2"])
def test_the_command_line_refuses_a_threshold_below_three(tmp_path: Path, threshold: str) -> None:
    responses = _responses(
        tmp_path / "r.csv",
        {("IT", "Sales"): [(PARTNER, "")] * 5, ("Sales", "IT"): [(PARTNER, "")] * 5},
    )
    result = _analyze(str(responses), "--min-respondents", threshold)
    assert result.exit_code != 0, f"--min-respondents {threshold} was accepted"
    assert "min-respondents" in result.output, result.output
    assert "3" in result.output, "the refusal names the smallest threshold allowed"


def test_the_command_line_hides_a_side_of_four_by_default(tmp_path: Path) -> None:
    """Differential: two files that differ only in what IT's four respondents said. If the
    default output differs, it shows something of those four."""
    relationships = _relationships(tmp_path / "rel.csv")
    sales = [(PARTNER, "")] * 6
    outputs = {}
    for name, it in (("partners", PARTNER), ("servants", SERVANT)):
        responses = _responses(
            tmp_path / f"{name}.csv", {("IT", "Sales"): [(it, "")] * 4, ("Sales", "IT"): sales}
        )
        table = _analyze(str(responses), "-r", str(relationships))
        as_json = _analyze(str(responses), "-r", str(relationships), "--format", "json")
        assert table.exit_code == as_json.exit_code == 0, table.output + as_json.output
        it_side = side_of(json.loads(as_json.output), "IT")
        assert not it_side.get("scores"), f"IT's four are shown: {it_side.get('scores')}"
        outputs[name] = table.output
    assert outputs["partners"] == outputs["servants"], "the table repeats what IT's four said"


def test_the_command_line_quotes_no_side_of_six_by_default(tmp_path: Path) -> None:
    responses = _responses(
        tmp_path / "r.csv",
        {
            ("IT", "Sales"): [(PARTNER, voice) for voice in SIX_VOICES],
            ("Sales", "IT"): [(PARTNER, "")] * 6,
        },
    )
    relationships = _relationships(tmp_path / "rel.csv")
    for fmt in ("table", "json"):
        result = _analyze(str(responses), "-r", str(relationships), "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "Wombat" not in result.output, f"the {fmt} output quotes a side of six writers"


def test_the_command_line_never_quotes_words_that_name_someone(tmp_path: Path) -> None:
    writers = [(PARTNER, PARTNER_TEXT.format(other="IT"))] * 11 + [(PARTNER, NAMED)]
    responses = _responses(
        tmp_path / "r.csv", {("Sales", "IT"): writers, ("IT", "Sales"): [(PARTNER, "")] * 12}
    )
    relationships = _relationships(tmp_path / "rel.csv")
    for fmt in ("table", "json"):
        result = _analyze(str(responses), "-r", str(relationships), "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "Jane Doe" not in result.output, f"the {fmt} output quotes a named person"


def test_words_that_name_someone_are_never_quoted_on_the_web(
    world: World, facilitator: Client
) -> None:
    """Twelve Sales members write about IT (well over the quote threshold of 7); one of them
    names herself. Her words must not be quoted by the API, the pages or the report."""
    reader = signed_in(world.facilitator)
    scene = Scene.open(facilitator, "org-a", world.relationship)
    sales_links = scene.codes(world.sales, 12)
    for link, items in zip(sales_links[:11], ballots(PARTNER, 11), strict=True):
        answer(link, items, {"purpose": PARTNER_TEXT.format(other="IT")})
    answer(sales_links[11], PARTNER, {"purpose": NAMED})
    for link, items in zip(scene.codes(world.it, 5), ballots(PARTNER, 5), strict=True):
        answer(link, items)
    scene.close()
    views = scene.views(reader)
    quotes = (side_of(views.api, "Sales").get("words") or {}).get("quotes") or []
    assert quotes, "a side of twelve writers is quoted (the attack needs quotes to be shown)"
    published = {"API": str(views.api), **views.pages}
    leaks = [where for where, text in published.items() if "Jane Doe" in (text or "")]
    assert not leaks, f"words naming a person are quoted in: {leaks}"
