"""Distil the light reader's word vectors from the packaged sentence model.

    .venv/bin/python scripts/build_word_vectors.py     # needs parity[embeddings]

The light stance reader does not run the language model (that needs the optional extra, and
time), but it can carry what the model knows about single words. Every entry of the model's
word-piece vocabulary is run through the model on its own ("[CLS] piece [SEP]", mean-pooled as
the model pools a sentence); the vectors are centred, reduced to ``DIMENSIONS`` principal
components and stored as float16 next to the vocabulary. A statement's meaning is then the
normalised mean of its pieces' vectors: a static approximation of the sentence embedding, cheap
enough for the default install (the idea behind model2vec, done here from the verified packaged
weights).

The output is deterministic for a given model and is committed to the package, so nothing is
computed or downloaded at run time.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from parity.core.language import embedding, word_vectors

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "parity" / "core" / "language" / "lexicon"
DIMENSIONS = 128
BATCH = 512


def piece_vectors() -> tuple[list[str], np.ndarray]:
    """Mean-pooled model output for every word piece, in vocabulary order."""
    model = embedding.encoder()
    tokenizer = model.tokenizer
    vocab = sorted(tokenizer.get_vocab().items(), key=lambda item: item[1])
    pieces = [piece for piece, _ in vocab]
    ids = np.array([index for _, index in vocab], dtype=np.int64)[:, None]
    cls = np.full_like(ids, tokenizer.token_to_id("[CLS]"))
    sep = np.full_like(ids, tokenizer.token_to_id("[SEP]"))
    inputs = np.hstack([cls, ids, sep])
    rows = []
    for start in range(0, len(inputs), BATCH):
        batch = inputs[start : start + BATCH]
        hidden = model.hidden_states(batch, np.ones(batch.shape, dtype=np.float32))
        rows.append(hidden.mean(axis=1))
    return pieces, np.vstack(rows)


def reduce(vectors: np.ndarray, dims: int) -> np.ndarray:
    """Principal components of the centred vectors (the sign of each is fixed for stability)."""
    centred = vectors - vectors.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    components = vt[:dims]
    components *= np.sign(components[:, :1] + 1e-12)
    return np.asarray(centred @ components.T)


def main() -> None:
    pieces, vectors = piece_vectors()
    reduced = reduce(vectors, DIMENSIONS)
    reduced /= np.linalg.norm(reduced, axis=1, keepdims=True) + 1e-12
    word_vectors.save(OUT, pieces, reduced)  # float16, as the light reader reads it
    written = OUT / Path(word_vectors.VECTORS_FILE).name
    size = written.stat().st_size / 1e6
    print(
        f"Wrote {written.relative_to(ROOT)}: {len(pieces)} pieces x {DIMENSIONS} ({size:.1f} MB)."
    )


if __name__ == "__main__":
    main()
