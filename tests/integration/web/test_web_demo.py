"""The demo organization in the database: loaded once, with the demo's answers."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.test import Client

from parity.core.instrument import default_instrument
from parity.demo import DemoDataset
from parity.demo.company import PARTIES, RELATIONSHIPS
from parity.web.demo_loader import CODES_PER_SIDE, DEMO_SLUG, ensure_demo
from parity.web.orgs.models import Organization
from parity.web.surveys.models import Invitation, Response, Round, RoundState, item_fields

ITEM_FIELDS = item_fields(default_instrument())


@pytest.fixture
def loaded(tmp_path: Path, db: None, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PARITY_DEMO_PASSWORD", "harbour-demo-password")
    ensure_demo(tmp_path)
    return tmp_path


def test_the_demo_is_loaded_with_its_answers(loaded: Path, demo_data: DemoDataset) -> None:
    org = Organization.objects.get(slug=DEMO_SLUG)
    assert org.parties.count() == len(PARTIES)
    assert org.relationships.count() == len(RELATIONSHIPS)
    pilot, closed, current = Round.objects.order_by("opens_at")
    assert pilot.state is not RoundState.OPEN
    assert closed.state is not RoundState.OPEN
    assert current.state is RoundState.OPEN
    assert Response.objects.filter(round=closed).count() == len(demo_data.responses)
    assert Response.objects.filter(round=pilot).count() == len(demo_data.pilot)
    assert Response.objects.exclude(purpose="").exists()
    assert Invitation.objects.filter(round=current).count() == 2 * CODES_PER_SIDE * len(
        RELATIONSHIPS
    )


def test_the_demo_labels_are_kept_as_written(loaded: Path) -> None:
    labels = set(
        Organization.objects.get(slug=DEMO_SLUG).relationships.values_list("label", flat=True)
    )
    assert {"partner", "strategic partner"} <= labels


def test_the_demo_loads_only_once(loaded: Path, demo_data: DemoDataset) -> None:
    again = ensure_demo(loaded)
    assert not again.loaded_now
    assert again.password == "harbour-demo-password"
    assert Organization.objects.filter(slug=DEMO_SLUG).count() == 1
    assert Response.objects.count() == len(demo_data.responses) + len(demo_data.pilot)


def test_the_demo_login_works_and_is_private(loaded: Path) -> None:
    for name in ("demo-login.txt", "demo-invitation-codes.csv"):
        assert stat.S_IMODE((loaded / name).stat().st_mode) == 0o600
    client = Client()
    assert client.login(username="facilitator", password="harbour-demo-password")
    page = client.get(f"/orgs/{DEMO_SLUG}/").content.decode()
    assert "Harbour &amp; Vale Group" in page


def test_the_answers_match_the_demo_file(loaded: Path, demo_data: DemoDataset) -> None:
    frame = demo_data.responses
    stored = sorted(
        tuple(answers.get(field, -1) for field in ITEM_FIELDS)
        for answers in Response.objects.filter(round__name="Spring review").values_list(
            "answers", flat=True
        )
    )
    expected = sorted(
        tuple(-1 if v != v else int(v) for v in row)
        for row in frame[[f.upper() for f in ITEM_FIELDS]].itertuples(index=False)
    )
    assert stored == expected


def test_the_demo_rounds_ask_tpi1(loaded: Path) -> None:
    assert set(Round.objects.values_list("instrument", flat=True)) == {"TPI-1"}
