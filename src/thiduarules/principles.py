"""Principles across nominations: one achievement one reward, one annual award a year, reports.

These decide nothing a single nomination could decide alone. Each is applied after every
nomination has its own verdict, and each decision it takes is written into the verdicts it
touches, with its clause, so the explanation stays whole.

The decisions are taken dossier by dossier in the order they were filed, each from what is
already known of the others: a dossier loses a place or an achievement only to one that is
settled as eligible, and is held (unknown) while the one ahead of it is undetermined, its
filing date is missing, or the Council has to choose. So learning a fact can settle a verdict
but never reverse a settled one. A nomination that turns out ineligible competes with no one;
since that is known only once its own verdict is, the round is worked through again until no
verdict changes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping

import attrs

from thiduarules._evaluate import Evaluator, Withdrawal, fmt_date
from thiduarules.case._model import CouncilDecision, Nomination
from thiduarules.errors import EngineError, ParameterUnsetError
from thiduarules.ruleset._model import Principle
from thiduarules.verdict import (
    FALSE,
    TRUE,
    UNKNOWN,
    CaseResult,
    Conflict,
    Need,
    Node,
    Note,
    Result,
    Stamp,
    Verdict,
)

CONFLICT_RULES = ("hoi-dong-quyet-dinh", "uu-tien-nop-truoc")
COUNCIL, FIRST_FILED = CONFLICT_RULES


def _order(n: Nomination) -> tuple[dt.date, str]:
    return (n.filed or dt.date.max, n.id)


def grounds(verdict: Verdict, achievement: str) -> bool:
    """Whether `achievement` counts (true or unknown) toward `verdict` in its explanation."""
    return any(
        n.kind == "achievement" and n.ref == achievement and n.result != FALSE
        for n in verdict.explanation.walk()
    )


def counts(verdict: Verdict, achievement: str) -> bool:
    """Whether `achievement` counts as met (true) toward `verdict` in its explanation."""
    return any(
        n.kind == "achievement" and n.ref == achievement and n.result == TRUE
        for n in verdict.explanation.walk()
    )


def _live(verdict: Verdict, achievement: str) -> bool:
    """Whether a nomination may still be rewarded with `achievement` among its grounds."""
    return verdict.outcome != "ineligible" and grounds(verdict, achievement)


def _ids(noms: Iterable[Nomination]) -> str:
    return ", ".join(n.id for n in noms)


@attrs.frozen
class _Decision:
    """What the principles decided for one nomination in one pass over the round."""

    extra: tuple[Node, ...] = ()
    withdrawn: Mapping[str, Withdrawal] = attrs.field(factory=dict)
    duplicates: tuple[Note, ...] = ()
    lost: frozenset[str] = frozenset()  # achievements taken by a dossier filed earlier


class _Round:
    """The nominations of one evaluation and the principles that relate them."""

    def __init__(self, ev: Evaluator, nominations: tuple[Nomination, ...]) -> None:
        rs = ev.rs
        self.ev = ev
        self.queue = sorted(nominations, key=_order)
        self.by_id = {n.id: n for n in nominations}
        self.alone = {n.id: ev.nomination(n) for n in nominations}
        self.cache: dict[object, Verdict] = {}

        self.limit_rule = rs.principle_by_rule("annual-limit")
        self.limit: int | None = None
        if self.limit_rule is not None and self.limit_rule.limit is not None:
            self.limit = int(ev.params.arg(self.limit_rule.limit))  # type: ignore[arg-type]
        self.groups: dict[tuple[str, int], list[Nomination]] = defaultdict(list)
        for n in self.queue:
            key = self.group(n)
            if key is not None:
                self.groups[key].append(n)

        self.rule: Principle | None = rs.principle_by_rule("one-achievement-one-reward")
        self.mode = COUNCIL
        if self.rule is not None and self.rule.conflict is not None:
            try:
                self.mode = str(ev.params.get(self.rule.conflict.param))
            except ParameterUnsetError:
                self.mode = COUNCIL
        # Who claims what, from the matcher's join of claims on one achievement.
        nom_of_key = {
            key: ident.partition(":")[2] for ident, key in ev.keys.items() if ident[:2] == "n:"
        }
        ach_of_key = {
            key: ident.partition(":")[2] for ident, key in ev.keys.items() if ident[:2] == "a:"
        }
        # What the Council settled: who keeps a shared achievement; who takes an annual place.
        self.kept_for: dict[str, CouncilDecision] = {}
        self.placed: dict[str, CouncilDecision] = {}
        for d in ev.case.council_decisions:
            if d.achievement is not None:
                self.kept_for[d.achievement] = d
            else:
                self.placed[d.nomination] = d
        self.claimants: dict[str, set[str]] = defaultdict(set)
        for n1, n2, a in ev.m.shared:
            for nk in (n1, n2):
                nid = nom_of_key[nk]
                if nid in self.by_id:
                    self.claimants[ach_of_key[a]].add(nid)

    # ---- relations ------------------------------------------------------------------------------

    def group(self, n: Nomination) -> tuple[str, int] | None:
        """The (candidate, year) whose annual awards the annual limit counts, if it applies."""
        if self.limit is None or self.ev.rs.track(n.track).round != "annual":
            return None
        return (n.candidate, n.year)

    def rivals(self, n: Nomination, m: Nomination) -> bool:
        """Whether `n` and `m` could both be rewarded, so that one achievement would ground two
        rewards: not two annual dossiers of one candidate and year under a limit of one."""
        key = self.group(n)
        return not (key is not None and key == self.group(m) and self.limit == 1)

    # ---- one pass ---------------------------------------------------------------------------------

    def run(self) -> tuple[dict[str, Verdict], dict[str, _Decision]]:
        """Passes over the round in filing order until no verdict changes."""
        known = dict(self.alone)
        for _ in range(len(self.queue) + 2):
            decisions: dict[str, _Decision] = {}
            before = dict(known)
            for n in self.queue:
                d = self.decide(n, known)
                decisions[n.id] = d
                known[n.id] = self.verdict(n, d)
            if known == before:
                return known, decisions
        raise EngineError(
            "các nguyên tắc giữa các đề nghị không hội tụ / the principles across nominations "
            f"did not settle after {len(self.queue) + 2} passes"
        )

    def verdict(self, n: Nomination, d: _Decision) -> Verdict:
        if not d.extra and not d.withdrawn:
            return self.alone[n.id]
        key = (n.id, d.extra, tuple(sorted(d.withdrawn.items())))
        try:
            hit = self.cache.get(key)
        except TypeError:  # a fact value that does not hash: evaluate without the cache
            return self.ev.nomination(n, dict(d.withdrawn), d.extra)
        if hit is None:
            hit = self.cache[key] = self.ev.nomination(n, dict(d.withdrawn), d.extra)
        return hit

    def decide(self, n: Nomination, known: Mapping[str, Verdict]) -> _Decision:
        if self.alone[n.id].outcome == "ineligible":
            return _Decision()  # ineligible on its own: it takes no place and holds nothing
        node, duplicate = self.slot(n, known)
        withdrawn, lost = self.withdrawals(n, known)
        return _Decision(
            (node,) if node is not None else (),
            withdrawn,
            (duplicate,) if duplicate is not None else (),
            frozenset(lost),
        )

    # ---- one annual award a year (choice 6) ----------------------------------------------------

    def slot(self, n: Nomination, known: Mapping[str, Verdict]) -> tuple[Node | None, Note | None]:
        """Whether `n` takes one of its candidate's annual places for the year."""
        key = self.group(n)
        rule, limit = self.limit_rule, self.limit
        if key is None or rule is None or limit is None:
            return None, None
        others = [
            m for m in self.groups[key] if m.id != n.id and known[m.id].outcome != "ineligible"
        ]
        if len(others) < limit:
            return None, None
        name = self.ev.candidates[n.candidate].name
        year = n.year
        if n.filed is None or any(m.filed is None for m in others):
            undated = [m for m in (n, *others) if m.filed is None]
            vi = f"{name} có {len(others) + 1} đề nghị khen thưởng hằng năm {year}, tối đa {limit}; chưa biết hồ sơ nào nộp trước"
            en = f"{name} has {len(others) + 1} annual nominations for {year}, at most {limit}; which was filed first is not known"
            wanted = tuple(
                Need(
                    f"nominations[{u.id}].filed",
                    "Cần ngày nộp hồ sơ",
                    "The date the dossier was filed",
                )
                for u in undated
            )
            return self._slot_node(rule, UNKNOWN, vi, en, wanted), Note(rule.clauses, vi, en)
        assert n.filed is not None
        filed = n.filed
        earlier = [m for m in others if m.filed is not None and m.filed < filed]
        same_day = [m for m in others if m.filed == filed]
        # Among dossiers of one day, those the Council chose come first.
        if n.id not in self.placed:
            earlier += [m for m in same_day if m.id in self.placed]
        same_day = [m for m in same_day if (m.id in self.placed) == (n.id in self.placed)]
        sure = [m for m in earlier if known[m.id].outcome == "eligible"]
        maybe = [m for m in earlier if known[m.id].outcome == "undetermined"]
        if len(sure) >= limit:
            vi = f"{name} đã có đề nghị {_ids(sure)} đủ điều kiện, nộp trước, cho khen thưởng hằng năm {year}; mỗi năm tối đa {limit} Giấy khen — hồ sơ {n.id} không tính thêm"
            en = f"{name} already has nomination {_ids(sure)}, eligible and filed earlier, for the {year} annual round; at most {limit} a year — {n.id} is not counted"
            return self._slot_node(rule, FALSE, vi, en, ()), Note(rule.clauses, vi, en)
        if len(sure) + len(maybe) + len(same_day) < limit:
            return None, None
        needs: list[Need] = [
            Need(
                f"nominations[{m.id}]",
                f"Cần kết luận đề nghị {m.id} trước",
                f"Nomination {m.id} must be settled first",
            )
            for m in maybe
        ]
        parts_vi, parts_en = [], []
        if maybe or sure:
            parts_vi.append(f"đã có đề nghị {_ids(sure + maybe)} nộp trước")
            parts_en.append(f"already has nomination {_ids(sure + maybe)}, filed earlier")
        if same_day:
            parts_vi.append(f"đề nghị {_ids(same_day)} nộp cùng ngày {fmt_date(filed)}")
            parts_en.append(f"nomination {_ids(same_day)} filed the same day, {filed.isoformat()}")
            needs.append(
                Need(
                    f"council_decisions[candidate={n.candidate}, year={year}]",
                    f"Hội đồng TĐKT xã chọn hồ sơ được tính trong các hồ sơ nộp cùng ngày ({_ids([n, *same_day])}); ghi quyết định vào council_decisions",
                    f"The Council chooses which of the dossiers filed the same day counts ({_ids([n, *same_day])}); record it in council_decisions",
                )
            )
        vi = f"{name} {' và '.join(parts_vi)} cho khen thưởng hằng năm {year}; mỗi năm tối đa {limit} Giấy khen — hồ sơ {n.id} chỉ được tính nếu đề nghị kia không đủ điều kiện"
        en = f"{name} {' and '.join(parts_en)} for the {year} annual round; at most {limit} a year — {n.id} is counted only if the other one is not eligible"
        return self._slot_node(rule, UNKNOWN, vi, en, tuple(needs)), Note(rule.clauses, vi, en)

    @staticmethod
    def _slot_node(
        rule: Principle, result: Result, vi: str, en: str, needs: tuple[Need, ...]
    ) -> Node:
        return Node(
            "principle",
            result,
            rule.text.vi,
            rule.text.en,
            rule.clauses,
            ref=rule.id,
            needs=needs,
            missing=Note(rule.clauses, vi, en),
        )

    # ---- one achievement, one reward (III.1.2.2) -----------------------------------------------

    def withdrawals(
        self, n: Nomination, known: Mapping[str, Verdict]
    ) -> tuple[dict[str, Withdrawal], set[str]]:
        """The claimed achievements `n` loses (false) or holds pending a decision (unknown)."""
        rule = self.rule
        out: dict[str, Withdrawal] = {}
        lost: set[str] = set()
        if rule is None:
            return out, lost
        for a in n.achievements:
            if len(self.claimants.get(a, ())) < 2 or not grounds(self.alone[n.id], a):
                continue
            decided = self.kept_for.get(a)
            if self.mode != FIRST_FILED and decided is not None:
                # The Council's word holds whatever becomes of the others: learning a fact about
                # them can then never give the achievement back.
                if decided.nomination != n.id:
                    out[a] = self._decided(rule, decided)
                    lost.add(a)
                continue
            rivals = [
                self.by_id[m]
                for m in sorted(self.claimants[a])
                if m != n.id and self.rivals(n, self.by_id[m]) and _live(known[m], a)
            ]
            title = self.ev.achievements[a].title
            if self.mode != FIRST_FILED:
                if rivals:
                    out[a] = self._council(rule, a, title, n, rivals)
                continue
            if not rivals and (decided is None or n.filed is None):
                continue
            if n.filed is None or any(m.filed is None for m in rivals):
                undated = [m for m in (n, *rivals) if m.filed is None]
                out[a] = Withdrawal(
                    UNKNOWN,
                    Note(
                        rule.clauses,
                        f"cùng được đề nghị ở {_ids(rivals)}; chưa biết hồ sơ nào nộp trước",
                        f"also claimed by {_ids(rivals)}; which was filed first is not known",
                    ),
                    (
                        Need(
                            f"nominations[{_ids(undated)}].filed",
                            f"Cần ngày nộp hồ sơ để biết đề nghị nào nộp trước được tính thành tích “{title}”",
                            f"The filing dates, to know which nomination filed first keeps “{title}”",
                        ),
                    ),
                )
                continue
            filed = n.filed
            earlier = [m for m in rivals if m.filed is not None and m.filed < filed]
            same_day = [m for m in rivals if m.filed == filed]
            keepers = [
                m for m in earlier if known[m.id].outcome == "eligible" and counts(known[m.id], a)
            ]
            if keepers:
                k = keepers[0]
                out[a] = Withdrawal(
                    FALSE,
                    Note(
                        rule.clauses,
                        f"thành tích đã được dùng cho đề nghị {k.id} (nộp trước) — không khen thưởng hai lần cho một thành tích",
                        f"the achievement grounds nomination {k.id} (filed earlier) — one achievement, one reward",
                    ),
                )
                lost.add(a)
            elif earlier:
                out[a] = Withdrawal(
                    UNKNOWN,
                    Note(
                        rule.clauses,
                        f"cùng được đề nghị ở {_ids(earlier)} (nộp trước, chưa kết luận) — chỉ được tính nếu đề nghị đó không đủ điều kiện",
                        f"also claimed by {_ids(earlier)} (filed earlier, not yet settled) — counts only if that one is not eligible",
                    ),
                    tuple(
                        Need(
                            f"nominations[{m.id}]",
                            f"Cần kết luận đề nghị {m.id} trước",
                            f"Nomination {m.id} must be settled first",
                        )
                        for m in earlier
                    ),
                )
            elif decided is not None and self._same_day(a, decided, filed):
                if decided.nomination != n.id:
                    out[a] = self._decided(rule, decided)
                    lost.add(a)
            elif same_day:
                out[a] = self._council(rule, a, title, n, same_day, same_day=True)
        return out, lost

    def _same_day(self, a: str, decided: CouncilDecision, filed: dt.date) -> bool:
        """Whether the Council's choice for `a` is among its claimants filed on `filed`: under
        "the dossier filed first keeps it", the Council settles only dossiers of one day."""
        chosen = self.by_id.get(decided.nomination)
        return chosen is not None and a in chosen.achievements and chosen.filed == filed

    @staticmethod
    def _decided(rule: Principle, d: CouncilDecision) -> Withdrawal:
        record = f", {d.record}" if d.record else ""
        return Withdrawal(
            FALSE,
            Note(
                rule.clauses,
                f"Hội đồng TĐKT xã đã quyết định tính thành tích cho đề nghị {d.nomination} ({d.id}{record}, ngày {fmt_date(d.date)}) — không khen thưởng hai lần cho một thành tích",
                f"the Council decided the achievement counts for nomination {d.nomination} ({d.id}{record}, {d.date.isoformat()}) — one achievement, one reward",
            ),
        )

    @staticmethod
    def _council(
        rule: Principle,
        a: str,
        title: str,
        n: Nomination,
        rivals: list[Nomination],
        *,
        same_day: bool = False,
    ) -> Withdrawal:
        when_vi = ", nộp cùng ngày" if same_day else ""
        when_en = ", filed the same day" if same_day else ""
        return Withdrawal(
            UNKNOWN,
            Note(
                rule.clauses,
                f"cùng được đề nghị ở {_ids(rivals)}{when_vi} — chờ Hội đồng Thi đua - Khen thưởng xã quyết định",
                f"also claimed by {_ids(rivals)}{when_en} — for the Council to decide",
            ),
            (
                Need(
                    f"council_decisions[achievement={a}]",
                    f"Hội đồng TĐKT xã quyết định đề nghị nào được tính thành tích “{title}” ({_ids([n, *rivals])}); ghi quyết định vào council_decisions",
                    f"The Council decides which nomination the achievement “{title}” counts for ({_ids([n, *rivals])}); record it in council_decisions",
                ),
            ),
        )

    # ---- what the Council is shown -------------------------------------------------------------

    def unread_decisions(self, decisions: Mapping[str, _Decision]) -> dict[str, list[Note]]:
        """Under "the dossier filed first keeps it", a Council decision that the rule overrides
        (the dossier it chose was not filed first, or its date is missing): a warning on the
        nomination it chose, so that the decision is not silently passed over."""
        rule = self.rule
        out: dict[str, list[Note]] = defaultdict(list)
        if rule is None or self.mode != FIRST_FILED:
            return out
        for a, d in sorted(self.kept_for.items()):
            chosen = decisions.get(d.nomination)
            if chosen is None or a not in chosen.withdrawn:
                continue
            out[d.nomination].append(
                Note(
                    rule.clauses,
                    f"Quyết định {d.id} của Hội đồng TĐKT xã (tính thành tích {a} cho {d.nomination}) không được áp dụng: theo bộ quy tắc, hồ sơ nộp trước được tính; Hội đồng chỉ quyết định giữa các hồ sơ nộp cùng ngày",
                    f"Council decision {d.id} ({a} counts for {d.nomination}) is not applied: under this ruleset the dossier filed first keeps it; the Council decides only between dossiers filed the same day",
                )
            )
        return out

    def conflicts(
        self, final: Mapping[str, Verdict], decisions: Mapping[str, _Decision]
    ) -> list[Conflict]:
        """Each achievement that two nominations which could both be rewarded claim: those that
        may still be rewarded with it, and those that lost it to a dossier filed earlier."""
        rule = self.rule
        out: list[Conflict] = []
        if rule is None:
            return out
        for a in sorted(self.claimants):
            party = [
                self.by_id[m]
                for m in sorted(self.claimants[a], key=lambda i: _order(self.by_id[i]))
                if _live(final[m], a) or a in decisions[m].lost
            ]
            if not any(self.rivals(x, y) for x in party for y in party if x is not y):
                continue
            kept_by = None
            decided = self.kept_for.get(a)
            applied = decided is not None and any(
                decisions[m.id].withdrawn.get(a) == self._decided(rule, decided) for m in party
            )
            if self.mode == FIRST_FILED or applied:
                keepers = [m.id for m in party if counts(final[m.id], a)]
                kept_by = keepers[0] if len(keepers) == 1 else None
            names = ", ".join(sorted(m.id for m in party))
            title = self.ev.achievements[a].title
            if applied and decided is not None:
                record = f", {decided.record}" if decided.record else ""
                how_vi = f"Hội đồng TĐKT xã đã quyết định tính cho đề nghị {decided.nomination} ({decided.id}{record}, ngày {fmt_date(decided.date)})"
                how_en = f"the Council decided it counts for {decided.nomination} ({decided.id}{record}, {decided.date.isoformat()})"
            elif kept_by is not None and final[kept_by].outcome == "eligible":
                how_vi = f"đề nghị {kept_by} nộp trước được tính"
                how_en = f"{kept_by}, filed first, keeps it"
            elif kept_by is not None:
                how_vi = f"đề nghị {kept_by} nộp trước được tính nếu đủ điều kiện, nếu không thì xét đến đề nghị nộp sau"
                how_en = (
                    f"{kept_by}, filed first, keeps it if eligible; otherwise the next one filed"
                )
            elif self.mode == FIRST_FILED:
                how_vi = "chưa xác định được đề nghị nào nộp trước — Hội đồng quyết định nếu nộp cùng ngày"
                how_en = "which was filed first is not settled — the Council decides between dossiers of one day"
            else:
                how_vi, how_en = "Hội đồng quyết định", "the Council decides"
            out.append(
                Conflict(
                    a,
                    tuple(sorted(m.id for m in party)),
                    self.mode,
                    kept_by,
                    Note(
                        rule.clauses,
                        f"Thành tích “{title}” ({a}) được đề nghị ở {names}: {how_vi}",
                        f"Achievement “{title}” ({a}) is claimed by {names}: {how_en}",
                    ),
                )
            )
        return out


