"""Signals held while durable-rules works: noted during the body, delivered once after it, each
to the program's own handler, which is back in place; nothing held off the main thread."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType

import pytest

from thiduarules._signals import Held

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGUSR1"), reason="needs POSIX signals (SIGUSR1, SIGUSR2)"
)


class Interrupted(Exception):
    """What the test handlers raise (never a KeyboardInterrupt, which would stop pytest)."""


@pytest.fixture
def handlers() -> Iterator[list[tuple[int, str]]]:
    """SIGUSR1 and SIGUSR2 handlers that record each call and raise `Interrupted`; the previous
    handlers are put back afterwards."""
    calls: list[tuple[int, str]] = []

    def make(name: str) -> Callable[[int, FrameType | None], None]:
        def handler(signum: int, frame: FrameType | None) -> None:
            calls.append((signum, name))
            raise Interrupted(name)

        return handler

    saved = {s: signal.getsignal(s) for s in (signal.SIGUSR1, signal.SIGUSR2)}
    signal.signal(signal.SIGUSR1, make("usr1"))
    signal.signal(signal.SIGUSR2, make("usr2"))
    try:
        yield calls
    finally:
        for s, h in saved.items():
            signal.signal(s, h)


def held(
    calls: list[tuple[int, str]],
    seen: list[object],
    *signums: int,
    fail: Exception | None = None,
) -> None:
    """Raise `signums` inside `Held`, noting in `seen` the handler `calls` made by then and
    SIGUSR1's handler at that moment; then raise `fail`, if given."""
    with Held():
        for signum in signums:
            signal.raise_signal(signum)
        seen.extend([list(calls), signal.getsignal(signal.SIGUSR1)])
        if fail is not None:
            raise fail


def test_a_signal_during_the_body_is_delivered_after_it(handlers: list[tuple[int, str]]) -> None:
    own = signal.getsignal(signal.SIGUSR1)
    seen: list[object] = []
    with pytest.raises(Interrupted, match="usr1"):
        held(handlers, seen, signal.SIGUSR1)
    assert seen[0] == []  # noted, not run, inside the body
    assert seen[1] is not own
    assert handlers == [(signal.SIGUSR1, "usr1")]
    assert signal.getsignal(signal.SIGUSR1) is own


def test_each_signal_is_delivered_once_in_order_of_arrival_and_the_first_error_propagates(
    handlers: list[tuple[int, str]],
) -> None:
    seen: list[object] = []
    with pytest.raises(Interrupted, match="usr2"):
        held(handlers, seen, signal.SIGUSR2, signal.SIGUSR1, signal.SIGUSR2)
    assert seen[0] == []
    assert handlers == [(signal.SIGUSR2, "usr2"), (signal.SIGUSR1, "usr1")]


def test_without_a_signal_nothing_is_delivered_and_the_handlers_are_back(
    handlers: list[tuple[int, str]],
) -> None:
    before = {s: signal.getsignal(s) for s in (signal.SIGUSR1, signal.SIGUSR2, signal.SIGINT)}
    held(handlers, [])
    assert handlers == []
    assert {s: signal.getsignal(s) for s in before} == before


def test_the_body_s_own_exception_is_kept_as_the_context_of_a_held_signal(
    handlers: list[tuple[int, str]],
) -> None:
    with pytest.raises(Interrupted) as caught:
        held(handlers, [], signal.SIGUSR1, fail=ValueError("the body failed"))
    assert isinstance(caught.value.__context__, ValueError)


def test_signals_left_to_the_system_are_not_touched(handlers: list[tuple[int, str]]) -> None:
    signal.signal(signal.SIGUSR2, signal.SIG_IGN)
    with Held():
        assert signal.getsignal(signal.SIGUSR2) == signal.SIG_IGN
        signal.raise_signal(signal.SIGUSR2)  # ignored by the system, as without Held
    assert handlers == []


def test_held_inside_held_delivers_at_the_outer_exit(handlers: list[tuple[int, str]]) -> None:
    seen: list[object] = []

    def outer() -> None:
        with Held():
            held(handlers, [], signal.SIGUSR1)
            seen.append(list(handlers))  # the inner exit handed it to the outer one

    with pytest.raises(Interrupted):
        outer()
    assert seen == [[]]
    assert handlers == [(signal.SIGUSR1, "usr1")]


def test_off_the_main_thread_nothing_is_held(handlers: list[tuple[int, str]]) -> None:
    """Python runs handlers only in the main thread: a worker thread's Held changes nothing."""
    own = signal.getsignal(signal.SIGUSR1)
    seen: list[object] = []

    def work() -> None:
        with Held():
            seen.append(signal.getsignal(signal.SIGUSR1))

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert seen == [own]
