"""Benchmark: the organization report of a 100-relationship organization, as HTML and as PDF.

The organization is drawn with the demo's own samplers (profiles, answers and written answers)
over 24 parties, every archetype present, 5 to 12 respondents a side and a few sides below the
anonymity threshold. The analysis runs once; the figures that matter are the report alone:
building it and rendering it to self-contained HTML (target under 5 s), and laying that HTML out
as a PDF (target under 30 s). The whole `parity report` process is timed too, for reference.

The PDF is also measured against WeasyPrint's floor, in the same process and alternating with
it: a trivial document of as many pages as the report's PDF (one heading and one paragraph a
page, a page break after each), laid out with the report's own stylesheet (the same A4 page,
margins, font and numbered footer). Target: the report's PDF at most 3 times that floor. The
same trivial pages without any stylesheet are printed too, for reference.

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
from dataclasses import dataclass
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
from parity.reports.html import stylesheet
from timing import parity_command

HTML_TARGET = 5.0
PDF_TARGET = 30.0
FLOOR_TARGET = 3.0
PARTIES = 24
#: The text of each page of the floor: a paragraph of the report's own length.
FLOOR_PARAGRAPH = (
    "Each row is one party's view: its partnering score about the party of each column, from 0 "
    "to 100. Darker is more of a partnership. Read along a row to see how a party rates everyone; "
    "down a column to see how everyone rates a party."
)


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


def floor_html(pages: int, css: str) -> str:
    """A trivial document of ``pages`` pages: a heading and a paragraph on each, styled by
    ``css`` (the report's stylesheet, or nothing)."""
    sections = "".join(
        f'<section style="break-after: {"page" if n < pages else "auto"}">'
        f"<h2>Section {n}</h2><p>{FLOOR_PARAGRAPH}</p></section>"
        for n in range(1, pages + 1)
    )
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title>'
        f"<style>{css}</style></head><body><h1>Floor</h1>{sections}</body></html>"
    )


@dataclass(frozen=True)
class Timing:
    """Median wall-clock and CPU seconds of one work. CPU seconds are what the work itself
    cost: on a machine shared with other work, wall-clock time also counts the waiting."""

    wall: float
    cpu: float


def alternating(works: dict[str, Callable[[], object]], repeat: int) -> dict[str, Timing]:
    """Each work's median times, the works run in turn ``repeat`` times, so that a change in
    the machine's load falls on all of them alike."""
    walls: dict[str, list[float]] = {name: [] for name in works}
    cpus: dict[str, list[float]] = {name: [] for name in works}
    for _ in range(repeat):
        for name, work in works.items():
            wall, cpu = time.perf_counter(), time.process_time()
            work()
            walls[name].append(time.perf_counter() - wall)
            cpus[name].append(time.process_time() - cpu)
    return {
        name: Timing(statistics.median(walls[name]), statistics.median(cpus[name]))
        for name in works
    }


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


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
    pdf = html_to_pdf(markup)
    pages = page_count(pdf)
    styled_floor, bare_floor = floor_html(pages, str(stylesheet())), floor_html(pages, "")
    assert page_count(html_to_pdf(styled_floor)) == pages == page_count(html_to_pdf(bare_floor))
    measured = alternating(
        {
            "report": lambda: html_to_pdf(markup),
            "floor": lambda: html_to_pdf(styled_floor),
            "bare": lambda: html_to_pdf(bare_floor),
        },
        args.repeat,
    )
    report, floor, bare = measured["report"], measured["floor"], measured["bare"]
    pdf_seconds = report.wall
    ratio = report.wall / floor.wall
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
    floor_verdict = "OK" if ratio <= FLOOR_TARGET else "OVER TARGET"
    print(
        f"{len(analysis.relationships)} relationships, {PARTIES} parties, "
        f"{len(responses):,} respondents; analysis {analysed:.2f} s (not counted below)\n"
        f"organization report to HTML: {html_seconds:.2f} s, {len(markup) / 1e6:.1f} MB "
        f"(median of {args.repeat}) {verdict(html_seconds, HTML_TARGET)}\n"
        f"that HTML to PDF:            {pdf_seconds:.2f} s, {pages} pages, "
        f"{len(pdf) / 1e6:.1f} MB (median of {args.repeat}) {verdict(pdf_seconds, PDF_TARGET)}\n"
        f"WeasyPrint's floor, {pages} trivial pages with the report's stylesheet: "
        f"{floor.wall:.3f} s; the report's PDF is {ratio:.1f}x the floor "
        f"(target <= {FLOOR_TARGET:.0f}x) {floor_verdict}\n"
        f"  in CPU seconds: report {report.cpu:.2f} s, floor {floor.cpu:.3f} s, "
        f"{report.cpu / floor.cpu:.1f}x; the same pages with no stylesheet: {bare.wall:.3f} s, "
        f"{report.wall / bare.wall:.1f}x ({bare.cpu:.3f} s CPU, {report.cpu / bare.cpu:.1f}x)\n"
        f"whole `parity report` process, analysis included: HTML {html_process:.2f} s, "
        f"PDF {pdf_process:.2f} s"
    )


if __name__ == "__main__":
    main()
