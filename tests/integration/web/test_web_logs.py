"""Nothing personal in the logs: a log reader learns neither who answered, nor when, nor a link.

The first test checks the mask on sample lines; the second walks a respondent and a facilitator
through a real ``parity serve`` and reads everything the server wrote.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import sys
from datetime import timedelta
from http.cookiejar import CookieJar
from pathlib import Path
from types import SimpleNamespace
from urllib.error import HTTPError
from urllib.parse import urlencode, urlsplit
from urllib.request import HTTPCookieProcessor, build_opener

import pytest
from django.core.mail import EmailMessage
from django.test import override_settings
from gunicorn.config import Config
from tests.integration.web.serve_process import Server, running

from parity.web.logformat import JsonLineFormatter
from parity.web.logmask import MaskFilter, mask
from parity.web.mailer import QuietConsoleBackend
from parity.web.server import ACCESS_LOG_FORMAT, MaskedLogger

EMAIL = re.compile(r"[\w.%+'-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+")
#: A survey path whose token is not masked: ``/s/`` and anything but the mask or a query.
SURVEY_PATH = re.compile(r"/s/(?!…)[^/\s?#\"']+")
DEMO_PASSWORD = "log-test-demo-password"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            '[05/Dec/2026:12:50:03 +0000] "GET /s/xMONNBUQt4KkGm7_-P4/ HTTP/1.1" 200 703 12ms',
            '[05/Dec/2026:12:50:03 +0000] "GET /s/…/ HTTP/1.1" 200 703 12ms',
        ),
        ("Not Found: /s/some-token/thanks/", "Not Found: /s/…/thanks/"),
        ("POST /s/abc%2Fdef/?page=2", "POST /s/…/?page=2"),
        ("GET /s/?code=K3FQ-7M2X-9ABC&x=1", "GET /s/?code=…&x=1"),
        ("GET /s/", "GET /s/"),
        ("Link: http://127.0.0.1:8000/s/TOKEN123/", "Link: http://127.0.0.1:8000/s/…/"),
        ("Not Found: /results/secret-token/", "Not Found: /results/…/"),
        ("/orgs/acme/rounds/3/results/", "/orgs/acme/rounds/3/results/"),
        ("/orgs/acme/rounds/3/results/12/", "/orgs/acme/rounds/3/results/12/"),
        ("/orgs/acme/rounds/3/results/network/", "/orgs/acme/rounds/3/results/network/"),
        ("/orgs/acme/rounds/3/results/report.pdf", "/orgs/acme/rounds/3/results/report.pdf"),
        ("GET /accounts/invite/join-token/", "GET /accounts/invite/…/"),
        ("To: ann.example@example.org, Ben@Example.ORG", "To: …@…, …@…"),
        ("?email=ann%40example.org", "?email=…@…"),
        ("Sent 2 invitation(s) to IT.", "Sent 2 invitation(s) to IT."),
    ],
)
def test_the_mask_hides_links_codes_and_addresses(line: str, expected: str) -> None:
    assert mask(line) == expected
    assert mask(expected) == expected  # masking twice changes nothing


def test_the_filter_masks_arguments_and_tracebacks() -> None:
    try:
        raise ValueError("no invitation for /s/secret-token/ (ann@example.org)")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "%s: %s", ("Error", "/s/tok/"), None
        )
        record.exc_info = sys.exc_info()
    assert MaskFilter().filter(record)
    formatted = logging.Formatter().format(record)
    assert formatted.startswith("Error: /s/…/")
    assert "secret-token" not in formatted
    assert "ann@" not in formatted
    assert "no invitation for /s/…/ (…@…)" in formatted


def _gunicorn_logger(stream: io.StringIO) -> MaskedLogger:
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", ACCESS_LOG_FORMAT)
    logger = MaskedLogger(config)
    for log in (logger.access_log, logger.error_log):
        for handler in log.handlers:
            assert isinstance(handler, logging.StreamHandler)
            handler.setStream(stream)
    return logger


def test_gunicorn_logs_the_request_masked_without_the_client() -> None:
    stream = io.StringIO()
    logger = _gunicorn_logger(stream)
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": "/s/Secret-Token_1/?page=2",
        "PATH_INFO": "/s/Secret-Token_1/",
        "QUERY_STRING": "page=2",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.7",
        "HTTP_REFERER": "http://parity.example/s/Secret-Token_1/",
        "HTTP_USER_AGENT": "Firefox",
    }
    response = SimpleNamespace(status="302 Found", sent=0, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    logger.access(response, request, environ, timedelta(milliseconds=42))
    logger.error("Error handling request %s", "/s/Secret-Token_1/")
    written = stream.getvalue()
    assert '"POST /s/…/?page=2 HTTP/1.1" 302 0 42ms' in written
    assert "Error handling request /s/…/" in written
    for private in ("Secret-Token_1", "203.0.113.7", "Firefox"):
        assert private not in written


def _invitation() -> EmailMessage:
    body = "Your personal link:\nhttp://parity.example/s/Secret-Token_1/\n"
    return EmailMessage("A short survey about working with IT", body, None, ["ann@example.org"])


def test_without_smtp_a_mail_is_announced_without_address_or_link() -> None:
    stream = io.StringIO()
    assert QuietConsoleBackend(stream=stream).send_messages([_invitation()]) == 1
    written = stream.getvalue()
    assert written == (
        "E-mail sent: 'A short survey about working with IT' to 1 recipient "
        "(PARITY_DEBUG_MAIL=1 prints it whole).\n"
    )


@override_settings(DEBUG_MAIL=True)
def test_parity_debug_mail_prints_it_whole() -> None:
    stream = io.StringIO()
    QuietConsoleBackend(stream=stream).send_messages([_invitation()])
    assert "To: ann@example.org" in stream.getvalue()
    assert "/s/Secret-Token_1/" in stream.getvalue()


class _Visitor:
    """One browser: cookies kept, redirects followed, CSRF token sent back with each form."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()))
        self.csrf = ""
        self.url = ""

    def get(self, path: str) -> tuple[int, str]:
        return self._open(path, None)

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        data = urlencode({"csrfmiddlewaretoken": self.csrf, **fields}).encode()
        return self._open(path, data)

    def _open(self, path: str, data: bytes | None) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, data, timeout=60) as answer:
                status, page = answer.status, answer.read().decode()
                self.url = answer.geturl()
        except HTTPError as error:
            status, page = error.code, error.read().decode()
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        self.csrf = found.group(1) if found else self.csrf
        return status, page


