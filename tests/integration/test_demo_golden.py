"""Golden test: the demo organization's archetypes, roles and name-only flags are pinned."""

from __future__ import annotations

import pytest

from parity.core.analysis import analyze
from parity.demo.company import demo_dataset

GOLDEN = {
    ("Marketing", "Sales"): ("partnership", ""),
    ("Operations", "Quayside Logistics"): ("partnership", ""),
    ("HR", "Operations"): ("developing", ""),
    ("Legal", "Sales"): ("developing", ""),
    ("IT", "Nimbus Cloud Services"): (
        "customer_supplier",
        "IT:customer;Nimbus Cloud Services:supplier",
    ),
    ("Copper Kite Agency", "Marketing"): (
        "customer_supplier",
        "Marketing:customer;Copper Kite Agency:supplier",
    ),
    ("Legal", "Procurement"): ("customer_supplier", "Procurement:customer;Legal:supplier"),
    ("IT", "Sales"): ("master_servant", "Sales:master;IT:servant"),
    ("Finance", "IT"): ("master_servant", "Finance:master;IT:servant"),
    ("HR", "Sales"): ("master_servant", "Sales:master;HR:servant"),
    ("Finance", "Quayside Logistics"): ("adversarial", ""),
    ("Legal", "Marketing"): ("adversarial", ""),
    ("HR", "Procurement"): ("detached", ""),
    ("Legal", "Nimbus Cloud Services"): ("insufficient_data", ""),
}
NAME_ONLY = {("IT", "Nimbus Cloud Services"), ("IT", "Sales"), ("Finance", "IT"), ("HR", "Sales")}


def roles_text(roles: dict[str, str]) -> str:
    return ";".join(f"{party}:{role}" for party, role in roles.items())


def test_demo_archetypes_roles_and_name_only_are_pinned() -> None:
    data = demo_dataset(seed=7)
    result = analyze(data.responses, data.relationships)
    found = {r.parties: (r.archetype, roles_text(dict(r.roles))) for r in result.relationships}
    assert found == GOLDEN
    assert {r.parties for r in result.relationships if r.name_only} == NAME_ONLY


@pytest.mark.parametrize("seed", [8, 9, 10])
def test_other_seeds_tell_the_same_story(seed: int) -> None:
    data = demo_dataset(seed=seed)
    result = analyze(data.responses, data.relationships)
    expected = {
        tuple(sorted((row.party_a, row.party_b))): row.archetype
        for row in data.expected.itertuples()
    }
    assert {r.parties: r.archetype for r in result.relationships} == expected
