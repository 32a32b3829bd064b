"""Scenario tests: small cases written by a reviewer, with the outcome the plan says each gets.

A scenario file (TOML, `format = "thiduarules-scenarios/1"`, described in docs/scenarios.md)
holds several scenarios. Each is a small case — the same facts as a JSON case file — plus, for
every nomination, the outcome the plan gives it and the clauses its explanation must (or must
not) cite. This module loads the files, binds them to a ruleset (every fact, clause and
parameter checked, every problem reported at once), runs them with `thiduarules.Engine`, and
measures how much of the ruleset the suite reaches (`coverage`). `thiduarules test` is
`run_cli`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from thiduarules._params import Params
from thiduarules.case._load import structure_case
from thiduarules.case._model import FORMAT as CASE_FORMAT
from thiduarules.case._model import Case, Nomination
from thiduarules.engine import Engine
from thiduarules.errors import CaseFileError, InputError, ParameterUnsetError, Problem, closest
from thiduarules.render._text import verdict_text
from thiduarules.ruleset._expr import (
    AchievementCount,
    AssessmentSpec,
    AssessmentTest,
    AtLeast,
    CandidateTest,
    Choose,
    CriterionRef,
    Expr,
    Ref,
    YearsCount,
    walk,
)
from thiduarules.ruleset._load import content_hash, load_ruleset
from thiduarules.ruleset._model import DatedValue, Parameter, ParamValue, Ruleset, Text, Track
from thiduarules.ruleset._parse import Parser, nfc
from thiduarules.ruleset._reader import join
from thiduarules.verdict import CaseResult, Node, Outcome, Verdict

__all__ = [
    "FORMAT",
    "Bound",
    "Check",
    "Coverage",
    "Engines",
    "Expectation",
    "Scenario",
    "ScenarioError",
    "ScenarioResult",
    "add_arguments",
    "bind",
    "check_verdict",
    "cited_clauses",
    "coverage",
    "criteria_by_track",
    "evaluate",
    "load_suite",
    "loads_scenarios",
    "parameters_by_track",
    "principle_parameters",
    "read_scenarios",
    "report",
    "required_settings",
    "run",
    "run_cli",
    "setting",
    "shipped_suite_paths",
    "with_parameters",
]

FORMAT = "thiduarules-scenarios/1"
OUTCOMES: tuple[Outcome, ...] = ("eligible", "ineligible", "undetermined")
EQUIVALENTS_FILE = "equivalent-mutants.toml"
COLLECTIONS = (
    "candidates",
    "achievements",
    "assessments",
    "awards",
    "nominations",
    "unit_reports",
    "council_decisions",
)
EXPECTATION_KEYS = ("expect", "cites", "not_cites", "warns")
SCENARIO_KEYS = (
    "id",
    "title",
    "clauses",
    "as_of",
    "parameters",
    "why",
    "late_reports",
    *COLLECTIONS,
)
OVERRIDE_SOURCE = "kịch bản kiểm thử / scenario override"
UNSET = "(chưa đặt / unset)"
_NOMINATION_KEY = re.compile(r"\.nominations\[\d+\]\.([^.\[]+)$")
CITING_KINDS = frozenset({"track", "subject", "form", "timing", "principle", "achievement"})


class ScenarioError(InputError):
    """A scenario file does not load, or does not fit the ruleset it is run against."""

    heading_vi = "Tệp kịch bản có lỗi"
    heading_en = "The scenario file has errors"


class ScenarioFailure(AssertionError):
    """Scenarios whose verdicts are not what they expect; the message is the mismatch report,
    each expectation beside the verdict's explanation. `results` holds the failed runs."""

    def __init__(self, results: Sequence[ScenarioResult], lang: str = "vi") -> None:
        self.results = tuple(results)
        super().__init__(report(self.results, None, lang))


# ---- the model ------------------------------------------------------------------------------


@attrs.frozen
class Expectation:
    """What the plan says one nomination gets, and what its explanation must cite.

    `warns` is None when the scenario says nothing about warnings; otherwise the exact set of
    clauses the verdict's warnings must cite (empty: no warning at all).
    """

    nomination: str
    outcome: Outcome
    cites: tuple[str, ...] = ()
    not_cites: tuple[str, ...] = ()
    warns: tuple[str, ...] | None = None
    path: str = ""


