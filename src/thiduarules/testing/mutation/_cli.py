"""`thiduarules audit --mutate`: its options and what it prints."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from thiduarules import _options
from thiduarules.errors import InputError
from thiduarules.ruleset._load import load_ruleset
from thiduarules.testing.mutation._equivalents import read_equivalents
from thiduarules.testing.mutation._run import run_mutants
from thiduarules.testing.scenarios import load_suite


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options `audit --mutate` adds (RULESET and --mutate belong to the `audit` command)."""
    _options.mutation_options(parser)


def run_cli(args: argparse.Namespace) -> int:
    """`thiduarules audit --mutate [RULESET] [--tests FILES…]`: 0 when every non-equivalent
    mutant is killed and the suite passes on the ruleset, else 1."""
    ruleset = load_ruleset(getattr(args, "ruleset", None))
    tests: Iterable[Path] | None = getattr(args, "tests", None)
    try:
        suite = load_suite(list(tests) if tests else None, ruleset)
        equivalents = read_equivalents(getattr(args, "equivalents", None), ruleset.meta.id)
    except InputError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    report = run_mutants(ruleset, suite, equivalents=equivalents)
    sys.stdout.write(report.text())
    sys.stderr.write(f"Thời gian / time: {report.seconds:.1f} s\n")
    return 0 if report.ok else 1
