"""`thiduarules test`: its options and what it prints."""

from __future__ import annotations

import argparse
import sys

from thiduarules import _options
from thiduarules._printable import printable
from thiduarules.errors import InputError
from thiduarules.ruleset._load import load_ruleset
from thiduarules.testing.scenarios._bind import load_suite
from thiduarules.testing.scenarios._coverage import coverage
from thiduarules.testing.scenarios._report import report
from thiduarules.testing.scenarios._run import run


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `thiduarules test [FILES…] [--ruleset PATH]`."""
    _options.test_options(parser)


def run_cli(args: argparse.Namespace) -> int:
    """`thiduarules test`: 0 when every scenario passes, 1 on a failure or a bad file."""
    ruleset = load_ruleset(getattr(args, "ruleset", None))
    files = list(getattr(args, "files", None) or [])
    try:
        suite = load_suite(files, ruleset)
    except InputError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    results = run(suite, ruleset)
    cov = coverage(ruleset, results)
    meta = ruleset.meta
    sys.stdout.write(
        printable(f"Bộ quy tắc / ruleset: {meta.id} {meta.version} ({ruleset.content_hash[:19]}…)")
        + "\n"
    )
    sys.stdout.write(report(results, cov, getattr(args, "lang", "vi")))
    return 0 if all(r.passed for r in results) else 1
