"""Sound explanations: every node of a verdict follows from its parts by the rule it mirrors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from hypothesis import strategies as st

from thiduarules._params import Params
from thiduarules.errors import ParameterUnsetError
from thiduarules.ruleset import Ruleset
from thiduarules.ruleset._expr import (
    AchievementCount,
    AllOf,
    AnyOf,
    AssessmentTest,
    AtLeast,
    CandidateTest,
    Choose,
    CriterionRef,
    Expr,
    ExprVisitor,
    Not,
    YearsCount,
)
from thiduarules.testing import strategies as ts
from thiduarules.testing.invariants._run import (
    CANDIDATES,
    InvariantFailure,
    InvariantReport,
    Raw,
    open_engine,
    run_property,
    structured,
)
from thiduarules.testing.oracle import (
    kleene_and,
    kleene_at_least,
    kleene_consecutive,
    kleene_not,
    kleene_or,
)
from thiduarules.verdict import FALSE, OUTCOME, UNKNOWN, CaseResult, Node, Result, Verdict


class _Explanations:
    """Re-derives every node of a verdict's explanation from its children and the rule it mirrors."""

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
        if root.result != kleene_and(c.result for c in root.children):
            self.fail(
                where,
                f"the root is {root.result}, its parts give {kleene_and(c.result for c in root.children)}",
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
        return e.accept(_Mirrors(node))

    def node(self, where: str, node: Node, e: Expr) -> None:
        here = f"{where} ({node.kind} {node.ref or e.path})"
        if node.ref is not None and node.ref.startswith("parameters.") and node.kind != "choose":
            # A rule whose parameter has no value on the evaluation date: unknown, and it says so.
            if node.result != UNKNOWN or not node.needs:
                self.fail(
                    here, "a rule with an unset parameter must be unknown and name the parameter"
                )
            return
        kids = node.children
        try:
            if not e.accept(_NodeCheck(self, where, here, node)):
                return
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
            derived = kleene_and(results) if results else FALSE
        else:
            n = int(self.arg(e.at_least))
            if bool(self.arg(e.consecutive)):
                derived = kleene_consecutive(results, n)
            else:
                derived = kleene_at_least(results, n)
        self.same(here, node, derived)


class _Mirrors(ExprVisitor[bool]):
    """Whether an explanation node is the one of the rule visited: a combinator by its kind, a
    reference by the criterion it names, a condition over facts by its path."""

    def __init__(self, node: Node) -> None:
        self.node = node

    def all_of(self, e: AllOf) -> bool:
        return self.node.kind == "all"

    def any_of(self, e: AnyOf) -> bool:
        return self.node.kind == "any"

    def at_least(self, e: AtLeast) -> bool:
        return self.node.kind == "at-least"

    def not_(self, e: Not) -> bool:
        return self.node.kind == "not"

    def criterion_ref(self, e: CriterionRef) -> bool:
        return self.node.kind == "criterion" and self.node.ref == e.criterion

    def choose(self, e: Choose) -> bool:
        return self.node.kind == "choose"

    def candidate_test(self, e: CandidateTest) -> bool:
        return self.node.ref == e.path

    def assessment_test(self, e: AssessmentTest) -> bool:
        return self.node.ref == e.path

    def years_count(self, e: YearsCount) -> bool:
        return self.node.ref == e.path

    def achievement_count(self, e: AchievementCount) -> bool:
        return self.node.ref == e.path


class _NodeCheck(ExprVisitor[bool]):
    """Checks one explanation node against the rule visited, and its parts against the rule's
    parts; False when the node's parts do not match the rule's, so nothing more can be said."""

    def __init__(self, ex: _Explanations, where: str, here: str, node: Node) -> None:
        self.ex = ex
        self.where = where
        self.here = here
        self.node = node
        self.kids = node.children

    def _single(self, kind: str, ref: str | None = None) -> Node | None:
        """The node's one part, for a rule of one part (None, and a failure noted, otherwise)."""
        self.ex.expect(self.here, self.node, kind, ref)
        return self.kids[0] if len(self.kids) == 1 else None

    def _parts(
        self, e: AllOf | AnyOf | AtLeast, kind: str, combine: Callable[[list[Result]], Result]
    ) -> bool:
        ex = self.ex
        ex.expect(self.here, self.node, kind)
        if len(self.kids) != len(e.items):
            ex.fail(self.here, f"{len(self.kids)} parts for a rule of {len(e.items)}")
            return False
        ex.same(self.here, self.node, combine([k.result for k in self.kids]))
        for kid, item in zip(self.kids, e.items, strict=True):
            ex.node(self.where, kid, item)
        return True

    def _leaf(self, e: Expr) -> bool:
        """Whether the node explains this condition (a failure noted if not)."""
        if self.node.ref != e.path:
            self.ex.fail(self.here, f"explains {self.node.ref}, but the rule here is {e.path}")
            return False
        return True

    def all_of(self, e: AllOf) -> bool:
        return self._parts(e, "all", kleene_and)

    def any_of(self, e: AnyOf) -> bool:
        return self._parts(e, "any", kleene_or)

    def at_least(self, e: AtLeast) -> bool:
        return self._parts(e, "at-least", lambda rs: kleene_at_least(rs, int(self.ex.arg(e.n))))

    def not_(self, e: Not) -> bool:
        kid = self._single("not")
        if kid is not None:
            self.ex.same(self.here, self.node, kleene_not(kid.result))
            self.ex.node(self.where, kid, e.item)
        return True

    def criterion_ref(self, e: CriterionRef) -> bool:
        kid = self._single("criterion", e.criterion)
        if kid is not None:
            self.ex.same(self.here, self.node, kid.result)
            self.ex.node(self.where, kid, self.ex.rs.criterion(e.criterion).when)
        return True

    def choose(self, e: Choose) -> bool:
        kid = self._single("choose")
        if kid is not None:
            self.ex.same(self.here, self.node, kid.result)
            self.ex.node(self.where, kid, dict(e.cases)[str(self.ex.params.get(e.param))])
        return True

    def candidate_test(self, e: CandidateTest) -> bool:
        self._leaf(e)
        return True

    def assessment_test(self, e: AssessmentTest) -> bool:
        self._leaf(e)
        return True

    def years_count(self, e: YearsCount) -> bool:
        if self._leaf(e):
            self.ex.years(self.here, self.node, e)
        return True

    def achievement_count(self, e: AchievementCount) -> bool:
        if self._leaf(e):
            results = (k.result for k in self.kids)
            self.ex.same(
                self.here, self.node, kleene_at_least(results, int(self.ex.arg(e.at_least)))
            )
        return True


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
    with open_engine(ruleset, "plain") as engine:

        def check(raw: Raw) -> None:
            result = engine.evaluate(structured(raw, ruleset))
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

        return run_property(name, strategy, check, examples=examples, seed=seed)
