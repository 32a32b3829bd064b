"""Running bound scenarios, and checking each verdict against what its scenario expects."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from thiduarules.engine import Engine
from thiduarules.ruleset._model import ParamValue, Ruleset, Text
from thiduarules.testing.scenarios._bind import apply_overrides, load_suite
from thiduarules.testing.scenarios._model import Bound, Check, Expectation, ScenarioResult
from thiduarules.testing.scenarios._report import ScenarioFailure
from thiduarules.verdict import CaseResult, Node, Verdict

CITING_KINDS = frozenset({"track", "subject", "form", "timing", "principle", "achievement"})


def cited_clauses(verdict: Verdict) -> frozenset[str]:
    """The clauses cited by the part of the explanation that decides the outcome.

    From the root, every node whose result is its parent's (for an eligible verdict the parts
    that hold, for an ineligible one the parts that fail, for an undetermined one the parts left
    open), plus the clauses of what is missing and of the warnings. Alternatives that did not
    decide the outcome are left out, so `cites` can say which one did. Only nodes that stand
    for a rule count — the track, subject, form, timing, principles, claimed achievements, and
    the innermost criteria on the way: a criterion made of other criteria cites the clauses of
    all its alternatives, its deciding parts cite only their own.
    """
    out: set[str] = set()

    def visit(node: Node) -> bool:
        """Collect `node`'s chain; True when a criterion was met on the way down."""
        found = False
        for child in node.children:
            if child.result == node.result:
                found = visit(child) or found
        if node.kind == "criterion":
            if not found:
                out.update(node.clauses)
            return True
        if node.kind in CITING_KINDS:
            out.update(node.clauses)
        return found

    visit(verdict.explanation)
    for note in verdict.missing + verdict.warnings:
        out.update(note.clauses)
    return frozenset(out)


def check_verdict(expectation: Expectation, verdict: Verdict | None) -> tuple[Text, ...]:
    """How `verdict` differs from `expectation` (empty when it matches)."""
    if verdict is None:
        return (
            Text(
                f"không có kết quả cho đề nghị {expectation.nomination}",
                f"no verdict for nomination {expectation.nomination}",
            ),
        )
    out: list[Text] = []
    if verdict.outcome != expectation.outcome:
        out.append(
            Text(
                f"kết quả {verdict.outcome}, mong đợi {expectation.outcome}",
                f"outcome {verdict.outcome}, expected {expectation.outcome}",
            )
        )
    cited = cited_clauses(verdict)
    missing = [c for c in expectation.cites if c not in cited]
    if missing:
        out.append(
            Text(
                f"lời giải thích không dẫn {', '.join(missing)}",
                f"the explanation does not cite {', '.join(missing)}",
            )
        )
    extra = [c for c in expectation.not_cites if c in cited]
    if extra:
        out.append(
            Text(
                f"lời giải thích dẫn {', '.join(extra)}, không được dẫn",
                f"the explanation cites {', '.join(extra)}, which it must not",
            )
        )
    if expectation.warns is not None:
        warned = sorted({c for n in verdict.warnings for c in n.clauses})
        if warned != sorted(set(expectation.warns)):
            shown = ", ".join(warned) or "—"
            want = ", ".join(sorted(set(expectation.warns))) or "—"
            out.append(
                Text(
                    f"lưu ý dẫn [{shown}], mong đợi [{want}]",
                    f"warnings cite [{shown}], expected [{want}]",
                )
            )
    return tuple(out)


def evaluate(engine: Engine, bound: Bound) -> ScenarioResult:
    """Run one bound scenario on `engine` (built on the ruleset with the scenario's overrides)."""
    result = engine.evaluate(bound.case, as_of=bound.as_of)
    verdicts = {v.nomination: v for v in result.verdicts}
    checks = tuple(
        Check(e, verdicts.get(e.nomination), check_verdict(e, verdicts.get(e.nomination)))
        for e in bound.scenario.expectations
    )
    return ScenarioResult(bound, result, checks, _check_reports(bound, result))


def _check_reports(bound: Bound, result: CaseResult) -> tuple[Text, ...]:
    """Whether the units flagged for a late or missing report (plan IV.2) are those expected."""
    expected = bound.scenario.late_reports
    if expected is None:
        return ()
    flagged = sorted({str(note.arg("unit")) for note in result.late_reports})
    want = sorted(set(expected))
    if flagged == want:
        return ()
    shown = ", ".join(flagged) or "—"
    wanted = ", ".join(want) or "—"
    return (
        Text(
            f"đơn vị báo cáo chậm: [{shown}], mong đợi [{wanted}]",
            f"units reporting late: [{shown}], expected [{wanted}]",
        ),
    )


class Engines:
    """One engine per distinct set of parameter overrides of one ruleset, closed together.

    `rehash=False` skips recomputing the content hash of each overridden ruleset (a third of a
    mutation run's time): the verdicts' stamps then carry the ruleset's own hash. Only for runs
    whose verdicts are compared and never shown.
    """

    def __init__(self, ruleset: Ruleset, backend: str = "auto", *, rehash: bool = True) -> None:
        self.ruleset = ruleset
        self.backend = backend
        self.rehash = rehash
        self._engines: dict[tuple[tuple[str, ParamValue], ...], Engine] = {}

    def get(self, overrides: tuple[tuple[str, ParamValue], ...]) -> Engine:
        engine = self._engines.get(overrides)
        if engine is None:
            engine = self._engines[overrides] = Engine(
                apply_overrides(self.ruleset, overrides, rehash=self.rehash), backend=self.backend
            )
        return engine

    def close(self) -> None:
        for engine in self._engines.values():
            engine.close()
        self._engines.clear()

    def __enter__(self) -> Engines:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def run(
    suite: Iterable[Bound], ruleset: Ruleset, *, backend: str = "auto"
) -> tuple[ScenarioResult, ...]:
    """Run every bound scenario against `ruleset`, in order."""
    with Engines(ruleset, backend) as engines:
        return tuple(evaluate(engines.get(b.overrides), b) for b in suite)


def check_suite(
    ruleset: Ruleset,
    paths: Sequence[str | Path] | None = None,
    *,
    lang: str = "vi",
    backend: str = "auto",
) -> tuple[ScenarioResult, ...]:
    """Run the scenario files `paths` (default: the shipped suite) against `ruleset`; raise
    `ScenarioFailure` with the mismatch report if any scenario fails, else return the results."""
    results = run(load_suite(paths, ruleset), ruleset, backend=backend)
    failed = [r for r in results if not r.passed]
    if failed:
        raise ScenarioFailure(failed, lang)
    return results
