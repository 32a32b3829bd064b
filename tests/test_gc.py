"""Full collection passes are held off only while a result is built, and the program's own
thresholds are put back."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

import pytest
from builders import build, nomination, person

from thiduarules import Engine, _gc, load_ruleset
from thiduarules import engine as engine_module


def test_evaluate_builds_with_full_passes_held_and_puts_the_thresholds_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rs = load_ruleset()
    case = build(rs, candidates=[person()], nominations=[nomination("DN-01", "CN-01")])
    before = gc.get_threshold()
    seen: list[tuple[int, int, int]] = []
    real = engine_module.apply_principles

    def spy(*args: Any) -> Any:
        seen.append(gc.get_threshold())
        return real(*args)

    monkeypatch.setattr(engine_module, "apply_principles", spy)
    with Engine(rs, backend="plain") as engine:
        engine.evaluate(case)
        assert gc.get_threshold() == before
    with Engine(rs, backend="plain", pause_gc=False) as engine:
        engine.evaluate(case)
    assert seen == [(before[0], before[1], _gc.HELD), before]
    assert gc.isenabled()


def test_young_collections_still_run_while_held() -> None:
    collected: list[int] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "stop":
            collected.append(info["generation"])

    gc.callbacks.append(callback)
    try:
        with _gc.paused():
            junk = [[i] for i in range(20_000)]
            del junk
    finally:
        gc.callbacks.remove(callback)
    assert collected
    assert 2 not in collected


def test_a_programs_own_thresholds_are_kept() -> None:
    before = gc.get_threshold()
    gc.set_threshold(1234, 7, 3)
    try:
        with _gc.paused():
            assert gc.get_threshold() == (1234, 7, _gc.HELD)
        assert gc.get_threshold() == (1234, 7, 3)
    finally:
        gc.set_threshold(*before)


def test_opting_out_leaves_the_thresholds_alone() -> None:
    before = gc.get_threshold()
    with _gc.paused(False):
        assert gc.get_threshold() == before


def test_the_last_of_concurrent_callers_puts_them_back() -> None:
    before = gc.get_threshold()
    inside = threading.Barrier(4)
    leave = threading.Event()

    def work() -> None:
        with _gc.paused():
            inside.wait()
            leave.wait()

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    inside.wait()
    assert gc.get_threshold()[2] == _gc.HELD
    leave.set()
    for t in threads:
        t.join()
    assert gc.get_threshold() == before


def test_an_exception_inside_still_puts_them_back() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), _gc.paused():
        raise RuntimeError("boom")
    assert gc.get_threshold() == before


class _Cycle:
    """An object that refers to itself: only the cycle collector frees it."""

    def __init__(self) -> None:
        self.me = self


def _old_garbage() -> weakref.ref[_Cycle]:
    """A cycle that has reached the oldest generation, then become garbage."""
    gc.collect()
    alive = _Cycle()
    gc.collect(1)  # survives the young passes: now in the oldest generation
    ref = weakref.ref(alive)
    del alive
    return ref


def test_overlapping_calls_do_not_hold_full_passes_off_for_good() -> None:
    with _gc.paused():  # a caller that stays inside, as under sustained concurrent load
        ref = _old_garbage()
        for _ in range(_gc.DEFERRED_LIMIT // 2):
            with _gc.paused():  # other calls come and go, young passes run
                gc.collect(1)
        assert ref() is not None  # held off while few full passes were put off
        for _ in range(_gc.DEFERRED_LIMIT):
            with _gc.paused():
                gc.collect(1)
        assert ref() is None  # one ran as a caller left with another still inside
        assert gc.get_threshold()[2] == _gc.HELD
