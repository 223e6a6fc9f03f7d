"""A construct added to an instrument file shows, in its own words, in every output with no
code change: the terminal, the JSON, the reports, the survey and the results pages.

The file is TPI-1 with one more construct, "Joint innovation" (``INNO``, two items), given as
a user would write it; nothing in Parity names it anywhere else.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import timedelta
from importlib import import_module
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.integration.web.builders import World, page_text
from tests.integration.web.insights_builders import PARTNER, answer, make_results_round
from tests.integration.web.survey_builders import make_code, make_round

from parity.cli.main import cli
from parity.core import instrument as instrument_module
from parity.core.instrument import Instrument, default_instrument, parse_instrument_toml
from parity.demo import DemoDataset
from parity.web.surveys.answering import survey_pages
from parity.web.surveys.models import Round

NAME = "Joint innovation"
MEANING = "We try new things with them and share what we learn."
ITEM = "We and {other} try out new ideas together."
ITEM_2 = "We learn from {other} as much as it learns from us."
CUSTOM_ID = "TPI-1-INNO"


def custom_text() -> str:
    """TPI-1's file with the construct appended, as a user would add it."""
    path = Path(instrument_module.__file__).parent / "instruments" / "tpi-1.toml"
    text = path.read_text(encoding="utf-8").replace('id = "TPI-1"', f'id = "{CUSTOM_ID}"', 1)
    return (
        text
        + f'\n[constructs.INNO]\nname = "{NAME}"\nmeaning = "{MEANING}"\n'
        + f'\n[[items]]\nid = "INNO1"\ntext = "{ITEM}"\n'
        + f'\n[[items]]\nid = "INNO2"\ntext = "{ITEM_2}"\n'
    )


@pytest.fixture
def files(tmp_path: Path, demo_data: DemoDataset) -> tuple[Path, Path, Path]:
    """The demo's answers with the new items (one side of each pair high, the other low), the
    relationships file and the custom instrument file."""
    responses = demo_data.responses.copy()
    high = responses["party"] < responses["about"]
    responses["INNO1"] = high.map({True: 7, False: 2})
    responses["INNO2"] = high.map({True: 6, False: 2})
    paths = (tmp_path / "responses.csv", tmp_path / "relationships.csv", tmp_path / "inno.toml")
    responses.to_csv(paths[0], index=False)
    demo_data.relationships.to_csv(paths[1], index=False)
    paths[2].write_text(custom_text(), encoding="utf-8")
    return paths


def _run(*args: str | Path) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_terminal_and_the_json_show_the_new_construct(files: tuple[Path, Path, Path]) -> None:
    responses, relationships, custom = files
    shown = _run("analyze", responses, "-r", relationships, "--instrument", custom, "--scores")
    assert NAME in shown
    data = json.loads(
        _run("analyze", responses, "-r", relationships, "--instrument", custom, "--format", "json")
    )
    assert data["instrument"]["id"] == CUSTOM_ID
    pair = next(r for r in data["relationships"] if r["parties"] == ["Marketing", "Sales"])
    scores = {party: side["scores"]["INNO"] for party, side in pair["sides"].items()}
    # (7 + 6) / 2 on 1-7 is 91.7 on 0-100; (2 + 2) / 2 is 16.7.
    assert scores == {"Marketing": pytest.approx(91.667), "Sales": pytest.approx(16.667)}
    assert pair["gaps"]["INNO"] == pytest.approx(75.0)
    # The new construct's gap has its interval from the same resamples (every answer alike on
    # each side here, so the interval is the gap itself), and a 75-point gap is named.
    assert pair["gaps_ci95"]["INNO"] == pytest.approx([75.0, 75.0])
    assert "INNO" in pair["named"]["gaps"]


