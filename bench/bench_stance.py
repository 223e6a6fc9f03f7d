"""Benchmark: statements per second of `parity stance`, start-up included.

A batch of 4,000 distinct statements (drawn from the labelled sets, so of realistic length) is
classified by one `parity stance --jsonl FILE --format jsonl` process; the time of the whole
process is measured against a bare `python -c pass` in the same run. Each line carries the
question its statement answers (the corpus's ``kind``), as `parity analyze` and the web read
them. The targets: at least 1,500 statements per second for the light reader and 200 for the
embeddings reader (which needs `parity[embeddings]`); the machine's load average is printed
with the figures, since other work on the machine slows every process.

    .venv/bin/python bench/bench_stance.py [--statements 4000] [--repeat 3] [--reader embeddings]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from parity.training import read_corpus
from timing import parity_command, timed

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"light": 1500.0, "embeddings": 200.0}


def statements(count: int) -> list[tuple[str, str]]:
    """``count`` distinct statements with their questions: the corpus, then the fresh and the
    outside sets (4,623 in all), repeated only if more are asked for. The reader reads a
    repeated text once, so repeats would flatter it."""
    folder = ROOT / "data" / "stance"
    frames = [read_corpus(folder), read_corpus(folder / "fresh"), read_corpus(folder / "outside")]
    rows: dict[str, str] = {}
    for frame in frames:
        asked = frame["kind"] if "kind" in frame else frame["question"]
        for text, question in zip(frame["text"], asked, strict=True):
            rows.setdefault(text, question)
    pairs = list(rows.items())
    return [pairs[i % len(pairs)] for i in range(count)]


def write_batch(path: Path, count: int) -> None:
    """The batch of :func:`statements` as the JSON lines `parity stance --jsonl` reads."""
    with path.open("w", encoding="utf-8") as handle:
        for i, (text, question) in enumerate(statements(count)):
            line = {"id": f"s{i}", "text": text, "question": question}
            handle.write(json.dumps(line) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reader", choices=["light", "embeddings"], default="light")
    args = parser.parse_args()
    parity = parity_command()
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "statements.jsonl"
        write_batch(batch, args.statements)
        command = [parity, "stance", "--jsonl", str(batch), "--format", "jsonl"]
        command += ["--reader", args.reader]
        runs, bare = [], []
        for _ in range(args.repeat):
            bare.append(timed([sys.executable, "-c", "pass"]))
            runs.append(timed(command))
    seconds = statistics.median(runs)
    rate = args.statements / seconds
    target = TARGETS[args.reader]
    print(
        f"{args.reader} reader: {args.statements:,} statements in {seconds:.2f} s "
        f"(median of {args.repeat}, start-up included; a bare interpreter starts in "
        f"{statistics.median(bare):.2f} s; load average {os.getloadavg()[0]:.1f})\n"
        f"{rate:,.0f} statements per second (target >= {target:,.0f}) "
        f"{'OK' if rate >= target else 'UNDER TARGET'}"
    )


if __name__ == "__main__":
    main()
