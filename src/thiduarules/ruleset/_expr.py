"""The expression nodes of criteria, and the one place that knows their shapes.

Each node knows its children, how to rebuild itself with other children, the parameters it
reads directly, and how to hand itself to a visitor (`accept`). Every other module that needs
to treat the constructs differently — validation, compilation, evaluation, the oracle,
mutation, scenario coverage, strategies — implements `ExprVisitor`; a construct added here
without a visitor method makes every visitor class abstract, so building one fails (a test
builds them all).
"""

from __future__ import annotations

import abc
from collections.abc import Iterator
from typing import Generic, Literal, TypeAlias, TypeVar

import attrs

T = TypeVar("T")

Op: TypeAlias = Literal["is", "in", "not_in"]
CandidateField: TypeAlias = Literal["kind", "role", "in_commune", "duties"]
CANDIDATE_FIELDS: tuple[CandidateField, ...] = ("kind", "role", "in_commune", "duties")


@attrs.frozen
class Ref:
    """A reference to a parameter, resolved on the date of evaluation."""

    param: str


IntArg: TypeAlias = "int | Ref"
BoolArg: TypeAlias = "bool | Ref"
Values: TypeAlias = "tuple[str | bool, ...] | Ref"


def _refs(*args: object) -> tuple[str, ...]:
    return tuple(a.param for a in args if isinstance(a, Ref))


class ExprVisitor(abc.ABC, Generic[T]):
    """One method per construct; `Expr.accept(visitor)` calls the one for its node."""

    @abc.abstractmethod
    def all_of(self, e: AllOf) -> T: ...
    @abc.abstractmethod
    def any_of(self, e: AnyOf) -> T: ...
    @abc.abstractmethod
    def at_least(self, e: AtLeast) -> T: ...
    @abc.abstractmethod
    def not_(self, e: Not) -> T: ...
    @abc.abstractmethod
    def criterion_ref(self, e: CriterionRef) -> T: ...
    @abc.abstractmethod
    def choose(self, e: Choose) -> T: ...
    @abc.abstractmethod
    def candidate_test(self, e: CandidateTest) -> T: ...
    @abc.abstractmethod
    def assessment_test(self, e: AssessmentTest) -> T: ...
    @abc.abstractmethod
    def years_count(self, e: YearsCount) -> T: ...
    @abc.abstractmethod
    def achievement_count(self, e: AchievementCount) -> T: ...


class _Node:
    """What every expression node offers; leaves have no children."""

    path: str
    leaf = True

    def children(self) -> tuple[Expr, ...]:
        return ()

    def with_children(self, kids: tuple[Expr, ...]) -> Expr:
        """The same node over `kids` (as many as `children()` returned)."""
        if kids:
            raise ValueError("a leaf has no children")
        return self  # type: ignore[return-value]

    def params(self) -> tuple[str, ...]:
        """The parameters this node reads itself (not those of its children)."""
        return ()

    def walk(self) -> Iterator[Expr]:
        """This node and every node below it, depth first."""
        yield self  # type: ignore[misc]
        for child in self.children():
            yield from child.walk()


@attrs.frozen
class AllOf(_Node):
    items: tuple[Expr, ...]
    path: str
    leaf = False

    def children(self) -> tuple[Expr, ...]:
        return self.items

    def with_children(self, kids: tuple[Expr, ...]) -> Expr:
        return attrs.evolve(self, items=kids)

    def accept(self, v: ExprVisitor[T]) -> T:
        return v.all_of(self)


@attrs.frozen
class AnyOf(_Node):
    items: tuple[Expr, ...]
    path: str
    leaf = False

    def children(self) -> tuple[Expr, ...]:
        return self.items

    def with_children(self, kids: tuple[Expr, ...]) -> Expr:
        return attrs.evolve(self, items=kids)

    def accept(self, v: ExprVisitor[T]) -> T:
        return v.any_of(self)


@attrs.frozen
class AtLeast(_Node):
    n: IntArg
    items: tuple[Expr, ...]
    path: str
    leaf = False

    def children(self) -> tuple[Expr, ...]:
        return self.items

    def with_children(self, kids: tuple[Expr, ...]) -> Expr:
        return attrs.evolve(self, items=kids)

    def params(self) -> tuple[str, ...]:
        return _refs(self.n)

    def accept(self, v: ExprVisitor[T]) -> T:
        return v.at_least(self)