def _answers(page: str) -> dict[str, str]:
    """A middling answer to every statement on a survey page, and a line for each question."""
    fields = dict.fromkeys(re.findall(r'type="radio" name="([^"]+)"', page), "4")
    fields |= dict.fromkeys(re.findall(r'<textarea name="([^"]+)"', page), "It works.")
    number = re.search(r'name="page" value="(\d+)"', page)
    assert number, page
    return {"page": number.group(1), **fields}


def _respond(visitor: _Visitor, path: str) -> None:
    """Open the link, save after one page, come back and answer to the end."""
    status, page = visitor.get(path)
    assert status == 200, page
    status, page = visitor.post(path, {**_answers(page), "action": "next"})
    assert status == 200, page
    assert 'name="page" value="2"' in page
    status, page = visitor.post(path, {**_answers(page), "action": "save"})
    assert status == 200, page
    status, page = visitor.get(f"{path}?page=2")
    while "Submit my answers" not in page:
        status, page = visitor.post(path, {**_answers(page), "action": "next"})
        assert status == 200, page
    status, page = visitor.post(path, {**_answers(page), "action": "submit"})
    assert status == 200, page
    assert urlsplit(visitor.url).path == f"{path}thanks/"


def _invite_by_mail(server: Server, address: str) -> None:
    """The demo facilitator signs in and e-mails one invitation for one side of the open round."""
    facilitator = _Visitor(server.base)
    facilitator.get("/accounts/login/")
    status, _ = facilitator.post(
        "/accounts/login/", {"username": "facilitator", "password": DEMO_PASSWORD}
    )
    assert status == 200
    status, rounds = facilitator.get("/orgs/harbour-vale/rounds/")
    found = re.search(r'href="(/orgs/harbour-vale/rounds/\d+/)">Autumn review<', rounds)
    assert found, rounds
    invite = f"{found.group(1)}invite/"
    status, form = facilitator.get(invite)
    side = re.search(r'<select name="mail-side".*?<option value="([^"]+)"', form, flags=re.S)
    assert status == 200, form
    assert side, form
    fields = {"mail-side": side.group(1), "mail-emails": address, "send": "1"}
    status, page = facilitator.post(invite, fields)
    assert status == 200, page
    assert "Sending 1 invitation to" in page
    server.wait_for(r"E-mail sent: .* to 1 recipient")  # by the worker beside the server


