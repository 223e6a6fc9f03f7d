"""The demo organization: Harbour & Vale Group, its profiles, sampling and voices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.support.demo_fixture import DEMO_SEED

from parity.core.archetypes import ARCHETYPES as ARCHETYPE_CODES
from parity.core.archetypes import INSUFFICIENT
from parity.core.instrument import CORE_CONSTRUCTS, default_instrument
from parity.core.schema import ID_COLUMNS, RELATIONSHIP_COLUMNS, TEXT_COLUMNS
from parity.demo import PROFILES, STANCES, DemoDataset, demo_dataset, sample_side, sample_voices
from parity.demo.company import (
    CURRENT_WAVE,
    MAP_RELATIONSHIPS,
    PERCEIVER_EFFECTS,
    PILOT_WAVE,
    ROUND_ROBIN_PARTIES,
    ROUND_ROBIN_RELATIONSHIPS,
    TARGET_EFFECTS,
)
from parity.demo.voices import COMMENTS, MIRRORS, PERSONAS, PURPOSES, STANCE_MIX

INSTRUMENT = default_instrument()
ITEMS = list(INSTRUMENT.item_ids)
ARCHETYPES = {*ARCHETYPE_CODES, INSUFFICIENT}


def _pairs(frame: pd.DataFrame, a: str, b: str) -> set[frozenset[str]]:
    return {frozenset(pair) for pair in zip(frame[a], frame[b], strict=True)}


def _construct_means(responses: pd.DataFrame) -> pd.DataFrame:
    """Construct scores (0–100) per side, TRS3 reversed, as the instrument defines them."""
    answers = responses[ITEMS].copy()
    answers["TRS3"] = 8 - answers["TRS3"]
    scores = pd.DataFrame(
        {
            code: (answers[[i.id for i in INSTRUMENT.items_of(code)]].mean(axis=1) - 1) / 6 * 100
            for code in CORE_CONSTRUCTS
        }
    )
    keys = [responses["party"], responses["about"]]
    return scores.groupby(keys).mean()


# The demo company


def test_the_same_seed_gives_the_same_frames(demo_data: DemoDataset) -> None:
    again = demo_dataset(DEMO_SEED)
    for name in ("responses", "relationships", "expected", "parties"):
        pd.testing.assert_frame_equal(getattr(demo_data, name), getattr(again, name))


def test_another_seed_gives_other_answers(demo_data: DemoDataset) -> None:
    other = demo_dataset(8)
    assert not demo_data.responses.equals(other.responses)
    pd.testing.assert_frame_equal(demo_data.relationships, other.relationships)


def test_eight_departments_and_three_outside_firms(demo_data: DemoDataset) -> None:
    assert list(demo_data.parties.columns) == ["name", "kind", "description"]
    assert (demo_data.parties["kind"] == "department").sum() == 8
    assert (demo_data.parties["kind"] == "external").sum() == 3
    assert demo_data.parties["name"].is_unique


def test_relationships_cover_every_archetype(demo_data: DemoDataset) -> None:
    assert list(demo_data.relationships.columns) == list(RELATIONSHIP_COLUMNS)
    assert len(demo_data.relationships) == len(MAP_RELATIONSHIPS) + len(ROUND_ROBIN_RELATIONSHIPS)
    assert 12 <= len(MAP_RELATIONSHIPS) <= 15
    map_only = demo_data.expected.iloc[: len(MAP_RELATIONSHIPS)]
    assert set(map_only["archetype"]) == ARCHETYPES
    counts = map_only["archetype"].value_counts()
    assert counts["customer_supplier"] == 3
    assert counts["master_servant"] == 3
    assert counts["insufficient_data"] == 1
    assert list(demo_data.expected["party_a"]) == list(demo_data.relationships["party_a"])
    assert list(demo_data.expected["party_b"]) == list(demo_data.relationships["party_b"])


def test_scope_follows_the_parties(demo_data: DemoDataset) -> None:
    kind = dict(zip(demo_data.parties["name"], demo_data.parties["kind"], strict=True))
    for row in demo_data.relationships.itertuples():
        both_inside = kind[row.party_a] == kind[row.party_b] == "department"
        assert row.scope == ("internal" if both_inside else "external"), row


def test_it_is_the_servant_that_calls_itself_a_business_partner(demo_data: DemoDataset) -> None:
    table = demo_data.relationships.merge(demo_data.expected, on=["party_a", "party_b"])
    it_pairs = table[(table["archetype"] == "master_servant") & (table["party_b"] == "IT")]
    assert set(it_pairs["party_a"]) >= {"Sales", "Finance"}
    assert set(it_pairs["label"]) == {"business partner"}
    assert all("IT:servant" in roles for roles in it_pairs["roles"])


def test_several_relationships_are_partners_in_name_only(demo_data: DemoDataset) -> None:
    table = demo_data.relationships.merge(demo_data.expected, on=["party_a", "party_b"])
    says_partner = table["label"].str.contains("partner")
    behaves_otherwise = ~table["archetype"].isin(["partnership", "developing"])
    assert (says_partner & behaves_otherwise).sum() >= 2


def test_external_customer_suppliers_and_adversaries(demo_data: DemoDataset) -> None:
    table = demo_data.relationships.merge(demo_data.expected, on=["party_a", "party_b"])
    suppliers = table[table["archetype"] == "customer_supplier"]
    assert (suppliers["scope"] == "external").sum() >= 2
    adversaries = table[table["archetype"] == "adversarial"]
    assert len(adversaries) == 2
    assert "external" in set(adversaries["scope"])


def test_roles_name_the_relationship_parties(demo_data: DemoDataset) -> None:
    for row in demo_data.expected.itertuples():
        if row.archetype in ("customer_supplier", "master_servant"):
            named = {part.split(":")[0] for part in row.roles.split(";")}
            assert named == {row.party_a, row.party_b}
        else:
            assert row.roles == ""


def test_responses_have_the_canonical_columns(demo_data: DemoDataset) -> None:
    expected = [*ID_COLUMNS, *ITEMS, *TEXT_COLUMNS]
    assert list(demo_data.responses.columns) == expected
    assert all(demo_data.responses[item].dtype == np.float64 for item in ITEMS)


def test_every_side_has_four_to_fifteen_respondents_but_one(demo_data: DemoDataset) -> None:
    sizes = demo_data.responses.groupby(["party", "about"]).size()
    small = sizes[sizes < 4]
    insufficient = demo_data.expected[demo_data.expected["archetype"] == "insufficient_data"].iloc[
        0
    ]
    assert list(small.index) == [(insufficient["party_a"], insufficient["party_b"])]
    assert small.iloc[0] == 2
    assert sizes.max() <= 15


def test_answers_are_whole_numbers_from_one_to_seven(demo_data: DemoDataset) -> None:
    values = demo_data.responses[ITEMS].to_numpy()
    present = values[~np.isnan(values)]
    assert np.all(present == np.round(present))
    assert present.min() >= 1
    assert present.max() <= 7
    assert not np.isnan(values).all(axis=1).any()


def test_respondent_ids_are_unique(demo_data: DemoDataset) -> None:
    assert demo_data.responses["respondent"].is_unique


def test_every_respondent_wrote_something_and_no_placeholder_is_left(
    demo_data: DemoDataset,
) -> None:
    texts = demo_data.responses[list(TEXT_COLUMNS)]
    assert (texts["purpose"].notna() | texts["persona"].notna()).all()
    written = texts.stack()
    assert not written.str.contains("{other}", regex=False).any()


def test_response_pairs_match_the_relationships(demo_data: DemoDataset) -> None:
    assert _pairs(demo_data.responses, "party", "about") == _pairs(
        demo_data.relationships, "party_a", "party_b"
    )
    sides = demo_data.responses.groupby(["party", "about"]).size()
    assert len(sides) == 2 * len(demo_data.relationships)


# The round robin and the pilot round


def test_the_six_departments_rate_every_other_one(demo_data: DemoDataset) -> None:
    inside = demo_data.responses[
        demo_data.responses["party"].isin(ROUND_ROBIN_PARTIES)
        & demo_data.responses["about"].isin(ROUND_ROBIN_PARTIES)
    ]
    pairs = set(zip(inside["party"], inside["about"], strict=True))
    n = len(ROUND_ROBIN_PARTIES)
    assert len(pairs) == n * (n - 1)
    assert all(r.section == "round_robin" for r in ROUND_ROBIN_RELATIONSHIPS)
    assert all(r.scope == "internal" for r in ROUND_ROBIN_RELATIONSHIPS)


def test_the_built_in_effects_show_in_the_answers(demo_data: DemoDataset) -> None:
    assert PERCEIVER_EFFECTS["IT"]["VOI"] < 0
    assert TARGET_EFFECTS["Legal"]["TRS"] < 0
    means = _construct_means(demo_data.responses)
    added = {(r.party_a, r.party_b) for r in ROUND_ROBIN_RELATIONSHIPS}
    added |= {(b, a) for a, b in added}
    voice = means["VOI"][[k for k in means.index if k in added]]
    it_voice = voice[[k for k in voice.index if k[0] == "IT"]]
    others = voice[[k for k in voice.index if k[0] != "IT"]]
    assert it_voice.mean() < others.mean() - 15
    trust = means["TRS"][[k for k in means.index if k in added]]
    about_legal = trust[[k for k in trust.index if k[1] == "Legal"]]
    about_others = trust[[k for k in trust.index if k[1] != "Legal"]]
    assert about_legal.mean() < about_others.mean() - 15


def test_the_round_robin_leaves_the_map_as_it_was(demo_data: DemoDataset) -> None:
    """The map's sides are drawn first, so adding the round robin changed none of them: the
    map's rows are exactly those of the map drawn alone."""
    from parity.demo.company import _round_responses

    alone = _round_responses(MAP_RELATIONSHIPS, np.random.default_rng(DEMO_SEED), INSTRUMENT)
    pd.testing.assert_frame_equal(demo_data.responses.iloc[: len(alone)], alone)


