"""Pausing CPython's cycle collector while a result is built.

What: `paused()` is a context manager that turns the cyclic garbage collector off while the
first of any number of concurrent callers is inside it and back on when the last one leaves —
only if it was on when the first came in, so a program that runs with the collector off keeps it
off.

Why: an evaluation builds hundreds of thousands of small acyclic records (explanation nodes,
facts, verdicts) and holds them all until the result is returned. Reference counting frees
every one of them; the cycle collector finds nothing to collect, yet with the result growing it
runs full passes over the whole heap, which cost about 40 % of a 10,000-nomination evaluation
and made time grow faster than the case. The collector runs as usual as soon as no evaluation is
in progress, and collects then whatever cycles were made meanwhile. `Engine(pause_gc=False)`
keeps it running for a program that must never have it paused, even briefly.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_inside = 0
_restore = False


@contextmanager
def paused(enabled: bool = True) -> Iterator[None]:
    """Run the body with the cycle collector off (a no-op when `enabled` is false)."""
    global _inside, _restore
    if not enabled:
        yield
        return
    with _lock:
        if _inside == 0:
            _restore = gc.isenabled()
            gc.disable()
        _inside += 1
    try:
        yield
    finally:
        with _lock:
            _inside -= 1
            if _inside == 0 and _restore:
                gc.enable()
