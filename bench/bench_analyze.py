"""Benchmark: `parity analyze` against `pandas.read_csv` alone on the same file.

Both are measured as whole processes (interpreter start, imports, reading, and for Parity the
validation, scoring, classification and JSON output), alternating runs so that a noisy machine
slows both alike. The figure that matters is the ratio of the medians; the target is at most 4.

    .venv/bin/python bench/bench_analyze.py [--respondents 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from parity.core.instrument import default_instrument
from timing import parity_command, timed

TARGET_RATIO = 4.0


def write_responses(path: Path, respondents: int, per_side: int, seed: int) -> int:
    """A wide responses file: sides of ``per_side`` people, each side with its own levels."""
    rng = np.random.default_rng(seed)
    items = default_instrument().item_ids
    sides = respondents // per_side
    parties = max(2, int(np.ceil(np.sqrt(sides))) + 1)
    names = np.array([f"Unit {i:03d}" for i in range(parties)])
    pairs = [(a, b) for a in range(parties) for b in range(parties) if a != b][:sides]
    side_of = np.repeat(np.arange(len(pairs)), per_side)[:respondents]
    party = names[[pairs[s][0] for s in side_of]]
    about = names[[pairs[s][1] for s in side_of]]
    centre = rng.uniform(1.5, 6.5, size=(len(pairs), len(items)))[side_of]
    answers = np.clip(np.rint(centre + rng.normal(0, 1.0, centre.shape)), 1, 7)
    answers[rng.random(answers.shape) < 0.03] = np.nan
    frame = pd.DataFrame(answers, columns=list(items)).astype("Int64")
    frame.insert(0, "about", about)
    frame.insert(0, "party", party)
    frame.insert(0, "respondent", [f"R{i:06d}" for i in range(respondents)])
    frame["purpose"] = rng.choice(
        ["To serve the business.", "We own the outcome together with them.", ""], respondents
    )
    frame.to_csv(path, index=False)
    return len({tuple(sorted(p)) for p in pairs})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--per-side", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    parity = parity_command()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "responses.csv"
        relationships = write_responses(path, args.respondents, args.per_side, seed=1)
        size_mb = path.stat().st_size / 1e6
        baseline_cmd = [sys.executable, "-c", f"import pandas; pandas.read_csv({str(path)!r})"]
        parity_cmd = [parity, "analyze", str(path), "--format", "json", "-o", str(Path(tmp) / "o")]
        baseline, analysis = [], []
        for _ in range(args.repeat):
            baseline.append(timed(baseline_cmd))
            analysis.append(timed(parity_cmd))
    base, ours = statistics.median(baseline), statistics.median(analysis)
    ratio = ours / base
    print(
        f"{args.respondents:,} respondents, {relationships:,} relationships, {size_mb:.1f} MB\n"
        f"pandas.read_csv process: {base:.2f} s (median of {args.repeat})\n"
        f"parity analyze process:  {ours:.2f} s (median of {args.repeat})\n"
        f"ratio: {ratio:.2f} (target <= {TARGET_RATIO:.0f}) "
        f"{'OK' if ratio <= TARGET_RATIO else 'OVER TARGET'}"
    )


if __name__ == "__main__":
    main()
