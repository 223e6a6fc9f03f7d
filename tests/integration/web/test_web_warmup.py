"""A server readies its engine before it forks its workers (parity.web.warmup), so that the first
results page after a start waits for its analysis alone, not for imports and lexicons."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from parity.web import server, warmup
from parity.web.warmup import sample

#: Run in a fresh interpreter: Django set up as a server's main process has it, then (or not)
#: the warm-up, then what a first results page runs: the views resolved, an analysis of a round
#: the warm-up never saw, and its organization view. Prints what that first analysis had to
#: import and the long expressions it had to compile.
FIRST_ANALYSIS = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parity.web.settings")
import django
django.setup()
warm = sys.argv[1] == "warm"
if warm:
    from parity.web.warmup import warm_up
    warm_up()
import re._compiler as compiler
compiled = []
real_compile = compiler.compile
def spy(pattern, flags=0):
    source = getattr(pattern, "pattern", pattern)
    if isinstance(source, str) and len(source) > 2000:
        compiled.append(len(source))
    return real_compile(pattern, flags)
compiler.compile = spy
before = set(sys.modules)
from django.urls import get_resolver
get_resolver().url_patterns
from parity.core.analysis import analyze
from parity.core.disclosure import Thresholds, disclose_analysis
from parity.core.organization import organization_view
from parity.demo.company import demo_dataset
data = demo_dataset(seed=11)
first = data.relationships.iloc[[1, 2]]
wanted = set(first["party_a"]) | set(first["party_b"])
everyone = data.responses
responses = everyone[everyone["party"].isin(wanted) & everyone["about"].isin(wanted)]
organization_view(disclose_analysis(analyze(responses, first), Thresholds()))
print(json.dumps({"imported": sorted(set(sys.modules) - before), "compiled": compiled}))
"""


def _first_analysis(mode: str, tmp_path: Path) -> dict[str, list[object]]:
    env = {**os.environ, "PARITY_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    done = subprocess.run(
        [sys.executable, "-c", FIRST_ANALYSIS, mode],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    result: dict[str, list[object]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.slow
def test_after_the_warm_up_a_first_analysis_imports_and_compiles_nothing_more(
    tmp_path: Path,
) -> None:
    cold = _first_analysis("cold", tmp_path)
    warm = _first_analysis("warm", tmp_path)
    # Without it, the first analysis of a server imports SciPy and the views, and compiles the
    # feelings and traits lexicons: what the test would miss if the warm-up did less.
    assert "scipy.special" in cold["imported"]
    assert cold["compiled"]
    assert warm == {"imported": [], "compiled": []}


def test_the_sample_has_two_sides_with_written_answers() -> None:
    responses, relationships = sample()
    assert len(relationships) == 1
    sides = responses.groupby(["party", "about"]).size()
    assert len(sides) == 2
    assert (sides >= 7).all()  # enough to be scored and to have its words read and quoted
    assert responses["purpose"].notna().sum() > 0


def test_the_server_warms_up_before_closing_its_connections_and_forking_its_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    order: list[str] = []
    monkeypatch.setattr(server, "call_command", lambda name, **_: order.append(name))
    monkeypatch.setattr(server, "collect_static", lambda: order.append("collect static"))
    monkeypatch.setattr(server, "warm_up", lambda: order.append("warm up") or 0.0)
    monkeypatch.setattr(server.connections, "close_all", lambda: order.append("close"))
    server.prepare(demo=False)
    # Whatever connection the warm-up opened is closed before the fork.
    assert order == ["migrate", "createcachetable", "collect static", "warm up", "close"]


def test_a_failing_warm_up_is_logged_and_the_server_starts_all_the_same(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> float:
        raise RuntimeError("the lexicon file is unreadable")

    monkeypatch.setattr(warmup, "_warm_up", broken)
    with caplog.at_level(logging.ERROR, logger="parity.web.warmup"):
        assert warmup.warm_up() is None
    assert "Readying the engine failed" in caplog.text
    assert "the lexicon file is unreadable" in caplog.text
