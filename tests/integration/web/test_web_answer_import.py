"""Answers from another survey tool, brought into a round on the web: checked with every problem
at once, previewed, then kept all together as ballots of the round, with nothing of the export's
personal columns; the round page counts them as invitations used."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pandas as pd
import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from tests.integration.web.builders import World
from tests.integration.web.survey_builders import make_round
from tests.unit.survey_tools import tool_files

from parity.core.instrument import shipped_instrument
from parity.demo import demo_dataset
from parity.web.surveys.models import Ballot, Invitation, InvitationKind, Response, Round

TPI = shipped_instrument("TPI-1")


def _answers(it: int, sales: int) -> pd.DataFrame:
    """``it`` answers of IT about Sales and ``sales`` of Sales about IT, from the demo's."""
    frame = demo_dataset().responses.head(it + sales).copy()
    frame["party"] = ["IT"] * it + ["Sales"] * sales
    frame["about"] = ["Sales"] * it + ["IT"] * sales
    return frame.reset_index(drop=True)


def _upload(client: Client, round_: Round, data: bytes, name: str, **more: Any) -> Any:
    url = reverse("surveys:answers-import", args=["org-a", round_.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data), "tool": "", **more})


def _confirm(client: Client, round_: Round) -> Any:
    url = reverse("surveys:answers-preview", args=["org-a", round_.pk])
    return client.post(url, {"confirm": "1"}, follow=True)


@pytest.fixture
def open_round(world: World) -> Round:
    return make_round(world.org_a, [world.relationship])


def test_a_qualtrics_export_is_previewed_then_brought_in_whole(
    world: World, open_round: Round, facilitator: Client
) -> None:
    frame = _answers(6, 5)
    uploaded = _upload(facilitator, open_round, tool_files.qualtrics(frame, TPI), "q.csv")
    assert uploaded.status_code == 302
    preview = " ".join(facilitator.get(uploaded["Location"]).content.decode().split())
    assert "A Qualtrics export with no problems: 11 answers to TPI-1." in preview
    assert '<th scope="row">IT, about Sales</th><td>6</td>' in preview
    assert 'RecipientEmail</td><td><span class="meta">left out' in preview
    assert not Ballot.objects.exists()
    assert not Response.objects.exists()

    done = _confirm(facilitator, open_round).content.decode()
    assert "Brought in 11 answers from q.csv." in done
    assert "6 imported" in done
    assert "5 imported" in done
    assert Response.objects.count() == 11  # each side reached the threshold: mixed
    kept = sorted(
        (r.party.name, *(r.answers.get(i.lower(), 0) for i in TPI.item_ids))
        for r in Response.objects.select_related("party")
    )
    given = sorted(
        (row["party"], *(0 if pd.isna(row[i]) else int(row[i]) for i in TPI.item_ids))
        for _, row in frame.iterrows()
    )
    assert kept == given
    words = sorted(str(p) for p in frame["purpose"].dropna())
    assert sorted(r.purpose for r in Response.objects.exclude(purpose="")) == words
    assert (
        Invitation.objects.filter(kind=InvitationKind.IMPORTED, used_at__isnull=False).count() == 11
    )
    stored = str(list(Response.objects.values_list())) + str(list(Invitation.objects.values_list()))
    stored += str(list(Session.objects.values_list()))
    for secret in (tool_files.SECRET_EMAIL, tool_files.SECRET_NAME, tool_files.SECRET_IP):
        assert secret not in stored
    assert "HV01" not in stored  # the export's response ids


def test_every_row_naming_no_side_is_listed_and_nothing_is_kept(
    world: World, open_round: Round, facilitator: Client
) -> None:
    frame = _answers(3, 3)
    frame.loc[[1, 4], "about"] = "Legal"
    response = _upload(facilitator, open_round, tool_files.qualtrics(frame, TPI), "q.csv")
    page = " ".join(response.content.decode().split())
    assert response.status_code == 400
    assert "Nothing was brought in: 2 problems in the file" in page
    assert "q.csv, row 5" in page
    assert "q.csv, row 8" in page
    assert "IT about Legal is not a side of Autumn" in page
    assert "Sales about Legal is not a side of Autumn" in page
    assert not Ballot.objects.exists()
    assert not Invitation.objects.exists()


def test_a_microsoft_forms_workbook_comes_in_too(
    world: World, open_round: Round, facilitator: Client
) -> None:
    data = tool_files.microsoft_forms(_answers(2, 2), TPI)
    uploaded = _upload(facilitator, open_round, data, "forms.xlsx", tool="microsoft-forms")
    assert uploaded.status_code == 302, uploaded.content.decode()[:2000]
    _confirm(facilitator, open_round)
    assert Ballot.objects.count() == 4  # below the threshold: they wait in the box


def test_choosing_another_file_forgets_the_checked_answers(
    world: World, open_round: Round, facilitator: Client
) -> None:
    _upload(facilitator, open_round, tool_files.qualtrics(_answers(2, 2), TPI), "q.csv")
    url = reverse("surveys:answers-preview", args=["org-a", open_round.pk])
    facilitator.post(url, {"discard": "1"})
    assert not Ballot.objects.exists()
    assert facilitator.get(url).status_code == 302  # nothing waits any more
    waiting = [key for key, _ in facilitator.session.items() if key.startswith("parity-answer")]
    assert not waiting


def test_a_closed_round_takes_no_answers(world: World, facilitator: Client, viewer: Client) -> None:
    closed = make_round(world.org_a, [world.relationship], opens_in=timedelta(days=-20))
    url = reverse("surveys:answers-import", args=["org-a", closed.pk])
    page = facilitator.get(url, follow=True).content.decode()
    assert "answers can be brought in only before it closes" in page
    assert viewer.get(url).status_code == 403
