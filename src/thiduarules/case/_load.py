"""Reading a case file: JSON → NFC → cattrs (unknown fields rejected) → checks against a ruleset."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, is_sequence
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError

from thiduarules._clean import Cleaner, keep_duplicates
from thiduarules._limits import DEFAULT, Limits, check_size, read_bounded
from thiduarules.case._check import CaseChecker
from thiduarules.case._counts import count_problems
from thiduarules.case._locate import json_limit_problems
from thiduarules.case._memo import IdentityMemo
from thiduarules.case._model import (
    FORMAT,
    Achievement,
    Assessment,
    Award,
    Candidate,
    Case,
    CouncilDecision,
    Nomination,
    UnitReport,
)
from thiduarules.errors import CaseFileError, Problem, closest, quoted
from thiduarules.ruleset._load import path_key
from thiduarules.ruleset._model import Ruleset

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _found(value: Any) -> str:
    """A JSON value as a person would name it: `string '2026'`, `null`, `integer 7`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"string {quoted(value)}"
    if isinstance(value, int | float):
        return f"number {value}"
    return "an array" if isinstance(value, list) else "an object"


def _strict(kind: type, name: str) -> Callable[[Any, Any], Any]:
    def hook(value: Any, _: Any) -> Any:
        # bool is an int in Python; a case file's `true` is never a year.
        if type(value) is not kind:
            raise TypeError(f"expected {name}, found {_found(value)}")
        return value

    return hook


def _date(value: Any, _: Any) -> dt.date:
    if isinstance(value, str) and _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"expected a real date, found {_found(value)}") from None
    raise ValueError(f'expected a date "YYYY-MM-DD", found {_found(value)}')


