"""What a scenario file says, and what running it gives: the records every other part of
`thiduarules.testing.scenarios` passes around."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from thiduarules.case._model import Case
from thiduarules.errors import InputError
from thiduarules.ruleset._model import ParamValue, Text
from thiduarules.verdict import CaseResult, Outcome, Verdict

FORMAT = "thiduarules-scenarios/1"
OUTCOMES: tuple[Outcome, ...] = ("eligible", "ineligible", "undetermined")
EQUIVALENTS_FILE = "equivalent-mutants.toml"
COLLECTIONS = (
    "candidates",
    "achievements",
    "assessments",
    "awards",
    "nominations",
    "unit_reports",
    "council_decisions",
)
EXPECTATION_KEYS = ("expect", "cites", "not_cites", "warns")
SCENARIO_KEYS = (
    "id",
    "title",
    "clauses",
    "as_of",
    "parameters",
    "why",
    "late_reports",
    *COLLECTIONS,
)
OVERRIDE_SOURCE = "kịch bản kiểm thử / scenario override"
UNSET = "(chưa đặt / unset)"


class ScenarioError(InputError):
    """A scenario file does not load, or does not fit the ruleset it is run against."""

    heading_vi = "Tệp kịch bản có lỗi"
    heading_en = "The scenario file has errors"


@attrs.frozen
class Expectation:
    """What the plan says one nomination gets, and what its explanation must cite.

    `warns` is None when the scenario says nothing about warnings; otherwise the exact set of
    clauses the verdict's warnings must cite (empty: no warning at all).
    """

    nomination: str
    outcome: Outcome
    cites: tuple[str, ...] = ()
    not_cites: tuple[str, ...] = ()
    warns: tuple[str, ...] | None = None
    path: str = ""


@attrs.frozen
class Scenario:
    """One scenario as written: its facts (JSON-ready), its expectations, and where it is."""

    id: str
    file: str
    path: str
    title: Text
    clauses: tuple[str, ...]
    as_of: dt.date | None
    parameters: tuple[tuple[str, object], ...] = attrs.field(eq=False)
    facts: Mapping[str, Any] = attrs.field(eq=False, repr=False)
    expectations: tuple[Expectation, ...]
    why: str | None = None
    ruleset: str | None = None
    late_reports: tuple[str, ...] | None = None
    # False for a scenario with problems of its own, kept only so that checking it against the
    # ruleset reports its other problems in the same run; it is never run.
    complete: bool = attrs.field(default=True, eq=False)


@attrs.frozen
class Bound:
    """A scenario checked against one ruleset: a structured case and typed parameter overrides."""

    scenario: Scenario
    case: Case
    as_of: dt.date
    overrides: tuple[tuple[str, ParamValue], ...]
    tracks: frozenset[str]


@attrs.frozen
class Check:
    """One nomination's verdict beside its expectation; `failures` empty means it matched."""

    expectation: Expectation
    verdict: Verdict | None
    failures: tuple[Text, ...]


@attrs.frozen
class ScenarioResult:
    """A scenario run: the case result and one check per expected nomination."""

    bound: Bound
    result: CaseResult
    checks: tuple[Check, ...]
    case_failures: tuple[Text, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.case_failures and all(not c.failures for c in self.checks)
