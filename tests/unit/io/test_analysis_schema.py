"""The published JSON Schema of `parity analyze --format json` (docs/analysis.schema.json): it is
the one the models make, and the demo's output meets it, hidden sides and segments included."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import numpy as np
import pytest

from parity.core.analysis import Analysis, analyze
from parity.core.segments import AttributeSegments, Segment, SideSegments, Split
from parity.demo import DemoDataset
from parity.io.analysis_json import analysis_json, segments_dict
from parity.io.analysis_schema import DIALECT, Segments, analysis_schema, analysis_schema_text

PUBLISHED = Path(__file__).resolve().parents[3] / "docs" / "analysis.schema.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema_rs.Validator:
    return jsonschema_rs.Draft202012Validator(json.loads(PUBLISHED.read_text(encoding="utf-8")))


def problems(validator: jsonschema_rs.Validator, document: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.instance_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]


def test_the_published_schema_is_the_one_the_models_make() -> None:
    assert PUBLISHED.read_text(encoding="utf-8") == analysis_schema_text(), (
        "docs/analysis.schema.json differs from parity.io.analysis_schema: run "
        "`python scripts/write_analysis_schema.py` and commit the file."
    )


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = analysis_schema()
    assert schema["$schema"] == DIALECT
    jsonschema_rs.meta.validate(schema)


def test_the_demo_analysis_meets_the_schema(
    validator: jsonschema_rs.Validator, demo_analysis: Analysis
) -> None:
    document = json.loads(analysis_json(demo_analysis))
    assert document["relationships"]
    assert problems(validator, document) == []


def test_the_two_round_demo_analysis_meets_the_schema(
    validator: jsonschema_rs.Validator, demo_history_analysis: Analysis
) -> None:
    document = json.loads(analysis_json(demo_history_analysis))
    assert {r["wave"] for r in document["relationships"]} == set(
        document["organization"]["trends"]["rounds"]
    )
    assert problems(validator, document) == []


def test_hidden_sides_and_segments_meet_the_schema(
    validator: jsonschema_rs.Validator, demo_data: DemoDataset
) -> None:
    responses = demo_data.responses.copy()
    rng = np.random.default_rng(1)
    responses.insert(3, "role", rng.choice(["Lead", "Staff"], len(responses)))
    document = json.loads(
        analysis_json(analyze(responses, demo_data.relationships, min_respondents=12))
    )
    sides = [s for r in document["relationships"] for s in r["sides"].values()]
    assert any(not s["shown"] for s in sides)
    assert any("segments" in s for s in sides)
    assert problems(validator, document) == []


def test_a_split_meets_the_schema() -> None:
    found = SideSegments(
        attributes=(
            AttributeSegments("role", (Segment("Lead", 6, {"VOI": 71.5}, {"VOI": 6}),), 6),
        ),
        withheld=("level",),
        splits=(Split("role", "VOI", "Lead", "Staff", (71.5, 40.0), 31.5, (12.0, float("nan"))),),
    )
    written = segments_dict(found)
    assert Segments.model_validate(written).model_dump(by_alias=True) == written


def test_a_key_the_schema_does_not_name_is_refused(
    validator: jsonschema_rs.Validator, demo_analysis: Analysis
) -> None:
    document = json.loads(analysis_json(demo_analysis))
    document["relationships"][0]["sides"][document["relationships"][0]["parties"][0]]["x"] = 1
    document["relationships"][1]["partnering_index"] = "high"
    found = problems(validator, document)
    assert len(found) == 2
    assert any("relationships/1/partnering_index" in p for p in found)
