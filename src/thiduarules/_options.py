"""Every command-line option of `thiduarules`, defined once.

The command line (`cli.py`) and the testing tools' own entry points (`thiduarules.testing.audit`,
`scenarios.add_arguments`, `mutation.add_arguments`) register their options from here, so an
option means the same, is parsed the same and is explained the same wherever it appears. This
module imports nothing beyond the standard library, so building the parser never needs the
testing extra.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from thiduarules._printable import printable
from thiduarules.errors import quoted

LANGS = ("vi", "en")
DEADLINE_EXIT = 4  # the exit code when --timeout passes
BACKENDS = ("auto", "durable", "plain")


def iso_date(text: str) -> dt.date:
    """An option's date, `YYYY-MM-DD`."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"ngày không hợp lệ / not a date: {printable(quoted(text))} (expected YYYY-MM-DD)"
        ) from None


def budget(text: str) -> int:
    """An amount in đồng; `10.000.000`, `10,000,000` and `10_000_000` are read as 10000000."""
    cleaned = text.replace(",", "").replace(".", "").replace("_", "")
    if not cleaned.isdigit():
        raise argparse.ArgumentTypeError(
            f"kinh phí phải là số đồng / budget must be whole đồng: {printable(quoted(text))}"
        )
    return int(cleaned)


def positive(text: str) -> int:
    """A whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"phải là số nguyên dương / must be a positive integer: {printable(quoted(text))}"
        )
    return value


def limit(text: str) -> tuple[str, int]:
    """`NAME=N`, one limit of what the loaders accept: `case-bytes=134217728` → (`case_bytes`,
    134217728). Whether NAME is a limit is checked against `thiduarules.Limits` by the command."""
    name, sep, value = text.partition("=")
    name = name.strip().replace("-", "_")
    number = value.strip().replace("_", "")
    if not sep or not name.isidentifier() or not number.isdigit() or int(number) < 1:
        raise argparse.ArgumentTypeError(
            f"giới hạn phải có dạng TÊN=SỐ / a limit is NAME=N, N a positive integer: {text!r}"
        )
    return name, int(number)


def limits(p: argparse.ArgumentParser) -> None:
    """`--limit NAME=N`, repeatable: change one limit of what is read (docs/security.md)."""
    p.add_argument(
        "--limit",
        action="append",
        type=limit,
        default=[],
        metavar="NAME=N",
        help="change one limit of what is read, e.g. case-bytes=134217728 or records=500000 "
        "(repeatable; every limit and its default: docs/security.md)",
    )


def seconds(text: str) -> float:
    """A time limit in seconds: a positive number (`2`, `0.5`)."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(
            f"phải là số giây dương / must be a positive number of seconds: {text!r}"
        )
    return value


def timeout(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--timeout",
        type=seconds,
        metavar="SECONDS",
        help=(
            "stop if the evaluation (once the files are read) takes longer than SECONDS: "
            f"nothing on stdout, the reason on stderr, exit code {DEADLINE_EXIT} (default: no limit)"
        ),
    )


def ruleset(p: argparse.ArgumentParser, *, positional: bool = False) -> None:
    """The ruleset file: `--ruleset PATH`, or a positional RULESET."""
    text = "ruleset file (TOML); default: the bundled Khúc Thừa Dụ ruleset"
    if positional:
        p.add_argument("ruleset", nargs="?", type=Path, help=text)
    else:
        p.add_argument("--ruleset", type=Path, help=text)


def case(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "case", nargs="?", type=Path, help="case file (JSON); default: the bundled example"
    )


def as_of(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as-of",
        type=iso_date,
        help="evaluation date (YYYY-MM-DD); default: the case's as_of, else today",
    )


def output(p: argparse.ArgumentParser, *, default_format: str, adds: str) -> None:
    """`--format json|text` and `--lang vi|en` (with json, the text of each `adds` is added)."""
    p.add_argument("--format", choices=("json", "text"), default=default_format)
    p.add_argument(
        "--lang",
        choices=LANGS,
        help=f"language of the text (default vi); with --format json, adds each {adds}'s text",
    )


def lang(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=LANGS, default="vi", help="language of the explanations shown")


def evaluate_options(p: argparse.ArgumentParser) -> None:
    case(p)
    ruleset(p)
    as_of(p)
    output(p, default_format="json", adds="node")
    limits(p)
    timeout(p)
    p.add_argument("--backend", choices=BACKENDS, default="auto", help=argparse.SUPPRESS)


def allocate_options(p: argparse.ArgumentParser) -> None:
    case(p)
    p.add_argument(
        "--budget",
        type=budget,
        help="the commune's reward budget, in đồng; default: the ruleset's budget parameter, if set",
    )
    ruleset(p)
    as_of(p)
    p.add_argument(
        "--decision-date",
        type=iso_date,
        help="date of the reward decision (amounts in force then); default: as-of",
    )
    output(p, default_format="text", adds="note")
    limits(p)
    timeout(p)


def check_options(p: argparse.ArgumentParser) -> None:
    """`thiduarules check [RULESET] [--limit NAME=N]`."""
    ruleset(p, positional=True)
    limits(p)


def test_options(p: argparse.ArgumentParser) -> None:
    """`thiduarules test [FILES…] [--ruleset PATH] [--lang]`."""
    p.add_argument(
        "files", nargs="*", type=Path, help="scenario files (TOML); default: the shipped suite"
    )
    ruleset(p)
    lang(p)


def mutation_options(p: argparse.ArgumentParser) -> None:
    """What `audit --mutate` adds."""
    p.add_argument(
        "--tests",
        nargs="+",
        type=Path,
        help="with --mutate: scenario files; default: the shipped suite",
    )
    p.add_argument(
        "--equivalents",
        type=Path,
        help="with --mutate: the equivalent-mutants file; default: the shipped one",
    )


def audit_options(p: argparse.ArgumentParser, *, mutate: bool = True) -> None:
    """`thiduarules audit [RULESET] [--examples N] [--seed S] [--out DIR]`, and `--mutate` with
    its options when `mutate`."""
    ruleset(p, positional=True)
    if mutate:
        p.add_argument(
            "--mutate",
            action="store_true",
            help="mutation testing of the ruleset against its scenario suite",
        )
        mutation_options(p)
    p.add_argument(
        "--examples", type=positive, default=1000, help="examples per invariant (default 1000)"
    )
    p.add_argument("--seed", type=int, help="seed for a reproducible run")
    p.add_argument(
        "--out",
        type=Path,
        default=Path("."),
        help="where counterexample case files are written (default: here)",
    )
