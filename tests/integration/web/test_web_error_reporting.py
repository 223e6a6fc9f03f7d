"""Optional error reports (Sentry): off without PARITY_SENTRY_DSN, and masked like the logs
when on. The reporting process is a real Django start with the variable set; what it would
send is caught at Sentry's transport, the last step before the network."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

_REPORTER = """
import json, logging
import django
django.setup()
import sentry_sdk
from django.conf import settings

sent = []

class Caught(sentry_sdk.transport.Transport):
    def capture_envelope(self, envelope):
        sent.extend(item.payload.json for item in envelope.items if item.payload.json)

client = sentry_sdk.get_client()
client.transport = Caught(client.options)
logging.getLogger("parity.tests").warning("Opened /s/Secret-Token_1/ for ann@example.org")
try:
    raise ValueError("no invitation for /s/Secret-Token_1/ (ann@example.org)")
except ValueError:
    sentry_sdk.capture_exception()
sentry_sdk.flush()
print(json.dumps({
    "enabled": settings.SENTRY_ENABLED,
    "pii": client.options["send_default_pii"],
    "body": client.options["max_request_body_size"],
    "locals": client.options["include_local_variables"],
    "sent": sent,
}))
"""


def _report(tmp_path: Path, dsn: str) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "parity.web.settings",
        "PARITY_DATA_DIR": str(tmp_path),
        "PARITY_SENTRY_DSN": dsn,
    }
    done = subprocess.run(
        [sys.executable, "-c", _REPORTER],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_without_a_dsn_nothing_is_reported(tmp_path: Path) -> None:
    report = _report(tmp_path, "")
    assert report["enabled"] is False
    assert report["sent"] == []


@pytest.mark.slow
def test_a_report_carries_no_link_and_no_address(tmp_path: Path) -> None:
    report = _report(tmp_path, "https://public@sentry.invalid/1")
    assert report["enabled"] is True
    assert (report["pii"], report["body"], report["locals"]) == (False, "never", False)
    sent = json.dumps(report["sent"], ensure_ascii=False)
    assert "ValueError" in sent
    assert "no invitation for /s/…/ (…@…)" in sent
    assert "Opened /s/…/ for …@…" in sent  # the log line before the error, as a breadcrumb
    assert "Secret-Token_1" not in sent
    assert "ann@example.org" not in sent
