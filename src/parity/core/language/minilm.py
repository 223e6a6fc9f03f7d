"""The sentence model's forward pass in NumPy: all-MiniLM-L6-v2 without PyTorch at run time.

Why by hand: the embeddings reader spent most of its start-up importing PyTorch and
sentence-transformers (about 8 s of a 4,000-statement batch) for what is, at inference, a
six-layer BERT encoder: a dozen matrix products per layer, a softmax, layer norms and GELU.
NumPy's BLAS runs those products a little faster than PyTorch per core (171 against 142
statements per CPU second, one thread each, on this project's 2-core machine), the weights load
from the packaged ``model.safetensors`` in a fraction of a second, and the word pieces come from
the model's own ``tokenizer.json`` through ``tokenizers``. With the ``embeddings`` extra the
same weights run on onnxruntime instead (:mod:`.minilm_onnx`, faster still); this module stays
the readable definition of the model, the fallback without onnxruntime, and the source of the
weights and of the batching for both. The output equals sentence-transformers'
to about 1e-6 per dimension (``tests/unit/language/test_minilm.py`` checks it against the
reference implementation whenever PyTorch is installed).

What is copied from the reference, step by step: word + position + token-type embeddings, layer
norm; per layer, multi-head self-attention with padding masked out, residual and layer norm,
a GELU feed-forward block, residual and layer norm; then the mean of the token vectors over the
real (unpadded) tokens, scaled to unit length (the model's ``1_Pooling`` and ``2_Normalize``).
"""

from __future__ import annotations

import importlib
import json
import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from tokenizers import Tokenizer

from parity.core.language.model_files import check_model_files

Array = NDArray[np.float32]

#: Abramowitz & Stegun 7.1.26: erf to 1.5e-7, well inside float32's own rounding. SciPy's erf
#: has no float32 loop and took longer than the matrix products it sits between.
_ERF_P = 0.3275911
_ERF_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)
_HALF_SQRT2 = 1 / math.sqrt(2)


def _erfc_of_scaled(a: Array, scale: float, times: float = 1.0) -> Array:
    """``times * erfc(scale * a)`` for ``a >= 0`` (A&S 7.1.26), as a new float32 array.

    Why the scale and the factor: GELU needs ``erfc(|x| / sqrt 2) / 2``; folding both into the
    formula's constants spares two passes over the largest array of the layer. Every step
    writes in place: the steps are memory-bound, and fresh arrays cost page faults too.
    """
    t = np.multiply(a, np.float32(_ERF_P * scale))
    t += np.float32(1)
    np.reciprocal(t, out=t)
    coefficients = [np.float32(c * times) for c in _ERF_A]
    poly = np.multiply(t, coefficients[4])
    for c in reversed(coefficients[:4]):
        poly += c
        poly *= t
    gauss = np.square(a, out=t)  # t is spent: its memory holds exp(-(scale * a)^2)
    gauss *= np.float32(-scale * scale)
    np.exp(gauss, out=gauss)
    poly *= gauss
    return poly


def erf(x: Array) -> Array:
    """The error function of a float32 array, elementwise (A&S 7.1.26, max error 1.5e-7)."""
    tail = _erfc_of_scaled(np.abs(x), 1.0)
    np.subtract(np.float32(1), tail, out=tail)
    return np.copysign(tail, x, out=tail)


def gelu(x: Array, out: Array | None = None) -> Array:
    """BERT's GELU, the exact (erf) form x * (1 + erf(x / sqrt 2)) / 2, into ``out``.

    Written as ``max(x, 0) - |x| * erfc(|x| / sqrt 2) / 2``, the same function in fewer passes
    (for x < 0, x * erfc(-x / sqrt 2) / 2; for x >= 0, x minus that). ``out`` may be ``x``.
    """
    magnitude = np.abs(x)
    correction = _erfc_of_scaled(magnitude, _HALF_SQRT2, times=0.5)
    correction *= magnitude
    result = np.maximum(x, np.float32(0), out=out)
    result -= correction
    return result


