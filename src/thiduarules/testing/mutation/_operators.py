"""The mutation operators on expressions: every single-step change of every node of a
criterion's or a track's rules, with the clauses it touches."""

from __future__ import annotations

from collections.abc import Iterator

import attrs

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
    Op,
    YearsCount,
)
from thiduarules.ruleset._model import Ruleset, Text
from thiduarules.ruleset._reader import join
from thiduarules.ruleset._refs import referred_criteria
from thiduarules.testing.mutation._literals import (
    candidate_terms,
    list_changes,
    spec_list_changes,
)

#: One change of one node: (id suffix, description, the new node).
Change = tuple[str, Text, Expr]


def replace(expr: Expr, target: Expr, new: Expr) -> Expr:
    """`expr` with the node `target` (by identity) replaced by `new`."""
    if expr is target:
        return new
    kids = expr.children()
    if not kids:
        return expr
    return expr.with_children(tuple(replace(k, target, new) for k in kids))


def flip(op: Op) -> Op:
    """The opposite comparison: `is` and `in` become `not_in`, `not_in` becomes `in`."""
    return "in" if op == "not_in" else "not_in"


def steps(n: int) -> Iterator[int]:
    """The neighbours of a threshold: one less (when there is one), one more."""
    if n > 0:
        yield n - 1
    yield n + 1


def _spec_changes(
    spec: AssessmentSpec, rs: Ruleset, where: str
) -> Iterator[tuple[str, Text, AssessmentSpec]]:
    """A spec with its comparison flipped, and read from every other kind that has its values."""
    new_op = flip(spec.op)
    yield (
        f"op={new_op}",
        Text(
            f"đảo phép so sánh ({spec.op} → {new_op}) tại {where}",
            f"comparison flipped ({spec.op} → {new_op}) at {where}",
        ),
        attrs.evolve(spec, op=new_op),
    )
    if isinstance(spec.values, tuple):
        wanted = {str(v) for v in spec.values}
        for kind in rs.assessments:
            if kind.slug != spec.kind and wanted <= set(kind.value_slugs()):
                yield (
                    f"kind={kind.slug}",
                    Text(
                        f"đọc đánh giá “{kind.slug}” thay cho “{spec.kind}” tại {where}",
                        f"reads the “{kind.slug}” assessment instead of “{spec.kind}” at {where}",
                    ),
                    attrs.evolve(spec, kind=kind.slug),
                )
    yield from spec_list_changes(spec, rs, where)


_WORDS = {"all": ("tất cả", "all-of"), "any": ("một trong", "any-of")}


