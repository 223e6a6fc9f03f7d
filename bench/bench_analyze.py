"""Benchmark: `parity analyze` against `pandas.read_csv` alone on the same file.

Both are measured as whole processes (interpreter start, imports, reading, and for Parity the
validation, scoring, classification and JSON output), alternating runs so that a noisy machine
slows both alike. The figures that matter are the ratios of the medians, of wall-clock time
and of peak memory (the largest resident set of the process); the targets are at most 2 for
time and at most 1.5 for memory, at 100,000 and at 1,000,000 respondents.

    .venv/bin/python bench/bench_analyze.py [--respondents 100000 1000000] [--repeat 3]
    .venv/bin/python bench/bench_analyze.py --quick     # 10,000 respondents, a smoke test
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from timing import parity_command

TARGET_TIME_RATIO = 2.0
TARGET_MEMORY_RATIO = 1.5
SIZES = (100_000, 1_000_000)
QUICK_SIZE = 10_000


@dataclass(frozen=True)
class Run:
    """One whole process: its wall-clock seconds and its peak resident memory in MB."""

    seconds: float
    peak_mb: float


def write_responses(path: Path, respondents: int, per_side: int, seed: int) -> int:
    """A wide responses file: sides of ``per_side`` people, each side with its own levels."""
    import numpy as np
    import pandas as pd

    from parity.core.instrument import default_instrument

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


def measured(command: list[str]) -> Run:
    """Wall-clock time and peak memory of one whole process, output discarded.

    The peak is the resource usage ``wait4`` reports for that very child (``ru_maxrss``, in
    kilobytes on Linux), so an earlier, larger child does not mask a smaller one. A child's
    peak starts from its parent's size at the fork, so this process stays small: it never
    imports NumPy or pandas, and the file is written by a child of its own.
    """
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise subprocess.CalledProcessError(child.returncode, command)
    return Run(seconds, usage.ru_maxrss / 1024)


def compare(respondents: int, per_side: int, repeat: int, tmp: Path) -> str:
    """Both processes ``repeat`` times on one generated file; the report's lines."""
    path = tmp / f"responses-{respondents}.csv"
    writer = [sys.executable, __file__, "--write", str(path), "--respondents", str(respondents)]
    written = subprocess.run(
        [*writer, "--per-side", str(per_side)], check=True, capture_output=True, text=True
    )
    relationships = int(written.stdout)
    size_mb = path.stat().st_size / 1e6
    baseline_cmd = [sys.executable, "-c", f"import pandas; pandas.read_csv({str(path)!r})"]
    # The JSON goes to standard output, which is discarded (as the baseline's frame is).
    parity_cmd = [parity_command(), "analyze", str(path), "--format", "json"]
    baseline: list[Run] = []
    analysis: list[Run] = []
    for _ in range(repeat):
        baseline.append(measured(baseline_cmd))
        analysis.append(measured(parity_cmd))
    path.unlink()
    base_s = statistics.median(r.seconds for r in baseline)
    ours_s = statistics.median(r.seconds for r in analysis)
    base_mb = statistics.median(r.peak_mb for r in baseline)
    ours_mb = statistics.median(r.peak_mb for r in analysis)
    return "\n".join(
        [
            f"{respondents:,} respondents, {relationships:,} relationships, {size_mb:.1f} MB",
            f"  pandas.read_csv process: {base_s:6.2f} s  {base_mb:7.0f} MB peak "
            f"(median of {repeat})",
            f"  parity analyze process:  {ours_s:6.2f} s  {ours_mb:7.0f} MB peak "
            f"(median of {repeat})",
            f"  time ratio:   {_verdict(ours_s / base_s, TARGET_TIME_RATIO)}",
            f"  memory ratio: {_verdict(ours_mb / base_mb, TARGET_MEMORY_RATIO)}",
        ]
    )


def _verdict(ratio: float, target: float) -> str:
    return f"{ratio:5.2f} (target <= {target:g}) {'OK' if ratio <= target else 'OVER TARGET'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--per-side", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--quick", action="store_true", help=f"{QUICK_SIZE:,} respondents, once: a smoke test."
    )
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:  # the child that writes the file; prints its number of relationships
        print(write_responses(args.write, args.respondents[0], args.per_side, seed=1))
        return
    sizes = [QUICK_SIZE] if args.quick else args.respondents
    repeat = 1 if args.quick else args.repeat
    with tempfile.TemporaryDirectory() as tmp:
        for respondents in sizes:
            print(compare(respondents, args.per_side, repeat, Path(tmp)), flush=True)


if __name__ == "__main__":
    main()
