"""Binding scenarios to a ruleset: facts structured as a case, clauses and parameter
overrides checked, every problem at once."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs

from thiduarules.case._load import structure_case
from thiduarules.case._model import FORMAT as CASE_FORMAT
from thiduarules.case._model import Nomination
from thiduarules.errors import CaseFileError, Problem, closest
from thiduarules.ruleset._load import content_hash
from thiduarules.ruleset._model import DatedValue, ParamValue, Ruleset
from thiduarules.ruleset._parse import Parser
from thiduarules.ruleset._reader import join
from thiduarules.testing.scenarios._model import (
    COLLECTIONS,
    EXPECTATION_KEYS,
    OVERRIDE_SOURCE,
    Bound,
    Scenario,
    ScenarioError,
)
from thiduarules.testing.scenarios._read import read_files, shipped_suite_paths

_NOMINATION_KEY = re.compile(r"\.nominations\[\d+\]\.([^.\[]+)$")


def with_parameters(
    ruleset: Ruleset,
    values: Mapping[str, object],
    *,
    file: str = "<parameters>",
    path: str = "parameters",
) -> Ruleset:
    """`ruleset` with each named parameter fixed at the given value, at every date.

    Values are checked as the ruleset loader checks them (type, choices, vocabulary); a bad one
    raises `ScenarioError`. The content hash is recomputed, so verdicts say which rules ran.
    """
    r = Parser(file)
    checked = _overrides(r, ruleset, tuple(sorted(values.items())), path)
    if r.problems or checked is None:
        raise ScenarioError(r.problems)
    return apply_overrides(ruleset, checked)


def apply_overrides(
    ruleset: Ruleset, overrides: tuple[tuple[str, ParamValue], ...], *, rehash: bool = True
) -> Ruleset:
    """`ruleset` with the overrides in force at every date; `rehash=False` keeps the old hash."""
    if not overrides:
        return ruleset
    fixed = dict(overrides)
    params = tuple(
        attrs.evolve(
            p,
            values=(DatedValue(None, fixed[p.name], OVERRIDE_SOURCE, "interpretation"),),
            unset=None,
        )
        if p.name in fixed
        else p
        for p in ruleset.parameters
    )
    if not rehash:
        return attrs.evolve(ruleset, parameters=params)
    changed = attrs.evolve(ruleset, parameters=params, content_hash="")
    return attrs.evolve(changed, content_hash=content_hash(changed))


def _overrides(
    r: Parser, rs: Ruleset, raw: tuple[tuple[str, object], ...], path: str
) -> tuple[tuple[str, ParamValue], ...] | None:
    params = {p.name: p for p in rs.parameters}
    vocab = {name: {t.slug for t in terms} for name, terms in rs.vocabularies}
    out: list[tuple[str, ParamValue]] = []
    ok = True
    for name, value in raw:
        ppath = join(path, name)
        p = params.get(name)
        if p is None:
            r.problem(
                ppath,
                "tham số không có trong bộ quy tắc / no such parameter in the ruleset",
                found=repr(name),
                raw=True,
                suggestion=closest(name, params),
            )
            ok = False
            continue
        typed = r.typed(value, ppath, p.type, p.choices)
        if typed is None:
            ok = False
            continue
        if p.of is not None and isinstance(typed, tuple):
            for j, member in enumerate(typed):
                allowed = vocab.get(p.of, set())
                if member not in allowed:
                    ok = False
                    r.problem(
                        join(ppath, j),
                        f"không có trong từ vựng {p.of} / not in the {p.of} vocabulary",
                        found=member,
                        expected="one of " + ", ".join(sorted(allowed)),
                        suggestion=closest(member, allowed),
                    )
        out.append((name, typed))
    return tuple(out) if ok else None


def bind(scenarios: Iterable[Scenario], ruleset: Ruleset) -> tuple[Bound, ...]:
    """Check every scenario against `ruleset`; `ScenarioError` lists every problem at once."""
    problems: list[Problem] = []
    out: list[Bound] = []
    clause_ids = {c.id for c in ruleset.clauses}
    for s in scenarios:
        r = Parser(s.file)
        if s.ruleset is not None and s.ruleset != ruleset.meta.id:
            r.problem(
                "ruleset",
                f"tệp viết cho bộ quy tắc khác (đang chạy {ruleset.meta.id}) / written for another ruleset (running {ruleset.meta.id})",
                found=s.ruleset,
            )
        for i, cid in enumerate(s.clauses):
            _clause(r, cid, join(join(s.path, "clauses"), i), clause_ids)
        for e in s.expectations:
            for key in ("cites", "not_cites", "warns"):
                for i, cid in enumerate(getattr(e, key) or ()):
                    _clause(r, cid, join(join(e.path, key), i), clause_ids)
        overrides = _overrides(r, ruleset, s.parameters, join(s.path, "parameters"))
        case = None
        if all(k in s.facts for k in COLLECTIONS):
            raw = {"format": CASE_FORMAT, **{k: s.facts[k] for k in COLLECTIONS}}
            try:
                case = structure_case(raw, ruleset, s.file)
            except CaseFileError as exc:
                problems.extend(_case_problem(p, s.path) for p in exc.problems)
        problems.extend(r.problems)
        if case is None or overrides is None or r.problems or not s.complete:
            continue
        out.append(
            Bound(
                s,
                case,
                s.as_of or ruleset.meta.end,
                overrides,
                frozenset(n.track for n in case.nominations),
            )
        )
    if problems:
        raise ScenarioError(list(dict.fromkeys(problems)))
    return tuple(out)


def _case_problem(p: Problem, scenario_path: str) -> Problem:
    """A case-file problem at its path in the scenario file.

    A misspelt key on a nomination may be a misspelt expectation key (`cite` for `cites`), which
    the case loader does not know, so the suggestion is made among both.
    """
    moved = attrs.evolve(p, path=scenario_path + p.path[1:])
    match = _NOMINATION_KEY.search(moved.path)
    if match is None or p.found != repr(match.group(1)):
        return moved
    allowed = sorted({f.name for f in attrs.fields(Nomination)} | set(EXPECTATION_KEYS))
    return attrs.evolve(
        moved, expected="one of " + ", ".join(allowed), suggestion=closest(match.group(1), allowed)
    )


def _clause(r: Parser, cid: str, path: str, known: set[str]) -> None:
    if cid not in known:
        r.problem(
            path,
            "điều khoản không có trong bộ quy tắc / clause not in the ruleset",
            found=cid,
            suggestion=closest(cid, known),
        )


def load_suite(paths: Sequence[str | Path] | None, ruleset: Ruleset) -> tuple[Bound, ...]:
    """Read and bind scenario files (None or empty: the shipped suite); every problem at once."""
    scenarios, problems = read_files(paths if paths else shipped_suite_paths())
    try:
        bound = bind(scenarios, ruleset)
    except ScenarioError as exc:
        problems.extend(exc.problems)
    if problems:
        raise ScenarioError(list(dict.fromkeys(problems)))
    return bound
