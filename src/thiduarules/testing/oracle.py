"""An independent oracle for criteria: what each criterion of a nomination should come to.

The engine matches facts through a compiled program, reads them back through a shared scope and
combines results with the truth tables of `thiduarules.evaluate._logic`. This module shares
none of that: it reads the `Case` and the `Ruleset` directly, looks parameters up itself and
combines results with its own literal tables of Kleene's three-valued logic. Only the data
models (`ruleset._model`, `ruleset._expr`, `case._model`) are common, and the expression nodes
are told apart only through `ExprVisitor` — so a fault in the engine's logic, matching or
fact reading shows up as a difference instead of being repeated here.

    >>> from thiduarules import Engine, load_example_case, load_ruleset
    >>> from thiduarules.testing.oracle import differences
    >>> ruleset = load_ruleset()
    >>> case = load_example_case(ruleset)
    >>> differences(ruleset, case, Engine(ruleset, backend="plain").evaluate(case))
    []

What it deliberately leaves out: the principles across nominations. "One achievement, one
reward" may withdraw (false) or hold (unknown) an achievement that several nominations claim,
which changes the criteria counting it; the oracle does not model that, so `differences` skips
every nomination that shares a claimed achievement with another nomination of the case.
Timing, form, subject and period are not criteria and are not compared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Literal, Protocol, TypeAlias

from thiduarules.case._model import Achievement, Assessment, Candidate, Case, Nomination
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
    ExprVisitor,
    Not,
    Ref,
    YearsCount,
)
from thiduarules.ruleset._model import ParamValue, Ruleset, Track

__all__ = [
    "criterion_results",
    "differences",
    "kleene_and",
    "kleene_at_least",
    "kleene_consecutive",
    "kleene_not",
    "kleene_or",
]

Truth: TypeAlias = Literal["true", "false", "unknown"]

# ---- Kleene's logic, written out ------------------------------------------------------------
# Every entry is spelt out, not derived, so that the tables can be read against a textbook and
# share nothing with the engine's.

_AND: Mapping[tuple[Truth, Truth], Truth] = {
    ("true", "true"): "true",
    ("true", "false"): "false",
    ("true", "unknown"): "unknown",
    ("false", "true"): "false",
    ("false", "false"): "false",
    ("false", "unknown"): "false",
    ("unknown", "true"): "unknown",
    ("unknown", "false"): "false",
    ("unknown", "unknown"): "unknown",
}
_OR: Mapping[tuple[Truth, Truth], Truth] = {
    ("true", "true"): "true",
    ("true", "false"): "true",
    ("true", "unknown"): "true",
    ("false", "true"): "true",
    ("false", "false"): "false",
    ("false", "unknown"): "unknown",
    ("unknown", "true"): "true",
    ("unknown", "false"): "unknown",
    ("unknown", "unknown"): "unknown",
}
_NOT: Mapping[Truth, Truth] = {"true": "false", "false": "true", "unknown": "unknown"}
# "At least n of these": keyed by (the true ones already reach n, the true and unknown ones
# together could reach n). The fourth combination cannot occur.
_AT_LEAST: Mapping[tuple[bool, bool], Truth] = {
    (True, True): "true",
    (False, True): "unknown",
    (False, False): "false",
}
_TRUTH: Mapping[bool, Truth] = {True: "true", False: "false"}


def _and(results: Sequence[Truth]) -> Truth:
    out: Truth = "true"
    for r in results:
        out = _AND[(out, r)]
    return out


def _or(results: Sequence[Truth]) -> Truth:
    out: Truth = "false"
    for r in results:
        out = _OR[(out, r)]
    return out


def _at_least(results: Sequence[Truth], n: int) -> Truth:
    yes = sum(1 for r in results if r == "true")
    maybe = sum(1 for r in results if r == "unknown")
    return _AT_LEAST[(yes >= n, yes + maybe >= n)]


def _longest(results: Sequence[Truth], counted: frozenset[Truth]) -> int:
    best = run = 0
    for r in results:
        run = run + 1 if r in counted else 0
        best = max(best, run)
    return best


def _at_least_running(results: Sequence[Truth], n: int) -> Truth:
    """At least `n` consecutive true: unknown while a run of true-or-unknown could reach `n`."""
    sure = _longest(results, frozenset({"true"}))
    could = _longest(results, frozenset({"true", "unknown"}))
    return _AT_LEAST[(sure >= n, could >= n)]


def kleene_and(results: Iterable[str]) -> Truth:
    """Kleene's "and" of results, from the tables above (for checks outside this module)."""
    return _and([_truth(r) for r in results])


