"""Compiling a ruleset into per-fact patterns and joins: the work both matching backends do.

A *pattern* is one per-fact test taken from a leaf of a criterion: which facts it looks at
(`select`) and what they must hold (`test`). For each pattern a backend reports three sets of
fact keys: selected (the fact is about the thing asked), decided (every field the test reads is
present) and hit (the test holds). A selected fact that is not decided is *unknown*; a decided
one that is not hit is *false*. Joins relate facts to each other: which claimed achievements a
past award already rewarded, and which achievements two nominations both claim.

Facts are encoded for matching as flat string-valued records under keys the library makes
(`c0`, `s12`, …): no user text, no user identifier, no number ever reaches the matcher.
"""

from __future__ import annotations

import attrs

from thiduarules._params import Params
from thiduarules.case._model import Case
from thiduarules.errors import ParameterUnsetError
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
    YearsCount,
    walk,
)
from thiduarules.ruleset._model import Ruleset

FACT_TYPES = ("ach", "asm", "awi", "cand", "clm", "duty")


@attrs.frozen
class Pattern:
    """One per-fact test. `select` and `test` are (field, op, values) with op `in` or `not_in`."""

    id: str
    type: str
    select: tuple[tuple[str, str, tuple[str, ...]], ...]
    test: tuple[tuple[str, str, tuple[str, ...]], ...]


@attrs.frozen
class Program:
    """The patterns of one ruleset under one set of parameter values, and where each is used."""

    patterns: tuple[Pattern, ...]
    by_leaf: dict[str, tuple[str, ...]] = attrs.field(eq=False)
    unresolved: dict[str, str] = attrs.field(eq=False)

    def key(self) -> tuple[Pattern, ...]:
        return self.patterns


