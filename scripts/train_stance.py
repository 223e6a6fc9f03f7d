"""Fit the stance weights on the labelled corpus and report how well they do.

    .venv/bin/python scripts/train_stance.py            # fit, report, write the weights
    .venv/bin/python scripts/train_stance.py --check    # report only; fail if the shipped
                                                        # weights differ from a fresh fit

The regularisation is chosen by 5-fold cross-validation on the training part only; the
held-apart slice (data/stance/README.md) is scored once, at the end, for the report.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from parity.core.language import stance
from parity.core.language.training import (
    confusion_markdown,
    cross_validate,
    evaluate,
    fit,
    is_held_apart,
    predict,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "stance"
WEIGHTS = ROOT / "src" / "parity" / "core" / "language" / "lexicon" / "stance-weights.json"
L2_GRID = (0.001, 0.003)
WORD_SCALES = (0.3, 0.45, 0.6)
MIN_DOCUMENTS = 2  # a word or pair must appear in this many training statements


def vocabulary(texts: list[str]) -> list[str]:
    """Words and adjacent pairs found in at least MIN_DOCUMENTS training statements."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in {w for w, _, _ in stance.words(stance.clean(text))}:
            counts[word] = counts.get(word, 0) + 1
    return sorted(w for w, c in counts.items() if c >= MIN_DOCUMENTS)


def design(texts: list[str], vocab: list[str], scale: float) -> np.ndarray:
    index = {w: i for i, w in enumerate(vocab)}
    cues = stance.feature_matrix(texts)
    lexical = np.vstack([stance.word_features(stance.clean(t), index, scale)[0] for t in texts])
    return np.hstack([cues, lexical])


def load_corpus() -> pd.DataFrame:
    frames = [pd.read_csv(path, dtype=str) for path in sorted(CORPUS.glob("*.csv"))]
    corpus = pd.concat(frames, ignore_index=True)
    corpus["held_apart"] = corpus["id"].map(is_held_apart)
    return corpus


def weights_json(
    w: np.ndarray, b: np.ndarray, l2: float, n: int, vocab: list[str], scale: float
) -> str:
    data = {
        "about": "Stance weights learned by scripts/train_stance.py from data/stance.",
        "l2": l2,
        "word_scale": scale,
        "trained_on": n,
        "stances": list(stance.STANCES),
        "vocabulary": vocab,
        "features": stance.lexicon().feature_names() + [f"word: {v}" for v in vocab],
        "weights": np.round(w, 6).tolist(),
        "bias": np.round(b, 6).tolist(),
    }
    return json.dumps(data, indent=1) + "\n"


def report(title: str, scores: object) -> None:
    print(f"\n## {title}")
    print(f"macro-F1 {scores.macro_f1:.3f} on {scores.n} statements")  # type: ignore[attr-defined]
    for label, f1 in scores.per_label.items():  # type: ignore[attr-defined]
        print(f"  {label:<10} F1 {f1:.3f}")
    print(confusion_markdown(scores))  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    corpus = load_corpus()
    train = corpus[~corpus["held_apart"]]
    held = corpus[corpus["held_apart"]]
    texts = train["text"].tolist()
    y_train = train["label"].tolist()
    vocab = vocabulary(texts)
    grid = [(l2, scale) for l2 in L2_GRID for scale in WORD_SCALES]
    designs = {scale: design(texts, vocab, scale) for scale in WORD_SCALES}
    cv = {(l2, sc): cross_validate(designs[sc], y_train, l2) for l2, sc in grid}
    best = max(grid, key=lambda key: cv[key].macro_f1)
    print(
        f"{len(corpus)} statements: {len(train)} to train, {len(held)} held apart; "
        f"{len(vocab)} words and pairs"
    )
    by_key = ", ".join(f"l2 {k[0]} words x{k[1]}: {v.macro_f1:.3f}" for k, v in cv.items())
    print(f"cross-validated macro-F1: {by_key}")
    report(
        f"5-fold cross-validation on the training part (l2 {best[0]}, words x{best[1]})", cv[best]
    )
    w, b = fit(designs[best[1]], y_train, best[0])
    held_x = design(held["text"].tolist(), vocab, best[1])
    held_scores = evaluate(held["label"].tolist(), predict(w, b, held_x))
    report("held-apart slice (never trained or tuned on)", held_scores)
    text = weights_json(w, b, best[0], len(train), vocab, best[1])
    if args.check:
        if WEIGHTS.read_text() != text:
            sys.exit("The shipped stance weights differ from a fresh fit: run this script.")
        print("\nThe shipped weights match a fresh fit.")
        return
    WEIGHTS.write_text(text)
    stance.model.cache_clear()
    print(f"\nWrote {WEIGHTS.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
