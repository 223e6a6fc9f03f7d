"""Browser and file hygiene: the Content-Security-Policy on every page, the API documentation
for members only and from Parity's own files, private data files, one-line names, and a wrong
database said in one sentence."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from tests.integration.web.builders import World
from tests.integration.web.survey_builders import make_code, make_round

from parity.web.orgs.models import Organization, Party
from parity.web.surveys.models import Round

WEB = Path(__file__).resolve().parents[3] / "src" / "parity" / "web"
#: A script element that runs inline code: no src, and not a JSON data block.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=|\son[a-z]+\s*=\s*[\"']", re.I)
#: Links a crawl must not follow: they sign out, or leave Parity.
NOT_FOLLOWED = re.compile(r"logout|^/api/|\.(pdf|csv|zip|png|svg)$")


def _policy(response: object) -> str:
    return str(getattr(response, "headers", {}).get("Content-Security-Policy", ""))


def _assert_strict(policy: str, url: str) -> None:
    assert "default-src 'self'" in policy, f"{url} has no Content-Security-Policy"
    assert "unsafe-inline" not in policy, url
    assert "unsafe-eval" not in policy, url


def _crawl(client: Client, start: list[str], limit: int = 120) -> dict[str, str]:
    """Every page reachable from ``start`` by following links: its URL and its policy."""
    seen: dict[str, str] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = _policy(response)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), f"{url} runs an inline script"
        assert not INLINE_STYLE.search(html), f"{url} has an inline style or event handler"
        for href in re.findall(r'href="([^"#]+)"', html):
            path = urlsplit(href).path if href.startswith("http://testserver") else href
            internal = path.startswith("/") and not path.startswith("/static/")
            if internal and not NOT_FOLLOWED.search(path):
                queue.append(path)
    return seen


def test_every_page_of_the_journey_carries_the_policy(
    world: World, owner: Client, facilitator: Client
) -> None:
    round_ = make_round(world.org_a, [world.relationship])
    code = make_code(round_, world.relationship, world.it)
    pages = _crawl(owner, ["/orgs/", f"/orgs/org-a/rounds/{round_.pk}/"])
    pages |= _crawl(facilitator, ["/orgs/"])
    pages |= _crawl(Client(), [reverse("accounts:login"), f"/s/{code}/"])
    assert len(pages) > 20, sorted(pages)
    for expected in ("/orgs/org-a/", "/orgs/org-a/members/", "/orgs/org-a/changes/"):
        assert expected in pages
    for url, policy in pages.items():
        _assert_strict(policy, url)


def test_error_pages_and_the_api_carry_the_policy(world: World, outsider: Client) -> None:
    for response in (
        outsider.get("/orgs/org-a/"),
        outsider.get("/api/orgs/org-a/parties"),
        Client().get("/healthz"),
    ):
        _assert_strict(_policy(response), response.wsgi_request.path)


def _templates() -> list[Path]:
    found = sorted(WEB.glob("**/templates/**/*.html"))
    assert len(found) > 30
    return found


def test_no_template_has_an_inline_script_or_style() -> None:
    offenders = [
        str(path.relative_to(WEB))
        for path in _templates()
        if INLINE_SCRIPT.search(path.read_text()) or INLINE_STYLE.search(path.read_text())
    ]
    assert offenders == []


# The API's documentation ------------------------------------------------------------------


def test_the_api_documentation_is_for_signed_in_users(world: World) -> None:
    response = Client().get("/api/docs")
    assert response.status_code in {302, 401}
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_api_documentation_loads_only_parity_s_own_files(
    world: World, facilitator: Client
) -> None:
    response = facilitator.get("/api/docs")
    assert response.status_code == 200
    _assert_strict(_policy(response), "/api/docs")
    html = response.content.decode()
    assets = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', html)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    for asset in assets:
        assert asset.startswith("/static/"), f"{asset} is not served by Parity"
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is not shipped"
    assert not INLINE_SCRIPT.search(html)
    assert "cdn" not in html.lower()


# Names ------------------------------------------------------------------------------------

BROKEN_NAMES = ["Sales\nBcc: everyone@example.org", "Tab\there", "Escape\x1b[31m", "Line\u2028two"]


@pytest.mark.parametrize("name", BROKEN_NAMES)
def test_a_party_name_on_the_page_is_one_line(name: str, world: World, facilitator: Client) -> None:
    response = facilitator.post(
        reverse("orgs:party-create", args=["org-a"]),
        {"name": name, "kind": "department", "function": "other"},
    )
    assert response.status_code == 200
    assert "The party&#x27;s name contains a line break, tab or other control character" in (
        response.content.decode()
    )
    assert not Party.objects.filter(name=name).exists()


def test_an_organization_name_is_one_line(world: World, facilitator: Client, owner: Client) -> None:
    created = facilitator.post(reverse("orgs:create"), {"name": "New\r\nOrg"})
    assert created.status_code == 200
    assert "The organization&#x27;s name contains" in created.content.decode()
    renamed = owner.post(
        reverse("orgs:settings", args=["org-a"]),
        {"name": "Org\tA", "score_threshold": 5, "text_threshold": 7},
    )
    assert renamed.status_code == 200
    assert "The organization&#x27;s name contains" in renamed.content.decode()
    assert not Organization.objects.filter(name__contains="\t").exists()
    assert Organization.objects.filter(name__contains="\n").count() == 0


def test_a_round_name_sent_to_the_api_is_one_line(world: World, facilitator: Client) -> None:
    body = {
        "name": "Spring\nround",
        "opens_at": "2030-01-01T09:00:00Z",
        "closes_at": "2030-01-15T09:00:00Z",
        "relationship_ids": [world.relationship.pk],
    }
    response = facilitator.post(
        "/api/orgs/org-a/rounds", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert "The round's name contains a line break" in response.content.decode()
    assert not Round.objects.exists()


def test_a_party_name_sent_to_the_api_is_one_line(world: World, facilitator: Client) -> None:
    for method, url in (
        (facilitator.post, "/api/orgs/org-a/parties"),
        (facilitator.patch, f"/api/orgs/org-a/parties/{world.it.pk}"),
    ):
        response = method(url, json.dumps({"name": "Legal\nteam"}), content_type="application/json")
        assert response.status_code == 422, url
        assert "name contains a line break" in response.content.decode()
    assert set(Party.objects.values_list("name", flat=True)) == {"IT", "Sales", "Finance"}


def _upload(client: Client, text: str, kind: str) -> str:
    upload = SimpleUploadedFile("map.csv", text.encode("utf-8"), content_type="text/csv")
    response = client.post(reverse("orgs:import", args=["org-a"]), {"kind": kind, "file": upload})
    assert response.status_code == 400  # the form again, with every problem of the file
    return response.content.decode()


def test_names_in_a_csv_file_are_one_line(world: World, facilitator: Client) -> None:
    parties = _upload(
        facilitator, 'name,kind,function\n"Legal\nand more",department,legal\n', "parties"
    )
    assert "The party&#x27;s name contains a line break" in parties
    relationships = _upload(
        facilitator,
        'party_a,party_b,label,scope\nIT,"Nim\tbus",partner,external\nIT,Sales,"part\x0bner",internal\n',
        "relationships",
    )
    assert "The party&#x27;s name contains a line break" in relationships
    assert "The label contains a line break" in relationships
    assert set(Party.objects.values_list("name", flat=True)) == {"IT", "Sales", "Finance"}


def test_a_name_kept_from_before_still_mails_invitations(world: World, facilitator: Client) -> None:
    """A party named with a newline before the rule existed: the mail goes out on one line."""
    Party.objects.filter(pk=world.it.pk).update(name="IT\nservice desk")
    round_ = make_round(world.org_a, [world.relationship])
    response = facilitator.post(
        f"/api/orgs/org-a/rounds/{round_.pk}/invitations/emails",
        {
            "relationship_id": world.relationship.pk,
            "party_id": world.sales.pk,
            "emails": ["a@b.example"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert mail.outbox[-1].subject == "A short survey about working with IT service desk"


def test_long_unbroken_names_wrap_in_tables_and_headings() -> None:
    css = re.sub(
        r"/\*.*?\*/", "", (WEB / "static" / "parity" / "parity.css").read_text(), flags=re.S
    )
    rule = re.search(r"([^{}]*)\{[^}]*overflow-wrap:\s*anywhere", css)
    assert rule is not None
    selectors = {part.strip() for part in rule.group(1).split(",")}
    assert {"h1", "th", "td"} <= selectors


# Files and the database -------------------------------------------------------------------

_FIRST_START = """
import os
os.umask(0o022)
import django
from django.conf import settings
from django.core.management import call_command
django.setup()
call_command("migrate", verbosity=0)
from parity.web.demo_loader import ensure_demo
ensure_demo(settings.DATA_DIR)
"""


def _environment(data: Path, **more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PARITY_SECRET_KEY"}}
    return env | {
        "DJANGO_SETTINGS_MODULE": "parity.web.settings",
        "PARITY_DATA_DIR": str(data),
        **more,
    }


def test_a_fresh_data_folder_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_START],
        env=_environment(data),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    files = {path.name: stat.S_IMODE(path.stat().st_mode) for path in data.iterdir()}
    assert {"parity.sqlite3", "secret-key", "demo-login.txt", "demo-invitation-codes.csv"} <= set(
        files
    )
    assert {name: mode for name, mode in files.items() if mode != 0o600} == {}


def test_an_existing_world_readable_database_is_made_private(tmp_path: Path) -> None:
    from parity.web.environment import private_file

    database = tmp_path / "parity.sqlite3"
    database.write_bytes(b"")
    database.chmod(0o644)
    private_file(database)
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("postgres://parity@127.0.0.1:1/parity", "at 127.0.0.1, port 1"),
        ("postgres://parity@no-such-host.invalid/parity", "no-such-host.invalid"),
        ("postgres://parity:secret-pw@127.0.0.1:port/parity", "a port that is not a number"),
    ],
)
@pytest.mark.parametrize("command", [["manage", "migrate"], ["serve", "--port", "65002"]])
def test_a_wrong_database_url_is_one_sentence(
    url: str, said: str, command: list[str], tmp_path: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from parity.cli.main import main; main()", *command],
        env=_environment(tmp_path, DATABASE_URL=url),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert said in done.stderr
    assert "DATABASE_URL" in done.stderr
    assert "secret-pw" not in done.stderr
    assert len(done.stderr.strip().splitlines()) <= 3, done.stderr


def test_every_page_names_parity_s_icon_and_favicon_ico_leads_to_it() -> None:
    """Browsers ask for /favicon.ico where nothing names an icon; without one each page view
    left a 404 and a "Not Found" line in the logs."""
    page = Client().get("/accounts/login/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert icon is not None
    asked = Client().get("/favicon.ico")
    assert asked.status_code == 302
    assert asked.headers["Location"] == icon.group(1)
    found = finders.find("parity/icon.svg")
    assert found is not None
    assert Path(str(found)).read_text(encoding="utf-8").startswith("<svg")
