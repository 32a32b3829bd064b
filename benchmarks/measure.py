"""One measurement in a fresh process: time and peak memory of one scenario, printed as JSON.

What: `python benchmarks/measure.py SCENARIO --nominations N --seed S` runs one of
- `scale`: `Engine(rs).evaluate(case)` on a generated case of N nominations (all tracks),
  holding the result;
- `shared`: the same on `workload.one_achievement_case(N)` — N nominations, otherwise
  plausible, all claiming one shared achievement;
- `cli`: the command line's path on a generated case of N nominations written to a file:
  `read_case` → `Engine.evaluate` → `thiduarules.render.to_json`, each timed;
and prints one JSON object on its last line of output. `run.py` starts one process per
measurement.

Why a fresh process: a peak is only clean in a process that did nothing else. The engine is
warmed up on a small case first (imports, the durable-rules ruleset compiled), then the
resident-set high-water mark is reset by writing 5 to `/proc/self/clear_refs` (Linux), so
`VmHWM` read after the call is the peak while evaluating — with the case, and then the result,
held. Where that reset is not possible, the peak is `resource.getrusage(RUSAGE_SELF).ru_maxrss`
(the whole process, generation included); the output says which (`peak_method`).
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import workload

from thiduarules import Engine, Ruleset, load_ruleset, read_case, to_json
from thiduarules.case import structure_case


def _status_kb(field: str) -> int | None:
    """A `kB` field of /proc/self/status (VmRSS, VmHWM), or None off Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    """Reset the resident-set high-water mark (VmHWM) of this process, if the kernel allows."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    hwm, rss = _status_kb("VmHWM"), _status_kb("VmRSS")
    return hwm is not None and rss is not None and hwm <= rss + 1024


class Peak:
    """The peak resident set of a block, and the resident set just before it."""

    def __enter__(self) -> Peak:
        gc.collect()
        self.before_kb = _status_kb("VmRSS") or 0
        self.reset = _reset_peak()
        return self

    def __exit__(self, *_: object) -> None:
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        self.maxrss_kb = maxrss
        self.peak_kb = (_status_kb("VmHWM") or maxrss) if self.reset else maxrss
        self.method = (
            "VmHWM after a /proc/self/clear_refs reset (peak while evaluating)"
            if self.reset
            else "getrusage ru_maxrss (whole process)"
        )

    def report(self) -> dict[str, Any]:
        return {
            "rss_before_kb": self.before_kb,
            "peak_kb": self.peak_kb,
            "maxrss_kb": self.maxrss_kb,
            "peak_method": self.method,
        }


def _warm(engine: Engine, rs: Ruleset, seed: int) -> None:
    """Imports, compiled rulesets, caches: paid on a small case, before anything is measured."""
    engine.evaluate(structure_case(workload.generate_case(seed + 1, 40), rs, "<warm>"))


def evaluate(data: dict[str, Any], seed: int) -> dict[str, Any]:
    """Time and peak memory of the default engine on `data`, holding the result."""
    rs = load_ruleset()
    case = structure_case(data, rs, "<generated>")
    del data
    with Engine(rs) as engine:
        _warm(engine, rs, seed)
        with Peak() as peak:
            t0 = time.perf_counter()
            result = engine.evaluate(case)
            seconds = time.perf_counter() - t0
        outcomes = [v.outcome for v in result.verdicts]
    return {
        "nominations": len(case.nominations),
        "verdicts": len(outcomes),
        "undetermined": outcomes.count("undetermined"),
        "conflicts": len(result.conflicts),
        "seconds": seconds,
        **peak.report(),
    }


def cli(n: int, seed: int) -> dict[str, Any]:
    """The command line's path: read the file, evaluate, render JSON — each timed."""
    rs = load_ruleset()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ho-so.json"
        path.write_text(json.dumps(workload.generate_case(seed, n), ensure_ascii=False), "utf-8")
        with Engine(rs) as engine:
            _warm(engine, rs, seed)
            t0 = time.perf_counter()
            case = read_case(path, rs)
            t1 = time.perf_counter()
            result = engine.evaluate(case)
            t2 = time.perf_counter()
            text = to_json(result)
            t3 = time.perf_counter()
    return {
        "nominations": len(case.nominations),
        "read_seconds": t1 - t0,
        "evaluate_seconds": t2 - t1,
        "render_seconds": t3 - t2,
        "json_bytes": len(text.encode("utf-8")),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=("scale", "shared", "cli"))
    parser.add_argument("--nominations", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    args = parser.parse_args(argv)
    if args.scenario == "scale":
        out = evaluate(workload.generate_case(args.seed, args.nominations), args.seed)
    elif args.scenario == "shared":
        out = evaluate(workload.one_achievement_case(args.nominations, args.seed), args.seed)
    else:
        out = cli(args.nominations, args.seed)
    out["scenario"] = args.scenario
    sys.stdout.write(json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
