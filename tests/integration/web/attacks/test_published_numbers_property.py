"""A property of the whole service: a published number never moves.

For random thresholds, random answers from a few respondents per side and a random order of
submission, the round's results are read through the API after every single submission, after
the round closes, after a late respondent tries their link, and once more. Whatever the
example, the snapshots that hold results are all the same (so no two of them can be
subtracted), every published side score is a whole number (as the pages show it), and a side
that reached the threshold, on a construct all its respondents answered, is published once the
round has closed.
"""

from __future__ import annotations

import itertools
from typing import Any

import pandas as pd
import pytest
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from tests.integration.web.attacks.kit import (
    CONSTRUCT_OF,
    ITEMS,
    PARTNER_TEXT,
    Scene,
    answer,
    api_results,
    json_differences,
    published_results,
    relationships_of,
    side_scores,
    signed_in,
    try_to_answer,
)
from tests.integration.web.builders import World, make_org, make_party, make_relationship

from parity.core.instrument import default_instrument
from parity.core.screen import flagged, screen
from parity.web.orgs.models import Organization, Role

_slugs = itertools.count(1)

#: A respondent who answered every item, or one who now and then chose "No answer".
_answers = st.one_of(
    st.fixed_dictionaries(dict.fromkeys(ITEMS, st.integers(1, 7))),
    st.fixed_dictionaries(
        dict.fromkeys(ITEMS, st.integers(0, 7).map(lambda v: None if v == 0 else v))
    ),
)
_words = st.sampled_from(
    [
        "",
        PARTNER_TEXT.format(other="them"),
        "They tell us what to do and we comply.",
        "To serve the business whatever they ask.",
    ]
)
_respondent = st.tuples(_answers, _words)


@st.composite
def _rounds(draw: st.DrawFn) -> dict[str, Any]:
    score = draw(st.integers(3, 5), label="score threshold")
    text = draw(st.integers(3, 7), label="text threshold")
    sides = {
        "IT": draw(st.lists(_respondent, max_size=6), label="IT"),
        "Sales": draw(st.lists(_respondent, max_size=6), label="Sales"),
    }
    turns = [(party, k) for party, people in sides.items() for k in range(len(people))]
    order = draw(st.permutations(turns), label="order of submission")
    return {"score": score, "text": text, "sides": sides, "order": order}


def _screened(people: list[tuple[dict[str, Any], str]]) -> list[tuple[dict[str, Any], str]]:
    """The respondents the respondent screen keeps (docs/method.md §2a): random answers can
    repeat one another or agree with contradictory statements."""
    if not people:
        return people
    frame = pd.DataFrame(
        [
            {
                "party": "P",
                "about": "Q",
                "purpose": words,
                **{i.upper(): a for i, a in items.items()},
            }
            for items, words in people
        ]
    )
    left_out = flagged(screen(frame, default_instrument())).to_numpy()
    return [person for person, out in zip(people, left_out, strict=True) if not out]


def _is_whole(value: Any) -> bool:
    return value is None or float(value).is_integer()


def _published_side_scores(snapshot: dict[str, Any] | None) -> list[tuple[str, Any]]:
    out = []
    for relationship in relationships_of(snapshot):
        for party, side in (relationship.get("sides") or {}).items():
            side = side or {}
            out.extend((f"{party} {code}", v) for code, v in (side.get("scores") or {}).items())
            out.append((f"{party} partnering score", side.get("partnering_score")))
    return out


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # Each example runs a whole round (a second or more); shrinking a failure would take
    # minutes, and the failing example is printed as it is.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(example=_rounds())
def test_a_published_number_never_moves(
    world: World, facilitator: Client, example: dict[str, Any]
) -> None:
    n = next(_slugs)
    slug = f"org-p{n}"
    org: Organization = make_org(f"Org P{n}", slug, fiona=Role.FACILITATOR)
    Organization.objects.filter(pk=org.pk).update(
        score_threshold=example["score"], text_threshold=example["text"]
    )
    parties = {"Sales": make_party(org, "Sales"), "IT": make_party(org, "IT")}
    relationship = make_relationship(parties["Sales"], parties["IT"])
    reader = signed_in(world.facilitator)
    scene = Scene.open(facilitator, slug, relationship)
    links = {
        party: scene.codes(parties[party], len(people) + 1)
        for party, people in example["sides"].items()
    }

    snapshots = []
    for party, k in example["order"]:
        items, words = example["sides"][party][k]
        answer(links[party][k], items, {"purpose": words} if words else {})
        snapshots.append(api_results(reader, slug, scene.round_id))
    scene.close()
    closed = api_results(reader, slug, scene.round_id)
    snapshots.append(closed)
    late = dict.fromkeys(ITEMS, 4)
    assert not try_to_answer(links["IT"][-1], late), "a closed round took another answer"
    snapshots.append(api_results(reader, slug, scene.round_id))
    snapshots.append(api_results(reader, slug, scene.round_id))

    published = [s for s in snapshots if published_results(s)]
    for later in published[1:]:
        moved = json_differences(published[0], later)
        assert not moved, f"a published result moved between two readings: {moved}"
    for snapshot in snapshots:
        for name, value in _published_side_scores(snapshot):
            assert _is_whole(value), f"{name} is published as {value}, not a whole number"
    for party, answered in example["sides"].items():
        people = _screened(answered)
        if len(people) < example["score"]:
            continue
        complete = {
            CONSTRUCT_OF[item]
            for item in ITEMS
            if all(
                all(answers[i] is not None for i in ITEMS if CONSTRUCT_OF[i] == CONSTRUCT_OF[item])
                for answers, _ in people
            )
        }
        missing = complete - side_scores(closed, party).keys()
        assert not missing, f"{party} ({len(people)} respondents) is not published: {missing}"