class _Changes(ExprVisitor[Iterator[Change]]):
    """Every single-step change of one node (its children are changed on their own turn)."""

    def __init__(self, rs: Ruleset) -> None:
        self.rs = rs

    def _swap(self, e: AllOf | AnyOf, new: Expr, a: str, b: str) -> Iterator[Change]:
        yield (
            f"{e.path}:{a}-to-{b}",
            Text(
                f"“{_WORDS[a][0]}” đổi thành “{_WORDS[b][0]}” tại {e.path}",
                f"{_WORDS[a][1]} turned {_WORDS[b][1]} at {e.path}",
            ),
            new,
        )

    def _drops(self, e: AllOf | AnyOf | AtLeast) -> Iterator[Change]:
        if len(e.items) <= 1:
            return
        for i, item in enumerate(e.items):
            rest = e.items[:i] + e.items[i + 1 :]
            yield (
                f"{item.path}:drop",
                Text(f"bỏ điều kiện {item.path}", f"condition {item.path} dropped"),
                e.with_children(rest),
            )

    def all_of(self, e: AllOf) -> Iterator[Change]:
        yield from self._swap(e, AnyOf(e.items, e.path), "all", "any")
        yield from self._drops(e)

    def any_of(self, e: AnyOf) -> Iterator[Change]:
        yield from self._swap(e, AllOf(e.items, e.path), "any", "all")
        yield from self._drops(e)

    def at_least(self, e: AtLeast) -> Iterator[Change]:
        yield from self._drops(e)
        if isinstance(e.n, int):
            p = e.path
            for m in steps(e.n):
                yield (
                    f"{p}:at_least={m}",
                    Text(f"ngưỡng tại {p}: {e.n} → {m}", f"threshold at {p}: {e.n} → {m}"),
                    attrs.evolve(e, n=m),
                )

    def not_(self, e: Not) -> Iterator[Change]:
        return iter(())

    def criterion_ref(self, e: CriterionRef) -> Iterator[Change]:
        return iter(())

    def choose(self, e: Choose) -> Iterator[Change]:
        return iter(())

    def candidate_test(self, e: CandidateTest) -> Iterator[Change]:
        new_op = flip(e.op)
        yield (
            f"{e.path}:op={new_op}",
            Text(
                f"đảo phép so sánh ({e.op} → {new_op}) tại {e.path}",
                f"comparison flipped ({e.op} → {new_op}) at {e.path}",
            ),
            attrs.evolve(e, op=new_op),
        )
        if isinstance(e.values, tuple):
            terms = candidate_terms(self.rs, e)
            for suffix, text, op, values in list_changes(e.op, e.op, e.values, terms, e.path):
                yield f"{e.path}:{suffix}", text, attrs.evolve(e, op=op, values=values)

    def assessment_test(self, e: AssessmentTest) -> Iterator[Change]:
        for suffix, text, spec in _spec_changes(e.spec, self.rs, e.path):
            yield f"{e.path}:{suffix}", text, attrs.evolve(e, spec=spec)

    def years_count(self, e: YearsCount) -> Iterator[Change]:
        p = e.path
        for i, spec in enumerate(e.specs):
            where = join(join(p, "years"), i)
            for suffix, text, new_spec in _spec_changes(spec, self.rs, where):
                specs = (*e.specs[:i], new_spec, *e.specs[i + 1 :])
                yield f"{where}:{suffix}", text, attrs.evolve(e, specs=specs)
        if isinstance(e.at_least, int):
            for m in steps(e.at_least):
                yield (
                    f"{p}:at_least={m}",
                    Text(
                        f"số năm tối thiểu tại {p}: {e.at_least} → {m}",
                        f"least number of years at {p}: {e.at_least} → {m}",
                    ),
                    attrs.evolve(e, at_least=m),
                )
        if isinstance(e.consecutive, bool) and not e.every:
            flipped = not e.consecutive
            yield (
                f"{p}:consecutive={str(flipped).lower()}",
                Text(
                    f"yêu cầu liên tục tại {p}: {e.consecutive} → {flipped}",
                    f"consecutive at {p}: {e.consecutive} → {flipped}",
                ),
                attrs.evolve(e, consecutive=flipped),
            )

    def achievement_count(self, e: AchievementCount) -> Iterator[Change]:
        p = e.path
        terms = tuple(self.rs.vocabulary("achievement-kinds"))
        for suffix, text, _, kinds in list_changes("kinds", "in", e.kinds, terms, p):
            yield f"{p}:{suffix}", text, attrs.evolve(e, kinds=tuple(str(k) for k in kinds))
        if isinstance(e.at_least, int):
            for m in steps(e.at_least):
                yield (
                    f"{p}:at_least={m}",
                    Text(
                        f"số thành tích tối thiểu tại {p}: {e.at_least} → {m}",
                        f"least number of achievements at {p}: {e.at_least} → {m}",
                    ),
                    attrs.evolve(e, at_least=m),
                )
        if isinstance(e.rewarded, str):
            other = "include" if e.rewarded == "exclude" else "exclude"
            yield (
                f"{p}:rewarded={other}",
                Text(
                    f"thành tích đã khen: {e.rewarded} → {other} tại {p}",
                    f"already-rewarded achievements: {e.rewarded} → {other} at {p}",
                ),
                attrs.evolve(e, rewarded=other),
            )


def expr_mutants(
    root: Expr, rs: Ruleset, owner: tuple[str, ...]
) -> Iterator[tuple[str, Text, tuple[str, ...], Expr]]:
    """Each change of a node under `root`, with the clauses it touches: those of the criterion
    or track that holds it (`owner`), then those of any criterion the changed node refers to."""
    crits = {c.id: c for c in rs.criteria}
    changes = _Changes(rs)

    def touched(part: Expr) -> tuple[str, ...]:
        refs = list(referred_criteria(part))
        return tuple(
            dict.fromkeys([*owner, *(c for r in refs if r in crits for c in crits[r].clauses)])
        )

    for node in root.walk():
        for mid, text, new in node.accept(changes):
            # A dropped item touches what it refers to; any other change, the whole node.
            dropped = [x for x in node.walk() if mid == f"{x.path}:drop"]
            yield mid, text, touched(dropped[0] if dropped else node), replace(root, node, new)
