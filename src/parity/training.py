"""Learning the stance weights from the labelled corpus, and measuring them honestly.

The model is small on purpose: one weight per (stance, feature) plus a bias per stance, over
cue families, the words and word pairs that recur in the corpus, and the statement's meaning
vector, fitted by scikit-learn's L2-regularised multinomial logistic regression. It learns how
much each cue, word and direction of meaning says about each stance, which is what should carry
over to statements it has not seen; the regularisation and the scale of each feature group are
chosen by cross-validation on the training part.

The held-apart slice is chosen by a hash of the statement id (never by looking at the text)
and is used only to report, never to fit or to choose the regularisation.

It lives outside :mod:`parity.core`, which does no I/O: it reads the corpus files, and only the
scripts, the benchmarks and the tests use it. The reader itself needs none of it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from parity.core.language.stance import STANCES

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression

HELD_APART_SHARE = 5  # one statement in five


def is_held_apart(statement_id: str) -> bool:
    """Stable assignment of a statement to the held-apart slice (about 20%)."""
    digest = hashlib.sha256(statement_id.encode("utf-8")).digest()
    return digest[0] % HELD_APART_SHARE == 0


#: The examples the instrument and the product's brief name, with the stance they must get: the
#: specification. A setting that misreads one is not chosen (scripts/train_stance.py), and the
#: tests hold every reader to them. They are not a measure of accuracy (only the held-apart
#: slice is); "To serve the Business." is also a corpus statement.
SPEC_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("We exist to serve the Business", "servant"),
    ("To serve the Business.", "servant"),
    ("We partner with the business by delivering every request on time", "servant"),
    ("The Business is a demanding boss who never says thank you", "servant"),
    ("We are not here just to serve the business; we own revenue growth with Sales", "partner"),
    ("Our solicitors have started legal action against the outsourcer.", "adversary"),
    ("Every request is a ticket, handled within the agreed SLA.", "provider"),
    ("If the agency's prices go up again we will re-tender the contract.", "customer"),
)


#: The specification's examples with the question they answer (the issue that introduced the
#: question as context): the same words cast the writer differently in a persona answer.
CONTEXT_EXAMPLES: tuple[tuple[str, str | None, str], ...] = (
    ("A trusted colleague who tells us the truth.", "persona", "partner"),
    ("A partner who listens.", "persona", "partner"),
    ("We provide IT services to Marketing.", "purpose", "provider"),
    ("We are an order-taker.", "mirror", "servant"),
    ("Serve the business.", "purpose", "servant"),
    ("IT should just deliver what we ask, faster.", "comment", "master"),
    ("The Business is a demanding boss who never says thank you", "persona", "servant"),
)
#: Every example a chosen setting must read right: without a question, then with one.
SPEC_CASES: tuple[tuple[str, str | None, str], ...] = (
    tuple((text, None, label) for text, label in SPEC_EXAMPLES) + CONTEXT_EXAMPLES
)


def read_corpus(folder: Path) -> pd.DataFrame:
    """Every ``*.csv`` of a labelled corpus folder as one frame of strings.

    Texts are kept exactly as written: "n/a", "None" or "NULL" are answers, not missing values.
    """
    frames = [
        pd.read_csv(path, dtype=str, keep_default_na=False) for path in sorted(folder.glob("*.csv"))
    ]
    # A column only some files have (``party``) is empty in the others, not missing.
    return pd.concat(frames, ignore_index=True).fillna("")


#: How far the solver goes: L-BFGS stops when no gradient component exceeds ``SOLVER_TOLERANCE``
#: (the tolerance the fit has always used) or after ``SOLVER_ITERATIONS`` steps.
SOLVER_TOLERANCE = 1e-5
SOLVER_ITERATIONS = 2000


def logistic_regression(l2: float, n: int) -> LogisticRegression:
    """scikit-learn's multinomial logistic regression with the penalty ``l2`` means here.

    The stance model minimises the *mean* cross-entropy over the ``n`` training statements plus
    ``l2/2 × |W|²`` (the biases are not penalised). scikit-learn minimises
    ``C × Σ cross-entropy + |W|²/2``, also without penalising the intercepts; dividing that by
    ``n × C`` gives the same objective when ``C = 1 / (l2 × n)``. So a setting's ``l2`` keeps its
    meaning whatever the number of statements (a fold of cross-validation has fewer), and the
    regularisation is set per fit from the statements it is given. scikit-learn is imported
    here, not at the top, because the corpus readers above serve the tests and benchmarks
    without it.
    """
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(
        C=1.0 / (l2 * n),
        solver="lbfgs",
        tol=SOLVER_TOLERANCE,
        max_iter=SOLVER_ITERATIONS,
    )


def fit(x: np.ndarray, labels: Sequence[str], l2: float) -> tuple[np.ndarray, np.ndarray]:
    """Weights (stances x features) and biases minimising cross-entropy + l2/2 * |W|^2, rows in
    :data:`STANCES` order (the order the reader expects, not scikit-learn's sorted one)."""
    missing = sorted(set(STANCES) - set(labels))
    if missing:
        raise ValueError(f"Every stance needs a labelled statement to fit; none is {missing}.")
    model = logistic_regression(l2, x.shape[0]).fit(x, np.asarray(labels))
    rows = [list(model.classes_).index(stance) for stance in STANCES]
    return np.asarray(model.coef_[rows]), np.asarray(model.intercept_[rows])


def predict(w: np.ndarray, b: np.ndarray, x: np.ndarray) -> list[str]:
    return [STANCES[i] for i in np.argmax(x @ w.T + b, axis=1)]


@dataclass(frozen=True)
class Scores:
    macro_f1: float
    per_label: dict[str, float]
    confusion: np.ndarray  # rows: true stance, columns: predicted, in STANCES order
    n: int


def evaluate(truth: Sequence[str], predicted: Sequence[str]) -> Scores:
    index = {s: i for i, s in enumerate(STANCES)}
    confusion = np.zeros((len(STANCES), len(STANCES)), dtype=int)
    for t, p in zip(truth, predicted, strict=True):
        confusion[index[t], index[p]] += 1
    per_label = {}
    for i, stance in enumerate(STANCES):
        tp = confusion[i, i]
        precision = tp / confusion[:, i].sum() if confusion[:, i].sum() else 0.0
        recall = tp / confusion[i, :].sum() if confusion[i, :].sum() else 0.0
        total = precision + recall
        per_label[stance] = float(2 * precision * recall / total) if total else 0.0
    return Scores(float(np.mean(list(per_label.values()))), per_label, confusion, len(truth))


@dataclass(frozen=True)
class Interval:
    """A figure and its 95% percentile-bootstrap interval."""

    value: float
    low: float
    high: float
    n: int

    def __str__(self) -> str:
        return f"{self.value:.3f} [{self.low:.3f}, {self.high:.3f}] (n={self.n})"


def bootstrap(
    truth: Sequence[str],
    predicted: Sequence[str],
    statistic: Callable[[Sequence[str], Sequence[str]], float],
    *,
    resamples: int = 2000,
    seed: int = 0,
) -> Interval:
    """``statistic`` on the statements, with the 2.5th and 97.5th percentiles of it over
    ``resamples`` resamples of the statements drawn with replacement (Efron's percentile
    bootstrap): how much the figure could move on another set of the same size."""
    truth, predicted = list(truth), list(predicted)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(truth), size=(resamples, len(truth)))
    values = [statistic([truth[i] for i in draw], [predicted[i] for i in draw]) for draw in draws]
    low, high = np.percentile(values, [2.5, 97.5])
    return Interval(statistic(truth, predicted), float(low), float(high), len(truth))


