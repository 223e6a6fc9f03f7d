"""The labelled stance corpus (data/stance/*.csv), as one frame."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

CORPUS_DIR = Path(__file__).resolve().parents[2] / "data" / "stance"


def stance_corpus() -> pd.DataFrame:
    paths = sorted(CORPUS_DIR.glob("*.csv"))
    return pd.concat([pd.read_csv(p, dtype=str) for p in paths], ignore_index=True)
