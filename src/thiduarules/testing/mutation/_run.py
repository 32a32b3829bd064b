"""Running the scenario suite on every mutant, and the report of what it killed."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import attrs

from thiduarules._printable import printable_lines
from thiduarules.ruleset._model import Ruleset, Text
from thiduarules.testing.mutation._mutants import Mutant, mutants
from thiduarules.testing.scenarios import Bound, Engines, evaluate, run

DEFAULT_BACKEND = "auto"


@attrs.frozen
class MutantResult:
    """What the suite did to one mutant: `killed`, `equivalent` or `survived`."""

    mutant: Mutant
    status: str
    killed_by: tuple[str, ...] = ()
    reason: Text | None = None
    scenarios_run: int = 0


@attrs.frozen
class MutationReport:
    """Every mutant's result, the scenarios that fail on the unchanged ruleset, and timings."""

    ruleset: Ruleset = attrs.field(repr=False)
    results: tuple[MutantResult, ...]
    baseline_failures: tuple[str, ...]
    stale_equivalents: tuple[str, ...]
    killed_equivalents: tuple[str, ...]
    scenarios: int
    seconds: float = attrs.field(eq=False, default=0.0)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def ok(self) -> bool:
        """No survivor, the suite passes on the ruleset, and the equivalents list is exact."""
        return (
            not self.baseline_failures
            and not self.count("survived")
            and not self.stale_equivalents
            and not self.killed_equivalents
        )

    def text(self) -> str:
        """The report: each mutant tried and what became of it, then the totals; safe to print
        (every line made `printable`)."""
        rs = self.ruleset
        out = [
            f"Kiểm thử đột biến / mutation testing: {rs.meta.id} {rs.meta.version} ({rs.content_hash[:19]}…), {self.scenarios} kịch bản / scenarios",
            "",
        ]
        if self.baseline_failures:
            out.append(
                "Kịch bản không đạt trên bộ quy tắc gốc, không dùng để diệt đột biến / scenarios failing on the unchanged ruleset, not used:"
            )
            out.extend(f"  - {s}" for s in self.baseline_failures)
            out.append("")
        words = {
            "killed": "diệt / killed",
            "equivalent": "tương đương / equivalent",
            "survived": "SỐNG SÓT / SURVIVED",
        }
        for r in self.results:
            m = r.mutant
            line = f"{words[r.status]:<26} {m.id}"
            if r.status == "killed":
                line += f" ← {', '.join(r.killed_by)}"
            out.append(line)
            if r.status != "killed":
                out.append(f"    {m.text.vi} / {m.text.en} [{', '.join(m.clauses)}]")
            if r.reason is not None:
                out.append(f"    {r.reason.vi} / {r.reason.en}")
        out.append("")
        for mid in self.stale_equivalents:
            out.append(
                f"Ghi là tương đương nhưng không có đột biến này / listed as equivalent but no such mutant: {mid}"
            )
        for mid in self.killed_equivalents:
            out.append(
                f"Ghi là tương đương nhưng đã bị diệt / listed as equivalent but killed: {mid}"
            )
        total = len(self.results)
        out.append(
            f"Đột biến / mutants: {total} thử / tried, {self.count('killed')} diệt / killed, "
            f"{self.count('equivalent')} tương đương / equivalent, {self.count('survived')} sống sót / survived"
        )
        return printable_lines(out)


def _kills(
    engines: Engines, suite: Sequence[Bound], tracks: frozenset[str] | None, first_only: bool
) -> tuple[tuple[str, ...], int]:
    killed: list[str] = []
    ran = 0
    for b in suite:
        if tracks is not None and not (b.tracks & tracks):
            continue
        ran += 1
        if not evaluate(engines.get(b.overrides), b).passed:
            killed.append(b.scenario.id)
            if first_only:
                break
    return tuple(killed), ran


def run_mutants(
    ruleset: Ruleset,
    suite: Sequence[Bound],
    *,
    equivalents: dict[str, Text] | None = None,
    select: Callable[[Mutant], bool] | None = None,
    first_only: bool = True,
    backend: str = DEFAULT_BACKEND,
) -> MutationReport:
    """Run `suite` on every mutant of `ruleset` (or those `select` keeps).

    Scenarios failing on the unchanged ruleset are set aside. With `first_only` a mutant's run
    stops at the first scenario that kills it. The backend is the one users run (durable-rules
    checked by the plain matcher), so a mutant is judged by the same answers a reviewer sees.
    """
    started = time.perf_counter()
    equivalents = equivalents or {}
    baseline = run(suite, ruleset, backend=backend)
    failing = tuple(r.bound.scenario.id for r in baseline if not r.passed)
    usable = [r.bound for r in baseline if r.passed]
    every = mutants(ruleset)
    chosen = [m for m in every if select is None or select(m)]
    results = []
    for m in chosen:
        with Engines(m.ruleset, backend, rehash=False) as engines:
            killed, ran = _kills(engines, usable, m.tracks, first_only)
        if killed:
            results.append(MutantResult(m, "killed", killed, None, ran))
        elif m.id in equivalents:
            results.append(MutantResult(m, "equivalent", (), equivalents[m.id], ran))
        else:
            results.append(MutantResult(m, "survived", (), None, ran))
    ids = {m.id for m in every}
    stale = tuple(sorted(mid for mid in equivalents if mid not in ids))
    killed_eq = tuple(
        r.mutant.id for r in results if r.status == "killed" and r.mutant.id in equivalents
    )
    return MutationReport(
        ruleset,
        tuple(results),
        failing,
        stale,
        killed_eq,
        len(suite),
        time.perf_counter() - started,
    )