def apply_principles(
    ev: Evaluator, nominations: tuple[Nomination, ...], stamp: Stamp
) -> CaseResult:
    """Every verdict of the case, with the cross-case principles applied and explained."""
    return settle(ev, nominations, stamp)[0]


def settle(
    ev: Evaluator, nominations: tuple[Nomination, ...], stamp: Stamp
) -> tuple[CaseResult, dict[str, Mapping[str, Withdrawal]]]:
    """`apply_principles`, with the achievements taken from or held for each nomination."""
    rnd = _Round(ev, nominations)
    final, decisions = rnd.run()
    conflicts = rnd.conflicts(final, decisions)
    partners: dict[str, set[str]] = defaultdict(set)
    warnings: dict[str, list[Note]] = defaultdict(list)
    for c in conflicts:
        title = ev.achievements[c.achievement].title
        for nid in c.nominations:
            others = [o for o in c.nominations if o != nid]
            partners[nid].update(others)
            warnings[nid].append(
                Note(
                    c.note.clauses,
                    f"Thành tích “{title}” ({c.achievement}) trùng với đề nghị {', '.join(others)}",
                    f"Achievement “{title}” ({c.achievement}) is also claimed by {', '.join(others)}",
                )
            )
    for nid, notes in rnd.unread_decisions(decisions).items():
        warnings[nid].extend(notes)
    verdicts = []
    for nid in sorted(final):
        v = final[nid]
        if nid in partners or nid in warnings:
            v = attrs.evolve(
                v,
                warnings=v.warnings + tuple(warnings.get(nid, ())),
                conflicts_with=tuple(sorted(partners.get(nid, ()))),
            )
        verdicts.append(v)
    duplicates = tuple(note for n in rnd.queue for note in decisions[n.id].duplicates)
    result = CaseResult(stamp, tuple(verdicts), tuple(conflicts), duplicates, late_reports(ev))
    return result, {nid: d.withdrawn for nid, d in decisions.items() if d.withdrawn}