def _demo_codes(data_dir: Path) -> list[str]:
    with (data_dir / "demo-invitation-codes.csv").open(encoding="utf-8", newline="") as handle:
        return [row["code"] for row in csv.DictReader(handle)]


@pytest.mark.slow
def test_a_whole_journey_leaves_nothing_personal_in_the_logs(tmp_path: Path) -> None:
    data_dir, output = tmp_path / "data", tmp_path / "server.log"
    env = {"PARITY_DEMO_PASSWORD": DEMO_PASSWORD, "PARITY_LOG_LEVEL": "DEBUG"}
    with running(data_dir, output, env=env) as server:
        shown = re.search(r"^Try the survey .*?(/s/[^/\s]+/)$", server.text(), flags=re.M)
        assert shown, server.text()
        link = shown.group(1)
        others = [code for code in _demo_codes(data_dir) if code not in link]
        respondent = _Visitor(server.base)
        _respond(respondent, link)
        assert respondent.get(f"{link}thanks/")[0] == 200
        assert _Visitor(server.base).get("/s/not-a-real-token-x1/")[0] == 404
        status, page = _Visitor(server.base).get(f"/s/?{urlencode({'code': others[0]})}")
        assert status == 200, page
        assert 'name="page" value="1"' in page
        _Visitor(server.base).get("/s/?code=WRONG-CODE-ZZ9")
        assert _Visitor(server.base).get("/results/no-such-results-token/")[0] == 404
        _invite_by_mail(server, "ann.example@example.org")
    # The start-up banner is the CLI's, printed once before gunicorn starts and never through
    # logging: it shows the operator one demo code on purpose, so that they can try the survey.
    # That code is demo data in the data folder's code file, not a person's link, so the banner
    # line is left out of what is searched (the journey above then answers with that same code,
    # and every request it makes must still be masked in the log).
    log = "\n".join(
        line for line in server.text().splitlines() if not line.startswith("Try the survey ")
    )
    for secret in (link.strip("/").removeprefix("s/"), others[0], "not-a-real-token-x1"):
        assert secret not in log
    assert "WRONG-CODE" not in log
    assert "no-such-results-token" not in log
    assert not SURVEY_PATH.search(log), SURVEY_PATH.search(log)
    assert not EMAIL.search(log), EMAIL.search(log)
    assert "ann.example" not in log
    for masked in (
        '"GET /s/…/ HTTP/1.1" 200',
        '"POST /s/…/ HTTP/1.1" 302',
        '"GET /s/…/thanks/ HTTP/1.1" 200',
        '"GET /s/…/ HTTP/1.1" 404',
        '"GET /s/?code=… HTTP/1.1" 302',
        '"GET /results/…/ HTTP/1.1" 404',
    ):
        assert masked in log, masked
    assert "Not Found: /s/…/" in log
    assert re.search(r"E-mail sent: .* to 1 recipient", log), log