def kleene_or(results: Iterable[str]) -> Truth:
    """Kleene's "or" of results, from the tables above."""
    return _or([_truth(r) for r in results])


def kleene_not(result: str) -> Truth:
    """Kleene's "not", from the table above."""
    return _NOT[_truth(result)]


def kleene_at_least(results: Iterable[str], n: int) -> Truth:
    """ "At least `n` of these are true", from the table above."""
    return _at_least([_truth(r) for r in results], n)


_TRUTHS: Mapping[str, Truth] = {"true": "true", "false": "false", "unknown": "unknown"}


def kleene_consecutive(results: Iterable[str], n: int) -> Truth:
    """ "At least `n` true in a row", from the table above."""
    return _at_least_running([_truth(r) for r in results], n)


def _truth(r: str) -> Truth:
    try:
        return _TRUTHS[r]
    except KeyError:
        raise ValueError(f"not a three-valued result: {r!r}") from None


# ---- parameters -------------------------------------------------------------------------------


class _Unset(Exception):
    """A parameter has no value in force on the evaluation date: what reads it is unknown."""


class _Parameters:
    """The value of each parameter in force on one date, read straight from the ruleset."""

    def __init__(self, ruleset: Ruleset, on: dt.date) -> None:
        self.on = on
        self.defined = {p.name: p for p in ruleset.parameters}

    def value(self, name: str) -> ParamValue:
        in_force = None
        for entry in self.defined[name].values:
            if entry.since is None or entry.since <= self.on:
                in_force = entry  # the last one in force wins
        if in_force is None or in_force.value is None:
            raise _Unset(name)
        return in_force.value

    def arg(self, arg: object) -> object:
        return self.value(arg.param) if isinstance(arg, Ref) else arg

    def number(self, arg: object) -> int:
        got = self.arg(arg)
        if isinstance(got, bool) or not isinstance(got, int):
            raise TypeError(f"not an integer: {got!r}")
        return got

    def boolean(self, arg: object) -> bool:
        got = self.arg(arg)
        if not isinstance(got, bool):
            raise TypeError(f"not a boolean: {got!r}")
        return got

    def listed(self, arg: object) -> tuple[object, ...]:
        got = self.arg(arg)
        return tuple(got) if isinstance(got, tuple | list) else (got,)


def _same(a: object, b: object) -> bool:
    """Equal and of the same kind: `True` is not the slug "true", nor the integer 1."""
    return type(a) is type(b) and a == b


def _member(value: object, listed: tuple[object, ...]) -> bool:
    return any(_same(value, v) for v in listed)


# ---- reading the case ---------------------------------------------------------------------------


class _Facts:
    """The case as the rules read it on `on`: records by id, assessments by (subject, kind,
    year), and which nominations an award decided by then keeps each achievement from — every
    one but the nomination the award answered."""

    def __init__(self, case: Case, on: dt.date) -> None:
        self.candidates = {c.id: c for c in case.candidates}
        self.achievements = {a.id: a for a in case.achievements}
        self.nominations = {n.id: n for n in case.nominations}
        self.assessments: dict[tuple[str, str, int], list[Assessment]] = {}
        for s in case.assessments:
            self.assessments.setdefault((s.subject, s.kind, s.year), []).append(s)
        self.rewarded: dict[str, set[str | None]] = {}
        for w in case.awards:
            if w.date <= on:
                for a in w.achievements:
                    self.rewarded.setdefault(a, set()).add(w.nomination)

    def already_rewarded(self, achievement: str, nomination: str) -> bool:
        answered = self.rewarded.get(achievement)
        return bool(answered) and answered != {nomination}


