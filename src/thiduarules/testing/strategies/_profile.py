"""What a ruleset declares, and what its rules mention: the profile every strategy draws from."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from thiduarules.ruleset import Ruleset
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
    Ref,
    YearsCount,
)
from thiduarules.ruleset._model import CANDIDATE_KINDS, AssessmentKind, Track
from thiduarules.ruleset._refs import referred_criteria
from thiduarules.testing.strategies._draw import prefer


@attrs.frozen(eq=False, repr=False)
class Profile:
    """The vocabulary of one ruleset, with what its rules ask for listed apart.

    `good_*` are the values that satisfy some condition of the rules (the roles a track's
    criteria accept for a kind of candidate, the assessment values and bodies that count), and
    `needs` says, per track, which assessment kinds its criteria read, and whether over years.
    `leaves` are the conditions over facts by path, `counts` those of them that count
    achievements.
    """

    ruleset: Ruleset
    vocab: Mapping[str, tuple[str, ...]]
    kinds: Mapping[str, AssessmentKind]
    good_roles: Mapping[str, tuple[str, ...]]
    good_duties: tuple[str, ...]
    good_achievement_kinds: tuple[str, ...]
    good_values: Mapping[str, tuple[str, ...]]
    good_bodies: Mapping[str, tuple[str, ...]]
    leaves: Mapping[str, Expr]
    counts: Mapping[str, AchievementCount]
    reaches: Mapping[str, frozenset[str]]
    needs: Mapping[str, Mapping[str, bool]]
    cache: dict[object, st.SearchStrategy[Any]] = attrs.field(factory=dict)

    def __repr__(self) -> str:
        # Strategies built on a profile show it in their repr: keep that short.
        return f"<ruleset {self.ruleset.meta.id} {self.ruleset.meta.version}>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """What Hypothesis' pretty-printer shows (it would otherwise print every attrs field)."""
        printer.text(repr(self))

    @property
    def period_years(self) -> tuple[int, ...]:
        meta = self.ruleset.meta
        return tuple(range(meta.start.year, meta.end.year + 1))

    def tracks(self, ids: Sequence[str]) -> tuple[Track, ...]:
        return tuple(self.ruleset.track(t) for t in ids)

    def sampler(
        self, items: Sequence[Any], preferred: Sequence[Any] = ()
    ) -> st.SearchStrategy[Any]:
        """`sampled_from(items)`, the `preferred` ones drawn about half the time; built once."""
        key = (tuple(items), tuple(preferred))
        hit = self.cache.get(key)
        if hit is None:
            hit = self.cache[key] = prefer(tuple(preferred), tuple(items))
        return hit


_PROFILES: OrderedDict[int, Profile] = OrderedDict()


def all_values(ruleset: Ruleset, arg: object) -> tuple[str, ...]:
    """Every value an argument can take: its literal values, or every value its parameter has had."""
    found: list[object] = []
    if isinstance(arg, Ref):
        for dv in ruleset.parameter(arg.param).values:
            if isinstance(dv.value, tuple):
                found.extend(dv.value)
            elif dv.value is not None:
                found.append(dv.value)
    elif isinstance(arg, tuple):
        found.extend(arg)
    return tuple(sorted({v for v in found if isinstance(v, str)}))


def satisfying(domain: Iterable[str], listed: Iterable[str], op: str) -> set[str]:
    """The members of `domain` that pass an `in`/`is` (listed) or `not_in` (not listed) test."""
    listed = set(listed)
    return {v for v in domain if (v in listed) != (op == "not_in")}


class _Accepted(ExprVisitor[None]):
    """Notes what one node of the rules reads and accepts: the conditions over facts by path,
    and the duties, achievement kinds, assessment values and bodies that satisfy them."""

    def __init__(
        self,
        ruleset: Ruleset,
        vocab: Mapping[str, tuple[str, ...]],
        kinds: Mapping[str, AssessmentKind],
    ) -> None:
        self.rs = ruleset
        self.vocab = vocab
        self.kinds = kinds
        self.leaves: dict[str, Expr] = {}
        self.counts: dict[str, AchievementCount] = {}
        self.duties: set[str] = set()
        self.ach_kinds: set[str] = set()
        self.values: dict[str, set[str]] = {slug: set() for slug in kinds}
        self.bodies: dict[str, set[str]] = {slug: set() for slug in kinds}

    def _specs(self, specs: Iterable[AssessmentSpec]) -> None:
        for s in specs:
            if s.kind in self.kinds:
                self.values[s.kind] |= satisfying(
                    self.kinds[s.kind].value_slugs(), all_values(self.rs, s.values), s.op
                )
                if s.by is not None:
                    self.bodies[s.kind].update(all_values(self.rs, s.by))

    def all_of(self, e: AllOf) -> None:
        return None

    def any_of(self, e: AnyOf) -> None:
        return None

    def at_least(self, e: AtLeast) -> None:
        return None

    def not_(self, e: Not) -> None:
        return None

    def criterion_ref(self, e: CriterionRef) -> None:
        return None

    def choose(self, e: Choose) -> None:
        return None

    def candidate_test(self, e: CandidateTest) -> None:
        self.leaves[e.path] = e
        if e.field == "duties":
            self.duties |= satisfying(
                self.vocab.get("duties", ()), all_values(self.rs, e.values), e.op
            )

    def assessment_test(self, e: AssessmentTest) -> None:
        self.leaves[e.path] = e
        self._specs((e.spec,))

    def years_count(self, e: YearsCount) -> None:
        self.leaves[e.path] = e
        self._specs(e.specs)

    def achievement_count(self, e: AchievementCount) -> None:
        self.leaves[e.path] = e
        self.counts[e.path] = e
        self.ach_kinds.update(e.kinds)


