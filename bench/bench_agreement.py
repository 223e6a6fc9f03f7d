"""Benchmark: `parity agreement` against pingouin's ICCs plus pandas rwg(j), on the same CSV.

The data: a long file of N respondents (default 1,000,000), one row each, in groups of equal
size (default 20, so 50,000 groups), with a few items (default 4) answered on a 1–7 scale;
each group has its own level, about 2% of the answers are blank (never all of a respondent's).

Both sides are whole processes reading the same CSV (interpreter start, imports, reading,
statistics), alternating runs so that a noisy machine slows both alike; the figure that matters
is the ratio of the medians, with the target at most 1:

* Parity: ``parity agreement FILE --group team --items Q1,...,Q4 --format json`` (ICC(1) and
  ICC(2) of the scale score by group, rwg(j) of every group and its mean, Cronbach's alpha).
* The peer, what a user would write with pandas and pingouin for the same numbers:
  ``pandas.read_csv``; the scale score as the row mean of the items; ``pingouin.intraclass_corr``
  with the groups as targets and the members as raters; rwg(j) per group from pandas'
  grouped item variances; ``pingouin.cronbach_alpha`` of the items.

pingouin's ICC is the Shrout & Fleiss ANOVA on a balanced targets × raters layout: it pivots
the long data to one row per target and drops every target with a missing rating. A group's
members are not the same raters across groups, so the peer numbers the members within each
group (``groupby().cumcount()``) and uses that number as the "rater"; with groups of equal size
this layout is complete and ICC(1,1) / ICC(1,k) are exactly the one-way ICC(1) / ICC(2) of
Bliese's ``multilevel`` that Parity reports (hence equal group sizes here: with unequal sizes
pingouin stops, or with ``nan_policy="omit"`` drops every group smaller than the largest). The
bench prints both sides' ICC(1), ICC(2), mean rwg(j) and alpha, and says NUMBERS DIFFER
instead of a verdict when they did not compute the same thing.

pingouin is not a Parity dependency; it comes with the ``bench`` extra:

    .venv/bin/pip install -c requirements/constraints.txt -e '.[bench]'
    .venv/bin/python bench/bench_agreement.py [--rows 1000000] [--group-size 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from timing import parity_command, timed

TARGET_RATIO = 1.0
SCALE_POINTS = 7
#: Two runs agree when their statistics differ by less than this (rounding of the CSV floats).
TOLERANCE = 1e-9


def write_survey(path: Path, rows: int, group_size: int, n_items: int, seed: int) -> list[str]:
    """A long file: respondent, team, then the items (1–7, about 2% blank); the item names."""
    rng = np.random.default_rng(seed)
    items = [f"Q{i + 1}" for i in range(n_items)]
    groups = -(-rows // group_size)
    team = np.repeat(np.arange(groups), group_size)[:rows]
    centre = rng.uniform(1.5, 6.5, size=(groups, 1))[team]
    answers = np.clip(np.rint(centre + rng.normal(0.0, 1.0, (rows, n_items))), 1, SCALE_POINTS)
    blank = rng.random(answers.shape) < 0.02
    blank[blank.all(axis=1), 0] = False  # everybody answers at least one item
    frame = pd.DataFrame(answers, columns=items).astype("Int64").mask(blank)
    frame.insert(0, "team", np.char.add("Team ", team.astype(str)))
    frame.insert(0, "respondent", np.char.add("R", np.arange(rows).astype(str)))
    frame.to_csv(path, index=False)
    return items


def peer(path: str, group: str, items: list[str], scale_points: int) -> dict[str, Any]:
    """The same statistics as `parity agreement`, as a pandas + pingouin user computes them."""
    import pingouin as pg

    table = pd.read_csv(path)
    score = table[items].mean(axis=1)
    long = pd.DataFrame(
        {"target": table[group], "rater": table.groupby(group).cumcount(), "score": score}
    )
    icc = pg.intraclass_corr(long, targets="target", raters="rater", ratings="score")
    icc = icc.set_index("Type")["ICC"]
    variances = table.groupby(group)[items].var(ddof=1)
    n_items = variances.notna().sum(axis=1)
    ratio = (variances.mean(axis=1) / ((scale_points**2 - 1) / 12)).clip(upper=1.0)
    rwg_j = n_items * (1 - ratio) / (n_items * (1 - ratio) + ratio)
    alpha, _ = pg.cronbach_alpha(table[items])
    return {
        "icc1": float(icc["ICC(1,1)"]),
        "icc2": float(icc["ICC(1,k)"]),
        "rwg_j": {"mean": float(rwg_j.mean()), "groups": len(rwg_j)},
        "alpha": float(alpha),
    }


def _output(command: list[str]) -> dict[str, Any]:
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def _compare(ours: dict[str, Any], theirs: dict[str, Any]) -> tuple[str, bool]:
    """One line per statistic, Parity next to the peer, and whether they all agree."""
    pairs = {
        "ICC(1)": (ours["icc1"], theirs["icc1"]),
        "ICC(2)": (ours["icc2"], theirs["icc2"]),
        "rwg(j), mean": (ours["rwg_j"]["mean"], theirs["rwg_j"]["mean"]),
        "alpha": (ours["alpha"], theirs["alpha"]),
        "groups": (len(ours["rwg_j"]["by_group"]), theirs["rwg_j"]["groups"]),
    }
    lines, same = [], True
    for name, (a, b) in pairs.items():
        agree = abs(a - b) <= TOLERANCE
        same &= agree
        lines.append(
            f"  {name:<13} Parity {a:.10g}  peer {b:.10g}  {'same' if agree else 'DIFFER'}"
        )
    return "\n".join(lines), same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--group-size", type=int, default=20)
    parser.add_argument("--items", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--peer", nargs=3, metavar=("FILE", "GROUP", "ITEMS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.peer:
        path, group, items = args.peer
        print(json.dumps(peer(path, group, items.split(","), SCALE_POINTS)))
        return
    if importlib.util.find_spec("pingouin") is None:
        sys.exit(
            "pingouin is not installed, so there is no peer to compare with. It is not a Parity "
            "dependency: install the bench extra "
            "(`.venv/bin/pip install -c requirements/constraints.txt -e '.[bench]'`)."
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "survey.csv"
        items = write_survey(path, args.rows, args.group_size, args.items, seed=1)
        size_mb = path.stat().st_size / 1e6
        joined = ",".join(items)
        ours_cmd = [parity_command(), "agreement", str(path), "--group", "team"]
        ours_cmd += ["--items", joined, "--format", "json"]
        peer_cmd = [sys.executable, str(Path(__file__).resolve()), "--peer", str(path)]
        peer_cmd += ["team", joined]
        check, same = _compare(_output(ours_cmd), _output(peer_cmd))
        peer_times, our_times = [], []
        for _ in range(args.repeat):
            peer_times.append(timed(peer_cmd))
            our_times.append(timed(ours_cmd))
    theirs, ours = statistics.median(peer_times), statistics.median(our_times)
    ratio = ours / theirs
    print(
        f"{args.rows:,} respondents in groups of {args.group_size}, {len(items)} items, "
        f"{size_mb:.1f} MB\n"
        f"pingouin ICCs + pandas rwg(j) process: {theirs:.2f} s (median of {args.repeat})\n"
        f"parity agreement process:              {ours:.2f} s (median of {args.repeat})\n"
        f"the same numbers:\n{check}\n"
        f"ratio: {ratio:.2f} (target <= {TARGET_RATIO:.0f}) {_verdict(ratio, same)}"
    )


def _verdict(ratio: float, same: bool) -> str:
    if not same:
        return "NUMBERS DIFFER"
    return "OK" if ratio <= TARGET_RATIO else "OVER TARGET"


if __name__ == "__main__":
    main()
