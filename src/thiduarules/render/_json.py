"""The JSON form of a case result, through cattrs: one document, byte-identical for equal input."""

from __future__ import annotations

import json
from typing import Any

import cattrs

from thiduarules.verdict import CaseResult

converter = cattrs.Converter()


def to_jsonable(result: CaseResult) -> dict[str, Any]:
    """The case result as plain JSON data: `{"stamp": …, "verdicts": […], "conflicts": […], …}`."""
    data: dict[str, Any] = converter.unstructure(result)
    return data


def to_json(result: CaseResult) -> str:
    """The case result as indented UTF-8 JSON text, ending with a newline."""
    return json.dumps(to_jsonable(result), ensure_ascii=False, indent=2) + "\n"
