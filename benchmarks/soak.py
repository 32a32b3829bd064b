"""The soak: engines shared by threads over a long mixed run give what a serial run gives, byte
for byte, and memory stays flat.

Run: `python benchmarks/soak.py [--quick] [--evaluations N] [--threads T] [--seed S]
[--out benchmarks/soak.md]` from the repository root, in the project's virtual environment.

What: one `Engine` per ruleset — the bundled one, two variants of it under parameter overrides
(`with_parameters`: a dossier on the deadline day counts and a late one is refused; the first
dossier filed keeps a shared achievement and two annual awards a year are allowed), and the
minimal test ruleset (`tests/rulesets/minimal.toml`) — built once and shared by T threads (8)
that take N jobs (10,000) from one plan. The plan mixes, from a seed:
- `evaluate`: a valid case (1 to 300 nominations, `workload.generate_case`, structured once per
  ruleset and shared, frozen) evaluated, its `to_json` digested;
- `parse`: the case file's bytes read with `parse_case`, then evaluated;
- `text`: evaluated and rendered with `to_text` (Vietnamese or English);
- `allocate`: the recommendation list within a budget, its `to_json`;
- `misfit`: a case of the bundled ruleset given to the minimal ruleset's engine, which must
  raise `CaseFileError` (the case does not fit: its tracks and vocabularies are not there);
- `broken`: a case file with mistakes (a year written as a string, a misspelt track, an
  unknown field), which `parse_case` must refuse with `CaseFileError`.
Every job leaves a SHA-256 digest of its output — the JSON or text, or the error's type and
message. The same plan then runs again in one thread; the two runs must agree on every digest.
Any other exception, or an error where none belongs, fails the run.

Memory: the resident set (`VmRSS` of /proc/self/status) is sampled four times a second during
the threaded run. The table gives it at the start (engines built, every case in memory, each
engine warmed up), its peak and its end, and the growth per 1,000 evaluations after the
warm-up (the first tenth of the run): the least-squares slope of the samples. Python's own
allocated blocks (`sys.getallocatedblocks()`) are sampled beside it: a leak of objects shows
there, while the resident set also holds what the allocator keeps for reuse.

Exit status 0 when the runs agree, no job failed and memory is flat; 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import measure
import run
import workload

from thiduarules import CaseFileError, Engine, Ruleset, load_ruleset, to_json, to_text
from thiduarules.case import Case, parse_case, structure_case
from thiduarules.ruleset import with_parameters

HERE = Path(__file__).resolve().parent
MINIMAL = HERE.parent / "tests" / "rulesets" / "minimal.toml"
#: Memory is flat when it grows by no more than this per 1,000 evaluations after the warm-up:
#: above the allocator's own drift with 8 threads and results up to 300 nominations (about
#: 1 MiB per 1,000 on the machine of docs/security.md, while Python's allocated blocks fell),
#: far below the 18.5 MiB per 1,000 that cyclic garbage left uncollected once grew by.
FLAT_KIB_PER_1000 = 2048


@dataclass(frozen=True)
class Sizes:
    """How big the run is: jobs, threads, and the case sizes drawn (nominations, weight)."""

    evaluations: int
    threads: int
    cases: tuple[tuple[int, int], ...]
    seeds_per_size: int


FULL = Sizes(10_000, 8, ((1, 30), (5, 30), (20, 20), (60, 12), (150, 6), (300, 2)), 2)
QUICK = Sizes(50, 8, ((1, 4), (5, 4), (20, 2)), 1)

KINDS = (
    ("evaluate", 55),
    ("parse", 10),
    ("text", 10),
    ("allocate", 10),
    ("misfit", 8),
    ("broken", 7),
)
BUDGETS = (0, 2_000_000, 10_000_000)
VALID_ON = ("bundled", "on-the-day", "first-filed")


VARIANTS: dict[str, dict[str, object]] = {
    "on-the-day": {"tinh-ca-ngay-han": True, "xu-ly-ho-so-tre": "tu-choi"},
    "first-filed": {
        "xu-ly-trung-thanh-tich": "uu-tien-nop-truoc",
        "so-giay-khen-hang-nam-toi-da": 2,
    },
}


def rulesets() -> dict[str, Ruleset]:
    """The rulesets, one engine each: the bundled one, two variants, and the minimal one."""
    bundled = load_ruleset()
    return {
        "bundled": bundled,
        **{name: with_parameters(bundled, values) for name, values in VARIANTS.items()},
        "minimal": load_ruleset(MINIMAL),
    }


def what(name: str, rs: Ruleset) -> str:
    """A ruleset as the table names it."""
    where = "tests/rulesets/minimal.toml" if name == "minimal" else "bundled"
    values = VARIANTS.get(name)
    if values:
        where += " with " + ", ".join(f"`{k} = {json.dumps(v)}`" for k, v in values.items())
    return f"{name}: {rs.meta.id} ({where}; {rs.content_hash[:19]}…)"


def broken(raw: dict[str, Any], i: int) -> bytes:
    """The case file `raw` with one kind of mistake (by `i`), as bytes."""
    bad = json.loads(json.dumps(raw))
    nomination = bad["nominations"][0]
    if i % 3 == 0:
        nomination["year"] = str(nomination["year"])
    elif i % 3 == 1:
        nomination["track"] = nomination["track"][:-1]
    else:
        bad["candidates"][0]["ghi_chu"] = "?"
    return json.dumps(bad, ensure_ascii=False).encode()


@dataclass(frozen=True)
class Pool:
    """Every case of the run, built before it starts: each case file's bytes, the case
    structured for each ruleset it fits, and the broken files."""

    files: tuple[bytes, ...]
    cases: dict[str, tuple[Case, ...]]
    broken: tuple[bytes, ...]
    sizes: tuple[int, ...]
    weights: tuple[int, ...]


def pool(rs: dict[str, Ruleset], sizes: Sizes, seed: int) -> Pool:
    raws, weights, counts = [], [], []
    for n, weight in sizes.cases:
        for s in range(sizes.seeds_per_size):
            raws.append(workload.generate_case(seed * 100 + s, n))
            weights.append(weight)
            counts.append(n)
    files = tuple(json.dumps(r, ensure_ascii=False).encode() for r in raws)
    cases = {
        name: tuple(structure_case(r, rs[name], f"<soak {i}>") for i, r in enumerate(raws))
        for name in VALID_ON
    }
    return Pool(
        files,
        cases,
        tuple(broken(r, i) for i, r in enumerate(raws)),
        tuple(counts),
        tuple(weights),
    )


@dataclass(frozen=True)
class Job:
    kind: str
    ruleset: str
    case: int
    detail: Any = None


def plan(p: Pool, n: int, seed: int) -> list[Job]:
    """The `n` jobs of the run, drawn from `seed`: the same plan for the threads and the
    serial run."""
    rng = random.Random(f"soak/{seed}")
    kinds, kind_weights = zip(*KINDS, strict=True)
    jobs = []
    for _ in range(n):
        kind = rng.choices(kinds, kind_weights)[0]
        case = rng.choices(range(len(p.files)), p.weights)[0]
        on = rng.choice(VALID_ON)
        detail = {"allocate": rng.choice(BUDGETS), "text": rng.choice(("vi", "en"))}.get(kind)
        jobs.append(Job(kind, "minimal" if kind == "misfit" else on, case, detail))
    return jobs


def do(job: Job, engines: dict[str, Engine], rs: dict[str, Ruleset], p: Pool) -> bytes:
    """One job's output, as the bytes that are digested."""
    engine = engines[job.ruleset]
    if job.kind in ("misfit", "broken"):
        try:
            if job.kind == "misfit":
                engine.evaluate(p.cases["bundled"][job.case])
            else:
                parse_case(p.broken[job.case], rs[job.ruleset], f"<broken {job.case}>")
        except CaseFileError as exc:
            return f"{type(exc).__name__}\n{exc}".encode()
        raise AssertionError(f"{job.kind} job {job} raised no CaseFileError")
    if job.kind == "parse":
        case = parse_case(p.files[job.case], rs[job.ruleset], f"<soak {job.case}>")
    else:
        case = p.cases[job.ruleset][job.case]
    if job.kind == "allocate":
        return to_json(engine.allocate(case, job.detail)).encode()
    result = engine.evaluate(case)
    if job.kind == "text":
        return to_text(result, job.detail).encode()
    return to_json(result).encode()


