"""The `thiduarules` command: evaluate, allocate, check, test, audit.

Exit codes: 0 done; 1 bad input (a ruleset or case file with mistakes, a failing check);
2 bad usage; 3 the engine failed; 4 `--timeout` passed. With 3 and 4 no partial result is printed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

import attrs

from thiduarules import _durable, _options
from thiduarules._example import example_case_path
from thiduarules._limits import DEFAULT, Limits
from thiduarules._printable import printable
from thiduarules.case import Case, read_case
from thiduarules.engine import Engine, engine_description, library_version
from thiduarules.errors import (
    DeadlineExceeded,
    EngineError,
    InputError,
    ParameterUnsetError,
    ThiduaRulesError,
)
from thiduarules.render import to_json, to_text
from thiduarules.ruleset import Ruleset, load_ruleset
from thiduarules.ruleset._coverage import coverage_text


def parser() -> argparse.ArgumentParser:
    version = f"thiduarules {library_version()} ({engine_description()})"
    p = argparse.ArgumentParser(
        prog="thiduarules",
        description="Xét điều kiện thi đua – khen thưởng theo bộ quy tắc / evaluate emulation-and-reward nominations against a ruleset.",
    )
    p.add_argument("--version", action="version", version=version)
    sub = p.add_subparsers(dest="command", required=True)

    ev = sub.add_parser("evaluate", help="xét các đề nghị của một hồ sơ / evaluate a case file")
    _options.evaluate_options(ev)
    al = sub.add_parser(
        "allocate",
        help="danh sách đề nghị trong kinh phí / the recommendation list within the budget",
    )
    _options.allocate_options(al)
    ch = sub.add_parser(
        "check",
        help="kiểm tra bộ quy tắc và độ phủ điều khoản / validate a ruleset, show clause coverage",
    )
    _options.check_options(ch)
    te = sub.add_parser(
        "test", help="chạy các kịch bản kiểm thử / run scenario tests against a ruleset"
    )
    _options.test_options(te)
    au = sub.add_parser(
        "audit",
        help="kiểm định bộ quy tắc: bất biến, đột biến / audit a ruleset: invariants, or mutants with --mutate",
    )
    _options.audit_options(au)
    return p


def _limits_of(changes: Sequence[tuple[str, int]]) -> Limits:
    """The `Limits` that `--limit NAME=N` options ask for; `ValueError` names a wrong one."""
    numeric = {f.name for f in attrs.fields(Limits) if f.type in (int, "int")}
    for name, _ in changes:
        if name not in numeric:
            raise ValueError(
                f"không có giới hạn {name!r} / no limit {name!r}; "
                f"the limits are {', '.join(sorted(n.replace('_', '-') for n in numeric))}"
            )
    try:
        return attrs.evolve(DEFAULT, **dict[str, Any](changes))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"giới hạn không hợp lệ / limit not allowed: {exc}") from None


def _load_case(args: argparse.Namespace) -> tuple[Ruleset, Case]:
    limits = _limits_of(args.limit)
    ruleset = load_ruleset(args.ruleset, limits=limits)
    path = args.case if args.case is not None else example_case_path()
    return ruleset, read_case(path, ruleset, limits=limits)


def _evaluate(args: argparse.Namespace) -> int:
    ruleset, case = _load_case(args)
    with Engine(ruleset, backend=args.backend) as engine:
        result = engine.evaluate(case, as_of=args.as_of, timeout=args.timeout)
    sys.stdout.write(
        to_json(result, args.lang) if args.format == "json" else to_text(result, args.lang or "vi")
    )
    return 0


def _allocate(args: argparse.Namespace) -> int:
    ruleset, case = _load_case(args)
    with Engine(ruleset) as engine:
        try:
            rec = engine.allocate(
                case,
                args.budget,
                as_of=args.as_of,
                decision_date=args.decision_date,
                timeout=args.timeout,
            )
        except (ParameterUnsetError, ValueError) as exc:
            if args.budget is not None:
                raise
            sys.stderr.write(
                f"{exc}\nHãy cho kinh phí bằng --budget VND / give the budget with --budget VND\n"
            )
            return 2
    if args.format == "json":
        sys.stdout.write(to_json(rec, args.lang))
    else:
        sys.stdout.write(to_text(rec, args.lang or "vi"))
    return 0


def _check(args: argparse.Namespace) -> int:
    ruleset = load_ruleset(args.ruleset, limits=_limits_of(args.limit))
    text, uncited = coverage_text(ruleset)
    sys.stdout.write(text)
    if not _durable.AVAILABLE:
        sys.stdout.write(f"\n{_durable.UNAVAILABLE_REASON}\n")
    if uncited:
        sys.stderr.write(
            "Điều khoản mục III chưa được trích dẫn / section III clauses not cited: "
            + printable(", ".join(uncited))
            + "\n"
        )
        return 1
    return 0


def _test(args: argparse.Namespace) -> int:
    from thiduarules.testing import scenarios

    return int(scenarios.run_cli(args))


def _audit(args: argparse.Namespace) -> int:
    if args.mutate:
        from thiduarules.testing import mutation

        return int(mutation.run_cli(args))
    try:
        from thiduarules.testing import audit
    except ModuleNotFoundError as exc:
        if exc.name != "hypothesis":
            raise
        sys.stderr.write(
            "thiduarules audit cần Hypothesis / needs Hypothesis: "
            "pip install 'thiduarules[testing]'\n"
        )
        return 2
    return int(audit.run_cli(args))


COMMANDS = {
    "evaluate": _evaluate,
    "allocate": _allocate,
    "check": _check,
    "test": _test,
    "audit": _audit,
}


def main(argv: Sequence[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    try:
        _limits_of(getattr(args, "limit", []))
    except ValueError as exc:
        p.error(str(exc))
    try:
        return COMMANDS[args.command](args)
    except InputError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    except EngineError as exc:
        sys.stderr.write(f"{exc}\n")
        return 3
    except DeadlineExceeded as exc:
        sys.stderr.write(f"{exc}\n")
        return _options.DEADLINE_EXIT
    except ThiduaRulesError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1


if __name__ == "__main__":
    raise SystemExit(main())

__all__ = ["main", "parser"]
