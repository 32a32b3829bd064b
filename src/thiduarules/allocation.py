"""The recommendation list (plan III.2.1.b.2–3, III.1.2.3): eligible nominations ranked by the
ruleset's priority levels, costed with the amounts in force on the decision date, and cut where
the commune's reward budget runs out.

The list is a prefix of the ranking: it stops at the first nomination the remaining budget
cannot pay. So raising the budget only ever adds to the list, removing a nomination never
reorders the others, and the total never exceeds the budget. A nomination whose amount has no
confirmed figure is never costed by guesswork: it is listed apart, with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

import attrs

from thiduarules._evaluate import Evaluator, Withdrawal, fmt_date
from thiduarules._params import Params
from thiduarules.errors import ParameterUnsetError
from thiduarules.verdict import TRUE, CaseResult, Note, Stamp, Verdict

STEP = Decimal(10_000)


@attrs.frozen
class Amount:
    """The amount of one kind of award on the decision date, or why it is not known."""

    kind: str
    amount: int | None
    basis: Note


@attrs.frozen
class Item:
    """One eligible nomination in the ranking."""

    rank: int
    nomination: str
    candidate: str
    candidate_name: str
    kind: str
    priority: tuple[str, ...]
    amount: int | None
    note: Note | None = None


@attrs.frozen
class Recommendation:
    """The list the Council proposes to the Chairman, and every eligible nomination left off."""

    stamp: Stamp
    budget: int
    decision_date: str
    total: int
    amounts: tuple[Amount, ...]
    listed: tuple[Item, ...]
    left_off: tuple[Item, ...]
    not_costed: tuple[Item, ...]
    proposals: tuple[str, ...]


def round_vnd(value: Decimal, mode: str) -> int:
    """Round to tens of thousands of đồng: up (`len-chuc-nghin`) or to the nearest."""
    how = ROUND_CEILING if mode == "len-chuc-nghin" else ROUND_HALF_UP
    return int((value / STEP).quantize(Decimal(1), rounding=how) * STEP)


def amounts(ev: Evaluator, on: dt.date) -> dict[str, Amount]:
    """Award amounts by candidate kind, with the parameters in force on `on`."""
    al = ev.rs.allocation
    assert al is not None
    params = Params(ev.rs, on)
    out: dict[str, Amount] = {}
    clauses = al.clauses[:1]
    try:
        base = Decimal(int(params.get(al.base_salary.param)))  # type: ignore[arg-type]
        coef = Decimal(params.get(al.amount_individual.param))  # type: ignore[arg-type]
        mode = str(params.get(al.rounding.param))
    except ParameterUnsetError as exc:
        note = Note(
            clauses,
            f"Chưa có mức tiền: tham số {exc.name} chưa có giá trị ({exc.reason or 'chưa xác nhận'})",
            f"No amount: parameter {exc.name} has no value ({exc.reason or 'not confirmed'})",
        )
        return {k: Amount(k, None, note) for k in ("ca-nhan", "tap-the")}
    individual = round_vnd(coef * base, mode)
    out["ca-nhan"] = Amount(
        "ca-nhan",
        individual,
        Note(
            clauses,
            f"{coef} × lương cơ sở {int(base):,} đ, làm tròn ({mode}) = {individual:,} đ",
            f"{coef} × base salary {int(base):,} VND, rounded ({mode}) = {individual:,} VND",
        ),
    )
    try:
        mult = Decimal(params.get(al.amount_collective.param))  # type: ignore[arg-type]
    except ParameterUnsetError as exc:
        out["tap-the"] = Amount(
            "tap-the",
            None,
            Note(
                clauses,
                f"Chưa có mức tiền cho tập thể ngày {fmt_date(on)}: {exc.reason or 'chưa xác nhận'}",
                f"No confirmed amount for collectives on {on.isoformat()}: {exc.reason or 'not confirmed'}",
            ),
        )
    else:
        collective = round_vnd(mult * coef * base, mode)
        out["tap-the"] = Amount(
            "tap-the",
            collective,
            Note(
                clauses,
                f"{mult} × mức cá nhân ({coef} × {int(base):,} đ), làm tròn = {collective:,} đ",
                f"{mult} × the individual amount ({coef} × {int(base):,} VND), rounded = {collective:,} VND",
            ),
        )
    return out


def allocate(
    ev: Evaluator,
    result: CaseResult,
    budget: int,
    decision_date: dt.date | None = None,
    withdrawn: Mapping[str, Mapping[str, Withdrawal]] | None = None,
) -> Recommendation:
    """Rank the eligible nominations of `result` and cut the list at `budget` (VND).

    `withdrawn` holds, per nomination, the claimed achievements the principles took from it or
    hold: a priority level reads the achievements as the verdict counts them.
    """
    if budget < 0:
        raise ValueError("budget must not be negative")
    al = ev.rs.allocation
    if al is None:
        raise ValueError(f"ruleset {ev.rs.meta.id} has no [allocation] table")
    on = decision_date or dt.date.fromisoformat(result.stamp.as_of)
    costs = amounts(ev, on)
    by_id = {n.id: n for n in ev.case.nominations}
    eligible: list[tuple[tuple[tuple[int, ...], dt.date, str], Verdict, tuple[str, ...]]] = []
    proposals = []
    for v in result.verdicts:
        if v.outcome != "eligible":
            continue
        if v.proposal:
            # Decided and paid by the higher authority (Luật TĐKT, khoản 4 Điều 11).
            proposals.append(v.nomination)
            continue
        nom = by_id[v.nomination]
        met: list[str] = []
        levels: list[int] = []
        for i, level in enumerate(al.priority):
            node = ev.judge(level.when, nom, (withdrawn or {}).get(nom.id, {}), level.clauses)
            levels.append(0 if node.result == TRUE else 1)
            if node.result == TRUE:
                met.append(f"{i + 1}. {level.text.vi}")
        # Tie-break, documented in docs/principles.md: the earlier dossier first, then the id.
        eligible.append(((tuple(levels), nom.filed or dt.date.max, nom.id), v, tuple(met)))
    eligible.sort(key=lambda e: e[0])
    listed: list[Item] = []
    left_off: list[Item] = []
    not_costed: list[Item] = []
    total = 0
    cut = False
    rank = 0
    for _, v, reached in eligible:
        cand = ev.candidates[v.candidate]
        amount = costs[cand.kind]
        if amount.amount is None:
            not_costed.append(
                Item(0, v.nomination, cand.id, cand.name, cand.kind, reached, None, amount.basis)
            )
            continue
        rank += 1
        item = Item(
            rank, v.nomination, cand.id, cand.name, cand.kind, reached, amount.amount, amount.basis
        )
        if not cut and total + amount.amount <= budget:
            listed.append(item)
            total += amount.amount
            continue
        cut = True
        left_off.append(item)
    fits = len(listed)
    left_off = [
        attrs.evolve(
            i,
            note=Note(
                al.clauses[:1],
                f"vượt kinh phí: hạng {i.rank}, kinh phí đủ cho {fits} (còn {budget - total:,} đ, cần {left_off[0].amount:,} đ cho hạng {fits + 1})",
                f"over budget: rank {i.rank}, the budget covers {fits} ({budget - total:,} VND left, rank {fits + 1} needs {left_off[0].amount:,} VND)",
            ),
        )
        for i in left_off
    ]
    return Recommendation(
        result.stamp,
        budget,
        on.isoformat(),
        total,
        tuple(costs[k] for k in sorted(costs)),
        tuple(listed),
        tuple(left_off),
        tuple(not_costed),
        tuple(sorted(proposals)),
    )


def recommendation_text(r: Recommendation, lang: str = "vi") -> str:
    """The recommendation list as text for the Council."""
    vi = lang == "vi"
    out = [
        "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG (III.2.1.b.2, III.2.1.b.3)"
        if vi
        else "RECOMMENDATION LIST (III.2.1.b.2, III.2.1.b.3)",
        (
            f"Kinh phí: {r.budget:,} đ · Ngày quyết định: {r.decision_date} · Tổng: {r.total:,} đ"
            if vi
            else f"Budget: {r.budget:,} VND · Decision date: {r.decision_date} · Total: {r.total:,} VND"
        ),
        "",
    ]
    for a in r.amounts:
        out.append(f"  {a.kind}: {(a.basis.vi if vi else a.basis.en)}")
    out.append("")
    for i in r.listed:
        pri = "; ".join(i.priority) or ("không thuộc diện ưu tiên" if vi else "no priority")
        out.append(f"{i.rank:>3}. {i.nomination} — {i.candidate_name} — {i.amount:,} đ — {pri}")
    for title, items in (
        ("Ngoài danh sách" if vi else "Left off", r.left_off),
        ("Chưa tính được mức tiền" if vi else "Not costed", r.not_costed),
    ):
        if items:
            out.append("")
            out.append(title + ":")
            out.extend(
                f"  - {i.nomination} — {i.candidate_name}: {(i.note.vi if vi else i.note.en) if i.note else ''}"
                for i in items
            )
    if r.proposals:
        out.append("")
        out.append(
            (
                "Đề xuất cấp có thẩm quyền (không chi từ quỹ xã): "
                if vi
                else "Proposed to the competent authority (not paid by the commune): "
            )
            + ", ".join(r.proposals)
        )
    return "\n".join(out) + "\n"


__all__ = [
    "Amount",
    "Item",
    "Recommendation",
    "allocate",
    "amounts",
    "recommendation_text",
    "round_vnd",
]
