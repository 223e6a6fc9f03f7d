"""Choose the confidence a stance reading needs before its words are quoted as evidence.

    .venv/bin/python scripts/choose_quote_confidence.py          # print the curves and the cut
    .venv/bin/python scripts/choose_quote_confidence.py --check  # fail if stance.py differs

A misread quote in front of both sides costs more than a missing one, so a statement is quoted
as evidence of a stance only when its reading is confident. The cut-off is chosen on the
training part of the corpus alone, by nested 5-fold cross-validation with the shipped settings
(the embeddings reader's light companion is refitted inside each fold too, so no statement is
read by a model that saw it): the lowest confidence, in steps of 0.05, at which the readings at
or above it are right at least :data:`TARGET` of the time, for both readers. The held-apart
slice and the outside set are only reported (docs/method.md, "Reading the words").
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from parity.core.language import stance
from parity.training import fit, read_corpus
from train_stance import Setting, design, embed, load_corpus, vocabulary

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "parity" / "core" / "language"
TARGET = 0.95
CUTS = tuple(round(0.30 + 0.05 * i, 2) for i in range(12))


def _shipped(reader: str) -> Setting:
    """The setting the reader's shipped weights were fitted with (from its card)."""
    data = json.loads((PACKAGE / stance.WEIGHTS_FILES[reader]).read_text())
    return Setting(
        data["l2"], data["word_scale"], data["embedding_scale"], data.get("cue_scale", 1.0)
    )


def _design(
    texts: list[str], words: list[str], questions: list[str | None], reader: str
) -> tuple[np.ndarray, float]:
    """The reader's design for ``texts`` under its shipped setting, and that setting's l2."""
    setting = _shipped(reader)
    meaning = embed(texts, reader) * setting.embedding_scale
    x = design(texts, words, setting.word_scale, meaning, questions, setting.cue_scale)
    return x, setting.l2


def _folds(labels: np.ndarray, folds: int = 5, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    fold_of = np.empty(len(labels), dtype=int)
    for label in stance.STANCES:
        members = np.flatnonzero(labels == label)
        rng.shuffle(members)
        fold_of[members] = np.arange(len(members)) % folds
    return fold_of


def cross_validated_probabilities(
    texts: list[str], questions: list[str | None], labels: np.ndarray
) -> dict[str, np.ndarray]:
    """Each training statement's distribution from both readers fitted without it."""
    words = vocabulary(texts)
    x_light, l2_light = _design(texts, words, questions, "light")
    x_heavy, l2_heavy = _design(texts, words, questions, "embeddings")
    out = {reader: np.zeros((len(texts), len(stance.STANCES))) for reader in stance.READERS}
    fold_of = _folds(labels)
    for fold in range(fold_of.max() + 1):
        train, test = fold_of != fold, fold_of == fold
        w, b = fit(x_light[train], list(labels[train]), l2_light)
        out["light"][test] = stance.softmax(x_light[test] @ w.T + b)
        w, b = fit(x_heavy[train], list(labels[train]), l2_heavy)
        own = stance.softmax(x_heavy[test] @ w.T + b)
        out["embeddings"][test] = stance.combine(own, out["light"][test])
    return out


def curve(confidence: np.ndarray, right: np.ndarray) -> list[tuple[float, float, float]]:
    """(cut, coverage, accuracy of the readings at or above the cut) for each cut."""
    rows = []
    for cut in CUTS:
        kept = confidence >= cut
        rows.append((cut, float(kept.mean()), float(right[kept].mean()) if kept.any() else 1.0))
    return rows


def chosen(rows: list[tuple[float, float, float]]) -> float:
    return next(cut for cut, _, accuracy in rows if accuracy >= TARGET)


def _table(title: str, rows: list[tuple[float, float, float]]) -> str:
    lines = [f"\n{title}", "| cut-off | coverage | accuracy |", "| --- | --- | --- |"]
    lines += [f"| {c:.2f} | {cov:.2f} | {acc:.3f} |" for c, cov, acc in rows]
    return "\n".join(lines)


def _readings(
    texts: list[str], questions: list[str | None], reader: str
) -> tuple[np.ndarray, np.ndarray]:
    readings = stance.classify_many(texts, reader, questions)
    labels = np.array([r.label for r in readings])
    return np.array([r.confidence for r in readings]), labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    corpus = load_corpus()
    train = corpus[~corpus["held_apart"]]
    labels = train["label"].to_numpy()
    probabilities = cross_validated_probabilities(
        train["text"].tolist(), train["kind"].tolist(), labels
    )
    cuts = []
    for reader, prob in probabilities.items():
        right = np.array(stance.STANCES)[prob.argmax(axis=1)] == labels
        rows = curve(prob.max(axis=1), right)
        cuts.append(chosen(rows))
        print(_table(f"{reader}: nested cross-validation on the training part", rows))
    cut = max(cuts)
    held = corpus[corpus["held_apart"]]
    outside = read_corpus(ROOT / "data" / "stance" / "outside")
    outside["kind"] = outside["question"]
    for name, frame in (("held-apart slice", held), ("outside set", outside)):
        for reader in stance.READERS:
            confidence, got = _readings(frame["text"].tolist(), frame["kind"].tolist(), reader)
            rows = curve(confidence, got == frame["label"].to_numpy())
            print(_table(f"{reader} on the {name} (reported, not used)", rows))
    print(f"\nChosen: {cut:.2f} (the lowest cut-off reaching {TARGET:.0%} for both readers).")
    if args.check and cut != stance.QUOTE_CONFIDENCE:
        sys.exit(f"stance.QUOTE_CONFIDENCE is {stance.QUOTE_CONFIDENCE}, not {cut:.2f}.")


if __name__ == "__main__":
    main()
