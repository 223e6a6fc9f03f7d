"""Pictures of the web application's main pages for the README and docs, from the demo.

.venv/bin/python scripts/screenshots.py [docs/images]

Starts ``parity serve`` on a free port with a fresh data folder (so the demo organization is
loaded), signs in as the demo facilitator and saves full-page PNGs through Debian's Chromium
(``/usr/bin/chromium``, as the browser tests use it): the sign-in page, the organization's map,
the results of its finished round, its network and one relationship, the words of another (its
portraits and themes), and the first page of the
survey on a phone and on a laptop (opened with one of the demo's unused codes; nothing is
submitted).
"""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LAPTOP: dict[str, Any] = {"viewport": {"width": 1200, "height": 800}}
PHONE: dict[str, Any] = {
    "viewport": {"width": 375, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
PASSWORD = "screenshots-demo-password"
#: How long the server may take to migrate, load the demo and listen.
START_TIMEOUT_S = 120
FINISHED_ROUND = "Spring review"
RELATIONSHIP = "IT – Nimbus Cloud Services"
#: A relationship whose sides wrote enough to be quoted: its words, with portraits.
WORDS_RELATIONSHIP = "Finance – IT"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _read_lines(stream: IO[str], lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line)


@contextmanager
def demo_server() -> Iterator[tuple[str, str]]:
    """``parity serve`` on a fresh data folder; yields its address and a survey path."""
    port = _free_port()
    parity = Path(sys.executable).with_name("parity")
    with tempfile.TemporaryDirectory(prefix="parity-screenshots-") as data:
        env = {**os.environ, "PARITY_DATA_DIR": data, "PARITY_DEMO_PASSWORD": PASSWORD}
        env.pop("DATABASE_URL", None)
        server = subprocess.Popen(
            [str(parity), "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert server.stdout is not None
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=_read_lines, args=(server.stdout, lines), daemon=True).start()
        try:
            survey = _wait_until_listening(lines)
            yield f"http://127.0.0.1:{port}", survey
        finally:
            server.terminate()
            server.wait(timeout=30)


def _wait_until_listening(lines: queue.Queue[str]) -> str:
    """Read the server's output until gunicorn listens; returns the demo survey's path."""
    survey = ""
    seen: list[str] = []
    while True:
        try:
            line = lines.get(timeout=START_TIMEOUT_S)
        except queue.Empty:
            raise SystemExit("parity serve did not start:\n" + "".join(seen)) from None
        seen.append(line)
        if "Try the survey" in line:
            survey = "/s/" + line.rsplit("/s/", 1)[1].strip()
        if "Listening at" in line:
            if not survey:
                raise SystemExit("parity serve printed no demo survey link:\n" + "".join(seen))
            return survey


def _shoot(page: Page, target: Path) -> None:
    """A full-page PNG, without the focus ring of whatever was clicked last."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.screenshot(path=target, full_page=True)
    print(f"Wrote {target}.")


def _facilitator_pages(browser: Browser, base: str, out: Path) -> None:
    page = browser.new_context(**LAPTOP).new_page()
    page.goto(f"{base}/accounts/login/")
    _shoot(page, out / "web-signin.png")
    page.get_by_label("Username").fill("facilitator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Harbour & Vale Group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Harbour & Vale Group")
    _shoot(page, out / "web-map.png")
    page.get_by_role("link", name=f"Results of {FINISHED_ROUND}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(FINISHED_ROUND)
    _shoot(page, out / "web-organization.png")
    organization = page.url
    page.get_by_role("link", name="See the relationships as a network").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("as a network")
    # The map is drawn by the vendored Cytoscape after load: wait for its canvas.
    expect(page.locator("canvas").first).to_be_visible()
    _shoot(page, out / "web-network.png")
    page.goto(organization)
    page.get_by_role("link", name=RELATIONSHIP, exact=True).click()
    expect(page.locator(".verdict")).to_be_visible()
    _shoot(page, out / "web-relationship.png")
    page.goto(organization)
    page.get_by_role("link", name=WORDS_RELATIONSHIP, exact=True).click()
    words = page.locator("section[aria-labelledby=words-heading]")
    expect(words).to_be_visible()
    words.screenshot(path=out / "web-words.png")
    print(f"Wrote {out / 'web-words.png'}.")
    page.context.close()


def _survey_pages(browser: Browser, base: str, survey: str, out: Path) -> None:
    for name, options in (("survey-phone.png", PHONE), ("survey-laptop.png", LAPTOP)):
        page = browser.new_context(**options).new_page()
        page.goto(base + survey)
        expect(page.locator(".progress")).to_be_visible()
        # Two statements answered, so the pictures show how a chosen point looks.
        for fieldset, value in zip(page.locator("fieldset.item").all()[:2], (6, 5), strict=True):
            item = str(fieldset.get_attribute("id")).removeprefix("q-")
            page.locator(f"label[for='{item}-{value}']").click()
        _shoot(page, out / name)
        page.context.close()


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images")
    out.mkdir(parents=True, exist_ok=True)
    with demo_server() as (base, survey), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        _facilitator_pages(browser, base, out)
        _survey_pages(browser, base, survey, out)
        browser.close()


if __name__ == "__main__":
    main()
