"""The `thiduarules` pytest plugin: the auditors' invariants bound to a ruleset, as fixtures.

Registered through the `pytest11` entry point, so installing thiduarules is enough:

    def test_the_plan_is_sound(thiduarules_audit):
        thiduarules_audit.sound_explanations()
        thiduarules_audit.monotonic_knowledge(examples=200)

    def test_the_scenarios(thiduarules_audit):
        thiduarules_audit.scenarios("tests/scenarios/ke-hoach.toml")

Fixtures:

- `thiduarules_ruleset` (session): the ruleset under audit — the bundled one, or the file
  given with `--thiduarules-ruleset PATH`.
- `thiduarules_audit` (session): an `Audit` bound to that ruleset. Each invariant is a method; it raises
  `InvariantFailure` (an `AssertionError`, so the test fails showing the counterexample case
  file) or skips the test when the invariant does not apply (no durable-rules, no allocation).
  Example counts default to the active Hypothesis profile's `max_examples`. `scenarios(*FILES)`
  runs scenario files (default: the shipped suite) against the ruleset and fails the test with
  the mismatch report (`ScenarioFailure`, an `AssertionError`).

Loading the plugin imports neither Hypothesis nor thiduarules: test suites that never use
these fixtures pay nothing for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from thiduarules.case import Case
    from thiduarules.ruleset import Ruleset
    from thiduarules.testing.invariants import InvariantReport
    from thiduarules.testing.scenarios import ScenarioResult
    from thiduarules.testing.strategies import NearMiss

OPTION = "--thiduarules-ruleset"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("thiduarules", "thiduarules: audit a ruleset")
    group.addoption(
        OPTION,
        action="store",
        default=None,
        metavar="PATH",
        help="ruleset the thiduarules_audit fixture audits (default: the bundled ruleset)",
    )


class Audit:
    """The invariants of `thiduarules.testing.invariants`, bound to one ruleset."""

    def __init__(self, ruleset: Ruleset, examples: int | None = None) -> None:
        self.ruleset = ruleset
        self._examples = examples

    @property
    def examples(self) -> int:
        """Examples per invariant: as given, else the active Hypothesis profile's `max_examples`."""
        if self._examples is not None:
            return self._examples
        from hypothesis import settings

        return int(settings().max_examples)

    def run(
        self, name: str, *, examples: int | None = None, seed: int | None = None
    ) -> InvariantReport:
        """Run the invariant `name`; skip the test if it does not apply to this ruleset."""
        from thiduarules.testing.invariants import INVARIANTS

        report = INVARIANTS[name](self.ruleset, examples=examples or self.examples, seed=seed)
        if report.result == "skipped":
            pytest.skip(report.message)
        return report

    def determinism(
        self, *, examples: int | None = None, seed: int | None = None
    ) -> InvariantReport:
        return self.run("determinism", examples=examples, seed=seed)

    def monotonic_knowledge(
        self, *, examples: int | None = None, seed: int | None = None
    ) -> InvariantReport:
        return self.run("monotonic_knowledge", examples=examples, seed=seed)

    def sound_explanations(
        self, *, examples: int | None = None, seed: int | None = None
    ) -> InvariantReport:
        return self.run("sound_explanations", examples=examples, seed=seed)

    def backends_agree(
        self, *, examples: int | None = None, seed: int | None = None
    ) -> InvariantReport:
        return self.run("backends_agree", examples=examples, seed=seed)

    def one_achievement_one_reward(
        self, *, examples: int | None = None, seed: int | None = None
    ) -> InvariantReport:
        return self.run("one_achievement_one_reward", examples=examples, seed=seed)

    def budget_holds(
        self, *, examples: int | None = None, seed: int | None = None
    ) -> InvariantReport:
        return self.run("budget_holds", examples=examples, seed=seed)

    def reachability(
        self, *, examples: int | None = None, seed: int | None = None
    ) -> InvariantReport:
        return self.run("reachability", examples=examples, seed=seed)

    def run_all(
        self, *, examples: int | None = None, seed: int | None = None
    ) -> list[InvariantReport]:
        """Every invariant; fails the test with the first failure's counterexample, if any."""
        from thiduarules.testing.invariants import InvariantFailure, run_all

        reports = run_all(self.ruleset, examples=examples or self.examples, seed=seed)
        for r in reports:
            if r.result == "failed":
                raise InvariantFailure(r.name, r.message, r.counterexample, r.related)
        return reports

    # Strategies for the ruleset, for the auditor's own properties.

    def cases(self, **options: Any) -> SearchStrategy[Case]:
        """`thiduarules.testing.cases` for this ruleset."""
        from thiduarules.testing.strategies import cases

        strategy: SearchStrategy[Case] = cases(self.ruleset, **options)
        return strategy

    def near_misses(self, criterion: str, **options: Any) -> SearchStrategy[NearMiss]:
        """`thiduarules.testing.near_misses` for this ruleset."""
        from thiduarules.testing.strategies import near_misses

        return near_misses(self.ruleset, criterion, **options)

    def scenarios(self, *files: str | Path, lang: str = "vi") -> tuple[ScenarioResult, ...]:
        """Run scenario files (default: the shipped suite) against the ruleset under audit;
        fail the test with the mismatch report if any scenario does not get what it expects."""
        from thiduarules.testing.scenarios import check_suite

        return check_suite(self.ruleset, list(files) or None, lang=lang)


@pytest.fixture(scope="session")
def thiduarules_ruleset(request: pytest.FixtureRequest) -> Ruleset:
    """The ruleset under audit: `--thiduarules-ruleset PATH`, else the bundled one."""
    from thiduarules.ruleset import load_ruleset

    path: str | None = request.config.getoption(OPTION)
    return load_ruleset(path)


@pytest.fixture(scope="session")
def thiduarules_audit(thiduarules_ruleset: Ruleset) -> Audit:
    """The invariants bound to the ruleset under audit (see `Audit`). Session-scoped (it holds
    no state), so its strategies may be drawn from inside a Hypothesis `@given` test."""
    return Audit(thiduarules_ruleset)


__all__ = ["Audit", "pytest_addoption", "thiduarules_audit", "thiduarules_ruleset"]