def late_reports(ev: Evaluator) -> tuple[Note, ...]:
    """Units whose yearly report (plan IV.2) came on or after the deadline, or not at all."""
    rule = ev.rs.principle_by_rule("report-deadline")
    if rule is None or rule.deadline is None:
        return ()
    try:
        month, day = (int(x) for x in str(ev.params.get(rule.deadline.param)).split("-"))
    except ParameterUnsetError:
        return ()
    out = []
    for r in ev.case.unit_reports:
        deadline = dt.date(r.year, month, day)
        if r.reported is None:
            out.append(
                Note(
                    rule.clauses,
                    f"{r.unit}: chưa báo cáo kết quả năm {r.year} (hạn trước {fmt_date(deadline)})",
                    f"{r.unit}: no {r.year} report (due before {deadline.isoformat()})",
                )
            )
        elif r.reported >= deadline:
            out.append(
                Note(
                    rule.clauses,
                    f"{r.unit}: báo cáo năm {r.year} ngày {fmt_date(r.reported)}, sau hạn (trước {fmt_date(deadline)})",
                    f"{r.unit}: {r.year} report on {r.reported.isoformat()}, late (due before {deadline.isoformat()})",
                )
            )
    return tuple(out)


__all__ = ["CONFLICT_RULES", "apply_principles", "counts", "grounds", "late_reports", "settle"]
