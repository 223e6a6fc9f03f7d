"""A Python client generated from the API's OpenAPI document (openapi-python-client, as a user
would run it) works against a live server: it signs in with a personal token, lists the
organizations and reads a round's results as typed objects, losing nothing of the JSON.

The client is generated afresh from the document the server publishes, so a change to the API
that a generated client could not follow fails here.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from tests.integration.web.builders import World
from tests.integration.web.insights_builders import answer, make_results_round

from parity.web.accounts.api_tokens import create_api_token

#: The generated package's name, unlike any module of the project or its dependencies.
PACKAGE = "parity_generated_client"
GENERATOR = Path(sys.executable).with_name("openapi-python-client")


@pytest.fixture
def client_package(live_server: Any, tmp_path: Path) -> Iterator[ModuleType]:
    """The client generated from the live server's OpenAPI document, importable."""
    document = tmp_path / "openapi.json"
    document.write_bytes(httpx.get(f"{live_server.url}/api/openapi.json").content)
    environment = {**os.environ, "PATH": f"{GENERATOR.parent}{os.pathsep}{os.environ['PATH']}"}
    command = [GENERATOR, "generate", "--path", document, "--output-path", tmp_path / PACKAGE]
    generated = subprocess.run(
        [*command, "--meta", "none"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    assert "Warning" not in generated.stdout + generated.stderr, generated.stdout
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.{name}")


def test_a_generated_client_reads_typed_results(
    client_package: ModuleType, live_server: Any, world: World
) -> None:
    spring = make_results_round(world.org_a, [world.relationship])
    answer(spring, world.relationship, world.sales, 6)
    answer(spring, world.relationship, world.it, 2)
    token = create_api_token(world.facilitator, "client")[1]
    client = client_package.AuthenticatedClient(base_url=live_server.url, token=token)
    models = _module("models")

    organizations = _module("api.default.list_organizations").sync(client=client)
    assert [(o.slug, o.name) for o in organizations] == [("org-a", "Org A")]
    assert all(isinstance(o, models.OrganizationOut) for o in organizations)

    read = _module("api.results.round_results_api")
    results = read.sync(slug="org-a", round_id=spring.pk, client=client)
    assert isinstance(results, models.RoundResultsOut)
    assert results.name == "Spring"
    assert isinstance(results.organization, models.Organization)
    (relationship,) = results.relationships
    assert isinstance(relationship, models.ResultRelationship)
    assert relationship.relationship_id == world.relationship.pk
    sales, it = relationship.sides["Sales"], relationship.sides["IT"]
    assert isinstance(sales, models.ShownSide)
    assert sales.respondents == 6
    assert isinstance(sales.scores["VOI"], float)
    assert 0 <= sales.scores["VOI"] <= 100
    assert isinstance(it, models.WithheldSide)
    assert it.fewer_than == 5

    as_sent = httpx.get(
        f"{live_server.url}/api/orgs/org-a/rounds/{spring.pk}/results",
        headers={"Authorization": f"Bearer {token}"},
    ).json()
    assert results.to_dict() == as_sent


def test_a_generated_client_without_a_token_is_refused(
    client_package: ModuleType, live_server: Any, world: World
) -> None:
    client = client_package.Client(base_url=live_server.url)
    answered = _module("api.default.list_organizations").sync_detailed(client=client)
    assert answered.status_code == 401
    assert answered.parsed is None