def test_the_reports_chart_and_explain_the_new_construct(
    files: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    responses, relationships, custom = files
    one = tmp_path / "pair.html"
    _run(*("report", responses, "-r", relationships, "--instrument", custom, "-o", one),
         "--relationship", "Marketing|Sales")  # fmt: skip
    html = one.read_text(encoding="utf-8")
    assert "joint innovation" in html  # the profile chart's row
    assert "26 statements to agree or disagree with" in html  # TPI-1's 24 and the two new
    assert f'<th scope="row">{NAME}</th><td>{MEANING}</td>' in html  # the glossary
    whole = tmp_path / "organization.html"
    _run("report", responses, "-r", relationships, "--instrument", custom, "-o", whole)
    assert f'<th scope="row">{NAME}</th><td>{MEANING}</td>' in whole.read_text("utf-8")


@pytest.fixture
def shipped(monkeypatch: pytest.MonkeyPatch) -> Iterator[Instrument]:
    """The custom file shipped beside TPI-1, as adding it to ``core/instruments/`` would."""
    custom = parse_instrument_toml(custom_text(), "inno.toml")
    both: Mapping[str, Instrument] = {"TPI-1": default_instrument(), CUSTOM_ID: custom}
    # The coaching prompts' findings are named from the shipped instruments once, when their
    # module is first imported: that must not happen while this replacement stands.
    import_module("parity.core.coaching.findings")
    monkeypatch.setattr(instrument_module, "shipped_instruments", lambda: both)
    yield custom
    survey_pages.cache_clear()


def test_the_survey_asks_the_new_items(world: World, shipped: Instrument) -> None:
    asking = make_round(world.org_a, [world.relationship])
    asking.instrument = CUSTOM_ID
    asking.save()
    link = reverse("surveys:answer", args=[make_code(asking, world.relationship, world.it)])
    count = len(survey_pages(CUSTOM_ID))
    last_items = page_text(Client(), f"{link}?page={count - 1}")
    assert "More about working together" in last_items
    assert "We and Sales try out new ideas together." in last_items
    last = page_text(Client(), f"{link}?page={count}")
    assert "You answered 0 of 26 statements" in last  # TPI-1's 24 items and the two new ones


def test_the_results_pages_and_api_show_the_new_construct(
    world: World, facilitator: Client, shipped: Instrument
) -> None:
    finished = make_results_round(world.org_a, [world.relationship])
    finished.instrument = CUSTOM_ID
    finished.save()
    answer(
        finished, world.relationship, world.sales, 5, answers={**PARTNER, "inno1": 7, "inno2": 7}
    )
    answer(finished, world.relationship, world.it, 5, answers={**PARTNER, "inno1": 1, "inno2": 1})
    url = reverse(
        "insights:relationship", args=[world.org_a.slug, finished.pk, world.relationship.pk]
    )
    assert "joint innovation" in page_text(facilitator, url)
    api = facilitator.get(f"/api/orgs/{world.org_a.slug}/rounds/{finished.pk}/results").json()
    (result,) = api["relationships"]
    assert {p: side["scores"]["INNO"] for p, side in result["sides"].items()} == {
        "Sales": 100.0,
        "IT": 0.0,
    }
    assert pd.notna(result["gaps"]["INNO"])


def test_the_survey_offers_the_instruments_own_scale(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scale is the instrument file's too: a five-point instrument asks 1 to 5."""
    five = (
        custom_text()
        .replace("scale_max = 7", "scale_max = 5")
        .replace('"Somewhat disagree", ', "")
        .replace('"Somewhat agree", ', "")
    )
    custom = parse_instrument_toml(five, "five.toml")
    both: Mapping[str, Instrument] = {"TPI-1": default_instrument(), CUSTOM_ID: custom}
    # The coaching prompts' findings are named from the shipped instruments once, when their
    # module is first imported: that must not happen while this replacement stands.
    import_module("parity.core.coaching.findings")
    monkeypatch.setattr(instrument_module, "shipped_instruments", lambda: both)
    asking = make_round(world.org_a, [world.relationship])
    asking.instrument = CUSTOM_ID
    asking.save()
    link = reverse("surveys:answer", args=[make_code(asking, world.relationship, world.it)])
    first = page_text(Client(), link)
    assert "choose from 1 (strongly disagree) to 5 (strongly agree)" in " ".join(first.split())
    assert 'id="out1-5"' in first
    assert 'id="out1-6"' not in first
    refused = Client().post(link, {"page": "1", "action": "next", "out1": "6"})
    assert refused.status_code == 400
    assert "choose a number from 1 to 5" in refused.content.decode()
    survey_pages.cache_clear()


def test_a_facilitator_chooses_the_survey_once_parity_ships_two(
    world: World, facilitator: Client, shipped: Instrument
) -> None:
    new = reverse("surveys:round-create", args=[world.org_a.slug])
    form = page_text(facilitator, new)
    assert "Survey" in form
    assert f'<option value="{CUSTOM_ID}">' in form
    now = timezone.localtime()
    data = {
        "name": "Innovation review",
        "opens_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"),
        "instrument": CUSTOM_ID,
        "relationships": [world.relationship.pk],
    }
    assert facilitator.post(new, data).status_code == 302
    assert Round.objects.get(name="Innovation review").instrument == CUSTOM_ID


def test_with_one_instrument_shipped_there_is_nothing_to_choose(
    world: World, facilitator: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    only: Mapping[str, Instrument] = {"TPI-1": default_instrument()}
    monkeypatch.setattr(instrument_module, "shipped_instruments", lambda: only)
    form = page_text(facilitator, reverse("surveys:round-create", args=[world.org_a.slug]))
    assert 'name="instrument"' not in form
