"""Kleene's three-valued logic, as truth tables: the only place the engine combines results.

The tables are data so that an auditor can read them, and so that a test can plant a fault in
one entry and watch the independent oracle (`thiduarules.testing.oracle`) catch it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, TypeAlias

Result: TypeAlias = Literal["true", "false", "unknown"]

TRUE: Result = "true"
FALSE: Result = "false"
UNKNOWN: Result = "unknown"

AND: dict[tuple[Result, Result], Result] = {
    (TRUE, TRUE): TRUE,
    (TRUE, UNKNOWN): UNKNOWN,
    (TRUE, FALSE): FALSE,
    (UNKNOWN, TRUE): UNKNOWN,
    (UNKNOWN, UNKNOWN): UNKNOWN,
    (UNKNOWN, FALSE): FALSE,
    (FALSE, TRUE): FALSE,
    (FALSE, UNKNOWN): FALSE,
    (FALSE, FALSE): FALSE,
}
OR: dict[tuple[Result, Result], Result] = {
    (TRUE, TRUE): TRUE,
    (TRUE, UNKNOWN): TRUE,
    (TRUE, FALSE): TRUE,
    (UNKNOWN, TRUE): TRUE,
    (UNKNOWN, UNKNOWN): UNKNOWN,
    (UNKNOWN, FALSE): UNKNOWN,
    (FALSE, TRUE): TRUE,
    (FALSE, UNKNOWN): UNKNOWN,
    (FALSE, FALSE): FALSE,
}
NOT: dict[Result, Result] = {TRUE: FALSE, FALSE: TRUE, UNKNOWN: UNKNOWN}


def all3(results: Iterable[Result]) -> Result:
    """Kleene AND over any number of results (true for none)."""
    out: Result = TRUE
    for r in results:
        out = AND[(out, r)]
    return out


def any3(results: Iterable[Result]) -> Result:
    """Kleene OR over any number of results (false for none)."""
    out: Result = FALSE
    for r in results:
        out = OR[(out, r)]
    return out


def not3(result: Result) -> Result:
    return NOT[result]


def count3(results: Iterable[Result], n: int) -> Result:
    """At least `n` true: true if already so, false if even every unknown could not make it."""
    yes = maybe = 0
    for r in results:
        if r == TRUE:
            yes += 1
        elif r == UNKNOWN:
            maybe += 1
    if yes >= n:
        return TRUE
    return FALSE if yes + maybe < n else UNKNOWN


def longest_run(results: Iterable[Result], accept: frozenset[Result]) -> int:
    """The length of the longest run of consecutive results in `accept`."""
    best = cur = 0
    for r in results:
        cur = cur + 1 if r in accept else 0
        best = max(best, cur)
    return best


def consecutive3(results: list[Result], n: int) -> Result:
    """At least `n` consecutive true: false once no run of true-or-unknown could reach `n`."""
    if longest_run(results, frozenset((TRUE,))) >= n:
        return TRUE
    return FALSE if longest_run(results, frozenset((TRUE, UNKNOWN))) < n else UNKNOWN
