"""The survey's clock in the web and browser tests (``parity.web.surveys.timing.now``).

The respondent screen leaves out speeders, and a test client answers a whole survey in a
fraction of a second: on the real clock every respondent of every test would be one. The web
and browser tests therefore answer on this clock, on which each reading comes :attr:`step`
seconds after the one before: the first page shown and the submission are ten minutes apart,
as for a person. A test of speeders sets ``survey_clock.step``.
"""

from __future__ import annotations

import pytest

from parity.web.surveys import timing

#: Ten minutes from the first page to the submission: nobody is a speeder.
UNHURRIED = 600


class SurveyClock:
    """Whole seconds since the epoch; each reading :attr:`step` seconds after the last."""

    def __init__(self, step: int = UNHURRIED, start: int = 1_800_000_000) -> None:
        self.step = step
        self.moment = start

    def __call__(self) -> int:
        self.moment += self.step
        return self.moment


@pytest.fixture
def survey_clock(monkeypatch: pytest.MonkeyPatch) -> SurveyClock:
    clock = SurveyClock()
    monkeypatch.setattr(timing, "now", clock)
    return clock
