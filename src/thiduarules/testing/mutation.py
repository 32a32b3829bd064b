"""Mutation testing of a ruleset: small faults planted in the rules, and whether the scenario
suite notices each one.

A *mutant* is the ruleset with one change made at the model level (`thiduarules.ruleset._model`):
an any-of turned all-of or back, a condition dropped, a threshold one step up or down, a
comparison flipped, an assessment of another kind read, a criterion negated, a deadline moved by
a day, a parameter at another setting. The suite *kills* a mutant when some scenario that passes
on the ruleset fails on the mutant. A mutant no scenario can ever tell apart is *equivalent*;
each is listed with the reason in `data/scenarios/equivalent-mutants.toml`. Any other survivor
is a gap in the suite, reported with the clauses it touches. `thiduarules audit --mutate` is
`run_cli`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path

import attrs

from thiduarules.errors import InputError, Problem
from thiduarules.ruleset._expr import (
    AchievementCount,
    AllOf,
    AnyOf,
    AssessmentSpec,
    AssessmentTest,
    AtLeast,
    CandidateTest,
    Choose,
    CriterionRef,
    Expr,
    Not,
    Op,
    YearsCount,
    walk,
)
from thiduarules.ruleset._load import content_hash, load_ruleset
from thiduarules.ruleset._model import Criterion, Parameter, ParamValue, Ruleset, Text, Track
from thiduarules.ruleset._parse import Parser, nfc
from thiduarules.ruleset._reader import join
from thiduarules.testing.scenarios import (
    EQUIVALENTS_FILE,
    Bound,
    Engines,
    ScenarioError,
    criteria_by_track,
    evaluate,
    load_suite,
    parameters_by_track,
    principle_parameters,
    run,
)

__all__ = [
    "EQUIVALENTS_FORMAT",
    "Mutant",
    "MutantResult",
    "MutationReport",
    "add_arguments",
    "equivalents_path",
    "mutants",
    "read_equivalents",
    "run_cli",
    "run_mutants",
]

EQUIVALENTS_FORMAT = "thiduarules-equivalent-mutants/1"
DEFAULT_BACKEND = "auto"


@attrs.frozen
class Mutant:
    """One planted fault: its id, what it changes, the clauses it touches, the changed ruleset.

    `tracks` are the tracks whose verdicts the change can reach (None: every track, for a
    parameter the principles read); scenarios with no nomination on them are not run.
    """

    id: str
    text: Text
    clauses: tuple[str, ...]
    ruleset: Ruleset = attrs.field(eq=False, repr=False)
    tracks: frozenset[str] | None = None


# ---- making mutants -------------------------------------------------------------------------

Change = tuple[str, Text, Expr]


def _replace(expr: Expr, target: Expr, new: Expr) -> Expr:
    """`expr` with the node `target` (by identity) replaced by `new`."""
    if expr is target:
        return new
    if isinstance(expr, AllOf | AnyOf):
        return attrs.evolve(expr, items=tuple(_replace(i, target, new) for i in expr.items))
    if isinstance(expr, AtLeast):
        return attrs.evolve(expr, items=tuple(_replace(i, target, new) for i in expr.items))
    if isinstance(expr, Not):
        return attrs.evolve(expr, item=_replace(expr.item, target, new))
    if isinstance(expr, Choose):
        return attrs.evolve(expr, cases=tuple((k, _replace(e, target, new)) for k, e in expr.cases))
    return expr


def _nodes(expr: Expr) -> Iterator[Expr]:
    yield expr
    if isinstance(expr, AllOf | AnyOf | AtLeast):
        for item in expr.items:
            yield from _nodes(item)
    elif isinstance(expr, Not):
        yield from _nodes(expr.item)
    elif isinstance(expr, Choose):
        for _, case in expr.cases:
            yield from _nodes(case)


def _flip(op: Op) -> Op:
    """The opposite comparison: `is` and `in` become `not_in`, `not_in` becomes `in`."""
    return "in" if op == "not_in" else "not_in"


def _spec_changes(
    spec: AssessmentSpec, rs: Ruleset, where: str
) -> Iterator[tuple[str, Text, AssessmentSpec]]:
    """A spec with its comparison flipped, and read from every other kind that has its values."""
    new_op = _flip(spec.op)
    yield (
        f"op={new_op}",
        Text(
            f"đảo phép so sánh ({spec.op} → {new_op}) tại {where}",
            f"comparison flipped ({spec.op} → {new_op}) at {where}",
        ),
        attrs.evolve(spec, op=new_op),
    )
    if isinstance(spec.values, tuple):
        wanted = {str(v) for v in spec.values}
        for kind in rs.assessments:
            if kind.slug != spec.kind and wanted <= set(kind.value_slugs()):
                yield (
                    f"kind={kind.slug}",
                    Text(
                        f"đọc đánh giá “{kind.slug}” thay cho “{spec.kind}” tại {where}",
                        f"reads the “{kind.slug}” assessment instead of “{spec.kind}” at {where}",
                    ),
                    attrs.evolve(spec, kind=kind.slug),
                )


def _steps(n: int) -> Iterator[int]:
    if n > 0:
        yield n - 1
    yield n + 1


def _node_changes(node: Expr, rs: Ruleset) -> Iterator[Change]:
    """Every single-step change of one node, as (id suffix, description, new node)."""
    p = node.path
    if isinstance(node, AllOf | AnyOf):
        swap = AnyOf(node.items, p) if isinstance(node, AllOf) else AllOf(node.items, p)
        a, b = ("all", "any") if isinstance(node, AllOf) else ("any", "all")
        words = {"all": ("tất cả", "all-of"), "any": ("một trong", "any-of")}
        yield (
            f"{p}:{a}-to-{b}",
            Text(
                f"“{words[a][0]}” đổi thành “{words[b][0]}” tại {p}",
                f"{words[a][1]} turned {words[b][1]} at {p}",
            ),
            swap,
        )
    if isinstance(node, AllOf | AnyOf | AtLeast) and len(node.items) > 1:
        for i, item in enumerate(node.items):
            rest = node.items[:i] + node.items[i + 1 :]
            yield (
                f"{item.path}:drop",
                Text(f"bỏ điều kiện {item.path}", f"condition {item.path} dropped"),
                attrs.evolve(node, items=rest),
            )
    if isinstance(node, AtLeast) and isinstance(node.n, int):
        for m in _steps(node.n):
            yield (
                f"{p}:at_least={m}",
                Text(f"ngưỡng tại {p}: {node.n} → {m}", f"threshold at {p}: {node.n} → {m}"),
                attrs.evolve(node, n=m),
            )
    if isinstance(node, CandidateTest):
        new_op = _flip(node.op)
        yield (
            f"{p}:op={new_op}",
            Text(
                f"đảo phép so sánh ({node.op} → {new_op}) tại {p}",
                f"comparison flipped ({node.op} → {new_op}) at {p}",
            ),
            attrs.evolve(node, op=new_op),
        )
    if isinstance(node, AssessmentTest):
        for suffix, text, spec in _spec_changes(node.spec, rs, p):
            yield f"{p}:{suffix}", text, attrs.evolve(node, spec=spec)
    if isinstance(node, YearsCount):
        for i, spec in enumerate(node.specs):
            where = join(join(p, "years"), i)
            for suffix, text, new_spec in _spec_changes(spec, rs, where):
                specs = (*node.specs[:i], new_spec, *node.specs[i + 1 :])
                yield f"{where}:{suffix}", text, attrs.evolve(node, specs=specs)
        if isinstance(node.at_least, int):
            for m in _steps(node.at_least):
                yield (
                    f"{p}:at_least={m}",
                    Text(
                        f"số năm tối thiểu tại {p}: {node.at_least} → {m}",
                        f"least number of years at {p}: {node.at_least} → {m}",
                    ),
                    attrs.evolve(node, at_least=m),
                )
        if isinstance(node.consecutive, bool) and not node.every:
            flipped = not node.consecutive
            yield (
                f"{p}:consecutive={str(flipped).lower()}",
                Text(
                    f"yêu cầu liên tục tại {p}: {node.consecutive} → {flipped}",
                    f"consecutive at {p}: {node.consecutive} → {flipped}",
                ),
                attrs.evolve(node, consecutive=flipped),
            )
    if isinstance(node, AchievementCount):
        if isinstance(node.at_least, int):
            for m in _steps(node.at_least):
                yield (
                    f"{p}:at_least={m}",
                    Text(
                        f"số thành tích tối thiểu tại {p}: {node.at_least} → {m}",
                        f"least number of achievements at {p}: {node.at_least} → {m}",
                    ),
                    attrs.evolve(node, at_least=m),
                )
        if isinstance(node.rewarded, str):
            other = "include" if node.rewarded == "exclude" else "exclude"
            yield (
                f"{p}:rewarded={other}",
                Text(
                    f"thành tích đã khen: {node.rewarded} → {other} tại {p}",
                    f"already-rewarded achievements: {node.rewarded} → {other} at {p}",
                ),
                attrs.evolve(node, rewarded=other),
            )


def _expr_mutants(
    root: Expr, rs: Ruleset, owner: tuple[str, ...]
) -> Iterator[tuple[str, Text, tuple[str, ...], Expr]]:
    """Each change of a node under `root`, with the clauses it touches: those of the criterion
    or track that holds it (`owner`), then those of any criterion the changed node refers to."""
    crits = {c.id: c for c in rs.criteria}

    def touched(part: Expr) -> tuple[str, ...]:
        refs = [n.criterion for n in walk(part) if isinstance(n, CriterionRef)]
        return tuple(
            dict.fromkeys([*owner, *(c for r in refs if r in crits for c in crits[r].clauses)])
        )

    for node in _nodes(root):
        for mid, text, new in _node_changes(node, rs):
            # A dropped item touches what it refers to; any other change, the whole node.
            dropped = [x for x in walk(node) if mid == f"{x.path}:drop"]
            yield mid, text, touched(dropped[0] if dropped else node), _replace(root, node, new)


def _rehash(rs: Ruleset) -> Ruleset:
    bare = attrs.evolve(rs, content_hash="")
    return attrs.evolve(bare, content_hash=content_hash(bare))


def _with_criterion(rs: Ruleset, crit: Criterion) -> Ruleset:
    return _rehash(
        attrs.evolve(rs, criteria=tuple(crit if c.id == crit.id else c for c in rs.criteria))
    )


def _with_track(rs: Ruleset, track: Track) -> Ruleset:
    return _rehash(
        attrs.evolve(rs, tracks=tuple(track if t.id == track.id else t for t in rs.tracks))
    )


def _with_parameter(rs: Ruleset, param: Parameter) -> Ruleset:
    return _rehash(
        attrs.evolve(
            rs, parameters=tuple(param if p.name == param.name else p for p in rs.parameters)
        )
    )


def _day_shift(value: ParamValue, ptype: str, days: int) -> ParamValue | None:
    if ptype == "date" and isinstance(value, dt.date):
        return value + dt.timedelta(days=days)
    if ptype == "month-day" and isinstance(value, str):
        # A leap year, so 29 February stays a valid neighbour.
        moved = dt.date.fromisoformat(f"2024-{value}") + dt.timedelta(days=days)
        return moved.strftime("%m-%d") if moved.year == 2024 else None
    return None


def _value_changes(
    p: Parameter, value: ParamValue, vocab: dict[str, tuple[str, ...]]
) -> Iterator[tuple[str, str, str, ParamValue]]:
    """(id suffix, old shown, new shown, new value) for one parameter value."""
    if p.type == "boolean" and isinstance(value, bool):
        yield f"={str(not value).lower()}", str(value).lower(), str(not value).lower(), not value
    elif p.type == "choice":
        for choice in p.choices:
            if choice != value:
                yield f"={choice}", str(value), choice, choice
    elif p.type == "integer" and isinstance(value, int):
        for m in _steps(value):
            yield f"={m}", str(value), str(m), m
    elif p.type in ("date", "month-day"):
        for days in (-1, 1):
            moved = _day_shift(value, p.type, days)
            if moved is not None:
                yield f"={moved}", str(value), str(moved), moved
    elif p.type == "set" and isinstance(value, tuple):
        for member in value:
            rest = tuple(v for v in value if v != member)
            yield f":-{member}", f"[{', '.join(value)}]", f"bỏ / without {member}", rest
        for member in vocab.get(p.of or "", ()):
            if member not in value:
                yield (
                    f":+{member}",
                    f"[{', '.join(value)}]",
                    f"thêm / with {member}",
                    (*value, member),
                )


def _parameter_mutants(rs: Ruleset, read: dict[str, frozenset[str] | None]) -> Iterator[Mutant]:
    vocab = {name: tuple(t.slug for t in terms) for name, terms in rs.vocabularies}
    for p in rs.parameters:
        if p.name not in read:
            continue
        several = len(p.values) > 1
        for i, dv in enumerate(p.values):
            if dv.value is None:
                continue
            where = f"parameters.{p.name}" + (f".values[{i}]" if several else "")
            for suffix, old, new, value in _value_changes(p, dv.value, vocab):
                values = (*p.values[:i], attrs.evolve(dv, value=value), *p.values[i + 1 :])
                yield Mutant(
                    where + suffix,
                    Text(f"tham số {p.name}: {old} → {new}", f"parameter {p.name}: {old} → {new}"),
                    p.clauses,
                    _with_parameter(rs, attrs.evolve(p, values=values)),
                    read[p.name],
                )


def mutants(rs: Ruleset) -> tuple[Mutant, ...]:
    """Every mutant of `rs` the operators make, in a stable order, ids unique."""
    out: list[Mutant] = []
    reach = criteria_by_track(rs)
    for c in rs.criteria:
        tracks = frozenset(t for t, crits in reach.items() if c.id in crits)
        negated = Not(c.when, f"{c.when.path}~not")
        out.append(
            Mutant(
                f"criteria.{c.id}:not",
                Text(f"phủ định tiêu chuẩn {c.id}", f"criterion {c.id} negated"),
                c.clauses,
                _with_criterion(rs, attrs.evolve(c, when=negated)),
                tracks,
            )
        )
        for mid, text, touched, new in _expr_mutants(c.when, rs, c.clauses):
            out.append(
                Mutant(mid, text, touched, _with_criterion(rs, attrs.evolve(c, when=new)), tracks)
            )
    for t in rs.tracks:
        for mid, text, touched, new in _expr_mutants(t.requires, rs, t.clauses):
            out.append(
                Mutant(
                    mid,
                    text,
                    touched,
                    _with_track(rs, attrs.evolve(t, requires=new)),
                    frozenset({t.id}),
                )
            )
        out.extend(_timing_mutants(rs, t))
    by_track = parameters_by_track(rs)
    read: dict[str, frozenset[str] | None] = {}
    for tid, names in by_track.items():
        for name in names:
            current = read.get(name, frozenset())
            read[name] = None if current is None else current | {tid}
    for name in principle_parameters(rs):
        read[name] = None
    out.extend(_parameter_mutants(rs, read))
    ids = [m.id for m in out]
    assert len(ids) == len(set(ids)), "mutant ids must be unique"
    return tuple(out)


def _timing_mutants(rs: Ruleset, t: Track) -> Iterator[Mutant]:
    tm = t.timing
    if tm is None:
        return
    clauses = tm.clauses
    where = f"tracks.{t.id}.timing"
    if isinstance(tm.within_days, int):
        for m in _steps(tm.within_days):
            yield Mutant(
                f"{where}.within_days={m}",
                Text(
                    f"thời hạn tại {where}: {tm.within_days} → {m} ngày",
                    f"days allowed at {where}: {tm.within_days} → {m}",
                ),
                clauses,
                _with_track(rs, attrs.evolve(t, timing=attrs.evolve(tm, within_days=m))),
                frozenset({t.id}),
            )
    if isinstance(tm.inclusive, bool):
        flipped = not tm.inclusive
        yield Mutant(
            f"{where}.inclusive={str(flipped).lower()}",
            Text(
                f"tính cả ngày hạn tại {where}: {tm.inclusive} → {flipped}",
                f"deadline day counts at {where}: {tm.inclusive} → {flipped}",
            ),
            clauses,
            _with_track(rs, attrs.evolve(t, timing=attrs.evolve(tm, inclusive=flipped))),
            frozenset({t.id}),
        )
    if isinstance(tm.late, str):
        other = "canh-bao" if tm.late == "tu-choi" else "tu-choi"
        yield Mutant(
            f"{where}.late={other}",
            Text(
                f"hồ sơ trễ tại {where}: {tm.late} → {other}",
                f"late dossier at {where}: {tm.late} → {other}",
            ),
            clauses,
            _with_track(rs, attrs.evolve(t, timing=attrs.evolve(tm, late=other))),
            frozenset({t.id}),
        )


# ---- equivalent mutants ----------------------------------------------------------------------


def equivalents_path() -> Path:
    """The shipped list of equivalent mutants of the bundled ruleset."""
    return Path(str(resources.files("thiduarules") / "data" / "scenarios" / EQUIVALENTS_FILE))


def read_equivalents(
    path: str | Path | None = None, ruleset_id: str | None = None
) -> dict[str, Text]:
    """Mutant id → why it is equivalent (vi, en); entries for another ruleset id are skipped."""
    file = Path(path) if path is not None else equivalents_path()
    name = str(file)
    r = Parser(name)
    try:
        raw = nfc(tomllib.loads(file.read_text(encoding="utf-8")))
    except OSError as exc:
        raise ScenarioError(
            [Problem(name, "$", f"không đọc được tệp / cannot read the file: {exc.strerror}")]
        ) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ScenarioError(
            [Problem(name, "$", f"TOML không hợp lệ / invalid TOML: {exc}")]
        ) from exc
    r.keys(raw, "", required=("format", "ruleset", "mutants"))
    r.string(raw.get("format"), "format", choices=(EQUIVALENTS_FORMAT,))
    for_id = r.string(raw.get("ruleset"), "ruleset")
    out: dict[str, Text] = {}
    table = r.table(raw.get("mutants", {}), "mutants") or {}
    for mid in sorted(table):
        path = join("mutants", mid)
        if (t := r.table(table[mid], path)) is None:
            continue
        r.keys(t, path, required=("vi", "en"))
        if (text := r.text(t, path)) is not None:
            out[mid] = text
    if r.problems:
        raise ScenarioError(r.problems)
    return out if ruleset_id is None or for_id == ruleset_id else {}


# ---- running --------------------------------------------------------------------------------


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
        """The report: each mutant tried and what became of it, then the totals."""
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
        return "\n".join(out) + "\n"


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


# ---- command line ---------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options `audit --mutate` adds (RULESET and --mutate belong to the `audit` command)."""
    parser.add_argument(
        "--tests",
        nargs="+",
        type=Path,
        help="with --mutate: scenario files; default: the shipped suite",
    )
    parser.add_argument(
        "--equivalents",
        type=Path,
        help="with --mutate: the equivalent-mutants file; default: the shipped one",
    )


def run_cli(args: argparse.Namespace) -> int:
    """`thiduarules audit --mutate [RULESET] [--tests FILES…]`: 0 when every non-equivalent
    mutant is killed and the suite passes on the ruleset, else 1."""
    ruleset = load_ruleset(getattr(args, "ruleset", None))
    tests: Iterable[Path] | None = getattr(args, "tests", None)
    try:
        suite = load_suite(list(tests) if tests else None, ruleset)
        equivalents = read_equivalents(getattr(args, "equivalents", None), ruleset.meta.id)
    except InputError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    report = run_mutants(ruleset, suite, equivalents=equivalents)
    sys.stdout.write(report.text())
    sys.stderr.write(f"Thời gian / time: {report.seconds:.1f} s\n")
    return 0 if report.ok else 1
