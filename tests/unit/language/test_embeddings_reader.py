"""The optional embeddings reader: the same contract as the light reader, read offline.

These tests need ``parity[embeddings]`` (the packaged model). Without it they are skipped with
the reason; CI sets ``PARITY_REQUIRE_EMBEDDINGS=1`` so that a missing extra fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources

import pytest
from tests.support.corpus import CORPUS_DIR, stance_corpus
from tests.support.extras import require_embeddings

from parity.core.language import embedding
from parity.core.language.stance import STANCES, classify, classify_many, model
from parity.demo import DemoDataset
from parity.training import (
    CONTEXT_EXAMPLES,
    SPEC_EXAMPLES,
    evaluate,
    is_held_apart,
    read_corpus,
)

READER = "embeddings"

#: The sentence model's tests take seconds each: `make test` runs them, `make test-fast` not.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def _needs_the_extra() -> None:
    require_embeddings()


@pytest.mark.parametrize(("text", "label"), SPEC_EXAMPLES)
def test_the_issues_examples(text: str, label: str) -> None:
    assert classify(text, READER).label == label


@pytest.mark.parametrize(("text", "question", "label"), CONTEXT_EXAMPLES)
def test_the_issues_examples_read_with_their_question(text: str, question: str, label: str) -> None:
    assert classify(text, READER, question).label == label


def test_readings_keep_the_contract_and_show_evidence() -> None:
    text = "We partner with the business by delivering every request on time"
    reading = classify(text, READER)
    assert set(reading.scores) == set(STANCES)
    assert sum(reading.scores.values()) == pytest.approx(1.0)
    assert reading.evidence
    for evidence in reading.evidence:
        assert text[evidence.start : evidence.end] == evidence.phrase


def test_a_batch_reads_like_one_statement_at_a_time() -> None:
    texts = ["To serve the Business.", "We co-own the roadmap with Sales.", "", "🙂🙂"]
    batch = classify_many(texts, READER)
    for text, reading in zip(texts, batch, strict=True):
        assert reading.label == classify(text, READER).label
        assert reading.confidence == pytest.approx(classify(text, READER).confidence, abs=1e-4)


def test_texts_without_words_are_neutral_and_cite_nothing() -> None:
    for reading in classify_many(["", "   ", "🙂🙂🙂", "<p></p>"], READER):
        assert reading.label == "neutral"
        assert reading.evidence == ()


def test_held_apart_slice_scores_as_documented() -> None:
    """The figure reported in docs/method.md, recomputed from the shipped weights."""
    corpus = stance_corpus()
    held = corpus[corpus["id"].map(is_held_apart)]
    readings = classify_many(held["text"].tolist(), READER, held["kind"].tolist())
    scores = evaluate(held["label"].tolist(), [r.label for r in readings])
    # docs/method.md reports 0.844 (the light reader and the sentence model together, each
    # statement read with its question); the tolerance allows one statement read differently
    # by another CPU's arithmetic.
    assert scores.macro_f1 == pytest.approx(0.844, abs=0.004)
    assert min(scores.per_label.values()) >= 0.65


def test_the_fresh_set_scores_as_documented() -> None:
    """docs/method.md: a set written later, by a writer who never saw the corpus (0.878)."""
    fresh = read_corpus(CORPUS_DIR / "fresh")
    readings = classify_many(fresh["text"].tolist(), READER, fresh["kind"].tolist())
    scores = evaluate(fresh["label"].tolist(), [r.label for r in readings])
    assert scores.macro_f1 == pytest.approx(0.878, abs=0.01)


def test_the_weights_were_trained_without_the_held_apart_slice() -> None:
    corpus = stance_corpus()
    assert model(READER).embedding_scale > 0
    data = json.loads(
        resources.files("parity.core.language")
        .joinpath("lexicon/stance-weights-embeddings.json")
        .read_text()
    )
    assert data["trained_on"] == int((~corpus["id"].map(is_held_apart)).sum())
    assert data["embedding_dims"] == embedding.DIMENSIONS


def test_the_model_loads_with_no_network_and_no_pytorch() -> None:
    """The packaged model is read from disk by NumPy: a process that cannot reach any host
    still works, and never imports PyTorch or sentence-transformers."""
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network is off in this test')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from parity.core.language.stance import classify\n"
        "import sys\n"
        "print(classify('To serve the Business.', 'embeddings').label)\n"
        "print(sorted({'torch', 'sentence_transformers', 'transformers'} & set(sys.modules)))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split("\n")[:2] == ["servant", "[]"]


def test_analyze_reads_words_with_the_chosen_reader(demo_data: DemoDataset) -> None:
    from parity.core.analysis import analyze

    result = analyze(demo_data.responses, demo_data.relationships, stance_reader=READER)
    words = [side.words for r in result.relationships for side in r.sides if side.words]
    assert words
    assert all(set(w.overall) <= set(STANCES) for w in words)
    assert any(w.dominant() == "servant" for w in words)


def test_the_outside_set_scores_as_documented() -> None:
    """docs/method.md: 0.875 on the outside set's 843 answers, each read with its question."""
    outside = read_corpus(CORPUS_DIR / "outside")
    readings = classify_many(outside["text"].tolist(), READER, outside["question"].tolist())
    scores = evaluate(outside["label"].tolist(), [r.label for r in readings])
    assert scores.macro_f1 == pytest.approx(0.875, abs=0.004)
