"""A digest of every input of a case that can change a verdict, over a typed canonical encoding.

Every record is written as its class name and its fields in declaration order, each value in
the JSON type that is its own — `null`, `"None"`, `0`, `false` and `""` all differ — a date as
`{"date": "YYYY-MM-DD"}` and a decimal as `{"decimal": "0.3"}`, never as the string it prints
as nor as a list that spells the same. Records are put in a
canonical order, so input order never matters, and the whole is written once by the C
encoder. Same digest, same facts: the stamp's promise rests on it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import operator
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from thiduarules.case._memo import IdentityMemo
from thiduarules.case._model import Case

COLLECTIONS = (
    "candidates",
    "achievements",
    "assessments",
    "awards",
    "nominations",
    "unit_reports",
    "council_decisions",
)


def _default(value: Any) -> Any:
    # Tagged as one-key objects: no field of a record and no parameter value is ever a JSON
    # object, so a tag cannot be spelt by a list of strings.
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    raise TypeError(f"no canonical encoding for {type(value).__name__}")


_encode = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), default=_default, check_circular=False
).encode
_ROWS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def _row(record: Any) -> tuple[Any, ...]:
    get = _ROWS.get(type(record))
    if get is None:
        names = [f.name for f in attrs.fields(type(record))]
        get = _ROWS[type(record)] = operator.attrgetter(*names)
    return get(record)


def _order(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A total order on rows whose fields may be None beside a value: None first."""
    return tuple((0, "") if v is None else (1, v) for v in row)


def _rows(records: tuple[Any, ...]) -> list[Any]:
    rows = [_row(r) for r in records]
    if records and hasattr(records[0], "id"):
        rows.sort(key=operator.itemgetter(0))  # ids are unique within a collection (checked)
    else:
        rows.sort(key=_order)
    return rows


_DIGESTS: IdentityMemo[Case, str] = IdentityMemo()


def case_digest(case: Case) -> str:
    """`sha256:` over every record of `case` and its evaluation date, in any input order.

    A case is frozen, so its digest is computed once and remembered while the case lives: a
    case evaluated again (another ruleset, a what-if, another date) does not pay for it again.
    """
    known = _DIGESTS.get(case)
    if known is not None:
        return known
    digest = _compute(case)
    _DIGESTS.put(case, digest)
    return digest


def _compute(case: Case) -> str:
    body = [
        [case.format, case.commune, case.as_of],
        *([name, _rows(getattr(case, name))] for name in COLLECTIONS),
    ]
    return "sha256:" + hashlib.sha256(_encode(body).encode("utf-8")).hexdigest()


def overrides_digest(overrides: Mapping[str, Any]) -> str:
    """`sha256:` over parameter overrides `{name: value}`, typed the same way."""
    body = [[name, overrides[name]] for name in sorted(overrides)]
    return "sha256:" + hashlib.sha256(_encode(body).encode("utf-8")).hexdigest()
