"""Invariants every ruleset's verdicts must keep, each checked by Hypothesis on generated cases.

Each invariant is a plain function: give it a ruleset (and `examples=`, `seed=`), it runs a
Hypothesis search inside and returns an `InvariantReport`, or raises `InvariantFailure` — an
`AssertionError` carrying the shrunk counterexample as a case file (raw JSON), ready to be
written out and replayed with `thiduarules evaluate FILE`. `run_all` runs them all and never
raises for a failing invariant: it reports it.

    >>> from thiduarules import load_ruleset
    >>> from thiduarules.testing import invariants
    >>> invariants.determinism(load_ruleset(), examples=50).result
    'passed'

What each one checks is in its docstring. The engine is the costly part of every example, so
each invariant builds its engines once and keeps generated cases small.

One invariant a module; `_run` runs a property under Hypothesis, `_registry` runs them all.
`SHRINK_SECONDS` and `TARGETED_SECONDS` are set here, on the package, and read at each run.
"""

from __future__ import annotations

from thiduarules.testing.invariants._backends import backends_agree
from thiduarules.testing.invariants._budget import budget_holds
from thiduarules.testing.invariants._budget import to_jsonable_verdict as to_jsonable_verdict
from thiduarules.testing.invariants._determinism import determinism
from thiduarules.testing.invariants._determinism import shuffled as shuffled
from thiduarules.testing.invariants._explanations import sound_explanations
from thiduarules.testing.invariants._knowledge import monotonic_knowledge
from thiduarules.testing.invariants._one_reward import (
    one_achievement_one_reward,
    one_reward_problems,
)
from thiduarules.testing.invariants._reachability import reachability
from thiduarules.testing.invariants._registry import INVARIANTS, run_all
from thiduarules.testing.invariants._registry import Invariant as Invariant
from thiduarules.testing.invariants._run import CANDIDATES as CANDIDATES
from thiduarules.testing.invariants._run import ORDERS as ORDERS
from thiduarules.testing.invariants._run import InvariantFailure, InvariantReport
from thiduarules.testing.invariants._run import Outcome as Outcome
from thiduarules.testing.invariants._run import Raw as Raw
from thiduarules.testing.invariants._run import case_file_text as case_file_text

#: How long a failing invariant may spend shrinking its counterexample before reporting the
#: smallest one found so far (0: report the first failing case as found, unshrunk).
SHRINK_SECONDS = 20.0
#: How long the targeted search for one criterion and one result may take.
TARGETED_SECONDS = 20.0

__all__ = [
    "INVARIANTS",
    "InvariantFailure",
    "InvariantReport",
    "backends_agree",
    "budget_holds",
    "case_file_text",
    "determinism",
    "monotonic_knowledge",
    "one_achievement_one_reward",
    "one_reward_problems",
    "reachability",
    "run_all",
    "shuffled",
    "sound_explanations",
    "to_jsonable_verdict",
]