def macro_f1(truth: Sequence[str], predicted: Sequence[str]) -> float:
    return evaluate(truth, predicted).macro_f1


def accuracy(truth: Sequence[str], predicted: Sequence[str]) -> float:
    return float(np.mean([t == p for t, p in zip(truth, predicted, strict=True)]))


def label_f1(label: str) -> Callable[[Sequence[str], Sequence[str]], float]:
    """The F1 of one label, as a statistic for :func:`bootstrap`."""

    def statistic(truth: Sequence[str], predicted: Sequence[str]) -> float:
        return evaluate(truth, predicted).per_label[label]

    return statistic


def cross_validate(
    x: np.ndarray, labels: Sequence[str], l2: float, folds: int = 5, seed: int = 0
) -> Scores:
    """Stratified k-fold: each statement is predicted by a model that never saw it.

    The folds are scikit-learn's (:class:`StratifiedKFold`, shuffled with ``seed``); each fold's
    model is :func:`fit` on the others, so its penalty keeps the meaning of ``l2`` for the
    smaller number of statements it sees.
    """
    from sklearn.model_selection import StratifiedKFold

    truth = np.asarray(labels)
    predicted = np.empty(len(truth), dtype=object)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(x, truth):
        w, b = fit(x[train], list(truth[train]), l2)
        predicted[test] = predict(w, b, x[test])
    return evaluate(list(truth), list(predicted))


def confusion_markdown(scores: Scores) -> str:
    head = "| true \\ predicted | " + " | ".join(STANCES) + " |"
    rule = "| --- |" + " --- |" * len(STANCES)
    rows = [
        f"| {stance} | " + " | ".join(str(v) for v in scores.confusion[i]) + " |"
        for i, stance in enumerate(STANCES)
    ]
    return "\n".join([head, rule, *rows])
