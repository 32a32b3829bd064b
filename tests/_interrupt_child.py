"""The process `test_interrupt.py` interrupts: one engine, evaluating one large case again and again.

Run as `python tests/_interrupt_child.py NOMINATIONS`. It builds one `Engine` on the bundled
ruleset, evaluates a generated case of NOMINATIONS nominations once for the reference JSON and
times one evaluation. Then it talks over its standard streams, one line each way:

    child  → ready PHASE_US TOTAL_US    how long the durable-rules phase and a whole evaluation take
    parent → go ENGINE                  evaluate (the parent sends one SIGINT meanwhile) with the
                                        engine kept from the start (`kept`) or with one built now
                                        (`fresh`: its first evaluation, as on the command line)
    child  → started                    the evaluation begins now
    child  → durable                    the durable-rules phase begins now
    child  → interrupted WHEN WHERE VERDICTS US   once the KeyboardInterrupt is caught
    parent → quit

WHEN is `during` (the evaluation was cut short) or `after` (it had returned; the signal came
later). WHERE is `PHASE/PLACE` (see `where`): whether the KeyboardInterrupt was raised inside
a durable-rules session, elsewhere in the matcher or elsewhere in the evaluation, and in which
function.
VERDICTS is `same` when the same engine, asked again, gives the reference JSON byte for byte,
else `different`. US is when the interrupt was caught, in µs from the start of the evaluation.

The `durable` line is written by a wrapper around `Matcher.run` that then calls the real one:
the parent times its signal from it, so that signals land across the durable-rules phase even
on a machine whose load shifts that phase from one evaluation to the next.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import workload  # noqa: E402  (the benchmarks' seeded case generator, found through sys.path)

from thiduarules import Engine, _durable, load_ruleset, to_json  # noqa: E402
from thiduarules._program import Matches  # noqa: E402
from thiduarules.case import structure_case  # noqa: E402

REAL_RUN = _durable.Matcher.run
marks: list[float] = []


def run(self: _durable.Matcher, *args: Any) -> Matches:
    """`Matcher.run`, saying when it starts and noting when it starts and ends."""
    marks.append(time.perf_counter())
    print("durable", flush=True)
    try:
        return REAL_RUN(self, *args)
    finally:
        marks.append(time.perf_counter())


def where(tb: TracebackType | None) -> str:
    """Where the interrupt was raised: `PHASE/PLACE`. PLACE is the innermost thiduarules frame
    (`module.qualified_name`, or `outside`); PHASE is `session` if the traceback passes through
    a durable-rules session (`Matcher._session`), else `durable` if it passes through the
    matcher (`Matcher.run`), else `evaluation`."""
    package = f"{os.sep}thiduarules{os.sep}"
    ours = [
        f"{Path(frame.f_code.co_filename).stem}.{frame.f_code.co_qualname}"
        for frame, _ in traceback.walk_tb(tb)
        if package in frame.f_code.co_filename
    ]
    phase = (
        "session"
        if "_durable.Matcher._session" in ours
        else "durable"
        if "_durable.Matcher.run" in ours
        else "evaluation"
    )
    return f"{phase}/{ours[-1] if ours else 'outside'}"


def main(argv: list[str]) -> int:
    ruleset = load_ruleset()
    case = structure_case(workload.generate_case(11, int(argv[0])), ruleset)
    with Engine(ruleset) as engine:
        reference = to_json(engine.evaluate(case))
        begin = time.perf_counter()
        engine.evaluate(case)
        total = time.perf_counter() - begin
        _durable.Matcher.run = run  # type: ignore[method-assign]
        marks.clear()
        engine.evaluate(case)  # its "durable" line tells the parent nothing: timed, not read
        phase = marks[-1] - marks[0]
        print(f"ready {phase * 1e6:.0f} {total * 1e6:.0f}", flush=True)
        for line in sys.stdin:
            command = line.split()
            if command[:1] != ["go"]:
                break
            used = Engine(ruleset) if command[1:] == ["fresh"] else engine
            result: Any = None
            begin = time.perf_counter()
            try:
                print("started", flush=True)
                begin = time.perf_counter()
                result = used.evaluate(case)
                time.sleep(60)  # the evaluation finished first: the signal lands here
            except KeyboardInterrupt as exc:
                when = "during" if result is None else "after"
                place = where(exc.__traceback__)
                caught = (time.perf_counter() - begin) * 1e6
            else:
                print("interrupted never evaluation/outside unchecked 0", flush=True)
                continue
            verdicts = "same" if to_json(used.evaluate(case)) == reference else "different"
            if used is not engine:
                used.close()
            print(f"interrupted {when} {place} {verdicts} {caught:.0f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
