"""Freed memory handed back to the system between the steps of a large analysis.

The C library's allocator keeps what a program frees for the program's own later requests.
Python takes its small objects from arenas of its own, mapped apart from that heap, so the
megabytes one step of an analysis frees (a copy of the answers, the resamples, a step's
arrays) can only serve later large buffers, and the results, made of small objects, grow the
process beyond them. How much of the freed heap the system gets back then depends on where it
lies (only its top is given back by itself), so the same analysis of 100,000 respondents
peaked at 209 or at 227 MB from one run to the next. ``malloc_trim(0)`` gives back every
whole free page of the heap, wherever it lies: at the steps' ends the same run peaks at
175-179 MB, for a fraction of a millisecond a call (docs/method.md §8).

Pages given back cost page faults when the process needs memory again: on a round of 16,000
responses analysed again and again in one process (a web server's life), 5,000 more faults
and 2% more CPU. So an analysis gives back only from :data:`LARGE_ANALYSIS` responses, where
its memory is the file's rather than the imports'. Only where the C library has
``malloc_trim`` (glibc, as on Debian); elsewhere nothing is done.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from functools import cache

#: Responses from which an analysis gives its freed memory back after each large step.
LARGE_ANALYSIS = 50_000


@cache
def _trim() -> Callable[[int], int] | None:
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library this interpreter runs on
    except (AttributeError, OSError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def give_back() -> bool:
    """Return the heap's free pages to the system; whether the C library could."""
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True


def giving_back(responses: int) -> Callable[[], bool]:
    """What an analysis of ``responses`` calls after each large step: :func:`give_back` from
    :data:`LARGE_ANALYSIS` responses, below it nothing."""
    return give_back if responses >= LARGE_ANALYSIS else _keep


def _keep() -> bool:
    return False
