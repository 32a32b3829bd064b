"""Reachability: every criterion can be made true, and false, by some case."""

from __future__ import annotations

import contextlib
import time

from hypothesis import given
from hypothesis import seed as hypothesis_seed
from hypothesis.errors import Unsatisfiable

from thiduarules.ruleset import Ruleset
from thiduarules.testing import strategies as ts
from thiduarules.testing.invariants._run import (
    CANDIDATES,
    InvariantFailure,
    InvariantReport,
    Raw,
    check_options,
    open_engine,
    property_settings,
    structured,
)
from thiduarules.testing.strategies._near import reaching
from thiduarules.testing.strategies._profile import profile_of
from thiduarules.verdict import FALSE, TRUE, CaseResult


class _Found(BaseException):
    """Ends a targeted search at its first success, or when its time is up (not an `Exception`:
    Hypothesis would take it for a failure and shrink it)."""


def reachability(
    ruleset: Ruleset, *, examples: int = 100, seed: int | None = None
) -> InvariantReport:
    """Every criterion can be made true and can be made false by some case.

    Generated cases are evaluated and each criterion's results across every explanation are
    noted; for a criterion not yet seen true (or false), a targeted search edits generated
    cases one fact at a time towards it (see `near_misses`). A criterion that stays out of reach
    — never evaluated by any track, never true, or never false — is reported as dead.
    """
    name = "reachability"
    check_options(examples, seed)
    started = time.perf_counter()
    seen: dict[str, set[str]] = {c.id: set() for c in ruleset.criteria}
    tried = 0
    with open_engine(ruleset, "plain") as engine:

        def note(result: CaseResult) -> None:
            for v in result.verdicts:
                for node in v.explanation.walk():
                    if node.kind == "criterion" and node.ref in seen:
                        seen[node.ref].add(node.result)

        @property_settings(examples, seed)
        @given(ts.cases(ruleset, raw=True, candidates=CANDIDATES))
        def search(raw: Raw) -> None:
            nonlocal tried
            tried += 1
            note(engine.evaluate(structured(raw, ruleset)))

        (hypothesis_seed(seed)(search) if seed is not None else search)()
        profile = profile_of(ruleset)
        used = set().union(*profile.reaches.values()) if profile.reaches else set()
        budget = max(10, min(200, examples // 5))
        for crit in sorted(seen):
            if crit not in used:
                continue
            for want, label in ((True, TRUE), (False, FALSE)):
                if label in seen[crit]:
                    continue

                deadline = time.perf_counter() + _targeted_seconds()

                @property_settings(budget, seed)
                @given(reaching(ruleset, crit, want))
                def targeted(raw: Raw | None) -> None:
                    nonlocal tried
                    tried += 1
                    if raw is not None:
                        note(engine.evaluate(structured(raw, ruleset)))
                    # Each search ends before the loop moves on: the loop variables are current.
                    if label in seen[crit] or time.perf_counter() > deadline:  # noqa: B023
                        raise _Found

                with contextlib.suppress(_Found, Unsatisfiable):
                    (hypothesis_seed(seed)(targeted) if seed is not None else targeted)()
    dead = []
    for crit, results in sorted(seen.items()):
        if crit not in used:
            dead.append(f"{crit} (no track uses it)")
        elif not results:
            dead.append(f"{crit} (never evaluated)")
        else:
            missing = [r for r in (TRUE, FALSE) if r not in results]
            if missing:
                dead.append(f"{crit} (never {' nor '.join(missing)})")
    seconds = time.perf_counter() - started
    if dead:
        failure = InvariantFailure(name, "criteria out of reach: " + "; ".join(dead))
        failure.examples, failure.seconds = tried, seconds
        raise failure
    return InvariantReport(
        name, tried, "passed", f"{len(seen)} criteria made true and false", seconds
    )


def _targeted_seconds() -> float:
    # Read from the package at each search: that is where auditors and tests set it.
    from thiduarules.testing import invariants

    return invariants.TARGETED_SECONDS
