"""A small least-recently-used cache, bounded by entries and by a total size."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["LRU"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRU(Generic[K, V]):
    """At most ``entries`` values, and at most ``budget`` in total ``size(value)``
    (the newest value is always kept). Thread-safe."""

    def __init__(
        self, entries: int, budget: int | None = None, size: Callable[[V], int] | None = None
    ) -> None:
        self._data: OrderedDict[K, V] = OrderedDict()
        self._entries = entries
        self._budget = budget
        self._size = size
        self._used = 0
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None and self._size is not None:
                self._used -= self._size(old)
            self._data[key] = value
            if self._size is not None:
                self._used += self._size(value)
            while len(self._data) > 1 and (
                len(self._data) > self._entries
                or (self._budget is not None and self._used > self._budget)
            ):
                _, dropped = self._data.popitem(last=False)
                if self._size is not None:
                    self._used -= self._size(dropped)

    def drop(self, stale: Callable[[K], bool]) -> None:
        """Forget every entry whose key is stale."""
        with self._lock:
            for key in [k for k in self._data if stale(k)]:
                value = self._data.pop(key)
                if self._size is not None:
                    self._used -= self._size(value)

    def clear(self) -> None:
        self.drop(lambda _: True)
