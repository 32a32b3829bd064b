"""How deep a criterion's expressions go when the criteria it names are counted in, against
`ruleset_depth`.

Evaluation follows each `{ criterion = … }` into that criterion's own tree, so a chain of a few
hundred criteria, each shallow in the file, nests as deep as one expression a few hundred levels
tall, and would exhaust Python's recursion in the evaluator. Depths are computed in an order
where every criterion comes after those it names (criteria in a cycle are left to the cycle
check), with loops, never a recursion.
"""

from __future__ import annotations

from collections.abc import Iterator

from thiduarules._limits import Limits, exceeded
from thiduarules.errors import Problem
from thiduarules.ruleset._expr import Expr
from thiduarules.ruleset._model import Ruleset
from thiduarules.ruleset._reader import join
from thiduarules.ruleset._refs import referred_criteria

__all__ = ["criteria_depth_problems"]


def _levels(expr: Expr) -> Iterator[tuple[Expr, int]]:
    """Every node of `expr` with its level (the root is 1)."""
    stack = [(expr, 1)]
    while stack:
        node, level = stack.pop()
        yield node, level
        stack.extend((child, level + 1) for child in node.children())


def _shape(expr: Expr) -> tuple[int, list[tuple[str, int]]]:
    """The depth of `expr` itself, and each criterion it names with the level it is named at."""
    deepest = 0
    named: list[tuple[str, int]] = []
    for node, level in _levels(expr):
        deepest = max(deepest, level)
        if node.leaf:
            named += [(cid, level) for cid in referred_criteria(node)]
    return deepest, named


def criteria_depth_problems(rs: Ruleset, file: str, limits: Limits) -> list[Problem]:
    """A problem where an expression, counted through the criteria it names, nests deeper than
    `ruleset_depth` while each criterion it names does not (so a long chain is reported once)."""
    shapes = {c.id: _shape(c.when) for c in rs.criteria}
    waiting = {cid: {n for n, _ in named if n in shapes} for cid, (_, named) in shapes.items()}
    named_by: dict[str, list[str]] = {cid: [] for cid in shapes}
    for cid, needs in waiting.items():
        for n in needs:
            named_by[n].append(cid)
    depth: dict[str, int] = {}
    ready = sorted(cid for cid, needs in waiting.items() if not needs)
    while ready:
        cid = ready.pop()
        own, named = shapes[cid]
        depth[cid] = max([own] + [level + depth[n] for n, level in named if n in depth])
        for other in named_by[cid]:
            waiting[other].discard(cid)
            if not waiting[other]:
                ready.append(other)
    most = limits.ruleset_depth
    problems: list[Problem] = []

    def check(expr: Expr, path: str) -> None:
        own, named = _shape(expr)
        total = max([own] + [level + depth[n] for n, level in named if n in depth])
        if total > most and all(depth.get(n, 0) <= most for n, _ in named):
            found = f"expressions {total:,} levels deep, counting the criteria they name"
            problems.append(exceeded(limits, "ruleset_depth", file, path, found))

    for c in rs.criteria:
        check(c.when, join(join("criteria", c.id), "when"))
    for t in rs.tracks:
        check(t.requires, join(join("tracks", t.id), "requires"))
    if rs.allocation is not None:
        for i, level in enumerate(rs.allocation.priority):
            check(level.when, join(join("allocation.priority", i), "when"))
    return problems
