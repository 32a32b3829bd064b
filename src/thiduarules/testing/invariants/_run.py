"""Running a property under Hypothesis: reports, failures carrying their counterexample case
file, a budget for shrinking, and the helpers every invariant shares."""

from __future__ import annotations

import contextlib
import difflib
import json
import random
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Literal, TypeAlias

import attrs
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.errors import FlakyFailure, HypothesisException

from thiduarules._printable import printable_json, printable_lines, unescape
from thiduarules.case import structure_case
from thiduarules.engine import Engine
from thiduarules.errors import ThiduaRulesError
from thiduarules.ruleset import Ruleset

Raw: TypeAlias = dict[str, Any]
Outcome: TypeAlias = Literal["passed", "failed", "skipped"]

#: Small cases: the properties hold or fail on a few candidates, and the engine is the cost.
CANDIDATES = st.integers(1, 4)
#: Another order for a case file's collections, from a seed drawn up front (a lazily drawing
#: `randoms()` would draw a different amount when a check stops early).
ORDERS = st.integers(0, 2**32 - 1).map(random.Random)


@attrs.frozen
class InvariantReport:
    """The outcome of one invariant on one ruleset: "passed", "failed" or "skipped".

    `examples` counts the generated cases tried (for a failure: up to the first failing one);
    `message` says what failed or why it was skipped; `counterexample` is the failing case file
    (raw JSON) and `related` any other case file the failure compares it with (the same case
    with a fact filled in, a nomination removed…), by a short name.
    """

    name: str
    examples: int
    result: Outcome
    message: str = ""
    seconds: float = 0.0
    counterexample: Raw | None = attrs.field(default=None, eq=False, repr=False)
    related: Mapping[str, Raw] = attrs.field(factory=dict, eq=False, repr=False)


class InvariantFailure(AssertionError):
    """An invariant does not hold; `case` is the (shrunk) counterexample, as a case file's JSON.

    `detail` is kept as the invariant wrote it (its newlines are its own: a diff, a list); the
    message is made printable line by line."""

    def __init__(
        self,
        invariant: str,
        detail: str,
        case: Raw | None = None,
        related: Mapping[str, Raw] | None = None,
    ) -> None:
        self.invariant = invariant
        self.detail = detail
        self.case = case
        self.related: dict[str, Raw] = dict(related or {})
        self.examples = 0
        self.seconds = 0.0
        text = printable_lines(f"invariant {invariant} does not hold: {detail}".split("\n"))[:-1]
        if case is not None:
            text += (
                "\n\nCounterexample (a case file; save it and replay it with `thiduarules evaluate FILE`):\n"
                + case_file_text(case)
            )
        super().__init__(text)

    def report(self) -> InvariantReport:
        return InvariantReport(
            self.invariant,
            self.examples,
            "failed",
            self.detail,
            self.seconds,
            self.case,
            self.related,
        )


def case_file_text(raw: Mapping[str, Any]) -> str:
    """A case file's text: one record a line, so a counterexample reads (and diffs) well; a
    control or invisible character in a string is written as JSON's `\\uXXXX`, so the file is
    safe to print and reads back to the same data."""
    lines = ["{"]
    keys = list(raw)
    for i, key in enumerate(keys):
        value = raw[key]
        comma = "," if i < len(keys) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f"  {json.dumps(key)}: [")
            for j, item in enumerate(value):
                lines.append(
                    "    "
                    + json.dumps(item, ensure_ascii=False)
                    + ("," if j < len(value) - 1 else "")
                )
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return printable_json("\n".join(lines) + "\n")


# ---- running a property under Hypothesis ---------------------------------------------------


class _Packed:
    """A drawn example, shown by Hypothesis in one short line: the case file itself travels in
    the `InvariantFailure`, and a full repr of a case and its verdicts would be enormous."""

    __slots__ = ("value",)

    def __init__(self, value: tuple[Any, ...]) -> None:
        self.value = value

    def __repr__(self) -> str:
        raw = self.value[0] if self.value and isinstance(self.value[0], dict) else {}
        return f"<case file: {len(raw.get('candidates', []))} candidates, {len(raw.get('nominations', []))} nominations>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


class _StopShrinking(BaseException):
    """Raised through Hypothesis once the shrinking budget is spent (not an `Exception`, so
    Hypothesis does not take it for a new failure)."""


# Why each health check is suppressed: generated cases are deliberately rich (too_slow,
# data_too_large, large_base_example), monotonic_knowledge rejects cases with nothing left to
# fill in (filter_too_much), and `nested_given` lets these run from inside a user's own test.
_SUPPRESSED = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
    HealthCheck.filter_too_much,
    HealthCheck.nested_given,
]


