"""The engine: a ruleset compiled once, evaluating case files into explained verdicts.

durable-rules decides which facts match each condition; the plain-Python matcher decides the
same independently; any difference raises `EngineDisagreement` instead of returning either.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from importlib import metadata

from thiduarules import _durable, _gc
from thiduarules._deadline import Deadline
from thiduarules._params import Params
from thiduarules._plain import match_plain
from thiduarules._printable import printable
from thiduarules._program import Matches, Program, compile_program, encode
from thiduarules.allocation import Recommendation, allocate
from thiduarules.case._digest import case_digest
from thiduarules.case._index import CaseIndex
from thiduarules.case._load import check_case
from thiduarules.case._model import Case, Nomination
from thiduarules.errors import EngineDisagreement, EngineError
from thiduarules.evaluate._scope import Scope
from thiduarules.principles import apply_principles, settle
from thiduarules.ruleset._model import Ruleset
from thiduarules.verdict import CaseResult, Stamp, Verdict

BACKENDS = ("auto", "durable", "plain")


@functools.cache
def library_version() -> str:
    try:
        return metadata.version("thiduarules")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def engine_description(backend: str = "auto") -> str:
    """Which matcher runs: durable-rules checked by the plain evaluator, or the plain one alone."""
    if backend == "plain" or not _durable.AVAILABLE:
        why = "" if backend == "plain" else f" ({_durable.UNAVAILABLE_REASON})"
        return f"plain{why}"
    return f"durable-rules {_durable.VERSION} + plain check"


class Engine:
    """Evaluates case files against one ruleset. Build once, reuse; safe to share across threads.

    `backend`: "auto" (durable-rules when it loads, each answer checked by the plain matcher),
    "durable" (require durable-rules), or "plain" (the plain matcher alone).
    `pause_gc`: hold off the cycle collector's full passes while a result is built (see
    `docs/engine.md`); false leaves the collector's thresholds alone.
    """

    def __init__(self, ruleset: Ruleset, *, backend: str = "auto", pause_gc: bool = True) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
        if backend == "durable" and not _durable.AVAILABLE:
            raise EngineError(_durable.UNAVAILABLE_REASON)
        self.ruleset = ruleset
        self.use_durable = backend != "plain" and _durable.AVAILABLE
        self.description = engine_description(backend)
        self._matchers: dict[Program, _durable.Matcher] = {}
        self._lock = threading.Lock()
        self.pause_gc = pause_gc

    def close(self) -> None:
        """Release durable-rules' compiled rulesets (the C core frees nothing by itself)."""
        with self._lock:
            for matcher in self._matchers.values():
                matcher.close()
            self._matchers.clear()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _durable_matches(
        self, program: Program, records: tuple[dict[str, str], ...], deadline: Deadline | None
    ) -> Matches:
        with self._lock:
            matcher = self._matchers.get(program)
            if matcher is None or matcher.closed:
                matcher = self._matchers[program] = _durable.Matcher(program)
        return matcher.run(records, deadline)

    def matches(
        self,
        program: Program,
        records: tuple[dict[str, str], ...],
        deadline: Deadline | None = None,
    ) -> Matches:
        """Decide every pattern over `records`, by durable-rules checked against plain Python."""
        plain = match_plain(program, records)
        if deadline is not None:
            deadline.check("matching")
        if not self.use_durable:
            return plain
        durable = self._durable_matches(program, records, deadline)
        differences = durable.differences(plain)
        if differences:
            raise EngineDisagreement(differences)
        return durable

    def stamp(self, as_of: dt.date, case: Case | None = None) -> Stamp:
        """What produced a result: the ruleset, the library, the engine, the date and a digest
        of every input of `case` that can change a verdict."""
        rs = self.ruleset
        return Stamp(
            rs.meta.id,
            rs.meta.version,
            rs.content_hash,
            library_version(),
            self.description,
            as_of.isoformat(),
            case_digest(case) if case is not None else "",
        )

    def evaluate(
        self,
        case: Case,
        *,
        as_of: dt.date | None = None,
        nominations: tuple[str, ...] | None = None,
        timeout: float | None = None,
    ) -> CaseResult:
        """Verdicts for every nomination of `case` (or only those named), with the cross-case principles.

        `timeout`: seconds the call may take; past them it stops at the next checkpoint (between
        stages, durable-rules sessions and nominations) and raises `DeadlineExceeded`, returning
        nothing. The engine is left as it was: the next call gives the same verdicts.
        """
        deadline = Deadline.of(timeout)
        with _gc.paused(self.pause_gc):
            scope = self._scope(case, as_of, deadline)
            chosen: tuple[Nomination, ...] = case.nominations
            if nominations is not None:
                wanted = set(nominations)
                chosen = tuple(n for n in case.nominations if n.id in wanted)
            return apply_principles(scope, chosen, self.stamp(scope.params.on, case))

    def _scope(self, case: Case, as_of: dt.date | None, deadline: Deadline | None) -> Scope:
        check_case(case, self.ruleset)
        if deadline is not None:
            deadline.check("case")
        when = as_of or case.as_of or dt.date.today()
        params = Params(self.ruleset, when)
        program = compile_program(self.ruleset, params)
        enc = encode(case)
        index = CaseIndex(case, when)
        if deadline is not None:
            deadline.check("case")
        return Scope(
            self.ruleset,
            params,
            index,
            enc,
            program,
            self.matches(program, enc.records, deadline),
            deadline,
        )

    def allocate(
        self,
        case: Case,
        budget: int | None = None,
        *,
        as_of: dt.date | None = None,
        decision_date: dt.date | None = None,
        timeout: float | None = None,
    ) -> Recommendation:
        """The ranked recommendation list of `case` within `budget` VND (amounts as of `decision_date`).

        Without `budget`, the ruleset's budget parameter in force on the evaluation date is used;
        `ParameterUnsetError` says so when it has no value. `timeout` as for `evaluate`.
        """
        deadline = Deadline.of(timeout)
        with _gc.paused(self.pause_gc):
            scope = self._scope(case, as_of, deadline)
            if budget is None:
                al = self.ruleset.allocation
                if al is None or al.budget is None:
                    raise ValueError(
                        f"ruleset {printable(self.ruleset.meta.id)} has no budget parameter: give the budget"
                    )
                budget = scope.params.integer(al.budget)
            result, withdrawn = settle(scope, case.nominations, self.stamp(scope.params.on, case))
            if deadline is not None:
                deadline.check("allocation")
            return allocate(scope, result, budget, decision_date, withdrawn)

    def evaluate_one(
        self,
        case: Case,
        nomination: str,
        *,
        as_of: dt.date | None = None,
        timeout: float | None = None,
    ) -> Verdict:
        """The verdict for one nomination of `case` (principles across cases included)."""
        result = self.evaluate(case, as_of=as_of, timeout=timeout)
        for v in result.verdicts:
            if v.nomination == nomination:
                return v
        raise KeyError(nomination)


__all__ = ["BACKENDS", "Engine", "engine_description", "library_version"]
