"""The labelled stance corpus (data/stance/*.csv), as one frame."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from parity.training import read_corpus

CORPUS_DIR = Path(__file__).resolve().parents[2] / "data" / "stance"


def stance_corpus() -> pd.DataFrame:
    return read_corpus(CORPUS_DIR)
