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
from parity.core.dyads import COUNTER, PARTNERING
from parity.core.instrument import CORE_CONSTRUCTS, default_instrument, shipped_instrument
from parity.core.reliability import within_sides
from parity.core.schema import ID_COLUMNS, RELATIONSHIP_COLUMNS, SECONDS, TEXT_COLUMNS
from parity.core.validation import GOOD_CFI, GOOD_RMSEA, GOOD_SRMR, validate
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
from parity.demo.profiles import ADDED_CONSTRUCTS
from parity.demo.sampling import GENERAL_VIEW, LEAN, deviation_correlation
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
    expected = [*ID_COLUMNS, *ITEMS, *TEXT_COLUMNS, SECONDS]
    assert list(demo_data.responses.columns) == expected
    assert all(demo_data.responses[item].dtype == np.float64 for item in ITEMS)


def test_the_screen_leaves_out_the_demos_six_careless_respondents_and_nobody_else(
    demo_data: DemoDataset,
) -> None:
    """Straight lines of 1s, 4s and 7s, one agreeing with everything, one who took a second a
    statement and a pasted copy, all of Sales about IT (parity.demo.careless)."""
    from parity.core.screen import flagged, screen

    flags = screen(demo_data.responses, default_instrument())
    left_out = demo_data.responses[flagged(flags).to_numpy()]
    assert sorted(left_out["respondent"].str.replace(r"^HV\d+[AB]-\d+", "copy", regex=True)) == [
        "CARELESS-agreeing",
        "CARELESS-middle",
        "CARELESS-ones",
        "CARELESS-racing",
        "CARELESS-sevens",
        "copy-again",
    ]
    assert set(zip(left_out["party"], left_out["about"], strict=True)) == {("Sales", "IT")}


def test_a_tpi2_demo_answers_tpi2_and_names_every_relationship_as_tpi1s(
    demo_data: DemoDataset,
) -> None:
    from parity.core.analysis import analyze
    from parity.core.instrument import shipped_instrument

    tpi2 = shipped_instrument("TPI-2")
    data = demo_dataset(7, tpi2)
    assert set(tpi2.item_ids) <= set(data.responses.columns)
    both = [
        analyze(d.responses, d.relationships, i).to_frame().set_index(["party_a", "party_b"])
        for d, i in ((demo_data, default_instrument()), (data, tpi2))
    ]
    assert both[0]["archetype"].to_dict() == both[1]["archetype"].to_dict()
    assert both[0]["roles"].to_dict() == both[1]["roles"].to_dict()


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
    """Every respondent but the careless ones (parity.demo.careless), who wrote nothing."""
    careless = demo_data.responses["respondent"].str.startswith("CARELESS-")
    texts = demo_data.responses.loc[~careless, list(TEXT_COLUMNS)]
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
    drawn = demo_data.responses.iloc[: len(alone)].drop(columns=SECONDS)
    pd.testing.assert_frame_equal(drawn, alone)


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
    """TPI-1's twelve and the five TPI-2 adds, so the demo answers either instrument."""
    tpi2 = shipped_instrument("TPI-2")
    for profile in PROFILES.values():
        assert set(profile.targets) == set(CORE_CONSTRUCTS) | set(ADDED_CONSTRUCTS)
        assert set(profile.targets) == set(tpi2.construct_codes)
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
    for code in CORE_CONSTRUCTS:
        target = PROFILES["partnership"].target(code)
        assert means[code] == pytest.approx(target, abs=6), code


def test_a_tpi2_side_recovers_the_targets_through_its_comparisons() -> None:
    """The comparisons are drawn as the inverse of their scoring (method.md §1), so the keyed
    scores recover every target, TPI-2's five added constructs too."""
    from parity.core.scoring import respondent_scores

    tpi2 = shipped_instrument("TPI-2")
    for name in ("partnership", "servant", "customer"):
        profile = PROFILES[name]
        rows = sample_side(
            profile,
            400,
            np.random.default_rng(3),
            party="A",
            about="B",
            instrument=tpi2,
            skip_rate=0.0,
            id_prefix="t",
        )
        means = respondent_scores(rows, tpi2).mean()
        for code in tpi2.construct_codes:
            assert means[code] == pytest.approx(profile.target(code), abs=7), (name, code)


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


#: What a survey's within-side Cronbach's alpha usually looks like: below it a construct's items
#: hardly measure one thing, above it the items are near repeats of each other.
REALISTIC_ALPHA = (0.6, 0.85)


def test_a_constructs_items_agree_within_a_side_as_in_real_answers(demo_data: DemoDataset) -> None:
    """Each respondent's items on a construct share a personal level, so within sides every
    construct's alpha is realistic, in both rounds."""
    for frame in (demo_data.responses, demo_data.pilot):
        alphas = within_sides(frame, INSTRUMENT)["alpha"]
        assert alphas.between(*REALISTIC_ALPHA).all(), alphas.round(3).to_dict()


def test_the_constructs_fit_within_sides(demo_data: DemoDataset) -> None:
    """The pooled within-side factor analysis of `parity validate --within-sides` converges on
    the demo, in both rounds, and fits by the usual cut-offs: a two-item construct is told from
    its neighbours because one person's constructs lean together."""
    for frame in (demo_data.responses, demo_data.pilot):
        fit = validate(frame, INSTRUMENT, within_sides=True).result.fit
        assert fit.cfi >= GOOD_CFI
        assert fit.rmsea <= GOOD_RMSEA
        assert fit.srmr <= GOOD_SRMR


def test_one_persons_deviations_lean_with_the_partnering_score() -> None:
    codes = [*CORE_CONSTRUCTS, "EXTRA"]
    correlation = deviation_correlation(codes)
    assert np.all(np.linalg.eigvalsh(correlation) > 0)
    assert np.allclose(np.diag(correlation), 1.0)
    at = codes.index
    assert correlation[at("OUT"), at("TRS")] == pytest.approx(GENERAL_VIEW**2)
    assert correlation[at("OUT"), at("ALT")] == pytest.approx(-(GENERAL_VIEW**2))
    assert correlation[at("DEF"), at("DIR")] == pytest.approx(GENERAL_VIEW**2)
    assert not correlation[at("EXTRA"), : at("EXTRA")].any()  # a construct without a lean
    assert {c for c, lean in LEAN.items() if lean > 0} >= set(PARTNERING)
    assert {c for c, lean in LEAN.items() if lean < 0} >= set(COUNTER)


def test_a_large_side_shows_the_items_and_the_leans_in_its_answers() -> None:
    """Drawn around the developing profile (mid-scale, so little is clipped): the items of a
    construct correlate strongly, and two constructs as their leans say."""
    side = sample_side(
        PROFILES["developing"],
        3000,
        np.random.default_rng(3),
        party="Us",
        about="Them",
        instrument=INSTRUMENT,
        skip_rate=0.0,
        id_prefix="u",
    )
    assert side["OUT1"].corr(side["OUT2"]) > 0.5
    assert side["VOI1"].corr(side["VOI2"]) > 0.5
    answers = side[ITEMS].assign(TRS3=8 - side["TRS3"])
    level = {
        code: answers[[i.id for i in INSTRUMENT.items_of(code)]].mean(axis=1)
        for code in CORE_CONSTRUCTS
    }
    assert level["OUT"].corr(level["TRS"]) > 0.2
    assert level["OUT"].corr(level["ALT"]) < -0.2
    assert level["DEF"].corr(level["DIR"]) > 0.2


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
