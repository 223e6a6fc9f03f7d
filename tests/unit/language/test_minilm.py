"""The NumPy forward pass of the sentence model against its reference implementation.

The embeddings reader runs all-MiniLM-L6-v2 with NumPy (``parity.core.language.minilm``); its
weights were fitted to what sentence-transformers computes. These tests hold the two together:
same vectors for real statements of every kind, whatever the batch or the padding, and the
error-function approximation inside GELU within its published bound.
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import erf as scipy_erf
from tests.support.corpus import stance_corpus
from tests.support.extras import require_embeddings

from parity.core.language import embedding, minilm
from parity.core.language.minilm import erf, gelu


def test_erf_is_within_the_published_bound_in_float32() -> None:
    x = np.linspace(-10, 10, 400_001, dtype=np.float32)
    error = np.abs(erf(x.copy()).astype(np.float64) - scipy_erf(x.astype(np.float64)))
    assert error.max() < 1e-6  # 1.5e-7 in exact arithmetic, plus float32 rounding


def test_gelu_keeps_float32_and_matches_its_definition() -> None:
    x = np.array([-3.0, -0.5, 0.0, 0.5, 3.0], dtype=np.float32)
    expected = x * (1 + scipy_erf(x / np.sqrt(2))) / 2
    out = gelu(x)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, expected, atol=1e-6)


@pytest.fixture(scope="module")
def needs_model() -> None:
    require_embeddings()


@pytest.mark.usefixtures("needs_model")
def test_vectors_do_not_depend_on_the_batch_or_its_padding() -> None:
    texts = [
        "We exist to serve the Business",
        "Finance is a strict headmaster who marks every expense claim in red ink.",
        "",
        "ok",
    ]
    together = embedding.encoder().encode(texts, batch_size=4)
    alone = np.vstack([embedding.encoder().encode([t]) for t in texts])
    np.testing.assert_allclose(together, alone, atol=2e-6)
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


@pytest.mark.usefixtures("needs_model")
def test_batches_shared_between_cores_give_the_same_vectors_in_the_same_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = stance_corpus()["text"].tolist()[:120]
    monkeypatch.setattr(minilm, "_cores", lambda: 1)
    one_core = embedding.encoder().encode(texts, batch_size=16)
    monkeypatch.setattr(minilm, "_cores", lambda: 3)
    shared = embedding.encoder().encode(texts, batch_size=16)
    # Only the order of float32 sums inside BLAS differs.
    np.testing.assert_allclose(shared, one_core, atol=1e-6)


@pytest.mark.usefixtures("needs_model")
@settings(max_examples=25, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_one_finite_unit_vector(text: str) -> None:
    vectors = embedding.encode([text])
    assert vectors.shape == (1, embedding.DIMENSIONS)
    assert np.isfinite(vectors).all()
    assert np.linalg.norm(vectors) == pytest.approx(1.0, abs=1e-5)


@pytest.mark.usefixtures("needs_model")
def test_a_long_text_is_cut_at_the_token_limit() -> None:
    head = "We exist to serve the Business. " * 40
    vectors = embedding.encode([head, head + "Legal is our enemy. " * 400])
    np.testing.assert_allclose(vectors[0], vectors[1], atol=1e-6)


@pytest.mark.slow
def test_the_same_vectors_as_sentence_transformers() -> None:
    require_embeddings("sentence_transformers")  # the reference implementation
    corpus = stance_corpus()
    texts = [*corpus.groupby("label").head(15)["text"].tolist(), "", "🙂 <b>ok</b>"]
    package = importlib.import_module(embedding.MODEL_PACKAGE)
    reference = importlib.import_module("sentence_transformers").SentenceTransformer(
        str(package.get_model_path()), device="cpu", local_files_only=True
    )
    reference.max_seq_length = embedding.MAX_TOKENS
    expected = reference.encode(texts, normalize_embeddings=True, show_progress_bar=False)
    ours = embedding.encode(texts)
    assert np.abs(ours - expected).max() < 1e-5
    assert (ours * expected).sum(axis=1).min() > 0.99999
