"""The API's OpenAPI document types every payload: no schema in it leaves an object's keys
and values open (``additionalProperties: true``, or an object with neither ``properties`` nor
``additionalProperties``), so a client generated from it gets typed objects. A mapping keyed by
data (construct code to score, party to its side) says what its values are."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.test import Client, RequestFactory
from tests.integration.web.builders import World
from tests.integration.web.insights_builders import answer, make_results_round

from parity.web.api.routes import api
from parity.web.insights.api import round_results_api


def open_objects(node: Any, path: str = "#") -> Iterator[str]:
    """The JSON pointers of the schemas under ``node`` that let any key have any value."""
    if isinstance(node, dict):
        free = node.get("additionalProperties") is True or (
            node.get("type") == "object"
            and "properties" not in node
            and "additionalProperties" not in node
        )
        if free:
            yield path
        for key, value in node.items():
            yield from open_objects(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from open_objects(value, f"{path}/{index}")


def test_no_payload_of_the_api_is_an_untyped_object(db: None) -> None:
    served = Client().get("/api/openapi.json")
    assert served.status_code == 200
    found = list(open_objects(served.json()))
    assert found == [], "Untyped objects in the OpenAPI document:\n" + "\n".join(found)


def test_the_walk_names_an_untyped_object_by_its_path() -> None:
    document = {"components": {"schemas": {"Out": {"properties": {"extra": {"type": "object"}}}}}}
    document["paths"] = {"/x": {"additionalProperties": True}}
    assert sorted(open_objects(document)) == [
        "#/components/schemas/Out/properties/extra",
        "#/paths//x",
    ]


def test_the_results_are_typed_down_to_a_sides_scores() -> None:
    schemas = api.get_openapi_schema()["components"]["schemas"]
    results = schemas["RoundResultsOut"]["properties"]
    assert results["relationships"]["items"] == {"$ref": "#/components/schemas/ResultRelationship"}
    sides = schemas["ResultRelationship"]["properties"]["sides"]["additionalProperties"]
    assert {option["$ref"].rsplit("/", 1)[1] for option in sides["anyOf"]} == {
        "ShownSide",
        "WithheldSide",
    }
    scores = schemas["ShownSide"]["properties"]["scores"]["additionalProperties"]
    assert scores == {"anyOf": [{"type": "number"}, {"type": "null"}]}
    assert schemas["ShownSide"]["additionalProperties"] is False


def test_the_typed_results_keep_every_key_the_view_gives(world: World, facilitator: Client) -> None:
    spring = make_results_round(world.org_a, [world.relationship])
    answer(spring, world.relationship, world.sales, 6)
    answer(spring, world.relationship, world.it, 2)
    request = RequestFactory().get("/")
    request.user = world.facilitator
    given = json.loads(json.dumps(round_results_api(request, "org-a", spring.pk)))
    sent = facilitator.get(f"/api/orgs/org-a/rounds/{spring.pk}/results").json()
    assert sent == given
    assert set(sent["relationships"][0]["sides"]["IT"]) == {
        "about",
        "respondents",
        "shown",
        "fewer_than",
    }
