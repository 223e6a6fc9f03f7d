"""Fit the stance weights on the labelled corpus and report how well they do.

    .venv/bin/python scripts/train_stance.py            # fit, report, write the weights
    .venv/bin/python scripts/train_stance.py --check    # report only; fail if the shipped
                                                        # weights differ from a fresh fit
    .venv/bin/python scripts/train_stance.py --reader embeddings   # the optional reader

The regularisation is chosen by 5-fold cross-validation on the training part only, among the
settings that read the specification's examples (``training.SPEC_EXAMPLES``) as it says; the
held-apart slice (data/stance/README.md) is scored once, at the end, for the report.
The fit and the folds are scikit-learn's (``parity.training.fit``, ``cross_validate``), a
development dependency: the weights are written as plain arrays that the readers load with NumPy.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from parity.core.language import stance
from parity.training import (
    SPEC_CASES,
    Scores,
    confusion_markdown,
    cross_validate,
    evaluate,
    fit,
    is_held_apart,
    predict,
    read_corpus,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "stance"
PACKAGE = ROOT / "src" / "parity" / "core" / "language"
#: The settings cross-validation chooses among. The grids are small on purpose (each setting is
#: five fits); earlier, wider searches never chose a value outside them.
#: For the embeddings reader: cues, and how strongly the sentence meaning counts; l2 0.0003
#: and words x0.45.
EMBEDDING_L2 = 0.0003
EMBEDDING_SCALES = (1.0, 1.5)
EMBEDDING_WORD_SCALE = 0.45
EMBEDDING_CUE_SCALES = (1.0, 2.0)
#: For the light reader: cues, and the meaning read from static word vectors; l2 0.0005 and
#: words x0.45 (earlier searches over l2 0.0003–0.003 and words 0.3–0.45 never chose others).
LIGHT_L2 = 0.0005
LIGHT_WORD_SCALE = 0.45
LIGHT_CUE_SCALES = (1.0, 2.0)
WORD_VECTOR_SCALES = (1.5, 2.0)
MIN_DOCUMENTS = 2  # a word or pair must appear in this many training statements


def vocabulary(texts: list[str]) -> list[str]:
    """Words and adjacent pairs found in at least MIN_DOCUMENTS training statements."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in {w for w, _, _ in stance.words(stance.clean(text))}:
            counts[word] = counts.get(word, 0) + 1
    return sorted(w for w, c in counts.items() if c >= MIN_DOCUMENTS)


def design(
    texts: list[str],
    vocab: list[str],
    scale: float,
    meaning: np.ndarray | None = None,
    questions: list[str | None] | None = None,
    cue_scale: float = 1.0,
) -> np.ndarray:
    """Cue features (times ``cue_scale``), word features (times ``scale``) and, if given, the
    scaled embeddings; with ``questions``, repeated in the block of each answer's question
    (:func:`stance.with_context`)."""
    index = {w: i for i, w in enumerate(vocab)}
    cues = stance.feature_matrix(texts) * cue_scale
    lexical = np.vstack([stance.word_features(stance.clean(t), index, scale)[0] for t in texts])
    parts = [cues, lexical] if meaning is None else [cues, lexical, meaning]
    x = np.hstack(parts)
    return x if questions is None else stance.with_context(x, questions)


def embed(texts: list[str], reader: str) -> np.ndarray:
    """The reader's meaning vectors: static word vectors (light) or the sentence model."""
    return stance.read_meanings([stance.clean(t) for t in texts], stance.MEANING_SOURCES[reader])


def load_corpus() -> pd.DataFrame:
    corpus = read_corpus(CORPUS)
    corpus["held_apart"] = corpus["id"].map(is_held_apart)
    return corpus


@dataclass(frozen=True)
class Setting:
    l2: float
    word_scale: float
    embedding_scale: float  # 0: the light reader
    cue_scale: float = 1.0

    def label(self) -> str:
        text = f"l2 {self.l2}, cues x{self.cue_scale}, words x{self.word_scale}"
        return text + (f", meaning x{self.embedding_scale}" if self.embedding_scale else "")


Arrays = dict[str, np.ndarray]


