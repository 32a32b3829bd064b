"""The plain-Python matcher: the same decisions as durable-rules, by direct evaluation.

It is the oracle every durable-rules answer is checked against, and the backend where the
durable-rules C extension cannot load.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from thiduarules._program import Matches, Pattern, Program


def _holds(record: dict[str, str], tests: Iterable[tuple[str, str, tuple[str, ...]]]) -> bool:
    for field, op, values in tests:
        if field not in record:
            return False
        inside = record[field] in values
        if inside != (op == "in"):
            return False
    return True


def _decided(record: dict[str, str], p: Pattern) -> bool:
    return all(field in record for field, _, _ in p.test)


def match_plain(program: Program, records: Iterable[dict[str, str]]) -> Matches:
    """Decide every pattern and join over `records`."""
    records = list(records)
    by_type: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in records:
        by_type[r["t"]].append(r)
    selected, decided, hit = {}, {}, {}
    for p in program.patterns:
        sel = [r for r in by_type[p.type] if _holds(r, p.select)]
        dec = [r for r in sel if _decided(r, p)]
        selected[p.id] = frozenset(r["k"] for r in sel)
        decided[p.id] = frozenset(r["k"] for r in dec)
        hit[p.id] = frozenset(r["k"] for r in dec if _holds(r, p.test))
    awarded: dict[str, list[str]] = defaultdict(list)
    for r in by_type["awi"]:
        awarded[r["a"]].append(r["w"])
    rewarded = frozenset(
        (r["n"], r["a"], w) for r in by_type["clm"] for w in awarded.get(r["a"], ())
    )
    return Matches(selected, decided, hit, rewarded)
