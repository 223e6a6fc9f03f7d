"""A statement's meaning from static word vectors, for the light stance reader.

Cue phrases and the words seen in training cover what the corpus says; they cannot tell that
"whatever lands in our inbox gets done by Friday" is close to "we never say no" when neither
phrase was in the corpus. The sentence model of the ``embeddings`` reader can, but it needs the
optional extra and reads about eight times slower. This module carries the part of that model's
knowledge that fits in a small file: one vector per word piece of the model's vocabulary,
distilled by ``scripts/build_word_vectors.py``. A statement's meaning is the normalised mean of
the vectors of its word pieces (split exactly as the model splits them, by the ``tokenizers``
library).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

VECTORS_FILE = "lexicon/word-vectors.npz"


@cache
def _table() -> tuple[Any, np.ndarray]:
    from tokenizers import BertWordPieceTokenizer

    with resources.files("parity.core.language").joinpath(VECTORS_FILE).open("rb") as handle:
        data = np.load(handle)
        pieces = [str(p) for p in data["pieces"]]
        vectors = data["vectors"].astype(np.float32)
    tokenizer = BertWordPieceTokenizer(
        {piece: i for i, piece in enumerate(pieces)}, lowercase=True, strip_accents=True
    )
    tokenizer.no_truncation()
    return tokenizer, vectors


def dimensions() -> int:
    return int(_table()[1].shape[1])


def meanings(texts: Sequence[str]) -> np.ndarray:
    """One unit-length row per text; a text with no word piece gets a row of zeros."""
    tokenizer, vectors = _table()
    out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
    if not texts:
        return out
    for row, encoding in enumerate(tokenizer.encode_batch(list(texts), add_special_tokens=False)):
        ids = [i for i in encoding.ids if i != tokenizer.token_to_id("[UNK]")]
        if ids:
            mean = vectors[ids].mean(axis=0)
            out[row] = mean / (np.linalg.norm(mean) + 1e-12)
    return out
