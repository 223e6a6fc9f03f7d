"""The bootstrap intervals of the stance evaluation."""

from __future__ import annotations

from parity.core.language.stance import STANCES
from parity.training import accuracy, bootstrap, label_f1, macro_f1


def test_a_perfect_reader_has_a_point_interval() -> None:
    truth = list(STANCES) * 10
    interval = bootstrap(truth, truth, macro_f1, resamples=200)
    assert (interval.value, interval.low, interval.high, interval.n) == (1.0, 1.0, 1.0, 70)


def test_the_interval_holds_the_figure_and_narrows_with_more_statements() -> None:
    truth = ["servant", "master"] * 50
    wrong_every_fourth = [
        ("master" if t == "servant" else "servant") if i % 4 == 0 else t
        for i, t in enumerate(truth)
    ]
    small = bootstrap(truth[:20], wrong_every_fourth[:20], accuracy, resamples=500)
    large = bootstrap(truth, wrong_every_fourth, accuracy, resamples=500)
    assert large.value == 0.75
    assert large.low < 0.75 < large.high
    assert (large.high - large.low) < (small.high - small.low)
    assert 0.0 <= bootstrap(truth, wrong_every_fourth, label_f1("servant")).low <= 1.0