def _json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_a_json_line_is_masked_in_every_field() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskFilter())
    handler.setFormatter(JsonLineFormatter())
    logger = logging.getLogger("parity.tests.json")
    logger.addHandler(handler)
    try:
        raise ValueError("no invitation for ann@example.org")
    except ValueError:
        logger.exception(
            "Not Found: %s",
            "/s/Secret-Token_1/",
            extra={"request": "GET /s/Secret-Token_1/", "status_code": 404, "to": "b@example.org"},
        )
    finally:
        logger.removeHandler(handler)
    (line,) = _json_lines(stream.getvalue())
    assert line["level"] == "ERROR"
    assert line["logger"] == "parity.tests.json"
    assert line["message"] == "Not Found: /s/…/"
    assert str(line["time"]).endswith("Z")
    assert line["status_code"] == 404
    assert line["to"] == "…@…"
    assert "request" not in line
    assert "no invitation for …@…" in str(line["exc_info"])
    for private in ("Secret-Token_1", "ann@", "b@example"):
        assert private not in stream.getvalue()


@override_settings(LOG_FORMAT="json")
def test_gunicorn_writes_json_with_the_request_fields_masked() -> None:
    stream = io.StringIO()
    logger = _gunicorn_logger(stream)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/s/?code=K3FQ-7M2X",
        "PATH_INFO": "/s/Secret-Token_1/",
        "QUERY_STRING": "code=K3FQ-7M2X",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.7",
    }
    response = SimpleNamespace(status="404 Not Found", sent=120, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=7))
    logger.error("Error handling request %s", "/s/Secret-Token_1/")
    lines = _json_lines(stream.getvalue())
    # gunicorn's loggers are global: each logger made in this process adds a handler to them.
    access = next(line for line in lines if line["logger"] == "gunicorn.access")
    error = next(line for line in lines if line["logger"] == "gunicorn.error")
    assert (access["method"], access["path"], access["status"]) == ("GET", "/s/…/?code=…", 404)
    assert (access["bytes"], access["duration_ms"]) == (120, 7)
    assert error["message"] == "Error handling request /s/…/"
    assert error["level"] == "ERROR"
    for private in ("Secret-Token_1", "K3FQ", "203.0.113.7"):
        assert private not in stream.getvalue()


def test_successful_health_checks_are_not_in_the_access_log() -> None:
    stream = io.StringIO()
    logger = _gunicorn_logger(stream)
    for path, status in (("/readyz", "200 OK"), ("/livez", "200 OK"), ("/readyz", "503 x")):
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": path,
            "PATH_INFO": path,
            "SERVER_PROTOCOL": "HTTP/1.1",
        }
        response = SimpleNamespace(status=status, sent=10, headers=[])
        logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=1))
    # One line, written once per handler of gunicorn's global logger (earlier tests add some).
    lines = stream.getvalue().splitlines()
    assert lines
    assert all("/readyz" in line and "503" in line for line in lines), lines


@pytest.mark.slow
def test_a_json_server_writes_masked_json_lines(tmp_path: Path) -> None:
    env = {"PARITY_LOG_FORMAT": "json", "PARITY_LOG_LEVEL": "INFO"}
    with running(tmp_path / "data", tmp_path / "server.log", "--no-demo", env=env) as server:
        assert _Visitor(server.base).get("/s/not-a-real-token-x1/")[0] == 404
        assert _Visitor(server.base).get("/readyz")[0] == 200
        server.wait_for(r'"path": "/s/…/"')
    lines = _json_lines(server.text())
    assert lines
    assert {"time", "level", "logger", "message"} <= set(lines[0])
    assert any(line.get("status") == 404 and line["path"] == "/s/…/" for line in lines)
    assert not any(line.get("path") == "/readyz" for line in lines)
    assert "not-a-real-token-x1" not in server.text()
