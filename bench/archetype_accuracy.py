"""Archetype accuracy and a confusion matrix on synthetic relationships.

Uses the independent generator of the tests (tests/support/synthetic.py): relationships drawn
from the archetype descriptions, with noise, skipped answers and a third blurred toward the
middle. Run from the repository root:

    .venv/bin/python bench/archetype_accuracy.py [--per-archetype 40] [--seeds 1 2 3 4 5]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.synthetic import synthetic_suite

from parity.core.analysis import analyze
from parity.core.archetypes import ARCHETYPES, INSUFFICIENT

ASYMMETRIC = ("customer_supplier", "master_servant")


def evaluate(per_archetype: int, seed: int) -> tuple[Counter[tuple[str, str]], int, int]:
    cases = synthetic_suite(per_archetype, seed=seed)
    data = pd.concat([c.responses for c in cases], ignore_index=True)
    found = {r.parties: r for r in analyze(data).relationships}
    confusion: Counter[tuple[str, str]] = Counter()
    roles_right = role_cases = 0
    for case in cases:
        result = found[tuple(sorted(case.responses["party"].unique()))]
        confusion[(case.archetype, result.archetype)] += 1
        if case.archetype in ASYMMETRIC:
            role_cases += 1
            roles_right += dict(result.roles) == dict(case.roles)
    return confusion, roles_right, role_cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-archetype", type=int, default=40)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    args = parser.parse_args()
    total: Counter[tuple[str, str]] = Counter()
    roles_right = role_cases = 0
    for seed in args.seeds:
        confusion, right, cases = evaluate(args.per_archetype, seed)
        total += confusion
        roles_right += right
        role_cases += cases
        hits = sum(v for (t, p), v in confusion.items() if t == p)
        print(f"seed {seed}: accuracy {hits / sum(confusion.values()):.3f}")
    hits = sum(v for (t, p), v in total.items() if t == p)
    columns = [*ARCHETYPES, INSUFFICIENT]
    matrix = pd.DataFrame(
        [[total[(t, p)] for p in columns] for t in ARCHETYPES], index=ARCHETYPES, columns=columns
    )
    print(
        f"\nall seeds: accuracy {hits / sum(total.values()):.3f} over {sum(total.values())} "
        f"relationships; roles right {roles_right / role_cases:.3f} of {role_cases}"
    )
    print("\nrows: true archetype; columns: classified as")
    print(matrix.to_string())


if __name__ == "__main__":
    main()
