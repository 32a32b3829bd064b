"""Hypothesis strategies for case files and rulesets, drawing only the vocabulary a ruleset declares.

Every strategy takes the ruleset it generates for, and draws roles, duties, bodies, forms,
achievement kinds, assessment kinds and values, and tracks from that ruleset alone, so what it
generates always loads (`cases`) or fails in exactly one planted way (`invalid_case_files`).
Values the ruleset's rules accept (the role a criterion asks for, the body whose assessment
counts) are drawn about half the time, and some candidates are drawn "strong" — leaning on those
values throughout, short on at most one kind of judgement — so generated nominations reach
every outcome instead of failing the first condition they meet.

Options follow Hypothesis' API style: keyword-only, strategies where a user would vary the
value (`candidates=integers(1, 3)`, `missing=just(0.0)`), plain values where they bound the
domain (`tracks=`, `years=`), and `InvalidArgument` for anything that cannot be generated.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any, Literal, TypeAlias, TypeVar, overload

import attrs
from hypothesis import reject
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from thiduarules._params import Params
from thiduarules.case import Case, structure_case
from thiduarules.case._model import FORMAT
from thiduarules.engine import Engine
from thiduarules.errors import CaseFileError, ParameterUnsetError, closest
from thiduarules.ruleset import Ruleset, loads_ruleset
from thiduarules.ruleset._expr import (
    AchievementCount,
    AssessmentSpec,
    AssessmentTest,
    CandidateTest,
    CriterionRef,
    Expr,
    Ref,
    YearsCount,
    walk,
)
from thiduarules.ruleset._model import CANDIDATE_KINDS, AssessmentKind, Track
from thiduarules.verdict import FALSE, TRUE, Node, Result

__all__ = [
    "MISTAKES",
    "Edit",
    "NearMiss",
    "achievement_records",
    "assessment_records",
    "award_records",
    "candidate_records",
    "cases",
    "invalid_case_files",
    "near_misses",
    "nomination_records",
    "ruleset_texts",
    "rulesets",
]

Raw: TypeAlias = dict[str, Any]
T = TypeVar("T")
Draw: TypeAlias = Callable[[st.SearchStrategy[Any]], Any]

MIN_YEAR, MAX_YEAR = 1900, 2200
#: The kinds of planted mistake `invalid_case_files` knows, in the order it shrinks towards.
MISTAKES = (
    "unknown-field",
    "wrong-type",
    "unknown-vocabulary",
    "dangling-reference",
    "bad-date",
    "duplicate-id",
    "duplicate-key",
    "not-json",
)

# Defaults of the strategies' options (module-level, so every call shares them).
CANDIDATES = st.integers(1, 6)
MISSING = st.floats(0, 1)
NEAR_CANDIDATES = st.integers(1, 3)
NEAR_MISSING = st.floats(0, 0.5)
REACH_CANDIDATES = st.integers(1, 2)
REACH_MISSING = st.floats(0, 0.3)
ASSESSMENT_KINDS = st.integers(1, 3)

INDIVIDUALS = (
    "Nguyễn Thị Hoa",
    "Trần Văn Minh",
    "Phạm Thị Lan",
    "Lê Văn Hùng",
    "Vũ Thị Mai",
    "Hoàng Văn Đức",
    "Bùi Thị Ngọc Ánh",
    "Đặng Quang Huy",
)
UNITS = (
    "Phòng Văn hóa - Xã hội",
    "Văn phòng HĐND và UBND xã",
    "Trung tâm Phục vụ hành chính công xã",
    "Phòng Kinh tế",
    "Thôn An Cư",
)


# ---- what a ruleset declares, and what its rules mention ------------------------------------


@attrs.frozen(eq=False, repr=False)
class _Profile:
    """The vocabulary of one ruleset, with what its rules ask for listed apart.

    `good_*` are the values that satisfy some condition of the rules (the roles a track's
    criteria accept for a kind of candidate, the assessment values and bodies that count), and
    `needs` says, per track, which assessment kinds its criteria read, and whether over years.
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
            hit = self.cache[key] = _prefer(tuple(preferred), tuple(items))
        return hit


_PROFILES: OrderedDict[int, _Profile] = OrderedDict()


def _all_values(ruleset: Ruleset, arg: object) -> tuple[str, ...]:
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


def _satisfying(domain: Iterable[str], listed: Iterable[str], op: str) -> set[str]:
    """The members of `domain` that pass an `in`/`is` (listed) or `not_in` (not listed) test."""
    listed = set(listed)
    return {v for v in domain if (v in listed) != (op == "not_in")}


def _profile(ruleset: Ruleset) -> _Profile:
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
    leaves: dict[str, Expr] = {}
    duties: set[str] = set()
    ach_kinds: set[str] = set()
    values: dict[str, set[str]] = {slug: set() for slug in kinds}
    bodies: dict[str, set[str]] = {slug: set() for slug in kinds}
    for root in roots:
        for node in walk(root):
            if isinstance(node, CandidateTest | AssessmentTest | YearsCount | AchievementCount):
                leaves[node.path] = node
            if isinstance(node, CandidateTest) and node.field == "duties":
                duties |= _satisfying(
                    vocab.get("duties", ()), _all_values(ruleset, node.values), node.op
                )
            elif isinstance(node, AchievementCount):
                ach_kinds.update(node.kinds)
            specs = (
                node.specs
                if isinstance(node, YearsCount)
                else (node.spec,)
                if isinstance(node, AssessmentTest)
                else ()
            )
            for s in specs:
                if s.kind in kinds:
                    values[s.kind] |= _satisfying(
                        kinds[s.kind].value_slugs(), _all_values(ruleset, s.values), s.op
                    )
                    if s.by is not None:
                        bodies[s.kind].update(_all_values(ruleset, s.by))

    def reached(expr: Expr, seen: set[str]) -> set[str]:
        for node in walk(expr):
            if isinstance(node, CriterionRef) and node.criterion not in seen:
                seen.add(node.criterion)
                reached(criteria[node.criterion].when, seen)
        return seen

    reaches: dict[str, frozenset[str]] = {}
    needs: dict[str, dict[str, bool]] = {}
    roles: dict[str, set[str]] = {k: set() for k in CANDIDATE_KINDS}
    for t in ruleset.tracks:
        reaches[t.id] = frozenset(reached(t.requires, set()))
        exprs = [t.requires] + [criteria[c].when for c in sorted(reaches[t.id])]
        wanted: dict[str, bool] = {}
        for node in (n for e in exprs for n in walk(e)):
            if isinstance(node, AssessmentTest):
                wanted.setdefault(node.spec.kind, False)
            elif isinstance(node, YearsCount):
                for s in node.specs:
                    wanted[s.kind] = True
            elif isinstance(node, CandidateTest) and node.field == "role":
                roles[t.subject] |= _satisfying(
                    vocab.get("roles", ()), _all_values(ruleset, node.values), node.op
                )
        needs[t.id] = {k: v for k, v in sorted(wanted.items()) if k in kinds}
    all_bodies = set(vocab.get("bodies", ()))
    profile = _Profile(
        ruleset=ruleset,
        vocab=vocab,
        kinds=kinds,
        good_roles={k: tuple(sorted(v)) for k, v in roles.items()},
        good_duties=tuple(sorted(duties)),
        good_achievement_kinds=tuple(sorted(ach_kinds & set(vocab.get("achievement-kinds", ())))),
        good_values={k: tuple(sorted(v)) for k, v in values.items()},
        good_bodies={k: tuple(sorted(v & all_bodies)) for k, v in bodies.items()},
        leaves=leaves,
        reaches=reaches,
        needs=needs,
    )
    _PROFILES[id(ruleset)] = profile
    while len(_PROFILES) > 64:
        _PROFILES.popitem(last=False)
    return profile


def _prefer(preferred: Sequence[T], every: Sequence[T]) -> st.SearchStrategy[T]:
    """Any of `every`, with the `preferred` ones drawn about half the time."""
    everything = st.sampled_from(every)
    if not preferred or set(preferred) == set(every):
        return everything
    return st.one_of(st.sampled_from(preferred), everything)


_PERMILLE = st.integers(0, 999)
_BOOLEANS = st.sampled_from([True, False])


def _coin(draw: Draw, p: float) -> bool:
    """True with probability `p`; shrinks towards False. Draws nothing when `p` is 0 or 1."""
    if p <= 0:
        return False
    if p >= 1:
        return True
    return bool(draw(_PERMILLE) >= round((1 - p) * 1000))


# ---- argument checks ---------------------------------------------------------------------


def _check_strategy(value: object, name: str, example: str) -> None:
    if not isinstance(value, st.SearchStrategy):
        raise InvalidArgument(
            f"{name} must be a strategy such as {example}, not {value!r}; "
            f"wrap a fixed value in just(...)"
        )


def _check_tracks(ruleset: Ruleset, tracks: Collection[str] | None) -> tuple[Track, ...]:
    known = {t.id: t for t in ruleset.tracks}
    if not known:
        raise InvalidArgument(f"ruleset {ruleset.meta.id} has no tracks: no nomination can be made")
    if tracks is None:
        return tuple(ruleset.tracks)
    if isinstance(tracks, str) or not isinstance(tracks, Collection):
        raise InvalidArgument(f"tracks must be a collection of track ids, not {tracks!r}")
    if not tracks:
        raise InvalidArgument("tracks must name at least one track")
    for t in tracks:
        if t not in known:
            hint = closest(str(t), known)
            raise InvalidArgument(
                f"track {t!r} is not in ruleset {ruleset.meta.id}"
                + (f" (did you mean {hint!r}?)" if hint else "")
            )
    return tuple(known[t] for t in sorted(set(tracks)))


