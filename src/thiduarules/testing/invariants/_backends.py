"""durable-rules and the plain evaluator give the same verdicts."""

from __future__ import annotations

import attrs
from hypothesis import strategies as st

from thiduarules import _durable
from thiduarules.errors import EngineDisagreement
from thiduarules.render import to_json
from thiduarules.ruleset import Ruleset
from thiduarules.testing import strategies as ts
from thiduarules.testing.invariants._run import (
    CANDIDATES,
    InvariantFailure,
    InvariantReport,
    Raw,
    diff,
    open_engine,
    run_property,
    structured,
)
from thiduarules.verdict import CaseResult


def _without_engine(result: CaseResult) -> CaseResult:
    return attrs.evolve(result, stamp=attrs.evolve(result.stamp, engine=""))


def backends_agree(
    ruleset: Ruleset, *, examples: int = 100, seed: int | None = None
) -> InvariantReport:
    """durable-rules and the plain evaluator agree: an `Engine` checking every durable-rules
    answer against plain Python raises no `EngineDisagreement`, and its JSON equals the plain
    engine's, the stamp's `engine` field apart. Skipped where durable-rules cannot load."""
    name = "backends_agree"
    if not _durable.AVAILABLE:
        return InvariantReport(name, 0, "skipped", "skipped: durable-rules unavailable")
    strategy = st.tuples(ts.cases(ruleset, raw=True, candidates=CANDIDATES))
    with open_engine(ruleset, "auto") as checked, open_engine(ruleset, "plain") as plain:

        def check(raw: Raw) -> None:
            case = structured(raw, ruleset)
            try:
                both = checked.evaluate(case)
            except EngineDisagreement as exc:
                raise InvariantFailure(
                    name,
                    "durable-rules and plain Python disagree: " + "; ".join(exc.details[:5]),
                    raw,
                ) from exc
            a, b = _without_engine(both), _without_engine(plain.evaluate(case))
            if a != b:
                raise InvariantFailure(
                    name,
                    "the checked and the plain engine gave different verdicts:\n"
                    + diff(to_json(a), to_json(b)),
                    raw,
                )

        return run_property(name, strategy, check, examples=examples, seed=seed)