def test_the_pilot_round_has_the_same_relationships_and_its_own_answers(
    demo_data: DemoDataset,
) -> None:
    assert list(demo_data.pilot.columns) == list(demo_data.responses.columns)
    assert _pairs(demo_data.pilot, "party", "about") == _pairs(
        demo_data.responses, "party", "about"
    )
    assert demo_data.pilot["respondent"].str.startswith("HP").all()
    changed = demo_data.pilot_expected["archetype"] != demo_data.expected["archetype"]
    assert set(
        zip(
            demo_data.pilot_expected["party_a"][changed],
            demo_data.pilot_expected["archetype"][changed],
            strict=True,
        )
    ) == {
        ("HR", "detached"),
        ("Legal", "customer_supplier"),
        ("Procurement", "developing"),
        ("Sales", "developing"),
    }


def test_history_puts_both_rounds_in_waves(demo_data: DemoDataset) -> None:
    history = demo_data.history()
    assert list(history.columns[:4]) == ["respondent", "party", "about", "wave"]
    assert history["wave"].value_counts().to_dict() == {
        CURRENT_WAVE: len(demo_data.responses),
        PILOT_WAVE: len(demo_data.pilot),
    }
    assert sorted([PILOT_WAVE, CURRENT_WAVE]) == [PILOT_WAVE, CURRENT_WAVE]
    assert history["respondent"].is_unique


