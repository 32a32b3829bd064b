"""The mutation operators on the literal lists inside criteria: each list widened by one term of
its vocabulary it lacks, and narrowed by one of its members.

A list is a value written in the ruleset — achievement `kinds`, the values an assessment test
accepts (`is` counts as a list of one), the bodies in `by`, the values a candidate test accepts.
A `{ param = … }` reference is no literal list; the parameter operators change it instead.
Terms come from the ruleset: the `achievement-kinds`, `bodies`, `roles` and `duties`
vocabularies, an assessment kind's own values, the candidate kinds, true and false.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs

from thiduarules.ruleset._expr import AssessmentSpec, CandidateTest, Op
from thiduarules.ruleset._model import CANDIDATE_KINDS, Ruleset, Text

#: One change of one list: (id suffix, description, the new op, the new members).
ListChange = tuple[str, Text, Op, tuple[str | bool, ...]]

_VOCABULARY_OF_FIELD = {"role": "roles", "duties": "duties"}


def _shown(term: str | bool) -> str:
    return str(term).lower() if isinstance(term, bool) else term


def list_changes(
    name: str, op: Op, members: tuple[str | bool, ...], terms: Sequence[str | bool], where: str
) -> Iterator[ListChange]:
    """The list `name` at `where` narrowed by each member (when it has more than one), then
    widened by each term it lacks — each in sorted order. A widened `is` becomes an `in`."""
    if len(members) > 1:
        for member in sorted(members, key=_shown):
            rest = tuple(m for m in members if m != member)
            yield (
                f"{name}-{_shown(member)}",
                Text(
                    f"bỏ “{_shown(member)}” khỏi danh sách {name} tại {where}",
                    f"“{_shown(member)}” removed from the {name} list at {where}",
                ),
                op,
                rest,
            )
    wider: Op = "in" if op == "is" else op
    for term in sorted((t for t in terms if t not in members), key=_shown):
        yield (
            f"{name}+{_shown(term)}",
            Text(
                f"thêm “{_shown(term)}” vào danh sách {name} tại {where}",
                f"“{_shown(term)}” added to the {name} list at {where}",
            ),
            wider,
            (*members, term),
        )


def candidate_terms(rs: Ruleset, e: CandidateTest) -> tuple[str | bool, ...]:
    """The values the field a candidate test reads can take."""
    if e.field == "kind":
        return tuple(CANDIDATE_KINDS)
    if e.field == "in_commune":
        return (True, False)
    return tuple(rs.vocabulary(_VOCABULARY_OF_FIELD.get(e.field, e.field)))


def spec_list_changes(
    spec: AssessmentSpec, rs: Ruleset, where: str
) -> Iterator[tuple[str, Text, AssessmentSpec]]:
    """A spec with its literal value list, then its literal `by` list, widened and narrowed."""
    if isinstance(spec.values, tuple):
        kinds = {k.slug: k for k in rs.assessments}
        kind = kinds.get(spec.kind)
        terms = kind.value_slugs() if kind is not None else ()
        for suffix, text, op, values in list_changes(spec.op, spec.op, spec.values, terms, where):
            yield suffix, text, attrs.evolve(spec, op=op, values=values)
    if isinstance(spec.by, tuple):
        bodies = tuple(rs.vocabulary("bodies"))
        for suffix, text, _, by in list_changes("by", "in", spec.by, bodies, where):
            yield suffix, text, attrs.evolve(spec, by=tuple(str(b) for b in by))
