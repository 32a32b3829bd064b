"""The ruleset as frozen data: clauses, vocabularies, parameters, criteria, tracks, principles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypeAlias, TypeVar

import attrs

from thiduarules.ruleset._expr import (  # noqa: F401 (re-exported: the model is built from them)
    AchievementCount,
    AllOf,
    AnyOf,
    AssessmentSpec,
    AssessmentTest,
    AtLeast,
    BoolArg,
    CandidateTest,
    Choose,
    CriterionRef,
    Expr,
    IntArg,
    Not,
    Op,
    Ref,
    Values,
    YearsCount,
)

_T = TypeVar("_T")

CANDIDATE_KINDS = ("ca-nhan", "tap-the")
ROUNDS = ("ad-hoc", "annual", "period-end")
VOCABULARIES = ("achievement-kinds", "bodies", "duties", "forms", "roles")
PARAMETER_TYPES = (
    "boolean",
    "choice",
    "date",
    "decimal",
    "integer",
    "money",
    "month-day",
    "set",
    "text",
)
STATUSES = ("confirmed", "interpretation", "not-confirmed", "plan", "secondary")

ParamValue: TypeAlias = "str | int | bool | Decimal | dt.date | tuple[str, ...]"


@attrs.frozen
class Text:
    """A phrase in Vietnamese and in English."""

    vi: str
    en: str


@attrs.frozen
class Clause:
    id: str
    vi: str
    en: str


@attrs.frozen
class Term:
    """One value of a vocabulary, with its labels (and, for forms, who grants it)."""

    slug: str
    vi: str
    en: str
    grantor: str | None = None


@attrs.frozen
class AssessmentKind:
    """A kind of judgement that a named body records about a candidate (plan choice 9)."""

    slug: str
    vi: str
    en: str
    subject: str
    values: tuple[Term, ...]
    # "achievement": each judgement of this kind judges one achievement, named in the case
    # file; it grounds only a nomination that claims that achievement (one judgement, one
    # reward). None: a judgement of a candidate's year.
    of: str | None = None

    def value_slugs(self) -> tuple[str, ...]:
        return tuple(v.slug for v in self.values)


@attrs.frozen
class DatedValue:
    """A parameter's value from a date on (None: from the start), or why there is none."""

    since: dt.date | None
    value: ParamValue | None
    source: str
    status: str
    unset: str | None = None


@attrs.frozen
class Parameter:
    name: str
    text: Text
    type: str
    clauses: tuple[str, ...]
    reason: str
    values: tuple[DatedValue, ...]
    choices: tuple[str, ...] = ()
    of: str | None = None
    interprets: int | None = None
    unset: str | None = None


@attrs.frozen
class Criterion:
    id: str
    text: Text
    clauses: tuple[str, ...]
    when: Expr


@attrs.frozen
class Timing:
    """When a dossier must be filed for a track, and what a late one gets."""

    rule: str
    clauses: tuple[str, ...]
    deadline: Ref | None = None
    inclusive: BoolArg | None = None
    within_days: IntArg | None = None
    opens: Ref | None = None
    closes: Ref | None = None
    late: str | Ref = "tu-choi"


@attrs.frozen
class Track:
    id: str
    text: Text
    clauses: tuple[str, ...]
    subject: str
    round: str
    forms: tuple[str, ...]
    requires: Expr
    timing: Timing | None
    # The one year a nomination on this track may name (a period-end round: the period's end).
    year: IntArg | None = None


@attrs.frozen
class Principle:
    id: str
    text: Text
    clauses: tuple[str, ...]
    rule: str
    law: str | None = None
    conflict: Ref | None = None
    limit: IntArg | None = None
    deadline: Ref | None = None
    # judgement-precedence: the bodies whose judgements prevail over other bodies' (a set).
    precedence: Ref | None = None


@attrs.frozen
class PriorityLevel:
    text: Text
    clauses: tuple[str, ...]
    when: Expr


@attrs.frozen
class Allocation:
    clauses: tuple[str, ...]
    amount_individual: Ref
    amount_collective: Ref
    base_salary: Ref
    rounding: Ref
    priority: tuple[PriorityLevel, ...]
    budget: Ref | None = None


@attrs.frozen
class Meta:
    id: str
    version: str
    language: str
    title: Text
    source: Text
    issuer: str
    start: dt.date
    end: dt.date


@attrs.frozen
class Ruleset:
    """One plan as data. Built only by `load_ruleset`, which checks every reference."""

    meta: Meta
    file: str
    clauses: tuple[Clause, ...]
    vocabularies: tuple[tuple[str, tuple[Term, ...]], ...]
    assessments: tuple[AssessmentKind, ...]
    parameters: tuple[Parameter, ...]
    criteria: tuple[Criterion, ...]
    tracks: tuple[Track, ...]
    principles: tuple[Principle, ...]
    allocation: Allocation | None
    content_hash: str = ""

    # Lookups by id; tuples keep the canonical order of the file, these keep it quick.
    def clause(self, clause_id: str) -> Clause:
        return _index(self.clauses, "id")[clause_id]

    def vocabulary(self, name: str) -> dict[str, Term]:
        return {t.slug: t for t in dict(self.vocabularies).get(name, ())}

    def assessment(self, slug: str) -> AssessmentKind:
        return _index(self.assessments, "slug")[slug]

    def parameter(self, name: str) -> Parameter:
        return _index(self.parameters, "name")[name]

    def criterion(self, criterion_id: str) -> Criterion:
        return _index(self.criteria, "id")[criterion_id]

    def track(self, track_id: str) -> Track:
        return _index(self.tracks, "id")[track_id]

    def principle_by_rule(self, rule: str) -> Principle | None:
        return next((p for p in self.principles if p.rule == rule), None)


def _index(items: tuple[_T, ...], key: str) -> dict[str, _T]:
    # Small tables (tens of entries); hot paths keep their own index (see `_compile`).
    return {getattr(i, key): i for i in items}
