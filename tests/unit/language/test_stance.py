"""Stance: the seed's examples, negation and contrast, evidence, and garbage in."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.support.corpus import CORPUS_DIR, stance_corpus

from parity.core.language.stance import (
    AFTER_CONTRAST,
    BEFORE_CONTRAST,
    CONTEXT_QUESTIONS,
    STANCES,
    classify,
    classify_many,
    combine,
    lexicon,
    model,
    with_context,
    word_features,
    words,
)
from parity.core.language.word_vectors import dimensions, meanings
from parity.training import (
    CONTEXT_EXAMPLES,
    SPEC_EXAMPLES,
    evaluate,
    is_held_apart,
    read_corpus,
)


@pytest.mark.parametrize(("text", "label"), SPEC_EXAMPLES)
def test_the_issues_examples(text: str, label: str) -> None:
    assert classify(text).label == label


@pytest.mark.parametrize(("text", "question", "label"), CONTEXT_EXAMPLES)
def test_the_issues_examples_read_with_their_question(text: str, question: str, label: str) -> None:
    assert classify(text, question=question).label == label


def test_a_persona_answer_is_read_with_the_persona_weights() -> None:
    """The question changes the weights, not the words: without it the shared block reads."""
    learned = model()
    assert learned.contexts == CONTEXT_QUESTIONS
    shared = learned.weights_for(None)
    assert shared.shape[1] == learned.n_inputs
    assert np.array_equal(learned.weights_for("purpose"), shared)
    assert not np.array_equal(learned.weights_for("persona"), shared)
    text = "A trusted colleague who tells us the truth."
    assert classify(text).scores != classify(text, question="persona").scores


def test_the_context_design_repeats_each_row_in_its_questions_block() -> None:
    x = np.arange(6, dtype=float).reshape(3, 2)
    design = with_context(x, ["persona", None, "mirror"])
    assert design.shape == (3, 2 * (1 + len(CONTEXT_QUESTIONS)))
    persona = 1 + CONTEXT_QUESTIONS.index("persona")
    mirror = 1 + CONTEXT_QUESTIONS.index("mirror")
    assert np.array_equal(design[0, persona * 2 : persona * 2 + 2], x[0])
    assert not design[0, mirror * 2 : mirror * 2 + 2].any()
    assert not design[1, 2:].any()
    assert np.array_equal(design[2, mirror * 2 : mirror * 2 + 2], x[2])


def test_an_unknown_question_is_refused_in_a_sentence() -> None:
    with pytest.raises(ValueError, match="Unknown question 'vision'"):
        classify("We build it together.", question="vision")
    with pytest.raises(ValueError, match="one question"):
        classify_many(["a", "b"], questions=["persona"])


def test_a_short_capitalised_name_is_not_the_word_it_spells() -> None:
    tokens = [w for w, _, _ in words("We provide IT services; it works.")]
    assert "IT" in tokens
    assert "it" in tokens
    assert "IT" not in [w for w, _, _ in words("WE ARE IT AND WE ARE ANGRY")]


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
    readings = classify_many(held["text"].tolist(), questions=held["kind"].tolist())
    predicted = [r.label for r in readings]
    scores = evaluate(held["label"].tolist(), predicted)
    assert len(held) > 150
    # docs/method.md reports 0.824 (each statement read with its question); the tolerance
    # allows one statement read differently by another CPU's arithmetic, not a different model.
    assert scores.macro_f1 == pytest.approx(0.824, abs=0.004)
    assert min(scores.per_label.values()) >= 0.65


def test_the_fresh_set_scores_as_documented() -> None:
    """docs/method.md: a set written later, by a writer who never saw the corpus (light 0.844)."""
    fresh = read_corpus(CORPUS_DIR / "fresh")
    readings = classify_many(fresh["text"].tolist(), questions=fresh["kind"].tolist())
    scores = evaluate(fresh["label"].tolist(), [r.label for r in readings])
    assert scores.macro_f1 == pytest.approx(0.844, abs=0.01)


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


def test_words_in_a_negated_clause_do_not_count_for_what_they_name() -> None:
    vocabulary = {"serve": 0, "revenue": 1}
    plain, _ = word_features("we serve the business", vocabulary, 1.0)
    negated, found = word_features("we do not serve the business", vocabulary, 1.0)
    assert plain[0] == 1.0
    assert negated[0] == 0.0
    assert found == []


def test_words_before_a_contrast_weigh_less_than_words_after_it() -> None:
    vocabulary = {"serve": 0, "revenue": 1}
    x, _ = word_features("we serve the business, but we own revenue", vocabulary, 1.0)
    assert x[0] == pytest.approx(BEFORE_CONTRAST)
    assert x[1] == pytest.approx(AFTER_CONTRAST)


def test_each_phrase_is_shown_once_in_the_evidence() -> None:
    for text in ("We exist to serve the Business", "To serve the Business."):
        evidence = classify(text).evidence
        spans = [(e.start, e.end) for e in evidence]
        assert len(spans) == len(set(spans))
        words = [e for e in evidence if e.family == "word"]
        cues = [e for e in evidence if e.family != "word"]
        for word, cue in itertools.product(words, cues):
            assert word.end <= cue.start or cue.end <= word.start


def test_the_light_reader_reads_meaning_from_packaged_word_vectors() -> None:
    learned = model()
    assert learned.meaning == "word-vectors"
    assert learned.embedding_scale > 0
    rows = meanings(["We never say no to Sales", "", "🙂🙂"])
    assert rows.shape == (3, dimensions())
    assert np.linalg.norm(rows[0]) == pytest.approx(1.0, abs=1e-3)
    assert not rows[1].any()
    same = meanings(["whatever they ask, we do", "whatever they ask we do"])
    assert float(same[0] @ same[1]) > 0.95


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(0.001, 1.0), min_size=7, max_size=7),
    st.lists(st.floats(0.001, 1.0), min_size=7, max_size=7),
)
def test_two_readers_combine_into_a_distribution_with_an_equal_say(
    first: list[float], second: list[float]
) -> None:
    p = np.array(first) / sum(first)
    q = np.array(second) / sum(second)
    combined = combine(p, q)
    assert combined.sum() == pytest.approx(1.0)
    assert combined == pytest.approx(combine(q, p))
    assert combine(p, p) == pytest.approx(p)


def test_the_weights_ship_as_a_card_and_compact_arrays() -> None:
    """The card reads well in a diff (settings, cue features, vocabulary); the numbers are in a
    compressed NumPy file, so a retrain is not a 100,000-line change."""
    import json
    from importlib import resources

    from parity.core.language.stance import WEIGHTS_FILES, arrays_file, lexicon

    package = resources.files("parity.core.language")
    for reader, name in WEIGHTS_FILES.items():
        card = json.loads(package.joinpath(name).read_text())
        assert "weights" not in card
        assert card["cues"] == lexicon().feature_names()
        with np.load(package.joinpath(arrays_file(name))) as arrays:
            assert arrays["weights"].dtype == np.float32
            assert arrays["weights"].shape == model(reader).weights.shape
        assert len(package.joinpath(name).read_text().splitlines()) < 10_000


def test_the_word_edge_guard_finds_the_same_cues_as_the_bare_alternation() -> None:
    """The cue alternation is guarded by ``(?:^|\\b)`` only because every cue starts at a word
    edge; with or without the guard, the corpus's statements give the same matches."""
    guarded = lexicon().cues
    guard = r"(?:^|\b)(?:"
    assert guarded.pattern.startswith(guard)
    bare = re.compile(guarded.pattern.removeprefix(guard).removesuffix(")"), re.IGNORECASE)

    def cues(pattern: re.Pattern[str], text: str) -> list[tuple[str | None, int, int]]:
        return [(m.lastgroup, m.start(), m.end()) for m in pattern.finditer(text)]

    for text in [*stance_corpus()["text"], "  like a partner", "n/a", "IT serves them"]:
        assert cues(guarded, text) == cues(bare, text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \t\n\u00a0\u2003\x1c\x85abx.,é'", max_size=40))
def test_the_last_words_before_a_cue_are_those_of_the_defining_pattern(clause: str) -> None:
    """:func:`_last_words` finds what the pattern it replaces found, without its search."""
    from parity.core.language.stance import NEGATION_WORDS, _last_words

    pattern = re.compile(rf"(?:\S+\s+){{0,{NEGATION_WORDS}}}\S*\s*$")
    found = pattern.search(clause)
    assert _last_words(clause) == (found.group(0) if found else "")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aAbZXY' 1.\u00e9\u00c9\u2160", max_size=30))
def test_shouting_and_acronyms_are_read_as_their_definitions_say(text: str) -> None:
    from parity.core.language.stance import _shouting, _token

    letters = [c for c in text if c.isalpha()]
    shouting = sum(c.isupper() for c in letters) > 0.6 * len(letters) if letters else False
    assert _shouting(text) == shouting
    for word in re.findall(r"[a-zA-Z][a-zA-Z']*", text):
        for loud in (True, False):
            kept = not loud and re.fullmatch(r"[A-Z]{2,5}", word)
            assert _token(word, loud) == (word if kept else word.lower())
