"""Edits of a case file, one fact at a time, and the edits that move a criterion towards a
wanted result for one nomination."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from thiduarules._params import Params
from thiduarules.errors import ParameterUnsetError
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
from thiduarules.ruleset._model import CANDIDATE_KINDS
from thiduarules.testing.strategies._assessments import assessment_record
from thiduarules.testing.strategies._draw import Raw
from thiduarules.testing.strategies._profile import Profile
from thiduarules.verdict import FALSE, TRUE, Node


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


class Repair:
    """Single-fact edits that move a criterion towards a wanted result for one nomination."""

    def __init__(self, profile: Profile, raw: Raw, nomination: str) -> None:
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
        """The edits that could move the condition `e` towards `want`."""
        return e.accept(_LeafEdits(self, want))

    def years(self, e: YearsCount, want: bool) -> list[Edit]:
        start, end = self.rs.meta.start.year, min(self.nom["year"], self.rs.meta.end.year)
        return [
            x for y in range(start, end + 1) for s in e.specs for x in self.assessment(s, y, want)
        ]

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
        judged = self.judged(kind.of)
        if judged is not None and not judged:
            return []  # a judgement of an achievement needs one the nomination claims
        selected = [
            s
            for s in self.raw["assessments"]
            if s["subject"] == cid
            and s["kind"] == spec.kind
            and s["year"] == year
            and s["by"] in bodies
            and (judged is None or _judges(s, judged))
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
                    assessment_record(
                        sid,
                        cid,
                        spec.kind,
                        v,
                        year,
                        str(bodies[0]),
                        _after(dt.date(year, 12, 20), judged),
                        None if judged is None else judged[0]["id"],
                    ),
                    ensure_ascii=False,
                ),
            )
            for v in good[:2]
        ]

    def judged(self, of: str | None) -> list[Raw] | None:
        """For a kind that judges an achievement, the achievements the nomination claims that
        its candidate holds (what such a judgement may judge); None for a kind of a year."""
        if of is None:
            return None
        by_id = {a["id"]: a for a in self.raw["achievements"]}
        return [
            by_id[a]
            for a in self.nom["achievements"]
            if a in by_id and self.cand["id"] in by_id[a]["holders"]
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


class _LeafEdits(ExprVisitor[list[Edit]]):
    """The single-fact edits of a `Repair` for one condition over facts (none for the rest)."""

    def __init__(self, repair: Repair, want: bool) -> None:
        self.repair = repair
        self.want = want

    def all_of(self, e: AllOf) -> list[Edit]:
        return []

    def any_of(self, e: AnyOf) -> list[Edit]:
        return []

    def at_least(self, e: AtLeast) -> list[Edit]:
        return []

    def not_(self, e: Not) -> list[Edit]:
        return []

    def criterion_ref(self, e: CriterionRef) -> list[Edit]:
        return []

    def choose(self, e: Choose) -> list[Edit]:
        return []

    def candidate_test(self, e: CandidateTest) -> list[Edit]:
        return self.repair.candidate(e, self.want)

    def assessment_test(self, e: AssessmentTest) -> list[Edit]:
        return self.repair.assessment(e.spec, self.repair.nom["year"], self.want)

    def years_count(self, e: YearsCount) -> list[Edit]:
        return self.repair.years(e, self.want)

    def achievement_count(self, e: AchievementCount) -> list[Edit]:
        return self.repair.achievements(e, self.want)


def _judges(s: Raw, judged: list[Raw]) -> bool:
    """Whether judgement `s` judges one of `judged`, on or after the day it was achieved."""
    for a in judged:
        if s.get("achievement") == a["id"]:
            return not a.get("date") or s["date"] >= a["date"]
    return False


def _after(day: dt.date, judged: list[Raw] | None) -> dt.date:
    """`day`, or the day the first of `judged` was achieved if that is later."""
    if judged and judged[0].get("date"):
        return max(day, dt.date.fromisoformat(judged[0]["date"]))
    return day