class _TrackNeeds(ExprVisitor[None]):
    """Notes what one node of a track's rules needs of its candidates: the assessment kinds
    read (True: over years), and the roles accepted, into `roles` (the track's subject's)."""

    def __init__(
        self, ruleset: Ruleset, vocab: Mapping[str, tuple[str, ...]], roles: set[str]
    ) -> None:
        self.rs = ruleset
        self.vocab = vocab
        self.roles = roles
        self.wanted: dict[str, bool] = {}

    def all_of(self, e: AllOf) -> None:
        return None

    def any_of(self, e: AnyOf) -> None:
        return None

    def at_least(self, e: AtLeast) -> None:
        return None

    def not_(self, e: Not) -> None:
        return None

    def criterion_ref(self, e: CriterionRef) -> None:
        return None

    def choose(self, e: Choose) -> None:
        return None

    def candidate_test(self, e: CandidateTest) -> None:
        if e.field == "role":
            self.roles.update(
                satisfying(self.vocab.get("roles", ()), all_values(self.rs, e.values), e.op)
            )

    def assessment_test(self, e: AssessmentTest) -> None:
        self.wanted.setdefault(e.spec.kind, False)

    def years_count(self, e: YearsCount) -> None:
        for s in e.specs:
            self.wanted[s.kind] = True

    def achievement_count(self, e: AchievementCount) -> None:
        return None


def profile_of(ruleset: Ruleset) -> Profile:
    """The profile of `ruleset`, built once (for the 64 rulesets used last)."""
    cached = _PROFILES.get(id(ruleset))
    if cached is not None and cached.ruleset is ruleset:
        _PROFILES.move_to_end(id(ruleset))
        return cached
    if not isinstance(ruleset, Ruleset):
        raise InvalidArgument(f"expected a thiduarules Ruleset, got {ruleset!r}")
    vocab = {name: tuple(t.slug for t in terms) for name, terms in ruleset.vocabularies}
    kinds = {a.slug: a for a in ruleset.assessments}
    criteria = {c.id: c for c in ruleset.criteria}
    roots: list[Expr] = [c.when for c in ruleset.criteria] + [t.requires for t in ruleset.tracks]
    if ruleset.allocation is not None:
        roots += [level.when for level in ruleset.allocation.priority]
    accepted = _Accepted(ruleset, vocab, kinds)
    for root in roots:
        for node in root.walk():
            node.accept(accepted)

    def reached(expr: Expr, seen: set[str]) -> set[str]:
        for cid in referred_criteria(expr):
            if cid not in seen:
                seen.add(cid)
                reached(criteria[cid].when, seen)
        return seen

    reaches: dict[str, frozenset[str]] = {}
    needs: dict[str, dict[str, bool]] = {}
    roles: dict[str, set[str]] = {k: set() for k in CANDIDATE_KINDS}
    for t in ruleset.tracks:
        reaches[t.id] = frozenset(reached(t.requires, set()))
        exprs = [t.requires] + [criteria[c].when for c in sorted(reaches[t.id])]
        track_needs = _TrackNeeds(ruleset, vocab, roles[t.subject])
        for node in (n for e in exprs for n in e.walk()):
            node.accept(track_needs)
        needs[t.id] = {k: v for k, v in sorted(track_needs.wanted.items()) if k in kinds}
    all_bodies = set(vocab.get("bodies", ()))
    profile = Profile(
        ruleset=ruleset,
        vocab=vocab,
        kinds=kinds,
        good_roles={k: tuple(sorted(v)) for k, v in roles.items()},
        good_duties=tuple(sorted(accepted.duties)),
        good_achievement_kinds=tuple(
            sorted(accepted.ach_kinds & set(vocab.get("achievement-kinds", ())))
        ),
        good_values={k: tuple(sorted(v)) for k, v in accepted.values.items()},
        good_bodies={k: tuple(sorted(v & all_bodies)) for k, v in accepted.bodies.items()},
        leaves=accepted.leaves,
        counts=accepted.counts,
        reaches=reaches,
        needs=needs,
    )
    _PROFILES[id(ruleset)] = profile
    while len(_PROFILES) > 64:
        _PROFILES.popitem(last=False)
    return profile
