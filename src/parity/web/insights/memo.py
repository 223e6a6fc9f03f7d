"""The last few values this process computed, each under a key that names all it depends on.

The results pages read a round's analysis many times a minute. Django's shared cache
(``settings.CACHES``) keeps each analysis once for every server process, but reading it back
means fetching and unpickling megabytes per request; this memo keeps the last few values in
the process as they are. It is only ever asked with a key made from what the value depends on
(:func:`parity.web.insights.results.results_key`): a change anywhere, on any server, gives a new
key, so nothing here can be stale, and the oldest values fall out when a few newer ones came.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")
_ALL: list[Memo[Any]] = []


class Memo(Generic[V]):
    """A bounded, thread-safe map from keys to values, least recently used out first."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        _ALL.append(self)

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key: Hashable, value: V) -> V:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value under ``key``, made (outside the lock) and kept when it is not here."""
        found = self.get(key)
        return found if found is not None else self.put(key, make())

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


def forget_everything() -> None:
    """Empty every memo of the process: what a server that just started holds."""
    for memo in _ALL:
        memo.clear()