def weights_files(
    w: np.ndarray, b: np.ndarray, setting: Setting, n: int, vocab: list[str], reader: str
) -> tuple[str, Arrays]:
    """The reader's card (JSON: settings, cue features, vocabulary) and its arrays (weights as
    float32 after rounding to six decimals, biases), as :func:`stance.model` reads them."""
    contexts = stance.CONTEXT_QUESTIONS
    dims = w.shape[1] // (1 + len(contexts)) - stance.lexicon().n_features - len(vocab)
    data: dict[str, object] = {
        "about": "Stance weights learned by scripts/train_stance.py from data/stance; the "
        "numbers are in the .npz file of the same name.",
        "l2": setting.l2,
        "cue_scale": setting.cue_scale,
        "word_scale": setting.word_scale,
    }
    if dims:
        data |= {
            "embedding_scale": setting.embedding_scale,
            "embedding_dims": dims,
            "meaning": stance.MEANING_SOURCES[reader],
        }
    data |= {
        "trained_on": n,
        "stances": list(stance.STANCES),
        "contexts": list(contexts),
        "cues": stance.lexicon().feature_names(),
        "vocabulary": vocab,
    }
    arrays: Arrays = {
        "weights": np.round(w, 6).astype(np.float32),
        "bias": np.round(b, 6).astype(np.float64),
    }
    return json.dumps(data, indent=1) + "\n", arrays


def write_weights(card_path: Path, card: str, arrays: Arrays) -> None:
    card_path.write_text(card)
    np.savez_compressed(
        card_path.with_suffix(stance.ARRAYS_SUFFIX), weights=arrays["weights"], bias=arrays["bias"]
    )


def same_weights(card_path: Path, card: str, arrays: Arrays) -> bool:
    """Whether the shipped card and arrays are exactly these."""
    if card_path.read_text() != card:
        return False
    with np.load(card_path.with_suffix(stance.ARRAYS_SUFFIX)) as shipped:
        return set(shipped.files) == set(arrays) and all(
            np.array_equal(shipped[key], value) for key, value in arrays.items()
        )


def report(title: str, scores: object) -> None:
    print(f"\n## {title}")
    print(f"macro-F1 {scores.macro_f1:.3f} on {scores.n} statements")  # type: ignore[attr-defined]
    for label, f1 in scores.per_label.items():  # type: ignore[attr-defined]
        print(f"  {label:<10} F1 {f1:.3f}")
    print(confusion_markdown(scores))  # type: ignore[arg-type]


def settings(reader: str) -> list[Setting]:
    if reader == "embeddings":
        return [
            Setting(EMBEDDING_L2, EMBEDDING_WORD_SCALE, e, c)
            for c in EMBEDDING_CUE_SCALES
            for e in EMBEDDING_SCALES
        ]
    return [
        Setting(LIGHT_L2, LIGHT_WORD_SCALE, e, c)
        for c in LIGHT_CUE_SCALES
        for e in WORD_VECTOR_SCALES
    ]


def combined_predictions(
    w: np.ndarray,
    b: np.ndarray,
    x: np.ndarray,
    texts: list[str],
    reader: str,
    questions: list[str | None],
) -> list[str]:
    """What the reader returns: its own distribution combined with its companion reader's."""
    own = stance.softmax(x @ w.T + b)
    companion = stance.classify_many(texts, stance.COMPANIONS[reader], questions)
    other = np.array([[r.scores[s] for s in stance.STANCES] for r in companion])
    return [stance.STANCES[i] for i in np.argmax(stance.combine(own, other), axis=1)]


Weights = tuple[np.ndarray, np.ndarray]


def choose(
    grid: list[Setting],
    cv: dict[Setting, Scores],
    fitted: Callable[[Setting], Weights],
    misreads: Callable[[Setting, Weights], list[str]],
) -> tuple[Setting, Weights]:
    """The setting with the best cross-validated macro-F1 among those that read every example
    of the specification as it says (fitted on the whole training part)."""
    for setting in sorted(grid, key=lambda s: -cv[s].macro_f1):
        weights = fitted(setting)
        wrong = misreads(setting, weights)
        if not wrong:
            return setting, weights
        print(f"not chosen: {setting.label()} misreads {'; '.join(wrong)}")
    sys.exit("No setting reads every example of the specification: see the lines above.")


