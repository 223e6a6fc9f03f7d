"""Printed codes people can type: the entry page, the sheet of a batch, voiding, the QR codes.

The sheet's QR codes are read back as a phone would: each slip's inline SVG is drawn into a
bitmap (the SVG is segno's, one horizontal line per run of dark modules) and decoded with
zxing-cpp, and must give exactly the link printed under it.
"""

from __future__ import annotations

import html
import re
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
import zxingcpp
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from tests.integration.web.builders import World
from tests.integration.web.survey_builders import make_code, make_round

from parity.web.surveys.batches import MAX_SHEETS, make_batch
from parity.web.surveys.codes import ALPHABET, code_hash
from parity.web.surveys.models import Invitation, InvitationKind, Response, Round
from parity.web.surveys.rounds import Side, side_counts

NOT_VALID = "This code is not valid; check the 12 characters"


@pytest.fixture
def survey(world: World) -> Round:
    return make_round(world.org_a, [world.relationship])


def _sales(world: World) -> Side:
    """Sales answers about IT."""
    return Side(world.relationship, world.sales, world.it)


def _plain(code: str) -> str:
    return code.replace("-", "")


def _enter(typed: str) -> Any:
    return Client().get(reverse("surveys:enter"), {"code": typed})


def _make_sheet(client: Client, survey: Round, world: World, count: int) -> Any:
    url = reverse("surveys:round-invite", args=["org-a", survey.pk])
    side = f"{world.relationship.pk}-{world.sales.pk}"
    return client.post(url, {"make": "1", "codes-side": side, "codes-count": count})


def _sheet_url(survey: Round, batch: uuid.UUID, name: str = "code-sheet") -> str:
    return reverse(f"surveys:{name}", args=["org-a", survey.pk, batch])


@dataclass(frozen=True)
class Slip:
    code: str
    link: str
    svg: str


def _slips(page: str) -> list[Slip]:
    slips = []
    for item in re.findall(r'<li class="code-slip">(.*?)</li>', page, re.DOTALL):
        code = re.search(r'<p class="slip-code"><code>([^<]+)</code>', item)
        link = re.search(r'slip-full">[^<]*<span class="slip-link">([^<]+)</span>', item)
        svg = re.search(r"<svg .*?</svg>", item, re.DOTALL)
        assert code, item
        assert link, item
        assert svg, item
        slips.append(Slip(code.group(1), html.unescape(link.group(1)), svg.group(0)))
    return slips


# ---- Typing a code --------------------------------------------------------------------------


def test_a_code_typed_in_lower_case_with_spaces_opens_the_survey(
    world: World, survey: Round
) -> None:
    _, (code,) = make_batch(survey, _sales(world), 1)
    typed = f"  {code[:4].lower()} {code[5:9]}  {code[10:].lower()} "
    response = _enter(typed)
    assert response.status_code == 302
    assert response["Location"] == f"/s/{_plain(code)}/"
    page = Client().get(response["Location"])
    assert page.status_code == 200
    assert "a member of <strong>Sales</strong>" in page.content.decode()
    # The link itself takes the code as printed, or in lower case, too.
    assert Client().get(f"/s/{code.lower()}/").status_code == 200


def test_look_alike_letters_read_as_digits(world: World, survey: Round) -> None:
    codes = make_batch(survey, _sales(world), 40)[1]
    code = next(c for c in codes if "0" in c or "1" in c)
    typed = code.replace("0", "o").replace("1", "l")
    assert _enter(typed)["Location"] == f"/s/{_plain(code)}/"


def test_a_code_with_one_wrong_character_is_refused_with_a_sentence(
    world: World, survey: Round
) -> None:
    _, (code,) = make_batch(survey, _sales(world), 1)
    other = next(s for s in ALPHABET if s != code[6])
    for typo in (code[:6] + other + code[7:], code[:-1], code[:-1] + "U", "hello"):
        response = _enter(typo)
        assert response.status_code == 400
        page = response.content.decode()
        assert NOT_VALID in page
        assert f'value="{html.escape(typo)}"' in page  # kept, to be corrected
    assert "Enter the code first." in _enter("   ").content.decode()


def test_an_emailed_link_token_typed_in_still_opens(world: World, survey: Round) -> None:
    token = make_code(survey, world.relationship, world.it)
    assert _enter(token)["Location"] == f"/s/{token}/"


# ---- The sheet of a batch -------------------------------------------------------------------