def test_power_shows_on_the_intended_side(demo_data: DemoDataset) -> None:
    means = _construct_means(demo_data.responses)
    assert means.loc[("Sales", "IT"), "DIR"] > means.loc[("IT", "Sales"), "DIR"] + 30
    assert means.loc[("IT", "Sales"), "DEF"] > means.loc[("Sales", "IT"), "DEF"] + 30
    assert means.loc[("IT", "Nimbus Cloud Services"), "ALT"] > 60
    assert means.loc[("Nimbus Cloud Services", "IT"), "ALT"] < 40


# Profiles


def test_profiles_cover_every_construct_on_the_scale() -> None:
    for profile in PROFILES.values():
        assert set(profile.targets) == set(CORE_CONSTRUCTS)
        assert all(0 <= value <= 100 for value in profile.targets.values())


def test_asymmetric_profiles_carry_the_engine_roles() -> None:
    roles = {name: p.role for name, p in PROFILES.items() if p.role is not None}
    assert roles == {
        "customer": "customer",
        "supplier": "supplier",
        "master": "master",
        "servant": "servant",
    }


# Sampling


def _sample(n: int = 400, seed: int = 1, **options: float) -> pd.DataFrame:
    return sample_side(
        PROFILES["partnership"],
        n,
        np.random.default_rng(seed),
        party="Us",
        about="Them",
        instrument=INSTRUMENT,
        id_prefix="u",
        **options,
    )


