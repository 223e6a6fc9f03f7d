"""The API against its own OpenAPI document: every operation, called by a facilitator's token
with generated (and some malformed) input, never answers 5xx and answers as documented.

Schemathesis generates the requests from the document the API publishes; path parameters are
pointed at the facilitator's organization, its parties, relationships and rounds (a closed one
with answers, an open one), so that the operations are reached beyond their 404. The number of
examples per operation is bounded to keep the run short.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from tests.integration.web.builders import World, make_party, make_relationship
from tests.integration.web.insights_builders import answer, make_results_round

from parity.web.accounts.api_tokens import create_api_token
from parity.web.api.routes import api

#: Examples per operation: enough to vary every body's fields, few enough to stay quick.
EXAMPLES = 6


schema = schemathesis.openapi.from_dict(api.get_openapi_schema())


@pytest.fixture
def in_process() -> Iterator[None]:
    """Requests handled in this process keep the test's database connection open, as with
    Django's test client (closing it would end the test's transaction on PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def setting(world: World, in_process: None) -> dict[str, Any]:
    """A facilitator's token and the ids the path parameters point at."""
    spring = make_results_round(world.org_a, [world.relationship], name="Spring")
    answer(spring, world.relationship, world.sales, 5)
    answer(spring, world.relationship, world.it, 5)
    open_ = make_results_round(world.org_a, [world.relationship], name="Now", closed=False)
    spare = make_relationship(world.it, make_party(world.org_a, "Legal"))
    return {
        "token": create_api_token(world.facilitator, "schema")[1],
        "slug": world.org_a.slug,
        "round_id": [spring.pk, open_.pk],
        "party_id": [world.it.pk, world.sales.pk],
        "relationship_id": [world.relationship.pk, spare.pk],
    }


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_answers_as_documented(case: Any, setting: dict[str, Any]) -> None:
    parameters = case.path_parameters or {}
    for name in list(parameters):
        if name == "slug":
            parameters[name] = setting["slug"]
        elif name in setting:
            choices = setting[name]
            parameters[name] = choices[zlib.crc32(str(parameters[name]).encode()) % len(choices)]
    case.call_and_validate(
        app=WSGIHandler(),
        headers={"Authorization": f"Bearer {setting['token']}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