def layer_norm(x: Array, weight: Array, bias: Array, eps: float) -> Array:
    """Layer normalisation over the last axis, in place: ``x`` is overwritten and returned."""
    x -= x.mean(axis=-1, keepdims=True)
    variance = np.einsum("...i,...i->...", x, x)[..., None]
    variance *= np.float32(1 / x.shape[-1])
    variance += np.float32(eps)
    np.sqrt(variance, out=variance)
    x /= variance
    x *= weight
    x += bias
    return x


@dataclass(frozen=True)
class Layer:
    """One encoder layer's weights, transposed once so every product is ``x @ w``."""

    qkv: Array  # query, key and value projections side by side: (hidden, 3 * hidden)
    qkv_bias: Array
    attention_out: Array
    attention_out_bias: Array
    norm1: tuple[Array, Array]
    up: Array
    up_bias: Array
    down: Array
    down_bias: Array
    norm2: tuple[Array, Array]


def _load_layer(weights: dict[str, Array], prefix: str) -> Layer:
    def w(name: str) -> Array:
        return weights[prefix + name]

    parts = ("query", "key", "value")
    return Layer(
        qkv=np.ascontiguousarray(
            np.concatenate([w(f"attention.self.{p}.weight") for p in parts]).T
        ),
        qkv_bias=np.concatenate([w(f"attention.self.{p}.bias") for p in parts]),
        attention_out=np.ascontiguousarray(w("attention.output.dense.weight").T),
        attention_out_bias=w("attention.output.dense.bias"),
        norm1=(w("attention.output.LayerNorm.weight"), w("attention.output.LayerNorm.bias")),
        up=np.ascontiguousarray(w("intermediate.dense.weight").T),
        up_bias=w("intermediate.dense.bias"),
        down=np.ascontiguousarray(w("output.dense.weight").T),
        down_bias=w("output.dense.bias"),
        norm2=(w("output.LayerNorm.weight"), w("output.LayerNorm.bias")),
    )


