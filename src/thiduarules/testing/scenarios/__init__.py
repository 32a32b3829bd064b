"""Scenario tests: small cases written by a reviewer, with the outcome the plan says each gets.

A scenario file (TOML, `format = "thiduarules-scenarios/1"`, described in docs/scenarios.md)
holds several scenarios. Each is a small case — the same facts as a JSON case file — plus, for
every nomination, the outcome the plan gives it and the clauses its explanation must (or must
not) cite. This module loads the files, binds them to a ruleset (every fact, clause and
parameter checked, every problem reported at once), runs them with `thiduarules.Engine`, and
measures how much of the ruleset the suite reaches (`coverage`). `thiduarules test` is
`run_cli`.

One concern a module: the records (`_model`), reading files (`_read`), binding them to a
ruleset (`_bind`), running them (`_run`), coverage (`_coverage`), the report (`_report`) and
the command (`_cli`). Every public name of the former single module is importable from here.
"""

from __future__ import annotations

from thiduarules.ruleset._override import with_parameters
from thiduarules.testing.scenarios._bind import bind, load_suite
from thiduarules.testing.scenarios._cli import add_arguments, run_cli
from thiduarules.testing.scenarios._coverage import (
    Coverage,
    coverage,
    criteria_by_track,
    parameters_by_track,
    principle_parameters,
    required_settings,
    setting,
)
from thiduarules.testing.scenarios._coverage import ParameterCoverage as ParameterCoverage
from thiduarules.testing.scenarios._model import COLLECTIONS as COLLECTIONS
from thiduarules.testing.scenarios._model import EQUIVALENTS_FILE as EQUIVALENTS_FILE
from thiduarules.testing.scenarios._model import EXPECTATION_KEYS as EXPECTATION_KEYS
from thiduarules.testing.scenarios._model import (
    FORMAT,
    Bound,
    Check,
    Expectation,
    Scenario,
    ScenarioError,
    ScenarioResult,
)
from thiduarules.testing.scenarios._model import OUTCOMES as OUTCOMES
from thiduarules.testing.scenarios._model import OVERRIDE_SOURCE as OVERRIDE_SOURCE
from thiduarules.testing.scenarios._model import SCENARIO_KEYS as SCENARIO_KEYS
from thiduarules.testing.scenarios._model import UNSET as UNSET
from thiduarules.testing.scenarios._read import loads_scenarios, read_scenarios, shipped_suite_paths
from thiduarules.testing.scenarios._report import ScenarioFailure as ScenarioFailure
from thiduarules.testing.scenarios._report import report
from thiduarules.testing.scenarios._run import CITING_KINDS as CITING_KINDS
from thiduarules.testing.scenarios._run import Engines, check_verdict, cited_clauses, evaluate, run
from thiduarules.testing.scenarios._run import check_suite as check_suite

__all__ = [
    "FORMAT",
    "Bound",
    "Check",
    "Coverage",
    "Engines",
    "Expectation",
    "ParameterCoverage",
    "Scenario",
    "ScenarioError",
    "ScenarioFailure",
    "ScenarioResult",
    "add_arguments",
    "bind",
    "check_suite",
    "check_verdict",
    "cited_clauses",
    "coverage",
    "criteria_by_track",
    "evaluate",
    "load_suite",
    "loads_scenarios",
    "parameters_by_track",
    "principle_parameters",
    "read_scenarios",
    "report",
    "required_settings",
    "run",
    "run_cli",
    "setting",
    "shipped_suite_paths",
    "with_parameters",
]
