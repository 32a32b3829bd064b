"""Binding scenarios to a ruleset: facts structured as a case, clauses and parameter
overrides checked, every problem at once."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from thiduarules.case._load import structure_case
from thiduarules.case._model import FORMAT as CASE_FORMAT
from thiduarules.case._model import Nomination
from thiduarules.errors import CaseFileError, Problem, closest, quoted
from thiduarules.ruleset._model import ParamValue, Ruleset
from thiduarules.ruleset._override import apply_overrides as _apply
from thiduarules.ruleset._override import check_overrides
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


def apply_overrides(
    ruleset: Ruleset, overrides: tuple[tuple[str, ParamValue], ...], *, rehash: bool = True
) -> Ruleset:
    """`ruleset` with a scenario's checked overrides in force at every date."""
    return _apply(ruleset, overrides, source=OVERRIDE_SOURCE, rehash=rehash)


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
        overrides = check_overrides(r, ruleset, s.parameters, join(s.path, "parameters"))
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
    if match is None or p.found != quoted(match.group(1)):
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
