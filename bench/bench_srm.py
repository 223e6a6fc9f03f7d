"""Benchmark: the Social Relations Model of a 150-party round robin, Parity against statsmodels.

The data: P parties (default 150) each rate every other party (P·(P−1) = 22,350 directed
pairs); a pair's rating is the mean of R raters of the rating party (default 10, so 223,500
individual ratings on a 1–7 scale), simulated with known perceiver, target and (reciprocated)
relationship effects.

What is timed, on the same pair means:

* Parity, in this process: averaging the raters of each pair and ``parity.core.srm.srm``
  (effects, all variance components, Lashley–Bond SEs, reliabilities) — median of --repeat.
* Parity as a user runs it: the whole ``parity srm pairs.csv --format json`` process
  (interpreter start, imports, reading the CSV, the model, JSON) — median of --repeat.
* statsmodels: ``MixedLM`` (REML) with crossed random perceiver and target intercepts as
  variance components, one fit per round-robin group (with --groups 1, the default, one fit of
  the whole round robin). This is a *smaller* model than Parity's: it has no relationship
  (dyad) covariance, since a random effect per dyad (11,175 of them) is out of reach for a
  general mixed-model routine. Its perceiver and target variances are printed next to ours.

The issue's goal: the analysis well under a minute, and at least 10 times faster than the
statsmodels loop. statsmodels is not a Parity dependency; install it to run the comparison:

    .venv/bin/pip install statsmodels
    .venv/bin/python bench/bench_srm.py [--parties 150] [--raters 10] [--groups 1] [--repeat 3]
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd

from parity.core.srm import SRMResult, srm
from timing import parity_command, timed

TARGET_RATIO = 10.0
TARGET_SECONDS = 60.0


def simulate(parties: int, raters: int, groups: int, seed: int) -> pd.DataFrame:
    """One row per rater and rated party: group, party, about, rating (1–7).

    Perceiver SD 0.5, target SD 0.7, relationship SD 0.8 with dyadic reciprocity 0.3, rater
    noise SD 1; parties are split evenly into ``groups`` separate round robins.
    """
    rng = np.random.default_rng(seed)
    group_of = np.arange(parties) * groups // parties
    perceiver = rng.normal(0.0, 0.5, parties)
    target = rng.normal(0.0, 0.7, parties)
    cov = 0.64 * np.array([[1.0, 0.3], [0.3, 1.0]])
    upper = np.triu_indices(parties, k=1)
    pair = rng.multivariate_normal([0.0, 0.0], cov, size=len(upper[0]))
    relationship = np.zeros((parties, parties))
    relationship[upper] = pair[:, 0]
    relationship[upper[::-1]] = pair[:, 1]
    p, t = np.nonzero(~np.eye(parties, dtype=bool) & (group_of[:, None] == group_of[None, :]))
    mean = 4.0 + perceiver[p] + target[t] + relationship[p, t]
    scores = np.clip(np.rint(mean[:, None] + rng.normal(0.0, 1.0, (len(p), raters))), 1, 7)
    names = np.array([f"Party {i:03d}" for i in range(parties)])
    return pd.DataFrame(
        {
            "group": np.repeat(group_of[p], raters),
            "party": np.repeat(names[p], raters),
            "rater": np.repeat(names[p], raters)
            + "/"
            + np.tile(np.arange(raters), len(p)).astype(str),
            "about": np.repeat(names[t], raters),
            "rating": scores.ravel(),
        }
    )


def pair_means(ratings: pd.DataFrame) -> pd.DataFrame:
    """A side's view of the other: the mean of its raters, one row per directed pair."""
    grouped = ratings.groupby(["group", "party", "about"], sort=False)["rating"].mean()
    return grouped.reset_index()


def parity_analysis(ratings: pd.DataFrame, groups: int) -> SRMResult:
    pairs = pair_means(ratings)
    group = "group" if groups > 1 else None
    return srm(pairs, perceiver="party", target="about", value="rating", group=group)


def statsmodels_loop(pairs: pd.DataFrame, smf: ModuleType) -> tuple[float, float]:
    """One crossed-random-effects MixedLM per group; mean perceiver and target variances."""
    found = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter on the boundary
        for _, block in pairs.groupby("group"):
            model = smf.mixedlm(
                "rating ~ 1",
                block.assign(one=1),
                groups="one",
                vc_formula={"perceiver": "0 + C(party)", "target": "0 + C(about)"},
            )
            vcomp = model.fit(reml=True).vcomp
            found.append((float(vcomp[0]), float(vcomp[1])))
    perceiver, target = np.mean(found, axis=0)
    return float(perceiver), float(target)


def median_seconds(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _statsmodels() -> ModuleType | None:
    try:
        return importlib.import_module("statsmodels.formula.api")
    except ImportError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parties", type=int, default=150)
    parser.add_argument("--raters", type=int, default=10)
    parser.add_argument("--groups", type=int, default=1, help="separate round robins")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    ratings = simulate(args.parties, args.raters, args.groups, seed=1)
    pairs = pair_means(ratings)
    result = parity_analysis(ratings, args.groups)
    ours = median_seconds(args.repeat, lambda: parity_analysis(ratings, args.groups))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pairs.csv"
        pairs.to_csv(path, index=False)
        command = [parity_command(), "srm", str(path), "--perceiver", "party", "--target", "about"]
        command += ["--value", "rating", "--format", "json"]
        command += ["--group", "group"] if args.groups > 1 else []
        process = statistics.median(timed(command) for _ in range(args.repeat))
    est = result.components["estimate"]
    print(
        f"{args.parties} parties in {args.groups} round robin(s): {len(pairs):,} directed pairs, "
        f"{len(ratings):,} ratings ({args.raters} raters per side)\n"
        f"Parity analysis (mean of raters + SRM):  {ours:.3f} s (median of {args.repeat})\n"
        f"parity srm process (CSV in, JSON out):   {process:.2f} s (median of {args.repeat}; "
        f"target well under {TARGET_SECONDS:.0f} s)\n"
        f"Parity:      perceiver variance {est['perceiver_variance']:.3f}, "
        f"target variance {est['target_variance']:.3f}, "
        f"relationship variance {est['relationship_variance']:.3f}"
    )
    smf = _statsmodels()
    if smf is None:
        sys.exit(
            "statsmodels is not installed, so the comparison was skipped. It is not a Parity "
            "dependency: install it with `.venv/bin/pip install statsmodels` and run again."
        )
    start = time.perf_counter()
    perceiver, target = statsmodels_loop(pairs, smf)
    theirs = time.perf_counter() - start
    ratio = theirs / ours
    print(
        f"statsmodels MixedLM, {args.groups} fit(s):   {theirs:.1f} s "
        f"(crossed perceiver + target intercepts, REML; no dyad effect)\n"
        f"statsmodels: perceiver variance {perceiver:.3f}, target variance {target:.3f}\n"
        f"ratio statsmodels / Parity analysis: {ratio:.0f}x (target >= {TARGET_RATIO:.0f}) "
        f"{'OK' if ratio >= TARGET_RATIO and process < TARGET_SECONDS else 'OVER TARGET'}"
    )


if __name__ == "__main__":
    main()