@dataclass
class Outcome:
    """A run's digests (32 bytes a job, in plan order) and the jobs that failed."""

    digests: bytearray
    failures: list[tuple[int, str]]
    seconds: float = 0.0
    samples: tuple[tuple[int, int], ...] = ()  # (jobs done, VmRSS kB)
    blocks: tuple[tuple[int, int], ...] = ()  # (jobs done, Python's allocated blocks)
    end_kb: int = 0  # VmRSS once every thread has finished


def execute(
    jobs: list[Job],
    engines: dict[str, Engine],
    rs: dict[str, Ruleset],
    p: Pool,
    threads: int,
    sample: bool = False,
) -> Outcome:
    """Run `jobs` on `threads` threads sharing `engines`; with `sample`, the resident set is
    read four times a second."""
    out = Outcome(bytearray(32 * len(jobs)), [])
    counter = itertools.count()
    lock = threading.Lock()
    done = [0]

    def worker() -> None:
        while True:
            with lock:
                i = next(counter)
            if i >= len(jobs):
                return
            try:
                digest = hashlib.sha256(do(jobs[i], engines, rs, p)).digest()
            except BaseException as exc:  # every failure is reported, none ends the thread
                digest = hashlib.sha256(repr(exc).encode()).digest()
                with lock:
                    out.failures.append((i, f"{type(exc).__name__}: {exc}"))
            out.digests[32 * i : 32 * i + 32] = digest
            with lock:
                done[0] += 1

    samples, blocks = [], []
    started = time.perf_counter()
    workers = [threading.Thread(target=worker, name=f"soak-{t}") for t in range(threads)]
    for w in workers:
        w.start()
    while any(w.is_alive() for w in workers):
        if sample:
            samples.append((done[0], measure._status_kb("VmRSS") or 0))
            blocks.append((done[0], sys.getallocatedblocks()))
        time.sleep(0.25)
    for w in workers:
        w.join()
    out.seconds = time.perf_counter() - started
    out.end_kb = measure._status_kb("VmRSS") or 0
    out.samples = tuple(samples)
    out.blocks = tuple(blocks)
    return out


