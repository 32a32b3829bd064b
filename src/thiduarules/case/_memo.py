"""Values remembered for a case object while it lives: whether it was checked, its digest.

A `Case` is frozen all the way down (attrs frozen records in tuples), so what is computed from
it alone stays true of it. `IdentityMemo` keeps such a value by the case's identity, behind a
weak reference that drops the entry when the case is collected — so an id reused by a later
object never finds a stale value, and memory is not held past the case.
"""

from __future__ import annotations

import threading
import weakref
from typing import Generic, TypeVar

V = TypeVar("V")
K = TypeVar("K")


class IdentityMemo(Generic[K, V]):
    """A thread-safe map from live objects (by identity) to values."""

    def __init__(self) -> None:
        self._items: dict[int, tuple[weakref.ref[K], V]] = {}
        self._lock = threading.Lock()

    def get(self, obj: K) -> V | None:
        with self._lock:
            hit = self._items.get(id(obj))
        if hit is None or hit[0]() is not obj:
            return None
        return hit[1]

    def put(self, obj: K, value: V) -> None:
        key = id(obj)

        def forget(_: object) -> None:
            with self._lock:
                self._items.pop(key, None)

        ref = weakref.ref(obj, forget)
        with self._lock:
            self._items[key] = (ref, value)
