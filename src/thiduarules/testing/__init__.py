"""Auditors' tools for a ruleset: Hypothesis strategies, invariants, and the `audit` command.

    >>> from thiduarules import load_ruleset
    >>> from thiduarules.testing import cases, determinism
    >>> ruleset = load_ruleset()
    >>> determinism(ruleset, examples=50).result
    'passed'

`import thiduarules` never imports this package, and this package imports Hypothesis (the
`testing` extra) only when one of its names is first used: the pytest plugin it ships stays
cheap to load in test suites that never ask for it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from thiduarules.testing.invariants import (
        InvariantFailure,
        InvariantReport,
        backends_agree,
        budget_holds,
        determinism,
        monotonic_knowledge,
        one_achievement_one_reward,
        reachability,
        run_all,
        sound_explanations,
    )
    from thiduarules.testing.scenarios import ScenarioFailure, check_suite
    from thiduarules.testing.strategies import (
        Edit,
        NearMiss,
        achievement_records,
        assessment_records,
        award_records,
        candidate_records,
        cases,
        invalid_case_files,
        near_misses,
        nomination_records,
        ruleset_texts,
        rulesets,
    )

_HOME = {
    "InvariantFailure": "invariants",
    "InvariantReport": "invariants",
    "backends_agree": "invariants",
    "budget_holds": "invariants",
    "determinism": "invariants",
    "monotonic_knowledge": "invariants",
    "one_achievement_one_reward": "invariants",
    "reachability": "invariants",
    "run_all": "invariants",
    "sound_explanations": "invariants",
    "ScenarioFailure": "scenarios",
    "check_suite": "scenarios",
    "Edit": "strategies",
    "NearMiss": "strategies",
    "achievement_records": "strategies",
    "assessment_records": "strategies",
    "award_records": "strategies",
    "candidate_records": "strategies",
    "cases": "strategies",
    "invalid_case_files": "strategies",
    "near_misses": "strategies",
    "nomination_records": "strategies",
    "ruleset_texts": "strategies",
    "rulesets": "strategies",
}

__all__ = [
    "Edit",
    "InvariantFailure",
    "InvariantReport",
    "NearMiss",
    "ScenarioFailure",
    "achievement_records",
    "assessment_records",
    "award_records",
    "backends_agree",
    "budget_holds",
    "candidate_records",
    "cases",
    "check_suite",
    "determinism",
    "invalid_case_files",
    "monotonic_knowledge",
    "near_misses",
    "nomination_records",
    "one_achievement_one_reward",
    "reachability",
    "ruleset_texts",
    "rulesets",
    "run_all",
    "sound_explanations",
]


def __getattr__(name: str) -> Any:
    """Import the module a public name lives in on first use (PEP 562)."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
