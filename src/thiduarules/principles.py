"""Principles across nominations: one achievement one reward, one annual award a year, reports.

These decide nothing a single nomination could decide alone. Each is applied after every
nomination has its own verdict, and each decision it takes is written into the verdicts it
touches, with its clause, so the explanation stays whole.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import attrs

from thiduarules._evaluate import Evaluator, Withdrawal, fmt_date
from thiduarules.case._model import Nomination
from thiduarules.errors import ParameterUnsetError
from thiduarules.verdict import (
    FALSE,
    TRUE,
    UNKNOWN,
    CaseResult,
    Conflict,
    Need,
    Node,
    Note,
    Stamp,
    Verdict,
)

CONFLICT_RULES = ("hoi-dong-quyet-dinh", "uu-tien-nop-truoc")


def _order(n: Nomination) -> tuple[dt.date, str]:
    return (n.filed or dt.date.max, n.id)


def grounds(verdict: Verdict, achievement: str) -> bool:
    """Whether `achievement` counts (true or unknown) toward `verdict` in its explanation."""
    return any(
        n.kind == "achievement" and n.ref == achievement and n.result != FALSE
        for n in verdict.explanation.walk()
    )


def apply_principles(
    ev: Evaluator, nominations: tuple[Nomination, ...], stamp: Stamp
) -> CaseResult:
    """Every verdict of the case, with the cross-case principles applied and explained."""
    rs = ev.rs
    by_id = {n.id: n for n in nominations}
    verdicts = {n.id: ev.nomination(n) for n in nominations}
    extra: dict[str, list[Node]] = defaultdict(list)
    warnings: dict[str, list[Note]] = defaultdict(list)
    duplicates: list[Note] = []

    # One annual award per candidate per year (choice 6): later dossiers are reported, not counted.
    # Only nominations that may still be rewarded take a place; while an earlier one is
    # undetermined, or a filing date is missing, the later ones are undetermined too — so adding
    # a fact can settle the question but never reverse a settled answer.
    limit_rule = rs.principle_by_rule("annual-limit")
    dropped: set[str] = set()
    if limit_rule is not None and limit_rule.limit is not None:
        limit = int(ev.params.arg(limit_rule.limit))  # type: ignore[arg-type]
        groups: dict[tuple[str, int], list[Nomination]] = defaultdict(list)
        for n in nominations:
            if rs.track(n.track).round == "annual" and verdicts[n.id].outcome != "ineligible":
                groups[(n.candidate, n.year)].append(n)
        for (cand, year), group in sorted(groups.items()):
            if len(group) <= limit:
                continue
            name = ev.candidates[cand].name
            group.sort(key=_order)
            undated = [g.id for g in group if g.filed is None]
            if undated:
                note = Note(
                    limit_rule.clauses,
                    f"{name} có {len(group)} đề nghị khen thưởng hằng năm {year}, tối đa {limit}; chưa biết hồ sơ nào nộp trước",
                    f"{name} has {len(group)} annual nominations for {year}, at most {limit}; which was filed first is not known",
                )
                needs = tuple(
                    Need(
                        f"nominations[{u}].filed",
                        "Cần ngày nộp hồ sơ",
                        "The date the dossier was filed",
                    )
                    for u in undated
                )
                for n in group:
                    extra[n.id].append(
                        Node(
                            "principle",
                            UNKNOWN,
                            limit_rule.text.vi,
                            limit_rule.text.en,
                            limit_rule.clauses,
                            ref=limit_rule.id,
                            needs=needs,
                            missing=note,
                        )
                    )
                duplicates.append(note)
                continue
            sure: list[str] = []
            maybe: list[str] = []
            for n in group:
                if len(sure) >= limit:
                    result, verb_vi, verb_en = FALSE, "không tính thêm", "not counted"
                elif len(sure) + len(maybe) >= limit:
                    result, verb_vi, verb_en = (
                        UNKNOWN,
                        "chỉ được tính nếu đề nghị trước không đủ điều kiện",
                        "counted only if an earlier one is not eligible",
                    )
                else:
                    (sure if verdicts[n.id].outcome == "eligible" else maybe).append(n.id)
                    continue
                dropped.add(n.id)
                earlier = sure + maybe
                vi = f"{name} đã có đề nghị {', '.join(earlier)} cho khen thưởng hằng năm {year}; mỗi năm tối đa {limit} Giấy khen — hồ sơ {n.id} {verb_vi}"
                en = f"{name} already has nomination {', '.join(earlier)} for the {year} annual round; at most {limit} a year — {n.id} is {verb_en}"
                note = Note(limit_rule.clauses, vi, en)
                duplicates.append(note)
                needs = (
                    tuple(
                        Need(
                            f"nominations[{m}]",
                            f"Cần kết luận đề nghị {m} trước",
                            f"Nomination {m} must be settled first",
                        )
                        for m in maybe
                    )
                    if result == UNKNOWN
                    else ()
                )
                extra[n.id].append(
                    Node(
                        "principle",
                        result,
                        limit_rule.text.vi,
                        limit_rule.text.en,
                        limit_rule.clauses,
                        ref=limit_rule.id,
                        needs=needs,
                        missing=note,
                    )
                )

    # One achievement, one reward: claims on one achievement by several live nominations.
    withdrawn: dict[str, dict[str, Withdrawal]] = defaultdict(dict)
    conflicts: list[Conflict] = []
    rule = rs.principle_by_rule("one-achievement-one-reward")
    nom_of_key = {
        key: ident.partition(":")[2] for ident, key in ev.keys.items() if ident.startswith("n:")
    }
    ach_of_key = {
        key: ident.partition(":")[2] for ident, key in ev.keys.items() if ident.startswith("a:")
    }
    claimants: dict[str, set[str]] = defaultdict(set)
    for n1, n2, a in ev.m.shared:
        for nk in (n1, n2):
            nid = nom_of_key[nk]
            if nid in by_id and nid not in dropped:
                claimants[ach_of_key[a]].add(nid)
    if rule is not None:
        mode = "hoi-dong-quyet-dinh"
        if rule.conflict is not None:
            try:
                mode = str(ev.params.get(rule.conflict.param))
            except ParameterUnsetError:
                mode = "hoi-dong-quyet-dinh"
        for ach_id in sorted(claimants):
            live = sorted(
                (
                    nid
                    for nid in claimants[ach_id]
                    if verdicts[nid].outcome != "ineligible" and grounds(verdicts[nid], ach_id)
                ),
                key=lambda i: _order(by_id[i]),
            )
            if len(live) < 2:
                continue
            title = ev.achievements[ach_id].title
            # The earlier dossier can keep it only when every filing date is known.
            dated = all(by_id[i].filed is not None for i in live)
            kept_by = live[0] if mode == "uu-tien-nop-truoc" and dated else None
            for nid in live:
                others = [o for o in live if o != nid]
                if kept_by == nid:
                    continue
                if kept_by is not None:
                    note = Note(
                        rule.clauses,
                        f"thành tích đã được dùng cho đề nghị {kept_by} (nộp trước) — không khen thưởng hai lần cho một thành tích",
                        f"the achievement grounds nomination {kept_by} (filed earlier) — one achievement, one reward",
                    )
                    withdrawn[nid][ach_id] = Withdrawal(FALSE, note)
                else:
                    note = Note(
                        rule.clauses,
                        f"cùng được đề nghị ở {', '.join(others)} — chờ Hội đồng Thi đua - Khen thưởng xã quyết định",
                        f"also claimed by {', '.join(others)} — for the Council to decide",
                    )
                    if mode == "uu-tien-nop-truoc":
                        need = Need(
                            f"nominations[{', '.join(i for i in live if by_id[i].filed is None)}].filed",
                            f"Cần ngày nộp hồ sơ để biết đề nghị nào nộp trước được tính thành tích “{title}”",
                            f"The filing dates, to know which nomination filed first keeps “{title}”",
                        )
                    else:
                        need = Need(
                            f"conflicts[{ach_id}]",
                            f"Hội đồng TĐKT xã quyết định đề nghị nào được tính thành tích “{title}” ({', '.join(live)})",
                            f"The Council decides which nomination the achievement “{title}” counts for ({', '.join(live)})",
                        )
                    withdrawn[nid][ach_id] = Withdrawal(UNKNOWN, note, (need,))
                warnings[nid].append(
                    Note(
                        rule.clauses,
                        f"Thành tích “{title}” ({ach_id}) trùng với đề nghị {', '.join(others)}",
                        f"Achievement “{title}” ({ach_id}) is also claimed by {', '.join(others)}",
                    )
                )
            how_vi = f"đề nghị {kept_by} nộp trước được tính" if kept_by else "Hội đồng quyết định"
            how_en = f"{kept_by}, filed first, keeps it" if kept_by else "the Council decides"
            conflicts.append(
                Conflict(
                    ach_id,
                    tuple(sorted(live)),
                    mode,
                    kept_by,
                    Note(
                        rule.clauses,
                        f"Thành tích “{title}” ({ach_id}) được đề nghị ở {', '.join(sorted(live))}: {how_vi}",
                        f"Achievement “{title}” ({ach_id}) is claimed by {', '.join(sorted(live))}: {how_en}",
                    ),
                )
            )

    touched = set(withdrawn) | set(extra)
    for nid in sorted(touched):
        verdicts[nid] = ev.nomination(by_id[nid], withdrawn.get(nid), tuple(extra.get(nid, ())))
    partners: dict[str, set[str]] = defaultdict(set)
    for c in conflicts:
        for nid in c.nominations:
            partners[nid].update(o for o in c.nominations if o != nid)
    final = []
    for nid in sorted(verdicts):
        v = verdicts[nid]
        if nid in warnings or nid in partners:
            v = attrs.evolve(
                v,
                warnings=v.warnings + tuple(warnings.get(nid, ())),
                conflicts_with=tuple(sorted(partners.get(nid, ()))),
            )
        final.append(v)
    return CaseResult(stamp, tuple(final), tuple(conflicts), tuple(duplicates), late_reports(ev))


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


__all__ = ["CONFLICT_RULES", "TRUE", "apply_principles", "grounds", "late_reports"]
