"""Mutation testing of a ruleset: small faults planted in the rules, and whether the scenario
suite notices each one.

A *mutant* is the ruleset with one change made at the model level (`thiduarules.ruleset._model`):
an any-of turned all-of or back, a condition dropped, a threshold one step up or down, a
comparison flipped, an assessment of another kind read, a criterion negated, a deadline moved by
a day, a parameter at another setting. The suite *kills* a mutant when some scenario that passes
on the ruleset fails on the mutant. A mutant no scenario can ever tell apart is *equivalent*;
each is listed with the reason in `data/scenarios/equivalent-mutants.toml`. Any other survivor
is a gap in the suite, reported with the clauses it touches. `thiduarules audit --mutate` is
`run_cli`.

The operators on expressions are in `_operators`, the mutants of a whole ruleset in `_mutants`,
the equivalents file in `_equivalents`, the runs and their report in `_run`, the command in
`_cli`. Every public name of the former single module is importable from here.
"""

from __future__ import annotations

from thiduarules.testing.mutation._cli import add_arguments, run_cli
from thiduarules.testing.mutation._equivalents import (
    EQUIVALENTS_FORMAT,
    equivalents_path,
    read_equivalents,
)
from thiduarules.testing.mutation._mutants import Mutant, mutants
from thiduarules.testing.mutation._operators import Change as Change
from thiduarules.testing.mutation._run import DEFAULT_BACKEND as DEFAULT_BACKEND
from thiduarules.testing.mutation._run import MutantResult, MutationReport, run_mutants

__all__ = [
    "EQUIVALENTS_FORMAT",
    "Mutant",
    "MutantResult",
    "MutationReport",
    "add_arguments",
    "equivalents_path",
    "mutants",
    "read_equivalents",
    "run_cli",
    "run_mutants",
]
