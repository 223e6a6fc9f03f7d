"""The demo organization, generated once per test session and shared by every test that reads it.

Registered from ``tests/conftest.py``. Under pytest-xdist each worker has its own session, so
its own copy. The fixtures:

- ``demo_data``: Harbour & Vale Group as :func:`parity.demo.demo_dataset` draws it with
  :data:`DEMO_SEED`, the seed the CLI and the web application load;
- ``demo_analysis``: its current round analysed as ``parity analyze`` does, with the default
  thresholds and stance reader;
- ``demo_history_analysis``: both rounds (the pilot and the current one) analysed as waves.

A test that generates the demo with another seed, or analyses it with other settings, does so
itself. Tests only read these objects: one that changes a frame copies it first. Each fixture
checks at the end of the session that its frames are still as they were made, so a test that
changed one shows up as an error at teardown rather than as a puzzling failure elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pandas as pd
import pytest

from parity.core.analysis import Analysis, analyze
from parity.demo import DemoDataset, demo_dataset

#: The seed of the shared demo: the default of :func:`parity.demo.demo_dataset`, spelled out
#: so that a test comparing with a fresh draw can name it.
DEMO_SEED = 7

_DATASET_FRAMES = ("responses", "relationships", "expected", "parties", "pilot", "pilot_expected")
_ANALYSIS_FRAMES = ("side_scores", "dyads", "reliability")


def _snapshot(obj: object, names: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    return {name: getattr(obj, name).copy(deep=True) for name in names}


def _check_unchanged(fixture: str, obj: object, snapshot: Mapping[str, pd.DataFrame]) -> None:
    for name, before in snapshot.items():
        try:
            pd.testing.assert_frame_equal(getattr(obj, name), before)
        except AssertionError as error:
            difference = str(error)
        else:
            continue
        pytest.fail(
            f"a test changed the shared {fixture}.{name}; copy the frame before changing it.\n"
            f"{difference}",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def demo_data() -> Iterator[DemoDataset]:
    """The demo organization's frames (both rounds, answer keys, parties); read only."""
    data = demo_dataset(seed=DEMO_SEED)
    snapshot = _snapshot(data, _DATASET_FRAMES)
    yield data
    _check_unchanged("demo_data", data, snapshot)


@pytest.fixture(scope="session")
def demo_analysis(demo_data: DemoDataset) -> Iterator[Analysis]:
    """The demo's current round analysed with the defaults; read only."""
    analysis = analyze(demo_data.responses, demo_data.relationships)
    snapshot = _snapshot(analysis, _ANALYSIS_FRAMES)
    yield analysis
    _check_unchanged("demo_analysis", analysis, snapshot)


@pytest.fixture(scope="session")
def demo_history_analysis(demo_data: DemoDataset) -> Iterator[Analysis]:
    """The demo's pilot and current rounds analysed together, one wave each; read only."""
    analysis = analyze(demo_data.history(), demo_data.relationships)
    snapshot = _snapshot(analysis, _ANALYSIS_FRAMES)
    yield analysis
    _check_unchanged("demo_history_analysis", analysis, snapshot)