def _arrays(type_: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """A JSON array, item by item; never a string or an object read as its characters or keys."""
    items = homogenous_tuple_structure_factory(type_, conv)

    def hook(value: Any, _: Any) -> Any:
        if not isinstance(value, list):
            raise TypeError(f"expected an array, found {_found(value)}")
        return items(value, type_)

    return hook


def make_converter() -> cattrs.Converter:
    """The case-file converter: strict scalar types, JSON arrays, ISO dates, unknown keys rejected."""
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook_factory(is_sequence, _arrays)
    conv.register_structure_hook(str, _strict(str, "a string"))
    conv.register_structure_hook(int, _strict(int, "an integer"))
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    conv.register_structure_hook(dt.date, _date)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    return conv


converter = make_converter()


def read_case(path: str | Path, ruleset: Ruleset, *, limits: Limits | None = None) -> Case:
    """Load a case file and check it against `ruleset`; raise `CaseFileError` with every problem.
    `limits` bounds what is accepted (file size, nesting, lengths, counts; default `Limits()`)."""
    limits = limits or DEFAULT
    name = str(path)
    data = read_bounded(path, name, limits, "case_bytes", CaseFileError)
    return parse_case(data, ruleset, name, limits=limits)


def parse_case(
    data: bytes | str, ruleset: Ruleset, name: str = "<string>", *, limits: Limits | None = None
) -> Case:
    """Like `read_case`, from the file's content."""
    limits = limits or DEFAULT
    check_size(data, name, limits, "case_bytes", CaseFileError)
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        raw = json.loads(text, object_pairs_hook=keep_duplicates)
    except UnicodeDecodeError as exc:
        raise CaseFileError(
            [Problem(name, "$", f"không phải UTF-8 / not UTF-8 at byte {exc.start}")]
        ) from exc
    except json.JSONDecodeError as exc:
        raise CaseFileError(
            [
                Problem(
                    name,
                    "$",
                    f"JSON không hợp lệ / invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                )
            ]
        ) from exc
    except (RecursionError, ValueError) as exc:
        # Nesting past the parser's recursion, or an integer past Python's conversion limit.
        problems = json_limit_problems(text, name, limits) or [
            Problem(name, "$", f"JSON không đọc được / JSON that cannot be read: {exc}")
        ]
        raise CaseFileError(problems) from None
    return _structure(_clean(raw, name, limits), ruleset, name)


def structure_case(
    raw: Any, ruleset: Ruleset, name: str = "<data>", *, limits: Limits | None = None
) -> Case:
    """Structure already-parsed JSON data into a `Case` checked against `ruleset` (the data is
    read, never changed)."""
    return _structure(_clean(raw, name, limits or DEFAULT), ruleset, name)


def _clean(raw: Any, name: str, limits: Limits) -> Any:
    """The data in NFC; `CaseFileError` if it breaks a limit anywhere (nothing is structured)."""
    cleaner = Cleaner(
        name,
        limits,
        depth="case_depth",
        strings="string_length",
        keys="string_length",
        numbers=True,
    )
    raw = cleaner.run(raw)
    problems = cleaner.problems or (
        count_problems(raw, name, limits) if isinstance(raw, dict) else []
    )
    if problems:
        raise CaseFileError(_sorted(problems))
    return raw


def _structure(raw: Any, ruleset: Ruleset, name: str) -> Case:
    if not isinstance(raw, dict):
        raise CaseFileError(
            [
                Problem(
                    name,
                    "$",
                    "phải là đối tượng JSON / must be a JSON object",
                    found=type(raw).__name__,
                )
            ]
        )
    try:
        case = converter.structure(raw, Case)
    except ClassValidationError as exc:
        # Report every shape problem, then still check what did structure, so that a wrong type
        # in one place does not hide an unknown track in another.
        problems = shape_problems(exc, name)
        partial, indexes, broken = _partial(raw)
        problems += CaseChecker(ruleset, name, indexes=indexes, broken=broken).check(partial)
        raise CaseFileError(_sorted(problems)) from exc
    problems = CaseChecker(ruleset, name).check(case)
    if problems:
        raise CaseFileError(_sorted(problems))
    case = sort_case(case)
    _remember_checked(case, ruleset)
    return case


_SEP = "\x1f"


def _format(exc: BaseException, type_: Any) -> str:
    """cattrs' error text, replaced by our own hooks' messages and by structured extra keys."""
    if isinstance(exc, ForbiddenExtraKeysError):
        allowed = sorted(f.name for f in attrs.fields(exc.cl)) if attrs.has(exc.cl) else []
        return _SEP.join(["extra", ",".join(sorted(exc.extra_fields)), ",".join(allowed)])
    if isinstance(exc, KeyError):
        return "missing"
    if isinstance(exc, TypeError | ValueError) and str(exc).startswith("expected"):
        return str(exc)
    return str(cattrs.v.format_exception(exc, type_))


def shape_problems(exc: ClassValidationError, name: str) -> list[Problem]:
    """cattrs' exception group as problems, each at its JSON path."""
    problems = []
    for line in cattrs.transform_error(exc, path="$", format_exception=_format):
        message, _, where = line.rpartition(" @ ")
        where = where or "$"
        if message.startswith("extra" + _SEP):
            _, fields, allowed = message.split(_SEP)
            choices = allowed.split(",") if allowed else []
            for field in fields.split(","):
                problems.append(
                    Problem(
                        name,
                        f"{where}.{field}",
                        "trường không hợp lệ / unknown field",
                        quoted(field),
                        "one of " + ", ".join(choices) if choices else None,
                        closest(field, choices),
                    )
                )
        elif message == "missing":
            problems.append(
                Problem(name, where, "thiếu trường bắt buộc / required field is missing")
            )
        else:
            problems.append(Problem(name, where, f"sai kiểu / wrong type: {message}"))
    return problems


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (path_key(p.path), p.message))


_COLLECTIONS: dict[str, type] = {
    "candidates": Candidate,
    "achievements": Achievement,
    "assessments": Assessment,
    "awards": Award,
    "nominations": Nomination,
    "unit_reports": UnitReport,
    "council_decisions": CouncilDecision,
}


def _partial(raw: dict[str, Any]) -> tuple[Case, dict[str, list[int]], set[str]]:
    """The items that do structure, where each came from, and the ids of those that do not."""
    parts: dict[str, Any] = {}
    indexes: dict[str, list[int]] = {}
    broken: set[str] = set()
    for coll, cls in _COLLECTIONS.items():
        items: list[Any] = []
        where: list[int] = []
        raw_items = raw.get(coll, [])
        for i, item in enumerate(raw_items if isinstance(raw_items, list) else []):
            try:
                items.append(converter.structure(item, cls))
                where.append(i)
            except Exception:  # its shape problem is already reported
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    broken.add(item["id"])
        parts[coll] = tuple(items)
        indexes[coll] = where
    fmt = raw.get("format")
    return Case(format=fmt if isinstance(fmt, str) else FORMAT, **parts), indexes, broken


def sort_case(case: Case) -> Case:
    """The same case with every collection in a canonical order (so input order never matters)."""
    return attrs.evolve(
        case,
        candidates=tuple(sorted(case.candidates, key=lambda c: c.id)),
        achievements=tuple(sorted(case.achievements, key=lambda a: a.id)),
        assessments=tuple(sorted(case.assessments, key=lambda a: a.id)),
        awards=tuple(sorted(case.awards, key=lambda a: a.id)),
        nominations=tuple(sorted(case.nominations, key=lambda n: n.id)),
        unit_reports=tuple(sorted(case.unit_reports, key=_report_key)),
        council_decisions=tuple(sorted(case.council_decisions, key=lambda d: d.id)),
    )


def _report_key(r: UnitReport) -> tuple[str, int, str]:
    return (r.unit, r.year, r.reported.isoformat() if r.reported else "")


# Cases this process structured and checked, with the content hash of the ruleset they fit:
# the engine need not check them again.
_CHECKED: IdentityMemo[Case, str] = IdentityMemo()


def _remember_checked(case: Case, ruleset: Ruleset) -> None:
    _CHECKED.put(case, ruleset.content_hash)


def check_case(case: Case, ruleset: Ruleset, name: str = "<Case>") -> None:
    """Check a `Case` that may have been built in Python, not read from a file, with the same
    errors a file gets: wrong types and dangling references raise `CaseFileError`, never a
    bare `KeyError` deep inside the engine. A case `structure_case` returned for this ruleset
    was checked then, and is not checked again."""
    if _CHECKED.get(case) == ruleset.content_hash:
        return
    try:
        problems = CaseChecker(ruleset, name).check(case)
    except (TypeError, AttributeError, ValueError):
        # Values of the wrong type: structure it as a file would be, for the file's messages.
        structure_case(converter.unstructure(case), ruleset, name)
        raise CaseFileError(  # structure_case found nothing, yet the checker could not run
            [Problem(name, "$", "hồ sơ không hợp lệ / the case is not well-formed")]
        ) from None
    # Text that cannot be encoded (a lone surrogate) would fail only inside the evaluation.
    encodable = Cleaner(name, DEFAULT, depth=None, strings=None, keys=None, numbers=False)
    encodable.run(converter.unstructure(case))
    problems += encodable.problems
    if problems:
        raise CaseFileError(_sorted(problems))
    _remember_checked(case, ruleset)
