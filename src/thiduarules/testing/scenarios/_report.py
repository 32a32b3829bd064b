"""The report of a suite's run: each mismatch beside the verdict's explanation, then coverage."""

from __future__ import annotations

from collections.abc import Sequence

from thiduarules._printable import printable_lines
from thiduarules.render._text import verdict_text
from thiduarules.testing.scenarios._coverage import Coverage
from thiduarules.testing.scenarios._model import Expectation, ScenarioResult


class ScenarioFailure(AssertionError):
    """Scenarios whose verdicts are not what they expect; the message is the mismatch report,
    each expectation beside the verdict's explanation. `results` holds the failed runs."""

    def __init__(self, results: Sequence[ScenarioResult], lang: str = "vi") -> None:
        self.results = tuple(results)
        super().__init__(report(self.results, None, lang))


def _expectation_lines(e: Expectation) -> list[str]:
    parts = [f"mong đợi / expected {e.outcome}"]
    if e.cites:
        parts.append(f"dẫn / cites {', '.join(e.cites)}")
    if e.not_cites:
        parts.append(f"không dẫn / not citing {', '.join(e.not_cites)}")
    if e.warns is not None:
        parts.append(f"lưu ý / warnings [{', '.join(e.warns)}]")
    return ["; ".join(parts)]


def report(results: Sequence[ScenarioResult], cov: Coverage | None, lang: str = "vi") -> str:
    """Every scenario's result, each mismatch beside the verdict's explanation, then coverage;
    safe to print (every line made `printable`)."""
    out: list[str] = []
    for res in results:
        s = res.bound.scenario
        title = s.title.vi if lang == "vi" else s.title.en
        out.append(f"{'✓' if res.passed else '✗'} {s.id} — {title}")
        if res.passed:
            continue
        out.append(f"    {s.file}: {s.path} [{', '.join(s.clauses)}]")
        if s.why:
            out.append(f"    Căn cứ / why: {s.why}")
        out.extend(f"    ✗ {f.vi} / {f.en}" for f in res.case_failures)
        for i, c in enumerate(res.checks, 1):
            if not c.failures:
                continue
            out.append(f"    {c.expectation.nomination}: " + _expectation_lines(c.expectation)[0])
            out.extend(f"      ✗ {f.vi} / {f.en}" for f in c.failures)
            if c.verdict is not None:
                out.extend("      " + line for line in verdict_text(c.verdict, lang, i))
    failed = sum(not r.passed for r in results)
    out.append("")
    if cov is not None:
        out.extend(cov.text())
        out.append("")
    out.append(
        f"Kết quả / result: {len(results) - failed} đạt / passed, {failed} không đạt / failed, {len(results)} kịch bản / scenarios"
    )
    return printable_lines(out)
