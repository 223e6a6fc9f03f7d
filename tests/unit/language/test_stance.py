"""Stance: the seed's examples, negation and contrast, evidence, and garbage in."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.support.corpus import stance_corpus

from parity.core.language.stance import STANCES, classify, model
from parity.core.language.training import evaluate, is_held_apart


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("We exist to serve the Business", "servant"),
        ("To serve the Business.", "servant"),
        ("We partner with the business by delivering every request on time", "servant"),
        ("The Business is a demanding boss who never says thank you", "servant"),
        (
            "We are not here just to serve the business; we own revenue growth with Sales",
            "partner",
        ),
        ("Our solicitors have started legal action against the outsourcer.", "adversary"),
        ("Every request is a ticket, handled within the agreed SLA.", "provider"),
        ("If the agency's prices go up again we will re-tender the contract.", "customer"),
    ],
)
def test_the_issues_examples(text: str, label: str) -> None:
    assert classify(text).label == label


def test_every_reading_is_a_distribution_with_evidence_at_exact_offsets() -> None:
    text = "We partner with the business by delivering every request on time"
    reading = classify(text)
    assert set(reading.scores) == set(STANCES)
    assert sum(reading.scores.values()) == pytest.approx(1.0)
    assert reading.confidence == max(reading.scores.values())
    assert reading.evidence
    for evidence in reading.evidence:
        assert text[evidence.start : evidence.end] == evidence.phrase
        assert evidence.effect > 0


def test_negation_is_shown_in_the_evidence() -> None:
    text = "We are not here just to serve the business; we own revenue growth with Sales"
    reading = classify(text)
    assert any(e.family == "co-own" for e in reading.evidence)


def test_held_apart_slice_scores_as_documented() -> None:
    """The figure reported in docs/method.md, recomputed from the shipped weights."""
    corpus = stance_corpus()
    held = corpus[corpus["id"].map(is_held_apart)]
    predicted = [classify(t).label for t in held["text"]]
    scores = evaluate(held["label"].tolist(), predicted)
    assert len(held) > 150
    assert scores.macro_f1 >= 0.70


def test_the_shipped_weights_were_trained_without_the_held_apart_slice() -> None:
    corpus = stance_corpus()
    assert model().weights.shape[0] == len(STANCES)
    import json
    from importlib import resources

    data = json.loads(
        resources.files("parity.core.language").joinpath("lexicon/stance-weights.json").read_text()
    )
    assert data["trained_on"] == int((~corpus["id"].map(is_held_apart)).sum())


garbage = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=5000, max_size=10_000),
    st.builds(lambda s: f"<div><script>{s}</script><b>{s}</b></div>", st.text(max_size=50)),
    st.sampled_from(["", " ", "🙂" * 40, "Nous servons le client.", "我们为业务服务", "\x00\x01"]),
)


@settings(max_examples=150, deadline=None)
@given(garbage)
def test_garbage_gets_an_answer_never_a_crash(text: str) -> None:
    reading = classify(text)
    assert reading.label in STANCES
    assert 0.0 < reading.confidence <= 1.0
    for evidence in reading.evidence:
        assert text[evidence.start : evidence.end] == evidence.phrase


def test_a_text_without_any_cue_is_neutral() -> None:
    for text in ("", "   ", "🙂🙂🙂", "<p></p>"):
        reading = classify(text)
        assert reading.label == "neutral"
        assert reading.evidence == ()


def test_non_text_is_refused() -> None:
    with pytest.raises(TypeError, match="takes a text"):
        classify(42)  # type: ignore[arg-type]
