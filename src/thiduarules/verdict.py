"""Verdicts as frozen data: the outcome, the explanation tree, what is missing, and the stamp.

Rendering (JSON, Vietnamese and English text) lives in `thiduarules.render`; this module only
holds the data and the three-valued logic the explanation tree is built with.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, TypeAlias, TypeVar

import attrs

Result: TypeAlias = Literal["true", "false", "unknown"]
Outcome: TypeAlias = Literal["eligible", "ineligible", "undetermined"]
Scalar: TypeAlias = "str | int | bool | None"

TRUE: Result = "true"
FALSE: Result = "false"
UNKNOWN: Result = "unknown"
OUTCOME: dict[Result, Outcome] = {TRUE: "eligible", FALSE: "ineligible", UNKNOWN: "undetermined"}


def all3(results: Iterable[Result]) -> Result:
    """Kleene AND: false if any is false, else unknown if any is unknown, else true."""
    seen = set(results)
    if FALSE in seen:
        return FALSE
    return UNKNOWN if UNKNOWN in seen else TRUE


def any3(results: Iterable[Result]) -> Result:
    """Kleene OR: true if any is true, else unknown if any is unknown, else false."""
    seen = set(results)
    if TRUE in seen:
        return TRUE
    return UNKNOWN if UNKNOWN in seen else FALSE


def not3(result: Result) -> Result:
    return {TRUE: FALSE, FALSE: TRUE, UNKNOWN: UNKNOWN}[result]


def count3(results: Iterable[Result], n: int) -> Result:
    """At least `n` true: true if already so, false if even every unknown could not make it."""
    results = list(results)
    yes = results.count(TRUE)
    maybe = yes + results.count(UNKNOWN)
    if yes >= n:
        return TRUE
    return FALSE if maybe < n else UNKNOWN


@attrs.frozen
class Fact:
    """A fact the engine read: where it is in the case (`assessments[DG-01].value`) and its value."""

    path: str
    value: Scalar


@attrs.frozen
class Need:
    """A fact that would settle an unknown condition, and who or what would provide it."""

    path: str
    vi: str
    en: str


@attrs.frozen
class Note:
    """A sentence about a verdict (what is missing, a warning), with the clauses it rests on."""

    clauses: tuple[str, ...]
    vi: str
    en: str


@attrs.frozen
class Node:
    """One node of an explanation tree: a criterion, a combinator, or a condition over facts."""

    kind: str
    result: Result
    vi: str
    en: str
    clauses: tuple[str, ...] = ()
    ref: str | None = None
    facts: tuple[Fact, ...] = ()
    needs: tuple[Need, ...] = ()
    missing: Note | None = None
    children: tuple[Node, ...] = ()

    def walk(self) -> Iterable[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@attrs.frozen
class Stamp:
    """What produced a verdict: re-running with the same stamp gives the same verdict."""

    ruleset_id: str
    ruleset_version: str
    ruleset_hash: str
    library_version: str
    engine: str
    as_of: str


@attrs.frozen
class Verdict:
    """The answer for one nomination."""

    nomination: str
    candidate: str
    candidate_name: str
    track: str
    year: int
    form: str
    outcome: Outcome
    explanation: Node
    settle: tuple[Need, ...] = ()
    missing: tuple[Note, ...] = ()
    warnings: tuple[Note, ...] = ()
    proposal: bool = False
    conflicts_with: tuple[str, ...] = ()
    facts_digest: str = ""


@attrs.frozen
class Conflict:
    """Two or more nominations of one round claiming the same achievement (plan III.1.2.2)."""

    achievement: str
    nominations: tuple[str, ...]
    resolution: str
    kept_by: str | None
    note: Note


@attrs.frozen
class CaseResult:
    """Every verdict of one case, the conflicts between them, and the stamp they share."""

    stamp: Stamp
    verdicts: tuple[Verdict, ...]
    conflicts: tuple[Conflict, ...] = ()
    duplicates: tuple[Note, ...] = ()
    late_reports: tuple[Note, ...] = ()


def settle_needs(node: Node) -> list[Need]:
    """The facts whose values would settle an unknown node (only the branches that matter)."""
    if node.result != UNKNOWN:
        return []
    if not node.children:
        return list(node.needs)
    out = list(node.needs)
    for child in node.children:
        out.extend(settle_needs(child))
    return out


def missing_notes(node: Node) -> list[Note]:
    """What a false node lacks: for all-of the failing parts, for any-of every alternative."""
    if node.result != FALSE:
        return []
    found: list[Note] = []
    for child in node.children:
        found.extend(missing_notes(child))
    if not found and node.missing is not None:
        found.append(node.missing)
    return found


_Item = TypeVar("_Item", Need, Note)


def dedupe(items: Iterable[_Item]) -> tuple[_Item, ...]:
    """Unique items in a stable order (first seen)."""
    return tuple(dict.fromkeys(items))
