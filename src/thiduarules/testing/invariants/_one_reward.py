"""One achievement, one reward (plan III.1.2.2), and no reward twice for what was rewarded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st

from thiduarules._params import Params
from thiduarules.errors import ParameterUnsetError
from thiduarules.principles import counts, grounds
from thiduarules.ruleset import Ruleset
from thiduarules.ruleset._expr import Ref
from thiduarules.testing import strategies as ts
from thiduarules.testing.invariants._run import (
    CANDIDATES,
    InvariantFailure,
    InvariantReport,
    Raw,
    open_engine,
    run_property,
    structured,
)
from thiduarules.testing.strategies._profile import profile_of
from thiduarules.verdict import FALSE, CaseResult


def one_achievement_one_reward(
    ruleset: Ruleset, *, examples: int = 100, seed: int | None = None
) -> InvariantReport:
    """One achievement grounds at most one reward (plan III.1.2.2).

    Where the ruleset states the principle (`one-achievement-one-reward`), for every achievement
    and every two verdicts that are not ineligible, that it grounds (`thiduarules.principles.
    grounds`: it counts as true or unknown), and that could both be rewarded (not two annual
    nominations of one candidate for one year under a limit of one):

    - it does not count as met (true) in both;
    - a verdict that is eligible with it counted as met shares it with no one: the other would
      have lost it, since an eligible dossier keeps what it claims;
    - the case result lists the two in one conflict over it, for the Council.

    Where a rule excludes rewarded achievements, an achievement a past award rewarded never
    counts toward any verdict (its node in the explanation is false).

    Skipped for a ruleset that neither states the principle nor excludes rewarded achievements.
    """
    name = "one_achievement_one_reward"
    profile = profile_of(ruleset)
    principle = ruleset.principle_by_rule("one-achievement-one-reward") is not None
    excludes = any(e.rewarded != "include" for e in profile.counts.values())
    if not principle and not excludes:
        return InvariantReport(
            name, 0, "skipped", "skipped: the ruleset states no one-achievement-one-reward rule"
        )
    strategy = st.tuples(ts.cases(ruleset, raw=True, candidates=CANDIDATES))
    with open_engine(ruleset, "plain") as engine:

        def check(raw: Raw) -> None:
            problems = one_reward_problems(ruleset, raw, engine.evaluate(structured(raw, ruleset)))
            if problems:
                raise InvariantFailure(name, "; ".join(problems), raw)

        return run_property(name, strategy, check, examples=examples, seed=seed)


def one_reward_problems(ruleset: Ruleset, raw: Mapping[str, Any], result: CaseResult) -> list[str]:
    """What breaks "one achievement, one reward" in `result`, the evaluation of case file `raw`
    (see `one_achievement_one_reward`); empty when nothing does."""
    profile = profile_of(ruleset)
    principle = ruleset.principle_by_rule("one-achievement-one-reward") is not None
    params = Params(ruleset, dt.date.fromisoformat(result.stamp.as_of))
    single = _annual_limit_of_one(ruleset, params)
    live = [v for v in result.verdicts if v.outcome != "ineligible"]
    problems = []
    for a in sorted({x["id"] for x in raw["achievements"]}) if principle else ():
        holding = [v for v in live if grounds(v, a)]
        listed = [set(c.nominations) for c in result.conflicts if c.achievement == a]
        for i, x in enumerate(holding):
            for y in holding[i + 1 :]:
                if (
                    single
                    and ruleset.track(x.track).round == ruleset.track(y.track).round == "annual"
                    and (x.candidate, x.year) == (y.candidate, y.year)
                ):
                    continue  # the annual limit lets only one of them through
                pair = f"{x.nomination} and {y.nomination}"
                if counts(x, a) and counts(y, a):
                    problems.append(f"achievement {a} counts as met in both {pair}")
                for v, other in ((x, y), (y, x)):
                    if v.outcome == "eligible" and counts(v, a):
                        problems.append(
                            f"achievement {a} grounds eligible {v.nomination}, yet {other.nomination} still holds it ({other.outcome})"
                        )
                if not any({x.nomination, y.nomination} <= c for c in listed):
                    problems.append(f"achievement {a} grounds {pair}, listed in no conflict")
    # What a past award rewarded, by the nominations it may not count for: every one, except
    # the nomination the award answered; an award dated after the evaluation date is not known.
    on = params.on.isoformat()
    rewarded: dict[str, set[str | None]] = {}
    for w in raw["awards"]:
        if str(w["date"]) <= on:
            for a in w["achievements"]:
                rewarded.setdefault(a, set()).add(w.get("nomination"))
    for v in result.verdicts:
        for node in v.explanation.walk():
            e = profile.counts.get(node.ref or "")
            if node.kind != "achievements" or e is None:
                continue
            try:
                include = (
                    bool(params.arg(e.rewarded))
                    if isinstance(e.rewarded, Ref)
                    else e.rewarded == "include"
                )
            except ParameterUnsetError:
                continue
            if include:
                continue
            for kid in node.children:
                answered = rewarded.get(kid.ref or "")
                if answered and answered != {v.nomination} and kid.result != FALSE:
                    problems.append(
                        f"{v.nomination}: achievement {kid.ref} was already rewarded, yet counts ({kid.result}) under {e.path}"
                    )
    return problems


def _annual_limit_of_one(ruleset: Ruleset, params: Params) -> bool:
    """Whether the ruleset lets each candidate at most one annual award a year."""
    rule = ruleset.principle_by_rule("annual-limit")
    if rule is None or rule.limit is None:
        return False
    try:
        return int(str(params.arg(rule.limit))) == 1
    except ParameterUnsetError:
        return False
