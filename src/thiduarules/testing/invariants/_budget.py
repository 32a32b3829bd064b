"""The recommendation list keeps to the budget, whatever the order of the case file."""

from __future__ import annotations

import copy
import random
from typing import Any

from hypothesis import strategies as st

from thiduarules.render import to_json
from thiduarules.render._json import verdict_line
from thiduarules.ruleset import Ruleset
from thiduarules.testing import strategies as ts
from thiduarules.testing.invariants._determinism import shuffled
from thiduarules.testing.invariants._run import (
    CANDIDATES,
    ORDERS,
    InvariantFailure,
    InvariantReport,
    Raw,
    open_engine,
    run_property,
    structured,
)
from thiduarules.verdict import Verdict


def _ranking(rec: Any) -> list[str]:
    return [i.nomination for i in sorted((*rec.listed, *rec.left_off), key=lambda i: i.rank)]


def budget_holds(
    ruleset: Ruleset, *, examples: int = 100, seed: int | None = None
) -> InvariantReport:
    """The recommendation list keeps to the budget (plan III.2.1.b.2).

    For a generated case and budget: the total never exceeds the budget; the list does not
    depend on the order of the case file's collections; raising the budget never drops a
    listed nomination; and removing a nomination never changes the relative order of the others
    whose verdicts it leaves as they were. Skipped for a ruleset without `[allocation]`.
    """
    name = "budget_holds"
    if ruleset.allocation is None:
        return InvariantReport(name, 0, "skipped", "skipped: the ruleset has no [allocation] table")
    budgets = st.integers(0, 12_000_000)
    strategy = st.tuples(
        ts.cases(ruleset, raw=True, candidates=CANDIDATES, missing=st.floats(0, 0.3)),
        budgets,
        budgets,
        ORDERS,
        st.integers(0, 99),
    )
    with open_engine(ruleset, "plain") as engine:

        def check(raw: Raw, budget: int, more: int, rnd: random.Random, drop: int) -> None:
            case = structured(raw, ruleset)
            rec = engine.allocate(case, budget)
            if rec.total > budget or rec.total != sum(i.amount or 0 for i in rec.listed):
                raise InvariantFailure(
                    name, f"the list costs {rec.total:,} đ for a budget of {budget:,} đ", raw
                )
            text = to_json(rec)
            other = shuffled(raw, rnd)
            again = engine.allocate(structured(other, ruleset), budget)
            if to_json(again) != text:
                raise InvariantFailure(
                    name,
                    "the same case in another order gave another recommendation list",
                    raw,
                    {"reordered": other},
                )
            bigger = engine.allocate(case, budget + more)
            lost = {i.nomination for i in rec.listed} - {i.nomination for i in bigger.listed}
            if lost:
                raise InvariantFailure(
                    name,
                    f"raising the budget from {budget:,} to {budget + more:,} đ dropped {', '.join(sorted(lost))}",
                    raw,
                )
            noms = raw["nominations"]
            if len(noms) < 2:
                return
            gone = noms[drop % len(noms)]["id"]
            fewer = copy.deepcopy(raw)
            fewer["nominations"] = [n for n in noms if n["id"] != gone]
            if "council_decisions" in fewer:  # a decision on the nomination goes with it
                fewer["council_decisions"] = [
                    d for d in fewer["council_decisions"] if d["nomination"] != gone
                ]
            smaller = structured(fewer, ruleset)
            after = engine.allocate(smaller, budget)
            before_v = {
                v.nomination: to_jsonable_verdict(v) for v in engine.evaluate(case).verdicts
            }
            after_v = {
                v.nomination: to_jsonable_verdict(v) for v in engine.evaluate(smaller).verdicts
            }
            same = {n for n in after_v if before_v.get(n) == after_v[n]}
            old = [n for n in _ranking(rec) if n in same]
            new = [n for n in _ranking(after) if n in same]
            common = set(old) & set(new)
            old, new = [n for n in old if n in common], [n for n in new if n in common]
            if old != new:
                raise InvariantFailure(
                    name,
                    f"removing nomination {gone} reordered others whose verdicts did not change: {' > '.join(old)} became {' > '.join(new)}",
                    raw,
                    {"without": fewer},
                )

        return run_property(name, strategy, check, examples=examples, seed=seed)


def to_jsonable_verdict(v: Verdict) -> str:
    """One verdict as canonical JSON text, for comparing verdicts across two evaluations."""
    return verdict_line(v)