@attrs.frozen
class Not(_Node):
    item: Expr
    path: str
    leaf = False

    def children(self) -> tuple[Expr, ...]:
        return (self.item,)

    def with_children(self, kids: tuple[Expr, ...]) -> Expr:
        (item,) = kids
        return attrs.evolve(self, item=item)

    def accept(self, v: ExprVisitor[T]) -> T:
        return v.not_(self)


@attrs.frozen
class CriterionRef(_Node):
    """Another criterion, by id; its tree is the criterion's own (not a child here)."""

    criterion: str
    path: str

    def accept(self, v: ExprVisitor[T]) -> T:
        return v.criterion_ref(self)


@attrs.frozen
class Choose(_Node):
    """One branch per value of a choice parameter (an interpretation the plan leaves open)."""

    param: str
    cases: tuple[tuple[str, Expr], ...]
    path: str
    leaf = False

    def children(self) -> tuple[Expr, ...]:
        return tuple(e for _, e in self.cases)

    def with_children(self, kids: tuple[Expr, ...]) -> Expr:
        names = [name for name, _ in self.cases]
        return attrs.evolve(self, cases=tuple(zip(names, kids, strict=True)))

    def params(self) -> tuple[str, ...]:
        return (self.param,)

    def accept(self, v: ExprVisitor[T]) -> T:
        return v.choose(self)


@attrs.frozen
class CandidateTest(_Node):
    """A test of one field of the nominated candidate (kind, role, in_commune, duties)."""

    field: str
    op: Op
    values: Values
    path: str

    def params(self) -> tuple[str, ...]:
        return _refs(self.values)

    def accept(self, v: ExprVisitor[T]) -> T:
        return v.candidate_test(self)


@attrs.frozen
class AssessmentSpec:
    """Which assessment to read (kind, accepted bodies) and which values satisfy it."""

    kind: str
    op: Op
    values: Values
    by: tuple[str, ...] | Ref | None

    def params(self) -> tuple[str, ...]:
        return _refs(self.values, self.by)


@attrs.frozen
class AssessmentTest(_Node):
    """The latest assessment of a kind for the nominated candidate in the nomination's year."""

    spec: AssessmentSpec
    path: str

    def params(self) -> tuple[str, ...]:
        return self.spec.params()

    def accept(self, v: ExprVisitor[T]) -> T:
        return v.assessment_test(self)


@attrs.frozen
class YearsCount(_Node):
    """How many years of the period, up to the nomination's, every listed assessment held."""

    specs: tuple[AssessmentSpec, ...]
    at_least: IntArg | None
    every: bool
    consecutive: BoolArg
    path: str

    def params(self) -> tuple[str, ...]:
        own = _refs(self.at_least, self.consecutive)
        return own + tuple(p for s in self.specs for p in s.params())

    def accept(self, v: ExprVisitor[T]) -> T:
        return v.years_count(self)


@attrs.frozen
class AchievementCount(_Node):
    """How many claimed achievements of given kinds were applied effectively in the window."""

    kinds: tuple[str, ...]
    at_least: IntArg
    rewarded: str | Ref
    path: str

    def params(self) -> tuple[str, ...]:
        return _refs(self.at_least, self.rewarded)

    def accept(self, v: ExprVisitor[T]) -> T:
        return v.achievement_count(self)


Expr: TypeAlias = (
    "AllOf | AnyOf | AtLeast | Not | CriterionRef | Choose | CandidateTest | AssessmentTest"
    " | YearsCount | AchievementCount"
)
CONSTRUCTS: tuple[type, ...] = (
    AllOf,
    AnyOf,
    AtLeast,
    Not,
    CriterionRef,
    Choose,
    CandidateTest,
    AssessmentTest,
    YearsCount,
    AchievementCount,
)


def walk(expr: Expr) -> Iterator[Expr]:
    """Every node of an expression tree, depth first."""
    return expr.walk()


def children(expr: Expr) -> tuple[Expr, ...]:
    """The sub-expressions of an expression (none for a leaf)."""
    return expr.children()


def leaves(expr: Expr) -> Iterator[Expr]:
    """The leaves of an expression tree (conditions over facts, and criterion references)."""
    return (n for n in expr.walk() if n.leaf)
