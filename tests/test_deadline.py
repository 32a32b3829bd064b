"""Deadlines: `timeout=` stops an evaluation or allocation at a checkpoint with `DeadlineExceeded`,
returns nothing, and leaves the engine giving the same verdicts; `--timeout` on the command line
exits with code 4."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from typing import Any

import pytest

from thiduarules import DeadlineExceeded, Engine, ThiduaRulesError, _deadline, _durable, to_json
from thiduarules.case import Case
from thiduarules.cli import main
from thiduarules.ruleset import Ruleset

BUDGET = 1_000_000_000


class Clock:
    """A monotonic clock that moves one second each time it is read: the deadline of
    `timeout=k + 0.5` then passes at exactly the (k+1)-th reading after the call began."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        self.now += 1.0
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(_deadline, "time", c)
    return c


def stops(call: Callable[[float], Any]) -> list[DeadlineExceeded]:
    """The errors of `call(k + 0.5)` for k = 0, 1, … up to the first k at which it returns."""
    seen: list[DeadlineExceeded] = []
    for k in range(10_000):
        try:
            call(k + 0.5)
        except DeadlineExceeded as exc:
            seen.append(exc)
        else:
            return seen
    raise AssertionError("the call never finished")


def test_a_tiny_timeout_raises_the_typed_error_and_returns_nothing(
    ruleset: Ruleset, example: Case
) -> None:
    with Engine(ruleset) as engine, pytest.raises(DeadlineExceeded) as caught:
        engine.evaluate(example, timeout=1e-9)
    err = caught.value
    assert isinstance(err, TimeoutError)
    assert isinstance(err, ThiduaRulesError)
    assert err.limit == 1e-9
    assert err.elapsed > err.limit
    assert err.stage in _deadline.STAGES
    text = str(err)
    assert text.startswith("Quá thời hạn 1e-09 giây")
    assert "time limit of 1e-09 s exceeded" in text
    assert "no result is returned" in text


def test_the_deadline_is_checked_at_every_stage_and_the_engine_answers_the_same_after_each(
    ruleset: Ruleset, example: Case, clock: Clock
) -> None:
    """Stopped at each checkpoint in turn — case, matching, durable-rules, every nomination,
    every pass of the principles — the same engine then gives the reference verdicts."""
    with Engine(ruleset) as fresh:
        reference = to_json(fresh.evaluate(example))
    with Engine(ruleset) as engine:
        errors = stops(lambda t: engine.evaluate(example, timeout=t))
        assert to_json(engine.evaluate(example)) == reference
        assert to_json(engine.evaluate(example, timeout=1e9)) == reference
    stages = [e.stage for e in errors]
    expected = ["case", "case", "matching"]
    if _durable.AVAILABLE:
        expected.append("durable")
    assert stages[: len(expected)] == expected
    nominations = len(example.nominations)
    assert [e.done for e in errors if e.stage == "nominations"] == list(range(nominations))
    assert {e.total for e in errors if e.stage in ("nominations", "principles")} == {nominations}
    assert stages.count("principles") >= nominations  # at least one whole pass
    assert stages[-1] == "principles"
    assert "(xong 0/" in str(errors[stages.index("nominations")])


def test_every_stop_leaves_the_engine_giving_the_same_verdicts(
    ruleset: Ruleset, example: Case, clock: Clock
) -> None:
    with Engine(ruleset) as engine:
        reference = to_json(engine.evaluate(example))
        for k in range(len(stops(lambda t: engine.evaluate(example, timeout=t)))):
            with pytest.raises(DeadlineExceeded):
                engine.evaluate(example, timeout=k + 0.5)
            assert to_json(engine.evaluate(example)) == reference


def test_allocate_stops_before_the_list_is_drawn_up_too(
    ruleset: Ruleset, example: Case, clock: Clock
) -> None:
    with Engine(ruleset) as engine:
        reference = to_json(engine.allocate(example, BUDGET))
        errors = stops(lambda t: engine.allocate(example, BUDGET, timeout=t))
        assert errors[-1].stage == "allocation"
        assert to_json(engine.allocate(example, BUDGET)) == reference


@pytest.mark.skipif(not _durable.AVAILABLE, reason="durable-rules unavailable on this Python")
def test_waiting_for_durable_rules_counts_against_the_deadline(
    ruleset: Ruleset, example: Case
) -> None:
    """While another evaluation holds durable-rules, the wait ends at the deadline."""
    got: list[BaseException] = []

    def evaluate(engine: Engine) -> None:
        try:
            engine.evaluate(example, timeout=0.5)
        except BaseException as exc:
            got.append(exc)

    with Engine(ruleset) as engine:
        engine.evaluate(example)  # compiled before the lock is taken
        with _durable._LOCK:
            worker = threading.Thread(target=evaluate, args=(engine,))
            worker.start()
            worker.join()
        assert len(got) == 1
        assert isinstance(got[0], DeadlineExceeded)
        assert got[0].stage == "durable"
        assert got[0].done == 0
        engine.evaluate(example)


@pytest.mark.parametrize(
    ("timeout", "error"),
    [
        (0, ValueError),
        (-1, ValueError),
        (math.nan, ValueError),
        ("1", TypeError),
        (True, TypeError),
    ],
)
def test_a_timeout_that_is_not_a_positive_number_is_refused(
    ruleset: Ruleset, example: Case, timeout: Any, error: type[Exception]
) -> None:
    with Engine(ruleset) as engine, pytest.raises(error, match="timeout"):
        engine.evaluate(example, timeout=timeout)


@pytest.mark.parametrize("command", [["evaluate"], ["allocate", "--budget", "1000000"]])
def test_the_command_line_exits_4_with_the_reason_and_prints_nothing(
    capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    code = main([*command, "--timeout", "1e-9"])
    out, err = capsys.readouterr()
    assert code == 4
    assert out == ""
    assert "Quá thời hạn 1e-09 giây" in err
    assert "time limit of 1e-09 s exceeded" in err


def test_the_command_line_runs_normally_within_its_timeout(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["evaluate"]) == 0
    plain = capsys.readouterr().out
    assert main(["evaluate", "--timeout", "3600"]) == 0
    assert capsys.readouterr().out == plain


@pytest.mark.parametrize("value", ["0", "-2", "soon", "inf", "nan"])
def test_the_command_line_refuses_a_timeout_that_is_not_a_positive_number(
    capsys: pytest.CaptureFixture[str], value: str
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["evaluate", "--timeout", value])
    assert caught.value.code == 2
    assert "must be a positive number of seconds" in capsys.readouterr().err
