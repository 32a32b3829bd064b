"""Canonical JSON: one byte sequence per value, for content hashes, digests and stable output."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

import attrs


def plain(value: Any) -> Any:
    """A JSON-ready form of attrs objects, tuples, dates and decimals (class names kept)."""
    if attrs.has(type(value)):
        out: dict[str, Any] = {"@": type(value).__name__}
        for field in attrs.fields(type(value)):
            out[field.name] = plain(getattr(value, field.name))
        return out
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def dumps(value: Any) -> str:
    """Compact JSON with sorted keys and real UTF-8 text (Vietnamese stays readable)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(value: Any) -> str:
    """`sha256:` + the hex digest of the canonical JSON of `value`."""
    return "sha256:" + hashlib.sha256(dumps(plain(value)).encode("utf-8")).hexdigest()
