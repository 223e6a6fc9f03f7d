"""Benchmark: the embeddings reader's sentence encoder against PyTorch on the same model.

Parity runs all-MiniLM-L6-v2 on onnxruntime (``parity.core.language.minilm_onnx``, the graph
written from the checked weights), or on NumPy without it (``parity.core.language.minilm``);
the peer is sentence-transformers running the same packaged model on PyTorch (the ``reference``
extra). All three encode the same 4,000 distinct statements (the batch of ``bench_stance.py``,
cleaned as the reader cleans them) in the same process, in turns, after every model is loaded
and warmed up: start-up is excluded, so the figure is statements per second of encoding alone.
Each gets the machine alike: PyTorch on two threads (``torch.set_num_threads(2)``), NumPy's
BLAS on at most two (``threadpoolctl``), Parity's encoders on two threads sharing the batches.
The target: Parity's rate at least PyTorch's. The vectors are compared as well (largest
difference per dimension, smallest cosine), since speed with other vectors would be no gain.
The machine's load is printed with the figures: on a shared machine only the ratios of one run
compare.

    .venv/bin/python bench/bench_encoder.py [--statements 4000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from bench_stance import statements
from parity.core.language import embedding
from parity.core.language.minilm import MiniLM
from parity.core.language.stance import clean

THREADS = 2
WARM_UP = 64


def peer_encoder() -> Callable[[Sequence[str]], np.ndarray] | None:
    """sentence-transformers on the packaged model, or None when it is not installed."""
    if importlib.util.find_spec("sentence_transformers") is None or not embedding.available():
        return None
    torch = importlib.import_module("torch")
    torch.set_num_threads(THREADS)
    model: Any = importlib.import_module("sentence_transformers").SentenceTransformer(
        str(embedding.model_folder()), device="cpu", local_files_only=True
    )
    model.max_seq_length = embedding.MAX_TOKENS

    def encode(texts: Sequence[str]) -> np.ndarray:
        vectors = model.encode(list(texts), normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=float)

    return encode


def timed(
    encode: Callable[[Sequence[str]], np.ndarray], texts: Sequence[str]
) -> tuple[float, np.ndarray]:
    """Wall-clock seconds of one encoding of ``texts``, and its vectors."""
    start = time.perf_counter()
    vectors = encode(texts)
    return time.perf_counter() - start, vectors


def numpy_encoder() -> Callable[[Sequence[str]], np.ndarray]:
    """Parity's NumPy forward pass, the fallback without onnxruntime."""
    model = MiniLM.load(embedding.model_folder(), embedding.MAX_TOKENS)
    return lambda texts: model.encode(texts, batch_size=embedding.BATCH_SIZE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    peer = peer_encoder()
    if peer is None:
        print(
            "Skipped: the encoder benchmark needs the embeddings and reference extras "
            "(make setup-embeddings): the model, and sentence-transformers to measure it against."
        )
        return
    from threadpoolctl import threadpool_limits

    texts = [clean(text) for text, _ in statements(args.statements)]
    backend = type(embedding.encoder()).__name__
    encoders = {"parity": embedding.encode, "numpy": numpy_encoder(), "peer": peer}
    runs: dict[str, list[float]] = {name: [] for name in encoders}
    vectors: dict[str, np.ndarray] = {}
    names = list(encoders)
    with threadpool_limits(THREADS, user_api="blas"):
        for encode in encoders.values():  # loads the models: start-up stays outside
            encode(texts[:WARM_UP])
        for turn in range(args.repeat):
            for name in names[turn % 3 :] + names[: turn % 3]:  # each goes first in turn
                took, vectors[name] = timed(encoders[name], texts)
                runs[name].append(took)
    rate = {name: len(texts) / statistics.median(runs[name]) for name in encoders}
    ratio = rate["parity"] / rate["peer"]
    print(
        f"Sentence encoder, {len(texts):,} statements, start-up excluded (median of "
        f"{args.repeat}, in turns, same process; PyTorch on {THREADS} threads, Parity on at "
        f"most {THREADS}; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})\n"
        f"  Parity ({backend}, the reader):      {rate['parity']:7,.0f} statements per second\n"
        f"  Parity (NumPy, the fallback):        {rate['numpy']:7,.0f} statements per second\n"
        f"  sentence-transformers (PyTorch):     {rate['peer']:7,.0f} statements per second\n"
        f"  ratio {ratio:.2f} (target >= 1.00) {'OK' if ratio >= 1 else 'UNDER TARGET'}; "
        f"NumPy's {rate['numpy'] / rate['peer']:.2f}\n"
        f"  vectors against PyTorch's: {agreement(vectors['parity'], vectors['peer'])} "
        f"(NumPy's: {agreement(vectors['numpy'], vectors['peer'])})"
    )


def agreement(ours: np.ndarray, theirs: np.ndarray) -> str:
    """The largest difference per dimension and the smallest cosine, as a phrase."""
    cosine = (ours * theirs).sum(axis=1) / (
        np.linalg.norm(ours, axis=1) * np.linalg.norm(theirs, axis=1)
    )
    largest = np.abs(ours - theirs).max()
    return f"largest difference {largest:.1e}, smallest cosine {cosine.min():.7f}"


if __name__ == "__main__":
    main()