def property_settings(examples: int, seed: int | None, *, shrink: bool = True) -> settings:
    # No explain phase: the counterexample case file is the explanation, and the phase is slow.
    """Hypothesis settings for one invariant: no database, no deadline, quiet; shrinking optional."""
    phases = tuple(p for p in Phase if p is not Phase.explain and (shrink or p is not Phase.shrink))
    return settings(
        max_examples=examples,
        phases=phases,
        database=None,
        deadline=None,
        derandomize=seed is not None,
        suppress_health_check=_SUPPRESSED,
        report_multiple_bugs=False,
        verbosity=Verbosity.quiet,
    )


def check_options(examples: int, seed: int | None) -> None:
    """Refuse an `examples` or `seed` no run can use."""
    if isinstance(examples, bool) or not isinstance(examples, int) or examples < 1:
        raise ValueError(f"examples must be a positive integer, not {examples!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise ValueError(f"seed must be an integer or None, not {seed!r}")


def run_property(
    name: str,
    strategy: st.SearchStrategy[tuple[Any, ...]],
    check: Callable[..., None],
    *,
    examples: int,
    seed: int | None,
    shrink_seconds: float | None = None,
) -> InvariantReport:
    """Run `check(*value)` on `examples` values of `strategy`; raise the shrunk `InvariantFailure`."""
    check_options(examples, seed)
    budget = _shrink_seconds() if shrink_seconds is None else shrink_seconds
    started = time.perf_counter()
    tried = 0
    first_failure: float | None = None
    latest: InvariantFailure | None = None

    def body(value: tuple[Any, ...]) -> None:
        nonlocal tried, first_failure, latest
        if first_failure is None:
            tried += 1
        elif time.perf_counter() - first_failure > budget:
            raise _StopShrinking
        raw = value[0]
        try:
            check(*value)
        except InvariantFailure as exc:
            failure = exc
        except HypothesisException:
            raise
        except Exception as exc:
            failure = InvariantFailure(
                name, f"the engine raised {type(exc).__name__}: {raw_message(exc)}", raw
            )
            failure.__cause__ = exc
        else:
            return
        if first_failure is None:
            first_failure = time.perf_counter()
        latest = (
            failure  # the shrinker only tries smaller cases: the latest failure is the smallest
        )
        raise failure

    @property_settings(examples, seed, shrink=budget > 0)
    @given(strategy.map(_Packed))
    def property_test(packed: _Packed) -> None:
        body(packed.value)

    test = hypothesis_seed(seed)(property_test) if seed is not None else property_test
    try:
        test()
    except InvariantFailure as exc:
        raise _finish(exc, tried, started) from None
    except (_StopShrinking, FlakyFailure) as exc:
        if latest is None:
            raise
        raise _finish(latest, tried, started) from exc
    return InvariantReport(
        name, tried, "passed", f"{tried} examples", time.perf_counter() - started
    )


def raw_message(exc: BaseException) -> str:
    """An exception's message as a detail quotes it, before the detail is made printable: the
    message of a thiduarules error is printable already, so it is read back, not escaped twice."""
    text = str(exc)
    return unescape(text) if isinstance(exc, ThiduaRulesError) else text


def _finish(exc: InvariantFailure, tried: int, started: float) -> InvariantFailure:
    exc.examples = tried
    exc.seconds = time.perf_counter() - started
    return exc


@contextlib.contextmanager
def open_engine(ruleset: Ruleset, backend: str = "auto") -> Iterator[Engine]:
    """An engine for the duration of one invariant's run, closed after it."""
    with Engine(ruleset, backend=backend) as engine:
        yield engine


def structured(raw: Raw, ruleset: Ruleset) -> Any:
    """The case file `raw` as a `Case` for `ruleset`."""
    return structure_case(raw, ruleset)


def diff(a: str, b: str, limit: int = 24) -> str:
    """The first `limit` lines of a unified diff of two texts."""
    lines = list(
        difflib.unified_diff(a.splitlines(), b.splitlines(), "first", "second", lineterm="", n=1)
    )
    shown = lines[2 : 2 + limit]
    more = f"\n… {len(lines) - 2 - limit} more lines" if len(lines) - 2 > limit else ""
    return "\n".join(shown) + more


def _shrink_seconds() -> float:
    # Read from the package when a run starts: that is where auditors and tests set it.
    from thiduarules.testing import invariants

    return invariants.SHRINK_SECONDS
