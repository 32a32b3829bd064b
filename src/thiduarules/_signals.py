"""Signals held back while durable-rules is in the middle of a session, delivered once it is closed.

What: `Held` is a context manager. Entered on the main thread, it gives every signal whose
handler is a Python callable — SIGINT's `default_int_handler`, a SIGALRM or SIGTERM handler the
program installed — a handler that only notes the signal. On leaving, it puts the program's
handlers back, then passes each signal that arrived to its own handler, once, in the order they
first arrived; if a handler raises (Ctrl-C's `KeyboardInterrupt`, a user's timeout error), the
first such exception propagates once every handler has run. Signals left to the operating
system (`SIG_DFL`, `SIG_IGN`) are not touched: they are not Python's to defer.

Why: durable-rules' C core keeps an action open between `start_action_for_state` and
`complete_and_start_action`; an exception raised in between by a signal handler leaves that
session half done. Python runs signal handlers only in the main thread, between bytecodes (a C
call holding the GIL is never interrupted), so deferring them on the main thread while a session
runs is enough to keep every signal out of it. Off the main thread there is nothing to defer —
no handler can run there — and `Held` does nothing.

Cost: a scan of the signal handlers through `_signal`, the C module under `signal` (whose
`getsignal` skips the enum conversion that makes `signal.getsignal` twenty times slower), and two
handler swaps for each Python handler: a few microseconds per session.
"""

from __future__ import annotations

import contextlib
import importlib
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType, TracebackType
from typing import Any

_raw: Any = signal
with contextlib.suppress(ImportError):
    _raw = importlib.import_module("_signal")

SIGNALS = tuple(sorted(int(s) for s in signal.valid_signals() if 0 < int(s) < signal.NSIG))

Handler = Callable[[int, FrameType | None], Any]


class Held:
    """Hold the Python-handled signals for the body's duration and deliver them after it."""

    __slots__ = ("arrived", "saved")

    def __init__(self) -> None:
        self.saved: dict[int, Handler] = {}
        self.arrived: list[int] = []

    def _note(self, signum: int, frame: FrameType | None) -> None:
        if signum not in self.arrived:
            self.arrived.append(signum)

    def __enter__(self) -> Held:
        if threading.current_thread() is not threading.main_thread():
            return self
        get, put, saved = _raw.getsignal, _raw.signal, self.saved
        try:
            for signum in SIGNALS:
                handler = get(signum)
                if callable(handler):
                    saved[signum] = handler
                    put(signum, self._note)
        except BaseException:
            # A signal delivered before its handler was swapped: nothing of the session has
            # begun; the handlers already swapped go back first.
            self._restore()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        first = self._restore()
        frame = sys._getframe(1)
        for signum in self.arrived:
            try:
                self.saved[signum](signum, frame)
            except BaseException as exc:
                first = first or exc
        if first is not None:
            raise first

    def _restore(self) -> BaseException | None:
        """Put every saved handler back, even if a signal arriving meanwhile raises from a handler
        already put back (`signal.signal` runs pending handlers before it swaps): that exception
        is kept, to be raised once everything is back."""
        pending = list(self.saved.items())
        raised: BaseException | None = None
        while pending:
            try:
                while pending:
                    _raw.signal(*pending[-1])
                    pending.pop()
            except BaseException as exc:
                raised = raised or exc
        return raised