def test_sample_side_recovers_the_targets() -> None:
    means = _construct_means(_sample(skip_rate=0.0)).iloc[0]
    for code, target in PROFILES["partnership"].targets.items():
        assert means[code] == pytest.approx(target, abs=6), code


def test_trs3_is_answered_in_reverse() -> None:
    sample = _sample()
    assert sample["TRS1"].mean() > 5.5
    assert sample["TRS3"].mean() < 2.5


def test_full_blur_puts_every_answer_mid_scale() -> None:
    values = _sample(blur=1.0, skip_rate=0.0)[ITEMS].to_numpy()
    assert np.all(values == 4)


def test_skip_rate_is_roughly_honoured() -> None:
    assert _sample(skip_rate=0.2)[ITEMS].isna().to_numpy().mean() == pytest.approx(0.2, abs=0.02)


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(sorted(PROFILES)),
    n=st.integers(1, 30),
    skip_rate=st.floats(0.0, 0.99),
    blur=st.floats(0.0, 1.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_sample_side_always_gives_valid_rows(
    name: str, n: int, skip_rate: float, blur: float, seed: int
) -> None:
    frame = sample_side(
        PROFILES[name],
        n,
        np.random.default_rng(seed),
        party="A",
        about="B",
        instrument=INSTRUMENT,
        skip_rate=skip_rate,
        blur=blur,
        id_prefix="a-",
    )
    values = frame[ITEMS].to_numpy()
    assert list(frame.columns) == [*ID_COLUMNS, *ITEMS]
    assert frame["respondent"].is_unique
    assert len(frame) == n
    assert not np.isnan(values).all(axis=1).any()
    present = values[~np.isnan(values)]
    assert np.all((present >= 1) & (present <= 7) & (present == np.round(present)))


@pytest.mark.parametrize(
    "options",
    [{"skip_rate": 1.0}, {"blur": 1.5}, {"respondent_sd": -1.0}],
)
def test_sample_side_refuses_impossible_settings(options: dict[str, float]) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        _sample(n=3, **options)


# Voices


def test_every_stance_has_enough_varied_lines() -> None:
    for stance in STANCES:
        for bank, least in ((PURPOSES, 8), (PERSONAS, 6), (MIRRORS, 6), (COMMENTS, 3)):
            texts = [line.text for line in bank[stance]]
            assert len(set(texts)) == len(texts) >= least, stance
            for scope in ("internal", "external"):
                assert sum(line.suits(scope) for line in bank[stance]) >= min(least, 5), stance


def test_the_seed_trap_is_a_servant_line() -> None:
    servant = {line.text for line in PURPOSES["servant"]}
    assert "We partner with {other} by delivering every request on time." in servant
    assert "To serve the Business." in servant


def test_every_profile_writes_from_known_stances() -> None:
    assert set(STANCE_MIX) == set(PROFILES)
    for mix in STANCE_MIX.values():
        assert set(mix) <= set(STANCES)


def test_voices_follow_the_profile_stance_and_name_the_other() -> None:
    texts = sample_voices(
        PROFILES["servant"], 30, np.random.default_rng(3), other="Sales", scope="internal"
    )
    assert set(texts["stance"]) == {"servant"}
    assert texts["persona"].dropna().str.contains("Sales").any()
    assert not texts[list(TEXT_COLUMNS)].stack().str.contains("{", regex=False).any()
