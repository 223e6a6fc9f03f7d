"""Benchmark: the organization report of a 100-relationship organization, as HTML and as PDF.

The organization is drawn with the demo's own samplers (profiles, answers and written answers)
over 24 parties, every archetype present, 5 to 12 respondents a side and a few sides below the
anonymity threshold. The analysis runs once; the figures that matter are the report alone:
building it and rendering it to self-contained HTML (target under 5 s), and laying that HTML out
as a PDF (target under 30 s). The whole `parity report` process is timed too, for reference.

    .venv/bin/python bench/bench_reports.py [--relationships 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from pypdf import PdfReader

from parity.core.analysis import Analysis, analyze
from parity.core.disclosure import Thresholds
from parity.core.instrument import default_instrument
from parity.demo.company import RELATIONSHIPS
from parity.demo.profiles import PROFILES
from parity.demo.sampling import sample_side
from parity.demo.voices import sample_voices
from parity.reports import ReportContext, html_to_pdf, organization_html, organization_report
from timing import parity_command

HTML_TARGET = 5.0
PDF_TARGET = 30.0
PARTIES = 24


def organization(relationships: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Responses and relationships of ``relationships`` pairs among :data:`PARTIES` parties."""
    rng = np.random.default_rng(seed)
    instrument = default_instrument()
    names = [f"Unit {chr(65 + i // 4)}{i % 4 + 1}" for i in range(PARTIES)]
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    chosen = [pairs[i] for i in rng.choice(len(pairs), size=relationships, replace=False)]
    kinds = [(r.profile_a, r.profile_b, r.label, r.scope) for r in RELATIONSHIPS]
    frames, declared = [], []
    for number, (a, b) in enumerate(chosen):
        profile_a, profile_b, label, scope = kinds[int(rng.integers(len(kinds)))]
        for side, (party, about, profile) in enumerate(((a, b, profile_a), (b, a, profile_b))):
            n = 3 if number % 17 == 0 and side == 1 else int(rng.integers(5, 13))
            ratings = sample_side(
                PROFILES[profile],
                n,
                rng,
                party=party,
                about=about,
                instrument=instrument,
                id_prefix=f"R{number:03d}{'AB'[side]}-",
            )
            texts = sample_voices(PROFILES[profile], n, rng, other=about, scope=scope)
            frames.append(pd.concat([ratings, texts.drop(columns="stance")], axis=1))
        declared.append({"party_a": a, "party_b": b, "label": label, "scope": scope})
    return pd.concat(frames, ignore_index=True), pd.DataFrame(declared)


def seconds(work: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def process_seconds(command: list[str]) -> float:
    """Wall-clock seconds of one whole process, its output discarded."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def verdict(value: float, target: float) -> str:
    return f"(target < {target:.0f} s) {'OK' if value < target else 'OVER TARGET'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relationships", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    responses, relationships = organization(args.relationships, seed=1)
    thresholds = Thresholds()
    context = ReportContext("Benchmark Group", "Round 1", "closed", "responses.csv")

    start = time.perf_counter()
    analysis: Analysis = analyze(responses, relationships, min_respondents=thresholds.score)
    analysed = time.perf_counter() - start

    def html() -> str:
        return organization_html(organization_report(analysis.relationships, thresholds, context))

    html_seconds, markup = seconds(html, args.repeat)
    assert isinstance(markup, str)
    pdf_seconds, pdf = seconds(lambda: html_to_pdf(markup), args.repeat)
    assert isinstance(pdf, bytes)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        responses.to_csv(folder / "responses.csv", index=False)
        relationships.to_csv(folder / "relationships.csv", index=False)
        command = [
            parity_command(),
            "report",
            str(folder / "responses.csv"),
            "-r",
            str(folder / "relationships.csv"),
        ]
        html_process = process_seconds([*command, "-o", str(folder / "report.html")])
        pdf_process = process_seconds([*command, "-o", str(folder / "report.pdf")])
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(
        f"{len(analysis.relationships)} relationships, {PARTIES} parties, "
        f"{len(responses):,} respondents; analysis {analysed:.2f} s (not counted below)\n"
        f"organization report to HTML: {html_seconds:.2f} s, {len(markup) / 1e6:.1f} MB "
        f"(median of {args.repeat}) {verdict(html_seconds, HTML_TARGET)}\n"
        f"that HTML to PDF:            {pdf_seconds:.2f} s, {pages} pages, "
        f"{len(pdf) / 1e6:.1f} MB (median of {args.repeat}) {verdict(pdf_seconds, PDF_TARGET)}\n"
        f"whole `parity report` process, analysis included: HTML {html_process:.2f} s, "
        f"PDF {pdf_process:.2f} s"
    )


if __name__ == "__main__":
    main()
