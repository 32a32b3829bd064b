"""`thiduarules audit`: run every invariant on a ruleset, print a table, save counterexamples.

    thiduarules audit [RULESET] [--examples N] [--seed S] [--out DIR]

Each failing invariant's counterexample is written to DIR as `counterexample-<invariant>.json`
(with any case it was compared with beside it, `counterexample-<invariant>-<name>.json`), a
case file that `thiduarules evaluate FILE` replays. Exit status 0 when every invariant passes
(or is skipped), 1 when one fails or the ruleset does not load, 2 for bad usage. Mutation
testing (`--mutate`) is a different mode, dispatched by the command line to its own module.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path
from typing import TextIO

from thiduarules import _options
from thiduarules._printable import printable, printable_lines
from thiduarules.engine import engine_description
from thiduarules.errors import InputError
from thiduarules.ruleset import load_ruleset
from thiduarules.testing.invariants import INVARIANTS, InvariantReport, case_file_text, run_all

RESULT_TEXT = {
    "passed": "đạt / passed",
    "failed": "KHÔNG ĐẠT / failed",
    "skipped": "bỏ qua / skipped",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the audit's arguments on `parser` (the `audit` sub-command's parser)."""
    _options.audit_options(parser, mutate=False)


def _row(name: str, examples: str, result: str, seconds: str) -> str:
    return f"{name:<28} {examples:>8}  {result:<20} {seconds:>8}"


def write_counterexamples(report: InvariantReport, out: Path) -> list[Path]:
    """Write a failed report's counterexample (and the cases it was compared with) into `out`."""
    if report.counterexample is None:
        return []
    out.mkdir(parents=True, exist_ok=True)
    written = [out / f"counterexample-{report.name}.json"]
    written[0].write_text(case_file_text(report.counterexample), encoding="utf-8")
    for label, raw in sorted(report.related.items()):
        path = out / f"counterexample-{report.name}-{label}.json"
        path.write_text(case_file_text(raw), encoding="utf-8")
        written.append(path)
    return written


def run_cli(
    args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the audit the parsed `args` ask for; return the exit status."""
    out_stream = stdout or sys.stdout
    err_stream = stderr or sys.stderr
    examples = getattr(args, "examples", 1000)
    if isinstance(examples, bool) or not isinstance(examples, int) or examples < 1:
        err_stream.write(
            f"--examples phải là số nguyên dương / must be a positive integer, not {examples!r}\n"
        )
        return 2
    given: int | None = getattr(args, "seed", None)
    # Always a seed, printed: a run without one picks its own, so any failure it finds can be
    # replayed with `--seed`.
    seed = given if given is not None else secrets.randbelow(2**32)
    out: Path = getattr(args, "out", None) or Path(".")
    path: Path | None = getattr(args, "ruleset", None)
    try:
        ruleset = load_ruleset(path)
    except InputError as exc:
        err_stream.write(f"{exc}\n")
        return 1
    meta = ruleset.meta
    out_stream.write(
        printable(
            f"Kiểm định bộ quy tắc / Auditing ruleset {meta.id} {meta.version} ({ruleset.content_hash[:19]}…)"
        )
        + "\n"
    )
    seed_text = (
        f"seed {seed}"
        if given is not None
        else f"seed {seed} (chọn ngẫu nhiên; chạy lại với / chosen at random; replay with --seed {seed})"
    )
    out_stream.write(
        f"{examples} ví dụ mỗi bất biến / examples per invariant · {seed_text} · {engine_description()}\n\n"
    )
    out_stream.write(_row("bất biến / invariant", "ví dụ", "kết quả / result", "giây / s") + "\n")
    out_stream.flush()

    def progress(report: InvariantReport) -> None:
        out_stream.write(
            _row(
                report.name,
                str(report.examples),
                RESULT_TEXT[report.result],
                f"{report.seconds:.1f}",
            )
            + "\n"
        )
        out_stream.flush()

    reports = run_all(ruleset, examples=examples, seed=seed, progress=progress)
    total = sum(r.seconds for r in reports)
    out_stream.write(_row("", "", "", f"{total:.1f}") + "\n")
    replay = f" --ruleset {printable(str(path))}" if path is not None else ""
    failed = [r for r in reports if r.result == "failed"]
    if failed:
        rerun = f"thiduarules audit{' ' + printable(str(path)) if path is not None else ''} --examples {examples} --seed {seed}"
        out_stream.write(f"\nChạy lại đúng lần này / replay this run: {rerun}\n")
    for r in failed:
        # A failure's message is a text of its own lines (a diff, a list): each made printable.
        out_stream.write(f"\nKhông đạt / Failed: {r.name}\n")
        out_stream.write(printable_lines(f"  {r.message}".split("\n")))
        written = [printable(str(p)) for p in write_counterexamples(r, out)]
        if written:
            out_stream.write(f"  Phản ví dụ / counterexample: {written[0]}\n")
            out_stream.write(f"    thiduarules evaluate {written[0]}{replay}\n")
            for extra in written[1:]:
                out_stream.write(f"  So sánh với / compared with: {extra}\n")
    for r in reports:
        if r.result == "skipped":
            out_stream.write(f"\n{r.name}: {printable(r.message)}\n")
    verdict = (
        "Mọi bất biến đều đạt / every invariant holds"
        if not failed
        else f"{len(failed)}/{len(INVARIANTS)} bất biến không đạt / invariants failed"
    )
    out_stream.write(f"\n{verdict}\n")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    """`python -m thiduarules.testing.audit`: the audit alone, without the rest of the CLI."""
    parser = argparse.ArgumentParser(
        prog="thiduarules audit", description="Kiểm định bộ quy tắc / audit a ruleset's invariants."
    )
    add_arguments(parser)
    return run_cli(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())

__all__ = ["add_arguments", "main", "run_cli", "write_counterexamples"]
