"""Progress for long command-line work, shown only where someone is watching.

A bar (or, where the amount of work is not known, a spinner) appears on standard error once the
work has taken :data:`SHOW_AFTER_SECONDS`: a command that is done sooner prints nothing more
than before, and nothing at all is drawn when standard error is not a terminal (a script, a
pipe, a CI log), so the output a program reads never changes. The bar disappears when the work
ends (rich's ``transient``), leaving the results alone on the screen.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

#: Work that ends sooner than this shows no progress at all.
SHOW_AFTER_SECONDS = 1.0


def watched(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal someone reads (never a pipe or a file)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Steps:
    """Counts work done out of ``total``; draws a bar once the work has run a second."""

    def __init__(
        self,
        total: int,
        what: str,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = sys.stderr if stream is None else stream
        self._clock = clock
        self._began = clock()
        self._done = 0
        self._total = total
        self._what = what
        self._bar: Progress | None = None
        self._task = TaskID(0)

    def advance(self, count: int = 1) -> None:
        self._done += count
        if self._bar is None and self._due():
            self._bar = _bar(self._stream, spinner=False)
            self._bar.start()
            self._task = self._bar.add_task(self._what, total=self._total, completed=self._done)
        elif self._bar is not None:
            self._bar.update(self._task, completed=self._done)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def _due(self) -> bool:
        return watched(self._stream) and self._clock() - self._began >= SHOW_AFTER_SECONDS


@contextmanager
def steps(total: int, what: str, stream: TextIO | None = None) -> Iterator[Steps]:
    """:class:`Steps` for a ``with`` block, its bar removed at the end, error or not."""
    counter = Steps(total, what, stream)
    try:
        yield counter
    finally:
        counter.close()


@contextmanager
def working(
    what: str, stream: TextIO | None = None, after: float = SHOW_AFTER_SECONDS
) -> Iterator[None]:
    """A spinner with ``what`` and the time so far, for work whose amount is not known,
    started only if the block is still running ``after`` seconds in."""
    target = sys.stderr if stream is None else stream
    if not watched(target):
        yield
        return
    spinner = _bar(target, spinner=True)
    spinner.add_task(what, total=None)
    lock = threading.Lock()
    state = {"ended": False, "started": False}

    def start() -> None:
        with lock:
            if not state["ended"]:
                spinner.start()
                state["started"] = True

    timer = threading.Timer(after, start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["ended"] = True
            if state["started"]:
                spinner.stop()


def _bar(stream: TextIO, *, spinner: bool) -> Progress:
    console = Console(file=stream, stderr=stream is sys.stderr)
    if spinner:
        columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
        return Progress(*columns, console=console, transient=True)
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