def misread(weights: Weights, x: np.ndarray, reader: str) -> list[str]:
    """The specification's examples the fitted reader gets wrong."""
    w, b = weights
    texts = [t for t, _, _ in SPEC_CASES]
    if reader in stance.COMPANIONS:
        got = combined_predictions(w, b, x, texts, reader, [q for _, q, _ in SPEC_CASES])
    else:
        got = predict(w, b, x)
    pairs = zip(SPEC_CASES, got, strict=True)
    return [
        f"{t!r} ({q or 'no question'}) as {g} (not {want})"
        for (t, q, want), g in pairs
        if g != want
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--reader", choices=stance.READERS, default=stance.DEFAULT_READER)
    parser.add_argument(
        "--setting",
        metavar="L2,WORDS,MEANING[,CUES]",
        help="skip the search and use this setting (e.g. one chosen by an earlier search)",
    )
    args = parser.parse_args()
    weights_path = PACKAGE / stance.WEIGHTS_FILES[args.reader]
    corpus = load_corpus()
    train = corpus[~corpus["held_apart"]]
    held = corpus[corpus["held_apart"]]
    texts = train["text"].tolist()
    questions: list[str | None] = train["kind"].tolist()
    held_questions: list[str | None] = held["kind"].tolist()
    y_train = train["label"].tolist()
    vocab = vocabulary(texts)
    meaning = embed(texts, args.reader)
    held_meaning = embed(held["text"].tolist(), args.reader)
    grid = settings(args.reader)
    if args.setting:
        grid = [Setting(*(float(v) for v in args.setting.split(",")))]

    def x_of(
        setting: Setting, words: list[str], m: np.ndarray | None, asked: list[str | None]
    ) -> np.ndarray:
        scaled = None if m is None else m * setting.embedding_scale
        return design(words, vocab, setting.word_scale, scaled, asked, setting.cue_scale)

    cv = {s: cross_validate(x_of(s, texts, meaning, questions), y_train, s.l2) for s in grid}
    spec_texts = [t for t, _, _ in SPEC_CASES]
    spec_questions = [q for _, q, _ in SPEC_CASES]
    spec_x = {s: x_of(s, spec_texts, embed(spec_texts, args.reader), spec_questions) for s in grid}
    best, (w, b) = choose(
        grid,
        cv,
        lambda s: fit(x_of(s, texts, meaning, questions), y_train, s.l2),
        lambda s, wb: misread(wb, spec_x[s], args.reader),
    )
    print(
        f"{args.reader} reader. {len(corpus)} statements: {len(train)} to train, "
        f"{len(held)} held apart; {len(vocab)} words and pairs"
    )
    print(
        "cross-validated macro-F1: "
        + ", ".join(f"{s.label()}: {v.macro_f1:.3f}" for s, v in cv.items())
    )
    report(f"5-fold cross-validation on the training part ({best.label()})", cv[best])
    held_x = x_of(best, held["text"].tolist(), held_meaning, held_questions)
    held_scores = evaluate(held["label"].tolist(), predict(w, b, held_x))
    report("held-apart slice (never trained or tuned on)", held_scores)
    if args.reader in stance.COMPANIONS:
        combined = combined_predictions(
            w, b, held_x, held["text"].tolist(), args.reader, held_questions
        )
        scores = evaluate(held["label"].tolist(), combined)
        report(
            f"held-apart slice, combined with the {stance.COMPANIONS[args.reader]} reader", scores
        )
    card, arrays = weights_files(w, b, best, len(train), vocab, args.reader)
    if args.check:
        if not same_weights(weights_path, card, arrays):
            sys.exit("The shipped stance weights differ from a fresh fit: run this script.")
        print("\nThe shipped weights match a fresh fit.")
        return
    write_weights(weights_path, card, arrays)
    stance.model.cache_clear()
    print(f"\nWrote {weights_path.relative_to(ROOT)} and its {stance.ARRAYS_SUFFIX} arrays.")


if __name__ == "__main__":
    main()
