"""A digest of every input of a case that can change a verdict, over a typed canonical encoding.

Each value is written with its type (`["s", "None"]` is not `["n"]`, `["i", 0]` is not
`["b", false]`, a date is not its ISO string), records in canonical order, as compact JSON
through the C encoder. Same digest, same facts: the stamp's promise rests on it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from thiduarules.case._model import Case

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode


def typed(value: Any) -> Any:
    """`value` as JSON data that keeps its type."""
    if value is None:
        return ["n"]
    if isinstance(value, bool):
        return ["b", value]
    if isinstance(value, int):
        return ["i", str(value)]
    if isinstance(value, str):
        return ["s", value]
    if isinstance(value, Decimal):
        return ["d", str(value)]
    if isinstance(value, dt.date):
        return ["t", value.isoformat()]
    if isinstance(value, tuple | list):
        return ["l", [typed(v) for v in value]]
    if attrs.has(type(value)):
        return [
            "r",
            type(value).__name__,
            [[f.name, typed(getattr(value, f.name))] for f in attrs.fields(type(value))],
        ]
    raise TypeError(f"no canonical encoding for {type(value).__name__}")


def _sorted(records: tuple[Any, ...]) -> list[Any]:
    return sorted((typed(r) for r in records), key=_encode)


def case_digest(case: Case) -> str:
    """`sha256:` over every record of `case` and its evaluation date, in any input order."""
    body = [
        typed(case.format),
        typed(case.commune),
        typed(case.as_of),
        *(
            _sorted(getattr(case, name))
            for name in (
                "candidates",
                "achievements",
                "assessments",
                "awards",
                "nominations",
                "unit_reports",
                "council_decisions",
            )
        ),
    ]
    return "sha256:" + hashlib.sha256(_encode(body).encode("utf-8")).hexdigest()


def overrides_digest(overrides: Mapping[str, Any]) -> str:
    """`sha256:` over parameter overrides `{name: value}`, typed the same way."""
    body = [[name, typed(overrides[name])] for name in sorted(overrides)]
    return "sha256:" + hashlib.sha256(_encode(body).encode("utf-8")).hexdigest()