def _check_years(profile: _Profile, years: Collection[int] | None) -> tuple[int, ...]:
    if years is None:
        return profile.period_years
    if isinstance(years, str) or not isinstance(years, Collection):
        raise InvalidArgument(f"years must be a collection of integers, not {years!r}")
    if not years:
        raise InvalidArgument("years must hold at least one year")
    for y in years:
        if isinstance(y, bool) or not isinstance(y, int) or not MIN_YEAR + 1 <= y <= MAX_YEAR - 2:
            raise InvalidArgument(
                f"years must be integers from {MIN_YEAR + 1} to {MAX_YEAR - 2}, not {y!r}"
            )
    return tuple(sorted(set(years)))


def _checked_count(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidArgument(f"{name} drew {value!r}; it must draw integers from {low} to {high}")
    return value


def _checked_probability(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise InvalidArgument(f"missing drew {value!r}; it must draw probabilities from 0 to 1")
    return float(value)


# ---- building raw case files ---------------------------------------------------------------


class _Builder:
    """Draws the records of one case file; every choice goes through `draw`, so it shrinks.

    Some candidates are drawn as "strong": their facts lean towards what the rules accept, so
    that eligible verdicts are common enough to test, next to ineligible and undetermined ones.
    """

    FORMS = ("default",) * 6 + ("track", "track", "track", "any")
    FILING = ("on-time", "last-day", "late")

    def __init__(
        self,
        draw: Draw,
        profile: _Profile,
        missing: float,
        years: tuple[int, ...],
        tracks: tuple[Track, ...],
        as_of: dt.date | None = None,
    ) -> None:
        self.draw = draw
        self.p = profile
        self.rs = profile.ruleset
        self.missing = missing
        self.years = years
        self.tracks = tracks
        lo = dt.date(min(years), 1, 1)
        hi = dt.date(max(years) + 1, 12, 31)
        self.as_of = as_of if as_of is not None else draw(st.dates(lo, hi))
        self.params = Params(self.rs, self.as_of)
        self.strong: dict[str, bool] = {}

    def absent(self) -> bool:
        """Whether to leave a nullable fact out (or a yearly assessment unrecorded)."""
        return _coin(self.draw, self.missing)

    def pick(self, items: Sequence[Any], preferred: Sequence[Any] = ()) -> Any:
        return self.draw(self.p.sampler(items, preferred))

    def choice(
        self,
        items: Sequence[Any],
        good: Sequence[Any] = (),
        *,
        strong: bool = False,
        nullable: bool = False,
    ) -> Any:
        """One of `items` (or None when `nullable` and the fact is left out), in a single draw.

        Half the range maps onto `good` (all of it for a strong candidate), so the value the
        rules accept comes up often; the draw shrinks towards "present, the first good value".
        """
        keep = 1000 if not nullable else round((1 - self.missing) * 1000)
        if keep <= 0:
            return None
        if strong and good:
            items = good
        r = self.draw(_PERMILLE)
        if r >= keep:
            return None
        x = r / keep
        if good and x < 0.5:
            return good[int(x * 2 * len(good))]
        x = (x - 0.5) * 2 if good else x
        return items[min(int(x * len(items)), len(items) - 1)]

    def day(self, year: int) -> dt.date:
        return dt.date(year, 1, 1) + dt.timedelta(days=self.draw(_DAYS))

    def vocab(self, name: str) -> tuple[str, ...]:
        return self.p.vocab.get(name, ())

    def label(self, name: str, slug: str) -> str:
        term = self.rs.vocabulary(name).get(slug)
        return term.vi if term else slug

    # -- records --

    def candidate(self, cid: str, kind: str, index: int, strong: bool = False) -> Raw:
        roles, duties = self.vocab("roles"), self.vocab("duties")
        good_roles = self.p.good_roles.get(kind, ())
        name = (
            INDIVIDUALS[index % len(INDIVIDUALS)]
            if kind == "ca-nhan"
            else UNITS[index % len(UNITS)]
        )
        self.strong[cid] = strong
        return {
            "id": cid,
            "kind": kind,
            "name": f"{name} ({cid})",
            "unit": self.choice(UNITS),
            "role": self.choice(roles, good_roles, strong=strong, nullable=True) if roles else None,
            "in_commune": self.choice((True, False), (True,), strong=strong, nullable=True),
            "duties": self.draw(
                st.lists(self.p.sampler(duties, self.p.good_duties), unique=True, max_size=2)
            )
            if duties
            else [],
        }

    def achievement(self, aid: str, holders: Sequence[str], years: Sequence[int] = ()) -> Raw:
        """An achievement of one or two `holders`, dated (mostly) in one of `years`."""
        kinds, bodies = self.vocab("achievement-kinds"), self.vocab("bodies")
        owners = self.draw(
            st.lists(st.sampled_from(tuple(holders)), min_size=1, max_size=2, unique=True)
        )
        strong = any(self.strong.get(h, False) for h in owners)
        kind = self.choice(kinds, self.p.good_achievement_kinds, strong=strong)
        year = self.choice(self.years, tuple(y for y in years if y in self.years), nullable=True)
        date = None if year is None else self.day(year)
        return {
            "id": aid,
            "holders": owners,
            "kind": kind,
            "title": f"{self.label('achievement-kinds', kind)} {aid}",
            "date": date.isoformat() if date else None,
            "applied_effectively": self.choice(
                (True, False), (True,), strong=strong, nullable=True
            ),
            "recognised_by": self.choice(bodies, nullable=True) if bodies else None,
        }

    def award(self, wid: str, recipients: Sequence[str], achievements: Sequence[str]) -> Raw:
        draw = self.draw
        return {
            "id": wid,
            "recipient": self.pick(recipients),
            "form": self.pick(self.vocab("forms")),
            "decision": f"{draw(_PERMILLE) + 1}/QĐ-UBND",
            "date": self.day(self.pick(self.years)).isoformat(),
            # Most awards reward an achievement of the case, so that "already rewarded" is met
            # often; now and then one rewards none of them.
            "achievements": draw(
                st.lists(
                    st.sampled_from(tuple(achievements)),
                    unique=True,
                    min_size=0 if draw(_PERMILLE) < 200 else 1,
                    max_size=2,
                )
            )
            if achievements
            else [],
        }

    def plan(self, cand: Mapping[str, Any]) -> tuple[Track, int]:
        """The track and year of one nomination of `cand`."""
        matching = tuple(t for t in self.tracks if t.subject == cand["kind"])
        # Now and then a track for the other kind of candidate, which the subject test refuses.
        mismatch = not matching or self.draw(_PERMILLE) >= 900
        track: Track = self.pick(self.tracks if mismatch else matching)
        # Period-end rounds are usually nominated in the period's last year: shrink towards it.
        order = tuple(reversed(self.years)) if track.round == "period-end" else self.years
        return track, self.pick(order)

    def nomination(
        self,
        nid: str,
        cand: Mapping[str, Any],
        track: Track,
        year: int,
        held: Sequence[Mapping[str, Any]],
    ) -> Raw:
        draw = self.draw
        claimed: list[Mapping[str, Any]] = []
        if held:
            # Often every achievement held, so co-holders' nominations claim the same ones.
            every = len(held) <= 3 and draw(_BOOLEANS)
            claimed = (
                list(held)
                if every
                else draw(
                    st.lists(st.sampled_from(tuple(held)), unique_by=lambda a: a["id"], max_size=3)
                )
            )
        rec: Raw = {
            "id": nid,
            "candidate": cand["id"],
            "track": track.id,
            "year": year,
            "achievements": [a["id"] for a in claimed],
            "filed": self.filing(track, year, claimed),
        }
        form = self.pick(self.FORMS)
        if form == "track":
            rec["form"] = self.pick(track.forms)
        elif form == "any":
            rec["form"] = self.pick(self.vocab("forms"))
        return rec

    def window(
        self, track: Track, year: int, claimed: Sequence[Mapping[str, Any]]
    ) -> tuple[dt.date | None, dt.date] | None:
        """When a dossier on `track` for `year` is on time: (opens, closes), or None if unknown."""
        tm = track.timing
        if tm is None:
            return None
        try:
            if tm.rule == "annual-deadline":
                month, day = (int(x) for x in str(self.params.arg(tm.deadline)).split("-"))
                return None, dt.date(year + 1, month, day)
            if tm.rule == "window":
                opens, closes = self.params.arg(tm.opens), self.params.arg(tm.closes)
                if isinstance(opens, dt.date) and isinstance(closes, dt.date) and opens <= closes:
                    return opens, closes
                return None
            within = int(self.params.arg(tm.within_days))  # type: ignore[arg-type]
        except (ParameterUnsetError, ValueError):
            return None
        dates = [dt.date.fromisoformat(a["date"]) for a in claimed if a.get("date")]
        if not dates:
            return None
        return max(dates), max(dates) + dt.timedelta(days=within)

    def filing(self, track: Track, year: int, claimed: Sequence[Mapping[str, Any]]) -> str | None:
        if self.absent():
            return None
        window = self.window(track, year, claimed)
        if window is None:
            filed = self.day(min(year + 1, MAX_YEAR - 1))
        else:
            opens, closes = window
            mode = self.pick(self.FILING)
            if mode == "last-day":
                filed = closes
            elif mode == "late":
                filed = closes + dt.timedelta(days=1 + self.draw(_DAYS) % 45)
            else:
                room = max((closes - opens).days if opens is not None else 90, 1)
                filed = closes - dt.timedelta(days=1 + self.draw(_DAYS) % room)
        return filed.isoformat()

    def assessments(
        self, sid: Callable[[], str], cand: Mapping[str, Any], plans: Sequence[tuple[Track, int]]
    ) -> list[Raw]:
        """The assessments the nominations of `cand` read: per kind, one judgement mostly kept
        year to year (a different one in at most one year), some years left unrecorded."""
        bodies = self.vocab("bodies")
        if not bodies:
            return []
        wanted: dict[str, set[int]] = {}
        start = self.rs.meta.start.year
        for track, year in plans:
            for needed, over_years in self.p.needs.get(track.id, {}).items():
                span = range(max(start, min(self.years)), year + 1) if over_years else (year,)
                wanted.setdefault(needed, set()).update(span)
        strong = self.strong.get(cand["id"], False)
        # A strong candidate may still fall short on one kind of judgement: then what the rules
        # offer as alternatives (an initiative instead of an assessment…) decides.
        weak = self.pick((None, *sorted(wanted))) if strong else None
        out: list[Raw] = []
        for slug in sorted(wanted):
            kind = self.p.kinds[slug]
            if not kind.values or kind.subject not in (cand["kind"], "any"):
                continue
            values = kind.value_slugs()
            good_values = self.p.good_values.get(slug, ())
            good_bodies = self.p.good_bodies.get(slug, ())
            base = self.choice(values, good_values, strong=strong and slug != weak)
            body = self.choice(bodies, good_bodies, strong=strong)
            years = sorted(wanted[slug])
            odd = self.choice((None, *years))
            offset = self.draw(_DAYS) % 60
            for year in years:
                if self.absent():
                    continue
                value = self.choice(values) if year == odd else base
                when = dt.date(year, 12, 1) + dt.timedelta(days=offset)
                out.append(self.assessment(sid(), cand["id"], slug, value, year, body, when))
            if out and self.draw(_PERMILLE) >= 950:  # a later second judgement: the latest stands
                last = out[-1]
                later = dt.date.fromisoformat(last["date"]) + dt.timedelta(days=7)
                out.append(
                    self.assessment(
                        sid(), cand["id"], slug, self.pick(values), last["year"], body, later
                    )
                )
        return out

    @staticmethod
    def assessment(
        sid: str, subject: str, kind: str, value: str, year: int, by: str, when: dt.date
    ) -> Raw:
        return {
            "id": sid,
            "subject": subject,
            "kind": kind,
            "value": value,
            "year": year,
            "by": by,
            "date": when.isoformat(),
        }

    def unit_reports(self, units: Sequence[str]) -> list[Raw]:
        rule = self.rs.principle_by_rule("report-deadline")
        out: list[Raw] = []
        for unit in self.draw(
            st.lists(st.sampled_from(tuple(sorted(set(units)))), unique=True, max_size=2)
        ):
            year = self.pick(self.years)
            reported: dt.date | None = None
            if not self.absent():
                reported = self.day(year)
                if rule is not None and rule.deadline is not None:
                    try:
                        month, day = (
                            int(x) for x in str(self.params.get(rule.deadline.param)).split("-")
                        )
                        reported = dt.date(year, month, day) + dt.timedelta(
                            days=self.draw(_DAYS) % 40 - 30
                        )
                    except (ParameterUnsetError, ValueError):
                        pass
            out.append(
                {"unit": unit, "year": year, "reported": reported.isoformat() if reported else None}
            )
        return sorted(out, key=lambda r: (r["unit"], r["year"]))

    # -- a whole case --

    def case(self, n: int) -> Raw:
        draw = self.draw
        kinds_wanted = tuple(sorted({t.subject for t in self.tracks}))
        candidates: list[Raw] = []
        counter = {"ca-nhan": 0, "tap-the": 0}
        for i in range(n):
            kind = self.pick(CANDIDATE_KINDS, kinds_wanted)
            counter[kind] += 1
            cid = f"{'CN' if kind == 'ca-nhan' else 'TT'}-{counter[kind]:02d}"
            candidates.append(self.candidate(cid, kind, i, strong=draw(_BOOLEANS)))
        ids = [c["id"] for c in candidates]
        counts = [draw(_NOMINATIONS) for _ in candidates]
        if not any(counts):
            counts[0] = 1
        plans: dict[str, list[tuple[Track, int]]] = {}
        for cand, count in zip(candidates, counts, strict=True):
            plans[cand["id"]] = [self.plan(cand) for _ in range(min(count, 1))]
            if count > 1:
                # A second dossier is often for the same track and year: the annual limit and
                # shared achievements are decided between such pairs.
                same = draw(_BOOLEANS)
                plans[cand["id"]].append(plans[cand["id"]][0] if same else self.plan(cand))
        achievements: list[Raw] = []
        if self.vocab("achievement-kinds"):
            years = sorted({y for ps in plans.values() for _, y in ps})
            count = draw(st.integers(0, min(n + 1, 4)))
            achievements = [self.achievement(f"TH-{i + 1:02d}", ids, years) for i in range(count)]
        awards: list[Raw] = []
        if self.vocab("forms") and draw(_PERMILLE) >= 600:
            awards = [self.award("KT-01", ids, [a["id"] for a in achievements])]
        nominations: list[Raw] = []
        for cand in candidates:
            held = [a for a in achievements if cand["id"] in a["holders"]]
            for track, year in plans[cand["id"]]:
                nominations.append(
                    self.nomination(f"DN-{len(nominations) + 1:02d}", cand, track, year, held)
                )
        serial = iter(range(1, 100_000))

        def sid() -> str:
            return f"DG-{next(serial):03d}"

        assessments = [
            s for cand in candidates for s in self.assessments(sid, cand, plans[cand["id"]])
        ]
        raw: Raw = {
            "format": FORMAT,
            "commune": self.rs.meta.issuer,
            "as_of": self.as_of.isoformat(),
            "candidates": candidates,
            "achievements": achievements,
            "assessments": assessments,
            "awards": awards,
            "nominations": nominations,
            "unit_reports": self.unit_reports([c["unit"] for c in candidates]),
        }
        decisions = self.council_decisions(nominations)
        if decisions:
            raw["council_decisions"] = decisions
        return raw

    def council_decisions(self, nominations: Sequence[Raw]) -> list[Raw]:
        """Now and then, the Council's word on an achievement two nominations claim."""
        bodies = self.vocab("bodies")
        if not bodies:
            return []
        out: list[Raw] = []
        for a, noms in claimants(nominations).items():
            if len(noms) < 2 or self.draw(_PERMILLE) >= 300:
                continue
            out.append(
                {
                    "id": f"HD-{len(out) + 1:02d}",
                    "nomination": self.draw(st.sampled_from(noms)),
                    "achievement": a,
                    "by": self.draw(st.sampled_from(bodies)),
                    "date": self.as_of.isoformat(),
                }
            )
        return out


def claimants(nominations: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Achievement id → the ids of the nominations (records) claiming it, by achievement id."""
    out: dict[str, list[str]] = {}
    for n in nominations:
        for a in n.get("achievements", []):
            out.setdefault(a, []).append(n["id"])
    return dict(sorted(out.items()))


_DAYS = st.integers(0, 364)
_NOMINATIONS = st.sampled_from([1, 0, 2])


@st.composite
def _raw_cases(
    draw: st.DrawFn,
    profile: _Profile,
    candidates: st.SearchStrategy[int],
    tracks: tuple[str, ...],
    missing: st.SearchStrategy[float],
    years: tuple[int, ...],
) -> Raw:
    n = _checked_count(draw(candidates), "candidates", 1, 50)
    p = _checked_probability(draw(missing))
    return _Builder(draw, profile, p, years, profile.tracks(tracks)).case(n)


@overload
def cases(
    ruleset: Ruleset,
    *,
    candidates: st.SearchStrategy[int] = ...,
    tracks: Collection[str] | None = ...,
    missing: st.SearchStrategy[float] = ...,
    years: Collection[int] | None = ...,
    raw: Literal[False] = ...,
) -> st.SearchStrategy[Case]: ...


@overload
def cases(
    ruleset: Ruleset,
    *,
    candidates: st.SearchStrategy[int] = ...,
    tracks: Collection[str] | None = ...,
    missing: st.SearchStrategy[float] = ...,
    years: Collection[int] | None = ...,
    raw: Literal[True],
) -> st.SearchStrategy[Raw]: ...


def cases(
    ruleset: Ruleset,
    *,
    candidates: st.SearchStrategy[int] = CANDIDATES,
    tracks: Collection[str] | None = None,
    missing: st.SearchStrategy[float] = MISSING,
    years: Collection[int] | None = None,
    raw: bool = False,
) -> st.SearchStrategy[Case] | st.SearchStrategy[Raw]:
    """Case files for `ruleset`, checked and structured into `Case` objects (or, `raw=True`, the JSON).

    - `candidates`: how many candidates (each nominated up to twice; at least one nomination).
    - `tracks`: the track ids nominations use; default every track of the ruleset.
    - `missing`: the probability that a nullable fact (a role, a filing date, whether an
      initiative was applied…) is left null and that a yearly assessment is left unrecorded.
      The default draws it per case, from "everything known" to "almost nothing known".
    - `years`: the years nominations, achievements and assessments fall in; default the years of
      the ruleset's period.

    The cases share achievements between holders and between nominations, reward some of them
    in past awards, file dossiers on time, on the last day and late, carry assessments over
    several years (for "at least N years" criteria), a later second judgement now and then,
    forms left to the track's default or asked for explicitly, and the units' yearly reports.
    Every case has an `as_of` date, so evaluating it twice gives the same answer.
    """
    profile = _profile(ruleset)
    _check_strategy(candidates, "candidates", "integers(1, 6)")
    _check_strategy(missing, "missing", "floats(0, 1)")
    chosen = _check_tracks(ruleset, tracks)
    span = _check_years(profile, years)
    strategy = _raw_cases(profile, candidates, tuple(t.id for t in chosen), missing, span)
    if raw:
        return strategy
    return strategy.map(lambda r: structure_case(r, ruleset))


# ---- one record at a time ------------------------------------------------------------------


def _ids_of(
    records: Sequence[Mapping[str, Any]] | Sequence[str], what: str
) -> list[Mapping[str, Any]]:
    if isinstance(records, str | bytes) or not isinstance(records, Sequence) or not records:
        raise InvalidArgument(f"{what} must be a non-empty sequence of candidate records")
    out = []
    for r in records:
        if (
            not isinstance(r, Mapping)
            or not isinstance(r.get("id"), str)
            or r.get("kind") not in CANDIDATE_KINDS
        ):
            raise InvalidArgument(
                f"{what} must hold candidate records with an id and a kind, not {r!r}"
            )
        out.append(r)
    return out


def candidate_records(
    ruleset: Ruleset,
    *,
    kinds: Collection[str] | None = None,
    missing: st.SearchStrategy[float] = MISSING,
) -> st.SearchStrategy[Raw]:
    """One candidate record (JSON) of a case file for `ruleset`; `kinds` limits "ca-nhan"/"tap-the"."""
    profile = _profile(ruleset)
    _check_strategy(missing, "missing", "floats(0, 1)")
    allowed = tuple(CANDIDATE_KINDS) if kinds is None else tuple(sorted(set(kinds)))
    if not allowed or any(k not in CANDIDATE_KINDS for k in allowed) or isinstance(kinds, str):
        raise InvalidArgument(
            f"kinds must be a non-empty collection of {CANDIDATE_KINDS}, not {kinds!r}"
        )

    @st.composite
    def build(draw: st.DrawFn) -> Raw:
        b = _Builder(
            draw,
            profile,
            _checked_probability(draw(missing)),
            profile.period_years,
            tuple(ruleset.tracks),
        )
        kind = draw(st.sampled_from(allowed))
        n = draw(st.integers(1, 99))
        return b.candidate(
            f"{'CN' if kind == 'ca-nhan' else 'TT'}-{n:02d}", kind, n, strong=draw(_BOOLEANS)
        )

    return build()


def achievement_records(
    ruleset: Ruleset,
    holders: Sequence[Mapping[str, Any]],
    *,
    years: Collection[int] | None = None,
    missing: st.SearchStrategy[float] = MISSING,
) -> st.SearchStrategy[Raw]:
    """One achievement record held by one or two of `holders` (candidate records)."""
    profile = _profile(ruleset)
    _check_strategy(missing, "missing", "floats(0, 1)")
    cands = _ids_of(holders, "holders")
    span = _check_years(profile, years)
    if not profile.vocab.get("achievement-kinds"):
        raise InvalidArgument(f"ruleset {ruleset.meta.id} declares no achievement kinds")

    @st.composite
    def build(draw: st.DrawFn) -> Raw:
        b = _Builder(
            draw, profile, _checked_probability(draw(missing)), span, tuple(ruleset.tracks)
        )
        return b.achievement(f"TH-{draw(st.integers(1, 99)):02d}", [c["id"] for c in cands])

    return build()


def assessment_records(
    ruleset: Ruleset,
    subjects: Sequence[Mapping[str, Any]],
    years: Collection[int] | None = None,
) -> st.SearchStrategy[Raw]:
    """One assessment of one of `subjects` (candidate records), of a kind that fits its subject."""
    profile = _profile(ruleset)
    cands = _ids_of(subjects, "subjects")
    span = _check_years(profile, years)
    bodies = profile.vocab.get("bodies", ())
    fitting = [
        (c, k)
        for c in cands
        for k in profile.kinds.values()
        if k.subject in (c["kind"], "any") and k.values
    ]
    if not fitting or not bodies:
        raise InvalidArgument(
            f"ruleset {ruleset.meta.id} has no assessment kind for these subjects, or no bodies"
        )

    @st.composite
    def build(draw: st.DrawFn) -> Raw:
        cand, kind = draw(st.sampled_from(fitting))
        value = draw(profile.sampler(kind.value_slugs(), profile.good_values.get(kind.slug, ())))
        body = draw(profile.sampler(bodies, profile.good_bodies.get(kind.slug, ())))
        year = draw(st.sampled_from(span))
        when = dt.date(year, 12, 1) + dt.timedelta(days=draw(st.integers(0, 60)))
        return _Builder.assessment(
            f"DG-{draw(st.integers(1, 999)):03d}", cand["id"], kind.slug, value, year, body, when
        )

    return build()


def award_records(
    ruleset: Ruleset,
    recipients: Sequence[Mapping[str, Any]],
    achievements: Sequence[Mapping[str, Any]] = (),
    *,
    years: Collection[int] | None = None,
) -> st.SearchStrategy[Raw]:
    """One past award to one of `recipients`, rewarding some of `achievements` (records)."""
    profile = _profile(ruleset)
    cands = _ids_of(recipients, "recipients")
    span = _check_years(profile, years)
    if not profile.vocab.get("forms"):
        raise InvalidArgument(f"ruleset {ruleset.meta.id} declares no forms of reward")
    ach_ids = [a["id"] for a in achievements]

    @st.composite
    def build(draw: st.DrawFn) -> Raw:
        b = _Builder(draw, profile, 0.0, span, tuple(ruleset.tracks))
        return b.award(f"KT-{draw(st.integers(1, 99)):02d}", [c["id"] for c in cands], ach_ids)

    return build()


def nomination_records(
    ruleset: Ruleset,
    candidates: Sequence[Mapping[str, Any]],
    achievements: Sequence[Mapping[str, Any]] = (),
    *,
    tracks: Collection[str] | None = None,
    years: Collection[int] | None = None,
    missing: st.SearchStrategy[float] = MISSING,
) -> st.SearchStrategy[Raw]:
    """One nomination of one of `candidates`, claiming some of the `achievements` it holds.

    Its filing date is on time, on the last day, or late for the track's timing, or null.
    """
    profile = _profile(ruleset)
    _check_strategy(missing, "missing", "floats(0, 1)")
    cands = _ids_of(candidates, "candidates")
    chosen = _check_tracks(ruleset, tracks)
    span = _check_years(profile, years)

    @st.composite
    def build(draw: st.DrawFn) -> Raw:
        b = _Builder(draw, profile, _checked_probability(draw(missing)), span, chosen)
        cand = draw(st.sampled_from(cands))
        held = [a for a in achievements if cand["id"] in a.get("holders", ())]
        track, year = b.plan(cand)
        return b.nomination(f"DN-{draw(st.integers(1, 99)):02d}", cand, track, year, held)

    return build()


# ---- near misses ---------------------------------------------------------------------------


@attrs.frozen
class Edit:
    """One fact of a case file changed: a field of one record set, a record added or removed.

    `collection` is the case file's list (`"assessments"`), `record` the id of the record,
    `field` the field set (None when a whole record is added or removed), and `value` the new
    value as JSON text (the added record, for an addition).
    """

    op: Literal["set", "add", "remove"]
    collection: str
    record: str
    field: str | None = None
    value: str = "null"

    def apply(self, raw: Mapping[str, Any]) -> Raw:
        """A copy of the case file `raw` with this one fact changed."""
        out: Raw = copy.deepcopy(dict(raw))
        items: list[Raw] = out.setdefault(self.collection, [])
        if self.op == "add":
            items.append(json.loads(self.value))
            return out
        index = next((i for i, r in enumerate(items) if r.get("id") == self.record), None)
        if index is None:
            raise KeyError(f"{self.collection}[{self.record}]")
        if self.op == "remove":
            del items[index]
        else:
            assert self.field is not None
            items[index][self.field] = json.loads(self.value)
        return out

    def __str__(self) -> str:
        if self.op == "add":
            return f"add {self.collection}[{self.record}] = {self.value}"
        if self.op == "remove":
            return f"remove {self.collection}[{self.record}]"
        return f"set {self.collection}[{self.record}].{self.field} = {self.value}"


def _set(collection: str, record: str, field: str, value: object) -> Edit:
    return Edit("set", collection, record, field, json.dumps(value, ensure_ascii=False))


@attrs.frozen
class NearMiss:
    """A case in which a criterion does not hold for one nomination, and one edit that makes it hold.

    `before` is the criterion's result in `case` ("false" or "unknown"); applying `edit` to
    `raw` gives `fixed_raw` (structured: `fixed`), in which the criterion is true for the same
    nomination. Both cases are evaluated whole, with every principle across nominations.
    """

    criterion: str
    nomination: str
    before: Result
    edit: Edit
    case: Case
    fixed: Case
    raw: Raw = attrs.field(eq=False, repr=False)
    fixed_raw: Raw = attrs.field(eq=False, repr=False)


_ENGINES: OrderedDict[int, tuple[Ruleset, Engine]] = OrderedDict()


def _plain_engine(ruleset: Ruleset) -> Engine:
    """A plain-Python engine per ruleset, reused: the oracle the near-miss search evaluates with."""
    hit = _ENGINES.get(id(ruleset))
    if hit is not None and hit[0] is ruleset:
        return hit[1]
    engine = Engine(ruleset, backend="plain")
    _ENGINES[id(ruleset)] = (ruleset, engine)
    while len(_ENGINES) > 16:
        _ENGINES.popitem(last=False)
    return engine


def _criterion_node(verdict_root: Node, criterion: str) -> Node | None:
    """The first node evaluating `criterion` in an explanation tree, if it was evaluated."""
    for node in verdict_root.walk():
        if node.kind == "criterion" and node.ref == criterion:
            return node
    return None


class _Repair:
    """Single-fact edits that move a criterion towards a wanted result for one nomination."""

    def __init__(self, profile: _Profile, raw: Raw, nomination: str) -> None:
        self.p = profile
        self.rs = profile.ruleset
        self.raw = raw
        self.params = Params(self.rs, dt.date.fromisoformat(raw["as_of"]))
        self.nom = next(n for n in raw["nominations"] if n["id"] == nomination)
        self.cand = next(c for c in raw["candidates"] if c["id"] == self.nom["candidate"])
        self.track = self.rs.track(self.nom["track"])

    def targets(
        self, node: Node, want: bool, out: list[tuple[Node, bool]]
    ) -> list[tuple[Node, bool]]:
        """The leaves whose change could move `node` towards `want` (True: make it hold)."""
        if node.ref in self.p.leaves:
            if node.result != (TRUE if want else FALSE):
                out.append((node, want))
            return out
        inner = not want if node.kind == "not" else want
        for child in node.children:
            if child.result != (TRUE if inner else FALSE):
                self.targets(child, inner, out)
        return out

    def edits(self, root: Node, want: bool) -> list[Edit]:
        found: list[Edit] = []
        for node, goal in self.targets(root, want, []):
            assert node.ref is not None
            found.extend(self.leaf(self.p.leaves[node.ref], goal))
        unique: dict[str, Edit] = {}
        for e in found:
            unique.setdefault(str(e), e)
        return list(unique.values())

    def values(self, arg: object) -> tuple[object, ...] | None:
        try:
            v = self.params.arg(arg)
        except ParameterUnsetError:
            return None
        return tuple(v) if isinstance(v, tuple) else (v,)

    def leaf(self, e: Expr, want: bool) -> list[Edit]:
        if isinstance(e, CandidateTest):
            return self.candidate(e, want)
        if isinstance(e, AssessmentTest):
            return self.assessment(e.spec, self.nom["year"], want)
        if isinstance(e, YearsCount):
            start, end = self.rs.meta.start.year, min(self.nom["year"], self.rs.meta.end.year)
            return [
                x
                for y in range(start, end + 1)
                for s in e.specs
                for x in self.assessment(s, y, want)
            ]
        if isinstance(e, AchievementCount):
            return self.achievements(e, want)
        return []

    def candidate(self, e: CandidateTest, want: bool) -> list[Edit]:
        values = self.values(e.values)
        if values is None:
            return []
        holds_if_in = e.op != "not_in"
        cid = self.cand["id"]
        if e.field == "duties":
            duties = list(self.cand.get("duties", []))
            if want == holds_if_in:
                return [
                    _set("candidates", cid, "duties", sorted({*duties, str(v)}))
                    for v in values
                    if v not in duties
                ]
            return [_set("candidates", cid, "duties", [d for d in duties if d not in values])]
        domain: tuple[object, ...] = {
            "kind": CANDIDATE_KINDS,
            "in_commune": (True, False),
            "role": self.p.vocab.get("roles", ()),
        }.get(e.field, ())
        current = self.cand.get(e.field)
        return [
            _set("candidates", cid, e.field, v)
            for v in domain
            if ((v in values) == holds_if_in) == want and v != current
        ]

    def assessment(self, spec: AssessmentSpec, year: int, want: bool) -> list[Edit]:
        values = self.values(spec.values)
        bodies = self.values(spec.by) if spec.by is not None else self.p.vocab.get("bodies", ())
        kind = self.p.kinds.get(spec.kind)
        if (
            values is None
            or not bodies
            or kind is None
            or kind.subject not in (self.cand["kind"], "any")
        ):
            return []
        holds_if_in = spec.op != "not_in"
        good = [v for v in kind.value_slugs() if ((v in values) == holds_if_in) == want]
        if not good:
            return []
        cid = self.cand["id"]
        selected = [
            s
            for s in self.raw["assessments"]
            if s["subject"] == cid
            and s["kind"] == spec.kind
            and s["year"] == year
            and s["by"] in bodies
        ]
        if selected:
            latest = max(selected, key=lambda s: (s["date"], s["id"]))
            return [
                _set("assessments", latest["id"], "value", v) for v in good if v != latest["value"]
            ]
        used = {s["id"] for s in self.raw["assessments"]}
        sid = next(f"DG-{i:03d}" for i in range(1, 10_000) if f"DG-{i:03d}" not in used)
        return [
            Edit(
                "add",
                "assessments",
                sid,
                None,
                json.dumps(
                    _Builder.assessment(
                        sid, cid, spec.kind, v, year, str(bodies[0]), dt.date(year, 12, 20)
                    ),
                    ensure_ascii=False,
                ),
            )
            for v in good[:2]
        ]

    def achievements(self, e: AchievementCount, want: bool) -> list[Edit]:
        rewarded = (
            self.values(e.rewarded) if isinstance(e.rewarded, Ref) else (e.rewarded == "include",)
        )
        if rewarded is None:
            return []
        include = bool(rewarded[0])
        year = self.nom["year"]
        if self.track.round == "period-end":
            lo, hi = self.rs.meta.start, min(self.rs.meta.end, dt.date(year, 12, 31))
        else:
            lo, hi = dt.date(year, 1, 1), dt.date(year, 12, 31)
        inside = min(max(dt.date(year, 6, 15), lo), hi)
        by_id = {a["id"]: a for a in self.raw["achievements"]}
        nid, cid = self.nom["id"], self.cand["id"]
        claimed = list(self.nom["achievements"])
        out: list[Edit] = []
        for a_id in claimed:
            a = by_id[a_id]
            date = dt.date.fromisoformat(a["date"]) if a.get("date") else None
            if want:
                if a.get("applied_effectively") is not True:
                    out.append(_set("achievements", a_id, "applied_effectively", True))
                if a["kind"] not in e.kinds:
                    out.extend(_set("achievements", a_id, "kind", k) for k in e.kinds)
                if date is None or not lo <= date <= hi:
                    out.append(_set("achievements", a_id, "date", inside.isoformat()))
                if not include:
                    out.extend(
                        _set(
                            "awards",
                            w["id"],
                            "achievements",
                            [x for x in w["achievements"] if x != a_id],
                        )
                        for w in self.raw["awards"]
                        if a_id in w["achievements"]
                    )
                out.extend(
                    _set(
                        "nominations",
                        n["id"],
                        "achievements",
                        [x for x in n["achievements"] if x != a_id],
                    )
                    for n in self.raw["nominations"]
                    if n["id"] != nid and a_id in n["achievements"]
                )
            else:
                if a.get("applied_effectively") is not False:
                    out.append(_set("achievements", a_id, "applied_effectively", False))
                out.extend(
                    _set("achievements", a_id, "kind", k)
                    for k in self.p.vocab.get("achievement-kinds", ())
                    if k not in e.kinds
                )
                out.append(
                    _set("nominations", nid, "achievements", [x for x in claimed if x != a_id])
                )
        if want:
            unclaimed = [
                a["id"]
                for a in self.raw["achievements"]
                if cid in a["holders"] and a["id"] not in claimed
            ]
            out.extend(
                _set("nominations", nid, "achievements", [*claimed, a_id]) for a_id in unclaimed[:3]
            )
            if not unclaimed:
                used = set(by_id)
                aid = next(f"TH-{i:02d}" for i in range(1, 1000) if f"TH-{i:02d}" not in used)
                record = {
                    "id": aid,
                    "holders": [cid],
                    "kind": e.kinds[0],
                    "title": f"Thành tích {aid}",
                    "date": inside.isoformat(),
                    "applied_effectively": True,
                    "recognised_by": None,
                }
                out.append(
                    Edit("add", "achievements", aid, None, json.dumps(record, ensure_ascii=False))
                )
        return out


def _criterion_result(
    engine: Engine, raw: Raw, nomination: str, criterion: str
) -> tuple[Case, Node] | None:
    try:
        case = structure_case(raw, engine.ruleset)
    except CaseFileError:  # an edit the loader refuses (an assessment kind the subject cannot have)
        return None
    for v in engine.evaluate(case).verdicts:
        if v.nomination == nomination:
            node = _criterion_node(v.explanation, criterion)
            return (case, node) if node is not None else None
    return None


MAX_REPAIR_STEPS = 12


def _search(
    draw: Draw,
    profile: _Profile,
    criterion: str,
    tracks: tuple[str, ...],
    candidates: st.SearchStrategy[int],
    missing: st.SearchStrategy[float],
    want: bool,
) -> tuple[str, Raw, Case, Node, Edit, Raw, Case] | None:
    """Draw a case, then edit it one fact at a time until `criterion` has the result `want` for
    one nomination: (nomination, the case before the last edit, its criterion node, the last
    edit, the case after it, …), or None when no short series of edits gets there."""
    ruleset = profile.ruleset
    engine = _plain_engine(ruleset)
    raw = draw(_raw_cases(profile, candidates, tracks, missing, profile.period_years))
    nomination = draw(st.sampled_from([n["id"] for n in raw["nominations"]]))
    found = _criterion_result(engine, raw, nomination, criterion)
    if found is None:
        return None
    case, node = found
    goal = TRUE if want else FALSE
    if node.result == goal:
        # Already there: first move it away, so the last step is the one that gets there.
        edits = _Repair(profile, raw, nomination).edits(node, not want)
        if not edits:
            return None
        raw = draw(st.sampled_from(edits)).apply(raw)
        found = _criterion_result(engine, raw, nomination, criterion)
        if found is None or found[1].result == goal:
            return None
        case, node = found
    # A state seen before means the edits go round in circles (a criterion asking for two
    # things no candidate can be at once): give up on this case.
    seen = {json.dumps(raw, sort_keys=True)}
    for _ in range(MAX_REPAIR_STEPS):
        edits = _Repair(profile, raw, nomination).edits(node, want)
        found = None
        while edits and found is None:
            edit = draw(st.sampled_from(edits))
            nxt = edit.apply(raw)
            state = json.dumps(nxt, sort_keys=True)
            if state not in seen:
                found = _criterion_result(engine, nxt, nomination, criterion)
            if found is None:
                edits.remove(edit)
        if found is None:
            break
        if found[1].result == goal:
            return nomination, raw, case, node, edit, nxt, found[0]
        seen.add(state)
        raw, (case, node) = nxt, found
    return None


@st.composite
def _near_misses(
    draw: st.DrawFn,
    profile: _Profile,
    criterion: str,
    tracks: tuple[str, ...],
    candidates: st.SearchStrategy[int],
    missing: st.SearchStrategy[float],
    want: bool,
) -> tuple[str, Raw, Case, Node, Edit, Raw, Case]:
    found = _search(draw, profile, criterion, tracks, candidates, missing, want)
    if found is None:
        reject()
    return found


@st.composite
def _attempts(
    draw: st.DrawFn,
    profile: _Profile,
    criterion: str,
    tracks: tuple[str, ...],
    candidates: st.SearchStrategy[int],
    missing: st.SearchStrategy[float],
    want: bool,
) -> Raw | None:
    """Like `_near_misses`, but a failed attempt is None rather than rejected, so that whoever
    runs the search counts the attempts and can stop."""
    found = _search(draw, profile, criterion, tracks, candidates, missing, want)
    return None if found is None else found[5]


def _criterion_tracks(ruleset: Ruleset, criterion: str) -> tuple[str, ...]:
    profile = _profile(ruleset)
    known = {c.id for c in ruleset.criteria}
    if not isinstance(criterion, str) or criterion not in known:
        hint = closest(str(criterion), known)
        raise InvalidArgument(
            f"criterion {criterion!r} is not in ruleset {ruleset.meta.id}"
            + (f" (did you mean {hint!r}?)" if hint else "")
        )
    using = tuple(t.id for t in ruleset.tracks if criterion in profile.reaches[t.id])
    if not using:
        raise InvalidArgument(
            f"no track of ruleset {ruleset.meta.id} uses criterion {criterion!r}, so no verdict evaluates it"
        )
    return using


def near_misses(
    ruleset: Ruleset,
    criterion: str,
    *,
    candidates: st.SearchStrategy[int] = NEAR_CANDIDATES,
    missing: st.SearchStrategy[float] = NEAR_MISSING,
) -> st.SearchStrategy[NearMiss]:
    """Cases one fact away from meeting `criterion`, with the fact (see `NearMiss`).

    Each is found by drawing a case with a nomination on a track that uses the criterion, then
    applying single-fact edits chosen from its explanation (record the missing assessment, set
    the role the rule asks for, mark the initiative applied…) until the criterion holds; the
    last edit is the near miss. Cases where no short series of edits gets there are rejected,
    so a criterion no case can meet makes Hypothesis report the search as unsatisfiable.
    """
    profile = _profile(ruleset)
    _check_strategy(candidates, "candidates", "integers(1, 3)")
    _check_strategy(missing, "missing", "floats(0, 0.5)")
    using = _criterion_tracks(ruleset, criterion)

    def pack(found: tuple[str, Raw, Case, Node, Edit, Raw, Case]) -> NearMiss:
        nomination, raw, case, node, edit, fixed_raw, fixed = found
        return NearMiss(criterion, nomination, node.result, edit, case, fixed, raw, fixed_raw)

    return _near_misses(profile, criterion, using, candidates, missing, True).map(pack)


def _reaching(
    ruleset: Ruleset,
    criterion: str,
    want: bool,
    *,
    candidates: st.SearchStrategy[int] = REACH_CANDIDATES,
    missing: st.SearchStrategy[float] = REACH_MISSING,
) -> st.SearchStrategy[Raw | None]:
    """Case files in which `criterion` has the result `want` for some nomination (targeted
    search), or None for an attempt that did not get there."""
    profile = _profile(ruleset)
    using = _criterion_tracks(ruleset, criterion)
    return _attempts(profile, criterion, using, candidates, missing, want)


# ---- invalid case files --------------------------------------------------------------------


@st.composite
def _invalid(draw: st.DrawFn, profile: _Profile, mistakes: tuple[str, ...]) -> tuple[bytes, str]:
    raw = draw(
        _raw_cases(
            profile,
            st.integers(1, 3),
            tuple(t.id for t in profile.ruleset.tracks),
            st.just(0.3),
            profile.period_years,
        )
    )
    kind = draw(st.sampled_from(mistakes))

    def pick(collection: str) -> tuple[int, Raw]:
        i = draw(st.integers(0, len(raw[collection]) - 1))
        return i, raw[collection][i]

    def nonempty(*collections: str) -> list[str]:
        return [c for c in collections if raw[c]]

    path = "$"
    if kind == "unknown-field":
        where = draw(
            st.sampled_from(
                [
                    "$",
                    *nonempty("candidates", "achievements", "assessments", "awards", "nominations"),
                ]
            )
        )
        target: Raw = raw if where == "$" else raw[where][0]
        key = draw(st.sampled_from(["ghi_chu", "note", *(k[:-1] for k in target if len(k) > 3)]))
        if key in target:
            key += "_x"
        target[key] = "?"
        path = where if where == "$" else f"$.{where}[0]"
    elif kind == "wrong-type":
        choices: list[tuple[str, str, Callable[[Any], Any]]] = [
            ("nominations", "year", lambda v: str(v)),
            ("candidates", "in_commune", lambda v: "có"),
            ("candidates", "name", lambda v: 12),
            ("candidates", "duties", lambda v: 3),
            # A string or an object where an array belongs: never read as characters or keys.
            ("candidates", "duties", lambda v: ", ".join(v or ())),
            ("nominations", "achievements", lambda v: " ".join(v or ())),
            ("nominations", "achievements", lambda v: dict.fromkeys(v or (), True)),
        ]
        if raw["achievements"]:
            choices.append(("achievements", "holders", lambda v: v[0]))
        if raw["assessments"]:
            choices.append(("assessments", "year", lambda v: float(v)))
        if raw["achievements"]:
            choices.append(("achievements", "applied_effectively", lambda v: "true"))
        coll, field, change = draw(st.sampled_from(choices))
        i, rec = pick(coll)
        rec[field] = change(rec.get(field))
        path = f"$.{coll}[{i}].{field}"
    elif kind == "unknown-vocabulary":
        choices2: list[tuple[str, str, str]] = [
            ("candidates", "role", "vai-tro-khong-co"),
            ("nominations", "track", "dien-khong-co"),
        ]
        if raw["assessments"]:
            choices2 += [
                ("assessments", "value", "gia-tri-khong-co"),
                ("assessments", "kind", "loai-khong-co"),
                ("assessments", "by", "co-quan-khong-co"),
            ]
        if raw["achievements"]:
            choices2.append(("achievements", "kind", "loai-thanh-tich-khong-co"))
        if raw["awards"]:
            choices2.append(("awards", "form", "hinh-thuc-khong-co"))
        coll, field, bad = draw(st.sampled_from(choices2))
        i, rec = pick(coll)
        rec[field] = bad
        path = f"$.{coll}[{i}].{field}"
    elif kind == "dangling-reference":
        choices3: list[tuple[str, str]] = [("nominations", "candidate")]
        if raw["assessments"]:
            choices3.append(("assessments", "subject"))
        if raw["awards"]:
            choices3.append(("awards", "recipient"))
        if raw["achievements"]:
            choices3.append(("achievements", "holders"))
        coll, field = draw(st.sampled_from(choices3))
        i, rec = pick(coll)
        if field == "holders":
            rec["holders"] = [*rec["holders"], "KHONG-CO"]
            path = f"$.{coll}[{i}].holders[{len(rec['holders']) - 1}]"
        else:
            rec[field] = "KHONG-CO"
            path = f"$.{coll}[{i}].{field}"
    elif kind == "bad-date":
        bad_date = draw(st.sampled_from(["2027-02-30", "31/03/2027", "2027-3-1", "hôm qua"]))
        choices4: list[tuple[str, str]] = [("$", "as_of"), ("nominations", "filed")]
        if raw["assessments"]:
            choices4.append(("assessments", "date"))
        if raw["awards"]:
            choices4.append(("awards", "date"))
        coll, field = draw(st.sampled_from(choices4))
        if coll == "$":
            raw[field] = bad_date
            path = f"$.{field}"
        else:
            i, rec = pick(coll)
            rec[field] = bad_date
            path = f"$.{coll}[{i}].{field}"
    elif kind == "duplicate-id":
        coll = draw(
            st.sampled_from(
                nonempty("candidates", "achievements", "assessments", "awards", "nominations")
            )
        )
        i, rec = pick(coll)
        twin = copy.deepcopy(rec)
        raw[coll].append(twin)
        path = f"$.{coll}[{len(raw[coll]) - 1}].id"
    text = json.dumps(raw, ensure_ascii=False, indent=1)
    if kind == "duplicate-key":
        key = draw(st.sampled_from(sorted(raw)))
        text = (
            "{" + json.dumps(key) + ": " + json.dumps(raw[key], ensure_ascii=False) + "," + text[1:]
        )
    elif kind == "not-json":
        if draw(st.booleans()):
            return text.encode("utf-8")[:-1] + b"\xff}", "$"
        text = text[: draw(st.integers(0, len(text) - 1))]
    return text.encode("utf-8"), path


def invalid_case_files(
    ruleset: Ruleset, *, mistakes: Collection[str] | None = None
) -> st.SearchStrategy[tuple[bytes, str]]:
    """(file content, path) pairs: case files for `ruleset` with exactly one planted mistake.

    The mistake is one of `MISTAKES` (default: any): an unknown field, a value of the wrong type,
    a slug the ruleset does not declare, a reference to a record that does not exist, a bad
    date, a duplicate id, a duplicate JSON key, or text that is not JSON at all. `path` is the
    JSON path (`$.nominations[1].filed`) the loader's error must name: one of the reported
    problems has a path starting with it (`$` for the last two).
    """
    profile = _profile(ruleset)
    chosen = MISTAKES if mistakes is None else tuple(m for m in MISTAKES if m in set(mistakes))
    if mistakes is not None and (
        isinstance(mistakes, str) or set(mistakes) - set(MISTAKES) or not chosen
    ):
        raise InvalidArgument(
            f"mistakes must be a non-empty collection of {MISTAKES}, not {mistakes!r}"
        )
    return _invalid(profile, chosen)


# ---- small rulesets ------------------------------------------------------------------------


def _toml(value: object) -> str:
    """A TOML value (inline tables and arrays included) for the generated rulesets."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_key(k)} = {_toml(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML form for {value!r}")


def _key(key: str) -> str:
    return (
        key
        if key.replace("-", "").replace("_", "").isalnum() and key.isascii()
        else json.dumps(key)
    )


class _RulesetWriter:
    """Draws one small ruleset and writes it as TOML text in the `thiduarules/1` language."""

    CLAUSES = ("I.1", "II.1", "III.1", "III.2", "III.3")
    ROLES = ("cong-chuc", "vien-chuc", "nguoi-dan", "co-quan-chuyen-mon", "thon-to-dan-pho")
    KINDS = ("sang-kien", "giai-phap", "mo-hinh")
    BODIES = ("ubnd-xa", "chu-tich-ubnd-xa", "thu-truong-don-vi")
    DUTIES = ("giai-quyet-tthc", "tham-muu-cchc", "chuyen-doi-so")
    VALUES = ("dat", "chua-dat", "xuat-sac")

    def __init__(self, draw: Draw, kinds: int) -> None:
        self.draw = draw
        self.lines: list[str] = []
        self.start = draw(st.integers(2024, 2028))
        self.length = draw(st.integers(1, 5))
        self.roles = draw(
            st.lists(st.sampled_from(self.ROLES), min_size=1, max_size=4, unique=True)
        )
        self.ach_kinds = draw(
            st.lists(st.sampled_from(self.KINDS), min_size=1, max_size=3, unique=True)
        )
        self.bodies = draw(
            st.lists(st.sampled_from(self.BODIES), min_size=1, max_size=3, unique=True)
        )
        self.duties = draw(
            st.lists(st.sampled_from(self.DUTIES), min_size=1, max_size=3, unique=True)
        )
        self.higher_form = draw(st.booleans())
        self.assessments: dict[str, tuple[str, list[str]]] = {}
        for i in range(kinds):
            subject = draw(st.sampled_from(["any", "ca-nhan", "tap-the"]))
            values = draw(
                st.lists(st.sampled_from(self.VALUES), min_size=2, max_size=3, unique=True)
            )
            self.assessments[f"danh-gia-{i + 1}"] = (subject, values)
        self.params: dict[str, dict[str, Any]] = {}
        self.criteria: list[str] = []

    def text(self, vi: str, en: str) -> str:
        return f"vi = {_toml(vi)}\nen = {_toml(en)}"

    def clauses(self, n: int = 1) -> list[str]:
        return list(
            self.draw(st.lists(st.sampled_from(self.CLAUSES), min_size=1, max_size=n, unique=True))
        )

    def param(self, name: str, ptype: str, value: object, **extra: object) -> dict[str, str]:
        self.params[name] = {"type": ptype, "value": value, **extra}
        return {"param": name}

    def leaf(self) -> dict[str, Any]:
        draw = self.draw
        shape = draw(st.sampled_from(["assessment", "candidate", "years", "achievements"]))
        if shape == "candidate":
            field = draw(st.sampled_from(["kind", "in_commune", "role"]))
            if field == "kind":
                return {"candidate": "kind", "is": draw(st.sampled_from(CANDIDATE_KINDS))}
            if field == "in_commune":
                return {"candidate": "in_commune", "is": draw(st.booleans())}
            roles = draw(st.lists(st.sampled_from(self.roles), min_size=1, unique=True))
            op = draw(st.sampled_from(["in", "not_in"]))
            if op == "in" and draw(st.booleans()):
                return {
                    "candidate": "role",
                    "in": self.param("vai-tro-duoc-xet", "set", roles, of="roles"),
                }
            return {"candidate": "role", op: roles}
        if shape == "achievements":
            kinds = draw(st.lists(st.sampled_from(self.ach_kinds), min_size=1, unique=True))
            at_least: object = draw(st.integers(1, 2))
            if draw(st.booleans()):
                at_least = self.param("so-thanh-tich", "integer", at_least)
            rewarded: object = draw(st.sampled_from(["exclude", "include", "param"]))
            if rewarded == "param":
                rewarded = self.param("tinh-thanh-tich-da-khen", "boolean", draw(st.booleans()))
            return {"achievements": {"kinds": kinds}, "at_least": at_least, "rewarded": rewarded}
        kind = draw(st.sampled_from(sorted(self.assessments)))
        values = self.assessments[kind][1]
        chosen = draw(
            st.lists(st.sampled_from(values), min_size=1, max_size=len(values) - 1, unique=True)
        )
        spec: dict[str, Any] = {"assessment": kind}
        op = (
            draw(st.sampled_from(["is", "in", "not_in"]))
            if shape == "assessment"
            else draw(st.sampled_from(["in", "not_in"]))
        )
        spec[op] = chosen[0] if op == "is" else chosen
        by = draw(st.sampled_from(["none", "list", "param"]))
        if by == "list":
            spec["by"] = draw(st.lists(st.sampled_from(self.bodies), min_size=1, unique=True))
        elif by == "param":
            spec["by"] = self.param("co-quan-danh-gia", "set", list(self.bodies), of="bodies")
        if shape == "assessment":
            return {**spec, "year": "nomination"}
        out: dict[str, Any] = {"years": [spec]}
        if draw(st.booleans()):
            out["every"] = True
            out["consecutive"] = False
        else:
            n = draw(st.integers(1, self.length))
            out["at_least"] = self.param("so-nam", "integer", n) if draw(st.booleans()) else n
            out["consecutive"] = draw(st.booleans())
        return out

    def expression(self, depth: int) -> dict[str, Any]:
        draw = self.draw
        shape = draw(st.sampled_from(["leaf", "all", "any", "at_least", "not", "criterion"]))
        if depth <= 0 or shape == "leaf" or (shape == "criterion" and not self.criteria):
            return self.leaf()
        if shape == "criterion":
            return {"criterion": draw(st.sampled_from(self.criteria))}
        if shape == "not":
            return {"not": self.expression(depth - 1)}
        items = [self.expression(depth - 1) for _ in range(draw(st.integers(1, 3)))]
        if shape == "at_least":
            return {"at_least": draw(st.integers(1, len(items))), "of": items}
        return {shape: items}

    def write(self) -> str:
        draw = self.draw
        out = self.lines
        end = self.start + self.length - 1
        out.append("[ruleset]")
        out.append(f'id = "sinh-ngau-nhien-{self.start}-{self.length}"')
        out.append('version = "0.0.1"')
        out.append('language = "thiduarules/1"')
        out.append('title = { vi = "Bộ quy tắc sinh ngẫu nhiên", en = "A generated ruleset" }')
        out.append(
            'source = { vi = "Kế hoạch thử nghiệm", en = "A test plan", issuer = "UBND xã Thử Nghiệm" }'
        )
        out.append(f"period = {{ start = {self.start}-01-01, end = {end}-12-31 }}")
        for cid in self.CLAUSES:
            out += [
                "",
                f'[clauses."{cid}"]',
                self.text(f"Mục {cid} của Kế hoạch.", f"Clause {cid} of the plan."),
            ]
        vocab = {
            "roles": self.roles,
            "achievement-kinds": self.ach_kinds,
            "bodies": self.bodies,
            "duties": self.duties,
        }
        for name, slugs in vocab.items():
            for slug in slugs:
                out += [
                    "",
                    f"[vocabularies.{name}.{slug}]",
                    self.text(slug.replace("-", " ").capitalize(), slug.replace("-", " ")),
                ]
        out += [
            "",
            "[vocabularies.forms.giay-khen-chu-tich-xa]",
            self.text("Giấy khen của Chủ tịch UBND xã", "Giấy khen of the commune Chairman"),
            'grantor = "commune"',
        ]
        if self.higher_form:
            out += [
                "",
                "[vocabularies.forms.bang-khen-chu-tich-thanh-pho]",
                self.text("Bằng khen của Chủ tịch UBND thành phố", "City Certificate of Merit"),
                'grantor = "higher"',
            ]
        for slug, (subject, values) in self.assessments.items():
            out += [
                "",
                f"[assessments.{slug}]",
                self.text(f"Đánh giá {slug}", f"Assessment {slug}"),
                f'subject = "{subject}"',
            ]
            out.append(
                "values = " + _toml({v: {"vi": v.replace("-", " "), "en": v} for v in values})
            )
        # Criteria first: they decide which parameters exist.
        crit_lines: list[str] = []
        for i in range(draw(st.integers(1, 4))):
            cid = f"tieu-chuan-{i + 1}"
            expr = self.expression(2)
            crit_lines += [
                "",
                f"[criteria.{cid}]",
                self.text(f"Tiêu chuẩn {i + 1}", f"Criterion {i + 1}"),
                f"clauses = {_toml(self.clauses(2))}",
                f"when = {_toml(expr)}",
            ]
            self.criteria.append(cid)
        track_lines: list[str] = []
        rounds_used: set[str] = set()
        for i in range(draw(st.integers(1, 3))):
            tid = f"dien-{i + 1}"
            subject = draw(st.sampled_from(CANDIDATE_KINDS))
            rnd = draw(st.sampled_from(["annual", "ad-hoc", "period-end"]))
            rounds_used.add(rnd)
            forms = ["giay-khen-chu-tich-xa"]
            if self.higher_form and rnd == "period-end" and draw(st.booleans()):
                forms.append("bang-khen-chu-tich-thanh-pho")
            picks = draw(
                st.lists(st.sampled_from(self.criteria), min_size=1, max_size=2, unique=True)
            )
            requires: dict[str, Any] = (
                {"criterion": picks[0]}
                if len(picks) == 1
                else {"all": [{"criterion": c} for c in picks]}
            )
            track_lines += [
                "",
                f"[tracks.{tid}]",
                self.text(f"Diện {i + 1}", f"Track {i + 1}"),
                f"clauses = {_toml(self.clauses())}",
                f'subject = "{subject}"',
                f'round = "{rnd}"',
                f"forms = {_toml(forms)}",
                f"requires = {_toml(requires)}",
            ]
            if draw(st.booleans()) or rnd != "period-end":
                late: object = draw(st.sampled_from(["tu-choi", "canh-bao", "param"]))
                if late == "param":
                    late = self.param(
                        "xu-ly-ho-so-tre",
                        "choice",
                        draw(st.sampled_from(["tu-choi", "canh-bao"])),
                        choices=["tu-choi", "canh-bao"],
                    )
                timing: dict[str, Any] = {"clauses": self.clauses(), "late": late}
                if rnd == "annual":
                    timing["rule"] = "annual-deadline"
                    timing["deadline"] = self.param(
                        "han-nop", "month-day", draw(st.sampled_from(["03-31", "01-15", "12-31"]))
                    )
                    timing["inclusive"] = self.param(
                        "tinh-ca-ngay-han", "boolean", draw(st.booleans())
                    )
                elif rnd == "ad-hoc":
                    timing["rule"] = "after-achievement"
                    timing["within_days"] = self.param(
                        "so-ngay-dot-xuat", "integer", draw(st.integers(1, 60))
                    )
                else:
                    timing["rule"] = "window"
                    known = draw(st.booleans())
                    timing["opens"] = self.param(
                        "mo-nhan", "date", dt.date(end, 10, 1) if known else None
                    )
                    timing["closes"] = self.param(
                        "dong-nhan", "date", dt.date(end, 11, 30) if known else None
                    )
                track_lines += ["", f"[tracks.{tid}.timing]"] + [
                    f"{_key(k)} = {_toml(v)}" for k, v in timing.items()
                ]
        principle_lines: list[str] = []
        if draw(st.booleans()):
            conflict = self.param(
                "xu-ly-trung-thanh-tich",
                "choice",
                draw(st.sampled_from(["hoi-dong-quyet-dinh", "uu-tien-nop-truoc"])),
                choices=["hoi-dong-quyet-dinh", "uu-tien-nop-truoc"],
            )
            principle_lines += [
                "",
                "[principles.mot-thanh-tich]",
                self.text("Một thành tích một lần khen", "One achievement, one reward"),
                f"clauses = {_toml(self.clauses())}",
                'rule = "one-achievement-one-reward"',
                f"conflict = {_toml(conflict)}",
            ]
        if draw(st.booleans()):
            principle_lines += [
                "",
                "[principles.hinh-thuc-phu-hop]",
                self.text("Hình thức phù hợp", "The form fits"),
                f"clauses = {_toml(self.clauses())}",
                'rule = "form-fits"',
            ]
        if "annual" in rounds_used and draw(st.booleans()):
            limit: object = draw(st.integers(1, 2))
            if draw(st.booleans()):
                limit = self.param("so-giay-khen-toi-da", "integer", limit)
            principle_lines += [
                "",
                "[principles.gioi-han-hang-nam]",
                self.text("Giới hạn Giấy khen hằng năm", "Annual limit"),
                f"clauses = {_toml(self.clauses())}",
                'rule = "annual-limit"',
                f"limit = {_toml(limit)}",
            ]
        if draw(st.booleans()):
            deadline = self.param("han-bao-cao", "month-day", "11-25")
            principle_lines += [
                "",
                "[principles.bao-cao]",
                self.text("Báo cáo đúng hạn", "Reports on time"),
                f"clauses = {_toml(self.clauses())}",
                'rule = "report-deadline"',
                f"deadline = {_toml(deadline)}",
            ]
        allocation_lines: list[str] = []
        if draw(st.booleans()):
            amounts = {
                "amount_individual": self.param(
                    "he-so-ca-nhan", "decimal", draw(st.sampled_from(["0.15", "0.3"]))
                ),
                "amount_collective": self.param(
                    "he-so-tap-the", "decimal", draw(st.sampled_from(["2", None]))
                ),
                "base_salary": self.param("luong-co-so", "money", 2_340_000),
                "rounding": self.param(
                    "lam-tron",
                    "choice",
                    draw(st.sampled_from(["len-chuc-nghin", "gan-nhat-chuc-nghin"])),
                    choices=["len-chuc-nghin", "gan-nhat-chuc-nghin"],
                ),
            }
            allocation_lines += ["", "[allocation]", f"clauses = {_toml(self.clauses())}"] + [
                f"{k} = {_toml(v)}" for k, v in amounts.items()
            ]
            for j in range(draw(st.integers(1, 2))):
                when: dict[str, Any] = (
                    {
                        "candidate": "duties",
                        "in": draw(st.lists(st.sampled_from(self.duties), min_size=1, unique=True)),
                    }
                    if j == 0
                    else {
                        "achievements": {"kinds": list(self.ach_kinds)},
                        "at_least": 1,
                        "rewarded": "exclude",
                    }
                )
                allocation_lines += [
                    "",
                    "[[allocation.priority]]",
                    self.text(f"Ưu tiên {j + 1}", f"Priority {j + 1}"),
                    f"clauses = {_toml(self.clauses())}",
                    f"when = {_toml(when)}",
                ]
        out.append("")
        out.append("[parameters]")
        for name, spec in sorted(self.params.items()):
            out += [
                "",
                f"[parameters.{name}]",
                self.text(f"Tham số {name}", f"Parameter {name}"),
                f'type = "{spec["type"]}"',
                f"clauses = {_toml(self.clauses())}",
                'reason = "Sinh ngẫu nhiên để kiểm thử. / Generated for tests."',
            ]
            if "choices" in spec:
                out.append(f"choices = {_toml(spec['choices'])}")
            if "of" in spec:
                out.append(f"of = {_toml(spec['of'])}")
            if spec["value"] is None:
                out += ['unset = "Chưa có giá trị. / No value yet."', "values = []"]
            else:
                out += [
                    "",
                    f"[[parameters.{name}.values]]",
                    f"value = {_toml(spec['value'])}",
                    'source = "Sinh ngẫu nhiên"',
                    'status = "plan"',
                ]
        out += crit_lines + track_lines + principle_lines + allocation_lines
        return "\n".join(out) + "\n"


@st.composite
def _ruleset_texts(draw: st.DrawFn, kinds: st.SearchStrategy[int]) -> str:
    n = _checked_count(draw(kinds), "assessment_kinds", 1, 3)
    return _RulesetWriter(draw, n).write()


def ruleset_texts(
    *, assessment_kinds: st.SearchStrategy[int] = ASSESSMENT_KINDS
) -> st.SearchStrategy[str]:
    """TOML text of small valid rulesets (see `rulesets`)."""
    _check_strategy(assessment_kinds, "assessment_kinds", "integers(1, 3)")
    return _ruleset_texts(assessment_kinds)


def rulesets(
    *, assessment_kinds: st.SearchStrategy[int] = ASSESSMENT_KINDS
) -> st.SearchStrategy[Ruleset]:
    """Small valid rulesets, so the engine is exercised beyond the one bundled plan.

    Each has a period of one to five years, one to three assessment kinds with two or three
    values, a few criteria built from `all`, `any`, `at_least … of`, `not` and references to
    earlier criteria over candidate, assessment, "years" and "achievements" conditions (literal
    or through parameters), one to three tracks of any round with their timing, and now and then
    each principle and an allocation table. The same parameter name always means the same
    thing; one may have no value (`unset`), as a plan's undecided dates do.
    """
    return ruleset_texts(assessment_kinds=assessment_kinds).map(
        lambda text: loads_ruleset(text, "<generated>")
    )