def growth_per_1000(samples: tuple[tuple[int, int], ...], after: int) -> float | None:
    """KiB per 1,000 jobs: the least-squares slope of the resident set over the samples taken
    once `after` jobs were done; None with fewer than 8 such samples (a run too short)."""
    points = [(d, kb) for d, kb in samples if d >= after]
    if len(points) < 8 or points[-1][0] == points[0][0]:
        return None
    mx = sum(d for d, _ in points) / len(points)
    my = sum(kb for _, kb in points) / len(points)
    num = sum((d - mx) * (kb - my) for d, kb in points)
    den = sum((d - mx) ** 2 for d, _ in points)
    return 1000 * num / den if den else 0.0


@dataclass
class Report:
    sizes: Sizes
    jobs: list[Job]
    threaded: Outcome
    serial: Outcome
    start_kb: int
    warmup: int
    pool: Pool

    @property
    def equal(self) -> int:
        a, b = self.threaded.digests, self.serial.digests
        return sum(
            a[32 * i : 32 * i + 32] == b[32 * i : 32 * i + 32] for i in range(len(self.jobs))
        )

    @property
    def growth(self) -> float | None:
        return growth_per_1000(self.threaded.samples, self.warmup)

    @property
    def block_growth(self) -> float | None:
        return growth_per_1000(self.threaded.blocks, self.warmup)

    def tenths(self) -> list[int]:
        """The resident set (kB) when each of the first nine tenths of the jobs was done."""
        n, out = len(self.jobs), []
        for k in range(1, 10):
            hit = next((kb for d, kb in self.threaded.samples if d >= k * n // 10), None)
            if hit is not None:
                out.append(hit)
        return out

    @property
    def flat(self) -> bool:
        return self.growth is None or self.growth <= FLAT_KIB_PER_1000

    @property
    def ok(self) -> bool:
        flat = self.flat
        return (
            self.equal == len(self.jobs)
            and not self.threaded.failures
            and not self.serial.failures
            and flat
        )


def render(info: list[tuple[str, str]], r: Report, engines: dict[str, Engine]) -> str:
    """The report as Markdown."""
    n = len(r.jobs)
    kinds = Counter(j.kind for j in r.jobs)
    on = Counter(j.ruleset for j in r.jobs)
    rss = [kb for _, kb in r.threaded.samples] + [r.threaded.end_kb]
    end = r.threaded.end_kb
    blocks = f"{r.block_growth:,.0f}" if r.block_growth is not None else "—"
    growth = (
        f"{r.growth:,.0f} KiB ({len(r.threaded.samples)} samples)"
        if r.growth is not None
        else f"— (run too short: {len(r.threaded.samples)} samples)"
    )
    lines = [
        f"# thiduarules soak: {r.sizes.threads} threads, {len(engines)} shared engines, {n:,} evaluations",
        "",
        "| machine | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in info],
        "",
        "| engine (one per ruleset) | jobs |",
        "|---|---:|",
        *[f"| {what(n, e.ruleset)} — {e.description} | {on[n]:,} |" for n, e in engines.items()],
        "",
        "| job | count | what it must give |",
        "|---|---:|---|",
        f"| evaluate | {kinds['evaluate']:,} | `to_json` of the result |",
        f"| parse | {kinds['parse']:,} | `parse_case` of the file's bytes, then `to_json` of the result |",
        f"| text | {kinds['text']:,} | `to_text` of the result (vi or en) |",
        f"| allocate | {kinds['allocate']:,} | `to_json` of the recommendation list |",
        f"| misfit | {kinds['misfit']:,} | `CaseFileError`: a bundled-ruleset case given to the minimal ruleset |",
        f"| broken | {kinds['broken']:,} | `CaseFileError`: a case file with a mistake |",
        "",
        f"Cases: {len(r.pool.files)} generated case files of {', '.join(map(str, sorted(set(r.pool.sizes))))} nominations.",
        "",
        "| check | measured | target | |",
        "|---|---|---|---|",
        f"| digests equal to the serial run | {r.equal:,} / {n:,} | all | {run.verdict(r.equal == n)} |",
        f"| failed jobs (threaded / serial) | {len(r.threaded.failures)} / {len(r.serial.failures)} | 0 | {run.verdict(not r.threaded.failures and not r.serial.failures)} |",
        f"| resident set: start / peak / end | {run.mb(r.start_kb)} / {run.mb(max(rss))} / {run.mb(end)} MiB | | |",
        f"| growth per 1,000 evaluations after the first {r.warmup:,} | {growth} | ≤ {FLAT_KIB_PER_1000:,} KiB | {run.verdict(r.flat) if r.growth is not None else ''} |",
        f"| resident set at each tenth of the run, then at its end | {' · '.join(run.mb(kb) for kb in r.tenths())} · {run.mb(end)} MiB | | |",
        f"| Python's allocated blocks, growth per 1,000 evaluations after the first {r.warmup:,} | {blocks} | (a leak of objects shows here; the allocator's own keeping does not) | |",
        f"| wall time: threaded / serial | {r.threaded.seconds:.1f} s / {r.serial.seconds:.1f} s | | |",
        "",
    ]
    for i, why in (r.threaded.failures + r.serial.failures)[:10]:
        lines.append(f"- job {i} ({r.jobs[i].kind} on {r.jobs[i].ruleset}): {why}")
    return "\n".join(lines) + "\n"


def soak(sizes: Sizes, seed: int) -> tuple[Report, dict[str, Engine]]:
    """Build the engines and the cases, run the plan on threads, then serially."""
    rs = rulesets()
    p = pool(rs, sizes, seed)
    jobs = plan(p, sizes.evaluations, seed)
    engines = {name: Engine(r) for name, r in rs.items()}
    try:
        for name in VALID_ON:  # warm-up: imports, compiled durable-rules rulesets
            engines[name].evaluate(p.cases[name][0])
        start = measure._status_kb("VmRSS") or 0
        threaded = execute(jobs, engines, rs, p, sizes.threads, sample=True)
        serial = execute(jobs, engines, rs, p, 1)
    finally:
        for e in engines.values():
            e.close()
    return Report(sizes, jobs, threaded, serial, start, len(jobs) // 10, p), engines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Soak: threads sharing engines over a long mixed run; results equal a "
        "serial run, memory flat; write a Markdown table."
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run: 50 evaluations")
    parser.add_argument("--evaluations", type=int, help="jobs in the run (default 10,000)")
    parser.add_argument("--threads", type=int, help="threads sharing the engines (default 8)")
    parser.add_argument("--seed", type=int, default=2026, help="plan and workload seed")
    parser.add_argument("--out", type=Path, default=HERE / "soak.md", help="Markdown file")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    sizes = Sizes(
        args.evaluations or sizes.evaluations,
        args.threads or sizes.threads,
        sizes.cases,
        sizes.seeds_per_size,
    )
    print(
        f"soak: {sizes.evaluations:,} jobs on {sizes.threads} threads, then serially…",
        file=sys.stderr,
    )
    report, engines = soak(sizes, args.seed)
    text = render(run.machine(args.seed, args.quick), report, engines)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
