"""Logs: what an operator (or whoever reads the server's logs) learns about who answered.

A token in a log line is a working link until it is used, and after that it still ties a
request (its time, its address) to one invitation, which an e-mail address ties to a person.
The promise: nothing the journey below does, as the application runs without a mail server
(the mail backend its settings choose then: Django's console backend on the old code, which
prints each invitation whole), writes a token, a code or an address to the logs at their most
verbose setting, to any log record, or to the process's standard output or error. Another test
reads a real server's access log; this one is in-process.
"""

from __future__ import annotations

import logging
import logging.config
import re
import runpy
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from pytest_django import Settings
from tests.integration.web.attacks.kit import (
    PARTNER,
    Form,
    Scene,
    answer,
    forms_of,
    respondent,
    signed_in,
)
from tests.integration.web.builders import World

from parity.web import settings as parity_settings

_LINK = re.compile(r"/s/([A-Za-z0-9_-]{12,})")


@dataclass
class _Logging:
    """What the application's logging and mail backend write during a test."""

    caplog: pytest.LogCaptureFixture
    mail_backend: str


@pytest.fixture
def app_logging(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> Iterator[_Logging]:
    """Parity's own logging, as its settings configure it at the most verbose level an operator
    can ask for (``PARITY_LOG_LEVEL=DEBUG``), writing to this test's standard error; behind its
    handlers, ``caplog``'s, at DEBUG, which sees every record as any further handler (a log
    file, an error tracker) would. And Parity's mail backend for an install without SMTP.

    The settings module is run again for this (the test settings were evaluated with the
    default level); everything the logging module holds is put back afterwards.
    """
    monkeypatch.setenv("PARITY_LOG_LEVEL", "DEBUG")
    for name in ("PARITY_EMAIL_HOST", "PARITY_DEBUG_MAIL"):
        monkeypatch.delenv(name, raising=False)
    configured = runpy.run_path(str(parity_settings.__file__))
    names = list(logging.root.manager.loggerDict)
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in names)]
    saved = [
        (lg, lg.level, lg.handlers[:], lg.filters[:], lg.propagate, lg.disabled) for lg in loggers
    ]
    logging.config.dictConfig(configured["LOGGING"])
    logging.getLogger().addHandler(caplog.handler)
    caplog.handler.setLevel(logging.DEBUG)
    try:
        yield _Logging(caplog, str(configured["EMAIL_BACKEND"]))
    finally:
        for lg, level, handlers, filters, propagate, disabled in saved:
            lg.setLevel(level)
            lg.handlers[:] = handlers
            lg.filters[:] = filters
            lg.propagate, lg.disabled = propagate, disabled


def _invitation_form(facilitator: Client, scene: Scene, *, emails: bool) -> Form:
    """The round's invitation page's form for e-mails (the one with a text area for the
    addresses) or for printed codes (a choice of side and no text area)."""
    invite = facilitator.get(f"{scene.round_url}invite/")
    assert invite.status_code == 200
    found = [
        f
        for f in forms_of(invite.content.decode())
        if (bool(f.textareas) if emails else bool(f.selects) and not f.textareas)
    ]
    assert found, f"the invitation page has no form for {'e-mails' if emails else 'codes'}"
    return found[0]


def _invite_by_page_form(facilitator: Client, scene: Scene, addresses: list[str]) -> None:
    """The invitation page's e-mail form, filled as a facilitator does."""
    form = _invitation_form(facilitator, scene, emails=True)
    data = dict(form.values)
    for name, options in form.selects.items():
        data[name] = next(value for value in options if value)
    data[form.textareas[0]] = "\n".join(addresses)
    data.update(dict(form.buttons[:1]))
    facilitator.post(f"{scene.round_url}invite/", data)


def _code_sheet_by_page_form(facilitator: Client, scene: Scene) -> list[str]:
    """The invitation page's code form: a printed sheet; returns the survey paths on it."""
    form = _invitation_form(facilitator, scene, emails=False)
    data = dict(form.values)
    for name, options in form.selects.items():
        data[name] = next(value for value in options if value)
    for name in data:
        if "count" in name:
            data[name] = "5"
    data.update(dict(form.buttons[:1]))
    sheet = facilitator.post(f"{scene.round_url}invite/", data, follow=True)
    assert sheet.status_code == 200
    return sorted({f"/s/{token}/" for token in _LINK.findall(sheet.content.decode())})


def test_no_token_code_or_address_reaches_the_logs(
    world: World,
    facilitator: Client,
    settings: Settings,
    app_logging: _Logging,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert "smtp" not in app_logging.mail_backend.lower(), "the install has no mail server"
    settings.EMAIL_BACKEND = app_logging.mail_backend
    every_log = app_logging.caplog
    scene = Scene.open(facilitator, "org-a", world.relationship)
    page_addresses = [f"page.person{k}@respondents.example" for k in range(3)]
    api_addresses = [f"api.person{k}@respondents.example" for k in range(3)]
    _invite_by_page_form(facilitator, scene, page_addresses)
    scene.send_emails(world.it, api_addresses)
    links = scene.codes(world.it, 8) + _code_sheet_by_page_form(facilitator, scene)

    for link in links[:3]:
        answer(link, PARTNER, {"comment": "We decide together."})
    answer(links[3], PARTNER, {"comment": "Half done."}, save_at_end=True)
    respondent().get(links[3])  # back to the saved draft
    respondent().get(links[0])  # a used link, opened again
    first_page = respondent().get(links[4]).content.decode()
    (form,) = [f for f in forms_of(first_page) if f.radios]
    wrong = {**form.values, **dict.fromkeys(form.radios, "9"), "action": "next"}
    respondent().post(links[4], wrong)  # an answer out of range
    code = links[5].strip("/").split("/")[-1]
    respondent().get("/s/", {"code": code})  # a printed code typed in
    respondent().get(f"/s/{code[:-1]}{'A' if code[-1] != 'A' else 'B'}/")  # ... mistyped
    scene.close()
    respondent().get(links[6])  # too late
    signed_in(world.facilitator).get(f"/api/orgs/org-a/rounds/{scene.round_id}/results")

    tokens = [link.strip("/").split("/")[-1] for link in links]
    secrets = [*tokens, code[:-1], *page_addresses, *api_addresses]
    printed = capsys.readouterr()
    logged = "\n".join(
        [
            every_log.text,
            *(record.getMessage() for record in every_log.records),
            *(repr(record.args) for record in every_log.records),
        ]
    )
    for where, text in (("the logs", logged), ("stdout", printed.out), ("stderr", printed.err)):
        found = sorted({s for s in secrets if s in text})
        assert not found, f"{where} hold {len(found)} token(s), code(s) or address(es): {found[:4]}"
        assert not _LINK.search(text), f"{where} hold a survey link: {_LINK.search(text)}"
