"""Every invariant by name, and running them all."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeAlias

from thiduarules.ruleset import Ruleset
from thiduarules.testing.invariants._backends import backends_agree
from thiduarules.testing.invariants._budget import budget_holds
from thiduarules.testing.invariants._determinism import determinism
from thiduarules.testing.invariants._explanations import sound_explanations
from thiduarules.testing.invariants._knowledge import monotonic_knowledge
from thiduarules.testing.invariants._one_reward import one_achievement_one_reward
from thiduarules.testing.invariants._reachability import reachability
from thiduarules.testing.invariants._run import (
    InvariantFailure,
    InvariantReport,
    check_options,
    raw_message,
)

Invariant: TypeAlias = Callable[..., InvariantReport]
#: Every invariant, by name, in the order `run_all` runs them.
INVARIANTS: dict[str, Invariant] = {
    "determinism": determinism,
    "monotonic_knowledge": monotonic_knowledge,
    "sound_explanations": sound_explanations,
    "backends_agree": backends_agree,
    "one_achievement_one_reward": one_achievement_one_reward,
    "budget_holds": budget_holds,
    "reachability": reachability,
}


def run_all(
    ruleset: Ruleset,
    *,
    examples: int = 1000,
    seed: int | None = None,
    only: Sequence[str] | None = None,
    progress: Callable[[InvariantReport], None] | None = None,
) -> list[InvariantReport]:
    """Run every invariant (or those named in `only`) and report each; a failure is reported,
    not raised. `progress` is called with each report as soon as it is known."""
    check_options(examples, seed)
    names = list(INVARIANTS) if only is None else list(only)
    unknown = [n for n in names if n not in INVARIANTS]
    if unknown:
        raise ValueError(
            f"no such invariant: {', '.join(unknown)} (known: {', '.join(INVARIANTS)})"
        )
    reports = []
    for n in names:
        try:
            report = INVARIANTS[n](ruleset, examples=examples, seed=seed)
        except InvariantFailure as exc:
            report = exc.report()
        except Exception as exc:  # a failure outside any one case: still a report, not a crash
            report = InvariantReport(
                n, 0, "failed", f"could not run: {type(exc).__name__}: {raw_message(exc)}"
            )
        reports.append(report)
        if progress is not None:
            progress(report)
    return reports
