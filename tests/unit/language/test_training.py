"""The stance training (scikit-learn's logistic regression and folds) on a small labelled set:
the weights it writes are the ones the reader loads, it means by ``l2`` what the model says,
and the same data give the same weights."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from scripts import train_stance

from parity.core.language import stance
from parity.training import cross_validate, fit, predict

#: Three statements per stance, each with the question it answers.
LABELLED: tuple[tuple[str, str, str], ...] = (
    ("We exist to serve the business, whatever they ask.", "purpose", "servant"),
    ("Whatever they ask, we deliver it on the day they ask.", "purpose", "servant"),
    ("We say yes to every request and work out how later.", "mirror", "servant"),
    ("They decide what we build and we set their priorities.", "purpose", "master"),
    ("Our job is to tell them what to do and when.", "comment", "master"),
    ("They should just do what we tell them, faster.", "comment", "master"),
    ("Every request is a ticket, handled within the agreed SLA.", "purpose", "provider"),
    ("We provide IT services under the agreed SLA.", "purpose", "provider"),
    ("We run the service desk and meet the SLA every month.", "mirror", "provider"),
    ("If their prices go up again we will re-tender the contract.", "purpose", "customer"),
    ("We buy from them and compare their prices with other suppliers.", "comment", "customer"),
    ("A supplier we pay; we will re-tender if the prices rise.", "persona", "customer"),
    ("We co-own the goals and share the risks with them.", "purpose", "partner"),
    ("A partner who listens and shares the goals with us.", "persona", "partner"),
    ("Together we co-own the roadmap and the results.", "mirror", "partner"),
    ("Our solicitors have started legal action against them.", "comment", "adversary"),
    ("They fight us at every turn; our solicitors are involved.", "persona", "adversary"),
    ("An opponent who blocks us in every meeting.", "persona", "adversary"),
    ("We hold a monthly meeting on the second Tuesday.", "purpose", "neutral"),
    ("The team has twelve people in two offices.", "comment", "neutral"),
    ("The second Tuesday meeting is held in the two offices.", "mirror", "neutral"),
)
TEXTS = [text for text, _, _ in LABELLED]
QUESTIONS: list[str | None] = [question for _, question, _ in LABELLED]
LABELS = [label for _, _, label in LABELLED]
SETTING = train_stance.Setting(l2=0.001, word_scale=0.45, embedding_scale=2.0, cue_scale=2.0)


def _design(vocab: list[str]) -> np.ndarray:
    meaning = train_stance.embed(TEXTS, "light") * SETTING.embedding_scale
    return train_stance.design(
        TEXTS, vocab, SETTING.word_scale, meaning, QUESTIONS, SETTING.cue_scale
    )


@pytest.fixture(scope="module")
def vocab() -> list[str]:
    return train_stance.vocabulary(TEXTS)


@pytest.fixture(scope="module")
def x(vocab: list[str]) -> np.ndarray:
    return _design(vocab)


@pytest.fixture
def reader_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The light reader reads its weights from ``tmp_path`` (an absolute name joins onto the
    package folder as itself), and forgets them afterwards."""
    card = tmp_path / "stance-weights.json"
    monkeypatch.setitem(stance.WEIGHTS_FILES, "light", str(card))
    stance.model.cache_clear()
    yield card
    stance.model.cache_clear()


def test_the_fit_is_the_models_penalised_optimum(x: np.ndarray) -> None:
    """At the weights scikit-learn returns, the gradient of the mean cross-entropy plus
    l2/2 × |W|² (the biases not penalised) is zero: its C means the same as our l2."""
    w, b = fit(x, LABELS, SETTING.l2)
    onehot = np.array([[float(s == label) for s in stance.STANCES] for label in LABELS])
    diff = (stance.softmax(x @ w.T + b) - onehot) / len(LABELS)
    assert np.abs(diff.T @ x + SETTING.l2 * w).max() < 1e-4
    assert np.abs(diff.sum(axis=0)).max() < 1e-4
    assert np.abs(w).max() > 0.1  # a fit, not the zero start


def test_the_written_weights_are_what_the_reader_uses(
    x: np.ndarray, vocab: list[str], reader_reads: Path
) -> None:
    w, b = fit(x, LABELS, SETTING.l2)
    assert predict(w, b, x) == LABELS
    card, arrays = train_stance.weights_files(w, b, SETTING, len(TEXTS), vocab, "light")
    train_stance.write_weights(reader_reads, card, arrays)
    learned = stance.model("light")
    assert learned.vocabulary == {word: i for i, word in enumerate(vocab)}
    assert np.array_equal(learned.weights, arrays["weights"].astype(float))
    readings = stance.classify_many(TEXTS, "light", QUESTIONS)
    assert [reading.label for reading in readings] == LABELS


def test_the_same_data_give_the_same_weights(x: np.ndarray, vocab: list[str]) -> None:
    first = train_stance.weights_files(*fit(x, LABELS, SETTING.l2), SETTING, 21, vocab, "light")
    again = train_stance.weights_files(
        *fit(_design(vocab), LABELS, SETTING.l2), SETTING, 21, vocab, "light"
    )
    assert first[0] == again[0]
    assert all(np.array_equal(first[1][key], again[1][key]) for key in first[1])


def test_cross_validation_reads_each_statement_once_repeatably(x: np.ndarray) -> None:
    scores = cross_validate(x, LABELS, SETTING.l2, folds=3, seed=1)
    assert scores.n == len(LABELS)
    assert scores.confusion.sum(axis=1).tolist() == [3] * len(stance.STANCES)
    again = cross_validate(x, LABELS, SETTING.l2, folds=3, seed=1)
    assert np.array_equal(scores.confusion, again.confusion)


def test_a_stance_without_a_statement_is_refused(x: np.ndarray) -> None:
    with pytest.raises(ValueError, match="Every stance needs a labelled statement"):
        fit(x[:3], LABELS[:3], SETTING.l2)
