"""Checking a structured case against a ruleset: references between records, vocabulary,
years and dates, every problem at its path in the file."""

from __future__ import annotations

from typing import Any, TypeVar

from thiduarules.case._model import (
    FORMAT,
    Assessment,
    Case,
)
from thiduarules.errors import Problem, closest, quoted
from thiduarules.ruleset._model import CANDIDATE_KINDS, ROUNDS, Ruleset

_T = TypeVar("_T")
# Rounds whose places the Council may give with a decision that names no achievement.
PLACED_ROUNDS = ("annual", "period-end")
_WHAT = {
    "candidate": "đối tượng",
    "achievement": "thành tích",
    "nomination": "đề nghị",
    "ca-nhan": "cá nhân",
    "tap-the": "tập thể",
}
MIN_YEAR, MAX_YEAR = 1900, 2200


class CaseChecker:
    """Checks references and vocabulary of a structured case; paths keep the file's own indexes."""

    def __init__(
        self,
        rs: Ruleset,
        name: str,
        *,
        indexes: dict[str, list[int]] | None = None,
        broken: set[str] | None = None,
    ) -> None:
        self.rs = rs
        self.name = name
        self.indexes = indexes or {}
        self.broken = broken or set()
        self.problems: list[Problem] = []
        self.vocab = {n: {t.slug for t in terms} for n, terms in rs.vocabularies}
        self.kinds = {a.slug: a for a in rs.assessments}
        self.tracks = {t.id for t in rs.tracks}

    def add(self, path: str, message: str, found: object = None, allowed: Any = None) -> None:
        suggestion = closest(found, allowed) if isinstance(found, str) and allowed else None
        expected = None
        if allowed is not None:
            shown = sorted(allowed)
            expected = "one of " + ", ".join(shown[:12]) + (" …" if len(shown) > 12 else "")
        self.problems.append(
            Problem(
                self.name,
                path,
                message,
                None if found is None else quoted(found) if isinstance(found, str) else str(found),
                expected,
                suggestion,
            )
        )

    def at(self, coll: str, items: tuple[_T, ...]) -> list[tuple[int, _T]]:
        """Items with their index in the file (which differs when some did not structure)."""
        where = self.indexes.get(coll)
        return list(zip(where, items, strict=True)) if where is not None else list(enumerate(items))

    def ids(self, items: tuple[Any, ...], coll: str) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        first: dict[str, int] = {}
        for i, item in self.at(coll, items):
            if not item.id.strip():
                self.add(f"$.{coll}[{i}].id", "mã rỗng / empty id")
            if item.id in seen:
                self.add(
                    f"$.{coll}[{i}].id",
                    f"mã trùng với $.{coll}[{first[item.id]}] / duplicate id, first at $.{coll}[{first[item.id]}]",
                    item.id,
                )
            else:
                first[item.id] = i
            seen[item.id] = item
        return seen

    def member(self, path: str, value: str, vocab: str) -> None:
        if value not in self.vocab[vocab]:
            self.add(
                path,
                f"không có trong từ vựng {vocab} của bộ quy tắc / not in the ruleset's {vocab}",
                value,
                self.vocab[vocab],
            )

    def ref(self, path: str, value: str, table: dict[str, Any], what: str) -> bool:
        if value in self.broken:
            return False  # defined, with a shape problem of its own already reported
        if value not in table:
            self.add(path, f"không có {_WHAT[what]} này / no such {what}", value, set(table))
            return False
        return True

    def year(self, path: str, year: int) -> None:
        if not MIN_YEAR <= year <= MAX_YEAR:
            self.add(path, f"năm ngoài khoảng {MIN_YEAR}–{MAX_YEAR} / year out of range", year)

    def check(self, case: Case) -> list[Problem]:
        if case.format != FORMAT:
            self.add(
                "$.format", "định dạng không hỗ trợ / unsupported format", case.format, {FORMAT}
            )
        cands = self.ids(case.candidates, "candidates")
        achs = self.ids(case.achievements, "achievements")
        self.ids(case.assessments, "assessments")
        self.ids(case.awards, "awards")
        self.ids(case.nominations, "nominations")
        noms = {n.id: n for n in case.nominations}
        for i, c in self.at("candidates", case.candidates):
            p = f"$.candidates[{i}]"
            if c.kind not in CANDIDATE_KINDS:
                self.add(
                    f"{p}.kind",
                    "loại đối tượng không hợp lệ / not a kind of candidate",
                    c.kind,
                    set(CANDIDATE_KINDS),
                )
            if c.role is not None:
                self.member(f"{p}.role", c.role, "roles")
            for j, d in enumerate(c.duties):
                self.member(f"{p}.duties[{j}]", d, "duties")
        for i, a in self.at("achievements", case.achievements):
            p = f"$.achievements[{i}]"
            self.member(f"{p}.kind", a.kind, "achievement-kinds")
            if not a.holders:
                self.add(
                    f"{p}.holders",
                    "cần ít nhất một người/tập thể nắm giữ / needs at least one holder",
                )
            for j, h in enumerate(a.holders):
                self.ref(f"{p}.holders[{j}]", h, cands, "candidate")
            if a.recognised_by is not None:
                self.member(f"{p}.recognised_by", a.recognised_by, "bodies")
        for i, s in self.at("assessments", case.assessments):
            p = f"$.assessments[{i}]"
            self.ref(f"{p}.subject", s.subject, cands, "candidate")
            self.member(f"{p}.by", s.by, "bodies")
            self.year(f"{p}.year", s.year)
            kind = self.kinds.get(s.kind)
            subject = cands.get(s.subject)
            if (
                kind is not None
                and subject is not None
                and subject.kind in CANDIDATE_KINDS  # else its own kind is already reported
                and kind.subject not in ("any", subject.kind)
            ):
                self.add(
                    f"{p}.kind",
                    f"đánh giá {s.kind} chỉ dành cho {_WHAT[kind.subject]}; {s.subject} là {_WHAT[subject.kind]} / {s.kind} is for a {kind.subject}, {s.subject} is a {subject.kind}",
                    s.kind,
                )
            if kind is None:
                self.add(
                    f"{p}.kind",
                    "loại đánh giá không có trong bộ quy tắc / no such kind of assessment",
                    s.kind,
                    set(self.kinds),
                )
            elif s.value not in kind.value_slugs():
                self.add(
                    f"{p}.value",
                    f"không phải giá trị của {s.kind} / not a value of {s.kind}",
                    s.value,
                    set(kind.value_slugs()),
                )
            if kind is not None:
                self.judged(p, s, kind.of, achs)
        for i, w in self.at("awards", case.awards):
            p = f"$.awards[{i}]"
            self.ref(f"{p}.recipient", w.recipient, cands, "candidate")
            self.member(f"{p}.form", w.form, "forms")
            for j, a_id in enumerate(w.achievements):
                self.ref(f"{p}.achievements[{j}]", a_id, achs, "achievement")
            if w.year is not None:
                self.year(f"{p}.year", w.year)
            if w.round is not None and w.round not in ROUNDS:
                self.add(
                    f"{p}.round",
                    "không có đợt khen thưởng này / no such round",
                    w.round,
                    set(ROUNDS),
                )
            answered = noms.get(w.nomination) if w.nomination is not None else None
            if answered is not None and answered.candidate != w.recipient:
                self.add(
                    f"{p}.nomination",
                    f"đề nghị {answered.id} là của {answered.candidate}, không phải của người được khen / nomination {answered.id} is for {answered.candidate}, not the recipient",
                    w.nomination,
                )
        for i, n in self.at("nominations", case.nominations):
            p = f"$.nominations[{i}]"
            has_cand = self.ref(f"{p}.candidate", n.candidate, cands, "candidate")
            self.year(f"{p}.year", n.year)
            if n.track not in self.tracks:
                self.add(
                    f"{p}.track",
                    "không có diện khen thưởng này / no such track",
                    n.track,
                    self.tracks,
                )
            if n.form is not None:
                self.member(f"{p}.form", n.form, "forms")
            if len(set(n.achievements)) != len(n.achievements):
                self.add(
                    f"{p}.achievements",
                    "một thành tích được kê hai lần / an achievement is listed twice",
                )
            for j, a_id in enumerate(n.achievements):
                if (
                    self.ref(f"{p}.achievements[{j}]", a_id, achs, "achievement")
                    and has_cand
                    and n.candidate not in achs[a_id].holders
                ):
                    self.add(
                        f"{p}.achievements[{j}]",
                        f"thành tích {a_id} không thuộc {n.candidate} / achievement {a_id} is not held by {n.candidate}",
                        a_id,
                    )
        for i, r in self.at("unit_reports", case.unit_reports):
            self.year(f"$.unit_reports[{i}].year", r.year)
        self.decisions(case, achs)
        return self.problems

    def judged(self, p: str, s: Assessment, of: str | None, achs: dict[str, Any]) -> None:
        """A judgement of an achievement names it, and it is the subject's; a judgement of a
        year names none (III.2.3.a.2: an ad-hoc judgement is of one achievement)."""
        if of is None:
            if s.achievement is not None:
                self.add(
                    f"{p}.achievement",
                    f"đánh giá {s.kind} là đánh giá theo năm, không gắn với một thành tích / a {s.kind} judgement is of a year, not of an achievement",
                    s.achievement,
                )
            return
        if s.achievement is None:
            self.add(
                f"{p}.achievement",
                f"thiếu thành tích được đánh giá: đánh giá {s.kind} phải nêu thành tích mà nó đánh giá / missing: a {s.kind} judgement names the achievement it judges",
                None,
                {a.id for a in achs.values() if s.subject in a.holders} or None,
            )
        elif self.ref(f"{p}.achievement", s.achievement, achs, "achievement"):
            holders = achs[s.achievement].holders
            if s.subject not in holders:
                self.add(
                    f"{p}.achievement",
                    f"thành tích {s.achievement} không phải của {s.subject} / {s.achievement} is not an achievement of {s.subject}",
                    s.achievement,
                    set(holders),
                )

    def decisions(self, case: Case, achs: dict[str, Any]) -> None:
        """The Council's decisions: each names a nomination, and either an achievement that
        nomination claims or (without one) a place in its round, annual or period-end; one decision
        per question."""
        noms = {n.id: n for n in case.nominations}
        self.ids(case.council_decisions, "council_decisions")
        settled: dict[tuple[str, ...], int] = {}
        for i, d in self.at("council_decisions", case.council_decisions):
            p = f"$.council_decisions[{i}]"
            self.member(f"{p}.by", d.by, "bodies")
            if not self.ref(f"{p}.nomination", d.nomination, noms, "nomination"):
                continue
            n = noms[d.nomination]
            if d.achievement is not None:
                if not self.ref(f"{p}.achievement", d.achievement, achs, "achievement"):
                    continue
                if d.achievement not in n.achievements:
                    self.add(
                        f"{p}.achievement",
                        f"đề nghị {n.id} không nêu thành tích {d.achievement} / nomination {n.id} does not claim {d.achievement}",
                        d.achievement,
                        set(n.achievements) or None,
                    )
                    continue
                question: tuple[str, ...] = ("achievement", d.achievement)
            else:
                track = next((t for t in self.rs.tracks if t.id == n.track), None)
                if track is not None and track.round not in PLACED_ROUNDS:
                    self.add(
                        f"{p}.achievement",
                        f"thiếu thành tích: đề nghị {n.id} không thuộc đợt xét hằng năm hay tổng kết, nên quyết định phải nêu thành tích được tính / missing: {n.id} is neither an annual nor a period-end nomination, so the decision must name the achievement it counts for",
                    )
                    continue
                question = ("place", n.candidate, str(n.year), n.id)
            if question in settled:
                first = settled[question]
                self.add(
                    p,
                    f"trùng với quyết định $.council_decisions[{first}] / the same question as $.council_decisions[{first}]",
                )
            else:
                settled[question] = i