def _str(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def spec_shape(
    spec: AssessmentSpec, params: Params
) -> tuple[
    str, tuple[tuple[str, str, tuple[str, ...]], ...], tuple[tuple[str, str, tuple[str, ...]], ...]
]:
    select: list[tuple[str, str, tuple[str, ...]]] = [("kind", "in", (spec.kind,))]
    if spec.by is not None:
        select.append(("by", "in", tuple(sorted(_str(b) for b in params.arg(spec.by)))))  # type: ignore[union-attr]
    op = "not_in" if spec.op == "not_in" else "in"
    values = tuple(sorted(_str(v) for v in params.arg(spec.values)))  # type: ignore[union-attr]
    return "asm", tuple(select), (("value", op, values),)


Test = tuple[tuple[str, str, tuple[str, ...]], ...]
Shape = tuple[str, Test, Test]


class _Shapes(ExprVisitor["list[Shape] | None"]):
    """The (type, select, test) shapes a leaf needs decided, in the leaf's own order; None for
    a construct that reads no fact itself (combinators, references, choices)."""

    def __init__(self, params: Params) -> None:
        self.params = params

    def all_of(self, e: AllOf) -> list[Shape] | None:
        return None

    def any_of(self, e: AnyOf) -> list[Shape] | None:
        return None

    def at_least(self, e: AtLeast) -> list[Shape] | None:
        return None

    def not_(self, e: Not) -> list[Shape] | None:
        return None

    def criterion_ref(self, e: CriterionRef) -> list[Shape] | None:
        return None

    def choose(self, e: Choose) -> list[Shape] | None:
        return None

    def candidate_test(self, e: CandidateTest) -> list[Shape] | None:
        op = "not_in" if e.op == "not_in" else "in"
        values = tuple(sorted(_str(v) for v in self.params.arg(e.values)))  # type: ignore[union-attr]
        if e.field == "duties":
            return [("duty", (), (("v", op, values),))]
        field = {"in_commune": "inc"}.get(e.field, e.field)
        return [("cand", (), ((field, op, values),))]

    def assessment_test(self, e: AssessmentTest) -> list[Shape] | None:
        return [spec_shape(e.spec, self.params)]

    def years_count(self, e: YearsCount) -> list[Shape] | None:
        return [spec_shape(s, self.params) for s in e.specs]

    def achievement_count(self, e: AchievementCount) -> list[Shape] | None:
        return [("ach", (("kind", "in", tuple(sorted(e.kinds))),), (("ae", "in", ("true",)),))]


def _roots(ruleset: Ruleset) -> list[Expr]:
    """Every criterion's, track's and priority level's expression."""
    roots: list[Expr] = [c.when for c in ruleset.criteria] + [t.requires for t in ruleset.tracks]
    if ruleset.allocation is not None:
        roots += [lv.when for lv in ruleset.allocation.priority]
    return roots


def compile_program(ruleset: Ruleset, params: Params) -> Program:
    """The patterns for `ruleset` with its parameters as of `params.on`; identical shapes are shared."""
    shapes: dict[tuple[object, ...], str] = {}
    by_leaf: dict[str, tuple[str, ...]] = {}
    unresolved: dict[str, str] = {}
    shapes_of = _Shapes(params)
    for leaf in (n for root in _roots(ruleset) for n in walk(root)):
        try:
            found = leaf.accept(shapes_of)
        except ParameterUnsetError as exc:
            unresolved[leaf.path] = exc.name
            continue
        if found is None:
            continue
        wanted = found
        ids = []
        for shape in wanted:
            if shape not in shapes:
                shapes[shape] = f"p{len(shapes)}"
            ids.append(shapes[shape])
        by_leaf[leaf.path] = tuple(ids)
    patterns = tuple(Pattern(pid, s[0], s[1], s[2]) for s, pid in shapes.items())  # type: ignore[arg-type]
    return Program(patterns, by_leaf, unresolved)


@attrs.frozen
class Encoded:
    """A case's facts as matcher records, and the tables from them back to the case.

    Patterns read only a fact's own fields, so facts with the same fields are matched once, as
    one *shape* record (`h0`, `h1`, …); `shape_of` maps each case record (`s:DG-01`,
    `d:CN-01/duty`) to its shape. Claims and award items are matched one by one (they relate
    records to each other), under identity keys that `ids` maps back to case ids.
    """

    records: tuple[dict[str, str], ...] = attrs.field(eq=False)
    shape_of: dict[str, str] = attrs.field(eq=False)
    ids: dict[str, str] = attrs.field(eq=False)


def encode(case: Case) -> Encoded:
    """Flat, string-only records for every fact the patterns and joins read."""
    records: list[dict[str, str]] = []
    shapes: dict[tuple[tuple[str, str], ...], str] = {}
    shape_of: dict[str, str] = {}
    ids: dict[str, str] = {}

    def shape(ident: str, content: tuple[tuple[str, str], ...]) -> None:
        key = shapes.get(content)
        if key is None:
            key = shapes[content] = f"h{len(shapes)}"
            records.append({"k": key, **dict(content)})
        shape_of[ident] = key

    for c in case.candidates:
        cand: tuple[tuple[str, str], ...] = (("t", "cand"), ("kind", c.kind))
        if c.role is not None:
            cand += (("role", c.role),)
        if c.in_commune is not None:
            cand += (("inc", _str(c.in_commune)),)
        shape(f"c:{c.id}", cand)
        for d in c.duties:
            shape(f"d:{c.id}/{d}", (("t", "duty"), ("v", d)))
    for s in case.assessments:
        shape(f"s:{s.id}", (("t", "asm"), ("kind", s.kind), ("value", s.value), ("by", s.by)))
    ach_key: dict[str, str] = {}
    for i, a in enumerate(case.achievements):
        ach: tuple[tuple[str, str], ...] = (("t", "ach"), ("kind", a.kind))
        if a.applied_effectively is not None:
            ach += (("ae", _str(a.applied_effectively)),)
        shape(f"a:{a.id}", ach)
        ach_key[a.id] = f"a{i}"
        ids[f"a{i}"] = a.id
    for i, w in enumerate(case.awards):
        ids[f"w{i}"] = w.id
        for j, a_id in enumerate(w.achievements):
            records.append({"k": f"r{i}.{j}", "t": "awi", "a": ach_key[a_id], "w": f"w{i}"})
    for i, n in enumerate(case.nominations):
        ids[f"n{i}"] = n.id
        for j, a_id in enumerate(n.achievements):
            records.append({"k": f"q{i}.{j}", "t": "clm", "a": ach_key[a_id], "n": f"n{i}"})
    return Encoded(tuple(records), shape_of, ids)


@attrs.frozen
class Matches:
    """What a backend decided: per pattern the selected / decided / hit shapes, and the join
    of claims with the awards that already rewarded the achievement claimed."""

    selected: dict[str, frozenset[str]]
    decided: dict[str, frozenset[str]]
    hit: dict[str, frozenset[str]]
    rewarded: frozenset[tuple[str, str, str]]  # (nomination key, achievement key, award key)

    def differences(self, other: Matches) -> list[str]:
        """Human-readable differences, empty when the two agree on everything."""
        out = []
        for name in ("selected", "decided", "hit"):
            mine, theirs = getattr(self, name), getattr(other, name)
            for pid in sorted(set(mine) | set(theirs)):
                a, b = mine.get(pid, frozenset()), theirs.get(pid, frozenset())
                if a != b:
                    out.append(
                        f"{name} {pid}: only durable {sorted(a - b)}, only plain {sorted(b - a)}"
                    )
        if self.rewarded != other.rewarded:
            a, b = self.rewarded, other.rewarded
            out.append(f"rewarded: only durable {sorted(a - b)}, only plain {sorted(b - a)}")
        return out