@attrs.frozen
class Scenario:
    """One scenario as written: its facts (JSON-ready), its expectations, and where it is."""

    id: str
    file: str
    path: str
    title: Text
    clauses: tuple[str, ...]
    as_of: dt.date | None
    parameters: tuple[tuple[str, object], ...] = attrs.field(eq=False)
    facts: Mapping[str, Any] = attrs.field(eq=False, repr=False)
    expectations: tuple[Expectation, ...]
    why: str | None = None
    ruleset: str | None = None
    late_reports: tuple[str, ...] | None = None
    # False for a scenario with problems of its own, kept only so that checking it against the
    # ruleset reports its other problems in the same run; it is never run.
    complete: bool = attrs.field(default=True, eq=False)


@attrs.frozen
class Bound:
    """A scenario checked against one ruleset: a structured case and typed parameter overrides."""

    scenario: Scenario
    case: Case
    as_of: dt.date
    overrides: tuple[tuple[str, ParamValue], ...]
    tracks: frozenset[str]


@attrs.frozen
class Check:
    """One nomination's verdict beside its expectation; `failures` empty means it matched."""

    expectation: Expectation
    verdict: Verdict | None
    failures: tuple[Text, ...]


@attrs.frozen
class ScenarioResult:
    """A scenario run: the case result and one check per expected nomination."""

    bound: Bound
    result: CaseResult
    checks: tuple[Check, ...]
    case_failures: tuple[Text, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.case_failures and all(not c.failures for c in self.checks)


# ---- reading files --------------------------------------------------------------------------


def shipped_suite_paths() -> tuple[Path, ...]:
    """The scenario files shipped for the bundled ruleset, in name order."""
    folder = Path(str(resources.files("thiduarules") / "data" / "scenarios"))
    return tuple(sorted(p for p in folder.glob("*.toml") if p.name != EQUIVALENTS_FILE))


def read_scenarios(paths: Iterable[str | Path]) -> tuple[Scenario, ...]:
    """Every scenario of `paths`, in file order; `ScenarioError` lists every problem at once."""
    scenarios, problems = _read(paths)
    if problems:
        raise ScenarioError(problems)
    return scenarios


def _read(paths: Iterable[str | Path]) -> tuple[tuple[Scenario, ...], list[Problem]]:
    """The scenarios that read cleanly, and the problems of the others."""
    problems: list[Problem] = []
    out: list[Scenario] = []
    for path in paths:
        name = str(path)
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            problems.append(
                Problem(name, "$", f"không đọc được tệp / cannot read the file: {exc.strerror}")
            )
            continue
        found, trouble = _loads(data, name)
        out.extend(found)
        problems.extend(trouble)
    seen: dict[str, Scenario] = {}
    for s in out:
        if not s.id:
            continue
        if s.id in seen:
            first = seen[s.id]
            problems.append(
                Problem(
                    s.file,
                    join(s.path, "id"),
                    f"mã kịch bản trùng với {first.file}: {first.path} / duplicate scenario id",
                    found=repr(s.id),
                )
            )
        seen.setdefault(s.id, s)
    return tuple(out), problems


def loads_scenarios(data: bytes | str, name: str = "<string>") -> tuple[Scenario, ...]:
    """The scenarios of one file's content; `name` is used in messages."""
    found, problems = _loads(data, name)
    if problems:
        raise ScenarioError(problems)
    return found


def _loads(data: bytes | str, name: str) -> tuple[tuple[Scenario, ...], list[Problem]]:
    r = Parser(name)
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        return (), [Problem(name, "$", f"không phải UTF-8 / not UTF-8 at byte {exc.start}")]
    try:
        raw = nfc(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        return (), [Problem(name, "$", f"TOML không hợp lệ / invalid TOML: {exc}")]
    r.keys(raw, "", required=("format", "scenarios"), optional=("ruleset", "as_of", "parameters"))
    if r.string(raw.get("format"), "format", choices=(FORMAT,)) is None:
        return (), r.problems
    ruleset_id = r.string(raw["ruleset"], "ruleset") if "ruleset" in raw else None
    default_as_of = r.date(raw["as_of"], "as_of") if "as_of" in raw else None
    defaults: dict[str, Any] = {}
    if "parameters" in raw:
        defaults = r.table(raw["parameters"], "parameters") or {}
    items = raw.get("scenarios", [])
    if not isinstance(items, list) or not items:
        r.problem(
            "scenarios",
            "phải là mảng bảng, ít nhất một kịch bản / must be a non-empty array of tables",
            found=items,
        )
        items = []
    out: list[Scenario] = []
    for i, item in enumerate(items):
        path = join("scenarios", i)
        table = r.table(item, path)
        if table is not None:
            s = _scenario(r, table, path, default_as_of, defaults)
            out.append(attrs.evolve(s, ruleset=ruleset_id))
    return tuple(out), r.problems


def _text(r: Parser, raw: object, path: str) -> Text | None:
    table = r.table(raw, path)
    if table is None:
        return None
    if not r.keys(table, path, required=("vi", "en")):
        return None
    return r.text(table, path)


def _scenario(
    r: Parser, t: dict[str, Any], path: str, default_as_of: dt.date | None, defaults: dict[str, Any]
) -> Scenario:
    """One scenario table; one with problems of its own comes back marked incomplete."""
    before = len(r.problems)
    r.keys(t, path, required=("id", "title", "clauses", "nominations"), optional=SCENARIO_KEYS)
    sid = r.string(t.get("id"), join(path, "id"))
    title = _text(r, t.get("title"), join(path, "title")) if "title" in t else None
    clauses = r.strings(t.get("clauses"), join(path, "clauses")) if "clauses" in t else None
    as_of = r.date(t["as_of"], join(path, "as_of")) if "as_of" in t else default_as_of
    why = r.string(t["why"], join(path, "why")) if "why" in t else None
    params = dict(defaults)
    if "parameters" in t and (pt := r.table(t["parameters"], join(path, "parameters"))) is not None:
        params.update(pt)
    late: tuple[str, ...] | None = None
    if "late_reports" in t:
        value = t["late_reports"]
        late = (
            ()
            if isinstance(value, list) and not value
            else r.strings(value, join(path, "late_reports"))
        )
    facts: dict[str, Any] = {}
    for coll in COLLECTIONS:
        value = t.get(coll, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            r.problem(
                join(path, coll), "phải là mảng bảng / must be an array of tables", found=value
            )
            continue
        facts[coll] = value
    expectations: list[Expectation] = []
    for j, nom in enumerate(facts.get("nominations", [])):
        npath = join(join(path, "nominations"), j)
        exp = _expectation(r, nom, npath)
        if exp is not None:
            expectations.append(exp)
    if isinstance(t.get("nominations"), list) and not t["nominations"]:
        r.problem(
            join(path, "nominations"), "cần ít nhất một đề nghị / needs at least one nomination"
        )
    complete = len(r.problems) == before and None not in (sid, title, clauses)
    case = {
        coll: [
            _plain_facts(_without_expectations(v) if coll == "nominations" else v)
            for v in facts[coll]
        ]
        for coll in COLLECTIONS
        if coll in facts  # a collection that is not an array of tables is reported already
    }
    return Scenario(
        sid or "",
        r.file,
        path,
        title or Text("", ""),
        clauses or (),
        as_of,
        tuple(sorted(params.items())),
        case,
        tuple(expectations),
        why,
        late_reports=late,
        complete=complete,
    )


def _expectation(r: Parser, nom: dict[str, Any], path: str) -> Expectation | None:
    nid = nom.get("id")
    if "expect" not in nom:
        r.problem(
            join(path, "expect"),
            "thiếu kết quả mong đợi / the expected outcome is missing",
            expected="expect = " + " | ".join(f'"{o}"' for o in OUTCOMES),
        )
        return None
    outcome = r.string(nom["expect"], join(path, "expect"), choices=OUTCOMES)
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("cites", "not_cites", "warns"):
        if key not in nom:
            continue
        value = nom[key]
        if isinstance(value, list) and not value:
            lists[key] = ()
        elif (got := r.strings(value, join(path, key))) is not None:
            lists[key] = got
    both = sorted(set(lists.get("cites", ())) & set(lists.get("not_cites", ())))
    if both:
        r.problem(
            join(path, "not_cites"),
            "điều khoản vừa phải dẫn vừa không được dẫn / clause both in cites and not_cites",
            found=", ".join(both),
            raw=True,
        )
    if not isinstance(nid, str) or outcome is None:
        return None
    chosen = next(o for o in OUTCOMES if o == outcome)
    cites, not_cites = lists.get("cites", ()), lists.get("not_cites", ())
    return Expectation(nid, chosen, cites, not_cites, lists.get("warns"), path)


def _without_expectations(nom: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in nom.items() if k not in EXPECTATION_KEYS}


def _plain_facts(value: Any) -> Any:
    """TOML values as the case converter reads JSON: dates become "YYYY-MM-DD" strings."""
    if isinstance(value, dict):
        return {k: _plain_facts(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_facts(v) for v in value]
    if type(value) is dt.date:
        return value.isoformat()
    return value


# ---- binding to a ruleset --------------------------------------------------------------------


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
    return _apply(ruleset, checked)


def _apply(
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
    scenarios, problems = _read(paths if paths else shipped_suite_paths())
    try:
        bound = bind(scenarios, ruleset)
    except ScenarioError as exc:
        problems.extend(exc.problems)
    if problems:
        raise ScenarioError(list(dict.fromkeys(problems)))
    return bound


# ---- running --------------------------------------------------------------------------------


def cited_clauses(verdict: Verdict) -> frozenset[str]:
    """The clauses cited by the part of the explanation that decides the outcome.

    From the root, every node whose result is its parent's (for an eligible verdict the parts
    that hold, for an ineligible one the parts that fail, for an undetermined one the parts left
    open), plus the clauses of what is missing and of the warnings. Alternatives that did not
    decide the outcome are left out, so `cites` can say which one did. Only nodes that stand
    for a rule count — the track, subject, form, timing, principles, claimed achievements, and
    the innermost criteria on the way: a criterion made of other criteria cites the clauses of
    all its alternatives, its deciding parts cite only their own.
    """
    out: set[str] = set()

    def visit(node: Node) -> bool:
        """Collect `node`'s chain; True when a criterion was met on the way down."""
        found = False
        for child in node.children:
            if child.result == node.result:
                found = visit(child) or found
        if node.kind == "criterion":
            if not found:
                out.update(node.clauses)
            return True
        if node.kind in CITING_KINDS:
            out.update(node.clauses)
        return found

    visit(verdict.explanation)
    for note in verdict.missing + verdict.warnings:
        out.update(note.clauses)
    return frozenset(out)


def check_verdict(expectation: Expectation, verdict: Verdict | None) -> tuple[Text, ...]:
    """How `verdict` differs from `expectation` (empty when it matches)."""
    if verdict is None:
        return (
            Text(
                f"không có kết quả cho đề nghị {expectation.nomination}",
                f"no verdict for nomination {expectation.nomination}",
            ),
        )
    out: list[Text] = []
    if verdict.outcome != expectation.outcome:
        out.append(
            Text(
                f"kết quả {verdict.outcome}, mong đợi {expectation.outcome}",
                f"outcome {verdict.outcome}, expected {expectation.outcome}",
            )
        )
    cited = cited_clauses(verdict)
    missing = [c for c in expectation.cites if c not in cited]
    if missing:
        out.append(
            Text(
                f"lời giải thích không dẫn {', '.join(missing)}",
                f"the explanation does not cite {', '.join(missing)}",
            )
        )
    extra = [c for c in expectation.not_cites if c in cited]
    if extra:
        out.append(
            Text(
                f"lời giải thích dẫn {', '.join(extra)}, không được dẫn",
                f"the explanation cites {', '.join(extra)}, which it must not",
            )
        )
    if expectation.warns is not None:
        warned = sorted({c for n in verdict.warnings for c in n.clauses})
        if warned != sorted(set(expectation.warns)):
            shown = ", ".join(warned) or "—"
            want = ", ".join(sorted(set(expectation.warns))) or "—"
            out.append(
                Text(
                    f"lưu ý dẫn [{shown}], mong đợi [{want}]",
                    f"warnings cite [{shown}], expected [{want}]",
                )
            )
    return tuple(out)


def evaluate(engine: Engine, bound: Bound) -> ScenarioResult:
    """Run one bound scenario on `engine` (built on the ruleset with the scenario's overrides)."""
    result = engine.evaluate(bound.case, as_of=bound.as_of)
    verdicts = {v.nomination: v for v in result.verdicts}
    checks = tuple(
        Check(e, verdicts.get(e.nomination), check_verdict(e, verdicts.get(e.nomination)))
        for e in bound.scenario.expectations
    )
    return ScenarioResult(bound, result, checks, _check_reports(bound, result))


def _check_reports(bound: Bound, result: CaseResult) -> tuple[Text, ...]:
    """Whether the units flagged for a late or missing report (plan IV.2) are those expected."""
    expected = bound.scenario.late_reports
    if expected is None:
        return ()
    flagged = sorted({str(note.arg("unit")) for note in result.late_reports})
    want = sorted(set(expected))
    if flagged == want:
        return ()
    shown = ", ".join(flagged) or "—"
    wanted = ", ".join(want) or "—"
    return (
        Text(
            f"đơn vị báo cáo chậm: [{shown}], mong đợi [{wanted}]",
            f"units reporting late: [{shown}], expected [{wanted}]",
        ),
    )


class Engines:
    """One engine per distinct set of parameter overrides of one ruleset, closed together.

    `rehash=False` skips recomputing the content hash of each overridden ruleset (a third of a
    mutation run's time): the verdicts' stamps then carry the ruleset's own hash. Only for runs
    whose verdicts are compared and never shown.
    """

    def __init__(self, ruleset: Ruleset, backend: str = "auto", *, rehash: bool = True) -> None:
        self.ruleset = ruleset
        self.backend = backend
        self.rehash = rehash
        self._engines: dict[tuple[tuple[str, ParamValue], ...], Engine] = {}

    def get(self, overrides: tuple[tuple[str, ParamValue], ...]) -> Engine:
        engine = self._engines.get(overrides)
        if engine is None:
            engine = self._engines[overrides] = Engine(
                _apply(self.ruleset, overrides, rehash=self.rehash), backend=self.backend
            )
        return engine

    def close(self) -> None:
        for engine in self._engines.values():
            engine.close()
        self._engines.clear()

    def __enter__(self) -> Engines:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def run(
    suite: Iterable[Bound], ruleset: Ruleset, *, backend: str = "auto"
) -> tuple[ScenarioResult, ...]:
    """Run every bound scenario against `ruleset`, in order."""
    with Engines(ruleset, backend) as engines:
        return tuple(evaluate(engines.get(b.overrides), b) for b in suite)


def check_suite(
    ruleset: Ruleset,
    paths: Sequence[str | Path] | None = None,
    *,
    lang: str = "vi",
    backend: str = "auto",
) -> tuple[ScenarioResult, ...]:
    """Run the scenario files `paths` (default: the shipped suite) against `ruleset`; raise
    `ScenarioFailure` with the mismatch report if any scenario fails, else return the results."""
    results = run(load_suite(paths, ruleset), ruleset, backend=backend)
    failed = [r for r in results if not r.passed]
    if failed:
        raise ScenarioFailure(failed, lang)
    return results


# ---- coverage -------------------------------------------------------------------------------


def _refs(expr: Expr) -> Iterator[str]:
    for node in walk(expr):
        args: list[object] = []
        if isinstance(node, AtLeast):
            args.append(node.n)
        elif isinstance(node, Choose):
            yield node.param
        elif isinstance(node, CandidateTest):
            args.append(node.values)
        elif isinstance(node, AssessmentTest):
            args += _spec_args(node.spec)
        elif isinstance(node, YearsCount):
            args += [node.at_least, node.consecutive]
            for spec in node.specs:
                args += _spec_args(spec)
        elif isinstance(node, AchievementCount):
            args += [node.at_least, node.rewarded]
        yield from (a.param for a in args if isinstance(a, Ref))


def _spec_args(spec: AssessmentSpec) -> list[object]:
    return [spec.values, spec.by]


def _criteria_of(expr: Expr, rs: Ruleset, seen: set[str]) -> set[str]:
    by_id = {c.id: c for c in rs.criteria}
    for node in walk(expr):
        if (
            isinstance(node, CriterionRef)
            and node.criterion not in seen
            and node.criterion in by_id
        ):
            seen.add(node.criterion)
            _criteria_of(by_id[node.criterion].when, rs, seen)
    return seen


def criteria_by_track(rs: Ruleset) -> dict[str, frozenset[str]]:
    """The criteria each track reaches, directly or through other criteria."""
    return {t.id: frozenset(_criteria_of(t.requires, rs, set())) for t in rs.tracks}


def parameters_by_track(rs: Ruleset) -> dict[str, frozenset[str]]:
    """The parameters each track reads: in its criteria, its own conditions and its timing."""
    by_id = {c.id: c for c in rs.criteria}
    out: dict[str, frozenset[str]] = {}
    for t in rs.tracks:
        names = set(_refs(t.requires))
        for cid in _criteria_of(t.requires, rs, set()):
            names.update(_refs(by_id[cid].when))
        names.update(_timing_refs(t))
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
        for a in (p.conflict, p.limit, p.deadline)
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
        params = Params(_apply(ruleset, res.bound.overrides), res.bound.as_of)
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


# ---- report and command line ----------------------------------------------------------------


def _expectation_lines(e: Expectation) -> list[str]:
    parts = [f"mong đợi / expected {e.outcome}"]
    if e.cites:
        parts.append(f"dẫn / cites {', '.join(e.cites)}")
    if e.not_cites:
        parts.append(f"không dẫn / not citing {', '.join(e.not_cites)}")
    if e.warns is not None:
        parts.append(f"lưu ý / warnings [{', '.join(e.warns)}]")
    return ["; ".join(parts)]


def report(results: Sequence[ScenarioResult], cov: Coverage | None, lang: str = "vi") -> str:
    """Every scenario's result, each mismatch beside the verdict's explanation, then coverage."""
    out: list[str] = []
    for res in results:
        s = res.bound.scenario
        title = s.title.vi if lang == "vi" else s.title.en
        out.append(f"{'✓' if res.passed else '✗'} {s.id} — {title}")
        if res.passed:
            continue
        out.append(f"    {s.file}: {s.path} [{', '.join(s.clauses)}]")
        if s.why:
            out.append(f"    Căn cứ / why: {s.why}")
        out.extend(f"    ✗ {f.vi} / {f.en}" for f in res.case_failures)
        for i, c in enumerate(res.checks, 1):
            if not c.failures:
                continue
            out.append(f"    {c.expectation.nomination}: " + _expectation_lines(c.expectation)[0])
            out.extend(f"      ✗ {f.vi} / {f.en}" for f in c.failures)
            if c.verdict is not None:
                out.extend("      " + line for line in verdict_text(c.verdict, lang, i))
    failed = sum(not r.passed for r in results)
    out.append("")
    if cov is not None:
        out.extend(cov.text())
        out.append("")
    out.append(
        f"Kết quả / result: {len(results) - failed} đạt / passed, {failed} không đạt / failed, {len(results)} kịch bản / scenarios"
    )
    return "\n".join(out) + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `thiduarules test [FILES…] [--ruleset PATH]`."""
    parser.add_argument(
        "files", nargs="*", type=Path, help="scenario files (TOML); default: the shipped suite"
    )
    parser.add_argument(
        "--ruleset", type=Path, help="ruleset file (TOML); default: the bundled ruleset"
    )
    parser.add_argument(
        "--lang", choices=("vi", "en"), default="vi", help="language of the explanations shown"
    )


def run_cli(args: argparse.Namespace) -> int:
    """`thiduarules test`: 0 when every scenario passes, 1 on a failure or a bad file."""
    ruleset = load_ruleset(getattr(args, "ruleset", None))
    files = list(getattr(args, "files", None) or [])
    try:
        suite = load_suite(files, ruleset)
    except InputError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    results = run(suite, ruleset)
    cov = coverage(ruleset, results)
    sys.stdout.write(
        f"Bộ quy tắc / ruleset: {ruleset.meta.id} {ruleset.meta.version} ({ruleset.content_hash[:19]}…)\n"
    )
    sys.stdout.write(report(results, cov, getattr(args, "lang", "vi")))
    return 0 if all(r.passed for r in results) else 1