@dataclass(frozen=True)
class MiniLM:
    """A BERT-style sentence encoder with mean pooling, loaded from a model folder."""

    tokenizer: Tokenizer
    word: Array
    position: Array
    token_type: Array
    norm: tuple[Array, Array]
    layers: tuple[Layer, ...]
    heads: int
    eps: float

    @property
    def dimensions(self) -> int:
        return int(self.word.shape[1])

    @classmethod
    def load(cls, folder: Path, max_tokens: int) -> MiniLM:
        """The model in ``folder`` (config.json, model.safetensors, tokenizer.json), after
        checking that its files are the pinned release's (:mod:`.model_files`)."""
        check_model_files(folder)
        # safetensors comes with the optional extra; the type checker runs without it.
        load_file = importlib.import_module("safetensors.numpy").load_file
        config = json.loads((folder / "config.json").read_text())
        _check_pooling(folder)
        weights = load_file(str(folder / "model.safetensors"))
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.no_padding()  # the file pads to 128; batches are padded here, to their longest
        tokenizer.enable_truncation(max_length=max_tokens)
        return cls(
            tokenizer=tokenizer,
            word=weights["embeddings.word_embeddings.weight"],
            position=weights["embeddings.position_embeddings.weight"],
            token_type=weights["embeddings.token_type_embeddings.weight"][0],
            norm=(weights["embeddings.LayerNorm.weight"], weights["embeddings.LayerNorm.bias"]),
            layers=tuple(
                _load_layer(weights, f"encoder.layer.{i}.")
                for i in range(int(config["num_hidden_layers"]))
            ),
            heads=int(config["num_attention_heads"]),
            eps=float(config["layer_norm_eps"]),
        )

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> Array:
        """Unit-length sentence vectors, one row per text, in the order given.

        Texts are sorted by length so that each batch pads little; the order is restored. On
        more than one core the batches are shared between threads, one per core, each with a
        single-threaded BLAS (:func:`_shared_batches`).
        """
        encodings = self.tokenizer.encode_batch(list(texts))
        lengths = np.array([len(e.ids) for e in encodings], dtype=int)
        order = np.argsort(lengths, kind="stable")
        out = np.zeros((len(encodings), self.dimensions), dtype=np.float32)
        batches = [order[start : start + batch_size] for start in range(0, len(order), batch_size)]

        def run(rows: NDArray[np.intp]) -> None:
            width = int(lengths[rows].max())
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.float32)
            for r, i in enumerate(rows):
                ids[r, : lengths[i]] = encodings[i].ids
                mask[r, : lengths[i]] = 1
            out[rows] = self.forward(ids, mask)

        _shared_batches(batches, run)
        return out

    def forward(self, ids: NDArray[np.int64], mask: Array) -> Array:
        """Pooled, normalised vectors of a padded batch (``mask`` is 1 on real tokens)."""
        hidden = self.hidden_states(ids, mask) * mask[:, :, None]
        pooled = hidden.sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return np.asarray(pooled / np.maximum(norms, 1e-12), dtype=np.float32)

    def hidden_states(self, ids: NDArray[np.int64], mask: Array) -> Array:
        """The last layer's token vectors, (batch, width, hidden), before pooling."""
        batch, width = ids.shape
        x = self.word[ids] + self.position[:width] + self.token_type
        x = layer_norm(x, *self.norm, self.eps).reshape(batch * width, -1)
        # Padding gets a large negative score, so no token attends to it.
        padding = ((1 - mask) * np.float32(-1e9))[:, None, None, :]
        for layer in self.layers:
            x = self._run_layer(layer, x, padding, batch, width)
        return x.reshape(batch, width, -1)

    def _run_layer(self, layer: Layer, x: Array, padding: Array, batch: int, width: int) -> Array:
        """One encoder layer over the batch's tokens, flattened to (batch * width, hidden).

        Biases, residuals, layer norms and GELU are applied in place on the products' outputs:
        those steps are memory-bound, so each array is written once and read while warm.
        """
        hidden = x.shape[1]
        size = hidden // self.heads
        qkv = x @ layer.qkv
        qkv += layer.qkv_bias
        heads = qkv.reshape(batch, width, 3, self.heads, size)
        query = np.ascontiguousarray(heads[:, :, 0].transpose(0, 2, 1, 3))
        key_t = np.ascontiguousarray(heads[:, :, 1].transpose(0, 2, 3, 1))
        value = np.ascontiguousarray(heads[:, :, 2].transpose(0, 2, 1, 3))
        scores = query @ key_t
        scores *= np.float32(1 / math.sqrt(size))
        scores += padding
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        attended = (scores @ value).transpose(0, 2, 1, 3).reshape(batch * width, hidden)
        mixed = attended @ layer.attention_out
        mixed += layer.attention_out_bias
        mixed += x
        x = layer_norm(mixed, *layer.norm1, self.eps)
        up = x @ layer.up
        up += layer.up_bias
        down = gelu(up, out=up) @ layer.down
        down += layer.down_bias
        down += x
        return layer_norm(down, *layer.norm2, self.eps)


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _shared_batches(
    batches: list[NDArray[np.intp]], run: Callable[[NDArray[np.intp]], None]
) -> None:
    """Run every batch: in turn on one core; on more, in threads, one per core, each batch's
    matrix products on one BLAS thread (``threadpoolctl``, installed with the model).

    Why: a batch of 16 short statements gives BLAS matrices too small to share well between
    cores, and the elementwise steps between them run on one core; one batch per core kept
    both busy and encoded about a fifth faster on two cores. Each thread takes the next batch
    when it is done with one, so a core that the machine's other work slows down takes fewer.
    The numbers differ from one thread's by float32 rounding in the order of the sums (about
    1e-7).
    """
    workers = min(_cores(), len(batches))
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        workers = 1
    if workers < 2:
        for rows in batches:
            run(rows)
        return

    with threadpool_limits(1, user_api="blas"), ThreadPoolExecutor(workers) as pool:
        list(pool.map(run, batches))


def _check_pooling(folder: Path) -> None:
    """Refuse a model folder whose pooling is not the mean of the tokens (what this computes)."""
    path = folder / "1_Pooling" / "config.json"
    if path.exists() and not json.loads(path.read_text()).get("pooling_mode_mean_tokens"):
        raise ValueError(f"{path}: only mean pooling is supported.")
