"""Holding off CPython's full garbage-collection passes while a result is built.

What: `paused()` is a context manager that, while the first of any number of concurrent callers
is inside it and until the last one leaves, raises the cycle collector's third threshold so that
no *full* pass (generation 2) starts. Young collections (generations 0 and 1) go on as usual, so
cycles among new objects — any thread's — are still collected. The thresholds the program had
are put back when the last caller leaves; a program that runs with the collector off is not
affected (nothing runs either way). Calls that overlap without a break — threads sharing an
engine under sustained load — would hold full passes off for good, and cyclic garbage that
reached the oldest generation (an exception's traceback, say) would pile up: so once the
collector has put off `DEFERRED_LIMIT` full passes (its generation-2 count), a caller that
leaves while others are still inside runs one.

Why: an evaluation builds hundreds of thousands of small acyclic records (explanation nodes,
facts, verdicts) and holds them all until the result is returned. Reference counting frees
every temporary one; what survives is the result, which full passes then scan again and again
as it grows — 40 % of a 10,000-nomination evaluation, and time growing faster than the round.
Turning the collector off altogether instead leaves one young collection over the whole
result at the end, which costs twice what the young collections cost along the way. With full
passes held, the collector's work is linear in the round. `Engine(pause_gc=False)` leaves the
thresholds alone, for a program that must never have them changed, even briefly.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_inside = 0
_saved: tuple[int, int, int] | None = None
_collecting = False
HELD = 1 << 30  # generation-2 threshold while held: no full pass starts
#: Full passes a hold may put off (ten times the default threshold's worth of young passes)
#: before a caller leaving while others are inside runs one: memory stays bounded however
#: long the calls overlap.
DEFERRED_LIMIT = 100


@contextmanager
def paused(enabled: bool = True) -> Iterator[None]:
    """Run the body with no full collection pass (a no-op when `enabled` is false)."""
    global _inside, _saved, _collecting
    if not enabled:
        yield
        return
    with _lock:
        if _inside == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(_saved[0], _saved[1], HELD)
        _inside += 1
    try:
        yield
    finally:
        with _lock:
            _inside -= 1
            if _inside == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                _saved = None
            overdue = _inside > 0 and not _collecting and gc.get_count()[2] >= DEFERRED_LIMIT
            _collecting = _collecting or overdue
        if overdue:
            try:
                gc.collect()
            finally:
                with _lock:
                    _collecting = False
