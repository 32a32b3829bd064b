"""How much input the loaders accept: the `Limits` record, and the problem each broken limit gives.

A city system keeps one engine per commune ruleset in a long-running server and reads uploaded
case files (and sometimes rulesets) in it. Whatever is uploaded, it must be refused at load with
a typed error naming the limit, its value, what was found and where — never a traceback from
deep inside (`RecursionError`, Python's integer-conversion `ValueError`), never an hour of work
or gigabytes of memory on one upload, never a string long enough to make durable-rules compare
wrongly (over 64 KiB it compares by length modulo 65,536). The defaults are generous for a real
round (a 10,000-nomination case is about 19 MB and 82,000 assessments); change them with
`attrs.evolve(Limits(), case_bytes=...)` or, on the command line, `--limit case-bytes=...`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from thiduarules.errors import InputError, Problem

__all__ = [
    "DEFAULT",
    "MAX_DEPTH",
    "LimitProblem",
    "Limits",
    "check_size",
    "exceeded",
    "read_bounded",
]

MiB = 1 << 20
# Deeper than this, the ruleset parser and the evaluators would run out of Python's recursion
# before the data could be checked: a nesting limit above it is refused.
MAX_DEPTH = 200
SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
CLAUSE_ID = r"[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*"


def _pattern(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"{attribute.name}: not a regular expression: {exc}") from None


def _count(maximum: int | None = None) -> Any:
    """A whole number of at least 1 (and at most `maximum`); `True` is not a number here."""
    checks = [attrs.validators.instance_of(int), attrs.validators.ge(1)]
    if maximum is not None:
        checks.append(attrs.validators.le(maximum))

    def not_bool(_: object, attribute: attrs.Attribute[int], value: object) -> None:
        if isinstance(value, bool):
            raise TypeError(f"{attribute.name} must be an integer, not {value!r}")

    return attrs.validators.and_(not_bool, *checks)


@attrs.frozen(kw_only=True)
class Limits:
    """What `read_case`, `parse_case`, `structure_case`, `load_ruleset` and `loads_ruleset`
    accept. Each field is one limit; exceeding it raises `CaseFileError` or `RulesetError` with
    a `LimitProblem` at the path where it was exceeded."""

    case_bytes: int = attrs.field(default=64 * MiB, validator=_count())
    """Size of a case file, in bytes of UTF-8."""
    case_depth: int = attrs.field(default=32, validator=_count(MAX_DEPTH))
    """Nesting of a case file's arrays and objects (the format itself needs 4)."""
    string_length: int = attrs.field(default=10_000, validator=_count())
    """Characters in any one string of a case file, keys included."""
    number_digits: int = attrs.field(default=20, validator=_count())
    """Decimal digits of any integer, in a case file or a ruleset."""
    records: int = attrs.field(default=250_000, validator=_count())
    """Records in any one collection of a case file (`candidates`, `assessments`…)."""
    claims_per_achievement: int = attrs.field(default=1_000, validator=_count())
    """Nominations of one case claiming the same achievement."""
    ruleset_bytes: int = attrs.field(default=4 * MiB, validator=_count())
    """Size of a ruleset file, in bytes of UTF-8."""
    criteria: int = attrs.field(default=1_000, validator=_count())
    """Criteria one ruleset defines."""
    ruleset_depth: int = attrs.field(default=64, validator=_count(MAX_DEPTH))
    """Nesting of a ruleset's tables and arrays."""
    slug_length: int = attrs.field(default=100, validator=_count())
    """Characters of a slug, a clause ID or any other key of a ruleset."""
    slug_pattern: str = attrs.field(default=SLUG, validator=_pattern)
    """What a slug looks like (the whole name must match): lowercase ASCII kebab-case."""
    clause_pattern: str = attrs.field(default=CLAUSE_ID, validator=_pattern)
    """What a clause ID looks like: ASCII letters and digits joined by dots (`III.2.1.a.CN1`)."""


DEFAULT = Limits()


@attrs.frozen
class LimitProblem(Problem):
    """A `Problem` that is a broken limit: `limit` names the `Limits` field, `value` is its value."""

    limit: str = ""
    value: int | str = 0


# What each limit guards, as a message: Vietnamese / English.
_WHAT = {
    "case_bytes": "tệp hồ sơ quá lớn / the case file is too large",
    "ruleset_bytes": "tệp quy tắc quá lớn / the ruleset file is too large",
    "case_depth": "lồng nhau quá sâu / nested too deeply",
    "ruleset_depth": "lồng nhau quá sâu / nested too deeply",
    "string_length": "chuỗi quá dài / string too long",
    "number_digits": "số quá lớn / number too large",
    "records": "quá nhiều bản ghi / too many records",
    "claims_per_achievement": "thành tích được quá nhiều đề nghị nêu / an achievement claimed by too many nominations",
    "criteria": "quá nhiều tiêu chuẩn / too many criteria",
    "slug_length": "mã quá dài / name too long",
    "slug_pattern": "mã không đúng dạng (chữ thường ASCII, số, nối bằng gạch ngang) / not a slug (lowercase ASCII letters and digits joined by hyphens)",
    "clause_pattern": "mã điều khoản không đúng dạng (chữ cái ASCII, số, nối bằng dấu chấm) / not a clause ID (ASCII letters and digits joined by dots)",
}


def exceeded(
    limits: Limits,
    limit: str,
    file: str,
    path: str,
    found: str,
    *,
    suggestion: str | None = None,
) -> LimitProblem:
    """The problem for `limit` broken at `path`: the message names the limit and its value."""
    value: int | str = getattr(limits, limit)
    if isinstance(value, int):
        named, expected = f"{limit} = {value:,}", f"at most {value:,}"
    else:
        named, expected = limit, f"the whole name to match {value}"
    return LimitProblem(
        file,
        path,
        f"{_WHAT[limit]} (giới hạn / limit {named})",
        found,
        expected,
        suggestion,
        limit=limit,
        value=value,
    )


def read_bounded(
    path: str | Path,
    name: str,
    limits: Limits,
    limit: str,
    error: Callable[[list[Problem]], InputError],
) -> bytes:
    """A file's bytes, refused once they exceed `limit` (a bytes field of `limits`): never more
    than that limit plus one byte is read, so a pipe or an endless device is refused too."""
    most: int = getattr(limits, limit)
    try:
        with Path(path).open("rb") as f:
            size = os.fstat(f.fileno()).st_size  # 0 for a pipe or a device: read to find out
            data = f.read(most + 1) if size <= most else b""
    except OSError as exc:
        raise error(
            [Problem(name, "$", f"không đọc được tệp / cannot read the file: {exc.strerror}")]
        ) from exc
    if size > most:
        raise error([exceeded(limits, limit, name, "$", f"{size:,} bytes")])
    if len(data) > most:
        raise error([exceeded(limits, limit, name, "$", f"more than {most:,} bytes")])
    return data


def check_size(
    data: bytes | str,
    name: str,
    limits: Limits,
    limit: str,
    error: Callable[[list[Problem]], InputError],
) -> None:
    """Refuse content over the `limit` bytes field; text is measured as its UTF-8 bytes."""
    most: int = getattr(limits, limit)
    if isinstance(data, bytes):
        size = len(data)
    elif len(data) * 4 <= most:  # no text this short can encode to more
        return
    else:
        size = len(data.encode("utf-8", "surrogatepass"))
    if size > most:
        raise error([exceeded(limits, limit, name, "$", f"{size:,} bytes")])