class _Oracle(ExprVisitor[Truth]):
    """Evaluates the criteria of one nomination, recording each criterion it reaches."""

    def __init__(self, ruleset: Ruleset, facts: _Facts, nom: Nomination, on: dt.date) -> None:
        self.ruleset = ruleset
        self.params = _Parameters(ruleset, on)
        self.on = on  # what is dated later is not yet known
        self.facts = facts
        self.nom = nom
        self.cand: Candidate = facts.candidates[nom.candidate]
        self.track: Track = next(t for t in ruleset.tracks if t.id == nom.track)
        self.criteria = {c.id: c for c in ruleset.criteria}
        self.results: dict[str, Truth] = {}
        self.senior: tuple[object, ...] = ()
        for p in ruleset.principles:
            if p.rule == "judgement-precedence" and p.precedence is not None:
                try:
                    self.senior = self.params.listed(p.precedence)
                except _Unset:
                    self.senior = ()

    def run(self, e: Expr) -> Truth:
        try:
            return e.accept(self)
        except _Unset:
            return "unknown"

    # ---- combinators ----

    def all_of(self, e: AllOf) -> Truth:
        return _and([self.run(x) for x in e.items])

    def any_of(self, e: AnyOf) -> Truth:
        return _or([self.run(x) for x in e.items])

    def at_least(self, e: AtLeast) -> Truth:
        n = self.params.number(e.n)
        return _at_least([self.run(x) for x in e.items], n)

    def not_(self, e: Not) -> Truth:
        return _NOT[self.run(e.item)]

    def criterion_ref(self, e: CriterionRef) -> Truth:
        found = self.results.get(e.criterion)
        if found is None:  # no cycles (the loader refuses them): each is evaluated once
            found = self.results[e.criterion] = self.run(self.criteria[e.criterion].when)
        return found

    def choose(self, e: Choose) -> Truth:
        picked = self.params.value(e.param)
        return self.run(dict(e.cases)[str(picked)])

    # ---- the candidate ----

    def candidate_test(self, e: CandidateTest) -> Truth:
        listed = self.params.listed(e.values)
        negated = e.op == "not_in"
        if e.field == "duties":
            inside = [_member(d, listed) for d in self.cand.duties]
            # `in`: one of the duties is listed; `not_in`: none of them is (true for no duties).
            return _TRUTH[not any(inside)] if negated else _TRUTH[any(inside)]
        value = {
            "kind": self.cand.kind,
            "role": self.cand.role,
            "in_commune": self.cand.in_commune,
        }[e.field]
        if value is None:
            return "unknown"
        return _TRUTH[_member(value, listed) != negated]

    # ---- assessments ----

    def _assessment(self, spec: AssessmentSpec, year: int) -> Truth:
        listed = self.params.listed(spec.values)
        bodies = self.params.listed(spec.by) if spec.by is not None else None
        accepted = [
            s
            for s in self.facts.assessments.get((self.cand.id, spec.kind, year), [])
            if (bodies is None or _member(s.by, bodies)) and s.date <= self.on
        ]
        if any(k.slug == spec.kind and k.of == "achievement" for k in self.ruleset.assessments):
            # A judgement of an achievement counts for a nomination claiming that achievement,
            # if it was made once the achievement was.
            accepted = [s for s in accepted if self._judges_claim(s.achievement, s.date)]
        if not accepted:
            return "unknown"
        # A senior body's judgement prevails; of those left, the latest day's; judgements of
        # that day that disagree leave the answer unknown (ids never decide).
        senior = [s for s in accepted if _member(s.by, self.senior)]
        pool = senior or accepted
        day = max(s.date for s in pool)
        verdicts = {
            _TRUTH[_member(s.value, listed) != (spec.op == "not_in")] for s in pool if s.date == day
        }
        return verdicts.pop() if len(verdicts) == 1 else "unknown"

    def _judges_claim(self, achievement: str | None, day: dt.date) -> bool:
        if achievement is None or achievement not in self.nom.achievements:
            return False
        made = self.facts.achievements[achievement].date
        return made is None or day >= made

    def assessment_test(self, e: AssessmentTest) -> Truth:
        return self._assessment(e.spec, self.nom.year)

    def years_count(self, e: YearsCount) -> Truth:
        first = self.ruleset.meta.start.year
        last = min(self.nom.year, self.ruleset.meta.end.year)
        years = [_and([self._assessment(s, y) for s in e.specs]) for y in range(first, last + 1)]
        if e.every:  # every year counts, consecutive or not; none at all is not "every year"
            return _and(years) if years else "false"
        n = self.params.number(e.at_least)
        if self.params.boolean(e.consecutive):
            return _at_least_running(years, n)
        return _at_least(years, n)

    # ---- achievements ----

    def achievement_count(self, e: AchievementCount) -> Truth:
        n = self.params.number(e.at_least)
        if isinstance(e.rewarded, Ref):
            include = self.params.boolean(e.rewarded)
        else:
            include = e.rewarded == "include"
        year_end = dt.date(self.nom.year, 12, 31)
        if self.track.round == "period-end":
            lo, hi = self.ruleset.meta.start, min(self.ruleset.meta.end, year_end)
        else:
            lo, hi = dt.date(self.nom.year, 1, 1), year_end
        claimed = [self.facts.achievements[a] for a in dict.fromkeys(self.nom.achievements)]
        return _at_least([self._counts(a, e.kinds, include, lo, hi) for a in claimed], n)

    def _counts(
        self, a: Achievement, kinds: tuple[str, ...], include: bool, lo: dt.date, hi: dt.date
    ) -> Truth:
        applied: Truth = (
            "unknown" if a.applied_effectively is None else _TRUTH[a.applied_effectively]
        )
        dated: Truth = "unknown" if a.date is None else _TRUTH[lo <= a.date <= hi]
        return _and(
            [
                _TRUTH[a.kind in kinds],
                applied,
                dated,
                _TRUTH[include or not self.facts.already_rewarded(a.id, self.nom.id)],
            ]
        )


