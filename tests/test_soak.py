"""The soak benchmark (`benchmarks/soak.py`), in small: threads sharing engines give what a
serial run gives, and the typed errors are the expected ones. No timing is asserted."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def soak() -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import soak as module
    finally:
        sys.path.remove(str(BENCHMARKS))
    return module


def test_eight_threads_sharing_the_engines_agree_with_a_serial_run(soak: ModuleType) -> None:
    report, engines = soak.soak(soak.QUICK, 7)
    assert len(report.jobs) == 50
    assert report.sizes.threads == 8
    assert report.threaded.failures == []
    assert report.serial.failures == []
    assert report.equal == 50
    assert {j.kind for j in report.jobs} >= {"evaluate", "misfit", "broken"}
    assert len({e.ruleset.content_hash for e in engines.values()}) == 4
    text = soak.render([("run", "test")], report, engines)
    assert "| digests equal to the serial run | 50 / 50 | all | **PASS** |" in text


def test_a_job_that_does_not_raise_its_typed_error_fails(soak: ModuleType) -> None:
    rs = soak.rulesets()
    p = soak.pool(rs, soak.QUICK, 7)
    engines = {name: soak.Engine(r, backend="plain") for name, r in rs.items()}
    try:
        wrong = [soak.Job("misfit", "bundled", 0), soak.Job("broken", "bundled", 0)]
        out = soak.execute(wrong, engines, rs, p, 2)
    finally:
        for e in engines.values():
            e.close()
    assert [i for i, _ in sorted(out.failures)] == [0]  # a broken file is refused by any
    assert "raised no CaseFileError" in out.failures[0][1]


def test_memory_growth_is_the_slope_after_the_warm_up(soak: ModuleType) -> None:
    flat = tuple((d, 50_000 + (d % 3)) for d in range(0, 1000, 50))
    rising = tuple((d, 50_000 + 2 * d) for d in range(0, 1000, 50))
    assert abs(soak.growth_per_1000(flat, 100)) < 10
    assert soak.growth_per_1000(rising, 100) == pytest.approx(2000)
    assert soak.growth_per_1000(rising[:5], 0) is None  # too few samples to say
