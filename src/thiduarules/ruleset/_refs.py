"""Which other criteria an expression refers to: the links between criteria, tracks and
priority levels that validation (cycles), coverage (unused criteria) and the testing tools
follow."""

from __future__ import annotations

from collections.abc import Iterator

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


class _Referred(ExprVisitor["str | None"]):
    """The criterion one node names (only a reference names one); its children are walked apart."""

    def all_of(self, e: AllOf) -> str | None:
        return None

    def any_of(self, e: AnyOf) -> str | None:
        return None

    def at_least(self, e: AtLeast) -> str | None:
        return None

    def not_(self, e: Not) -> str | None:
        return None

    def criterion_ref(self, e: CriterionRef) -> str | None:
        return e.criterion

    def choose(self, e: Choose) -> str | None:
        return None

    def candidate_test(self, e: CandidateTest) -> str | None:
        return None

    def assessment_test(self, e: AssessmentTest) -> str | None:
        return None

    def years_count(self, e: YearsCount) -> str | None:
        return None

    def achievement_count(self, e: AchievementCount) -> str | None:
        return None


_REFERRED = _Referred()


def referred_criteria(expr: Expr) -> Iterator[str]:
    """The ids of the criteria `expr` refers to directly, depth first, repeats included (the
    trees of those criteria are not entered)."""
    for node in expr.walk():
        cid = node.accept(_REFERRED)
        if cid is not None:
            yield cid
