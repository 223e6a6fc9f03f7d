"""The per-address limit on the public token pages (survey links and released results)."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from tests.integration.web.builders import World

from parity.web.ratelimit import client_address, over_limit

SURVEY = "/s/some-unknown-token/"


def _get(path: str, address: str = "203.0.113.7", **headers: str) -> int:
    return Client(REMOTE_ADDR=address, **headers).get(path).status_code


@override_settings(PUBLIC_RATE_LIMIT=3)
def test_the_fourth_request_in_a_minute_is_refused(db: None) -> None:
    assert [_get(SURVEY) for _ in range(3)] == [404, 404, 404]
    refused = Client(REMOTE_ADDR="203.0.113.7").post(SURVEY, {"page": "1"})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Too many requests" in refused.content.decode()
    assert refused["Content-Type"].startswith("text/html")


@override_settings(PUBLIC_RATE_LIMIT=2)
def test_each_address_has_its_own_count(db: None) -> None:
    for _ in range(3):
        _get(SURVEY)
    assert _get(SURVEY) == 429
    assert _get(SURVEY, address="198.51.100.4") == 404


@override_settings(PUBLIC_RATE_LIMIT=2)
def test_the_code_entry_and_released_results_are_limited_too(db: None) -> None:
    assert _get(reverse("surveys:enter")) == 200
    assert _get(reverse("insights:released", args=["nothing"])) == 404
    assert _get(SURVEY) == 429


@override_settings(PUBLIC_RATE_LIMIT=1)
def test_signed_in_pages_and_the_api_are_not_limited(world: World, facilitator: Client) -> None:
    for _ in range(3):
        assert facilitator.get(reverse("orgs:detail", args=["org-a"])).status_code == 200
        assert facilitator.get("/api/orgs").status_code == 200
        assert Client().get(reverse("healthz")).status_code == 200


@override_settings(PUBLIC_RATE_LIMIT=0)
def test_zero_turns_the_limit_off(db: None) -> None:
    assert {_get(SURVEY) for _ in range(10)} == {404}


@override_settings(PUBLIC_RATE_LIMIT=2, PROXY_COUNT=1)
def test_behind_a_proxy_the_forwarded_address_counts(db: None) -> None:
    proxy = "10.0.0.2"
    for _ in range(2):
        assert _get(SURVEY, proxy, HTTP_X_FORWARDED_FOR="203.0.113.7") == 404
    assert _get(SURVEY, proxy, HTTP_X_FORWARDED_FOR="203.0.113.7") == 429
    # Another client behind the same proxy is not held up; a forged first entry changes nothing.
    assert _get(SURVEY, proxy, HTTP_X_FORWARDED_FOR="198.51.100.4") == 404
    assert _get(SURVEY, proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7") == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.2"),
        (1, "1.2.3.4, 203.0.113.7", "203.0.113.7"),
        (2, "1.2.3.4, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (2, "", "10.0.0.2"),
    ],
)
def test_the_client_address(proxies: int, forwarded: str, expected: str) -> None:
    request = RequestFactory().get(SURVEY, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request, proxies) == expected


def test_the_count_starts_again_each_minute() -> None:
    start = 1_800_000_000.0  # a whole minute
    assert [over_limit("192.0.2.1", 2, start + s) for s in (0, 1, 2)] == [0, 0, 58]
    assert over_limit("192.0.2.1", 2, start + 60) == 0
