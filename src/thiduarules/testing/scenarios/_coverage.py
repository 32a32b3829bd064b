"""How much of a ruleset a suite reaches: each criterion seen true and false, each parameter
at its settings, each track by outcome."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator

import attrs

from thiduarules._params import Params
from thiduarules.errors import ParameterUnsetError
from thiduarules.ruleset._expr import Expr, Ref
from thiduarules.ruleset._model import Parameter, ParamValue, Ruleset, Track
from thiduarules.ruleset._refs import referred_criteria
from thiduarules.testing.scenarios._bind import apply_overrides
from thiduarules.testing.scenarios._model import UNSET, ScenarioResult


def _refs(expr: Expr) -> Iterator[str]:
    for node in expr.walk():
        yield from node.params()


def _criteria_of(expr: Expr, rs: Ruleset, seen: set[str]) -> set[str]:
    by_id = {c.id: c for c in rs.criteria}
    for cid in referred_criteria(expr):
        if cid not in seen and cid in by_id:
            seen.add(cid)
            _criteria_of(by_id[cid].when, rs, seen)
    return seen


def criteria_by_track(rs: Ruleset) -> dict[str, frozenset[str]]:
    """The criteria each track reaches, directly or through other criteria."""
    return {t.id: frozenset(_criteria_of(t.requires, rs, set())) for t in rs.tracks}


def parameters_by_track(rs: Ruleset) -> dict[str, frozenset[str]]:
    """The parameters each track reads: in its criteria, its own conditions, its year and its
    timing."""
    by_id = {c.id: c for c in rs.criteria}
    out: dict[str, frozenset[str]] = {}
    for t in rs.tracks:
        names = set(_refs(t.requires))
        for cid in _criteria_of(t.requires, rs, set()):
            names.update(_refs(by_id[cid].when))
        names.update(_timing_refs(t))
        if isinstance(t.year, Ref):
            names.add(t.year.param)
        out[t.id] = frozenset(names)
    return out


def _timing_refs(t: Track) -> Iterator[str]:
    tm = t.timing
    if tm is None:
        return
    for arg in (tm.deadline, tm.inclusive, tm.within_days, tm.opens, tm.closes, tm.late):
        if isinstance(arg, Ref):
            yield arg.param


def principle_parameters(rs: Ruleset) -> frozenset[str]:
    """The parameters the principles read (they apply to every nomination)."""
    return frozenset(
        a.param
        for p in rs.principles
        for a in (p.conflict, p.limit, p.deadline, p.precedence)
        if isinstance(a, Ref)
    )


def setting(value: ParamValue | None) -> str:
    """A parameter value as one short, stable word, for coverage."""
    if value is None:
        return UNSET
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(sorted(value)) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def required_settings(p: Parameter) -> tuple[str, ...] | None:
    """The settings a parameter must be seen at: both booleans, every choice; None: any two."""
    if p.type == "boolean":
        return ("false", "true")
    if p.type == "choice":
        return p.choices
    return None


@attrs.frozen
class ParameterCoverage:
    """The settings of one parameter the suite ran nominations under."""

    name: str
    required: tuple[str, ...] | None
    seen: tuple[str, ...]
    applicable: bool

    @property
    def complete(self) -> bool:
        if not self.applicable:
            return True
        if self.required is None:
            return len(self.seen) >= 2
        return set(self.required) <= set(self.seen)

    @property
    def lacking(self) -> tuple[str, ...]:
        if self.required is None:
            return () if len(self.seen) >= 2 else ("(một giá trị khác / another value)",)
        return tuple(s for s in self.required if s not in self.seen)


@attrs.frozen
class Coverage:
    """What a suite reached: each criterion true / false, each parameter at its settings, each
    track by outcome."""

    criteria: tuple[tuple[str, tuple[str, ...]], ...]
    parameters: tuple[ParameterCoverage, ...]
    tracks: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def criteria_complete(self) -> tuple[str, ...]:
        return tuple(cid for cid, seen in self.criteria if {"true", "false"} <= set(seen))

    @property
    def complete(self) -> bool:
        return len(self.criteria_complete) == len(self.criteria) and all(
            p.complete for p in self.parameters
        )

    def text(self) -> list[str]:
        """The coverage as report lines (Vietnamese / English)."""
        out = ["Độ phủ / coverage:"]
        done = self.criteria_complete
        out.append(
            f"  Tiêu chuẩn đạt và không đạt / criteria seen true and false: {len(done)}/{len(self.criteria)}"
        )
        out.extend(
            (
                f"    - {cid}: chỉ thấy / only seen {', '.join(seen)}"
                if seen
                else f"    - {cid}: chưa kịch bản nào xét đến / no scenario reaches it"
            )
            for cid, seen in self.criteria
            if cid not in done
        )
        needed = [p for p in self.parameters if p.applicable]
        full = [p for p in needed if p.complete]
        out.append(
            f"  Tham số diễn giải, lựa chọn / interpretation and choice parameters at every setting: {len(full)}/{len(needed)}"
        )
        for p in needed:
            mark = "✓" if p.complete else "✗"
            lacking = "" if p.complete else f" — thiếu / lacking {', '.join(p.lacking)}"
            out.append(f"    {mark} {p.name}: {', '.join(p.seen) or '—'}{lacking}")
        skipped = [p.name for p in self.parameters if not p.applicable]
        if skipped:
            out.append(
                f"    không dùng khi xét điều kiện (chỉ dùng khi phân bổ) / not read by verdicts (allocation only): {', '.join(skipped)}"
            )
        out.append("  Diện khen thưởng theo kết quả / tracks by outcome:")
        out.extend(f"    {tid}: {', '.join(seen) or '—'}" for tid, seen in self.tracks)
        return out


def coverage(ruleset: Ruleset, results: Iterable[ScenarioResult]) -> Coverage:
    """Which criteria the suite saw true and false, which parameters at which settings.

    A parameter counts as run at a setting when a scenario evaluated, under that setting, a
    nomination whose track reads the parameter (principle parameters: any nomination). The
    parameters required are those that interpret the plan (`interprets = N`) and every boolean
    or choice parameter, among those a criterion, track or principle reads; booleans must be
    seen both ways, choices at every value, other types at two values at least.
    """
    crit_seen: dict[str, set[str]] = defaultdict(set)
    track_seen: dict[str, set[str]] = defaultdict(set)
    param_seen: dict[str, set[str]] = defaultdict(set)
    by_track = parameters_by_track(ruleset)
    principled = principle_parameters(ruleset)
    read = set(principled).union(*by_track.values())
    for res in results:
        for v in res.result.verdicts:
            track_seen[v.track].add(v.outcome)
            for node in v.explanation.walk():
                if node.kind == "criterion" and node.ref is not None:
                    crit_seen[node.ref].add(node.result)
        relevant = set(principled).union(*(by_track.get(t, frozenset()) for t in res.bound.tracks))
        params = Params(apply_overrides(ruleset, res.bound.overrides), res.bound.as_of)
        for name in sorted(relevant):
            try:
                param_seen[name].add(setting(params.get(name)))
            except ParameterUnsetError:
                param_seen[name].add(UNSET)
    order = {"true": 0, "false": 1, "unknown": 2, "eligible": 0, "ineligible": 1, "undetermined": 2}
    criteria = tuple(
        (c.id, tuple(sorted(crit_seen[c.id], key=order.__getitem__))) for c in ruleset.criteria
    )
    tracks = tuple(
        (t.id, tuple(sorted(track_seen[t.id], key=order.__getitem__))) for t in ruleset.tracks
    )
    params_cov = []
    for p in ruleset.parameters:
        wanted = p.interprets is not None or p.type in ("boolean", "choice")
        if not wanted:
            continue
        params_cov.append(
            ParameterCoverage(
                p.name, required_settings(p), tuple(sorted(param_seen[p.name])), p.name in read
            )
        )
    return Coverage(criteria, tuple(params_cov), tracks)
