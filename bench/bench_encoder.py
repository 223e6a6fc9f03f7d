"""Benchmark: the embeddings reader's sentence encoder against PyTorch on the same model.

Parity runs all-MiniLM-L6-v2 with NumPy (``parity.core.language.minilm``); the peer is
sentence-transformers running the same packaged model on PyTorch. Both encode the same 4,000
distinct statements (the batch of ``bench_stance.py``, cleaned as the reader cleans them) in the
same process, in turns, after both models are loaded and warmed up: start-up is excluded, so
the figure is statements per second of encoding alone. Both get the machine alike: PyTorch on
two threads (``torch.set_num_threads(2)``), NumPy's BLAS on at most two (``threadpoolctl``).
The target: Parity's rate at least PyTorch's. The vectors are compared as well (largest
difference per dimension, smallest cosine), since speed with other vectors would be no gain.

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
from parity.core.language.stance import clean

THREADS = 2
WARM_UP = 64


def peer_encoder() -> Callable[[Sequence[str]], np.ndarray] | None:
    """sentence-transformers on the packaged model, or None when it is not installed."""
    if importlib.util.find_spec("sentence_transformers") is None or not embedding.available():
        return None
    torch = importlib.import_module("torch")
    torch.set_num_threads(THREADS)
    package = importlib.import_module(embedding.MODEL_PACKAGE)
    model: Any = importlib.import_module("sentence_transformers").SentenceTransformer(
        str(package.get_model_path()), device="cpu", local_files_only=True
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    peer = peer_encoder()
    if peer is None:
        print(
            "Skipped: the encoder benchmark needs the embeddings extra and sentence-transformers "
            "(pip install 'parity[embeddings]'), the peer it is measured against."
        )
        return
    from threadpoolctl import threadpool_limits

    texts = [clean(text) for text, _ in statements(args.statements)]
    encoders = {"parity": embedding.encode, "peer": peer}
    runs: dict[str, list[float]] = {name: [] for name in encoders}
    vectors: dict[str, np.ndarray] = {}
    with threadpool_limits(THREADS, user_api="blas"):
        for encode in encoders.values():  # loads the models: start-up stays outside
            encode(texts[:WARM_UP])
        for turn in range(args.repeat):
            for name in encoders if turn % 2 == 0 else reversed(encoders):
                took, vectors[name] = timed(encoders[name], texts)
                runs[name].append(took)
    ours, theirs = vectors["parity"], vectors["peer"]
    ours_rate = len(texts) / statistics.median(runs["parity"])
    peer_rate = len(texts) / statistics.median(runs["peer"])
    cosine = (ours * theirs).sum(axis=1) / (
        np.linalg.norm(ours, axis=1) * np.linalg.norm(theirs, axis=1)
    )
    print(
        f"Sentence encoder, {len(texts):,} statements, start-up excluded (median of "
        f"{args.repeat}, in turns, same process; PyTorch on {THREADS} threads, NumPy's BLAS on "
        f"at most {THREADS}; load average {os.getloadavg()[0]:.1f})\n"
        f"  Parity (NumPy):                    {ours_rate:7,.0f} statements per second\n"
        f"  sentence-transformers (PyTorch):   {peer_rate:7,.0f} statements per second\n"
        f"  ratio {ours_rate / peer_rate:.2f} (target >= 1.00) "
        f"{'OK' if ours_rate >= peer_rate else 'UNDER TARGET'}\n"
        f"  vectors: largest difference {np.abs(ours - theirs).max():.1e}, "
        f"smallest cosine {cosine.min():.7f}"
    )


if __name__ == "__main__":
    main()
