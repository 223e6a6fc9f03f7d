"""Freed memory goes back to the system between the analysis's steps (parity.core.memory)."""

from __future__ import annotations

import platform

import pytest

import parity.core.analysis as analysis_module
from parity.core import memory
from parity.core.memory import give_back

PAGE = 4096
BLOCK = 100_000  # below the allocator's smallest threshold for mapping a request on its own
BLOCKS = 400  # 40 MB


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE / 2**20


def touched(size: int) -> bytearray:
    block = bytearray(size)
    block[::PAGE] = b"\x01" * len(range(0, size, PAGE))
    return block


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_free_pages_inside_the_heap_go_back_to_the_system() -> None:
    """Blocks freed below one still in use stay in the process until given back."""
    blocks = [touched(BLOCK) for _ in range(BLOCKS)]
    kept = touched(BLOCK)  # above the others: the heap's top is not free
    loaded = resident_mb()
    del blocks
    freed = resident_mb()
    assert give_back() is True
    given = resident_mb()
    assert loaded - freed < 10, "the allocator gave the pages back by itself: nothing to test"
    assert freed - given > 30
    assert kept[0] == 1


@pytest.mark.parametrize("large", [True, False])
def test_a_large_analysis_gives_back_after_its_large_steps(
    monkeypatch: pytest.MonkeyPatch, demo_data, large: bool
) -> None:
    """From LARGE_ANALYSIS responses; a smaller one keeps its pages for its next request."""
    calls: list[int] = []
    monkeypatch.setattr(memory, "give_back", lambda: calls.append(1) or True)
    smallest = len(demo_data.responses) if large else len(demo_data.responses) + 1
    monkeypatch.setattr(memory, "LARGE_ANALYSIS", smallest)
    analysis_module.analyze(demo_data.responses, demo_data.relationships)
    assert len(calls) >= (6 if large else 0)
    assert large or not calls
