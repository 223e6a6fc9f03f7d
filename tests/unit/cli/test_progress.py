"""Progress appears only for someone watching a terminal, and only for work past a second:
the output a program reads never changes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
from pathlib import Path

from parity.cli import progress


class Terminal(io.StringIO):
    """Standard error as a terminal would be: rich draws on it."""

    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_bar_appears_once_the_work_has_run_a_second() -> None:
    screen, clock = Terminal(), Clock()
    counter = progress.Steps(10, "Reading the statements", screen, clock)
    counter.advance(3)
    assert screen.getvalue() == ""  # quick so far: nothing drawn
    clock.now = progress.SHOW_AFTER_SECONDS + 0.1
    counter.advance(3)
    counter.close()
    drawn = screen.getvalue()
    assert "Reading the statements" in drawn
    assert "6/10" in drawn


def test_nothing_is_drawn_where_nobody_watches() -> None:
    pipe, clock = io.StringIO(), Clock()
    counter = progress.Steps(10, "Reading the statements", pipe, clock)
    clock.now = 60.0
    counter.advance(10)
    counter.close()
    assert pipe.getvalue() == ""


def test_a_spinner_starts_only_for_work_past_a_second() -> None:
    quick = Terminal()
    with progress.working("Analysing", quick):
        pass
    assert quick.getvalue() == ""
    slow, started = Terminal(), threading.Event()
    with progress.working("Analysing answers.csv", slow, after=0.0):
        # The spinner's timer fires at once here; look for its first drawing, for a while.
        for _ in range(100):
            if "Analysing answers.csv" in slow.getvalue():
                started.set()
                break
            started.wait(0.05)
    assert started.is_set()


def test_a_pipe_gets_no_spinner() -> None:
    pipe = io.StringIO()
    threads = threading.active_count()
    with progress.working("Analysing", pipe, after=0.0):
        assert threading.active_count() == threads  # no timer was started
    assert pipe.getvalue() == ""


def test_the_shell_completion_the_readme_gives_completes_the_commands() -> None:
    """The README's `_PARITY_COMPLETE=bash_source` line, and what bash then asks."""
    parity = Path(sys.executable).with_name("parity")
    script = subprocess.run(
        [parity],
        env={**os.environ, "_PARITY_COMPLETE": "bash_source"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "complete -o nosort -F _parity_completion parity" in script
    asked = {**os.environ, "_PARITY_COMPLETE": "bash_complete", "COMP_WORDS": "parity ana",
             "COMP_CWORD": "1"}  # fmt: skip
    answer = subprocess.run([parity], env=asked, capture_output=True, text=True, check=True)
    assert answer.stdout.strip() == "plain,analyze"
