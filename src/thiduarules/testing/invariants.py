"""Invariants every ruleset's verdicts must keep, each checked by Hypothesis on generated cases.

Each invariant is a plain function: give it a ruleset (and `examples=`, `seed=`), it runs a
Hypothesis search inside and returns an `InvariantReport`, or raises `InvariantFailure` — an
`AssertionError` carrying the shrunk counterexample as a case file (raw JSON), ready to be
written out and replayed with `thiduarules evaluate FILE`. `run_all` runs them all and never
raises for a failing invariant: it reports it.

    >>> from thiduarules import load_ruleset
    >>> from thiduarules.testing import invariants
    >>> invariants.determinism(load_ruleset(), examples=50).result
    'passed'

What each one checks is in its docstring. The engine is the costly part of every example, so
each invariant builds its engines once and keeps generated cases small.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import difflib
import json
import random
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal, TypeAlias

import attrs
from hypothesis import HealthCheck, Phase, Verbosity, given, reject, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.errors import FlakyFailure, HypothesisException, Unsatisfiable

from thiduarules import _durable
from thiduarules._params import Params
from thiduarules.case import structure_case
from thiduarules.engine import Engine
from thiduarules.errors import EngineDisagreement, ParameterUnsetError
from thiduarules.evaluate._logic import all3, any3, count3, not3
from thiduarules.principles import counts, grounds
from thiduarules.render import to_json
from thiduarules.render._json import verdict_jsonable
from thiduarules.ruleset import Ruleset
from thiduarules.ruleset._expr import (
    AchievementCount,
    AllOf,
    AnyOf,
    AtLeast,
    Choose,
    CriterionRef,
    Expr,
    Not,
    Ref,
    YearsCount,
)
from thiduarules.testing import strategies as ts
from thiduarules.testing.strategies import _profile, _reaching
from thiduarules.verdict import (
    FALSE,
    OUTCOME,
    TRUE,
    UNKNOWN,
    CaseResult,
    Node,
    Result,
    Verdict,
)

__all__ = [
    "INVARIANTS",
    "InvariantFailure",
    "InvariantReport",
    "backends_agree",
    "budget_holds",
    "determinism",
    "monotonic_knowledge",
    "one_achievement_one_reward",
    "one_reward_problems",
    "reachability",
    "run_all",
    "sound_explanations",
]

Raw: TypeAlias = dict[str, Any]
Outcome: TypeAlias = Literal["passed", "failed", "skipped"]

#: Small cases: the properties hold or fail on a few candidates, and the engine is the cost.
CANDIDATES = st.integers(1, 4)
#: Another order for a case file's collections, from a seed drawn up front (a lazily drawing
#: `randoms()` would draw a different amount when a check stops early).
ORDERS = st.integers(0, 2**32 - 1).map(random.Random)
#: How long a failing invariant may spend shrinking its counterexample before reporting the
#: smallest one found so far (0: report the first failing case as found, unshrunk).
SHRINK_SECONDS = 20.0


@attrs.frozen
class InvariantReport:
    """The outcome of one invariant on one ruleset: "passed", "failed" or "skipped".

    `examples` counts the generated cases tried (for a failure: up to the first failing one);
    `message` says what failed or why it was skipped; `counterexample` is the failing case file
    (raw JSON) and `related` any other case file the failure compares it with (the same case
    with a fact filled in, a nomination removed…), by a short name.
    """

    name: str
    examples: int
    result: Outcome
    message: str = ""
    seconds: float = 0.0
    counterexample: Raw | None = attrs.field(default=None, eq=False, repr=False)
    related: Mapping[str, Raw] = attrs.field(factory=dict, eq=False, repr=False)


class InvariantFailure(AssertionError):
    """An invariant does not hold; `case` is the (shrunk) counterexample, as a case file's JSON."""

    def __init__(
        self,
        invariant: str,
        detail: str,
        case: Raw | None = None,
        related: Mapping[str, Raw] | None = None,
    ) -> None:
        self.invariant = invariant
        self.detail = detail
        self.case = case
        self.related: dict[str, Raw] = dict(related or {})
        self.examples = 0
        self.seconds = 0.0
        text = f"invariant {invariant} does not hold: {detail}"
        if case is not None:
            text += (
                "\n\nCounterexample (a case file; save it and replay it with `thiduarules evaluate FILE`):\n"
                + case_file_text(case)
            )
        super().__init__(text)

    def report(self) -> InvariantReport:
        return InvariantReport(
            self.invariant,
            self.examples,
            "failed",
            self.detail,
            self.seconds,
            self.case,
            self.related,
        )


def case_file_text(raw: Mapping[str, Any]) -> str:
    """A case file's text: one record a line, so a counterexample reads (and diffs) well."""
    lines = ["{"]
    keys = list(raw)
    for i, key in enumerate(keys):
        value = raw[key]
        comma = "," if i < len(keys) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f"  {json.dumps(key)}: [")
            for j, item in enumerate(value):
                lines.append(
                    "    "
                    + json.dumps(item, ensure_ascii=False)
                    + ("," if j < len(value) - 1 else "")
                )
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


# ---- running a property under Hypothesis ---------------------------------------------------


class _Packed:
    """A drawn example, shown by Hypothesis in one short line: the case file itself travels in
    the `InvariantFailure`, and a full repr of a case and its verdicts would be enormous."""

    __slots__ = ("value",)

    def __init__(self, value: tuple[Any, ...]) -> None:
        self.value = value

    def __repr__(self) -> str:
        raw = self.value[0] if self.value and isinstance(self.value[0], dict) else {}
        return f"<case file: {len(raw.get('candidates', []))} candidates, {len(raw.get('nominations', []))} nominations>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