def test_making_codes_redirects_to_a_sheet_that_reloads_the_same_codes(
    world: World, survey: Round, facilitator: Client
) -> None:
    response = _make_sheet(facilitator, survey, world, 6)
    assert response.status_code == 302
    batch = uuid.UUID(response["Location"].rstrip("/").rsplit("/", 1)[1])
    assert response["Location"] == _sheet_url(survey, batch)
    first = facilitator.get(response["Location"])
    assert "no-store" in first["Cache-Control"]
    slips = _slips(first.content.decode())
    assert len({slip.code for slip in slips}) == 6
    assert all(re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", s.code) for s in slips)
    assert "Done, I've printed them" in first.content.decode()
    again = facilitator.get(response["Location"]).content.decode()
    assert _slips(again) == slips
    invitations = Invitation.objects.filter(round=survey)
    assert invitations.count() == 6
    assert {i.token_hash for i in invitations} == {code_hash(_plain(s.code)) for s in slips}
    assert {(i.kind, i.batch, i.party_id) for i in invitations} == {
        (InvitationKind.CODE, batch, world.sales.pk)
    }
    stored = str(list(invitations.values_list()))
    assert not any(_plain(slip.code) in stored for slip in slips)


def test_every_slip_shows_its_code_the_entry_address_and_a_qr_of_its_link(
    world: World, survey: Round, facilitator: Client
) -> None:
    sheet = facilitator.get(_make_sheet(facilitator, survey, world, 5)["Location"])
    page = sheet.content.decode()
    assert page.count('<span class="slip-entry">http://testserver/s/</span>') == 5
    assert "working with IT" in page
    slips = _slips(page)
    assert len(slips) == 5
    for slip in slips:
        assert slip.link == f"http://testserver/s/{_plain(slip.code)}/"
        assert _decoded(slip.svg) == slip.link
        assert Client().get(slip.link.removeprefix("http://testserver")).status_code == 200


def _decoded(svg: str) -> str:
    """The text of the QR code drawn by ``svg``, read with zxing-cpp."""
    image = _bitmap(svg)
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, f"{len(found)} codes read"
    assert found[0].format == zxingcpp.BarcodeFormat.QRCode
    return str(found[0].text)


def _bitmap(svg: str, scale: int = 6) -> Image.Image:
    """Draw segno's path (``M``/``m`` moves to a row's middle, ``h`` draws a dark run)."""
    size = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    path = re.search(r' d="([^"]+)"', svg)
    assert size
    assert path
    width, height = int(size.group(1)), int(size.group(2))
    image = Image.new("L", (width * scale, height * scale), 255)
    x = y = 0.0
    for command, numbers in re.findall(r"([MmHh])([-\d. ]+)", path.group(1)):
        values = [float(n) for n in numbers.split()]
        if command in "Mm":
            x, y = (values[0], values[1]) if command == "M" else (x + values[0], y + values[1])
        else:
            end = values[0] if command == "H" else x + values[0]
            row = int(y - 0.5)
            box = (int(x) * scale, row * scale, int(end) * scale, (row + 1) * scale)
            image.paste(0, box)
            x = end
    return image


def test_done_forgets_the_codes_and_the_sheet_offers_to_void(
    world: World, survey: Round, facilitator: Client
) -> None:
    sheet = _make_sheet(facilitator, survey, world, 3)["Location"]
    slips = _slips(facilitator.get(sheet).content.decode())
    batch = uuid.UUID(sheet.rstrip("/").rsplit("/", 1)[1])
    done = facilitator.post(_sheet_url(survey, batch, "code-sheet-done"), follow=True)
    assert done.redirect_chain[-1][0] == reverse("surveys:round-detail", args=["org-a", survey.pk])
    assert "no longer keeps the 3 codes for Sales" in done.content.decode()
    later = facilitator.get(sheet).content.decode()
    assert "These codes can no longer be shown" in later
    assert not any(_plain(slip.code) in later or slip.code in later for slip in slips)
    assert "Void the unused codes of this sheet" in later
    assert f"?side={world.relationship.pk}-{world.sales.pk}" in later
    assert Invitation.objects.count() == 3


def test_the_invitation_page_lists_the_rounds_sheets(
    world: World, survey: Round, facilitator: Client
) -> None:
    sheet = _make_sheet(facilitator, survey, world, 3)["Location"]
    make_batch(make_round(world.org_a, [world.relationship], name="Other"), _sales(world), 2)
    page = facilitator.get(reverse("surveys:round-invite", args=["org-a", survey.pk]))
    listed = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', page.content.decode())
    assert listed == [(sheet, "3 codes for Sales")]


def test_signing_out_forgets_the_codes(world: World, survey: Round) -> None:
    client = Client()
    client.force_login(world.facilitator)
    sheet = _make_sheet(client, survey, world, 2)["Location"]
    assert len(_slips(client.get(sheet).content.decode())) == 2
    client.post(reverse("accounts:logout"))
    client.force_login(world.facilitator)
    assert "These codes can no longer be shown" in client.get(sheet).content.decode()


def test_a_session_keeps_only_the_latest_sheets(
    world: World, survey: Round, facilitator: Client
) -> None:
    sheets = [_make_sheet(facilitator, survey, world, 1)["Location"] for _ in range(MAX_SHEETS + 1)]
    assert "can no longer be shown" in facilitator.get(sheets[0]).content.decode()
    assert len(_slips(facilitator.get(sheets[-1]).content.decode())) == 1


# ---- Voiding --------------------------------------------------------------------------------


def _use(code: str, world: World, survey: Round) -> None:
    """Mark ``code`` used and record its response, as a submission would."""
    used = Invitation.objects.get(token_hash=code_hash(_plain(code)))
    used.used_at = timezone.now()
    used.save()
    Response.objects.create(
        round=survey, relationship=world.relationship, party=world.sales, about=world.it
    )


def test_voiding_makes_unused_codes_unusable_and_leaves_used_ones_counted(
    world: World, survey: Round, facilitator: Client
) -> None:
    sheet = _make_sheet(facilitator, survey, world, 5)["Location"]
    batch = uuid.UUID(sheet.rstrip("/").rsplit("/", 1)[1])
    codes = [slip.code for slip in _slips(facilitator.get(sheet).content.decode())]
    _use(codes[0], world, survey)
    _, (kept,) = make_batch(survey, _sales(world), 1)
    voided = facilitator.post(_sheet_url(survey, batch, "code-void"), follow=True)
    invite = reverse("surveys:round-invite", args=["org-a", survey.pk])
    assert voided.redirect_chain[-1][0] == f"{invite}?side={world.relationship.pk}-{world.sales.pk}"
    assert "Voided 4 unused codes of the sheet for Sales" in voided.content.decode()
    for code in codes[1:]:
        refused = Client().get(f"/s/{_plain(code)}/")
        assert refused.status_code == 404
        assert "Sales" not in refused.content.decode()
    assert Client().get(f"/s/{_plain(codes[0])}/").status_code == 410  # used, as before
    assert Client().get(f"/s/{_plain(kept)}/").status_code == 200  # another sheet
    (sales,) = (count for count in side_counts(survey) if count.side.party == world.sales)
    assert (sales.invitations, sales.responses) == (6, 1)
    assert Invitation.objects.get(token_hash=code_hash(_plain(codes[0]))).voided_at is None
    assert "can no longer be shown" in facilitator.get(sheet).content.decode()
    again = facilitator.post(_sheet_url(survey, batch, "code-void"), follow=True)
    assert "No code of the sheet for Sales was left to void." in again.content.decode()


def test_a_sheet_voided_through_the_api_is_no_longer_shown(
    world: World, survey: Round, facilitator: Client
) -> None:
    sheet = _make_sheet(facilitator, survey, world, 2)["Location"]
    batch = sheet.rstrip("/").rsplit("/", 1)[1]
    assert _api_void(facilitator, survey, batch).status_code == 200
    assert "can no longer be shown" in facilitator.get(sheet).content.decode()


def test_a_small_sheet_does_not_say_how_many_were_voided(
    world: World, survey: Round, facilitator: Client
) -> None:
    """Two codes, one used: "1 voided" would tell the facilitator that one person answered."""
    batch, codes = make_batch(survey, _sales(world), 2)
    _use(codes[0], world, survey)
    voided = facilitator.post(_sheet_url(survey, batch, "code-void"), follow=True)
    page = voided.content.decode()
    assert "Voided the unused codes of the sheet for Sales" in page
    assert "fewer than 5 codes" in page
    assert not re.search(r"Voided \d", page)
    assert Client().get(f"/s/{_plain(codes[1])}/").status_code == 404


def test_getting_the_done_and_void_addresses_changes_nothing(
    world: World, survey: Round, facilitator: Client
) -> None:
    batch, _ = make_batch(survey, _sales(world), 2)
    for name in ("code-sheet-done", "code-void"):
        response = facilitator.get(_sheet_url(survey, batch, name))
        assert response["Location"] == _sheet_url(survey, batch)
    assert not Invitation.objects.filter(voided_at__isnull=False).exists()


# ---- Who may reach a sheet ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["code-sheet", "code-sheet-done", "code-void"])
def test_outsiders_get_404_and_viewers_403_on_a_sheet(
    name: str, world: World, survey: Round, outsider: Client, viewer: Client
) -> None:
    batch, _ = make_batch(survey, _sales(world), 2)
    url = _sheet_url(survey, batch, name)
    for method in ("get", "post"):
        assert getattr(outsider, method)(url).status_code == 404
        assert getattr(viewer, method)(url).status_code == 403
    mine = make_round(world.org_b, [])
    theirs = reverse(f"surveys:{name}", args=["org-b", mine.pk, batch])
    assert outsider.post(theirs).status_code == 404  # a batch of another organization's round
    assert not Invitation.objects.filter(voided_at__isnull=False).exists()


def test_a_batch_is_found_only_in_its_own_round(
    world: World, survey: Round, facilitator: Client
) -> None:
    batch, _ = make_batch(survey, _sales(world), 1)
    other = make_round(world.org_a, [world.relationship], name="Other")
    assert facilitator.get(_sheet_url(other, batch)).status_code == 404
    assert facilitator.post(_sheet_url(other, batch, "code-void")).status_code == 404
    assert facilitator.get(_sheet_url(survey, uuid.uuid4())).status_code == 404
    assert not Invitation.objects.filter(voided_at__isnull=False).exists()


# ---- The API --------------------------------------------------------------------------------


def _api_codes(client: Client, survey: Round, world: World, count: int) -> Any:
    body = {"relationship_id": world.relationship.pk, "party_id": world.sales.pk, "count": count}
    url = f"/api/orgs/org-a/rounds/{survey.pk}/invitations/codes"
    return client.post(url, body, content_type="application/json")


def _api_void(client: Client, survey: Round, batch: object) -> Any:
    url = f"/api/orgs/org-a/rounds/{survey.pk}/invitations/codes/{batch}/void"
    return client.post(url, content_type="application/json")


def test_the_api_makes_a_batch_of_grouped_codes_and_voids_it(
    world: World, survey: Round, facilitator: Client
) -> None:
    made = _api_codes(facilitator, survey, world, 6)
    assert made.status_code == 201
    batch = made.json()
    codes = [entry["code"] for entry in batch["codes"]]
    assert all(re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code) for code in codes)
    assert [entry["link"] for entry in batch["codes"]] == [
        f"http://testserver/s/{_plain(code)}/" for code in codes
    ]
    assert set(Invitation.objects.values_list("batch", flat=True)) == {uuid.UUID(batch["batch_id"])}
    _use(codes[0], world, survey)
    voided = _api_void(facilitator, survey, batch["batch_id"])
    assert voided.status_code == 200
    assert voided.json() == {
        "round_id": survey.pk,
        "batch_id": batch["batch_id"],
        "codes": 6,
        "voided": 5,
    }
    assert Client().get(f"/s/{_plain(codes[1])}/").status_code == 404


def test_the_api_does_not_count_the_voided_codes_of_a_small_batch(
    world: World, survey: Round, facilitator: Client
) -> None:
    batch = _api_codes(facilitator, survey, world, 2).json()["batch_id"]
    assert _api_void(facilitator, survey, batch).json()["voided"] is None
    assert Invitation.objects.filter(voided_at__isnull=False).count() == 2


def test_the_api_void_follows_the_tenancy_rules(
    world: World, survey: Round, outsider: Client, viewer: Client, facilitator: Client
) -> None:
    batch, _ = make_batch(survey, _sales(world), 2)
    assert _api_void(outsider, survey, batch).status_code == 404
    assert _api_void(viewer, survey, batch).status_code == 403
    assert _api_void(Client(), survey, batch).status_code == 401
    unknown = _api_void(facilitator, survey, uuid.uuid4())
    assert unknown.status_code == 404
    assert unknown.json()["detail"] == "No such sheet of codes in this round."
    theirs = make_round(world.org_b, [])
    url = f"/api/orgs/org-b/rounds/{theirs.pk}/invitations/codes/{batch}/void"
    assert outsider.post(url, content_type="application/json").status_code == 404
    assert not Invitation.objects.filter(voided_at__isnull=False).exists()
