"""The sentence model's forward passes against their reference implementation.

The embeddings reader runs all-MiniLM-L6-v2 on onnxruntime (``parity.core.language.minilm_onnx``)
or, without it, on NumPy (``parity.core.language.minilm``); its stance weights were fitted to
what sentence-transformers computes. These tests hold the three together: same vectors for real
statements of every kind, whatever the batch or the padding, and the error-function
approximation inside GELU within its published bound. The model's files are checked against
their pinned sha256 on load: a changed byte or a missing file is refused, naming the file.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import erf as scipy_erf
from tests.support.corpus import stance_corpus
from tests.support.extras import require_embeddings

from parity.core.language import embedding, minilm
from parity.core.language.minilm import MiniLM, erf, gelu
from parity.core.language.minilm_onnx import OnnxMiniLM
from parity.core.language.model_files import ModelFileError, check_model_files


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


@pytest.fixture(scope="module")
def numpy_model() -> MiniLM:
    require_embeddings()
    return MiniLM.load(embedding.model_folder(), embedding.MAX_TOKENS)


@pytest.fixture(scope="module")
def onnx_model(numpy_model: MiniLM) -> OnnxMiniLM:
    require_embeddings("onnxruntime", "onnx")
    return OnnxMiniLM.from_model(numpy_model)


def test_the_reader_runs_on_onnxruntime_when_it_is_installed() -> None:
    require_embeddings("onnxruntime", "onnx")
    assert isinstance(embedding.encoder(), OnnxMiniLM)


def test_onnxruntime_gives_the_numpy_vectors(numpy_model: MiniLM, onnx_model: OnnxMiniLM) -> None:
    texts = [*stance_corpus()["text"].tolist()[:200], "", "🙂 <b>ok</b>", "word " * 300]
    ours = onnx_model.encode(texts, batch_size=embedding.BATCH_SIZE)
    theirs = numpy_model.encode(texts, batch_size=embedding.BATCH_SIZE)
    assert np.abs(ours - theirs).max() < 2e-6  # only the order of float32 sums differs


@pytest.mark.slow
def test_the_same_vectors_as_sentence_transformers(
    numpy_model: MiniLM, onnx_model: OnnxMiniLM
) -> None:
    require_embeddings("sentence_transformers")  # the reference implementation
    corpus = stance_corpus()
    texts = [*corpus.groupby("label").head(15)["text"].tolist(), "", "🙂 <b>ok</b>"]
    reference = importlib.import_module("sentence_transformers").SentenceTransformer(
        str(embedding.model_folder()), device="cpu", local_files_only=True
    )
    reference.max_seq_length = embedding.MAX_TOKENS
    expected = reference.encode(texts, normalize_embeddings=True, show_progress_bar=False)
    for model in (numpy_model, onnx_model, embedding):
        ours = model.encode(texts)
        assert np.abs(ours - expected).max() < 1e-5, model
        assert (ours * expected).sum(axis=1).min() > 0.99999, model


def _copy_with_links(folder: Path, into: Path) -> Path:
    """The model folder's files as links, so that one of them can be replaced by a copy."""
    for path in folder.rglob("*"):
        if path.is_file():
            (into / path.relative_to(folder)).parent.mkdir(parents=True, exist_ok=True)
            (into / path.relative_to(folder)).symlink_to(path)
    return into


@pytest.mark.parametrize("name", ["model.safetensors", "tokenizer.json"])
def test_a_tampered_model_file_is_refused_with_its_name(tmp_path: Path, name: str) -> None:
    require_embeddings()
    folder = _copy_with_links(embedding.model_folder(), tmp_path)
    data = bytearray((folder / name).read_bytes())
    data[len(data) // 2] ^= 1  # one bit, in the middle of the weights or the vocabulary
    (folder / name).unlink()
    (folder / name).write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match=rf"file {re.escape(str(folder / name))} is not"):
        MiniLM.load(folder, embedding.MAX_TOKENS)


def test_a_missing_model_file_is_named(tmp_path: Path) -> None:
    require_embeddings()
    folder = _copy_with_links(embedding.model_folder(), tmp_path)
    (folder / "tokenizer.json").unlink()
    with pytest.raises(ModelFileError, match=r"tokenizer\.json is missing; reinstall"):
        MiniLM.load(folder, embedding.MAX_TOKENS)


def test_the_pinned_hashes_are_checked_file_by_file(tmp_path: Path) -> None:
    (tmp_path / "weights.bin").write_bytes(b"weights")
    expected = {"weights.bin": hashlib.sha256(b"weights").hexdigest()}
    check_model_files(tmp_path, expected)  # the same bytes pass
    (tmp_path / "weights.bin").write_bytes(b"weightz")
    with pytest.raises(ModelFileError, match=r"weights\.bin is not the release"):
        check_model_files(tmp_path, expected)
