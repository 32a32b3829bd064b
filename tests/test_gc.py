"""The cycle collector is paused only while a result is built, and left as the program had it."""

from __future__ import annotations

import gc
import threading
from typing import Any

import pytest
from builders import build, nomination, person

from thiduarules import Engine, _gc, load_ruleset
from thiduarules import engine as engine_module


def test_evaluate_builds_with_the_collector_off_and_turns_it_back_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rs = load_ruleset()
    case = build(rs, candidates=[person()], nominations=[nomination("DN-01", "CN-01")])
    seen: list[bool] = []
    real = engine_module.apply_principles

    def spy(*args: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(engine_module, "apply_principles", spy)
    with Engine(rs, backend="plain") as engine:
        engine.evaluate(case)
        assert gc.isenabled()
    with Engine(rs, backend="plain", pause_gc=False) as engine:
        engine.evaluate(case)
    assert seen == [False, True]


def test_a_program_that_runs_without_the_collector_keeps_it_off() -> None:
    gc.disable()
    try:
        with _gc.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_opting_out_leaves_the_collector_running() -> None:
    with _gc.paused(False):
        assert gc.isenabled()


def test_the_last_of_concurrent_callers_turns_it_back_on() -> None:
    inside = threading.Barrier(4)
    leave = threading.Event()
    states: list[bool] = []

    def work() -> None:
        with _gc.paused():
            inside.wait()
            leave.wait()
            states.append(gc.isenabled())

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    inside.wait()
    assert not gc.isenabled()
    leave.set()
    for t in threads:
        t.join()
    assert gc.isenabled()
    assert states.count(False) >= 1


def test_an_exception_inside_still_restores_it() -> None:
    try:
        with _gc.paused():
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert gc.isenabled()