def _to_date(as_of: dt.date | str) -> dt.date:
    return as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(as_of)


def criterion_results(
    ruleset: Ruleset, case: Case, nomination_id: str, as_of: dt.date | str
) -> dict[str, str]:
    """Criterion id → "true" / "false" / "unknown" for every criterion the nomination's track
    reaches (through the branch a `choose` picks), with the parameters in force on `as_of`.

    No principle across nominations is applied: an achievement claimed by several nominations
    counts here as if each claimed it alone.
    """
    facts = _Facts(case, _to_date(as_of))
    oracle = _Oracle(ruleset, facts, facts.nominations[nomination_id], _to_date(as_of))
    oracle.run(oracle.track.requires)
    return dict(oracle.results)


# ---- comparing with the engine ----------------------------------------------------------------


class _NodeLike(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def ref(self) -> str | None: ...
    @property
    def result(self) -> str: ...
    def walk(self) -> Iterator[_NodeLike]: ...


class _VerdictLike(Protocol):
    @property
    def nomination(self) -> str: ...
    @property
    def explanation(self) -> _NodeLike: ...


class _StampLike(Protocol):
    @property
    def as_of(self) -> str: ...


class _ResultLike(Protocol):
    """What `differences` reads of the engine's `CaseResult` (described, not imported, so that
    this module depends on nothing of the engine's)."""

    @property
    def stamp(self) -> _StampLike: ...
    @property
    def verdicts(self) -> Sequence[_VerdictLike]: ...


def _shared(case: Case) -> set[str]:
    """The nominations that claim an achievement another nomination of the case claims too."""
    claimants: dict[str, set[str]] = {}
    for n in case.nominations:
        for a in n.achievements:
            claimants.setdefault(a, set()).add(n.id)
    return {n for ns in claimants.values() if len(ns) > 1 for n in ns}


def differences(ruleset: Ruleset, case: Case, result: _ResultLike) -> list[str]:
    """Where the engine's criteria disagree with the oracle's, one line each (none: agreement).

    For each verdict of `result`, every explanation node of kind "criterion" is compared with
    the oracle's result for that criterion, on the evaluation date of `result.stamp.as_of`; a
    criterion the oracle reaches but the explanation lacks, or the other way round, is reported
    too. Nominations that share a claimed achievement with another nomination of `case` are
    skipped: the principle "one achievement, one reward" may withdraw or hold that achievement
    for them, which the oracle does not model.
    """
    on = dt.date.fromisoformat(result.stamp.as_of)
    skipped = _shared(case)
    facts = _Facts(case, on)
    out: list[str] = []
    for verdict in result.verdicts:
        nom_id = verdict.nomination
        if nom_id in skipped:
            continue
        oracle = _Oracle(ruleset, facts, facts.nominations[nom_id], on)
        oracle.run(oracle.track.requires)
        expected = oracle.results
        seen: set[str] = set()
        for node in verdict.explanation.walk():
            if node.kind != "criterion" or node.ref is None:
                continue
            seen.add(node.ref)
            want = expected.get(node.ref)
            if want is None:
                out.append(f"{nom_id}: criterion {node.ref}: engine {node.result}, oracle none")
            elif node.result != want:
                out.append(f"{nom_id}: criterion {node.ref}: engine {node.result}, oracle {want}")
        for cid in sorted(set(expected) - seen):
            out.append(f"{nom_id}: criterion {cid}: engine none, oracle {expected[cid]}")
    return out
