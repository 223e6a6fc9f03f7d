"""Score a stance reader on the outside evaluation set, with bootstrap intervals.

    .venv/bin/python scripts/evaluate_outside.py                      # the light reader
    .venv/bin/python scripts/evaluate_outside.py --reader embeddings  # the optional reader

The set (``data/stance/outside/``, its README) was written apart from the training corpus and
from each other's writers, from the instrument's definitions alone, with the context of each
answer (who wrote it, about whom, to which question). It is never trained on and never used to
choose a setting: this script only measures. It prints macro-F1 and per-label F1 with 95%
percentile-bootstrap intervals (2,000 resamples of the statements), accuracy per question type
and per setting, and the confusion matrix, as Markdown for docs/method.md.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from parity.core.language import stance
from parity.core.language.stance import STANCES
from parity.training import (
    Interval,
    accuracy,
    bootstrap,
    confusion_markdown,
    evaluate,
    label_f1,
    macro_f1,
    read_corpus,
)

ROOT = Path(__file__).resolve().parents[1]
OUTSIDE = ROOT / "data" / "stance" / "outside"


def read_outside(folder: Path = OUTSIDE) -> pd.DataFrame:
    """Every file of the outside set as one frame (see its README for the columns)."""
    return read_corpus(folder)


def predictions(
    texts: Sequence[str], reader: str, questions: Sequence[str | None] | None = None
) -> list[str]:
    """The reader's labels, reading each answer with its question when ``questions`` is given."""
    readings = stance.classify_many(
        list(texts), reader, None if questions is None else list(questions)
    )
    return [reading.label for reading in readings]


def _row(name: str, interval: Interval) -> str:
    return (
        f"| {name} | {interval.value:.3f} | {interval.low:.3f}–{interval.high:.3f} | {interval.n} |"
    )


def report(frame: pd.DataFrame, predicted: Sequence[str]) -> str:
    """The figures of one reader on the set, as Markdown tables."""
    truth = list(frame["label"])
    lines = ["| figure | value | 95% interval | n |", "| --- | --- | --- | --- |"]
    lines.append(_row("macro-F1", bootstrap(truth, predicted, macro_f1)))
    lines.append(_row("accuracy", bootstrap(truth, predicted, accuracy)))
    for label in STANCES:
        lines.append(_row(f"F1 {label}", bootstrap(truth, predicted, label_f1(label))))
    for column in ("question", "writer", "setting"):
        for value, part in frame.groupby(column, sort=True):
            rows = part.index.to_list()
            sub_truth = [truth[i] for i in rows]
            sub_predicted = [predicted[i] for i in rows]
            lines.append(
                _row(f"accuracy, {column} {value}", bootstrap(sub_truth, sub_predicted, accuracy))
            )
    lines += ["", confusion_markdown(evaluate(truth, predicted))]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reader", choices=stance.READERS, default=stance.DEFAULT_READER)
    parser.add_argument(
        "--without-context", action="store_true", help="read each answer without its question"
    )
    parser.add_argument(
        "--writers", metavar="W1,W2", help="only these writers' files (e.g. w4,w5); default all"
    )
    args = parser.parse_args()
    frame = read_outside()
    frame["writer"] = frame["id"].str.split("-").str[0]
    if args.writers:
        frame = frame[frame["writer"].isin(args.writers.split(","))]
    frame = frame.reset_index(drop=True)
    questions = None if args.without_context else frame["question"].tolist()
    predicted = predictions(frame["text"].tolist(), args.reader, questions)
    context = "without" if args.without_context else "with"
    print(
        f"Reader: {args.reader}, {context} the question; {len(frame)} answers from "
        f"{OUTSIDE.relative_to(ROOT)}\n"
    )
    print(report(frame, predicted))


if __name__ == "__main__":
    main()
