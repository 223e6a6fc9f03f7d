"""The load bench's respondents pause before posting a page as drawn, and answer the same with
or without pauses (bench/bench_load.py, docs/method.md §8)."""

from __future__ import annotations

import asyncio
import statistics

import pytest
from bench import bench_load as load

FORM = load.SurveyForm(
    csrf="token",
    page="1",
    count=5,
    ratings={"out1": ["1", "2", "3", "4", "5", "6", "7", ""], "out2": ["1", "7", ""]},
    texts=["purpose"],
    last=False,
)


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses asked of asyncio, taken without waiting."""
    asked: list[float] = []

    async def note(seconds: float) -> None:
        asked.append(seconds)

    monkeypatch.setattr(load.asyncio, "sleep", note)
    return asked


def _thinks(respondent: load.Respondent, times: int) -> None:
    for _ in range(times):
        asyncio.run(respondent.think())


def test_a_respondent_pauses_a_second_on_average(slept: list[float]) -> None:
    _thinks(load.Respondent(load.Cluster([1]), "CODE1", pause=1.0), 400)
    assert len(slept) == 400
    assert 0.85 < statistics.mean(slept) < 1.15
    assert min(slept) >= 0
    assert max(slept) > 2  # exponential: mostly short, some long


def test_without_pauses_nothing_waits(slept: list[float]) -> None:
    _thinks(load.Respondent(load.Cluster([1]), "CODE1", pause=0.0), 50)
    assert slept == []


def test_the_pauses_leave_the_answers_as_they_were(slept: list[float]) -> None:
    paused = load.Respondent(load.Cluster([1]), "CODE2", pause=1.0)
    hurried = load.Respondent(load.Cluster([1]), "CODE2", pause=0.0)
    for _ in range(5):
        _thinks(paused, 3)
        assert FORM.answers(paused.rng) == FORM.answers(hurried.rng)
    assert len(slept) == 15
