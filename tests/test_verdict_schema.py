"""The JSON output matches the schema documented in docs/verdicts.md (checked by a small validator
for the subset of JSON Schema that page uses, so the page cannot drift from the code)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from thiduarules import Engine, to_json

DOC = Path(__file__).resolve().parent.parent / "docs" / "verdicts.md"
TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "boolean": bool,
    "null": type(None),
}


def schema() -> dict[str, Any]:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"## JSON Schema\s+```json\n(.*?)```", text, re.S)
    assert block, "docs/verdicts.md has no JSON Schema block"
    return json.loads(block.group(1))


def check(value: Any, s: dict[str, Any], root: dict[str, Any], path: str) -> list[str]:
    if "$ref" in s:
        return check(value, root["$defs"][s["$ref"].rsplit("/", 1)[1]], root, path)
    if "oneOf" in s:
        ok = [alt for alt in s["oneOf"] if not check(value, alt, root, path)]
        return [] if len(ok) == 1 else [f"{path}: matches {len(ok)} of oneOf"]
    if "enum" in s:
        return [] if value in s["enum"] else [f"{path}: {value!r} not in {s['enum']}"]
    errors: list[str] = []
    if "type" in s:
        kinds = s["type"] if isinstance(s["type"], list) else [s["type"]]
        if not any(
            isinstance(value, TYPES[k]) and not (k == "integer" and isinstance(value, bool))
            for k in kinds
        ):
            return [f"{path}: {type(value).__name__} is not {kinds}"]
    if isinstance(value, dict):
        for key in s.get("required", ()):
            if key not in value:
                errors.append(f"{path}: missing {key}")
        props = s.get("properties", {})
        for key, item in value.items():
            if key in props:
                errors += check(item, props[key], root, f"{path}.{key}")
            elif s.get("additionalProperties") is False:
                errors.append(f"{path}: undocumented {key}")
    if isinstance(value, list) and "items" in s:
        for i, item in enumerate(value):
            errors += check(item, s["items"], root, f"{path}[{i}]")
    if isinstance(value, str) and "pattern" in s and not re.match(s["pattern"], value):
        errors.append(f"{path}: {value!r} does not match {s['pattern']}")
    return errors


def test_output_matches_the_documented_schema(engine: Engine, example: Any) -> None:
    doc = json.loads(to_json(engine.evaluate(example)))
    root = schema()
    assert check(doc, root, root, "$") == []


def test_the_validator_catches_a_drift(engine: Engine, example: Any) -> None:
    doc = json.loads(to_json(engine.evaluate(example)))
    doc["verdicts"][0]["surprise"] = 1
    doc["verdicts"][1]["outcome"] = "maybe"
    root = schema()
    errors = check(doc, root, root, "$")
    assert any("undocumented surprise" in e for e in errors)
    assert any("'maybe'" in e for e in errors)
