"""Freed memory handed back to the system between the steps of a large analysis.

The C library's allocator keeps what a program frees for the program's own later requests.
Python takes its small objects from arenas of its own, mapped apart from that heap, so the
megabytes one step of an analysis frees (a copy of the answers, the resamples, a step's
arrays) can only serve later large buffers, and the results, made of small objects, grow the
process beyond them. How much of the freed heap the system gets back then depends on where it
lies (only its top is given back by itself), so the same analysis of 100,000 respondents
peaked at 209 or at 227 MB from one run to the next. ``malloc_trim(0)`` gives back every
whole free page of the heap, wherever it lies: at the steps' ends the same run peaks at about
192 MB, for about a millisecond a call (docs/method.md §8).

Only where the C library has ``malloc_trim`` (glibc, as on Debian); elsewhere nothing is done.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from functools import cache


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
