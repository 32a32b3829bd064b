"""Verdicts as frozen data: the outcome, the explanation tree, what is missing, and the stamp.

No sentence is stored here. Every node, need and note carries a reason `code` and typed
`args` (slugs, ids, counts, thresholds, dates); `thiduarules.render` turns them into words, in
the language asked for, from its message catalogue and the ruleset's own labels. Code that
decides — principles, allocation, invariants — reads these fields, never words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Literal, NamedTuple, TypeAlias, TypeVar

import attrs

from thiduarules.evaluate._logic import FALSE, TRUE, UNKNOWN, Result

if TYPE_CHECKING:
    from thiduarules.ruleset._model import Ruleset

Outcome: TypeAlias = Literal["eligible", "ineligible", "undetermined"]
Scalar: TypeAlias = str | int | bool | None
Arg: TypeAlias = str | int | bool | dt.date | tuple[str, ...] | None
Args: TypeAlias = tuple[tuple[str, Arg], ...]

OUTCOME: dict[Result, Outcome] = {TRUE: "eligible", FALSE: "ineligible", UNKNOWN: "undetermined"}

__all__ = [
    "FALSE",
    "OUTCOME",
    "TRUE",
    "UNKNOWN",
    "Arg",
    "Args",
    "CaseResult",
    "Conflict",
    "Fact",
    "Need",
    "Node",
    "Note",
    "Outcome",
    "Result",
    "Scalar",
    "Stamp",
    "Verdict",
    "dedupe",
    "missing_notes",
    "settle_needs",
]


class Fact(NamedTuple):
    """A fact the engine read: where it is in the case (`assessments[DG-01].value`) and its value."""

    path: str
    value: Scalar


class Need(NamedTuple):
    """A fact that would settle an unknown condition: where it goes, and why (code, args)."""

    path: str
    code: str
    args: Args = ()

    def arg(self, name: str) -> Arg:
        return dict(self.args).get(name)


class Note(NamedTuple):
    """Something said about a verdict (what is missing, a warning), with its clauses."""

    clauses: tuple[str, ...]
    code: str
    args: Args = ()

    def arg(self, name: str) -> Arg:
        return dict(self.args).get(name)


class Node(NamedTuple):
    """One node of an explanation tree: a criterion, a combinator, or a condition over facts.

    `code` names what the node states (`assessment`, `years`, `achievement`…) and `args` its
    values; a false node's `missing` note is the same code and args read as a lack. Records
    are named tuples: an explanation is built for every nomination, and tuples of plain values
    are the cheapest immutable records Python has (and the garbage collector stops tracking
    them once they hold only plain values).
    """

    kind: str
    result: Result
    code: str
    args: Args = ()
    clauses: tuple[str, ...] = ()
    ref: str | None = None
    facts: tuple[Fact, ...] = ()
    needs: tuple[Need, ...] = ()
    children: tuple[Node, ...] = ()

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def arg(self, name: str) -> Arg:
        return dict(self.args).get(name)

    @property
    def missing(self) -> Note | None:
        """For a false node that states a requirement, what it lacks (None for a combinator
        whose parts say it, or for a node that holds)."""
        if self.result != FALSE or self.kind in ("all", "track", "choose", "year"):
            return None
        if self.kind == "not" and self.children:
            kid = self.children[0]
            return Note(self.clauses, "not." + kid.code, _with_ref(kid.args, kid.ref))
        return Note(self.clauses, self.code, _with_ref(self.args, self.ref))


@attrs.frozen
class Stamp:
    """What produced a verdict: re-running with the same stamp gives the same verdict.

    `case_digest` covers every input of the case that can change a verdict (facts, awards,
    Council decisions, the evaluation date) and `overrides` the parameter values a what-if run
    changed, each over a typed canonical encoding.
    """

    ruleset_id: str
    ruleset_version: str
    ruleset_hash: str
    library_version: str
    engine: str
    as_of: str
    case_digest: str = ""
    overrides: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class Verdict:
    """The answer for one nomination.

    `claims` is what the verdict makes of each achievement it read (counted: true; held for a
    decision or missing a fact: unknown; not counted: false — its best result where a criterion
    reads it twice), `grounds` the achievements an eligible verdict stands on, and `judgements`
    the assessments it stands on (each read true on the way to the verdict). The
    principles across nominations decide from these, never from the explanation.
    """

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
    grounds: tuple[str, ...] = ()
    claims: tuple[tuple[str, Result], ...] = ()
    judgements: tuple[str, ...] = ()


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
    """Every verdict of one case, the conflicts between them, and the stamp they share.

    `ruleset` is the ruleset the verdicts were reached under, kept for the renderers' labels;
    it is not part of the result's value (the stamp identifies it).
    """

    stamp: Stamp
    verdicts: tuple[Verdict, ...]
    conflicts: tuple[Conflict, ...] = ()
    duplicates: tuple[Note, ...] = ()
    late_reports: tuple[Note, ...] = ()
    ruleset: Ruleset | None = attrs.field(default=None, eq=False, repr=False)


def settle_needs(node: Node) -> list[Need]:
    """The facts whose values would settle an unknown node (only the branches that matter)."""
    if node.result != UNKNOWN:
        return []
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
    if not found and (note := node.missing) is not None:
        found.append(note)
    return found


def _with_ref(args: Args, ref: str | None) -> Args:
    return args if ref is None else (*args, ("ref", ref))


_Item = TypeVar("_Item", Need, Note)


def dedupe(items: Iterable[_Item]) -> tuple[_Item, ...]:
    """Unique items in a stable order (first seen)."""
    return tuple(dict.fromkeys(items))