class _StopShrinking(BaseException):
    """Raised through Hypothesis once the shrinking budget is spent (not an `Exception`, so
    Hypothesis does not take it for a new failure)."""


# Why each health check is suppressed: generated cases are deliberately rich (too_slow,
# data_too_large, large_base_example), monotonic_knowledge rejects cases with nothing left to
# fill in (filter_too_much), and `nested_given` lets these run from inside a user's own test.
_SUPPRESSED = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
    HealthCheck.filter_too_much,
    HealthCheck.nested_given,
]


def _settings(examples: int, seed: int | None, *, shrink: bool = True) -> settings:
    # No explain phase: the counterexample case file is the explanation, and the phase is slow.
    phases = tuple(p for p in Phase if p is not Phase.explain and (shrink or p is not Phase.shrink))
    return settings(
        max_examples=examples,
        phases=phases,
        database=None,
        deadline=None,
        derandomize=seed is not None,
        suppress_health_check=_SUPPRESSED,
        report_multiple_bugs=False,
        verbosity=Verbosity.quiet,
    )


def _check_options(examples: int, seed: int | None) -> None:
    if isinstance(examples, bool) or not isinstance(examples, int) or examples < 1:
        raise ValueError(f"examples must be a positive integer, not {examples!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise ValueError(f"seed must be an integer or None, not {seed!r}")


def _run(
    name: str,
    strategy: st.SearchStrategy[tuple[Any, ...]],
    check: Callable[..., None],
    *,
    examples: int,
    seed: int | None,
    shrink_seconds: float | None = None,
) -> InvariantReport:
    """Run `check(*value)` on `examples` values of `strategy`; raise the shrunk `InvariantFailure`."""
    _check_options(examples, seed)
    budget = SHRINK_SECONDS if shrink_seconds is None else shrink_seconds
    started = time.perf_counter()
    tried = 0
    first_failure: float | None = None
    latest: InvariantFailure | None = None

    def body(value: tuple[Any, ...]) -> None:
        nonlocal tried, first_failure, latest
        if first_failure is None:
            tried += 1
        elif time.perf_counter() - first_failure > budget:
            raise _StopShrinking
        raw = value[0]
        try:
            check(*value)
        except InvariantFailure as exc:
            failure = exc
        except HypothesisException:
            raise
        except Exception as exc:
            failure = InvariantFailure(name, f"the engine raised {type(exc).__name__}: {exc}", raw)
            failure.__cause__ = exc
        else:
            return
        if first_failure is None:
            first_failure = time.perf_counter()
        latest = (
            failure  # the shrinker only tries smaller cases: the latest failure is the smallest
        )
        raise failure

    @_settings(examples, seed, shrink=budget > 0)
    @given(strategy.map(_Packed))
    def property_test(packed: _Packed) -> None:
        body(packed.value)

    test = hypothesis_seed(seed)(property_test) if seed is not None else property_test
    try:
        test()
    except InvariantFailure as exc:
        raise _finish(exc, tried, started) from None
    except (_StopShrinking, FlakyFailure) as exc:
        if latest is None:
            raise
        raise _finish(latest, tried, started) from exc
    return InvariantReport(
        name, tried, "passed", f"{tried} examples", time.perf_counter() - started
    )


def _finish(exc: InvariantFailure, tried: int, started: float) -> InvariantFailure:
    exc.examples = tried
    exc.seconds = time.perf_counter() - started
    return exc


@contextlib.contextmanager
def _engine(ruleset: Ruleset, backend: str = "auto") -> Iterator[Engine]:
    with Engine(ruleset, backend=backend) as engine:
        yield engine


def _structure(raw: Raw, ruleset: Ruleset) -> Any:
    return structure_case(raw, ruleset)


def _diff(a: str, b: str, limit: int = 24) -> str:
    lines = list(
        difflib.unified_diff(a.splitlines(), b.splitlines(), "first", "second", lineterm="", n=1)
    )
    shown = lines[2 : 2 + limit]
    more = f"\n… {len(lines) - 2 - limit} more lines" if len(lines) - 2 > limit else ""
    return "\n".join(shown) + more


# ---- determinism ---------------------------------------------------------------------------


def shuffled(raw: Mapping[str, Any], rnd: random.Random) -> Raw:
    """The same case file with every collection, and the keys of every record, in another order."""

    def keys(record: Any) -> Any:
        if not isinstance(record, dict):
            return record
        items = list(record.items())
        rnd.shuffle(items)
        return dict(items)

    out: Raw = {}
    top = list(raw)
    rnd.shuffle(top)
    for key in top:
        value = copy.deepcopy(raw[key])
        if isinstance(value, list):
            rnd.shuffle(value)
            value = [keys(v) for v in value]
        out[key] = value
    return out


def determinism(
    ruleset: Ruleset, *, examples: int = 100, seed: int | None = None
) -> InvariantReport:
    """The same case gives the same answer, byte for byte: `to_json` of its result is identical
    when it is evaluated again, with every collection (and the keys of every record) in another
    order, and from four threads sharing one `Engine` at once (two of them on the reordered case).

    Results are compared as data (equal `CaseResult`s render to equal JSON); the JSON text of the
    first and of a reordered one is compared byte for byte as well.
    """
    name = "determinism"
    strategy = st.tuples(ts.cases(ruleset, raw=True, candidates=CANDIDATES), ORDERS)
    with (
        _engine(ruleset) as engine,
        ThreadPoolExecutor(4, thread_name_prefix="thiduarules-audit") as pool,
    ):

        def check(raw: Raw, rnd: random.Random) -> None:
            case = _structure(raw, ruleset)
            other = shuffled(raw, rnd)
            reordered = _structure(other, ruleset)
            first = engine.evaluate(case)
            runs = list(pool.map(engine.evaluate, (case, reordered, case, reordered)))
            labels = ("evaluated again", "reordered", "evaluated again", "reordered")
            for i, (label, result) in enumerate(zip(labels, runs, strict=True)):
                if result != first:
                    raise InvariantFailure(
                        name,
                        f"the same case, {label} (thread {i + 1} of 4 sharing one Engine), gave a different result:\n"
                        + _diff(to_json(first), to_json(result)),
                        raw,
                        {"reordered": other} if label == "reordered" else None,
                    )
            text, again = to_json(first), to_json(runs[1])
            if text != again:
                raise InvariantFailure(
                    name,
                    "equal results rendered to different JSON:\n" + _diff(text, again),
                    raw,
                    {"reordered": other},
                )

        return _run(name, strategy, check, examples=examples, seed=seed)


# ---- monotonic knowledge -------------------------------------------------------------------


@attrs.frozen
class _Fill:
    """One missing fact of a case file, filled in."""

    description: str
    raw: Raw = attrs.field(eq=False, repr=False)


def _fillable(
    profile: Any, raw: Raw
) -> list[tuple[str, Callable[[Any], _Fill], st.SearchStrategy[Any]]]:
    """Every fact `raw` leaves out: (its path, as a verdict's `settle` names it; how to fill it
    in; the values it may take)."""
    rs: Ruleset = profile.ruleset
    vocab = profile.vocab
    years = sorted({*profile.period_years, *(n["year"] for n in raw["nominations"])})
    dates = st.dates(dt.date(min(years), 1, 1), dt.date(max(years) + 1, 12, 31))
    out: list[tuple[str, Callable[[Any], _Fill], st.SearchStrategy[Any]]] = []

    def setter(coll: str, index: int, field: str) -> Callable[[Any], _Fill]:
        def fill(value: Any) -> _Fill:
            new = copy.deepcopy(raw)
            shown = value.isoformat() if isinstance(value, dt.date) else value
            new[coll][index][field] = shown
            ident = raw[coll][index].get("id", index)
            return _Fill(
                f"{coll}[{ident}].{field}: null → {json.dumps(shown, ensure_ascii=False)}", new
            )

        return fill

    fields: list[tuple[str, str, st.SearchStrategy[Any]]] = [
        ("candidates", "in_commune", st.booleans()),
        ("achievements", "applied_effectively", st.booleans()),
        ("achievements", "date", dates),
        ("nominations", "filed", dates),
        ("unit_reports", "reported", dates),
    ]
    if vocab.get("roles"):
        fields.append(("candidates", "role", st.sampled_from(vocab["roles"])))
    if vocab.get("bodies"):
        fields.append(("achievements", "recognised_by", st.sampled_from(vocab["bodies"])))
    for coll, field, values in fields:
        for i, rec in enumerate(raw.get(coll, [])):
            if rec.get(field) is None:
                key = f"{coll}[{rec.get('id', i)}].{field}"
                out.append((key, setter(coll, i, field), values))
    recorded = {(s["subject"], s["kind"], s["year"]) for s in raw["assessments"]}
    nominated = {n["candidate"]: n for n in raw["nominations"]}
    bodies = vocab.get("bodies", ())
    used = {s["id"] for s in raw["assessments"]}
    sid = next(f"DG-{i:03d}" for i in range(1, 100_000) if f"DG-{i:03d}" not in used)
    for cand in raw["candidates"]:
        if cand["id"] not in nominated or not bodies:
            continue
        for kind in rs.assessments:
            if kind.subject not in (cand["kind"], "any") or not kind.values:
                continue
            for year in years:
                if (cand["id"], kind.slug, year) in recorded:
                    continue

                def add(
                    choice: tuple[str, str, int],
                    cand_id: str = cand["id"],
                    slug: str = kind.slug,
                    year: int = year,
                ) -> _Fill:
                    value, body, day = choice
                    rec = {
                        "id": sid,
                        "subject": cand_id,
                        "kind": slug,
                        "value": value,
                        "year": year,
                        "by": body,
                        "date": (dt.date(year, 12, 1) + dt.timedelta(days=day)).isoformat(),
                    }
                    new = copy.deepcopy(raw)
                    new["assessments"].append(rec)
                    return _Fill(f"assessment added: {json.dumps(rec, ensure_ascii=False)}", new)

                key = f"assessments[subject={cand['id']}, kind={kind.slug}, year={year}]"
                choices = st.tuples(
                    st.sampled_from(kind.value_slugs()),
                    profile.sampler(bodies, profile.good_bodies.get(kind.slug, ())),
                    st.integers(0, 60),
                )
                out.append((key, add, choices))
    out.extend(_decisions_to_take(rs, raw, bodies))
    return out


def _decisions_to_take(
    rs: Ruleset, raw: Raw, bodies: Sequence[str]
) -> list[tuple[str, Callable[[Any], _Fill], st.SearchStrategy[Any]]]:
    """The questions a Council decision could settle in `raw` and does not yet: an achievement
    two nominations claim; an annual place two dossiers of one day compete for."""
    if not bodies:
        return []
    taken = raw.get("council_decisions", [])
    decided_for = {d.get("achievement") for d in taken}
    placed = {d["nomination"] for d in taken if d.get("achievement") is None}
    used = {d["id"] for d in taken}
    did = next(f"HD-{i:03d}" for i in range(1, 100_000) if f"HD-{i:03d}" not in used)
    claims = ts.claimants(raw["nominations"])
    days: dict[tuple[str, int, str], list[str]] = {}
    for n in raw["nominations"]:
        if n.get("filed") and rs.track(n["track"]).round == "annual":
            days.setdefault((n["candidate"], n["year"], n["filed"]), []).append(n["id"])
    out: list[tuple[str, Callable[[Any], _Fill], st.SearchStrategy[Any]]] = []

    def decide(achievement: str | None) -> Callable[[Any], _Fill]:
        def fill(choice: tuple[str, str]) -> _Fill:
            nomination, body = choice
            rec = {"id": did, "nomination": nomination, "by": body, "date": "2031-01-15"}
            if achievement is not None:
                rec["achievement"] = achievement
            new = copy.deepcopy(raw)
            new.setdefault("council_decisions", []).append(rec)
            return _Fill(f"council decision added: {json.dumps(rec, ensure_ascii=False)}", new)

        return fill

    for a, noms in claims.items():
        if len(noms) >= 2 and a not in decided_for:
            choice = st.tuples(st.sampled_from(sorted(noms)), st.sampled_from(list(bodies)))
            out.append((f"council_decisions[achievement={a}]", decide(a), choice))
    for (cand, year, _), noms in sorted(days.items()):
        if len(noms) >= 2 and not placed & set(noms):
            choice = st.tuples(st.sampled_from(sorted(noms)), st.sampled_from(list(bodies)))
            out.append((f"council_decisions[candidate={cand}, year={year}]", decide(None), choice))
    return out


def monotonic_knowledge(
    ruleset: Ruleset, *, examples: int = 100, seed: int | None = None
) -> InvariantReport:
    """Learning a fact settles unknowns but never changes a settled verdict.

    From a generated case with facts left out, one missing fact is filled in (a null field given
    a value, an unrecorded assessment added, or a Council decision recorded where two
    nominations claim one achievement or two annual dossiers of one day compete); every verdict that was eligible or ineligible
    must stay as it was, principles across nominations included. An undetermined verdict may
    become anything. A flip (eligible ↔ ineligible) and an unsettling (settled → undetermined)
    both fail, since the engine promises that adding a fact only settles unknowns.
    """
    name = "monotonic_knowledge"
    profile = _profile(ruleset)
    cases_ = ts.cases(ruleset, raw=True, candidates=CANDIDATES, missing=st.floats(0.1, 0.7))

    with _engine(ruleset, "plain") as engine:

        @st.composite
        def filled(draw: st.DrawFn) -> tuple[Raw, _Fill, CaseResult | None]:
            raw = draw(cases_)
            options = _fillable(profile, raw)
            if not options:
                reject()
            # Half the time, a fact some verdict says would settle it: those are the facts
            # that change answers, so a broken promise shows there first.
            try:
                before: CaseResult | None = engine.evaluate(_structure(raw, ruleset))
            except Exception:  # the check evaluates it again and reports the failure
                before = None
            wanted = {need.path for v in before.verdicts for need in v.settle} if before else set()
            useful = [o for o in options if o[0] in wanted]
            _, fill, values = draw(ts._prefer(useful, options))
            return raw, fill(draw(values)), before

        def check(raw: Raw, fill: _Fill, before: CaseResult | None) -> None:
            if before is None:
                before = engine.evaluate(_structure(raw, ruleset))
            after = engine.evaluate(_structure(fill.raw, ruleset))
            was = {v.nomination: v.outcome for v in before.verdicts}
            changed = []
            for v in after.verdicts:
                old = was.get(v.nomination)
                if old is not None and old != "undetermined" and v.outcome != old:
                    kind = "flipped" if v.outcome != "undetermined" else "unsettled"
                    changed.append(f"{v.nomination} {kind}: {old} → {v.outcome}")
            if changed:
                raise InvariantFailure(
                    name,
                    f"filling in one missing fact ({fill.description}) changed settled verdicts: "
                    + "; ".join(changed),
                    raw,
                    {"filled": fill.raw},
                )

        return _run(name, filled(), check, examples=examples, seed=seed)


# ---- sound explanations --------------------------------------------------------------------


class _Explanations:
    """Re-derives every node of a verdict's explanation from its children and the rule it mirrors."""

    KINDS: Mapping[type, str] = {
        AllOf: "all",
        AnyOf: "any",
        AtLeast: "at-least",
        Not: "not",
        Choose: "choose",
        CriterionRef: "criterion",
    }

    def __init__(self, ruleset: Ruleset, result: CaseResult) -> None:
        self.rs = ruleset
        self.params = Params(ruleset, dt.date.fromisoformat(result.stamp.as_of))
        self.clauses = {c.id for c in ruleset.clauses}
        self.problems: list[str] = []

    def fail(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")

    def cited(self, where: str, clauses: Sequence[str]) -> None:
        unknown = [c for c in clauses if c not in self.clauses]
        if unknown:
            self.fail(where, f"cites clauses not in the ruleset: {', '.join(unknown)}")

    def arg(self, value: object) -> Any:
        return self.params.arg(value)

    def verdict(self, v: Verdict) -> None:
        where = v.nomination
        root = v.explanation
        if root.kind != "track" or root.ref != v.track:
            self.fail(
                where, f"the explanation's root is {root.kind} {root.ref}, not the track {v.track}"
            )
        if OUTCOME[root.result] != v.outcome:
            self.fail(where, f"outcome {v.outcome} but the root is {root.result}")
        if v.outcome == "undetermined" and not v.settle:
            self.fail(where, "undetermined, yet no fact is named that would settle it")
        if v.outcome == "ineligible" and not v.missing:
            self.fail(where, "ineligible, yet nothing is said to be missing")
        for note in (*v.missing, *v.warnings):
            self.cited(where, note.clauses)
        if root.result != all3(c.result for c in root.children):
            self.fail(
                where,
                f"the root is {root.result}, its parts give {all3(c.result for c in root.children)}",
            )
        track = self.rs.track(v.track)
        # The root's other parts (subject, form, timing, principles…) are the track's own tests.
        requires = [c for c in root.children if self.mirrors(c, track.requires)][:1]
        if not requires:
            self.fail(where, "no node of the explanation explains the track's requirements")
        for node in root.walk():
            self.cited(f"{where} ({node.kind} {node.ref or ''})".strip(), node.clauses)
            if node.missing is not None:
                self.cited(where, node.missing.clauses)
            if node.result == UNKNOWN and not node.children and not node.needs:
                self.fail(
                    where,
                    f"{node.kind} {node.ref or ''} is unknown but names no fact that would settle it",
                )
        if requires:
            self.node(where, requires[0], track.requires)

    def mirrors(self, node: Node, e: Expr) -> bool:
        """Whether `node` is the explanation of the rule `e` (or of its unset parameter)."""
        if node.kind == "condition" and (node.ref or "").startswith("parameters."):
            return True
        kind = self.KINDS.get(type(e))
        if kind is None:
            return node.ref == getattr(e, "path", None)
        return node.kind == kind and (not isinstance(e, CriterionRef) or node.ref == e.criterion)

    def node(self, where: str, node: Node, e: Expr) -> None:
        here = f"{where} ({node.kind} {node.ref or getattr(e, 'path', '')})"
        if node.ref is not None and node.ref.startswith("parameters.") and node.kind != "choose":
            # A rule whose parameter has no value on the evaluation date: unknown, and it says so.
            if node.result != UNKNOWN or not node.needs:
                self.fail(
                    here, "a rule with an unset parameter must be unknown and name the parameter"
                )
            return
        kids = node.children
        try:
            if isinstance(e, CriterionRef):
                self.expect(here, node, "criterion", e.criterion)
                if len(kids) == 1:
                    self.same(here, node, kids[0].result)
                    self.node(where, kids[0], self.rs.criterion(e.criterion).when)
            elif isinstance(e, AllOf | AnyOf | AtLeast):
                kind = {AllOf: "all", AnyOf: "any", AtLeast: "at-least"}[type(e)]
                self.expect(here, node, kind)
                if len(kids) != len(e.items):
                    self.fail(here, f"{len(kids)} parts for a rule of {len(e.items)}")
                    return
                results = [k.result for k in kids]
                if isinstance(e, AllOf):
                    self.same(here, node, all3(results))
                elif isinstance(e, AnyOf):
                    self.same(here, node, any3(results))
                else:
                    self.same(here, node, count3(results, int(self.arg(e.n))))
                for kid, item in zip(kids, e.items, strict=True):
                    self.node(where, kid, item)
            elif isinstance(e, Not):
                self.expect(here, node, "not")
                if len(kids) == 1:
                    self.same(here, node, not3(kids[0].result))
                    self.node(where, kids[0], e.item)
            elif isinstance(e, Choose):
                self.expect(here, node, "choose")
                if len(kids) == 1:
                    self.same(here, node, kids[0].result)
                    self.node(where, kids[0], dict(e.cases)[str(self.params.get(e.param))])
            elif node.ref != e.path:
                self.fail(here, f"explains {node.ref}, but the rule here is {e.path}")
            elif isinstance(e, YearsCount):
                self.years(here, node, e)
            elif isinstance(e, AchievementCount):
                self.same(here, node, count3((k.result for k in kids), int(self.arg(e.at_least))))
        except ParameterUnsetError:
            return
        if (
            node.result == UNKNOWN
            and kids
            and not any(k.result == UNKNOWN for k in kids)
            and not node.needs
        ):
            self.fail(here, "unknown, though none of its parts is")

    def expect(self, here: str, node: Node, kind: str, ref: str | None = None) -> None:
        if node.kind != kind or (ref is not None and node.ref != ref):
            self.fail(
                here,
                f"the explanation has a {node.kind} node where the rule is {kind} {ref or ''}".rstrip(),
            )

    def same(self, here: str, node: Node, derived: Result) -> None:
        if node.result != derived:
            self.fail(here, f"result {node.result}, but its parts give {derived}")

    def years(self, here: str, node: Node, e: YearsCount) -> None:
        results = [k.result for k in node.children]
        if e.every:
            derived = all3(results) if results else FALSE
        else:
            n = int(self.arg(e.at_least))
            if bool(self.arg(e.consecutive)):
                derived = (
                    TRUE
                    if _run_length(results, {TRUE}) >= n
                    else FALSE
                    if _run_length(results, {TRUE, UNKNOWN}) < n
                    else UNKNOWN
                )
            else:
                derived = count3(results, n)
        self.same(here, node, derived)


def _run_length(results: Sequence[Result], accept: set[str]) -> int:
    best = cur = 0
    for r in results:
        cur = cur + 1 if r in accept else 0
        best = max(best, cur)
    return best


def sound_explanations(
    ruleset: Ruleset, *, examples: int = 100, seed: int | None = None
) -> InvariantReport:
    """Every explanation is sound: each node's result follows from its children by the
    three-valued rule of its kind (all, any, at least N, not, criterion, choose, years,
    achievements, and the track's root); the tree mirrors the rules it explains; every clause
    cited exists in the ruleset; an eligible verdict's root is true, an ineligible one's false,
    an undetermined one's unknown; every unknown leaf names the fact that would settle it, an
    undetermined verdict says what to settle, and an ineligible one what is missing."""
    name = "sound_explanations"
    strategy = st.tuples(ts.cases(ruleset, raw=True, candidates=CANDIDATES))
    with _engine(ruleset, "plain") as engine:

        def check(raw: Raw) -> None:
            result = engine.evaluate(_structure(raw, ruleset))
            ex = _Explanations(ruleset, result)
            for v in result.verdicts:
                ex.verdict(v)
            for note in (
                *(c.note for c in result.conflicts),
                *result.duplicates,
                *result.late_reports,
            ):
                ex.cited("case", note.clauses)
            if ex.problems:
                shown = "; ".join(ex.problems[:8]) + (
                    f"; … {len(ex.problems) - 8} more" if len(ex.problems) > 8 else ""
                )
                raise InvariantFailure(name, shown, raw)

        return _run(name, strategy, check, examples=examples, seed=seed)


# ---- backends agree ------------------------------------------------------------------------


def _without_engine(result: CaseResult) -> CaseResult:
    return attrs.evolve(result, stamp=attrs.evolve(result.stamp, engine=""))


def backends_agree(
    ruleset: Ruleset, *, examples: int = 100, seed: int | None = None
) -> InvariantReport:
    """durable-rules and the plain evaluator agree: an `Engine` checking every durable-rules
    answer against plain Python raises no `EngineDisagreement`, and its JSON equals the plain
    engine's, the stamp's `engine` field apart. Skipped where durable-rules cannot load."""
    name = "backends_agree"
    if not _durable.AVAILABLE:
        return InvariantReport(name, 0, "skipped", "skipped: durable-rules unavailable")
    strategy = st.tuples(ts.cases(ruleset, raw=True, candidates=CANDIDATES))
    with _engine(ruleset, "auto") as checked, _engine(ruleset, "plain") as plain:

        def check(raw: Raw) -> None:
            case = _structure(raw, ruleset)
            try:
                both = checked.evaluate(case)
            except EngineDisagreement as exc:
                raise InvariantFailure(
                    name,
                    "durable-rules and plain Python disagree: " + "; ".join(exc.details[:5]),
                    raw,
                ) from exc
            a, b = _without_engine(both), _without_engine(plain.evaluate(case))
            if a != b:
                raise InvariantFailure(
                    name,
                    "the checked and the plain engine gave different verdicts:\n"
                    + _diff(to_json(a), to_json(b)),
                    raw,
                )

        return _run(name, strategy, check, examples=examples, seed=seed)


# ---- one achievement, one reward -----------------------------------------------------------


def one_achievement_one_reward(
    ruleset: Ruleset, *, examples: int = 100, seed: int | None = None
) -> InvariantReport:
    """One achievement grounds at most one reward (plan III.1.2.2).

    Where the ruleset states the principle (`one-achievement-one-reward`), for every achievement
    and every two verdicts that are not ineligible, that it grounds (`thiduarules.principles.
    grounds`: it counts as true or unknown), and that could both be rewarded (not two annual
    nominations of one candidate for one year under a limit of one):

    - it does not count as met (true) in both;
    - a verdict that is eligible with it counted as met shares it with no one: the other would
      have lost it, since an eligible dossier keeps what it claims;
    - the case result lists the two in one conflict over it, for the Council.

    Where a rule excludes rewarded achievements, an achievement a past award rewarded never
    counts toward any verdict (its node in the explanation is false).

    Skipped for a ruleset that neither states the principle nor excludes rewarded achievements.
    """
    name = "one_achievement_one_reward"
    profile = _profile(ruleset)
    principle = ruleset.principle_by_rule("one-achievement-one-reward") is not None
    excludes = any(
        isinstance(e, AchievementCount) and e.rewarded != "include" for e in profile.leaves.values()
    )
    if not principle and not excludes:
        return InvariantReport(
            name, 0, "skipped", "skipped: the ruleset states no one-achievement-one-reward rule"
        )
    strategy = st.tuples(ts.cases(ruleset, raw=True, candidates=CANDIDATES))
    with _engine(ruleset, "plain") as engine:

        def check(raw: Raw) -> None:
            problems = one_reward_problems(ruleset, raw, engine.evaluate(_structure(raw, ruleset)))
            if problems:
                raise InvariantFailure(name, "; ".join(problems), raw)

        return _run(name, strategy, check, examples=examples, seed=seed)


def one_reward_problems(ruleset: Ruleset, raw: Mapping[str, Any], result: CaseResult) -> list[str]:
    """What breaks "one achievement, one reward" in `result`, the evaluation of case file `raw`
    (see `one_achievement_one_reward`); empty when nothing does."""
    profile = _profile(ruleset)
    principle = ruleset.principle_by_rule("one-achievement-one-reward") is not None
    params = Params(ruleset, dt.date.fromisoformat(result.stamp.as_of))
    single = _annual_limit_of_one(ruleset, params)
    live = [v for v in result.verdicts if v.outcome != "ineligible"]
    problems = []
    for a in sorted({x["id"] for x in raw["achievements"]}) if principle else ():
        holding = [v for v in live if grounds(v, a)]
        listed = [set(c.nominations) for c in result.conflicts if c.achievement == a]
        for i, x in enumerate(holding):
            for y in holding[i + 1 :]:
                if (
                    single
                    and ruleset.track(x.track).round == ruleset.track(y.track).round == "annual"
                    and (x.candidate, x.year) == (y.candidate, y.year)
                ):
                    continue  # the annual limit lets only one of them through
                pair = f"{x.nomination} and {y.nomination}"
                if counts(x, a) and counts(y, a):
                    problems.append(f"achievement {a} counts as met in both {pair}")
                for v, other in ((x, y), (y, x)):
                    if v.outcome == "eligible" and counts(v, a):
                        problems.append(
                            f"achievement {a} grounds eligible {v.nomination}, yet {other.nomination} still holds it ({other.outcome})"
                        )
                if not any({x.nomination, y.nomination} <= c for c in listed):
                    problems.append(f"achievement {a} grounds {pair}, listed in no conflict")
    rewarded = {a for w in raw["awards"] for a in w["achievements"]}
    for v in result.verdicts:
        for node in v.explanation.walk():
            e = profile.leaves.get(node.ref or "")
            if node.kind != "achievements" or not isinstance(e, AchievementCount):
                continue
            try:
                include = (
                    bool(params.arg(e.rewarded))
                    if isinstance(e.rewarded, Ref)
                    else e.rewarded == "include"
                )
            except ParameterUnsetError:
                continue
            if include:
                continue
            for kid in node.children:
                if kid.ref in rewarded and kid.result != FALSE:
                    problems.append(
                        f"{v.nomination}: achievement {kid.ref} was already rewarded, yet counts ({kid.result}) under {e.path}"
                    )
    return problems


def _annual_limit_of_one(ruleset: Ruleset, params: Params) -> bool:
    """Whether the ruleset lets each candidate at most one annual award a year."""
    rule = ruleset.principle_by_rule("annual-limit")
    if rule is None or rule.limit is None:
        return False
    try:
        return int(str(params.arg(rule.limit))) == 1
    except ParameterUnsetError:
        return False


# ---- the budget ----------------------------------------------------------------------------


def _ranking(rec: Any) -> list[str]:
    return [i.nomination for i in sorted((*rec.listed, *rec.left_off), key=lambda i: i.rank)]


def budget_holds(
    ruleset: Ruleset, *, examples: int = 100, seed: int | None = None
) -> InvariantReport:
    """The recommendation list keeps to the budget (plan III.2.1.b.2).

    For a generated case and budget: the total never exceeds the budget; the list does not
    depend on the order of the case file's collections; raising the budget never drops a
    listed nomination; and removing a nomination never changes the relative order of the others
    whose verdicts it leaves as they were. Skipped for a ruleset without `[allocation]`.
    """
    name = "budget_holds"
    if ruleset.allocation is None:
        return InvariantReport(name, 0, "skipped", "skipped: the ruleset has no [allocation] table")
    budgets = st.integers(0, 12_000_000)
    strategy = st.tuples(
        ts.cases(ruleset, raw=True, candidates=CANDIDATES, missing=st.floats(0, 0.3)),
        budgets,
        budgets,
        ORDERS,
        st.integers(0, 99),
    )
    with _engine(ruleset, "plain") as engine:

        def check(raw: Raw, budget: int, more: int, rnd: random.Random, drop: int) -> None:
            case = _structure(raw, ruleset)
            rec = engine.allocate(case, budget)
            if rec.total > budget or rec.total != sum(i.amount or 0 for i in rec.listed):
                raise InvariantFailure(
                    name, f"the list costs {rec.total:,} đ for a budget of {budget:,} đ", raw
                )
            text = to_json(rec)
            other = shuffled(raw, rnd)
            again = engine.allocate(_structure(other, ruleset), budget)
            if to_json(again) != text:
                raise InvariantFailure(
                    name,
                    "the same case in another order gave another recommendation list",
                    raw,
                    {"reordered": other},
                )
            bigger = engine.allocate(case, budget + more)
            lost = {i.nomination for i in rec.listed} - {i.nomination for i in bigger.listed}
            if lost:
                raise InvariantFailure(
                    name,
                    f"raising the budget from {budget:,} to {budget + more:,} đ dropped {', '.join(sorted(lost))}",
                    raw,
                )
            noms = raw["nominations"]
            if len(noms) < 2:
                return
            gone = noms[drop % len(noms)]["id"]
            fewer = copy.deepcopy(raw)
            fewer["nominations"] = [n for n in noms if n["id"] != gone]
            if "council_decisions" in fewer:  # a decision on the nomination goes with it
                fewer["council_decisions"] = [
                    d for d in fewer["council_decisions"] if d["nomination"] != gone
                ]
            smaller = _structure(fewer, ruleset)
            after = engine.allocate(smaller, budget)
            before_v = {
                v.nomination: to_jsonable_verdict(v) for v in engine.evaluate(case).verdicts
            }
            after_v = {
                v.nomination: to_jsonable_verdict(v) for v in engine.evaluate(smaller).verdicts
            }
            same = {n for n in after_v if before_v.get(n) == after_v[n]}
            old = [n for n in _ranking(rec) if n in same]
            new = [n for n in _ranking(after) if n in same]
            common = set(old) & set(new)
            old, new = [n for n in old if n in common], [n for n in new if n in common]
            if old != new:
                raise InvariantFailure(
                    name,
                    f"removing nomination {gone} reordered others whose verdicts did not change: {' > '.join(old)} became {' > '.join(new)}",
                    raw,
                    {"without": fewer},
                )

        return _run(name, strategy, check, examples=examples, seed=seed)


def to_jsonable_verdict(v: Verdict) -> str:
    """One verdict as canonical JSON text, for comparing verdicts across two evaluations."""
    return json.dumps(verdict_jsonable(v), ensure_ascii=False, sort_keys=True)


# ---- reachability --------------------------------------------------------------------------


#: How long the targeted search for one criterion and one result may take.
TARGETED_SECONDS = 20.0


class _Found(BaseException):
    """Ends a targeted search at its first success, or when its time is up (not an `Exception`:
    Hypothesis would take it for a failure and shrink it)."""


def reachability(
    ruleset: Ruleset, *, examples: int = 100, seed: int | None = None
) -> InvariantReport:
    """Every criterion can be made true and can be made false by some case.

    Generated cases are evaluated and each criterion's results across every explanation are
    noted; for a criterion not yet seen true (or false), a targeted search edits generated
    cases one fact at a time towards it (see `near_misses`). A criterion that stays out of reach
    — never evaluated by any track, never true, or never false — is reported as dead.
    """
    name = "reachability"
    _check_options(examples, seed)
    started = time.perf_counter()
    seen: dict[str, set[str]] = {c.id: set() for c in ruleset.criteria}
    tried = 0
    with _engine(ruleset, "plain") as engine:

        def note(result: CaseResult) -> None:
            for v in result.verdicts:
                for node in v.explanation.walk():
                    if node.kind == "criterion" and node.ref in seen:
                        seen[node.ref].add(node.result)

        @_settings(examples, seed)
        @given(ts.cases(ruleset, raw=True, candidates=CANDIDATES))
        def search(raw: Raw) -> None:
            nonlocal tried
            tried += 1
            note(engine.evaluate(_structure(raw, ruleset)))

        (hypothesis_seed(seed)(search) if seed is not None else search)()
        profile = _profile(ruleset)
        used = set().union(*profile.reaches.values()) if profile.reaches else set()
        budget = max(10, min(200, examples // 5))
        for crit in sorted(seen):
            if crit not in used:
                continue
            for want, label in ((True, TRUE), (False, FALSE)):
                if label in seen[crit]:
                    continue

                deadline = time.perf_counter() + TARGETED_SECONDS

                @_settings(budget, seed)
                @given(_reaching(ruleset, crit, want))
                def targeted(raw: Raw | None) -> None:
                    nonlocal tried
                    tried += 1
                    if raw is not None:
                        note(engine.evaluate(_structure(raw, ruleset)))
                    # Each search ends before the loop moves on: the loop variables are current.
                    if label in seen[crit] or time.perf_counter() > deadline:  # noqa: B023
                        raise _Found

                with contextlib.suppress(_Found, Unsatisfiable):
                    (hypothesis_seed(seed)(targeted) if seed is not None else targeted)()
    dead = []
    for crit, results in sorted(seen.items()):
        if crit not in used:
            dead.append(f"{crit} (no track uses it)")
        elif not results:
            dead.append(f"{crit} (never evaluated)")
        else:
            missing = [r for r in (TRUE, FALSE) if r not in results]
            if missing:
                dead.append(f"{crit} (never {' nor '.join(missing)})")
    seconds = time.perf_counter() - started
    if dead:
        failure = InvariantFailure(name, "criteria out of reach: " + "; ".join(dead))
        failure.examples, failure.seconds = tried, seconds
        raise failure
    return InvariantReport(
        name, tried, "passed", f"{len(seen)} criteria made true and false", seconds
    )


# ---- all of them ---------------------------------------------------------------------------

Invariant: TypeAlias = Callable[..., InvariantReport]
#: Every invariant, by name, in the order `run_all` runs them.
INVARIANTS: dict[str, Invariant] = {
    "determinism": determinism,
    "monotonic_knowledge": monotonic_knowledge,
    "sound_explanations": sound_explanations,
    "backends_agree": backends_agree,
    "one_achievement_one_reward": one_achievement_one_reward,
    "budget_holds": budget_holds,
    "reachability": reachability,
}


def run_all(
    ruleset: Ruleset,
    *,
    examples: int = 1000,
    seed: int | None = None,
    only: Sequence[str] | None = None,
    progress: Callable[[InvariantReport], None] | None = None,
) -> list[InvariantReport]:
    """Run every invariant (or those named in `only`) and report each; a failure is reported,
    not raised. `progress` is called with each report as soon as it is known."""
    _check_options(examples, seed)
    names = list(INVARIANTS) if only is None else list(only)
    unknown = [n for n in names if n not in INVARIANTS]
    if unknown:
        raise ValueError(
            f"no such invariant: {', '.join(unknown)} (known: {', '.join(INVARIANTS)})"
        )
    reports = []
    for n in names:
        try:
            report = INVARIANTS[n](ruleset, examples=examples, seed=seed)
        except InvariantFailure as exc:
            report = exc.report()
        except Exception as exc:  # a failure outside any one case: still a report, not a crash
            report = InvariantReport(n, 0, "failed", f"could not run: {type(exc).__name__}: {exc}")
        reports.append(report)
        if progress is not None:
            progress(report)
    return reports
