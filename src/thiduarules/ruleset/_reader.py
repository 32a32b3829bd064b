"""Reading raw TOML tables with key paths, collecting every problem instead of stopping."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from thiduarules.errors import Problem, closest, quoted


def describe(value: object) -> str:
    """A short, readable description of a raw value, for "found …" in a message."""
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"integer {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "…"
        return f"string {quoted(shown)}"
    if isinstance(value, dt.datetime):
        return f"date-time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"date {value.isoformat()}"
    if isinstance(value, list):
        return f"array of {len(value)}"
    if isinstance(value, dict):
        return "table"
    return type(value).__name__


def join(path: str, key: str | int) -> str:
    """Extend a key path: `criteria.x` + `when` → `criteria.x.when`; indexes as `[i]`."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    part = key if key.replace("-", "").replace("_", "").isalnum() else f'"{key}"'
    return f"{path}.{part}" if path else part


class Reader:
    """Collects problems for one file; every `read_*` returns None (and records why) on error."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def problem(
        self,
        path: str,
        message: str,
        *,
        found: object = None,
        expected: str | None = None,
        suggestion: str | None = None,
        raw: bool = False,
    ) -> None:
        shown = found if raw or found is None else describe(found)
        self.problems.append(
            Problem(
                self.file,
                path,
                message,
                None if shown is None else str(shown),
                expected,
                suggestion,
            )
        )

    def keys(
        self,
        table: Mapping[str, Any],
        path: str,
        *,
        required: Iterable[str] = (),
        optional: Iterable[str] = (),
    ) -> bool:
        """Check a table's keys: every required one present, nothing unknown."""
        required = tuple(required)
        allowed = set(required) | set(optional)
        ok = True
        for key in sorted(table):
            if key not in allowed:
                ok = False
                self.problem(
                    join(path, key),
                    "khóa không hợp lệ / unknown key",
                    found=quoted(key),
                    raw=True,
                    expected="one of " + ", ".join(sorted(allowed)),
                    suggestion=closest(key, allowed),
                )
        for key in required:
            if key not in table:
                ok = False
                self.problem(join(path, key), "thiếu khóa bắt buộc / required key is missing")
        return ok

    def table(self, value: object, path: str) -> dict[str, Any] | None:
        if value is None:  # a missing key: `keys()` has reported it
            return None
        if isinstance(value, dict):
            return value
        self.problem(path, "phải là bảng / must be a table", found=value, expected="a table")
        return None

    def string(
        self, value: object, path: str, *, choices: Iterable[str] | None = None
    ) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.problem(
                path, "phải là chuỗi / must be a string", found=value, expected="a non-empty string"
            )
            return None
        if choices is not None:
            allowed = tuple(choices)
            if value not in allowed:
                self.problem(
                    path,
                    "giá trị không hợp lệ / value not allowed",
                    found=value,
                    expected="one of " + ", ".join(allowed),
                    suggestion=closest(value, allowed),
                )
                return None
        return value

    def integer(self, value: object, path: str, *, minimum: int | None = None) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(
                path, "phải là số nguyên / must be an integer", found=value, expected="an integer"
            )
            return None
        if minimum is not None and value < minimum:
            self.problem(path, f"phải ≥ {minimum} / must be at least {minimum}", found=value)
            return None
        return value

    def date(self, value: object, path: str) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        self.problem(
            path,
            "phải là ngày / must be a date",
            found=value,
            expected="a TOML date such as 2026-03-31",
        )
        return None

    def strings(self, value: object, path: str) -> tuple[str, ...] | None:
        if value is None:
            return None
        if not isinstance(value, list) or not value:
            self.problem(
                path,
                "phải là mảng chuỗi / must be an array of strings",
                found=value,
                expected="a non-empty array of strings",
            )
            return None
        out: list[str] = []
        for i, item in enumerate(value):
            s = self.string(item, join(path, i))
            if s is not None:
                out.append(s)
        return tuple(out) if len(out) == len(value) else None
