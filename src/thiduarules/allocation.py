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

from thiduarules._params import Params
from thiduarules._printable import printable
from thiduarules.errors import ParameterUnsetError
from thiduarules.evaluate._logic import TRUE
from thiduarules.evaluate._scope import Scope, Withdrawal
from thiduarules.evaluate._track import judge
from thiduarules.ruleset._model import Ruleset
from thiduarules.verdict import CaseResult, Note, Stamp, Verdict

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
    priority: tuple[int, ...]
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
    ruleset: Ruleset | None = attrs.field(default=None, eq=False, repr=False)


def round_vnd(value: Decimal, mode: str) -> int:
    """Round to tens of thousands of đồng: up (`len-chuc-nghin`) or to the nearest."""
    how = ROUND_CEILING if mode == "len-chuc-nghin" else ROUND_HALF_UP
    return int((value / STEP).quantize(Decimal(1), rounding=how) * STEP)


def amounts(scope: Scope, on: dt.date) -> dict[str, Amount]:
    """Award amounts by candidate kind, with the parameters in force on `on`."""
    al = scope.rs.allocation
    assert al is not None
    params = Params(scope.rs, on)
    out: dict[str, Amount] = {}
    clauses = al.clauses[:1]
    try:
        base = Decimal(params.integer(al.base_salary))
        coef = Decimal(params.get(al.amount_individual.param))  # type: ignore[arg-type]
        mode = str(params.get(al.rounding.param))
    except ParameterUnsetError as exc:
        note = Note(clauses, "amount.unset", (("param", exc.name), ("reason", exc.reason)))
        return {k: Amount(k, None, note) for k in ("ca-nhan", "tap-the")}
    individual = round_vnd(coef * base, mode)
    out["ca-nhan"] = Amount(
        "ca-nhan",
        individual,
        Note(
            clauses,
            "amount.individual",
            (
                ("coefficient", str(coef)),
                ("base", int(base)),
                ("rounding", mode),
                ("amount", individual),
            ),
        ),
    )
    try:
        mult = Decimal(params.get(al.amount_collective.param))  # type: ignore[arg-type]
    except ParameterUnsetError as exc:
        out["tap-the"] = Amount(
            "tap-the",
            None,
            Note(clauses, "amount.collective-unset", (("on", on), ("reason", exc.reason))),
        )
    else:
        collective = round_vnd(mult * coef * base, mode)
        out["tap-the"] = Amount(
            "tap-the",
            collective,
            Note(
                clauses,
                "amount.collective",
                (
                    ("multiplier", str(mult)),
                    ("coefficient", str(coef)),
                    ("base", int(base)),
                    ("rounding", mode),
                    ("amount", collective),
                ),
            ),
        )
    return out


def allocate(
    scope: Scope,
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
    al = scope.rs.allocation
    if al is None:
        raise ValueError(f"ruleset {printable(scope.rs.meta.id)} has no [allocation] table")
    on = decision_date or dt.date.fromisoformat(result.stamp.as_of)
    costs = amounts(scope, on)
    by_id = scope.index.nominations
    eligible: list[tuple[tuple[tuple[int, ...], dt.date, str], Verdict, tuple[int, ...]]] = []
    proposals = []
    for v in result.verdicts:
        if v.outcome != "eligible":
            continue
        if v.proposal:
            # Decided and paid by the higher authority (Luật TĐKT, khoản 4 Điều 11).
            proposals.append(v.nomination)
            continue
        nom = by_id[v.nomination]
        met: list[int] = []
        levels: list[int] = []
        for i, level in enumerate(al.priority):
            node = judge(scope, level.when, nom, (withdrawn or {}).get(nom.id, {}), level.clauses)
            levels.append(0 if node.result == TRUE else 1)
            if node.result == TRUE:
                met.append(i + 1)
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
        cand = scope.index.candidates[v.candidate]
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
                "over-budget",
                (
                    ("rank", i.rank),
                    ("fits", fits),
                    ("left", budget - total),
                    ("next_amount", left_off[0].amount),
                ),
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
        scope.rs,
    )


__all__ = [
    "Amount",
    "Item",
    "Recommendation",
    "allocate",
    "amounts",
    "round_vnd",
]
