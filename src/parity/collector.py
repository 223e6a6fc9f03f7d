"""Python's cyclic garbage collector, set for a program that builds large analyses.

At Python's default the youngest generation is collected after every 700 new container
objects, and each collection walks every object made since the last one. An analysis of a
large round makes hundreds of thousands of objects and keeps nearly all of them, so those
collections find little to free: on the first results page of 1,000 relationships Python ran
about 430 of them, and 40 of the next generation, for 0.27-0.32 s of a 1.35 s request
(docs/method.md §8). Collecting after 50,000 instead leaves four, and frees the same cycles a
little later; the memory this holds back is a few megabytes at most.
"""

from __future__ import annotations

import gc

#: New container objects between two collections of the youngest generation (Python: 700).
YOUNG_GENERATION = 50_000


def for_large_analyses() -> None:
    """Collect the youngest generation after :data:`YOUNG_GENERATION` new objects; the older
    generations keep Python's own thresholds."""
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION, middle, oldest)
